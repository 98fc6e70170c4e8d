#pragma once
// The check functions of this paper's claims (one file per statement; registered in paper.cpp).
#include "lnsgd/checks/claims.hpp"

namespace lnsgd::checks {

verdict check_sharpness_endpoint(profile p);  // claim_sharpness.cpp

}  // namespace lnsgd::checks
