// The CUDA ensemble against the CPU steppers (ctest cuda_agreement): same seed, same trajectories, 10^4 steps of
// label-noise SGD and of SAM at the paper's setup; every GPU trajectory must stay within 1e-9 relative of its CPU
// twin. Without a usable GPU (or in a build without CUDA) it prints why and exits 77, which ctest reports as skipped.
#include <cstdio>
#include <vector>

#include "lnsgd/sim/cuda/ensemble.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "lnsgd/sim/steppers/sam.hpp"
#include "lnsgd/sim/synthetic_problem.hpp"

using namespace lnsgd::sim;

namespace {

constexpr int skipped = 77;
constexpr double tolerance = 1e-9;

template <class Stepper>
double worst_distance(const synthetic_problem<double>& prob, Stepper make, const cuda::ensemble_spec& spec,
                      std::uint64_t trajectories, std::uint64_t steps) {
  std::vector<std::vector<double>> start;
  for (std::uint64_t k = 0; k < trajectories; ++k) {
    const auto theta = prob.initial_state(k);
    start.emplace_back(theta.data(), theta.data() + theta.size());
  }
  std::vector<double> x(prob.data.x_train.data(), prob.data.x_train.data() + prob.data.x_train.size());
  std::vector<double> y(prob.data.y_train.data(), prob.data.y_train.data() + prob.data.y_train.size());
  cuda::ensemble gpu(spec, x, y, start);
  gpu.advance(steps);
  const auto end = gpu.download();
  double worst = 0;
  for (std::uint64_t k = 0; k < trajectories; ++k) {
    auto theta = prob.initial_state(k);
    auto stepper = make();
    const auto sys = prob.system(k);
    for (std::uint64_t t = 0; t < steps; ++t) stepper.do_step(sys, theta, t, spec.eta);
    const Eigen::Map<const vector_t<double>> g(end[k].data(), static_cast<Eigen::Index>(end[k].size()));
    worst = std::max(worst, (g - theta).norm() / theta.norm());
  }
  return worst;
}

}  // namespace

int main() {
  if (auto why = cuda::unavailable()) {
    std::printf("SKIPPED: %s\n", why->c_str());
    return skipped;
  }
  std::printf("device: %s\n", cuda::device_description().c_str());
  const synthetic_problem<double> prob(1000, 20, 200, 10, 1);
  cuda::ensemble_spec spec;
  spec.m = 1000, spec.d = 20, spec.n = 200, spec.eta = 1e-3, spec.sigma = 4, spec.seed = 1;
  label_noise<double> noise;
  noise.sigma = 4;
  const double sgd = worst_distance(
      prob, [&] { return label_noise_sgd<two_layer_linear<double>>(prob.model, {1, false}, noise); }, spec, 4, 10000);
  spec.sam = true;
  spec.rho = 0.05;
  const double sam_distance = worst_distance(
      prob, [&] { return sam<two_layer_linear<double>>(prob.model, {1, false}, noise, 0.05); }, spec, 4, 10000);
  std::printf("10^4 steps, 4 trajectories: max relative distance GPU vs CPU: label-noise SGD %.3g, SAM %.3g "
              "(tolerance %g)\n", sgd, sam_distance, tolerance);
  return sgd <= tolerance && sam_distance <= tolerance ? 0 : 1;
}
