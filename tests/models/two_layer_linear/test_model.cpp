// The two-layer linear model: analytic gradients against finite differences, and its two update paths.
#include <vector>

#include "support/catch.hpp"
#include "support/fixtures.hpp"

using namespace lnsgd;
using sim::float50;

namespace {

// Batch loss L_hat(theta) = (1/B) sum_k 1/2 (f(theta; x_k) - y_k - eps_k)^2 evaluated directly.
template <class Scalar>
Scalar batch_loss(const test::two_layer_problem<Scalar>& p, const sim::vector_t<Scalar>& theta,
                  const std::vector<std::int64_t>& idx, const std::vector<Scalar>& eps) {
  auto ws = p.model.make_workspace();
  std::vector<Scalar> f(idx.size());
  p.model.forward(theta, p.data.x_train, idx, f.data(), ws);
  Scalar loss = 0;
  for (std::size_t k = 0; k < idx.size(); ++k) {
    const Scalar r = f[k] - p.data.y_train[idx[k]] - eps[k];
    loss += r * r / 2;
  }
  return loss / Scalar(idx.size());
}

// Analytic gradient of batch_loss through the model's gradient(): coefficients r_k / B.
template <class Scalar>
sim::vector_t<Scalar> analytic_gradient(const test::two_layer_problem<Scalar>& p, const sim::vector_t<Scalar>& theta,
                                        const std::vector<std::int64_t>& idx, const std::vector<Scalar>& eps) {
  auto ws = p.model.make_workspace();
  std::vector<Scalar> c(idx.size());
  p.model.forward(theta, p.data.x_train, idx, c.data(), ws);
  for (std::size_t k = 0; k < idx.size(); ++k)
    c[k] = (c[k] - p.data.y_train[idx[k]] - eps[k]) / Scalar(idx.size());
  sim::vector_t<Scalar> g;
  p.model.gradient(theta, p.data.x_train, idx, c.data(), ws, g);
  return g;
}

template <class Scalar>
Scalar max_fd_error(const std::vector<std::int64_t>& idx, const Scalar& h) {
  const test::two_layer_problem<Scalar> p(6, 4, 10);
  const std::vector<Scalar> eps(idx.size(), Scalar(4));
  const auto g = analytic_gradient(p, p.theta, idx, eps);
  sim::vector_t<Scalar> fd(p.theta.size());
  for (Eigen::Index q = 0; q < p.theta.size(); ++q) {
    auto plus = p.theta, minus = p.theta;
    plus[q] += h;
    minus[q] -= h;
    fd[q] = (batch_loss(p, plus, idx, eps) - batch_loss(p, minus, idx, eps)) / (2 * h);
  }
  return test::relative_distance(fd, g);
}

}  // namespace

TEST_CASE("analytic gradients equal central differences in 50 digits", "[model][gradient]") {
  // The loss is quadratic along each coordinate, so central differences have no truncation error; what remains
  // is rounding, ~1e-50/h.
  const float50 h("1e-16");
  CHECK(max_fd_error<float50>({3}, h) < float50("1e-30"));
  CHECK(max_fd_error<float50>({0, 4, 4, 9}, h) < float50("1e-30"));
}

TEST_CASE("analytic gradients equal central differences in double", "[model][gradient]") {
  CHECK(max_fd_error<double>({3}, 1e-6) < 1e-8);
  CHECK(max_fd_error<double>({0, 4, 4, 9}, 1e-6) < 1e-8);
}

TEST_CASE("a wrong gradient is caught by the finite-difference comparison", "[model][gradient][control]") {
  // Negative control: perturb one component of the analytic gradient; the comparison above must see it.
  const test::two_layer_problem<float50> p(6, 4, 10);
  const std::vector<std::int64_t> idx{2};
  const std::vector<float50> eps{float50(0)};
  auto g = analytic_gradient(p, p.theta, idx, eps);
  auto wrong = g;
  wrong[5] *= float50("1.000001");
  CHECK(test::relative_distance(wrong, g) > float50("1e-8"));
}

TEST_CASE("descend moves theta by -eta times the gradient", "[model]") {
  for (std::vector<std::int64_t> idx : {std::vector<std::int64_t>{1}, std::vector<std::int64_t>{1, 5, 7}}) {
    test::two_layer_problem<float50> p(8, 5, 10);
    const float50 eta("0.01");
    const std::vector<float50> c(idx.size(), float50("0.3"));
    auto ws = p.model.make_workspace();
    std::vector<float50> f(idx.size());
    p.model.forward(p.theta, p.data.x_train, idx, f.data(), ws);
    sim::vector_t<float50> g;
    p.model.gradient(p.theta, p.data.x_train, idx, c.data(), ws, g);
    const sim::vector_t<float50> expected = p.theta - eta * g;
    p.model.forward(p.theta, p.data.x_train, idx, f.data(), ws);
    p.model.descend(p.theta, p.data.x_train, idx, c.data(), eta, ws);
    CHECK(test::relative_distance(p.theta, expected) < float50("1e-45"));
  }
}

TEST_CASE("NTK initialisation has variances 1/d and 1/m", "[model][init]") {
  const std::int64_t m = 2000, d = 25;
  test::two_layer_problem<double> p(m, d, 10);
  const auto w = p.model.first_layer(p.theta);
  const auto a = p.model.second_layer(p.theta);
  const double var_w = w.squaredNorm() / double(m * d), var_a = a.squaredNorm() / double(m);
  // Sample variance of N draws has relative standard error sqrt(2/N); allow 6 of them.
  CHECK(std::abs(var_w * d - 1) < 6 * std::sqrt(2.0 / double(m * d)));
  CHECK(std::abs(var_a * m - 1) < 6 * std::sqrt(2.0 / double(m)));
}

TEST_CASE("synthetic data is realisable with the requested norm of theta*", "[data]") {
  const test::two_layer_problem<float50> p(4, 6, 30, 9, 0.5);
  CHECK(abs(p.data.theta_star.norm() - float50("0.5")) < float50("1e-48"));
  CHECK((p.data.x_train * p.data.theta_star - p.data.y_train).norm() < float50("1e-45"));
}
