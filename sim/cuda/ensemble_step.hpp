#pragma once
// One step of one trajectory of the CUDA ensemble (ensemble.cu), written once for the device and the host. A step is
// a sequence of phases; every thread `tid` of a group of `threads` runs a phase on its neurons i = tid, tid +
// threads, ...; between phases the caller synchronises the threads and sums their partial results. The kernel runs
// the phases on a thread block (__syncthreads, warp-shuffle sums); emulate_steps() runs them on the host one thread
// after another, so the kernel's draws, indexing and update formulas are tested on every machine (test_cuda_step),
// GPU or not. Only the order of the sums differs between the two.
#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "lnsgd/sim/philox_noise.hpp"

#if defined(__CUDACC__)
#define LNSGD_HOST_DEVICE __host__ __device__
#else
#define LNSGD_HOST_DEVICE
#endif

namespace lnsgd::sim::cuda::detail {

struct kernel_args {
  std::int64_t m, d, n, params;
  double eta, sigma, rho;
  bool sam, periodic;
  std::uint64_t on, off, seed, first_trajectory, step0, steps;
  const double* x;  // n x d row-major
  const double* y;
  double* theta;  // one parameter vector per trajectory, params apart
  std::int64_t* diverged;
};

inline constexpr double divergence_threshold = 1e100;  // as default_divergence_threshold on the CPU

// The CPU's philox_noise::raw(stream, step, slot = 0) word 0.
LNSGD_HOST_DEVICE inline std::uint64_t draw(std::uint64_t seed, std::uint64_t trajectory, std::uint64_t step,
                                            stream s) {
  r123::Philox4x64 gen;
  const r123::Philox4x64::ctr_type ctr = {{trajectory, step, 0, static_cast<std::uint32_t>(s)}};
  const r123::Philox4x64::key_type key = {{seed, philox_key_tag}};
  return gen(ctr, key)[0];
}

LNSGD_HOST_DEVICE inline std::uint64_t high_word_of_product(std::uint64_t a, std::uint64_t b) {
#if defined(__CUDA_ARCH__)
  return __umul64hi(a, b);
#else
  __extension__ using u128 = unsigned __int128;
  return static_cast<std::uint64_t>((static_cast<u128>(a) * b) >> 64);
#endif
}

struct step_draws {
  std::uint64_t xi;  // the sampled training index
  double eps;        // the label noise
};

// xi_t: Lemire's multiply-shift of one word, as philox_noise::index; eps_t: Rademacher sign, as label_noise::draw.
LNSGD_HOST_DEVICE inline step_draws draws(const kernel_args& a, std::uint64_t trajectory, std::uint64_t t) {
  step_draws s{high_word_of_product(draw(a.seed, trajectory, t, stream::sample_index), static_cast<std::uint64_t>(a.n)),
               0.0};
  if (a.sigma != 0 && (!a.periodic || t % (a.on + a.off) < a.on))
    s.eps = (draw(a.seed, trajectory, t, stream::label_noise) >> 63) ? a.sigma : -a.sigma;
  return s;
}

// A trajectory's parameters (W column-major, then a) and the shared scratch: x_xi (d) and h = W x (m).
struct trajectory_view {
  double* w;
  double* a;
  double* xs;
  double* hs;
};

LNSGD_HOST_DEVICE inline void load_sample(const kernel_args& a, const trajectory_view& v, std::uint64_t xi, int tid,
                                          int threads) {
  for (std::int64_t j = tid; j < a.d; j += threads) v.xs[j] = a.x[xi * a.d + j];
}

// h_i = w_i . x for this thread's neurons; returns their share of f = a . h.
LNSGD_HOST_DEVICE inline double forward_part(const kernel_args& a, const trajectory_view& v, int tid, int threads) {
  double part = 0;
  for (std::int64_t i = tid; i < a.m; i += threads) {
    double h = 0;
    for (std::int64_t j = 0; j < a.d; ++j) h += v.w[i + j * a.m] * v.xs[j];
    v.hs[i] = h;
    part += v.a[i] * h;
  }
  return part;
}

// label_noise_sgd, batch 1 (r = f - y - eps): a <- a - eta (r h); W(:, j) <- W(:, j) - (eta (r x_j)) a_old.
LNSGD_HOST_DEVICE inline void sgd_update(const kernel_args& a, const trajectory_view& v, double r, int tid,
                                         int threads) {
  for (std::int64_t i = tid; i < a.m; i += threads) {
    const double a_old = v.a[i];
    v.a[i] = a_old - a.eta * (r * v.hs[i]);
    for (std::int64_t j = 0; j < a.d; ++j) v.w[i + j * a.m] -= (a.eta * (r * v.xs[j])) * a_old;
  }
}

// sam, batch 1 (sim/steppers/sam.hpp; two_layer_linear::sam_step): g = [r a x^T, r h], s = rho / ||g||; at
// theta + s g: h' = h + s r ||x||^2 a, a' = a + s r h, r' = a'.h' - y - eps; then W <- W - eta r' a' x^T,
// a <- a - eta r' h'. Phases: ||a||^2 and ||h||^2 shares, then the share of a'.h', then the update.
struct sam_norm_parts {
  double a2, h2;
};

LNSGD_HOST_DEVICE inline double squared_norm_of_sample(const kernel_args& a, const trajectory_view& v) {
  double xx = 0;
  for (std::int64_t j = 0; j < a.d; ++j) xx += v.xs[j] * v.xs[j];
  return xx;
}

LNSGD_HOST_DEVICE inline sam_norm_parts sam_norms_part(const kernel_args& a, const trajectory_view& v, int tid,
                                                       int threads) {
  sam_norm_parts p{0, 0};
  for (std::int64_t i = tid; i < a.m; i += threads) {
    p.a2 += v.a[i] * v.a[i];
    p.h2 += v.hs[i] * v.hs[i];
  }
  return p;
}

// s = rho / ||g|| (0 when g = 0), from r and the summed norms.
LNSGD_HOST_DEVICE inline double sam_scale(const kernel_args& a, double r, double xx, double a2, double h2) {
  const double norm = fabs(r) * sqrt(xx * a2 + h2);
  return norm > 0 ? a.rho / norm : 0.0;
}

LNSGD_HOST_DEVICE inline double sam_perturbed_part(const kernel_args& a, const trajectory_view& v, double r, double s,
                                                   double xx, int tid, int threads) {
  double part = 0;
  for (std::int64_t i = tid; i < a.m; i += threads)
    part += (v.a[i] + s * (r * v.hs[i])) * (v.hs[i] + s * (r * v.a[i]) * xx);
  return part;
}

LNSGD_HOST_DEVICE inline void sam_update(const kernel_args& a, const trajectory_view& v, double r, double s, double xx,
                                         double r2, int tid, int threads) {
  for (std::int64_t i = tid; i < a.m; i += threads) {
    const double ap = v.a[i] + s * (r * v.hs[i]);
    const double hp = v.hs[i] + s * (r * v.a[i]) * xx;
    for (std::int64_t j = 0; j < a.d; ++j) v.w[i + j * a.m] -= a.eta * ((r2 * v.xs[j]) * ap);
    v.a[i] -= a.eta * (r2 * hp);
  }
}

LNSGD_HOST_DEVICE inline bool residual_diverged(double r) {
  return !(fabs(r) <= divergence_threshold);
}

#if !defined(__CUDACC__)
// The kernel's steps for trajectory k (0-based within a.theta) on the host, the `threads` threads of its block run
// one after another within each phase. Sets a.diverged[k] like the kernel.
inline void emulate_steps(const kernel_args& a, std::int64_t k, int threads) {
  std::vector<double> xs(static_cast<std::size_t>(a.d)), hs(static_cast<std::size_t>(a.m));
  double* w = a.theta + k * a.params;
  const trajectory_view v{w, w + a.m * a.d, xs.data(), hs.data()};
  const std::uint64_t trajectory = a.first_trajectory + static_cast<std::uint64_t>(k);
  auto sum = [&](auto part) {
    double s = 0;
    for (int tid = 0; tid < threads; ++tid) s += part(tid);
    return s;
  };
  if (a.diverged[k] >= 0) return;
  for (std::uint64_t t = a.step0; t < a.step0 + a.steps; ++t) {
    const step_draws s = draws(a, trajectory, t);
    for (int tid = 0; tid < threads; ++tid) load_sample(a, v, s.xi, tid, threads);
    const double r = sum([&](int tid) { return forward_part(a, v, tid, threads); }) - (a.y[s.xi] + s.eps);
    if (residual_diverged(r)) {
      a.diverged[k] = static_cast<std::int64_t>(t);
      return;
    }
    if (!a.sam) {
      for (int tid = 0; tid < threads; ++tid) sgd_update(a, v, r, tid, threads);
      continue;
    }
    const double xx = squared_norm_of_sample(a, v);
    sam_norm_parts norms{0, 0};
    for (int tid = 0; tid < threads; ++tid) {
      const sam_norm_parts p = sam_norms_part(a, v, tid, threads);
      norms.a2 += p.a2;
      norms.h2 += p.h2;
    }
    const double scale = sam_scale(a, r, xx, norms.a2, norms.h2);
    const double r2 = sum([&](int tid) { return sam_perturbed_part(a, v, r, scale, xx, tid, threads); }) -
                      (a.y[s.xi] + s.eps);
    for (int tid = 0; tid < threads; ++tid) sam_update(a, v, r, scale, xx, r2, tid, threads);
  }
}
#endif

}  // namespace lnsgd::sim::cuda::detail
