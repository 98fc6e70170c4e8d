// Resetting keeps the network from memorising the corrupted labels (Bae et al., Fig. 1b): at tau = 0.4, B = 32, the
// final theta of resetting SGD (r = 0.01) predicts fewer of the corrupted training labels as given than plain SGD's
// from the same start and batches. The control is a placebo through the same decision: SGD from other starts and
// batches (seed 1000) in place of resetting SGD.
#include <sstream>

#include "checks.hpp"
#include "resetting_decisions.hpp"
#include "resetting_sgd.hpp"

namespace lnsgd::checks {

verdict check_bae_resetting_memorisation(profile p) {
  using namespace resetting;
  const auto &with = run_arm(p, {0.4, 32, default_reset_prob}), &without = run_arm(p, {0.4, 32, 0});
  const auto difference = paired_difference(with.memorised, without.memorised);
  const auto m = mean_interval(difference);
  verdict v;
  v.claim = "bae-resetting-memorisation";
  v.where = regime::empirical;
  v.inequality =
      "tau = 0.4, B = 32: the 95% t-interval over paired seeds of the final theta's memorisation (the fraction of "
      "corrupted training labels it predicts as given) with r = 0.01 minus that with r = 0 lies below 0 (holds); "
      "above 0 is violated";
  v.tested = "Fig. 1b's direction on the CPU analog, at the end of training (the curves are in the figure)";
  v.result = decide_sign(difference, false);
  const auto& placebo = placebo_arm(p, 0.4, 32);
  v.control =
      control_outcome{"placebo: SGD from other starts (seed 1000) in place of resetting SGD, same decision",
                      decide_sign(paired_difference(placebo.memorised, without.memorised), false) != status::holds,
                      {{"placebo", arm_json(placebo)}}};
  auto curves = curve_table();
  add_curves(curves, 0, without);
  add_curves(curves, default_reset_prob, with);
  v.tables.push_back(std::move(curves));
  v.evidence = {{"setup", setup_json(p)},
                {"with", arm_json(with)},
                {"without", arm_json(without)},
                {"difference_mean", m.mean},
                {"difference_ci95", {m.ci.lower, m.ci.upper}}};
  v.margin = "memorised " + format_number(mean_interval(without.memorised).mean) + " -> " +
             format_number(mean_interval(with.memorised).mean) + " with resetting";
  v.confidence = "95% t-interval over " + std::to_string(difference.size()) + " paired seeds";
  std::ostringstream log;
  log << "memorised: r = 0 " << mean_interval(without.memorised).mean << ", r = 0.01 "
      << mean_interval(with.memorised).mean << "; difference " << m.mean << " [" << m.ci.lower << ", " << m.ci.upper
      << "] -> " << to_string(v.result) << "\n";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
