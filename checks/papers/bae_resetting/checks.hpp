#pragma once
// The check functions of this paper's claims (one file per statement; registered in paper.cpp).
#include "lnsgd/checks/claims.hpp"

namespace lnsgd::checks {

verdict check_bae_first_passage(profile p);  // claim_first_passage.cpp
verdict check_bae_reset_sign(profile p);     // claim_reset_sign.cpp
verdict check_bae_optimal_rate(profile p);   // claim_optimal_rate.cpp
verdict check_bae_resetting_noise(profile p);         // claim_resetting_trends.cpp
verdict check_bae_resetting_batch(profile p);         // claim_resetting_trends.cpp
verdict check_bae_resetting_rate(profile p);          // claim_resetting_rate.cpp
verdict check_bae_resetting_memorisation(profile p);  // claim_resetting_memorisation.cpp
verdict check_bae_resetting_layers(profile p);        // claim_resetting_layers.cpp
verdict check_bae_resetting_peclet(profile p);        // claim_resetting_peclet.cpp
verdict check_bae_resetting_fashion_mnist(profile p);  // claim_resetting_fashion_mnist.cpp

}  // namespace lnsgd::checks
