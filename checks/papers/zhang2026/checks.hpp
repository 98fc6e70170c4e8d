#pragma once
// The check functions of this paper's claims (one file per statement; registered in paper.cpp).
#include "lnsgd/checks/claims.hpp"

namespace lnsgd::checks {

verdict check_bridge(profile p);               // claim_bridge.cpp
verdict check_drift(profile p);                // claim_drift.cpp
verdict check_escape(profile p);               // claim_escape.cpp
verdict check_fig1_real_generalisation(profile p);  // claim_real_generalisation.cpp
verdict check_fig3_lazy_to_rich(profile p);         // claim_lazy_to_rich.cpp
verdict check_fig5_sam_lazy_to_rich(profile p);     // claim_lazy_to_rich.cpp
verdict check_flow_phase_two(profile p);       // claim_flow_phase_two.cpp
verdict check_generalisation(profile p);       // claim_generalisation.cpp
verdict check_identities(profile p);           // claim_identities.cpp
verdict check_oscillation(profile p);          // claim_oscillation.cpp
verdict check_periodic(profile p);             // claim_periodic.cpp
verdict check_alignment(profile p);            // claim_phase_two.cpp
verdict check_convergence(profile p);          // claim_phase_two.cpp
verdict check_phases_sgd(profile p);           // claim_phases.cpp
verdict check_phases_sam(profile p);           // claim_phases.cpp
verdict check_scaling(profile p);              // claim_scaling.cpp
verdict check_shrinkage_sign(profile p);       // claim_shrinkage.cpp
verdict check_shrinkage_magnitude(profile p);  // claim_shrinkage.cpp

}  // namespace lnsgd::checks
