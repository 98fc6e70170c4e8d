// The paper's entry in the claim registry (checks/src/registry.cpp lists every checks/papers/<folder>/paper.cpp):
// its id and citation, its place in the report, and its claims in report order.
#include "checks.hpp"

namespace lnsgd::checks::paper_entries {

paper_claims sclocchi_regimes_paper() {
  return {
      {"sclocchi-regimes",
       "Sclocchi, Geiger, Wyart, Dissecting the effects of SGD noise in distinct regimes of deep learning (ICML 2023) "
       "and its PNAS companion: the perceptron's temperature laws, on the authors' depleted-sign task, and the "
       "alpha-trick network's (alpha, T) phase diagram on Fashion-MNIST even vs odd and its lazy-regime scaling on a "
       "teacher task"},
      60,
      {
          {"sclocchi-invariance",
           "sclocchi-regimes",
           "the authors' update rule (derived: docs/derivations.md section 9)",
           "(dt, alpha) -> (c dt, alpha/c) multiplies Delta w and the training time by exactly c on the same batches",
           {},
           check_sclocchi_invariance},
          {"sclocchi-w0",
           "sclocchi-regimes",
           "the authors' code (the alpha-trick's centred output)",
           "Delta w does not depend on w0: the trained output o = (w - w0).x/sqrt(d) never reads it",
           {},
           check_sclocchi_w0},
          {"sclocchi-norm-temperature",
           "sclocchi-regimes",
           "PNAS companion (noise-dominated SGD)",
           "||Delta w|| grows linearly with the temperature T = dt/B in the noise-dominated regime",
           {},
           check_sclocchi_norm_temperature},
          {"sclocchi-norm-p",
           "sclocchi-regimes",
           "PNAS companion (||w|| ~ T P^gamma, gamma = 1/(1+chi))",
           "||Delta w|| grows as P^{1/(1+chi)} with the training-set size, chi the data's depletion at the boundary",
           {},
           check_sclocchi_norm_points},
          {"sclocchi-training-time",
           "sclocchi-regimes",
           "ICML abstract (t* ~ T P^b, b depending on chi)",
           "the training time t* grows as T P^b: linearly in T, with an exponent b of P that depends on chi",
           {},
           check_sclocchi_training_time},
          {"sclocchi-critical-batch",
           "sclocchi-regimes",
           "PNAS companion (B* ~ P^{1/(1+chi)})",
           "the critical batch B*, beyond which ||Delta w|| stops depending on T alone, grows as P^{1/(1+chi)}",
           {},
           check_sclocchi_critical_batch},
          {"sclocchi-lazy-feature",
           "sclocchi-regimes",
           "ICML 2023, the (alpha, T) phase diagram of the alpha-trick network",
           "raising the temperature or lowering alpha both push the network out of the lazy regime: "
           "||w - w0||/||w0|| grows with T and falls with alpha",
           {},
           check_sclocchi_lazy_feature},
          {"sclocchi-noise-effect",
           "sclocchi-regimes",
           "ICML 2023, the (alpha, T) phase diagram of the alpha-trick network",
           "SGD noise hurts the test error in some regimes and helps in others",
           {},
           check_sclocchi_noise_effect},
          {"sclocchi-lazy-exponents",
           "sclocchi-regimes",
           "ICML 2023 abstract (the lazy regime: ||w* - w0||/||w0|| ~ T^delta P^gamma)",
           "in the lazy regime the relative weight change is a power law T^delta P^gamma in the temperature and the "
           "training-set size",
           {},
           check_sclocchi_lazy_exponents},
          {"sclocchi-crossover",
           "sclocchi-regimes",
           "ICML 2023 abstract (the lazy regime: T_c ~ P^-a with a = gamma/delta)",
           "the temperature where the test error departs from its T -> 0 value falls as P^-a, a = gamma/delta",
           {},
           check_sclocchi_crossover},
      }};
}

}  // namespace lnsgd::checks::paper_entries
