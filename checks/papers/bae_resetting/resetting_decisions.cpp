#include "resetting_decisions.hpp"

#include <stdexcept>

namespace lnsgd::checks::resetting {

std::vector<double> relative_gain(const std::vector<double>& with, const std::vector<double>& without) {
  if (with.size() != without.size()) throw std::logic_error("relative_gain: arms of different sizes");
  std::vector<double> g;
  for (std::size_t k = 0; k < with.size(); ++k) g.push_back((with[k] - without[k]) / without[k]);
  return g;
}

std::vector<double> paired_difference(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) throw std::logic_error("paired_difference: arms of different sizes");
  std::vector<double> d;
  for (std::size_t k = 0; k < a.size(); ++k) d.push_back(a[k] - b[k]);
  return d;
}

mean_estimate simultaneous_interval(const std::vector<double>& difference, std::size_t comparisons) {
  return mean_interval(difference, 1 - 0.05 / double(std::max<std::size_t>(1, comparisons)));
}

namespace {

// The verdict of intervals that must all lie above 0.
status all_above(const std::vector<mean_estimate>& m) {
  bool above = true;
  for (const auto& e : m) {
    if (e.ci.upper < 0) return status::violated;
    above = above && e.ci.lower > 0;
  }
  return above ? status::holds : status::inconclusive;
}

}  // namespace

status decide_growing_gain(const std::vector<std::vector<double>>& gains) {
  if (gains.empty()) throw std::logic_error("decide_growing_gain: no levels");
  const std::size_t comparisons = gains.size();
  std::vector<mean_estimate> m{simultaneous_interval(gains.back(), comparisons)};
  for (std::size_t i = 0; i + 1 < gains.size(); ++i)
    m.push_back(simultaneous_interval(paired_difference(gains[i + 1], gains[i]), comparisons));
  return all_above(m);
}

status decide_best_among(const std::vector<std::vector<double>>& candidates,
                         const std::vector<std::vector<double>>& others) {
  const std::size_t comparisons = candidates.size() * others.size();
  bool some_candidate_wins = false, some_other_wins = false;
  std::vector<bool> other_beats_all(others.size(), true);
  for (const auto& c : candidates) {
    bool wins = true;
    for (std::size_t o = 0; o < others.size(); ++o) {
      const auto m = simultaneous_interval(paired_difference(c, others[o]), comparisons);
      wins = wins && m.ci.lower > 0;
      other_beats_all[o] = other_beats_all[o] && m.ci.upper < 0;
    }
    some_candidate_wins = some_candidate_wins || wins;
  }
  for (bool b : other_beats_all) some_other_wins = some_other_wins || b;
  if (some_other_wins) return status::violated;
  return some_candidate_wins ? status::holds : status::inconclusive;
}

status decide_sign(const std::vector<double>& difference, bool predicted_positive) {
  const auto m = mean_interval(difference);
  const double lo = predicted_positive ? m.ci.lower : -m.ci.upper, hi = predicted_positive ? m.ci.upper : -m.ci.lower;
  if (lo > 0) return status::holds;
  return hi < 0 ? status::violated : status::inconclusive;
}

}  // namespace lnsgd::checks::resetting
