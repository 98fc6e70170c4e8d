#pragma once
// The check functions of this paper's claims (one file per statement; registered in paper.cpp).
#include "lnsgd/checks/claims.hpp"

namespace lnsgd::checks {

verdict check_flow_balance(profile p);  // claim_flow.cpp
verdict check_flow_order(profile p);    // claim_flow.cpp
verdict check_sde_weak(profile p);      // claim_sde.cpp

}  // namespace lnsgd::checks
