#pragma once
// First passage to a sphere in three dimensions under Poisson resetting, without drift (derived, docs/derivations.md
// section 8, "In d dimensions"): a searcher diffusing with D > 0 from distance R0 of the centre of an absorbing
// sphere of radius a < R0, reset to its start at rate gamma > 0. Scalar-generic; returns +infinity at gamma = 0 (a
// transient walk in 3-d misses the sphere with probability 1 - a/R0).
#include <cmath>
#include <limits>

namespace lnsgd::theory::bae_resetting {

// <T(gamma)> = (1/gamma) [(R0/a) exp((R0 - a) sqrt(gamma/D)) - 1] (derived, section 8, from the survival
// probability's Laplace transform without resetting, (1/s)[1 - (a/R0) exp(-(R0 - a) sqrt(s/D))]).
template <class Scalar>
Scalar mean_first_passage_sphere3(const Scalar& R0, const Scalar& a, const Scalar& D, const Scalar& gamma) {
  using std::exp;
  using std::sqrt;
  if (gamma == 0) return std::numeric_limits<Scalar>::infinity();
  return ((R0 / a) * exp((R0 - a) * sqrt(gamma / D)) - 1) / gamma;
}

}  // namespace lnsgd::theory::bae_resetting
