// Behaviour of the dynamics where the answer is known: no label noise stays lazy, GD reaches theta*,
// SAM with rho = 0 is SGD, the oscillation chain lives on {-q, 0, q}, the periodic schedule switches.
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/observers/two_layer_observables.hpp"
#include "lnsgd/sim/steppers/label_noise_sde.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "lnsgd/sim/steppers/oscillation_chain.hpp"
#include "lnsgd/sim/steppers/sam.hpp"
#include "support/catch.hpp"
#include "support/fixtures.hpp"

using namespace lnsgd;

namespace {

// Escape steps after `steps` of batch-1 SGD with label noise sigma; eta*m = 0.2 (stable, digest 5.5).
std::vector<std::int64_t> escape_steps(double sigma, std::uint64_t steps) {
  test::two_layer_problem<double> p(200, 10, 100);
  sim::label_noise<double> noise;
  noise.sigma = sigma;
  sim::label_noise_sgd<sim::two_layer_linear<double>> stepper(p.model, {1, false}, noise);
  sim::two_layer_observables<double>::options opt;
  opt.eta = 1e-3;
  opt.sigma = sigma;
  sim::two_layer_observables<double> obs(p.model, p.data, p.theta, opt);
  const auto res = sim::integrate_steps(stepper, p.system(), p.theta, 0, steps, 1e-3, [&](auto& th, std::uint64_t t) {
    if (t > 0) obs.on_step(th, t, stepper.last_step());
  });
  REQUIRE_FALSE(res.diverged);
  return obs.escape_steps();
}

// Mean and variance of v.(theta' - base) over `draws` independent steps of `stepper` from theta (step k uses draw k).
template <class Stepper, class System>
std::pair<double, double> step_moments_along(Stepper& stepper, const System& sys, const sim::vector_t<double>& theta,
                                             const sim::vector_t<double>& base, const sim::vector_t<double>& v,
                                             double h, int draws) {
  double sum = 0, sum2 = 0;
  for (int k = 0; k < draws; ++k) {
    auto th = theta;
    stepper.do_step(sys, th, static_cast<std::uint64_t>(k), h);
    const double x = v.dot(th - base);
    sum += x / draws;
    sum2 += x * x / draws;
  }
  return {sum, sum2 - sum * sum};
}

}  // namespace

TEST_CASE("vanilla SGD with small eta stays in the lazy regime", "[dynamics][lazy]") {
  const auto esc = escape_steps(0.0, 20000);
  CHECK(std::count(esc.begin(), esc.end(), -1) == 200);
}

TEST_CASE("label noise at the same eta makes every neuron leave the lazy regime", "[dynamics][lazy][control]") {
  // The counterpart that shows the lazy predicate can flip: sigma = 4, heuristic escape of a typical neuron
  // 2/(sqrt(m) eta^2 sigma^2) = 8839 steps; the slowest of 200 needs a few times that.
  const auto esc = escape_steps(4.0, 60000);
  CHECK(std::count(esc.begin(), esc.end(), -1) == 0);
}

TEST_CASE("full-batch GD without noise reaches theta* when n > d", "[dynamics][gd]") {
  test::two_layer_problem<double> p(50, 5, 40);
  sim::label_noise_sgd<sim::two_layer_linear<double>> gd(p.model, {1, true}, {});
  const auto res = sim::integrate_steps(gd, p.system(), p.theta, 0, 20000, 0.02, [](auto&, std::uint64_t) {});
  REQUIRE_FALSE(res.diverged);
  sim::vector_t<double> e2e;
  p.model.end_to_end(p.theta, e2e);
  CHECK((e2e - p.data.theta_star).norm() < 1e-8);
}

