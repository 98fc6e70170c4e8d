// The paper's entry in the claim registry (checks/src/registry.cpp lists every checks/papers/<folder>/paper.cpp):
// its id and citation, its place in the report, and its claims in report order.
#include "checks.hpp"

namespace lnsgd::checks::paper_entries {

paper_claims pillaud_vivien_paper() {
  return {
      {"pillaud-vivien",
       "Pillaud-Vivien, Reygner, Flammarion, Label noise (stochastic) gradient descent implicitly solves the Lasso "
       "for quadratic parametrisation; with HaoChen et al. (related-work digest E): the diagonal linear network"},
      40,
      {
          {"pillaud-vivien-lasso",
           "pillaud-vivien",
           "related-work digest E.2 (constant derived), E.3",
           "label-noise SGD on beta = u.u converges to the weighted non-negative Lasso with lambda = eta delta^2/(4B)",
           {},
           check_pillaud_vivien_lasso},
          {"pillaud-vivien-support",
           "pillaud-vivien",
           "related-work digest E.3; HaoChen et al. (recovery from an arbitrary initialisation)",
           "label noise makes the end point sparse (the active set is beta*'s support) where vanilla SGD ends dense, "
           "also from a large initialisation",
           {},
           check_pillaud_vivien_support},
          {"pillaud-vivien-lambda-scaling",
           "pillaud-vivien",
           "related-work digest E.2 (constant derived)",
           "the implicit Lasso's lambda = eta delta^2/(4B) scales as eta, as delta^2 and as 1/B",
           {},
           check_pillaud_vivien_lambda_scaling},
      }};
}

}  // namespace lnsgd::checks::paper_entries
