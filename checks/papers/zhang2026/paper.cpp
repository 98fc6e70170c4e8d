// The paper's entry in the claim registry (checks/src/registry.cpp lists every checks/papers/<folder>/paper.cpp):
// its id and citation, its place in the report, and its claims in report order.
#include "checks.hpp"

namespace lnsgd::checks::paper_entries {

namespace {

// Theorem 4.2 and Lemmas 4.3-4.6, with the identities they rest on.
std::vector<claim> lemma_claims() {
  return {
      {"identities",
       "zhang2026",
       "Zhang et al. 2026, text after Thm 4.2; docs/derivations.md section 1",
       "(a_i(j+1) - a_i(j))^2 = eta^2 r_j^2 (x^T w_i(j))^2 and the norm decomposition of ||w_i(T)||^2 hold "
       "exactly",
       {},
       check_identities},
      {"thm4.2",
       "zhang2026",
       "Zhang et al. 2026, Theorem 4.2",
       "with probability 1 - O(1/m) every neuron leaves the lazy regime by T1 = 384 sqrt(ln m)/(sigma^2 eta^2 "
       "sqrt(m))",
       {"A1", "A2", "A4", "A5", "A6"},
       check_escape},
      {"thm4.2-scaling",
       "zhang2026",
       "Zhang et al. 2026, Theorem 4.2 (and the derived heuristic, docs/derivations.md section 3)",
       "the escape time scales as sigma^-2 eta^-2 m^-1/2 (up to sqrt(ln m))",
       {"A1", "A2", "A4", "A5", "A6"},
       check_scaling},
      {"lem4.3-sign",
       "zhang2026",
       "Zhang et al. 2026, Lemma 4.3.1",
       "while lazy, Delta W_i(j) <= 0 with probability >= 1 - rho/m^(1/8), rho = 2 sqrt(d)/sqrt(pi)",
       {"A1", "A2", "A4", "A5", "A6"},
       check_shrinkage_sign},
      {"lem4.3-magnitude",
       "zhang2026",
       "Zhang et al. 2026, Lemma 4.3.1",
       "while lazy, Delta W_i(j) <= -(sigma/4)^2 with probability >= 1/4",
       {"A1", "A2", "A4", "A5", "A6"},
       check_shrinkage_magnitude},
      {"lem4.4",
       "zhang2026",
       "Zhang et al. 2026, Lemma 4.4, Eq. 6-8",
       "GD on W with a_i on the chain {-eta^(1/4), 0, eta^(1/4)}, m = 1/sqrt(eta): some t0 <= 1/eta^2 has "
       "E[mean_i ||w_i(t0)||^2] <= sqrt(eta)",
       {"A1", "A2", "A3", "A5", "A6"},
       check_oscillation},
      {"phase-bridge",
       "zhang2026",
       "Zhang et al. 2026, text before Lemma 4.5 (the Phase II start); Lemma 4.4",
       "label-noise SGD's Phase I ends with every ||w_i||, |a_i| <= sqrt(eta), the start Lemma 4.5 assumes",
       {"A1", "A2", "A3", "A4", "A5", "A6"},
       check_bridge},
      {"lem4.5",
       "zhang2026",
       "Zhang et al. 2026, Lemma 4.5, Eq. 9",
       "GD from a Phase II start: at t1 + T2, T2 = ln(1/eta)/||theta*||, every |cos(w_i, theta*)| >= 1 - "
       "O(sqrt(eta) ln(1/eta))",
       {"A1", "A2", "A3", "A5", "A6"},
       check_alignment},
      {"lem4.6",
       "zhang2026",
       "Zhang et al. 2026, Lemma 4.6, Eq. 10",
       "GD after alignment: at t3 = t2 + ln(1/eta)/(eta ||theta*||^2), ||theta - theta*|| and the cosine deficit "
       "are O(eta ln(1/eta))",
       {"A1", "A2", "A3", "A5", "A6"},
       check_convergence},
  };
}

// The paper's figures (Figs. 2, 4, periodic noise) and what lnsgd derives on its model.
std::vector<claim> figure_and_derived_claims() {
  return {
      {"phases-sgd",
       "zhang2026",
       "Zhang et al. 2026, Fig. 2",
       "label-noise SGD first shrinks the weights with flat alignment (Phase I), then aligns them with theta* "
       "(Phase II)",
       {"A1", "A2", "A3", "A4", "A5", "A6"},
       check_phases_sgd},
      {"phases-sam",
       "zhang2026",
       "Zhang et al. 2026, Fig. 4",
       "SAM on clean labels shows the same two phases: norms fall first, then the neurons align with theta*",
       {},  // no theorem covers SAM: an experimental claim with no hypotheses of its own
       check_phases_sam},
      {"fig2a-generalisation",
       "zhang2026",
       "Zhang et al. 2026, Fig. 2a (losses) with Fig. 1's motivation (label noise generalises better)",
       "on Fig. 2's synthetic setup, label-noise SGD ends at a lower test loss than vanilla SGD from the same starts",
       {"A1", "A2", "A3", "A4", "A5", "A6"},
       check_generalisation},
      {"periodic",
       "zhang2026",
       "Zhang et al. 2026, code README (periodic label noise)",
       "with noise switched on and off every 5,000 steps, mean ||w_i||^2 falls while on and is flat while off",
       {"A1", "A2", "A4", "A5", "A6"},
       check_periodic},
      {"flow-phase-two",
       "zhang2026",
       "Zhang et al. 2026, Lemma 4.5 (T2 as flow time); docs/derivations.md section 4 (derived)",
       "from Lemma 4.5's small start the gradient flow aligns the neurons within T2 = ln(1/eta)/||theta*||, "
       "after about ln(1/eta)/(2||theta*||), and GD takes that flow time in t/eta steps",
       {"A1", "A2", "A3", "A5", "A6"},
       check_flow_phase_two},
      {"drift-mean-field",
       "zhang2026",
       "docs/derivations.md section 2 (derived for lnsgd): Phase I mean field",
       "E[Delta D_i] = eta^2 [a_i^2 (sigma^2 d + (d+2)||delta||^2) - (sigma^2 + ||delta||^2)||w_i||^2 - 2 "
       "(delta^T w_i)^2], and mean ||w_i||^2 decays at about eta^2 (sigma^2 + ||delta||^2) per step",
       {},
       check_drift},
  };
}

// The real-world figures (Figs. 1, 3, 5) on analogs: an MLP on Fashion-MNIST (docs/checks.md, "Real-data analogs").
std::vector<claim> real_data_claims() {
  return {
      {"fig1-real-generalisation",
       "zhang2026",
       "Zhang et al. 2026, Fig. 1 (ResNet-18 on CIFAR-10), on an MLP and Fashion-MNIST",
       "label-noise SGD (tau 0.05, 0.1, 0.2) ends at a higher test accuracy than vanilla SGD (lr 0.1, no momentum, "
       "no weight decay) and keeps more accuracy when magnitude-pruned",
       {},  // an experiment of the paper: no theorem, no hypotheses (regime empirical)
       check_fig1_real_generalisation},
      {"fig3-lazy-to-rich",
       "zhang2026",
       "Zhang et al. 2026, Fig. 3 (WideResNets, 64 CIFAR-10 images), on an MLP and 64 Fashion-MNIST images",
       "with NTK parameterisation, full-batch GD tracks its linearisation while label-noise GD departs from it and "
       "its first-layer ||W||_F falls",
       {},
       check_fig3_lazy_to_rich},
      {"fig5-sam-lazy-to-rich",
       "zhang2026",
       "Zhang et al. 2026, Fig. 5 (full-batch SAM, 64 CIFAR-10 images), on an MLP and 64 Fashion-MNIST images",
       "full-batch GD tracks its linearisation while full-batch SAM departs from it",
       {},
       check_fig5_sam_lazy_to_rich},
  };
}

}  // namespace

paper_claims zhang2026_paper() {
  auto claims = lemma_claims();
  for (auto& c : figure_and_derived_claims()) claims.push_back(std::move(c));
  for (auto& c : real_data_claims()) claims.push_back(std::move(c));
  return {{"zhang2026",
           "Zhang et al., On the Learning Dynamics of Two-layer Linear Networks with Label Noise SGD (AAAI 2026): the "
           "main paper"},
          0,
          std::move(claims)};
}

}  // namespace lnsgd::checks::paper_entries
