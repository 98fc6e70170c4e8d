#pragma once
// Phase II (Zhang et al. 2026): alignment (Lemma 4.5) and convergence (Lemma 4.6) under GD from a small start.
#include <cmath>

namespace lnsgd::theory {

// Phase II start (text before Lemma 4.5): every neuron has ||w_i|| <= sqrt(eta) and |a_i| <= sqrt(eta).
template <class Scalar>
Scalar phase_two_start_radius(Scalar eta) {
  using std::sqrt;
  return sqrt(eta);
}

// Lemma 4.5 as printed: T2 = ln(1/eta) / ||theta*||. Reading 1 (docs/theory-map.md, reading notes): gradient-flow time,
// i.e. steps x eta.
template <class Scalar>
Scalar alignment_time_flow(Scalar eta, Scalar theta_star_norm) {
  using std::log;
  return log(Scalar(1) / eta) / theta_star_norm;
}

// Lemma 4.5, reading 2 (derived; docs/theory-map.md, reading notes): T2 in GD steps, ln(1/eta) / (eta ||theta*||).
template <class Scalar>
Scalar alignment_time_steps(Scalar eta, Scalar theta_star_norm) {
  return alignment_time_flow(eta, theta_star_norm) / eta;
}

// Lemma 4.5, Eq. 9: |cos(w_i(t2), theta*)| >= 1 - O(ln(1/eta) sqrt(eta)); this is the expression inside O(.).
template <class Scalar>
Scalar alignment_deficit_scale(Scalar eta) {
  using std::log;
  using std::sqrt;
  return log(Scalar(1) / eta) * sqrt(eta);
}

// Lemma 4.6: t3 - t2 = (1/||theta*||^2) ln(1/eta) / eta steps (printed "t3 = t2 + 1 ||theta*||2 . ln(1/eta) eta").
template <class Scalar>
Scalar convergence_time_steps(Scalar eta, Scalar theta_star_norm) {
  using std::log;
  return log(Scalar(1) / eta) / (eta * theta_star_norm * theta_star_norm);
}

// Lemma 4.6, Eq. 10: ||theta(t3) - theta*|| <= O(eta ln(1/eta)) and the cosine deficit <= O(eta ln(1/eta)).
template <class Scalar>
Scalar convergence_error_scale(Scalar eta) {
  using std::log;
  return eta * log(Scalar(1) / eta);
}

}  // namespace lnsgd::theory
