// Resetting the later layers gains more than resetting every layer (Bae et al., Sec. 5, on the VCNN): at tau = 0.4,
// B = 32, r = 0.01, RDTAcc when a reset restores every layer but the first against RDTAcc when it restores all,
// paired by seed. The control is a placebo through the same decision: SGD from other starts and batches (seed 1000)
// in place of the later-layer arm, against SGD (no gain to find).
#include <sstream>

#include "checks.hpp"
#include "resetting_decisions.hpp"
#include "resetting_sgd.hpp"

namespace lnsgd::checks {

verdict check_bae_resetting_layers(profile p) {
  using namespace resetting;
  const auto& without = run_arm(p, {0.4, 32, 0});
  const auto& all = run_arm(p, {0.4, 32, default_reset_prob, "all"});
  const auto& later = run_arm(p, {0.4, 32, default_reset_prob, "later"});
  const auto gain_all = gain(all, without), gain_later = gain(later, without);
  const auto difference = paired_difference(gain_later, gain_all);
  const auto m = mean_interval(difference);
  verdict v;
  v.claim = "bae-resetting-layers";
  v.where = regime::empirical;
  v.inequality =
      "tau = 0.4, B = 32, r = 0.01: the 95% t-interval over paired seeds of RDTAcc with later-layer resets minus "
      "RDTAcc with full resets lies above 0 (holds); below 0 is violated";
  v.tested =
      "the paper's layer comparison on the CPU analog, whose MLP has one hidden layer: 'later' restores the output "
      "layer only (the VCNN's later layers are its fully connected head)";
  v.result = decide_sign(difference, true);
  const auto& placebo = placebo_arm(p, 0.4, 32);
  v.control = control_outcome{"placebo: the RDTAcc of SGD from other starts (seed 1000) against SGD, same decision",
                              decide_sign(gain(placebo, without), true) != status::holds,
                              {{"placebo", arm_json(placebo)}}};
  data_table table("layers", "RDTAcc per reset scope, mean and 95% t-interval over paired seeds",
                   {"later_only", "gain", "lower", "upper"});
  for (const auto& [later_only, g] : {std::pair{0.0, gain_all}, std::pair{1.0, gain_later}}) {
    const auto e = mean_interval(g);
    table.add({later_only, e.mean, e.ci.lower, e.ci.upper});
  }
  v.tables.push_back(std::move(table));
  v.evidence = {{"setup", setup_json(p)},    {"without", arm_json(without)},
                {"all", arm_json(all)},      {"later", arm_json(later)},
                {"difference_mean", m.mean}, {"difference_ci95", {m.ci.lower, m.ci.upper}}};
  v.margin = "RDTAcc later " + format_number(mean_interval(gain_later).mean) + ", all " +
             format_number(mean_interval(gain_all).mean);
  v.confidence = "95% t-interval over " + std::to_string(difference.size()) + " paired seeds";
  std::ostringstream log;
  log << "RDTAcc: all layers " << mean_interval(gain_all).mean << ", later layers " << mean_interval(gain_later).mean
      << "; difference " << m.mean << " [" << m.ci.lower << ", " << m.ci.upper << "] -> " << to_string(v.result)
      << "\n";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
