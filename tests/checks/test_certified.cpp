// The certified twin (theory/certified/interval.hpp, checks/certified.hpp): enclosures contain the exact values
// and are printed outward; comparisons answer only when certain; Condition 1 on enclosures leaves an overlapping
// assumption undecided; the interval trajectory of the identities certifies them and sees a 1e-30 nudge.
#include "lnsgd/checks/certified.hpp"
#include "lnsgd/checks/regime.hpp"
#include "lnsgd/sim/precision.hpp"
#include "lnsgd/theory/zhang2026/condition1.hpp"
#include "lnsgd/theory/zhang2026/escape_time.hpp"
#include "support/catch.hpp"
#include "zhang2026/certified_identities.hpp"

using namespace lnsgd;
using theory::interval;

TEST_CASE("enclosures are printed outward and contain the exact value", "[certified]") {
  const interval third = interval(1) / 3;
  CHECK(theory::enclosure_text(third, 3) == "[0.333, 0.334]");
  CHECK(theory::lower_double(third) <= 1.0 / 3);
  CHECK(theory::upper_double(third) >= 1.0 / 3);
  // T1 at m = 100, eta = 1e-2, sigma = 8 (the doubles given): the 50-digit value lies inside a ~1e-45-wide enclosure.
  const interval t1 = theory::escape_time_bound(interval(100), interval(0.01), interval(8));
  const sim::float50 t1_50 = theory::escape_time_bound(sim::float50(100), sim::float50(0.01), sim::float50(8));
  CHECK(overlap(t1, interval(t1_50.str(60, std::ios_base::scientific))));  // read to 60 digits
  CHECK_FALSE(overlap(t1, interval(t1_50.str(60, std::ios_base::scientific)) * (1 + interval("1e-40"))));
  CHECK(theory::width_bound(t1) < 1e-40);
}

TEST_CASE("certain comparisons answer, overlapping enclosures stay undecided", "[certified]") {
  const interval low(1, 2), high(3, 4), wide(1.5, 3.5);
  CHECK(theory::certainly_le(low, high) == std::optional<bool>(true));
  CHECK(theory::certainly_le(high, low) == std::optional<bool>(false));
  CHECK_FALSE(theory::certainly_le(low, wide).has_value());
  CHECK(theory::certainly_le(1.0, 2.0) == std::optional<bool>(true));  // a floating type: the ordinary comparison
  const interval top = theory::maximum(low, wide);
  CHECK(theory::lower_double(top) == 1.5);
  CHECK(theory::upper_double(top) == 3.5);
  CHECK(checks::at_least(0.5, interval(0.4, 0.45)) == std::optional<bool>(true));
  CHECK_FALSE(checks::at_least(0.42, interval(0.4, 0.45)).has_value());
  CHECK(checks::whole_steps_within(interval(2.5, 2.6)) == std::optional<std::uint64_t>(2));
  CHECK_FALSE(checks::whole_steps_within(interval(2.9, 3.1)).has_value());
}

TEST_CASE("Condition 1 on enclosures: decided where certain, unknown where the two sides overlap", "[certified]") {
  using theory::assumption_status;
  // eta in [0.09, 0.11] puts 1/eta^2 in [82.6, 123.5]: n = 100 can neither meet nor miss A3 for certain.
  theory::condition1_inputs<interval> in{interval(1000), interval(0.09, 0.11), interval(4), interval(100),
                                         interval(20),   interval(1),          interval(6)};
  const auto r = theory::evaluate_condition1(in);
  CHECK(r.assumptions[2].status == assumption_status::unknown);  // A3
  CHECK(r.assumptions[0].status == assumption_status::holds);    // A1: 1000 >= 1/sqrt(eta)
  CHECK(r.assumptions[3].status == assumption_status::fails);    // A4: 1 > 1000^(-1/4)
  in.n = interval(200);
  CHECK(theory::evaluate_condition1(in).assumptions[2].status == assumption_status::holds);
  // The certified regime agrees with the 50-digit one wherever both decide.
  for (double eta : {1e-3, 1e-2, 0.25}) {
    const checks::parameter_set p{1000, eta, 4, 200, 20, 1, 6};
    const auto certified = checks::evaluate_regime(p);
    theory::condition1_inputs<sim::float50> f{1000, eta, 4, 200, 20, 1, 6};
    const auto point = theory::evaluate_condition1(f);
    for (std::size_t k = 0; k < 6; ++k) CHECK(certified.condition.assumptions[k].status == point.assumptions[k].status);
  }
}

TEST_CASE("the interval trajectory certifies both identities and sees a 1e-30 nudge", "[certified][identities]") {
  checks::certified_identity_setup s;
  s.steps = 200;
  const auto r = checks::run_certified_identities(s);
  CHECK(r.finite);
  CHECK(r.step_identity_excludes_zero_at < 0);
  CHECK(r.norm_identity_excludes_zero_at < 0);
  CHECK(r.float50_inside);
  REQUIRE(r.state_width.size() == 10);
  CHECK(r.state_width.back() > r.state_width.front());  // the wrapping effect: widths grow
  CHECK(r.max_norm_residual_width < 1e-30);
  s.nudge = 1e-30;  // the control: moved inside step 100, both identities must exclude 0 from there on
  const auto c = checks::run_certified_identities(s);
  CHECK(c.step_identity_excludes_zero_at == 100);
  CHECK(c.norm_identity_excludes_zero_at == 100);
  CHECK_THROWS_AS(checks::run_certified_identities(checks::certified_identity_setup{0}), std::invalid_argument);
}
