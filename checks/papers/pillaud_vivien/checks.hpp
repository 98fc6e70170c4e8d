#pragma once
// The check functions of this paper's claims (one file per statement; registered in paper.cpp).
#include "lnsgd/checks/claims.hpp"

namespace lnsgd::checks {

verdict check_pillaud_vivien_lasso(profile p);           // claim_lasso.cpp
verdict check_pillaud_vivien_support(profile p);         // claim_support.cpp
verdict check_pillaud_vivien_lambda_scaling(profile p);  // claim_lambda_scaling.cpp

}  // namespace lnsgd::checks
