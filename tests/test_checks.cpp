// Claims: each quick profile runs and holds where it should, its negative control is flagged (so the check can
// fail), and the verdict machinery, statistics and Condition 1 behave as stated.
#include <algorithm>
#include <cmath>
#include <set>
#include <nlohmann/json.hpp>

#include "lnsgd/checks/claims.hpp"
#include "lnsgd/checks/regime.hpp"
#include "lnsgd/checks/statistics.hpp"
#include "lnsgd/theory/sharpness.hpp"
#include "lnsgd/theory/shrinkage.hpp"
#include "support/catch.hpp"
#include "support/cli_runner.hpp"

using namespace lnsgd;
using checks::status;

namespace {

checks::verdict run_quick(const std::string& id) {
  const auto* c = checks::find_claim(id);
  REQUIRE(c != nullptr);
  const auto v = c->run(checks::profile::quick);
  INFO(checks::to_text(v));
  REQUIRE(v.control.has_value());
  CHECK(v.control->flagged);  // the negative control is rejected: this check can fail
  CHECK(v.passed());
  return v;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

TEST_CASE("identities hold in 50 digits and a nudged state is flagged", "[check][identities]") {
  const auto v = run_quick("identities");
  CHECK(v.result == status::holds);
  CHECK(v.where == checks::regime::in_regime);
  CHECK(v.evidence["step_identity_residual"].get<double>() < 1e-40);
}

TEST_CASE("thm4.2 holds out of regime and sigma = 0 does not escape", "[check][thm4.2]") {
  const auto v = run_quick("thm4.2");
  CHECK(v.result == status::holds);
  CHECK(v.where == checks::regime::out_of_regime);
  CHECK(contains(v.failed_assumptions, "A2"));  // never simulable: eta <= C^-96
  CHECK(v.evidence["sweep"][0]["max_over_T1"].get<double>() < 1);
  CHECK(v.control->evidence["all_escaped"] == 0);
}

TEST_CASE("lem4.3-sign holds where non-vacuous and a small first layer is flagged", "[check][lem4.3-sign]") {
  const auto v = run_quick("lem4.3-sign");
  CHECK(v.result == status::holds);
  CHECK(v.where != checks::regime::vacuous);
  CHECK(v.evidence["bound"].get<double>() > 0);
}

TEST_CASE("lem4.3-magnitude holds and vanilla SGD is flagged", "[check][lem4.3-magnitude]") {
  const auto v = run_quick("lem4.3-magnitude");
  CHECK(v.result == status::holds);
  CHECK(v.evidence["frequency"]["min_over_trajectories"].get<double>() >= 0.25);
}

TEST_CASE("a verdict with an unflagged control or a violation does not pass", "[check][verdict]") {
  checks::verdict v;
  v.result = status::holds;
  CHECK(v.passed());
  v.control = checks::control_outcome{"control", false, {}};
  CHECK_FALSE(v.passed());
  v.control->flagged = true;
  CHECK(v.passed());
  v.result = status::violated;
  CHECK_FALSE(v.passed());
  CHECK(checks::to_json(v)["passed"] == false);
}

TEST_CASE("Clopper-Pearson intervals match their closed forms at the extremes", "[check][statistics]") {
  // k = 0: upper = 1 - (alpha/2)^(1/n); k = n: lower = (alpha/2)^(1/n) (Clopper & Pearson 1934).
  for (std::uint64_t n : {1u, 8u, 100u}) {
    const auto zero = checks::clopper_pearson(0, n), all = checks::clopper_pearson(n, n);
    CHECK(zero.lower == 0);
    CHECK(zero.upper == Approx(1 - std::pow(0.025, 1.0 / double(n))).epsilon(1e-10));
    CHECK(all.upper == 1);
    CHECK(all.lower == Approx(std::pow(0.025, 1.0 / double(n))).epsilon(1e-10));
  }
  // Symmetry: the interval for k failures mirrors the one for n - k.
  const auto a = checks::clopper_pearson(3, 20), b = checks::clopper_pearson(17, 20);
  CHECK(a.lower == Approx(1 - b.upper).epsilon(1e-10));
  CHECK(a.lower < 3.0 / 20);
  CHECK(a.upper > 3.0 / 20);
}

TEST_CASE("Condition 1: A2 fails for any simulable eta and A4 switches at m^(-1/4)", "[check][regime]") {
  checks::parameter_set p;
  p.max_x_norm = 6;
  const auto r = checks::evaluate_regime(p);
  CHECK(contains(r.failed, "A2"));
  CHECK(contains(r.unknown, "A6"));
  CHECK(checks::format_magnitude(r.condition.eta_max).rfind("10^-", 0) == 0);  // underflows double
  CHECK(r.condition.c_terms[2] == exp(sim::float50(36)));                      // e^{C_data^2}
  p.theta_star_norm = 0.99 * std::pow(p.m, -0.25);
  CHECK_FALSE(contains(checks::evaluate_regime(p).failed, "A4"));
  p.theta_star_norm = 1.01 * std::pow(p.m, -0.25);
  CHECK(contains(checks::evaluate_regime(p).failed, "A4"));
}

TEST_CASE("lnsgd check reports verdicts as JSON and rejects unknown ids", "[check][cli]") {
  test::scratch_dir tmp;
  const auto r = test::run_cli({"check", "identities", "--json", tmp / "v.json"});
  CHECK(r.code == 0);
  const auto j = nlohmann::json::parse(test::slurp(tmp / "v.json"));
  CHECK(j["verdicts"].size() == 1);
  CHECK(j["verdicts"][0]["claim"] == "identities");
  CHECK(j["verdicts"][0]["control"]["flagged"] == true);
  const auto bad = test::run_cli({"check", "thm9.9"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("unknown claim thm9.9") != std::string::npos);
  CHECK(std::count(bad.err.begin(), bad.err.end(), '\n') == 1);
}

TEST_CASE("claims are grouped by paper: list shows each claim's paper, check --paper runs one paper's claims",
          "[check][cli][papers]") {
  const auto list = test::run_cli({"list", "--json"});
  CHECK(list.code == 0);
  const auto claims = nlohmann::json::parse(list.out);
  CHECK(claims.size() == checks::registry().size());
  for (const auto& c : claims) CHECK(checks::find_paper(c["paper"].get<std::string>()) != nullptr);
  // The registry lists each paper's claims together, in the papers' order.
  std::size_t last_rank = 0;
  for (const auto& c : checks::registry()) {
    const auto rank = std::size_t(checks::find_paper(c.paper) - checks::papers().data());
    CHECK(rank >= last_rank);
    last_rank = rank;
  }
  test::scratch_dir tmp;
  const auto one = test::run_cli({"check", "--paper", "lnsgd", "--json", tmp / "v.json"});
  CHECK(one.code == 0);
  const auto j = nlohmann::json::parse(test::slurp(tmp / "v.json"));
  REQUIRE(j["verdicts"].size() == 1);
  CHECK(j["verdicts"][0]["claim"] == "precision-twin");
  CHECK(j["verdicts"][0]["paper"] == "lnsgd");
  const auto bad = test::run_cli({"check", "--paper", "nobody2030"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("unknown paper nobody2030 (accepted: zhang2026") != std::string::npos);
  const auto both = test::run_cli({"check", "thm4.2", "--paper", "zhang2026"});
  CHECK(both.code == 2);
}

TEST_CASE("lnsgd list and regime describe every claim and assumption", "[check][cli]") {
  const auto list = test::run_cli({"list", "--json"});
  CHECK(list.code == 0);
  CHECK(nlohmann::json::parse(list.out).size() == checks::registry().size());
  const auto regime = test::run_cli({"regime", "--m", "1000", "--eta", "1e-3", "--json"});
  CHECK(regime.code == 0);
  const auto j = nlohmann::json::parse(regime.out);
  CHECK(j["condition1"].size() == 6);
  CHECK(j["time_scales"]["T1_escape_time_bound"].get<double>() > 1e6);
  const auto bad = test::run_cli({"regime", "--eta", "-1"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("--eta") != std::string::npos);
}

TEST_CASE("phases-sgd finds Phase I before Phase II and vanilla SGD has no Phase I", "[check][phases-sgd]") {
  const auto v = run_quick("phases-sgd");
  CHECK(v.result == status::holds);
  CHECK(v.evidence["phase_one_end"].get<std::uint64_t>() < v.evidence["phase_two_start"].get<std::uint64_t>());
}

TEST_CASE("phases-sam finds the same two phases for SAM", "[check][phases-sam]") {
  const auto v = run_quick("phases-sam");
  CHECK(v.result == status::holds);
}

TEST_CASE("periodic noise shrinks the weights only while on", "[check][periodic]") {
  const auto v = run_quick("periodic");
  CHECK(v.result == status::holds);
  CHECK(v.evidence["on_window_changes"].size() == 4);
}

TEST_CASE("a double run tracks its 50-digit twin and another seed's noise is flagged", "[check][precision-twin]") {
  const auto v = run_quick("precision-twin");
  CHECK(v.result == status::holds);
  CHECK(v.where == checks::regime::in_regime);
  // The record starts at step 0, where both runs hold the same initialisation up to double rounding.
  REQUIRE(v.tables.size() == 1);
  CHECK(v.tables[0].rows.front()[1] < 1e-15);
}

TEST_CASE("GD approaches the gradient flow at first order and a nudged flow is flagged", "[check][flow-gd-order]") {
  const auto v = run_quick("flow-gd-order");
  CHECK(v.result == status::holds);
  CHECK(v.evidence["slope"].get<double>() == Approx(1).margin(0.1));
}

TEST_CASE("the flow conserves the balance and GD is flagged by the same criterion", "[check][flow-balance]") {
  const auto v = run_quick("flow-balance");
  CHECK(v.result == status::holds);
  CHECK(v.evidence["flow_balance_drift"].get<double>() <= 1e-30);
  CHECK(v.evidence["gd_identity_residual"].get<double>() <= 1e-40);
}

TEST_CASE("label-noise SGD reaches the least-sharpness end point and vanilla SGD is flagged",
          "[check][sharpness-endpoint]") {
  const auto v = run_quick("sharpness-endpoint");
  CHECK(v.result == status::holds);
  CHECK(v.evidence["rate_exponent"].get<double>() == Approx(2).margin(0.2));
}

TEST_CASE("the least-sharpness formulas agree with a direct minimisation", "[theory][sharpness-endpoint]") {
  // Derived independently: for W = a theta^T/||a||^2 the sharpness is theta^T S theta/||a||^2 + ||a||^2 tr S, which
  // a scan over ||a||^2 minimises; the scan's minimum and minimiser must match the closed forms.
  const double q = 0.7, trace_s = 5.3;
  double best = HUGE_VAL, best_a2 = 0;
  for (double a2 = 0.01; a2 < 3; a2 += 1e-5) {
    const double value = q / a2 + a2 * trace_s;
    if (value < best) best = value, best_a2 = a2;
  }
  CHECK(theory::least_sharpness(q, trace_s) == Approx(best).epsilon(1e-8));
  CHECK(theory::least_sharpness_a_norm2(q, trace_s) == Approx(best_a2).margin(2e-5));
}

TEST_CASE("the label-noise SDE beats the flow at weak order one and a diffusion-free SDE is flagged",
          "[check][sde-weak]") {
  const auto v = run_quick("sde-weak");
  CHECK(v.result == status::holds);
  CHECK(v.evidence["errors_resolved"].get<bool>());
}

TEST_CASE("the derived Phase I drift matches its exact expectation and vanilla SGD misses its rate",
          "[check][drift-mean-field]") {
  const auto v = run_quick("drift-mean-field");
  CHECK(v.result == status::holds);
  CHECK(v.evidence["max_relative_drift_difference"].get<double>() <= 0.05);
}

TEST_CASE("the flow aligns within T2 at the derived rate and an NTK start is flagged", "[check][flow-phase-two]") {
  const auto v = run_quick("flow-phase-two");
  CHECK(v.result == status::holds);
  CHECK(v.evidence["within_T2"].get<bool>());
}

TEST_CASE("every claim's tables are well formed", "[check][tables]") {
  // Tables feed the report's CSV files: unique file-safe names, rows as long as the header.
  for (const char* id : {"periodic", "precision-twin", "lem4.3-magnitude"}) {
    const auto v = checks::find_claim(id)->run(checks::profile::quick);
    REQUIRE_FALSE(v.tables.empty());
    std::set<std::string> names;
    for (const auto& t : v.tables) {
      CHECK(names.insert(t.name).second);
      CHECK(t.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") == std::string::npos);
      for (const auto& row : t.rows) CHECK(row.size() == t.columns.size());
      const auto csv = checks::to_csv(t);
      CHECK(static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')) == t.rows.size() + 1);
    }
  }
}

TEST_CASE("lem4.4 holds on the eta sweep and a frozen chain is flagged", "[check][lem4.4]") {
  const auto v = run_quick("lem4.4");
  CHECK(v.result == status::holds);
  CHECK(v.evidence["sweep"].size() == 2);
}

TEST_CASE("lem4.5 reports both readings of T2 and flags the NTK start", "[check][lem4.5]") {
  const auto* c = checks::find_claim("lem4.5");
  REQUIRE(c != nullptr);
  const auto v = c->run(checks::profile::quick);
  INFO(checks::to_text(v));
  REQUIRE(v.control.has_value());
  CHECK(v.control->flagged);
  CHECK(v.evidence["reading_T2_printed_steps"].contains("trend"));
  CHECK(v.evidence["reading_T2_flow_time"].contains("trend"));
  // Derived (digest 5.4): from a Phase II start the orthogonal part of w_i stays ~sqrt(eta) while the aligned part
  // grows to O(1), so the mean neuron's cosine deficit must fall as eta shrinks.
  const auto mean = v.evidence["mean_deficit_flow_reading"];
  CHECK(mean.back().get<double>() < mean.front().get<double>());
}

TEST_CASE("lem4.6 holds from a perfectly aligned start and the NTK start is flagged", "[check][lem4.6]") {
  const auto v = run_quick("lem4.6");
  CHECK(v.result == status::holds);
}

TEST_CASE("thm4.2-scaling recovers the exponents -2 -2 -1/2 and rejects a flat sweep", "[check][thm4.2-scaling]") {
  const auto v = run_quick("thm4.2-scaling");
  CHECK(v.result == status::holds);
  CHECK(std::abs(v.control->evidence["fitted"].get<double>()) < 0.5);
}

TEST_CASE("log-log fits recover exact power laws and give intervals", "[check][statistics]") {
  const std::vector<double> x{1, 2, 4, 8};
  std::vector<double> y;
  for (double v : x) y.push_back(3 * std::pow(v, -1.5));
  const auto exact = checks::fit_loglog(x, y);
  CHECK(exact.slope == Approx(-1.5).epsilon(1e-12));
  CHECK(std::exp(exact.intercept) == Approx(3).epsilon(1e-12));
  CHECK(exact.slope_ci.upper - exact.slope_ci.lower < 1e-9);
  y[1] *= 1.1;  // noise widens the interval, which must still contain the truth here
  const auto noisy = checks::fit_loglog(x, y);
  CHECK(noisy.slope_ci.lower < -1.5);
  CHECK(noisy.slope_ci.upper > -1.5);
  CHECK(std::isinf(checks::fit_loglog({1, 2}, {1, 4}).slope_ci.upper));  // two points: no interval
  CHECK_THROWS(checks::fit_loglog({1, 2, 3}, {1, 0, 2}));
}

TEST_CASE("Lemma 4.3's sign bound is vacuous exactly when m <= (4d/pi)^4", "[check][lem4.3-sign][theory]") {
  // Derived: 1 - rho/m^(1/8) <= 0 <=> m <= rho^8 = (4d/pi)^4, with rho = 2 sqrt(d)/sqrt(pi).
  for (double d : {2.0, 10.0, 20.0}) {
    const double width = theory::shrinkage_vacuity_width(d);
    CHECK(theory::nonpositive_probability_bound(0.999 * width, d) <= 0);
    CHECK(theory::nonpositive_probability_bound(1.001 * width, d) > 0);
    CHECK(std::pow(theory::shrinkage_rho(d), 8) == Approx(width).epsilon(1e-12));
  }
  // The paper's synthetic setup (m = 1000, d = 20) is on the vacuous side, as lnsgd regime reports.
  CHECK(theory::nonpositive_probability_bound(1000.0, 20.0) < 0);
}
