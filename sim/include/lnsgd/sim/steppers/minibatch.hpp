#pragma once
// Drawing a batch and its noisy residuals: the part label-noise SGD and SAM share.
#include <cstdint>
#include <span>

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
// rec.label_noise (eps, draw (label_noise, t, k)) and rec.residuals r_k = f(theta; x_k) - y_k - eps_k.
template <class Model, class System, class Record>
void draw_batch_residuals(const Model& model, const System& sys, const sampling& how,
                          const label_noise<typename Model::value_type>& noise,
                          const typename Model::vector_type& theta, std::uint64_t step, Record& rec,
                          typename Model::workspace& ws) {
  const auto& data = sys.data;
  const std::int64_t n = data.n();
  const std::int64_t b = how.full_batch ? n : how.batch;
  rec.step = step;
  rec.indices.resize(b);
  rec.label_noise.resize(b);
  rec.residuals.resize(b);
  for (std::int64_t k = 0; k < b; ++k) {
    rec.indices[k] = how.full_batch ? k : sample_index(sys, step, static_cast<std::uint64_t>(k));
    rec.label_noise[k] = noise.draw(sys.noise, step, k);
  }
  model.forward(theta, data.x_train, std::span<const std::int64_t>(rec.indices), rec.residuals.data(), ws);
  for (std::int64_t k = 0; k < b; ++k) rec.residuals[k] -= data.y_train[rec.indices[k]] + rec.label_noise[k];
}

}  // namespace lnsgd::sim
