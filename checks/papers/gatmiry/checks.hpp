#pragma once
// The check functions of this paper's claims (one file per statement; registered in paper.cpp).
#include "lnsgd/checks/claims.hpp"

namespace lnsgd::checks {

verdict check_gatmiry_orthogonal(profile p);     // claim_orthogonal.cpp
verdict check_gatmiry_min_sharpness(profile p);  // claim_sharpness_minimum.cpp
verdict check_gatmiry_rank_one(profile p);       // claim_rank_one.cpp
verdict check_gatmiry_time_scale(profile p);     // claim_time_scale.cpp
verdict check_gatmiry_global_minimum(profile p);  // claim_global_minimum.cpp
verdict check_gatmiry_n_above_d(profile p);       // claim_n_above_d.cpp

}  // namespace lnsgd::checks
