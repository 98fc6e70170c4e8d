#pragma once
// The check functions behind the registry (one file per statement).
#include "lnsgd/checks/claims.hpp"

namespace lnsgd::checks {

verdict check_identities(profile p);         // claim_identities.cpp
verdict check_escape(profile p);             // claim_escape.cpp
verdict check_shrinkage_sign(profile p);     // claim_shrinkage.cpp
verdict check_shrinkage_magnitude(profile p);  // claim_shrinkage.cpp

}  // namespace lnsgd::checks
