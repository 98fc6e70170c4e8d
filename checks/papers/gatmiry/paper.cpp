// The paper's entry in the claim registry (checks/src/registry.cpp lists every checks/papers/<folder>/paper.cpp):
// its id and citation, its place in the report, and its claims in report order.
#include "checks.hpp"

namespace lnsgd::checks::paper_entries {

paper_claims gatmiry_paper() {
  return {
      {"gatmiry",
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
          {"gatmiry-rank-one",
           "gatmiry",
           "related-work digest B.3, B.7 (B1, B2); Theorem 2",
           "at the end point every neuron agrees on the data, theta_j . x_i = phi^{-1}(y_i/m), and the features have "
           "rank one; label-noise SGD gets there up to an O(sigma sqrt(eta)) floor",
           {},
           check_gatmiry_rank_one},
          {"gatmiry-time-scale",
           "gatmiry",
           "related-work digest B.2, B.7 (B4), derived",
           "the steps to halve tr Hessian L - tr_min scale as eta^-2 sigma^-2 (the flow runs in eta^2 sigma^2 k)",
           {},
           check_gatmiry_time_scale},
          {"gatmiry-global-minimum",
           "gatmiry",
           "related-work digest B.3, B.7 (B6); Theorems 2-3",
           "no spurious stationary points: from every random initialisation label-noise SGD ends at tr_min",
           {},
           check_gatmiry_global_minimum},
          {"gatmiry-n-above-d",
           "gatmiry",
           "related-work digest B.4, B.7 (B7); the paper's figures beyond n <= d, qualitative",
           "exploratory, no theorem: with more samples than dimensions (n > d) label-noise SGD still leaves the "
           "features approximately low rank, lower than vanilla SGD's",
           {},
           check_gatmiry_n_above_d},
      }};
}

}  // namespace lnsgd::checks::paper_entries
