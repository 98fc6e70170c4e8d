// The paper's entry in the claim registry (checks/src/registry.cpp lists every checks/papers/<folder>/paper.cpp):
// its id and citation, its place in the report, and its claims in report order.
#include "checks.hpp"

namespace lnsgd::checks::paper_entries {

paper_claims bae_resetting_paper() {
  return {
      {"bae-resetting",
       "Bae, Song, Jeong, Stochastic resetting mitigates latent gradient bias of SGD from label noise: the "
       "first-passage theory of resetting (Eq. 5), on a drift-diffusion searcher, and resetting SGD (Algorithm 1) on a "
       "memorising MLP"},
      50,
      {
          {"bae-first-passage",
           "bae-resetting",
           "Bae et al., Eq. 5",
           "the mean first-passage time with Poisson resetting is (1/gamma)[exp(L(sqrt(v^2 + 4 D gamma) - v)/(2D)) - "
           "1], L/v at gamma = 0 for v > 0, and infinite for v <= 0 without resetting",
           {},
           check_bae_first_passage},
          {"bae-reset-sign",
           "bae-resetting",
           "Bae et al., after Eq. 5 (dT/dgamma at 0 = (L D / v^3)(Pe - 1))",
           "a small resetting rate lowers the mean first-passage time iff the Peclet number Pe = L v/(2D) < 1",
           {},
           check_bae_reset_sign},
          {"bae-optimal-rate",
           "bae-resetting",
           "Bae et al., Eq. 5 (its minimum over gamma; derived, docs/derivations.md section 8)",
           "where resetting helps, <T(gamma)> has an interior minimum at the root gamma* of dT/dgamma = 0, of value "
           "T(gamma*)",
           {},
           check_bae_optimal_rate},
          {"bae-resetting-noise",
           "bae-resetting",
           "Bae et al., Sec. 5 and Fig. 5 (right)",
           "the accuracy gain of resetting SGD over SGD (both selecting the least validation loss) grows with the "
           "label-noise rate",
           {},
           check_bae_resetting_noise},
          {"bae-resetting-batch",
           "bae-resetting",
           "Bae et al., Sec. 5 and Fig. 5 (left)",
           "the accuracy gain of resetting SGD grows as the batch size decreases (more diffusion, a smaller Peclet "
           "number)",
           {},
           check_bae_resetting_batch},
          {"bae-resetting-rate",
           "bae-resetting",
           "Bae et al., Algorithm 1 and Sec. 5",
           "the gain has an interior optimum in the resetting probability r: r -> 0 and r -> 1 both reduce to early "
           "stopping",
           {},
           check_bae_resetting_rate},
          {"bae-resetting-memorisation",
           "bae-resetting",
           "Bae et al., Fig. 1b",
           "with resetting the network memorises fewer corrupted training labels",
           {},
           check_bae_resetting_memorisation},
          {"bae-resetting-layers",
           "bae-resetting",
           "Bae et al., Sec. 5 (the VCNN's layer study)",
           "resetting only the later layers gains more than resetting every layer",
           {},
           check_bae_resetting_layers},
          {"bae-resetting-fashion-mnist",
           "bae-resetting",
           "Bae et al., Sec. 5 (CIFAR-10 and ciFAIR-10 with symmetric noise)",
           "on real images with corrupted labels, resetting SGD reaches a higher test accuracy than SGD and memorises "
           "fewer corrupted labels",
           {},
           check_bae_resetting_fashion_mnist},
          {"bae-resetting-peclet",
           "bae-resetting",
           "Bae et al., Sec. 3 (Eq. 2 mapped to Eq. 5's searcher)",
           "resetting SGD gains where the Peclet number of SGD's drift and diffusion toward the optimum is below 1",
           {},
           check_bae_resetting_peclet},
      }};
}

}  // namespace lnsgd::checks::paper_entries
