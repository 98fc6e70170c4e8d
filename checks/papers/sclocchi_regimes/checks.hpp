#pragma once
// The check functions of this paper's claims (one file per statement; registered in paper.cpp).
#include "lnsgd/checks/claims.hpp"

namespace lnsgd::checks {

verdict check_sclocchi_invariance(profile p);        // claim_invariance.cpp
verdict check_sclocchi_w0(profile p);                // claim_w0.cpp
verdict check_sclocchi_norm_temperature(profile p);  // claim_temperature.cpp
verdict check_sclocchi_norm_points(profile p);       // claim_points.cpp
verdict check_sclocchi_training_time(profile p);     // claim_temperature.cpp
verdict check_sclocchi_critical_batch(profile p);    // claim_critical_batch.cpp
verdict check_sclocchi_lazy_feature(profile p);      // claim_lazy_feature.cpp
verdict check_sclocchi_noise_effect(profile p);      // claim_noise_effect.cpp
verdict check_sclocchi_lazy_exponents(profile p);    // claim_lazy_exponents.cpp
verdict check_sclocchi_crossover(profile p);         // claim_crossover.cpp

}  // namespace lnsgd::checks
