// Loss and label-noise policies (sim/include/lnsgd/sim/engine/loss.hpp, label_noise.hpp): values, derivatives
// against finite differences, and the label-flip law of the main paper's Algorithm 1.
#include <array>
#include <vector>

#include "lnsgd/sim/engine/concepts.hpp"
#include "lnsgd/sim/engine/loss.hpp"
#include "lnsgd/sim/label_noise.hpp"
#include "support/catch.hpp"

using namespace lnsgd;
using sim::float50;

static_assert(sim::Loss<sim::squared_loss<double>, double>);
static_assert(sim::Loss<sim::hinge_loss<float50>, float50>);
static_assert(sim::LabelNoise<sim::label_noise<double>, double>);
static_assert(sim::LabelNoise<sim::label_flips<float50>, float50>);

TEST_CASE("the squared and hinge losses' derivatives equal central differences", "[policy][loss]") {
  const sim::squared_loss<double> half{}, quarter{0.25};
  const sim::hinge_loss<double> hinge{2.0};
  const double h = 1e-6;
  for (const double f : {-1.3, -0.2, 0.1, 0.45, 2.0})
    for (const double t : {-1.0, 1.0}) {
      CHECK(half.derivative(f, t) == f - t);  // exactly the residual: the paper's loss
      CHECK(quarter.derivative(f, t) == Approx((quarter.value(f + h, t) - quarter.value(f - h, t)) / (2 * h)).epsilon(1e-8));
      if (std::abs(2.0 * t * f - 1.0) > 1e-3)  // away from the kink alpha t f = 1
        CHECK(hinge.derivative(f, t) == Approx((hinge.value(f + h, t) - hinge.value(f - h, t)) / (2 * h)).margin(1e-8));
    }
  CHECK(hinge.value(1.0, 1.0) == 0);  // alpha t f = 2 >= 1: no loss
  CHECK(hinge.value(0.0, 1.0) == Approx(0.5));  // relu(1)/alpha
}

TEST_CASE("softmax cross-entropy: its derivative equals central differences and sums to zero", "[policy][loss]") {
  const sim::softmax_cross_entropy<double> ce;
  const std::array<double, 4> f = {0.3, -1.2, 2.0, 0.5};
  std::array<double, 4> df{};
  ce.derivative(f, 2, df);
  double sum = 0;
  for (std::size_t c = 0; c < f.size(); ++c) {
    auto plus = f, minus = f;
    plus[c] += 1e-6;
    minus[c] -= 1e-6;
    CHECK(df[c] == Approx((ce.value(plus, 2) - ce.value(minus, 2)) / 2e-6).epsilon(1e-7));
    sum += df[c];
  }
  CHECK(std::abs(sum) < 1e-15);
  CHECK(ce.value(std::array<double, 2>{1000.0, 0.0}, 0) == Approx(0).margin(1e-300));  // no overflow
}

TEST_CASE("label flips: rate tau, never the same class, uniform over the others, the same in every precision",
          "[policy][noise]") {
  sim::label_flips<double> flips;
  flips.tau = 0.3;
  flips.classes = 10;
  sim::label_flips<float50> flips50;
  flips50.tau = 0.3;
  flips50.classes = 10;
  const sim::philox_noise noise(3, 1);
  const int draws = 20000;
  int flipped = 0;
  std::vector<int> to(10, 0);
  for (int t = 0; t < draws; ++t) {
    const double y = t % 10;
    const double z = flips.noisy_target(y, noise, std::uint64_t(t), 2);
    CHECK(sim::to_double(flips50.noisy_target(float50(y), noise, std::uint64_t(t), 2)) == z);
    if (z != y) {
      ++flipped;
      ++to[(int(z) - int(y) + 10) % 10];
    }
  }
  // Binomial(20000, 0.3): standard deviation 65; five of them.
  CHECK(std::abs(flipped - 0.3 * draws) < 5 * 65);
  CHECK(to[0] == 0);
  for (int s = 1; s < 10; ++s) CHECK(std::abs(to[s] - flipped / 9.0) < 5 * std::sqrt(flipped / 9.0));
  // +-1 labels flip sign; tau = 0 (the control) never flips.
  sim::label_flips<double> signs;
  signs.tau = 1;
  CHECK(signs.noisy_target(1.0, noise, 0, 0) == -1.0);
  signs.tau = 0;
  for (int t = 0; t < 100; ++t) CHECK(signs.noisy_target(1.0, noise, std::uint64_t(t), 0) == 1.0);
}
