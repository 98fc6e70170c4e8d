// Related-work digest E.3 (Pillaud-Vivien, Reygner, Flammarion; HaoChen et al.): label noise makes the diagonal
// network's end point sparse — its active set is beta*'s support — where vanilla SGD ends at a dense interpolator,
// also from a large initialisation u(0) = 1 (HaoChen et al.: recovery from an arbitrary initialisation).
#include <algorithm>
#include <sstream>

#include "checks.hpp"
#include "hypotheses.hpp"
#include "lasso_runs.hpp"

namespace lnsgd::checks {

namespace {

using namespace implicit_lasso;

struct start {
  const char* name;
  lasso_setup setup;
};

// The decision, shared with the control: every run's active set (beta_j > 1e-3 at the time average) is beta*'s.
bool sparse(const std::vector<lasso_run>& runs) {
  return std::all_of(runs.begin(), runs.end(), [](const lasso_run& r) { return r.support_is_true; });
}

nlohmann::json counts(const std::vector<lasso_run>& runs) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& r : runs) j.push_back(r.support);
  return j;
}

}  // namespace

verdict check_pillaud_vivien_support(profile p) {
  const std::uint64_t trajectories = p == profile::full ? 16 : 4;
  const auto data = lasso_data();
  // Digest E.3's starts: u(0) = 0.1 with eta = 0.05, and the large u(0) = 1 with eta = 0.005.
  const std::vector<start> starts = {{"small", {0.05, 1, 0.1, 400000, trajectories}},
                                     {"large", {0.005, 1, 1.0, 4000000, trajectories}}};
  verdict v;
  v.claim = "pillaud-vivien-support";
  v.inequality =
      "for every run from u(0) = 0.1 (eta = 0.05) and from u(0) = 1 (eta = 0.005), delta = 1: the active "
      "set {j : beta_j > 1e-3} of beta averaged over the last quarter equals beta*'s support";
  v.tested =
      "the support of the implicit-Lasso end point (digest E.3), at finite eta and run length, against the "
      "ground truth's support (n = 30 < d = 60, s = 3)";
  std::vector<std::vector<hypothesis>> hypotheses;
  for (const auto& s : starts) {
    const double lambda = s.setup.eta * s.setup.delta * s.setup.delta / (4 * double(s.setup.batch));
    hypotheses.push_back(support_hypotheses(data, s.setup.eta, lambda));
  }
  apply_hypotheses(v, at_every(hypotheses));
  bool all = true;
  nlohmann::json evidence = nlohmann::json::object();
  std::vector<std::vector<lasso_run>> controls;
  for (const auto& s : starts) {
    const auto runs = run_lasso_ensemble(data, s.setup, s.setup.eta / 4, 3);
    all = all && sparse(runs);
    auto vanilla = s.setup;
    vanilla.delta = 0;
    vanilla.trajectories = std::max<std::uint64_t>(2, trajectories / 2);
    controls.push_back(run_lasso_ensemble(data, vanilla, s.setup.eta / 4, 3));
    evidence[s.name] = {{"eta", s.setup.eta},
                        {"alpha", s.setup.alpha},
                        {"steps", s.setup.steps},
                        {"active_counts", counts(runs)},
                        {"vanilla_active_counts", counts(controls.back())}};
  }
  v.result = all ? status::holds : status::violated;
  v.evidence = {{"starts", evidence},
                {"true_support", sparsity},
                {"d", d},
                {"active_threshold", active},
                {"trajectories", trajectories}};
  // Control: vanilla SGD (delta = 0) from both starts: the same decision must reject its dense end point.
  const bool dense = !sparse(controls[0]) && !sparse(controls[1]);
  v.control = control_outcome{"vanilla SGD (delta = 0) from both starts",
                              dense,
                              {{"small", counts(controls[0])}, {"large", counts(controls[1])}}};
  v.margin = "active counts " + evidence["small"]["active_counts"].dump() + " (small start), " +
             evidence["large"]["active_counts"].dump() + " (large start); vanilla SGD " +
             evidence["small"]["vanilla_active_counts"].dump() + ", " +
             evidence["large"]["vanilla_active_counts"].dump();
  v.confidence = std::to_string(trajectories) + " runs per start, every run judged";
  std::ostringstream log;
  for (const auto& s : starts)
    log << s.name << " start (u(0) = " << s.setup.alpha << ", eta = " << s.setup.eta << ", " << s.setup.steps
        << " steps): active counts " << evidence[s.name]["active_counts"].dump() << "; vanilla SGD "
        << evidence[s.name]["vanilla_active_counts"].dump() << "\n";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