TEST_CASE("the label-noise SDE without diffusion is full-batch GD and its noise has the SGD covariance",
          "[dynamics][sde]") {
  test::two_layer_problem<double> p(12, 4, 30);
  const auto sys = p.system();
  SECTION("sigma = 0: Euler-Maruyama is GD (up to the order of the rounding)") {
    sim::label_noise_sgd<sim::two_layer_linear<double>> gd(p.model, {1, true}, {});
    sim::label_noise_sde<sim::two_layer_linear<double>> sde(p.model, 0.01, 0.0);
    auto a = p.theta, b = p.theta;
    for (std::uint64_t t = 0; t < 50; ++t) {
      gd.do_step(sys, a, t, 0.005);
      sde.do_step(sys, b, t, 0.005);
    }
    CHECK(test::relative_distance(a, b) < 1e-14);
  }
  SECTION("the noise of one step has covariance h eta sigma^2 (1/n) sum_i grad f_i grad f_i^T") {
    // Along a direction v, the step's noise is -h sum_i c_i v.grad f_i with c_i's noise part -sigma sqrt(eta n/h) z_i/n:
    // variance h eta sigma^2 (1/n) sum_i (v.grad f_i)^2 (derived). Estimated from many independent draws at one theta.
    const double eta = 0.01, sigma = 2, h = 0.0025;
    sim::label_noise_sde<sim::two_layer_linear<double>> noisy(p.model, eta, sigma), clean(p.model, eta, 0.0);
    auto base = p.theta;
    clean.do_step(sys, base, 0, h);
    const sim::vector_t<double> v = sim::vector_t<double>::Ones(p.theta.size()).normalized();
    const int draws = 20000;
    const auto [sum, variance] = step_moments_along(noisy, sys, p.theta, base, v, h, draws);
    double predicted = 0;
    sim::vector_t<double> grad;
    auto ws = p.model.make_workspace();
    for (std::int64_t i = 0; i < p.data.n(); ++i) {
      const std::int64_t idx[1] = {i};
      double f = 0, one = 1;
      p.model.forward(p.theta, p.data.x_train, idx, &f, ws);
      p.model.gradient(p.theta, p.data.x_train, idx, &one, ws, grad);
      predicted += h * eta * sigma * sigma * std::pow(v.dot(grad), 2) / double(p.data.n());
    }
    CHECK(std::abs(sum) < 5 * std::sqrt(predicted / draws));  // the noise has mean zero
    CHECK(variance == Approx(predicted).epsilon(0.05));       // 20000 draws: relative sd of a variance ~1%
  }
  SECTION("with sampling noise, the step's covariance adds SGD's sampling covariance h eta (1/n) sum (g_i - g)^2") {
    // The full modified equation: along v, variance h eta [sigma^2 (1/n) sum_i (v.grad f_i)^2 + (1/n) sum_i (v.g_i -
    // v.g)^2] with g_i = r_i grad f_i, g = grad L (derived, docs/derivations.md section 5).
    const double eta = 0.01, sigma = 2, h = 0.0025;
    sim::label_noise_sde<sim::two_layer_linear<double>> full(p.model, eta, sigma, 1, {}, true),
        clean(p.model, eta, 0.0);
    auto base = p.theta;
    clean.do_step(sys, base, 0, h);
    const sim::vector_t<double> v = sim::vector_t<double>::Ones(p.theta.size()).normalized();
    const auto variance = step_moments_along(full, sys, p.theta, base, v, h, 20000).second;
    const auto n = p.data.n();
    std::vector<double> label(n), sample(n);
    double mean_sample = 0;
    sim::vector_t<double> grad;
    auto ws = p.model.make_workspace();
    for (std::int64_t i = 0; i < n; ++i) {
      const std::int64_t idx[1] = {i};
      double f = 0, one = 1;
      p.model.forward(p.theta, p.data.x_train, idx, &f, ws);
      p.model.gradient(p.theta, p.data.x_train, idx, &one, ws, grad);
      label[i] = v.dot(grad);
      sample[i] = (f - p.data.y_train[i]) * label[i];  // v . g_i, squared loss l' = f - y
      mean_sample += sample[i] / double(n);
    }
    double predicted = 0, label_only = 0;
    for (std::int64_t i = 0; i < n; ++i) {
      label_only += h * eta * sigma * sigma * label[i] * label[i] / double(n);
      predicted += h * eta * std::pow(sample[i] - mean_sample, 2) / double(n);
    }
    predicted += label_only;
    REQUIRE(predicted > 1.1 * label_only);  // the sampling part is visible at this theta
    CHECK(variance == Approx(predicted).epsilon(0.05));
  }
}

