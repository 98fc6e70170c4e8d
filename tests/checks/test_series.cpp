// The checks' recorded series (checks/src/series.hpp) on a model other than the two-layer net: record_series runs
// any registered model's stepper through the engine's step loop and records its observables' rows.
#include "diagonal_linear/data.hpp"
#include "diagonal_linear/model.hpp"
#include "diagonal_linear/observables.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "series.hpp"
#include "support/catch.hpp"

using namespace lnsgd;
using sim::models::diagonal_linear;

namespace {

struct diagonal_run {
  diagonal_linear<double> model{20, false, 0.3};
  sim::regression_data<double> data = sim::models::make_sparse_regression<double>(10, 10, 20, 2, 1);
  sim::squared_loss<double> loss{0.25};
  sim::models::diagonal_observables<double> obs{model, data, loss, 0.05};
  sim::problem<diagonal_linear<double>> sys{model, data, sim::philox_noise(1, 0)};
  sim::vector_t<double> theta;
  diagonal_run() { model.initialize(theta, sys.noise); }
};

}  // namespace

TEST_CASE("record_series records any model's observables at the chosen steps", "[check][series]") {
  diagonal_run run;
  sim::label_noise<double> noise;
  noise.sigma = 0;  // full-batch GD: the training loss must fall
  sim::label_noise_sgd<diagonal_linear<double>, sim::squared_loss<double>> gd(run.model, {1, true}, noise, run.loss);
  std::vector<std::uint64_t> seen;
  const auto s = checks::record_series(run.sys, run.theta, gd, 0.2, run.obs, {0, 50, 500},
                                       [&](const auto&, std::uint64_t t) { seen.push_back(t); });
  CHECK(!s.diverged);
  CHECK(s.columns == run.obs.columns());
  CHECK(s.steps == std::vector<std::uint64_t>{0, 50, 500});
  CHECK(seen == s.steps);
  REQUIRE(s.rows.size() == 3);
  CHECK(s.at("train_loss", 2) < s.at("train_loss", 1));
  CHECK(s.at("train_loss", 1) < s.at("train_loss", 0));
  CHECK(s.table("loss", "train loss", {"train_loss"}).rows.size() == 3);
  // Control: a step far beyond stability is reported as diverged, not recorded as a series that looks fine.
  sim::label_noise_sgd<diagonal_linear<double>, sim::squared_loss<double>> wild(run.model, {1, true}, noise, run.loss);
  const auto bad = checks::record_series(run.sys, run.theta, wild, 1e6, run.obs, {0, 50, 500});
  CHECK(bad.diverged);
  CHECK(bad.rows.size() < 3);
}
