#pragma once
// First passage under Poisson resetting (Bae, Song, Jeong; docs/derivations.md section 8): a searcher on a line
// starts at 0 and resets to 0 at rate gamma; drift v toward the target at distance L > 0, diffusion D > 0.
// Scalar-generic (double, long double, 50 digits). Nothing here throws: a mean that is infinite is returned as
// +infinity, and an optimal rate that does not exist as nullopt.
#include <boost/math/tools/roots.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

namespace lnsgd::theory::bae_resetting {

// Pe = L v / (2D) (Bae et al., after Eq. 5): resetting at a small rate helps iff Pe < 1.
template <class Scalar>
Scalar peclet(const Scalar& L, const Scalar& v, const Scalar& D) {
  return L * v / (2 * D);
}

// s(gamma) = L (sqrt(v^2 + 4 D gamma) - v) / (2D), written without cancellation for v > 0 (derived, section 8).
template <class Scalar>
Scalar passage_exponent(const Scalar& L, const Scalar& v, const Scalar& D, const Scalar& gamma) {
  using std::sqrt;
  const Scalar root = sqrt(v * v + 4 * D * gamma);
  if (v > 0) return L * (4 * D * gamma) / ((root + v) * (2 * D));
  return L * (root - v) / (2 * D);
}

// <T(gamma)> = (1/gamma) [exp(L (sqrt(v^2 + 4 D gamma) - v)/(2D)) - 1] (Bae et al., Eq. 5); T(0) = L/v for v > 0
// and +infinity for v <= 0.
template <class Scalar>
Scalar mean_first_passage(const Scalar& L, const Scalar& v, const Scalar& D, const Scalar& gamma) {
  using std::expm1;
  if (gamma == 0) return v > 0 ? L / v : std::numeric_limits<Scalar>::infinity();
  return expm1(passage_exponent(L, v, D, gamma)) / gamma;
}

// dT/dgamma at gamma = 0 for v > 0: (L D / v^3)(Pe - 1) (Bae et al., after Eq. 5).
template <class Scalar>
Scalar rate_slope_at_zero(const Scalar& L, const Scalar& v, const Scalar& D) {
  return L * D / (v * v * v) * (peclet(L, v, D) - 1);
}

// dT/dgamma for gamma > 0: [gamma s' e^s - (e^s - 1)] / gamma^2 with s' = L / sqrt(v^2 + 4 D gamma) (derived,
// section 8).
template <class Scalar>
Scalar rate_slope(const Scalar& L, const Scalar& v, const Scalar& D, const Scalar& gamma) {
  using std::exp;
  using std::expm1;
  using std::sqrt;
  const Scalar s = passage_exponent(L, v, D, gamma);
  const Scalar ds = L / sqrt(v * v + 4 * D * gamma);
  return (gamma * ds * exp(s) - expm1(s)) / (gamma * gamma);
}

// The rate gamma* > 0 minimising <T(gamma)> (dT/dgamma = 0), to the scalar's full precision by TOMS 748 on a
// bracket grown geometrically; nullopt when resetting cannot help (v > 0 and Pe >= 1: T increases from gamma = 0).
template <class Scalar>
std::optional<Scalar> optimal_rate(const Scalar& L, const Scalar& v, const Scalar& D) {
  if (v > 0 && peclet(L, v, D) >= 1) return std::nullopt;
  const auto slope = [&](const Scalar& g) { return rate_slope(L, v, D, g); };
  // The natural rate scale: the inverse diffusive time over L (and over the drift's own length D / |v|).
  using std::abs;
  Scalar lo = D / (L * L) * Scalar(1e-3), hi = D / (L * L);
  if (v != 0) hi = std::max(hi, v * v / D);
  for (int k = 0; k < 200 && !(slope(lo) < 0); ++k) lo /= 2;
  for (int k = 0; k < 200 && !(slope(hi) > 0); ++k) hi *= 2;
  if (!(slope(lo) < 0) || !(slope(hi) > 0)) return std::nullopt;
  std::uintmax_t iterations = 500;
  const auto [a, b] = boost::math::tools::toms748_solve(slope, lo, hi, boost::math::tools::eps_tolerance<Scalar>(),
                                                        iterations);
  return (a + b) / 2;
}

// The Langevin mapping of SGD (Bae et al., Eq. 2): D = eta Sigma / (2B), Sigma the per-sample gradient variance
// along the direction considered.
template <class Scalar>
Scalar langevin_diffusion(const Scalar& eta, const Scalar& sigma2, const Scalar& batch) {
  return eta * sigma2 / (2 * batch);
}

}  // namespace lnsgd::theory::bae_resetting
