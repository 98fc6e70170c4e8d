// Lemma 4.3's conditional probabilities at a state (checks/papers/zhang2026/conditional_shrinkage.hpp), computed by
// enumerating the step's 2n outcomes, against the frequencies of many sampled steps of the simulator's own stepper
// from that state, and against hand-made states where the answer is known.
#include <random>

#include "conditional_shrinkage.hpp"
#include "lnsgd/sim/observers/two_layer_observables.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "lnsgd/sim/synthetic_problem.hpp"
#include "support/catch.hpp"

using namespace lnsgd;

TEST_CASE("the exact conditional probabilities match the frequencies of sampled SGD steps", "[lem4.3][conditional]") {
  const sim::synthetic_problem<double> prob(12, 3, 20, 10, 1);
  const auto theta = prob.initial_state(0);
  const double sigma = 4, threshold = 1.0;
  const auto exact = checks::conditional_probabilities(prob.model.first_layer(theta), prob.model.second_layer(theta),
                                                       prob.data.x_train, prob.data.y_train, sigma, threshold);
  // Sampled: one label-noise SGD step from theta with 20000 independent draws (noise streams), Delta W_i from the
  // step's own residual, as the observer computes it.
  Eigen::ArrayXd nonpositive = Eigen::ArrayXd::Zero(12), below = Eigen::ArrayXd::Zero(12);
  const int draws = 20000;
  for (int k = 0; k < draws; ++k) {
    const auto sys = prob.system(static_cast<std::uint64_t>(k));
    auto th = theta;
    sim::label_noise<double> noise;
    noise.sigma = sigma;
    sim::label_noise_sgd<sim::two_layer_linear<double>> sgd(prob.model, {1, false}, noise);
    sim::two_layer_observables<double>::options opt;
    opt.eta = 1e-3;
    opt.sigma = sigma;
    sim::two_layer_observables<double> obs(prob.model, prob.data, th, opt);
    sgd.do_step(sys, th, 0, 1e-3);
    obs.on_step(th, 1, sgd.last_step());
    nonpositive += (obs.last_delta_w() <= 0).cast<double>() / draws;
    below += (obs.last_delta_w() <= -threshold).cast<double>() / draws;
  }
  for (Eigen::Index i = 0; i < 12; ++i) {  // binomial standard error <= 0.0036 at 20000 draws: 5 of them
    CHECK(exact.nonpositive[i] == Approx(nonpositive[i]).margin(0.018));
    CHECK(exact.below[i] == Approx(below[i]).margin(0.018));
  }
}

TEST_CASE("hand-made states give the known conditional probabilities", "[lem4.3][conditional]") {
  // One neuron, two samples x = e1 and x = e2, w = e1, a = 2: s = (x^T w)^2 - a^2 ||x||^2 is 1 - 4 < 0 and 0 - 4 < 0,
  // so Delta W = -r^2 s > 0 whenever r != 0: P(Delta W <= 0) = 0. With a = 0.5, s = 0.75 and -0.25: P = 1/2.
  Eigen::MatrixXd w(1, 2), x(2, 2);
  w << 1, 0;
  x << 1, 0, 0, 1;
  const Eigen::VectorXd y = Eigen::VectorXd::Zero(2);
  Eigen::VectorXd a(1);
  a << 2;
  CHECK(checks::conditional_probabilities(w, a, x, y, 1, 0.1).nonpositive[0] == 0);
  a << 0.5;
  const auto p = checks::conditional_probabilities(w, a, x, y, 1, 0.1);
  CHECK(p.nonpositive[0] == Approx(0.5));
  // Below -0.1 on sample 1 needs r^2 0.75 >= 0.1 with r = 0.5 - eps: eps = +1 gives 0.1875 (yes), eps = -1 gives
  // 1.6875 (yes): P = 1/2 from sample 1, 0 from sample 2.
  CHECK(p.below[0] == Approx(0.5));
}
