#pragma once
// Lemma 4.4 (Zhang et al. 2026): shrinkage of the first layer driven by the three-state oscillation chain.
#include <cmath>

namespace lnsgd::theory {

// Lemma 4.4: the chain's states are {-eta^(1/4), 0, +eta^(1/4)}.
template <class Scalar>
Scalar oscillation_amplitude(Scalar eta) {
  using std::sqrt;
  return sqrt(sqrt(eta));
}

// Lemma 4.4: stated for width m = 1/sqrt(eta).
template <class Scalar>
Scalar oscillation_width(Scalar eta) {
  using std::sqrt;
  return Scalar(1) / sqrt(eta);
}

// Lemma 4.4: some t0 <= 1/eta^2 has ...
template <class Scalar>
Scalar oscillation_time_horizon(Scalar eta) {
  return Scalar(1) / (eta * eta);
}

// Lemma 4.4, Eq. 8: E[(1/m) sum_i ||w_i(t0)||^2] <= sqrt(eta). (Reading: squared norm; the print "||w_i(t0)||2"
// could also mean the 2-norm (docs/theory-map.md): checks report both.)
template <class Scalar>
Scalar oscillation_norm_bound(Scalar eta) {
  using std::sqrt;
  return sqrt(eta);
}

}  // namespace lnsgd::theory
