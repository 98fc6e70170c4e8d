#pragma once
// Drawing a batch and its noisy residuals: the part label-noise SGD and SAM share.
#include <cstdint>
#include <span>

#include "lnsgd/sim/engine/loss.hpp"
#include "lnsgd/sim/label_noise.hpp"
#include "lnsgd/sim/steppers/step_record.hpp"

namespace lnsgd::sim {

// How a step picks its samples: `batch` indices uniformly with replacement, or the whole training set.
struct sampling {
  std::int64_t batch = 1;
  bool full_batch = false;
};

// xi_t for batch position k: uniform on [0, n) with replacement, draw (sample_index, t, k).
template <class System>
std::int64_t sample_index(const System& sys, std::uint64_t step, std::uint64_t slot) {
  return static_cast<std::int64_t>(
      sys.noise.index(stream::sample_index, step, slot, static_cast<std::uint64_t>(sys.data.n())));
}

// Fills rec.indices (xi_t: uniform with replacement, draw (sample_index, t, k); or 0..n-1 for full batch),
// rec.targets (the noise policy's target for sample k of step t) and rec.residuals r_k = dl/df(f(theta; x_k), t_k)
// (with the paper's loss, f - y_k - eps_k).
template <class Model, class System, class Record, class Noise, class Loss>
void draw_batch_residuals(const Model& model, const System& sys, const sampling& how, const Noise& noise,
                          const Loss& loss, const typename Model::vector_type& theta, std::uint64_t step, Record& rec,
                          typename Model::workspace& ws) {
  const auto& data = sys.data;
  const std::int64_t n = data.n();
  const std::int64_t b = how.full_batch ? n : how.batch;
  rec.step = step;
  rec.indices.resize(b);
  rec.targets.resize(b);
  rec.residuals.resize(b);
  for (std::int64_t k = 0; k < b; ++k) {
    rec.indices[k] = how.full_batch ? k : sample_index(sys, step, static_cast<std::uint64_t>(k));
    rec.targets[k] = noise.noisy_target(data.y_train[rec.indices[k]], sys.noise, step, static_cast<std::uint64_t>(k));
  }
  model.forward(theta, data.x_train, std::span<const std::int64_t>(rec.indices), rec.residuals.data(), ws);
  for (std::int64_t k = 0; k < b; ++k) rec.residuals[k] = loss.derivative(rec.residuals[k], rec.targets[k]);
}

}  // namespace lnsgd::sim
