#pragma once
// Label noise eps_t (paper Eq. 3-4) and its on/off schedule (paper README, periodic experiment).
#include <cstdint>

#include "lnsgd/sim/philox_noise.hpp"

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
};

}  // namespace lnsgd::sim
