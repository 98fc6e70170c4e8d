// The paper's entry in the claim registry (checks/src/registry.cpp lists every checks/papers/<folder>/paper.cpp):
// its id and citation, its place in the report, and its claims in report order.
#include "checks.hpp"

namespace lnsgd::checks::paper_entries {

paper_claims gatmiry_paper() {
  return {{"gatmiry",
           "Gatmiry, Li, Reddi, Jegelka, Simplicity Bias via Global Convergence of Sharpness Minimization: label-noise "
           "SGD on a two-layer network with fixed output weights (related-work digest B)"},
          30,
          {
              {"gatmiry-orthogonal-frozen",
               "gatmiry",
               "related-work digest B.3, B.7 (B5), derived",
               "the part of every theta_j orthogonal to span{x_i} never moves (exactly: every gradient lies in the span)",
               {},
               check_gatmiry_orthogonal},
              {"gatmiry-min-sharpness",
               "gatmiry",
               "related-work digest B.3, B.7 (B3); Theorems 2-3 with the derived minimum",
               "label-noise SGD reaches the least sharpness on the zero-loss set, tr Hessian L -> (m/n) sum_i ||x_i||^2 "
               "phi'(phi^{-1}(y_i/m))^2, up to a fluctuation floor that shrinks with eta",
               {},
               check_gatmiry_min_sharpness},
          }};
}

}  // namespace lnsgd::checks::paper_entries
