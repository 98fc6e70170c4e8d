// The paper's exact per-step identities (text after Theorem 4.2; digest 5.1) hold to rounding in every precision:
//   (a_i(j+1) - a_i(j))^2 = eta^2 r_j^2 (x^T w_i(j))^2
//   ||w_i(T)||^2 = ||w_i(0)||^2 + eta^2 sum_j Delta W_i(j) - a_i(0)^2 + a_i(T)^2
#include <type_traits>

#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/observers/two_layer_observables.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "support/catch.hpp"
#include "support/fixtures.hpp"

using namespace lnsgd;
using sim::float50;

namespace {

struct residuals {
  double step_identity;
  double norm_decomposition;
};

auto no_tamper = [](auto&, std::uint64_t) { return false; };

// Runs label-noise SGD for `steps` steps, observing every step; `tamper` may corrupt the state before the
// observer sees it (negative controls) and returns whether it did. The controls track the lazy regime from W:
// the O(m) update assumes theta moves by the observed steps only (and catches a hand-made change, tested in
// test_lazy_tracker).
template <class Scalar, class Tamper>
residuals run_identities(std::uint64_t steps, sim::sampling how, Tamper tamper) {
  test::two_layer_problem<Scalar> p(32, 8, 50);
  sim::label_noise<Scalar> noise;
  noise.sigma = Scalar(2);
  sim::label_noise_sgd<sim::two_layer_linear<Scalar>> stepper(p.model, how, noise);
  typename sim::two_layer_observables<Scalar>::options opt;
  opt.eta = Scalar(1) / 100;
  opt.sigma = noise.sigma;
  opt.incremental_lazy_tracking = std::is_same_v<Tamper, decltype(no_tamper)>;
  sim::two_layer_observables<Scalar> obs(p.model, p.data, p.theta, opt);
  typename sim::two_layer_observables<Scalar>::row_type row;
  const auto sys = p.system();
  const auto res = sim::integrate_steps(stepper, sys, p.theta, 0, steps, opt.eta, [&](auto& theta, std::uint64_t t) {
    if (t == 0) return;
    if (tamper(const_cast<sim::vector_t<Scalar>&>(theta), t)) stepper.reset();  // state changed by hand
    obs.on_step(theta, t, stepper.last_step());
    if (t % 100 == 0) obs.record(theta, row);
  });
  REQUIRE_FALSE(res.diverged);
  return {sim::to_double(obs.max_step_identity_residual()), sim::to_double(obs.max_norm_identity_residual())};
}

}  // namespace

TEST_CASE("exact identities hold to 1e-40 in 50 digits over 10^4 steps", "[identity][precision]") {
  const auto r = run_identities<float50>(10000, {1, false}, no_tamper);
  CHECK(r.step_identity < 1e-40);
  CHECK(r.norm_decomposition < 1e-40);
}

TEST_CASE("exact identities hold to 1e-11 in double over 10^4 steps", "[identity]") {
  const auto r = run_identities<double>(10000, {1, false}, no_tamper);
  CHECK(r.step_identity < 1e-11);
  CHECK(r.norm_decomposition < 1e-11);
}

TEST_CASE("the identities generalise to batches and full batch with g = sum_k c_k x_k", "[identity]") {
  for (sim::sampling how : {sim::sampling{4, false}, sim::sampling{1, true}}) {
    const auto r = run_identities<double>(2000, how, no_tamper);
    CHECK(r.step_identity < 1e-11);
    CHECK(r.norm_decomposition < 1e-11);
  }
}

TEST_CASE("a corrupted second-layer step is flagged by the step identity", "[identity][control]") {
  // Negative control: nudge a_0 by 1e-9 once. The residual is measured against the rounding scale
  // eps |Delta a| |a|, so the nudge shows as ~1e-9 / |a_0| against ~1e-16 for the clean run.
  const auto clean = run_identities<double>(200, {1, false}, no_tamper);
  const auto r = run_identities<double>(200, {1, false}, [](auto& theta, std::uint64_t t) {
    if (t != 100) return false;
    theta[theta.size() - 32] += 1e-9;
    return true;
  });
  CHECK(r.step_identity > 1e-10);
  CHECK(r.step_identity > 1e4 * clean.step_identity);
}

TEST_CASE("a corrupted first layer is flagged by the norm decomposition", "[identity][control]") {
  const auto r = run_identities<float50>(200, {1, false}, [](auto& theta, std::uint64_t t) {
    if (t != 100) return false;
    theta[0] += float50("1e-20");
    return true;
  });
  CHECK(r.norm_decomposition > 1e-25);
  CHECK(r.step_identity < 1e-40);  // the a-step identity is untouched by a W perturbation
}