TEST_CASE("SAM with rho = 0 takes the SGD step and rho > 0 does not", "[dynamics][sam]") {
  sim::label_noise<double> noise;
  noise.sigma = 1;
  for (double rho : {0.0, 0.05}) {
    test::two_layer_problem<double> p1(20, 5, 30), p2(20, 5, 30);
    sim::sam<sim::two_layer_linear<double>> s(p1.model, {2, false}, noise, rho);
    sim::label_noise_sgd<sim::two_layer_linear<double>> g(p2.model, {2, false}, noise);
    for (std::uint64_t t = 0; t < 100; ++t) {
      s.do_step(p1.system(), p1.theta, t, 0.01);
      g.do_step(p2.system(), p2.theta, t, 0.01);
    }
    const double dist = test::relative_distance(p1.theta, p2.theta);
    if (rho == 0)
      CHECK(dist < 1e-13);
    else
      CHECK(dist > 1e-6);
  }
}

TEST_CASE("the Lemma 4.4 chain keeps a_i in {-q, 0, q} and alternates through 0", "[dynamics][oscillation]") {
  const double eta = 1e-2, q = std::pow(eta, 0.25);
  test::two_layer_problem<double> p(10, 4, 20);
  sim::oscillation_chain<double> chain(p.model, eta, {});
  chain.initialize_second_layer(p.model, p.theta, p.noise);
  for (std::uint64_t t = 0; t < 50; ++t) {
    const sim::vector_t<double> before = p.model.second_layer(p.theta);
    chain.do_step(p.system(), p.theta, t, eta);
    const auto a = p.model.second_layer(p.theta);
    for (Eigen::Index i = 0; i < 10; ++i) {
      REQUIRE((a[i] == 0 || std::abs(a[i]) == q));
      REQUIRE((before[i] == 0) != (a[i] == 0));  // +-q -> 0 and 0 -> +-q
    }
  }
}

TEST_CASE("the periodic schedule switches the label noise on and off", "[dynamics][schedule]") {
  sim::label_noise<double> noise;
  noise.sigma = 3;
  noise.schedule = {sim::noise_schedule::kind::periodic, 5, 3};
  const sim::philox_noise src(1, 0);
  for (std::uint64_t t = 0; t < 40; ++t) {
    const double eps = noise.draw(src, t, 0);
    if (t % 8 < 5)
      CHECK(std::abs(eps) == 3.0);
    else
      CHECK(eps == 0.0);
  }
}

TEST_CASE("the fused batch-1 step matches the unfused update", "[dynamics][kernel]") {
  // label_noise_sgd takes batch-1 steps through descend_then_forward (one sweep, next forward carried over);
  // the same steps through forward + descend must give the same trajectory to rounding. The width 70 is not a
  // multiple of the register block, so the tail path is covered too.
  test::two_layer_problem<double> fused(70, 9, 40), plain(70, 9, 40);
  sim::label_noise<double> noise;
  noise.sigma = 2;
  sim::label_noise_sgd<sim::two_layer_linear<double>> stepper(fused.model, {1, false}, noise);
  auto ws = plain.model.make_workspace();
  const double eta = 0.01;
  for (std::uint64_t t = 0; t < 500; ++t) {
    stepper.do_step(fused.system(), fused.theta, t, eta);
    const std::int64_t xi = plain.noise.index(sim::stream::sample_index, t, 0, 40);
    const std::vector<std::int64_t> idx{xi};
    double r = 0;
    plain.model.forward(plain.theta, plain.data.x_train, idx, &r, ws);
    r -= plain.data.y_train[xi] + noise.draw(plain.noise, t, 0);
    plain.model.descend(plain.theta, plain.data.x_train, idx, &r, eta, ws);
    REQUIRE(stepper.last_step().residuals[0] == Approx(r).epsilon(1e-10));
  }
  CHECK(test::relative_distance(fused.theta, plain.theta) < 1e-12);
}

