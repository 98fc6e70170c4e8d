// The paper's entry in the claim registry (checks/src/registry.cpp lists every checks/papers/<folder>/paper.cpp):
// its id and citation, its place in the report, and its claims in report order.
#include "checks.hpp"

namespace lnsgd::checks::paper_entries {

paper_claims sharpness_flow_paper() {
  return {{"sharpness-flow",
           "The sharpness flow of label-noise SGD (Damian, Ma, Lee 2021; Li, Wang, Arora 2022; Gatmiry "
           "et al.), on the main paper's model"},
          20,
          {
              {"sharpness-endpoint",
               "sharpness-flow",
               "Li-Wang-Arora 2022, Damian et al. 2021, Gatmiry et al.: the small-eta sharpness flow, on the main "
               "paper's model; the end point derived in docs/derivations.md section 6",
               "label-noise SGD ends at the least-sharpness interpolator: W = a theta*^T/||a||^2, ||a||^2 = "
               "sqrt(theta*^T S theta*/tr S), tr Hessian = 2 sqrt(theta*^T S theta* tr S), on the time scale eta^2 "
               "sigma^2 k",
               {},
               check_sharpness_endpoint},
          }};
}

}  // namespace lnsgd::checks::paper_entries
