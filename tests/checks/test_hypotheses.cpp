// The regimes of the papers without a Condition 1 report are derived from hypotheses evaluated on the checks' own
// configurations (checks/hypotheses.hpp): each hypothesis has a path to failing, and the derived Lasso-support
// conditions (theory/pillaud_vivien/lasso_support.hpp) agree with the Lasso's KKT conditions.
#include <stdexcept>

#include "gatmiry/hypotheses.hpp"
#include "lnsgd/theory/gatmiry/activation.hpp"
#include "lnsgd/theory/pillaud_vivien/lasso_support.hpp"
#include "pillaud_vivien/hypotheses.hpp"
#include "pillaud_vivien/lasso_runs.hpp"
#include "support/catch.hpp"
#include "support/claims.hpp"

using namespace lnsgd;
using checks::hypothesis;
using testing::contains;

namespace {

checks::verdict judged(const std::vector<hypothesis>& h) {
  checks::verdict v;
  checks::apply_hypotheses(v, h);
  return v;
}

}  // namespace

TEST_CASE("a regime is in-regime only when every evaluated hypothesis holds", "[hypotheses]") {
  const auto held = judged({{"a", true, 1}, {"b", true, 2}});
  CHECK(held.where == checks::regime::in_regime);
  CHECK(held.failed_assumptions.empty());
  CHECK(held.hypotheses.size() == 2);
  const auto failed = judged({{"a", true, 1}, {"b", false, 2}});
  CHECK(failed.where == checks::regime::out_of_regime);
  CHECK(failed.failed_assumptions == std::vector<std::string>{"b"});
  CHECK_THROWS_AS(judged({}), std::invalid_argument);
  const auto merged = checks::at_every({{{"a", true, 1}}, {{"a", false, 2}}});
  REQUIRE(merged.size() == 1);
  CHECK_FALSE(merged[0].holds);
  CHECK(merged[0].value.size() == 2);
  CHECK_THROWS_AS(checks::at_every({{{"a", true, 1}}, {{"b", true, 1}}}), std::invalid_argument);
}

TEST_CASE("Gatmiry et al.'s hypotheses fail for n > d, weight decay, and always for the small-eta limit",
          "[hypotheses][gatmiry]") {
  const auto fig1 = judged(checks::gatmiry::theorem_hypotheses({}));
  CHECK(fig1.failed_assumptions.size() == 1);  // only the limit: the data, phi and the identity's hypothesis hold
  CHECK(fig1.failed_assumptions.front().starts_with("eta -> 0"));
  const auto wide = judged(checks::gatmiry::theorem_hypotheses({.n = 6}));  // n = 6 > d = 3
  CHECK(contains(wide.failed_assumptions, "n <= d"));
  CHECK(contains(wide.failed_assumptions, "x_i linearly independent"));
  CHECK(judged(checks::gatmiry::identity_hypotheses({})).where == checks::regime::in_regime);
  CHECK(judged(checks::gatmiry::identity_hypotheses({.weight_decay = 0.1})).where == checks::regime::out_of_regime);
}

TEST_CASE("Assumption 1's constants are the infima of phi' and phi''' of both activations", "[hypotheses][gatmiry]") {
  using theory::gatmiry::activation;
  for (auto a : {activation::cubic, activation::sinh}) {
    const auto rho = theory::gatmiry::assumption1_constants(a);
    for (double z = -4; z <= 4; z += 0.01) {
      CHECK(theory::gatmiry::activation_derivative(a, 1, z) >= rho.rho1);
      CHECK(theory::gatmiry::activation_derivative(a, 3, z) >= rho.rho2);
    }
    CHECK(theory::gatmiry::activation_derivative(a, 1, 0.0) == rho.rho1);  // attained at 0: the infimum
    CHECK(theory::gatmiry::activation_derivative(a, 3, 0.0) == rho.rho2);
  }
}

TEST_CASE("the derived Lasso-support conditions agree with the KKT conditions at the candidate",
          "[hypotheses][lasso]") {
  const auto data = checks::implicit_lasso::lasso_data();
  const double threshold = theory::pillaud_vivien::support_threshold<double>(data.x_train, data.theta_star);
  const double irrep = theory::pillaud_vivien::irrepresentability<double>(data.x_train, data.theta_star);
  REQUIRE(threshold > 0);
  const auto s = theory::pillaud_vivien::support_of<double>(data.theta_star);
  const auto q = theory::pillaud_vivien::support_direction<double>(data.x_train, s);
  for (double fraction : {0.5, 0.999, 1.001}) {
    const double lambda = fraction * threshold;
    sim::vector_t<double> beta = data.theta_star;
    for (std::size_t k = 0; k < s.size(); ++k) beta[s[k]] -= 2 * double(data.n()) * lambda * q[Eigen::Index(k)];
    CHECK((beta.minCoeff() >= 0) == (fraction < 1));  // the threshold is where a support coordinate reaches 0
    const auto g = checks::implicit_lasso::lasso_gradient(data, beta, lambda);
    double least_off = 1e300;
    for (Eigen::Index j = 0; j < g.size(); ++j) {
      if (data.theta_star[j] != 0)
        CHECK(std::abs(g[j]) < 1e-12);  // stationary on the support
      else
        least_off = std::min(least_off, g[j] / lambda);  // columns normalised: w_j = 1
    }
    CHECK(least_off == Approx(1 - irrep).margin(1e-9));  // off the support: dF/dbeta_j / lambda = 1 - irrep_j
  }
  const auto ok = judged(checks::implicit_lasso::support_hypotheses(data, 0.05, 0.0125));
  CHECK(ok.failed_assumptions.size() == (irrep <= 1 && 0.0125 < threshold ? 1u : 3u));
  const auto large = judged(checks::implicit_lasso::support_hypotheses(data, 0.05, 2 * threshold));
  CHECK(contains(large.failed_assumptions,
                 "lambda below the support threshold (beta_lambda keeps beta*'s support; derived)"));
  auto negative = data;
  negative.theta_star[0] = -1;
  negative.y_train = negative.x_train * negative.theta_star;
  CHECK(contains(judged(checks::implicit_lasso::endpoint_hypotheses(negative, 0.05)).failed_assumptions, "beta* >= 0"));
}
