// One epoch of label-noise SGD on the MLP (sim/models/mlp/): 10,000 inputs of Fashion-MNIST's shape (784 pixels,
// 10 classes; a synthetic mixture, so no data package is needed), hidden 256, ReLU, standard parameterisation,
// cross-entropy, batch 64 in shuffled epochs, tau = 0.1 (Algorithm 1). Arg: trajectories on as many threads (1: one
// core; 2: two trajectories at once, one epoch each). scripts/bench_ratios.py times a plain NumPy epoch of the same
// shape when it reads this run and prints the ratio.
#include <benchmark/benchmark.h>
#include <omp.h>

#include "lnsgd/sim/data/task.hpp"
#include "lnsgd/sim/engine/loss.hpp"
#include "lnsgd/sim/label_noise.hpp"
#include "lnsgd/sim/steppers/classifier_sgd.hpp"
#include "mlp/network.hpp"

using namespace lnsgd::sim;

namespace {

const data::classification_data<double>& epoch_task() {
  static const auto task = [] {
    data::task_spec s;
    s.source = "mixture";
    s.n_train = 10000;
    s.n_validation = 0;
    s.n_test = 1;
    s.input_dim = 784;
    s.classes = 10;
    return data::make_task(s);
  }();
  return task;
}

void mlp_epoch(benchmark::State& state) {
  const int threads = int(state.range(0));
  const auto& task = epoch_task();
  models::architecture a;
  a.inputs = 784;
  a.hidden = {256};
  a.classes = 10;
  a.act = models::mlp_activation::relu;
  a.param = models::parameterisation::standard;
  a.weight_std = std::sqrt(2.0);
  a.bias_std = 0;
  const models::mlp<double> net(a);
  const class_sampling how{class_sampling::kind::shuffle, 64};
  const auto steps = how.steps_per_epoch(task.train.n());
  std::vector<vector_t<double>> theta(threads);
  for (int k = 0; k < threads; ++k) net.initialize(theta[k], philox_noise(1, std::uint64_t(k)));
  std::uint64_t epoch = 0;
  for (auto _ : state) {
#pragma omp parallel for num_threads(threads)
    for (int k = 0; k < threads; ++k) {
      const classification_problem<models::mlp<double>> sys{net, task.train, philox_noise(1, std::uint64_t(k))};
      classifier_sgd<models::mlp<double>, label_flips<double>, softmax_cross_entropy<double>> sgd(net, how,
                                                                                                  {0.1, 10, {}}, {});
      for (std::uint64_t t = epoch * steps; t < (epoch + 1) * steps; ++t) sgd.do_step(sys, theta[k], t, 0.1);
    }
    ++epoch;
    benchmark::DoNotOptimize(theta[0].data());
  }
  state.counters["epochs_per_s"] =
      benchmark::Counter(double(state.iterations()) * threads, benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(mlp_epoch)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2);