TEST_CASE("block steps follow the step-by-step trajectory and report every step", "[dynamics][kernel]") {
  // do_steps advances K steps in panels of 8 (one read of W and one rank-8 update each); the trajectory must match
  // K calls of do_step to rounding, and on_step must see each step's residual, ||g||^2, W g, a_old and a_new.
  // m = 70 is not a multiple of the kernels' row tiles, so their plain-loop tails run too.
  test::two_layer_problem<double> blocked(70, 9, 40), single(70, 9, 40);
  sim::label_noise<double> noise;
  noise.sigma = 2;
  sim::label_noise_sgd<sim::two_layer_linear<double>> a(blocked.model, {1, false}, noise);
  sim::label_noise_sgd<sim::two_layer_linear<double>> b(single.model, {1, false}, noise);
  REQUIRE(a.can_block<sim::problem<sim::two_layer_linear<double>>>());
  const double eta = 0.01;
  struct seen {
    double r, g_norm2;
    Eigen::VectorXd w_g, a_old, a_new;
  };
  std::vector<seen> block_steps, single_steps;
  std::uint64_t t = 0;
  for (std::uint64_t count : {1u, 7u, 32u, 13u}) {
    const auto done = a.do_steps(blocked.system(), blocked.theta, t, count, eta, [&](std::uint64_t, const auto& v) {
      block_steps.push_back({v.r, v.g_norm2, v.w_g(), v.a_old(), v.a_new()});
      return true;
    });
    CHECK(done == count);
    for (std::uint64_t k = 0; k < count; ++k) {
      b.do_step(single.system(), single.theta, t + k, eta);
      const auto& ws = *b.last_step().gradient_step;
      single_steps.push_back({b.last_step().residuals[0], ws.g_norm2, ws.w_g, ws.a_old,
                              single.model.second_layer(single.theta)});
    }
    t += count;
  }
  REQUIRE(block_steps.size() == single_steps.size());
  for (std::size_t k = 0; k < single_steps.size(); ++k) {
    const auto &p = block_steps[k], &q = single_steps[k];
    REQUIRE(p.r == Approx(q.r).epsilon(1e-10));
    REQUIRE(p.g_norm2 == Approx(q.g_norm2).epsilon(1e-10));
    REQUIRE(test::relative_distance(p.w_g, q.w_g) < 1e-10);
    REQUIRE(test::relative_distance(p.a_old, q.a_old) < 1e-12);
    REQUIRE(test::relative_distance(p.a_new, q.a_new) < 1e-12);
  }
  CHECK(test::relative_distance(blocked.theta, single.theta) < 1e-12);
  // Stopping inside a block leaves the state after the steps done.
  const auto done = a.do_steps(blocked.system(), blocked.theta, t, 10, eta, [](std::uint64_t s, const auto&) {
    return s % 5 != 0;
  });
  CHECK(done < 10);
}

