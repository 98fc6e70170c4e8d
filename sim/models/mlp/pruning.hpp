#pragma once
// Global magnitude pruning (Han et al. 2015; the main paper's Fig. 1(c) measures the accuracy of the pruned model
// against the fraction kept, its pruning algorithm is in an appendix lnsgd does not have: docs/models.md, "mlp").
// Over the weights of every layer together, the largest round(keep * count) by |w| stay and the others become 0;
// biases are kept. Ties at the threshold are broken by position (the earlier entry stays), so the kept count is
// exact and the result a pure function of theta.
#include <algorithm>
#include <cmath>
#include <vector>

#include "mlp/network.hpp"

namespace lnsgd::sim::models {

// theta with all but the fraction `keep` (0 < keep <= 1) of the network's weights, by magnitude, set to zero.
template <class Scalar>
typename mlp<Scalar>::vector_type magnitude_pruned(const mlp<Scalar>& net,
                                                   const typename mlp<Scalar>::vector_type& theta, double keep) {
  using std::abs;
  std::vector<Eigen::Index> weights;
  for (Eigen::Index l = 0; l < net.layers(); ++l)
    for (Eigen::Index j = 0; j < net.weight_count(l); ++j) weights.push_back(net.weight_offset(l) + j);
  const auto kept = static_cast<std::size_t>(std::llround(keep * double(weights.size())));
  auto pruned = theta;
  if (kept >= weights.size()) return pruned;
  const auto larger = [&](Eigen::Index a, Eigen::Index b) {
    const Scalar x = abs(theta[a]), y = abs(theta[b]);
    return x > y || (x == y && a < b);
  };
  std::nth_element(weights.begin(), weights.begin() + std::ptrdiff_t(kept), weights.end(), larger);
  for (auto it = weights.begin() + std::ptrdiff_t(kept); it != weights.end(); ++it) pruned[*it] = Scalar(0);
  return pruned;
}

}  // namespace lnsgd::sim::models
