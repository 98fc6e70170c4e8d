#include <algorithm>

#include "claims_impl.hpp"
#include "lnsgd/sim/integrate.hpp"

namespace lnsgd::checks {

namespace {

// A claim's experiment that diverges where it needed a stable run (sim::advance throws) is inconclusive, with the
// step named: never a crash, never a pass.
verdict diverged_verdict(const std::string& id, const sim::diverged_run& e) {
  verdict v;
  v.claim = id;
  v.result = status::inconclusive;
  v.where = regime::out_of_regime;
  v.inequality = "(not evaluated)";
  v.tested = "nothing: the experiment diverged before its measurement";
  v.evidence = {{"diverged_step", e.step}, {"reason", e.what()}};
  v.log = std::string(e.what()) + "; the regime was not evaluated";
  v.margin = "diverged at step " + std::to_string(e.step);
  v.confidence = "none";
  return v;
}

}  // namespace

claim guard_divergence(claim c) {
  c.run = [run = std::move(c.run), id = c.id](profile p) {
    try {
      return run(p);
    } catch (const sim::diverged_run& e) {
      return diverged_verdict(id, e);
    }
  };
  return c;
}

const std::vector<paper>& papers() {
  static const std::vector<paper> all = {
      {"zhang2026", "Zhang et al., On the Learning Dynamics of Two-layer Linear Networks with Label Noise SGD (AAAI "
                    "2026): the main paper"},
      {"flows", "Continuous-time limits of the main paper's dynamics: the gradient flow (numerical analysis) and the "
                "label-noise SDE (Li, Tai, E: stochastic modified equations)"},
      {"sharpness-flow", "The sharpness flow of label-noise SGD (Damian, Ma, Lee 2021; Li, Wang, Arora 2022; Gatmiry "
                         "et al.), on the main paper's model"},
      {"lnsgd", "lnsgd's own numerics (not a paper statement)"},
  };
  return all;
}

namespace {

std::vector<claim> grouped_by_paper(std::vector<claim> claims) {
  for (auto& c : claims) c = guard_divergence(std::move(c));
  const auto rank = [](const claim& c) {
    const auto& all = papers();
    return std::find_if(all.begin(), all.end(), [&](const paper& p) { return p.id == c.paper; }) - all.begin();
  };
  std::stable_sort(claims.begin(), claims.end(), [&](const claim& a, const claim& b) { return rank(a) < rank(b); });
  return claims;
}

}  // namespace

const std::vector<claim>& registry() {
  static const std::vector<claim> claims = grouped_by_paper({
      {"identities", "zhang2026", "Zhang et al. 2026, text after Thm 4.2; digest 5.1",
       "(a_i(j+1) - a_i(j))^2 = eta^2 r_j^2 (x^T w_i(j))^2 and the norm decomposition of ||w_i(T)||^2 hold exactly",
       {}, check_identities},
      {"thm4.2", "zhang2026", "Zhang et al. 2026, Theorem 4.2",
       "with probability 1 - O(1/m) every neuron leaves the lazy regime by T1 = 384 sqrt(ln m)/(sigma^2 eta^2 sqrt(m))",
       {"A1", "A2", "A4", "A5", "A6"}, check_escape},
      {"thm4.2-scaling", "zhang2026", "Zhang et al. 2026, Theorem 4.2 (and the derived heuristic, digest 5.2)",
       "the escape time scales as sigma^-2 eta^-2 m^-1/2 (up to sqrt(ln m))", {"A1", "A2", "A4", "A5", "A6"},
       check_scaling},
      {"lem4.3-sign", "zhang2026", "Zhang et al. 2026, Lemma 4.3.1",
       "while lazy, Delta W_i(j) <= 0 with probability >= 1 - rho/m^(1/8), rho = 2 sqrt(d)/sqrt(pi)",
       {"A1", "A2", "A4", "A5", "A6"}, check_shrinkage_sign},
      {"lem4.3-magnitude", "zhang2026", "Zhang et al. 2026, Lemma 4.3.1",
       "while lazy, Delta W_i(j) <= -(sigma/4)^2 with probability >= 1/4", {"A1", "A2", "A4", "A5", "A6"},
       check_shrinkage_magnitude},
      {"lem4.4", "zhang2026", "Zhang et al. 2026, Lemma 4.4, Eq. 6-8",
       "GD on W with a_i on the chain {-eta^(1/4), 0, eta^(1/4)}, m = 1/sqrt(eta): some t0 <= 1/eta^2 has "
       "E[mean_i ||w_i(t0)||^2] <= sqrt(eta)",
       {"A1", "A2", "A3", "A5", "A6"}, check_oscillation},
      {"lem4.5", "zhang2026", "Zhang et al. 2026, Lemma 4.5, Eq. 9",
       "GD from a Phase II start: at t1 + T2, T2 = ln(1/eta)/||theta*||, every |cos(w_i, theta*)| >= 1 - "
       "O(sqrt(eta) ln(1/eta))",
       {"A1", "A2", "A3", "A5", "A6"}, check_alignment},
      {"lem4.6", "zhang2026", "Zhang et al. 2026, Lemma 4.6, Eq. 10",
       "GD after alignment: at t3 = t2 + ln(1/eta)/(eta ||theta*||^2), ||theta - theta*|| and the cosine deficit are "
       "O(eta ln(1/eta))",
       {"A1", "A2", "A3", "A5", "A6"}, check_convergence},
      {"phases-sgd", "zhang2026", "Zhang et al. 2026, Fig. 2",
       "label-noise SGD first shrinks the weights with flat alignment (Phase I), then aligns them with theta* (Phase II)",
       {}, check_phases_sgd},
      {"phases-sam", "zhang2026", "Zhang et al. 2026, Fig. 4",
       "SAM shows the same two phases: norms fall first, then the neurons align with theta*", {}, check_phases_sam},
      {"periodic", "zhang2026", "Zhang et al. 2026, code README (periodic label noise)",
       "with noise switched on and off every 5,000 steps, mean ||w_i||^2 falls while on and is flat while off", {},
       check_periodic},
      {"flow-gd-order", "flows", "digest 5.1: GD is the Euler scheme of the gradient flow (numerical analysis, derived)",
       "full-batch GD with step eta is within O(eta) of the gradient flow at a fixed flow time", {}, check_flow_order},
      {"flow-phase-two", "zhang2026", "Zhang et al. 2026, Lemma 4.5 (T2 as flow time); digest 5.4 (derived)",
       "from Lemma 4.5's small start the gradient flow aligns the neurons within T2 = ln(1/eta)/||theta*||, after "
       "about ln(1/eta)/(2||theta*||), and GD takes that flow time in t/eta steps",
       {"A1", "A2", "A3", "A5", "A6"}, check_flow_phase_two},
      {"flow-balance", "flows", "digest 5.1 (derived): the balance D_i = ||w_i||^2 - a_i^2 of two-layer linear nets",
       "the gradient flow conserves every D_i; GD changes it by exactly eta^2 Delta W_i(j) per step", {},
       check_flow_balance},
      {"drift-mean-field", "zhang2026", "digest 5.2 (derived for lnsgd): Phase I mean field",
       "E[Delta D_i] = eta^2 [a_i^2 (sigma^2 d + (d+2)||delta||^2) - (sigma^2 + ||delta||^2)||w_i||^2 - 2 (delta^T w_i)^2], "
       "and mean ||w_i||^2 decays at about eta^2 (sigma^2 + ||delta||^2) per step", {}, check_drift},
      {"sde-weak", "flows", "issue #4's label-noise SDE (Li, Tai, E: stochastic modified equations); digest 5.2",
       "the label-noise SDE tracks the ensemble means of label-noise SGD at weak order >= 1 in eta, closer than the "
       "noiseless gradient flow", {}, check_sde_weak},
      {"sharpness-endpoint", "sharpness-flow", "Li-Wang-Arora 2022, Damian et al. 2021, Gatmiry et al.: the small-eta sharpness flow "
       "(related-work digest, B.2 and section 6), on the main paper's model",
       "label-noise SGD ends at the least-sharpness interpolator: W = a theta*^T/||a||^2, ||a||^2 = sqrt(theta*^T S "
       "theta*/tr S), tr Hessian = 2 sqrt(theta*^T S theta* tr S), on the time scale eta^2 sigma^2 k",
       {}, check_sharpness_endpoint},
      {"precision-twin", "lnsgd", "lnsgd numerics (noise as a function of seed, trajectory, step, slot)",
       "a double run and its 50-digit twin of the same seed stay within 1e-9 relative over 10^4 steps", {},
       check_precision},
  });
  return claims;
}

const claim* find_claim(std::string_view id) {
  for (const auto& c : registry())
    if (c.id == id) return &c;
  return nullptr;
}

const paper* find_paper(std::string_view id) {
  for (const auto& p : papers())
    if (p.id == id) return &p;
  return nullptr;
}

std::optional<std::string> select_claims(const std::vector<std::string>& ids, const std::string& paper_id,
                                         std::vector<const claim*>& selected) {
  selected.clear();
  if (!ids.empty() && !paper_id.empty())
    return "claim ids and paper = " + paper_id + " cannot be used together (accepted: one of them)";
  if (!paper_id.empty() && !find_paper(paper_id)) {
    std::string known;
    for (const auto& p : papers()) known.append(known.empty() ? "" : ", ").append(p.id);
    return "unknown paper " + paper_id + " (accepted: " + known + ")";
  }
  for (const auto& id : ids) {
    const auto* c = find_claim(id);
    if (!c) {
      std::string known;
      for (const auto& k : registry()) known.append(known.empty() ? "" : ", ").append(k.id);
      return "unknown claim " + id + " (accepted: " + known + ")";
    }
    selected.push_back(c);
  }
  if (selected.empty())
    for (const auto& c : registry())
      if (paper_id.empty() || c.paper == paper_id) selected.push_back(&c);
  return std::nullopt;
}

nlohmann::json to_json(const claim& c, const verdict& v) {
  auto j = to_json(v);
  j["paper"] = c.paper;
  j["reference"] = c.reference;
  j["statement"] = c.statement;
  j["assumptions"] = c.assumptions;
  return j;
}

}  // namespace lnsgd::checks