TEST_CASE("the observers' Delta W tallies are those of the paper's formula, step by step and in blocks",
          "[dynamics][kernel][observers]") {
  // Direct: Delta W_i(j) = -r_j^2 ((x^T w_i(j))^2 - a_i(j)^2 ||x||^2) (paper, after Theorem 4.2) from the state
  // before each step, counted against 0 and -(sigma/4)^2. The observer must report the same window counts and
  // largest value, from single steps and from the block steps' views.
  const std::uint64_t steps = 64;
  const double eta = 0.01, sigma = 2;
  test::two_layer_problem<double> single(70, 9, 40), blocked(70, 9, 40);
  sim::label_noise<double> noise;
  noise.sigma = sigma;
  sim::label_noise_sgd<sim::two_layer_linear<double>> a(single.model, {1, false}, noise);
  sim::label_noise_sgd<sim::two_layer_linear<double>> b(blocked.model, {1, false}, noise);
  sim::two_layer_observables<double>::options opt;
  opt.eta = eta;
  opt.sigma = sigma;
  sim::two_layer_observables<double> obs_single(single.model, single.data, single.theta, opt);
  sim::two_layer_observables<double> obs_blocked(blocked.model, blocked.data, blocked.theta, opt);
  std::uint64_t nonpositive = 0, below = 0;
  double top = 0;
  for (std::uint64_t t = 0; t < steps; ++t) {
    const auto w = single.model.first_layer(single.theta);
    const Eigen::VectorXd a_before = single.model.second_layer(single.theta);
    const Eigen::MatrixXd w_before = w;
    a.do_step(single.system(), single.theta, t, eta);
    const auto& rec = a.last_step();
    const Eigen::VectorXd x = single.data.x_train.row(rec.indices[0]).transpose();
    const double r = rec.residuals[0];
    for (Eigen::Index i = 0; i < single.model.width(); ++i) {
      const double h = w_before.row(i).dot(x);
      const double dw = -r * r * (h * h - a_before[i] * a_before[i] * x.squaredNorm());
      nonpositive += dw <= 0;
      below += dw <= -(sigma / 4) * (sigma / 4);
      top = std::max(top, dw);
    }
    obs_single.on_step(single.theta, t + 1, rec);
  }
  for (std::uint64_t t = 0; t < steps; t += 16)
    b.do_steps(blocked.system(), blocked.theta, t, 16, eta, [&](std::uint64_t, const auto& view) {
      obs_blocked.on_block_step(view);
      return true;
    });
  const auto columns = obs_single.columns();
  auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), name) - columns.begin());
  };
  sim::two_layer_observables<double>::row_type row_single, row_blocked;
  obs_single.record(single.theta, row_single);
  obs_blocked.record(blocked.theta, row_blocked);
  const double count = double(steps) * double(single.model.width());
  REQUIRE(nonpositive > 0);
  REQUIRE(nonpositive < steps * 70);  // both signs occur, so the counts can tell a wrong formula
  for (const auto* row : {&row_single, &row_blocked}) {
    CHECK(*(*row)[column("dw_count")] == count);
    CHECK(*(*row)[column("dw_frac_nonpositive")] == Approx(double(nonpositive) / count).epsilon(1e-15));
    CHECK(*(*row)[column("dw_frac_below_sigma4")] == Approx(double(below) / count).epsilon(1e-15));
    CHECK(*(*row)[column("dw_max_positive")] == Approx(top).epsilon(1e-10));
    CHECK(*(*row)[column("identity_step_residual")] < 1e-12);
  }
}

TEST_CASE("the closed-form batch-1 SAM step is the generic SAM update", "[dynamics][sam][kernel]") {
  // Reference: theta <- theta - eta grad l(theta + rho g/||g||), g = grad l(theta), through the model's generic
  // forward/gradient (one sample, the stepper's draws), in 50 digits so rounding cannot hide a mistake.
  using S = sim::float50;
  test::two_layer_problem<S> p(9, 4, 15);
  const auto sys = p.system();
  sim::label_noise<S> noise;
  noise.sigma = S(2);
  const S eta = S(1) / 50, rho = S(1) / 10;
  sim::sam<sim::two_layer_linear<S>> stepper(p.model, {1, false}, noise, rho);
  auto fast = p.theta, reference = p.theta;
  auto ws = p.model.make_workspace();
  sim::vector_t<S> grad;
  for (std::uint64_t t = 0; t < 20; ++t) {
    stepper.do_step(sys, fast, t, eta);
    const std::int64_t idx[1] = {sim::sample_index(sys, t, 0)};
    const S target = p.data.y_train[idx[0]] + noise.draw(sys.noise, t, 0);
    S f = 0;
    p.model.forward(reference, p.data.x_train, idx, &f, ws);
    S c = f - target;
    p.model.gradient(reference, p.data.x_train, idx, &c, ws, grad);
    const sim::vector_t<S> perturbed = reference + (rho / grad.norm()) * grad;
    p.model.forward(perturbed, p.data.x_train, idx, &f, ws);
    c = f - target;
    p.model.gradient(perturbed, p.data.x_train, idx, &c, ws, grad);
    reference -= eta * grad;
  }
  CHECK(test::relative_distance(fast, reference) < S("1e-45"));
}
