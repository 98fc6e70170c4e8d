// The checks' recorded series (checks/src/series.hpp) on a model other than the two-layer net: record_series runs
// any registered model's stepper through the engine's step loop and records its observables' rows; series read back
// from a model's trajectory table agree with them (checks/src/series_table.hpp).
#include "diagonal_linear/data.hpp"
#include "diagonal_linear/model.hpp"
#include "diagonal_linear/observables.hpp"
#include "gatmiry/fixed_output_runs.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "series.hpp"
#include "series_table.hpp"
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

TEST_CASE("series read back from a trajectory table: rows per trajectory, undefined cells, divergence marked",
          "[check][series]") {
  const std::string csv = "trajectory,step,a,b\n0,0,1.5,\n1,0,2,3\n0,10,4.9406564584124654e-324,7\n";
  const auto s = checks::series_from_table(csv, {{{"status", "completed"}}, {{"status", "diverged"}}});
  REQUIRE(s.size() == 2);
  CHECK(s[0].steps == std::vector<std::uint64_t>{0, 10});
  CHECK(std::isnan(s[0].at("b", 0)));
  CHECK(s[0].at("a", 1) > 0);  // a subnormal value is a value
  CHECK(s[1].diverged);
  CHECK(!s[0].diverged);
  CHECK_THROWS_AS(checks::series_from_table("trajectory,step,a\n0,0,x\n", {{{"status", "completed"}}}),
                  std::runtime_error);
  CHECK_THROWS_AS(checks::series_from_table("step,a\n", {}), std::runtime_error);
}

TEST_CASE("the fixed-output ensembles run as an lnsgd sweep agree with the in-memory runs to the last bit",
          "[check][series][sweep]") {
  checks::gatmiry::fixed_output_setup a, b;
  a.steps = b.steps = 3000;
  a.records = b.records = 30;
  b.eta = 0.03;
  b.sigma = 0.2;
  const auto swept = checks::gatmiry::run_fixed_output_sweep({a, b}, 3);
  REQUIRE(swept.size() == 2);
  for (std::size_t p = 0; p < 2; ++p) {
    const auto in_memory = checks::gatmiry::run_fixed_output(p == 0 ? a : b, 3);
    REQUIRE(swept[p].size() == 3);
    for (std::size_t k = 0; k < 3; ++k) {
      CHECK(swept[p][k].columns == in_memory[k].columns);
      CHECK(swept[p][k].steps == in_memory[k].steps);
      CHECK(swept[p][k].diverged == in_memory[k].diverged);
      REQUIRE(swept[p][k].rows.size() == in_memory[k].rows.size());
      for (std::size_t r = 0; r < in_memory[k].rows.size(); ++r)
        for (std::size_t c = 0; c < in_memory[k].rows[r].size(); ++c) {
          const double x = swept[p][k].rows[r][c], y = in_memory[k].rows[r][c];
          CHECK(((std::isnan(x) && std::isnan(y)) || x == y));
        }
    }
  }
  auto decayed = a;
  decayed.weight_decay = 0.1;
  CHECK_THROWS_AS(checks::gatmiry::run_fixed_output_sweep({decayed}, 1), std::logic_error);
}
