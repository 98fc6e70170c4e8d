#pragma once
// The decisions of the real-data analogs of the main paper's Figs. 1, 3 and 5 (claim_real_generalisation.cpp,
// claim_lazy_to_rich.cpp): what each reads per seed, and the rule that turns the intervals into a verdict, shared by
// each claim and its control and tested on its own (tests/checks/test_zhang2026_real_data.cpp).
#include <cmath>
#include <vector>

#include "lnsgd/checks/statistics.hpp"
#include "lnsgd/checks/verdict.hpp"

namespace lnsgd::checks {

// Fig. 3 / Fig. 5: paired readings of GD and the other arm (label-noise GD or SAM) against linearised GD.
struct lazy_rich_reading {
  std::vector<double> gd_relative, other_relative, log_ratio, gd_growth, norm_change, gd_norm_change, norm_gap;
  mean_estimate tracking, departure, growth, norm_fall, norm_below_gd;
};

// GD's relative distance counts as small below this; its distance counts as not growing if it grows by less than
// this factor over the second half of training.
inline constexpr double tracking_bound = 0.1;
inline constexpr double growth_bound = 1.5;

// The decision, shared with the control. holds: GD tracks (relative distance's interval below tracking_bound, its
// growth over the second half below growth_bound), the other arm departs (the interval of the log ratio of the
// relative distances above 0) and, if judge_norm, its ||W_1||_F falls (intervals of its relative change, and of
// that change minus GD's, below 0). violated: an interval on the wrong side of its bound; inconclusive otherwise.
inline status decide_lazy_to_rich(const lazy_rich_reading& r, bool judge_norm) {
  const bool tracks = r.tracking.ci.upper < tracking_bound && r.growth.ci.upper < std::log(growth_bound);
  const bool departs = r.departure.ci.lower > 0;
  const bool falls = !judge_norm || (r.norm_fall.ci.upper < 0 && r.norm_below_gd.ci.upper < 0);
  if (tracks && departs && falls) return status::holds;
  const bool wrong = r.tracking.ci.lower > tracking_bound || r.growth.ci.lower > std::log(growth_bound) ||
                     r.departure.ci.upper < 0 ||
                     (judge_norm && (r.norm_fall.ci.lower > 0 || r.norm_below_gd.ci.lower > 0));
  return wrong ? status::violated : status::inconclusive;
}

// Fig. 1: per tau, the paired gains of label-noise SGD over vanilla SGD.
struct tau_reading {
  double tau = 0;
  std::vector<double> accuracy_gain, pruned_gain;  // per seed: label noise minus vanilla
  mean_estimate accuracy, pruned;
};

// The decision, shared with the control: holds when for every tau both gains' intervals lie above 0; violated when
// some gain's interval lies below 0; inconclusive otherwise.
inline status decide_real_generalisation(const std::vector<tau_reading>& readings) {
  bool all_above = true, some_below = false;
  for (const auto& r : readings) {
    all_above = all_above && r.accuracy.ci.lower > 0 && r.pruned.ci.lower > 0;
    some_below = some_below || r.accuracy.ci.upper < 0 || r.pruned.ci.upper < 0;
  }
  if (some_below) return status::violated;
  return all_above ? status::holds : status::inconclusive;
}

}  // namespace lnsgd::checks
