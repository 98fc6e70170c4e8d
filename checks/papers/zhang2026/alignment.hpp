#pragma once
// How well the neurons of the two-layer net align with theta*: the cosine deficits the Phase II checks read
// (Lemmas 4.5, 4.6, and the Phase I -> II bridge).
#include <algorithm>
#include <cmath>

#include "lnsgd/sim/models/two_layer_linear.hpp"

namespace lnsgd::checks {

// 1 - min |cos(w_i, theta*)| over neurons with ||w_i|| >= min_norm (mean: the mean of 1 - |cos| instead); 0 if no
// neuron qualifies.
inline double cosine_deficit(const sim::two_layer_linear<double>& model, const sim::vector_t<double>& theta,
                             const sim::vector_t<double>& theta_star, double min_norm, bool mean = false) {
  const auto w = model.first_layer(theta);
  double worst = 1, sum = 0;
  int count = 0;
  for (Eigen::Index i = 0; i < w.rows(); ++i) {
    const double norm = w.row(i).norm();
    if (norm < min_norm || norm == 0) continue;
    ++count;
    const double c = std::abs(w.row(i).dot(theta_star)) / (norm * theta_star.norm());
    worst = std::min(worst, c);
    sum += 1 - c;
  }
  if (count == 0) return 0;
  return mean ? sum / count : 1 - worst;
}

}  // namespace lnsgd::checks
