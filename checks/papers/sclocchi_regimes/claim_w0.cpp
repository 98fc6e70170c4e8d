// w0 plays no role (Sclocchi, Geiger, Wyart, the authors' code; the related-work digest's C.0): with the centred
// output o = (w - w0).x/sqrt(d) the update never reads w0, so two initialisations give the same Delta w bit for bit
// on the same data and batches. True by construction of the alpha-trick; the check runs the model as users do (the
// sweep engine, --init-seed) and its control is the uncentred output o = w.x/sqrt(d), where w0 does enter, through
// the same decision.
#include <sstream>

#include "checks.hpp"
#include "perceptron_sweeps.hpp"
#include "regime_decisions.hpp"

namespace lnsgd::checks {
namespace {

using namespace regimes;
using json = nlohmann::json;

// The largest relative difference of Delta w between init seeds 1 and 2 over the batch seeds (1 if the step counts
// differ), for one output.
double w0_deviation(profile p, const std::string& output, json& evidence) {
  auto base = perceptron_base(p, 1.0);
  base["n"] = setup(p).t_points;
  base["eta"] = 0.5;
  base["output"] = output;
  base["record_delta_w"] = true;
  const auto& r = run_sweep(
      {{"base", base}, {"list", json::array({{{"init_seed", 1}}, {{"init_seed", 2}}})}, {"seeds", setup(p).seeds}});
  const std::size_t seeds = r.spec.seeds.size();
  const bool failed = !r.failures().empty();
  double worst = failed ? 1.0 : 0.0;
  for (std::size_t k = 0; k < seeds && !failed; ++k) {
    const auto& a = r.cells[k].trajectories[0];
    const auto& b = r.cells[seeds + k].trajectories[0];
    const auto x = a["delta_w"].get<std::vector<double>>(), y = b["delta_w"].get<std::vector<double>>();
    double largest = 0, diff = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      largest = std::max(largest, std::abs(x[i]));
      diff = std::max(diff, std::abs(x[i] - y[i]));
    }
    const double d = a["steps"] != b["steps"] ? 1.0 : diff / largest;
    worst = std::max(worst, d);
    evidence.push_back({{"output", output},
                        {"seed", r.spec.seeds[k]},
                        {"deviation", d},
                        {"steps", {a["steps"], b["steps"]}},
                        {"delta_w_norm", {a["delta_w_norm"], b["delta_w_norm"]}},
                        {"amplification", {a["amplification"], b["amplification"]}}});
  }
  return worst;
}

}  // namespace

verdict check_sclocchi_w0(profile p) {
  verdict v;
  v.claim = "sclocchi-w0";
  apply_hypotheses(v, {{"the centred output o = (w - w0).x/sqrt(d) (the alpha-trick)", true, "centred"}});
  v.inequality =
      "for two draws of w0 (init seeds 1 and 2) on the same data and batches: max_i |Delta w_i - Delta w'_i| = 0 and "
      "the same step count, for every batch seed";
  v.tested =
      "an identity of the centred model, true by construction; the amplification factor, which reads w0, "
      "differs (reported)";
  json evidence = json::array(), control = json::array();
  const double deviation = w0_deviation(p, "centred", evidence);
  v.result = decide_identity(deviation, 0.0);
  const double uncentred = w0_deviation(p, "uncentred", control);
  v.control = control_outcome{"the uncentred output o = w.x/sqrt(d), where w0 enters the update, same decision",
                              decide_identity(uncentred, 0.0) != status::holds, control};
  v.evidence = {{"setup", setup_json(p)}, {"runs", evidence}};
  v.margin = "largest deviation " + format_number(deviation) + " (uncentred: " + format_number(uncentred) + ")";
  v.confidence = "deterministic";
  std::ostringstream log;
  log << "centred: largest relative deviation of Delta w between two w0 " << deviation
      << "\nuncentred (control): " << uncentred << "\n-> " << to_string(v.result) << "\n";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
