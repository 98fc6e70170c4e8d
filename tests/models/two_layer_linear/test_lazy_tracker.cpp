// The observers' fast paths give what their direct versions give: the lazy regime tracked in O(m) per step
// (lazy_tracker) has the escape steps of the tracking from W, bit for bit, and a wrong step size is caught; the
// block steps' panel tally has the per-step tallies of the step views.
#include <algorithm>
#include <stdexcept>

#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/observers/two_layer_observables.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "support/catch.hpp"
#include "support/fixtures.hpp"

using namespace lnsgd;

namespace {

struct tracked_run {
  std::vector<std::int64_t> escape;
  std::int64_t all_escaped = -1;
  sim::two_layer_observables<double>::row_type row;
  bool incremental = false;
};

// `steps` batch-1 label-noise SGD steps of one trajectory, observed with the lazy distances updated (incremental)
// or formed from W at every step; observer_eta: the step size the observer is told (the stepper uses eta);
// nudge_w: added to w_00 by hand after step 100 (0: none).
tracked_run run(std::int64_t m, std::int64_t d, double eta, double sigma, std::uint64_t steps, bool incremental,
                double observer_eta = 0, double nudge_w = 0) {
  test::two_layer_problem<double> p(m, d, 60, 11);
  sim::label_noise<double> noise;
  noise.sigma = sigma;
  sim::label_noise_sgd<sim::two_layer_linear<double>> stepper(p.model, {1, false}, noise);
  sim::two_layer_observables<double>::options opt;
  opt.eta = observer_eta > 0 ? observer_eta : eta;
  opt.sigma = sigma;
  opt.incremental_lazy_tracking = incremental;
  sim::two_layer_observables<double> obs(p.model, p.data, p.theta, opt);
  const auto res = sim::integrate_steps(stepper, p.system(), p.theta, 0, steps, eta, [&](auto& th, std::uint64_t t) {
    if (t == 0) return;
    if (nudge_w != 0 && t == 100) {
      const_cast<sim::vector_t<double>&>(th)[0] += nudge_w;
      stepper.reset();
    }
    obs.on_step(th, t, stepper.last_step());
  });
  REQUIRE_FALSE(res.diverged);
  tracked_run out{obs.escape_steps(), obs.all_escaped_step(), {}, false};
  obs.record(p.theta, out.row);
  return out;
}

}  // namespace

TEST_CASE("the lazy regime tracked in O(m) per step has the escape steps of the tracking from W, bit for bit",
          "[observers][lazy]") {
  // Sizes, step sizes and noise levels where every neuron escapes within the run and where some do not; the
  // incremental distances cross 1/m many times between their resynchronisations (every 64 steps).
  struct setup {
    std::int64_t m, d;
    double eta, sigma;
    std::uint64_t steps;
  };
  for (const auto& s : {setup{64, 8, 4e-3, 4, 3000}, setup{200, 10, 1e-3, 8, 4000}, setup{37, 30, 1e-2, 1, 2000},
                        setup{128, 5, 2e-3, 0, 1500}}) {
    INFO("m = " << s.m << ", d = " << s.d << ", eta = " << s.eta << ", sigma = " << s.sigma);
    const auto direct = run(s.m, s.d, s.eta, s.sigma, s.steps, false);
    const auto fast = run(s.m, s.d, s.eta, s.sigma, s.steps, true);
    CHECK(fast.escape == direct.escape);
    CHECK(fast.all_escaped == direct.all_escaped);
    CHECK(fast.row == direct.row);  // the record row (distances from W, escaped fraction) is the same too
    if (s.sigma >= 4) {             // the runs exercise escapes, most of them past the first resynchronisation
      const auto escaped = std::count_if(direct.escape.begin(), direct.escape.end(), [](auto e) { return e > 64; });
      CHECK(2 * escaped > s.m);
    }
  }
}

TEST_CASE("a wrong step size or a W moved by hand stops the O(m) lazy tracking at its bound check",
          "[observers][lazy]") {
  // The control of the incremental update: its assumptions are checked against W at every resynchronisation.
  CHECK_THROWS_AS(run(64, 8, 4e-3, 4, 3000, true, 4.4e-3), std::logic_error);
  CHECK_NOTHROW(run(64, 8, 4e-3, 4, 3000, false, 4.4e-3));  // from W at every step, no assumption to break
  // So is a caller that moves W between steps, by 10^-7 on one weight.
  CHECK_THROWS_AS(run(64, 8, 4e-3, 4, 3000, true, 0, 1e-7), std::logic_error);
  CHECK_NOTHROW(run(64, 8, 4e-3, 4, 3000, false, 0, 1e-7));
}

TEST_CASE("block steps tallied a panel at a time give the per-step views' tallies", "[observers][kernel]") {
  // Same block steps observed two ways: the observer's panel tally (on_block_step) and an observer fed the step
  // views' vectors one step at a time through on_step's path (tally from w_g, a_old, a_new). Panels of 8 and a
  // last one of 3 (a block of 19 steps), and a block stopped mid-panel.
  const double eta = 0.01, sigma = 2;
  test::two_layer_problem<double> p(70, 9, 40), q(70, 9, 40);
  sim::label_noise<double> noise;
  noise.sigma = sigma;
  sim::label_noise_sgd<sim::two_layer_linear<double>> a(p.model, {1, false}, noise), b(q.model, {1, false}, noise);
  sim::two_layer_observables<double>::options opt;
  opt.eta = eta;
  opt.sigma = sigma;
  sim::two_layer_observables<double> panels(p.model, p.data, p.theta, opt), steps(q.model, q.data, q.theta, opt);
  std::uint64_t t = 0;
  for (std::uint64_t count : {19, 8, 5}) {
    // The last block stops at its fourth step (k = 3), as integrate_blocks stops one whose step diverged: the
    // block has done 4 steps, of which the 3 before the stop are observed.
    const std::uint64_t stop = count == 5 ? 4 : 0, t0 = t;
    t += a.do_steps(p.system(), p.theta, t0, count, eta, [&](std::uint64_t after, const auto& view) {
      if (after - t0 == stop) {
        panels.on_block_stop(view);
        return false;
      }
      panels.on_block_step(view);
      return true;
    });
    b.do_steps(q.system(), q.theta, t0, t - t0, eta, [&](std::uint64_t after, const auto& view) {
      if (after - t0 != stop) steps.on_block_step_reference(view);
      return true;
    });
  }
  REQUIRE(t == 19 + 8 + 4);
  sim::two_layer_observables<double>::row_type row_panels, row_steps;
  panels.record(p.theta, row_panels);
  steps.record(q.theta, row_steps);
  REQUIRE(row_panels.size() == row_steps.size());
  const auto columns = panels.columns();
  for (std::size_t c = 0; c < columns.size(); ++c) {
    INFO(columns[c]);
    REQUIRE(row_panels[c].has_value() == row_steps[c].has_value());
    if (row_panels[c]) CHECK(*row_panels[c] == Approx(*row_steps[c]).epsilon(1e-12).margin(1e-15));
  }
}
