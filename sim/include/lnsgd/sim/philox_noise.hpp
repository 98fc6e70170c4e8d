#pragma once
// Randomness as a pure function: every draw is Philox4x64-10(key = seed, counter = (trajectory, step, slot, stream)).
// The same (seed, trajectory, step, slot, stream) gives the same draw for any thread count, on any device, and the
// same leading bits in every precision. Layout and the uniform/normal construction: docs/randomness.md.
#include <Random123/philox.h>

#include <array>
#include <boost/math/constants/constants.hpp>
#include <cmath>
#include <cstdint>
#include <limits>

namespace lnsgd::sim {

// What a draw is for; each purpose has its own counter space so streams never overlap.
enum class stream : std::uint32_t {
  train_inputs = 1,  // x_k entries of the training set
  test_inputs = 2,   // x_k entries of the test set
  target = 3,        // direction of theta*
  init = 4,          // W(0), a(0)
  sample_index = 5,  // xi_t, the sampled training index
  label_noise = 6,   // eps_t
  chain = 7,         // transitions of the Lemma 4.4 oscillation chain
  sde = 8,           // Brownian increments of the label-noise SDE
  sde_sampling = 9,  // Brownian increments of its sampling-noise term (the full modified equation)
  data_task = 10,    // classification tasks: subsets, synthetic inputs, teachers, class means (sim/data/)
  corruption = 11,   // the fixed symmetric corruption of a training set's labels
  shuffle = 12,      // an epoch's order of the training set (sampling without replacement)
  passage = 13,      // Gaussian increments of a first-passage searcher (drift-diffusion)
  reset = 14,        // resetting draws: Poisson resets, resetting SGD's U(0, 1) < r
  bridge = 15,       // Brownian-bridge crossing draws between the steps of a searcher
};

// The second word of every Philox key ("lnsgd"); the first is the seed. Shared with the CUDA backend.
inline constexpr std::uint64_t philox_key_tag = 0x6c6e736764ULL;

class philox_noise {
 public:
  using words = std::array<std::uint64_t, 4>;

  philox_noise(std::uint64_t seed, std::uint64_t trajectory) : seed_(seed), trajectory_(trajectory) {}

  std::uint64_t seed() const { return seed_; }
  std::uint64_t trajectory() const { return trajectory_; }

  // Four raw 64-bit words; `block` extends one draw to more than four words (high-precision uniforms).
  words raw(stream s, std::uint64_t step, std::uint64_t slot, std::uint32_t block = 0) const {
    r123::Philox4x64 gen;
    const r123::Philox4x64::ctr_type ctr = {
        {trajectory_, step, slot, (std::uint64_t(block) << 32) | static_cast<std::uint32_t>(s)}};
    const r123::Philox4x64::key_type key = {{seed_, philox_key_tag}};
    const auto out = gen(ctr, key);
    return {out[0], out[1], out[2], out[3]};
  }

  // Uniform index in [0, n): Lemire's multiply-shift of one 64-bit word (bias below n / 2^64).
  std::uint64_t index(stream s, std::uint64_t step, std::uint64_t slot, std::uint64_t n) const {
    __extension__ using u128 = unsigned __int128;
    const u128 product = static_cast<u128>(raw(s, step, slot)[0]) * n;
    return static_cast<std::uint64_t>(product >> 64);
  }

  // Rademacher sign +1 / -1 from the top bit of one word.
  int sign(stream s, std::uint64_t step, std::uint64_t slot) const {
    return (raw(s, step, slot)[0] >> 63) ? 1 : -1;
  }

  // Uniform in (0, 1] carrying Scalar's full mantissa (see uniform_from_words).
  template <class Scalar>
  Scalar uniform(stream s, std::uint64_t step, std::uint64_t slot) const {
    std::array<std::uint64_t, max_words> w{};
    fill_interleaved(s, step, slot, w.data(), nullptr);
    return uniform_from_words<Scalar>(w.data());
  }

  // Standard normal by Box-Muller, z = sqrt(-2 ln u1) cos(2 pi u2), evaluated in Scalar from full-precision
  // uniforms: a double draw is the 50-digit draw of the same slot to within double rounding.
  template <class Scalar>
  Scalar normal(stream s, std::uint64_t step, std::uint64_t slot) const {
    using std::cos;
    using std::log;
    using std::sqrt;
    std::array<std::uint64_t, max_words> w1{}, w2{};
    fill_interleaved(s, step, slot, w1.data(), w2.data());
    const Scalar u1 = uniform_from_words<Scalar>(w1.data());
    const Scalar u2 = uniform_from_words<Scalar>(w2.data());
    return sqrt(Scalar(-2) * log(u1)) * cos(boost::math::constants::two_pi<Scalar>() * u2);
  }

  // (N + 1) 2^-p with N the leading p = digits(Scalar) bits of the words w[0], w[1], ...: exact in Scalar, in (0, 1].
  template <class Scalar>
  static Scalar uniform_from_words(const std::uint64_t* w) {
    using std::ldexp;
    constexpr int p = std::numeric_limits<Scalar>::digits;
    static_assert(p <= 64 * max_words, "scalar type wider than the words drawn for it");
    Scalar n = 0;
    int remaining = p;
    for (int k = 0; remaining > 0; ++k) {
      const int b = remaining < 64 ? remaining : 64;
      n = ldexp(n, b) + Scalar(w[k] >> (64 - b));
      remaining -= b;
    }
    return ldexp(n + Scalar(1), -p);
  }

  static constexpr int max_words = 4;  // up to 256 mantissa bits per uniform

 private:
  // Words for two uniforms, interleaved so every precision shares leading words: first uses raw words 0, 2, 4, 6;
  // second uses 1, 3, 5, 7 (blocks 0 and 1). A uniform needing one word reads only block 0.
  void fill_interleaved(stream s, std::uint64_t step, std::uint64_t slot, std::uint64_t* first,
                        std::uint64_t* second) const {
    const words b0 = raw(s, step, slot, 0);
    const words b1 = raw(s, step, slot, 1);
    const std::uint64_t all[8] = {b0[0], b0[1], b0[2], b0[3], b1[0], b1[1], b1[2], b1[3]};
    for (int k = 0; k < max_words; ++k) {
      first[k] = all[2 * k];
      if (second) second[k] = all[2 * k + 1];
    }
  }

  std::uint64_t seed_;
  std::uint64_t trajectory_;
};

}  // namespace lnsgd::sim
