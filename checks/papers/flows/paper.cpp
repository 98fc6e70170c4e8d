// The paper's entry in the claim registry (checks/src/registry.cpp lists every checks/papers/<folder>/paper.cpp):
// its id and citation, its place in the report, and its claims in report order.
#include "checks.hpp"

namespace lnsgd::checks::paper_entries {

paper_claims flows_paper() {
  return {{"flows",
           "Continuous-time limits of the main paper's dynamics: the gradient flow (numerical analysis) and the "
           "label-noise SDE (Li, Tai, E: stochastic modified equations)"},
          10,
          {
              {"flow-gd-order",
               "flows",
               "docs/derivations.md section 1: GD is the Euler scheme of the gradient flow (numerical analysis, derived)",
               "full-batch GD with step eta is within O(eta) of the gradient flow at a fixed flow time",
               {},
               check_flow_order},
              {"flow-balance",
               "flows",
               "docs/derivations.md section 1 (derived): the balance D_i = ||w_i||^2 - a_i^2 of two-layer linear nets",
               "the gradient flow conserves every D_i; GD changes it by exactly eta^2 Delta W_i(j) per step",
               {},
               check_flow_balance},
              {"sde-weak",
               "flows",
               "Li, Tai, E, stochastic modified equations, for label noise: docs/derivations.md section 5 (derived)",
               "the label-noise SDE tracks the ensemble means of label-noise SGD at weak order >= 1 in eta, closer "
               "than the noiseless gradient flow",
               {},
               check_sde_weak},
          }};
}

}  // namespace lnsgd::checks::paper_entries
