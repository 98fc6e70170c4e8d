#pragma once
// Label-noise policies: what a stepper trains sample k of step t on, noisy_target(y, noise, t, k). Additive noise
// eps_t (paper Eq. 3-4) with its on/off schedule (paper README, periodic experiment), and label flips (the main
// paper's Algorithm 1 for classes; sign flips for +-1 labels). Concept LabelNoise: engine/concepts.hpp. Every
// decision is a pure function of (seed, trajectory, t, k): the same in every precision.
#include <cstdint>

#include <cmath>

#include "lnsgd/sim/philox_noise.hpp"
#include "lnsgd/sim/precision.hpp"

namespace lnsgd::sim {

// When the noise is on. Constant: always. Periodic: on for `on` steps, then off for `off` steps, repeated.
struct noise_schedule {
  enum class kind { constant, periodic };
  kind type = kind::constant;
  std::uint64_t on = 5000;
  std::uint64_t off = 5000;

  bool active(std::uint64_t step) const {
    return type == kind::constant || (step % (on + off)) < on;
  }
};

// eps ~ sigma * Rademacher (paper, reading [inference] of "eps ~ {-sigma, +sigma}") or sigma * N(0, 1) (option),
// drawn fresh for every sample of every step: slot = position in the batch.
template <class Scalar>
struct label_noise {
  enum class law { rademacher, gaussian };
  law distribution = law::rademacher;
  Scalar sigma = 0;
  noise_schedule schedule{};

  Scalar draw(const philox_noise& noise, std::uint64_t step, std::uint64_t slot) const {
    if (sigma == 0 || !schedule.active(step)) return Scalar(0);
    if (distribution == law::gaussian) return sigma * noise.normal<Scalar>(stream::label_noise, step, slot);
    return noise.sign(stream::label_noise, step, slot) > 0 ? sigma : Scalar(-sigma);
  }

  // y + eps, the label sample `slot` of step `step` is trained on.
  Scalar noisy_target(const Scalar& y, const philox_noise& noise, std::uint64_t step, std::uint64_t slot) const {
    return y + draw(noise, step, slot);
  }
};

// A class other than c, uniform over the classes - 1 others, from one 64-bit word (Lemire's multiply-shift): the
// flip of Algorithm 1 and of the fixed corruption (data/task.hpp).
inline std::int64_t other_class(std::int64_t c, std::uint64_t word, std::int64_t classes) {
  __extension__ using u128 = unsigned __int128;
  const auto shift = 1 + static_cast<std::int64_t>((static_cast<u128>(word) * std::uint64_t(classes - 1)) >> 64);
  return (c + shift) % classes;
}

// With probability tau a label is replaced: a class c in {0, ..., classes - 1} by a uniformly drawn different class
// (Algorithm 1: per step and per sample), or a +-1 label by its opposite (classes = 0). The flip is decided from
// the first word of draw (label_noise, step, slot) in double, the new class from its second word.
template <class Scalar>
struct label_flips {
  double tau = 0;
  std::int64_t classes = 0;  // 0: labels are -1 and +1
  noise_schedule schedule{};

  Scalar noisy_target(const Scalar& y, const philox_noise& noise, std::uint64_t step, std::uint64_t slot) const {
    if (tau == 0 || !schedule.active(step)) return y;
    const auto w = noise.raw(stream::label_noise, step, slot);
    const double u = std::ldexp(double((w[0] >> 11) + 1), -53);  // in (0, 1]
    if (!(u <= tau)) return y;
    if (classes == 0) return Scalar(-y);
    return Scalar(double(other_class(static_cast<std::int64_t>(to_double(y)), w[1], classes)));
  }
};

// The authors' Fig. 3 notebook variant of Algorithm 1 (docs/papers/zhang2026-two-layer-label-noise.md, 2.2): with
// probability tau the label is replaced by a class drawn uniformly from all `classes` classes, which may be the
// original one (an effective flip rate of tau (K - 1) / K). The notebook's reuse of one JAX key for the mask and
// the new label correlates the two in a way that depends on JAX's bit generator; that correlation is not
// reproduced. Same draw as label_flips: the decision from word 0, the class from word 1.
template <class Scalar>
struct notebook_flips {
  double tau = 0;
  std::int64_t classes = 2;
  noise_schedule schedule{};

  Scalar noisy_target(const Scalar& y, const philox_noise& noise, std::uint64_t step, std::uint64_t slot) const {
    if (tau == 0 || !schedule.active(step)) return y;
    const auto w = noise.raw(stream::label_noise, step, slot);
    if (!(std::ldexp(double((w[0] >> 11) + 1), -53) <= tau)) return y;
    __extension__ using u128 = unsigned __int128;
    return Scalar(double((static_cast<u128>(w[1]) * std::uint64_t(classes)) >> 64));
  }
};

}  // namespace lnsgd::sim
