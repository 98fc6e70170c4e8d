// The CUDA ensemble's step (sim/cuda/ensemble_step.hpp: the phases the kernel runs on a thread block) run on the
// host by emulate_steps, against the CPU steppers: same draws, same indexing, same update formulas. These run on
// every machine; with a GPU, cuda_agreement runs the kernel itself.
#include <vector>

#include "ensemble_step.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "lnsgd/sim/steppers/sam.hpp"
#include "lnsgd/sim/synthetic_problem.hpp"
#include "support/catch.hpp"

using namespace lnsgd;
using sim::cuda::detail::kernel_args;

namespace {

struct emulated_ensemble {
  std::vector<double> x, y, theta;
  std::vector<std::int64_t> diverged;
  kernel_args args{};

  // `count` trajectories of prob (trajectories first .. first + count - 1 of its initial states), stepped as the
  // kernel would step trajectories `first_drawn` ...: a first_drawn != first is a deliberately wrong setup.
  emulated_ensemble(const sim::synthetic_problem<double>& prob, std::int64_t count, double eta, double sigma,
                    std::uint64_t first, std::uint64_t first_drawn) {
    const auto& d = prob.data;
    for (Eigen::Index i = 0; i < d.x_train.rows(); ++i)
      for (Eigen::Index j = 0; j < d.x_train.cols(); ++j) x.push_back(d.x_train(i, j));
    y.assign(d.y_train.data(), d.y_train.data() + d.y_train.size());
    for (std::int64_t k = 0; k < count; ++k) {
      const auto t = prob.initial_state(first + static_cast<std::uint64_t>(k));
      theta.insert(theta.end(), t.data(), t.data() + t.size());
    }
    diverged.assign(static_cast<std::size_t>(count), -1);
    const std::int64_t m = prob.model.width(), dim = prob.model.input_dim();
    args = kernel_args{m,     dim,   d.x_train.rows(), m * dim + m, eta,      sigma,     0.0,
                       false, false, 1,                0,           prob.seed, first_drawn, 0,
                       0,     x.data(), y.data(),      theta.data(), diverged.data()};
  }

  void advance(std::uint64_t steps, int threads) {
    args.steps = steps;
    for (std::int64_t k = 0; k < static_cast<std::int64_t>(diverged.size()); ++k)
      sim::cuda::detail::emulate_steps(args, k, threads);
    args.step0 += steps;
  }

  sim::vector_t<double> state(std::int64_t k) const {
    const auto p = static_cast<std::size_t>(args.params);
    return Eigen::Map<const sim::vector_t<double>>(theta.data() + k * args.params, static_cast<Eigen::Index>(p));
  }
};

// Largest relative distance between the emulated trajectories and their CPU twins after `steps` steps.
template <class MakeStepper>
double worst_distance(const sim::synthetic_problem<double>& prob, emulated_ensemble& gpu, MakeStepper make,
                      std::uint64_t steps, int threads) {
  gpu.advance(steps, threads);
  double worst = 0;
  for (std::int64_t k = 0; k < static_cast<std::int64_t>(gpu.diverged.size()); ++k) {
    const auto trajectory = static_cast<std::uint64_t>(k);
    auto theta = prob.initial_state(trajectory);
    auto stepper = make();
    const auto sys = prob.system(trajectory);
    for (std::uint64_t t = 0; t < steps; ++t) stepper.do_step(sys, theta, t, gpu.args.eta);
    worst = std::max(worst, (gpu.state(k) - theta).norm() / theta.norm());
  }
  return worst;
}

}  // namespace

TEST_CASE("the CUDA kernel's label-noise SGD step follows the CPU stepper", "[cuda]") {
  const sim::synthetic_problem<double> prob(300, 20, 100, 10, 3);
  sim::label_noise<double> noise;
  noise.sigma = 4;
  auto make = [&] { return sim::label_noise_sgd<sim::two_layer_linear<double>>(prob.model, {1, false}, noise); };
  for (int threads : {1, 256}) {
    emulated_ensemble gpu(prob, 2, 1e-3, 4, 0, 0);
    CHECK(worst_distance(prob, gpu, make, 2000, threads) < 1e-9);
  }
  SECTION("control: trajectory indices shifted by one (the wrong draws) are flagged") {
    emulated_ensemble gpu(prob, 2, 1e-3, 4, 0, 1);
    CHECK(worst_distance(prob, gpu, make, 2000, 256) > 1e-3);
  }
}

TEST_CASE("the CUDA kernel's SAM step follows the CPU stepper", "[cuda]") {
  const sim::synthetic_problem<double> prob(300, 20, 100, 10, 5);
  sim::label_noise<double> noise;
  noise.sigma = 4;
  emulated_ensemble gpu(prob, 2, 1e-3, 4, 0, 0);
  gpu.args.sam = true;
  gpu.args.rho = 0.05;
  auto make = [&] { return sim::sam<sim::two_layer_linear<double>>(prob.model, {1, false}, noise, 0.05); };
  CHECK(worst_distance(prob, gpu, make, 2000, 256) < 1e-9);
  SECTION("control: SAM's radius left out (plain SGD) is flagged") {
    emulated_ensemble sgd(prob, 2, 1e-3, 4, 0, 0);
    sgd.args.sam = true;
    sgd.args.rho = 0;
    CHECK(worst_distance(prob, sgd, make, 2000, 256) > 1e-6);
  }
}

TEST_CASE("the CUDA kernel's periodic noise and vanilla SGD follow the CPU stepper", "[cuda]") {
  const sim::synthetic_problem<double> prob(200, 20, 100, 10, 7);
  sim::label_noise<double> noise;
  noise.sigma = 2;
  noise.schedule = {sim::noise_schedule::kind::periodic, 300, 200};
  emulated_ensemble periodic(prob, 1, 2e-3, 2, 0, 0);
  periodic.args.periodic = true;
  periodic.args.on = 300;
  periodic.args.off = 200;
  auto make = [&] { return sim::label_noise_sgd<sim::two_layer_linear<double>>(prob.model, {1, false}, noise); };
  CHECK(worst_distance(prob, periodic, make, 1500, 64) < 1e-9);
  sim::label_noise<double> none;
  emulated_ensemble vanilla(prob, 1, 2e-3, 0, 0, 0);
  auto make_vanilla = [&] { return sim::label_noise_sgd<sim::two_layer_linear<double>>(prob.model, {1, false}, none); };
  CHECK(worst_distance(prob, vanilla, make_vanilla, 1500, 64) < 1e-9);
}

TEST_CASE("the CUDA kernel stops a diverging trajectory at the CPU's first diverging residual", "[cuda]") {
  const sim::synthetic_problem<double> prob(100, 20, 50, 10, 9);
  sim::label_noise<double> noise;
  noise.sigma = 4;
  const double eta = 0.5;
  emulated_ensemble gpu(prob, 1, eta, 4, 0, 0);
  gpu.advance(200, 32);
  // The CPU twin: the first step whose residual is not finite or beyond the kernel's threshold.
  auto theta = prob.initial_state(0);
  sim::label_noise_sgd<sim::two_layer_linear<double>> stepper(prob.model, {1, false}, noise);
  const auto sys = prob.system(0);
  std::int64_t expected = -1;
  for (std::uint64_t t = 0; t < 200 && expected < 0; ++t) {
    stepper.do_step(sys, theta, t, eta);
    const double r = stepper.last_step().residuals[0];
    if (!(std::abs(r) <= sim::cuda::detail::divergence_threshold)) expected = static_cast<std::int64_t>(t);
  }
  REQUIRE(expected >= 0);
  CHECK(gpu.diverged[0] == expected);
}
