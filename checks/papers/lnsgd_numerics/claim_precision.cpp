// lnsgd's own numerics (not a statement of the paper): noise is a function of (seed, trajectory, step, slot), so a
// double trajectory and its 50-digit twin see the same noise and stay close; their distance over time is the
// rounding error a double run carries.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "lnsgd/sim/integrate.hpp"
#include "checks.hpp"
#include "lnsgd/sim/record_schedule.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "lnsgd/sim/synthetic_problem.hpp"

namespace lnsgd::checks {
namespace {

// Relative tolerance after 10^4 steps: the agreement lnsgd promises between precisions and backends.
constexpr double tolerance = 1e-9;

struct twin_distance {
  std::vector<std::uint64_t> steps;
  std::vector<double> distance;  // ||theta_double - theta_50|| / ||theta_50|| at each record step
};

// Label-noise SGD in double (noise of trajectory `double_trajectory`) against float50 (trajectory 0), both from
// trajectory 0's initialisation.
twin_distance run_twins(std::int64_t m, std::int64_t d, std::uint64_t steps, std::uint64_t double_trajectory) {
  using namespace sim;
  constexpr std::int64_t n = 100;
  constexpr std::uint64_t seed = 1;
  const synthetic_problem<double> lo(m, d, n, 10, seed);
  const synthetic_problem<float50> hi(m, d, n, 10, seed);
  const auto sys_lo = lo.system(double_trajectory);
  const auto sys_hi = hi.system(0);
  auto theta_lo = lo.initial_state(0);
  auto theta_hi = hi.initial_state(0);
  label_noise<double> noise_lo;
  label_noise<float50> noise_hi;
  noise_lo.sigma = 4;
  noise_hi.sigma = 4;
  label_noise_sgd<two_layer_linear<double>> step_lo(lo.model, {1, false}, noise_lo);
  label_noise_sgd<two_layer_linear<float50>> step_hi(hi.model, {1, false}, noise_hi);
  const double eta = 1e-3;
  const float50 eta_hi = float50(1) / 1000;
  const auto record = record_steps(spacing::log, 40, steps);
  twin_distance out;
  std::size_t next = 0;
  for (std::uint64_t t = 0;; ++t) {
    if (next < record.size() && record[next] == t) {
      ++next;
      double diff2 = 0, norm2 = 0;
      for (Eigen::Index k = 0; k < theta_hi.size(); ++k) {
        const double h = to_double(theta_hi[k]);
        diff2 += std::pow(to_double(float50(theta_lo[k]) - theta_hi[k]), 2);
        norm2 += h * h;
      }
      out.steps.push_back(t);
      out.distance.push_back(std::sqrt(diff2 / norm2));
    }
    if (t == steps) break;
    sim::advance(step_lo, sys_lo, theta_lo, t, 1, eta);
    sim::advance(step_hi, sys_hi, theta_hi, t, 1, eta_hi);
  }
  return out;
}

}  // namespace

verdict check_precision(profile p) {
  const std::int64_t m = p == profile::full ? 100 : 40, d = p == profile::full ? 20 : 10;
  const std::uint64_t steps = 10000;
  const auto r = run_twins(m, d, steps, 0);
  const double worst = *std::max_element(r.distance.begin(), r.distance.end());

  verdict v;
  v.claim = "precision-twin";
  v.inequality = "max over t <= 10^4 of ||theta_double(t) - theta_50(t)|| / ||theta_50(t)|| <= 1e-9, same seed";
  v.tested = "lnsgd's numerics: a double run against its 50-digit twin under identical noise (no paper hypothesis)";
  v.where = regime::in_regime;
  v.result = worst <= tolerance ? status::holds : status::violated;
  v.evidence = {{"max_relative_distance", worst},
                {"final_relative_distance", r.distance.back()},
                {"tolerance", tolerance},
                {"steps", steps},
                {"config", {{"m", m}, {"d", d}, {"n", 100}, {"eta", 1e-3}, {"sigma", 4}, {"B", 1}, {"seed", 1},
                            {"precisions", {"double", "float50"}}}}};
  v.margin = "max distance / tolerance = " + format_number(worst / tolerance);
  v.confidence = "deterministic: one seed, same noise in both precisions";
  // Control: the double run draws trajectory 1's noise; the criterion must see the two runs part.
  const auto c = run_twins(m, d, steps, 1);
  const double control_worst = *std::max_element(c.distance.begin(), c.distance.end());
  v.control = control_outcome{"the double twin draws another trajectory's noise", control_worst > tolerance,
                              {{"max_relative_distance", control_worst}}};
  data_table t("distance", "relative distance between the double and the 50-digit trajectory of one seed",
               {"step", "relative_distance", "control_relative_distance"});
  for (std::size_t k = 0; k < r.steps.size(); ++k) t.add({double(r.steps[k]), r.distance[k], c.distance[k]});
  v.tables.push_back(std::move(t));
  std::ostringstream log;
  log << "double vs 50 digits, one seed, " << steps << " steps: max relative distance " << worst << ", final "
      << r.distance.back() << " (tolerance " << tolerance << ")\ncontrol (other noise): max " << control_worst << "\n";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
