#pragma once
// What an alpha-mlp run reports (docs/models.md, "alpha-mlp"): the relative weight change |w - w0|/|w0| (the lazy
// vs feature-learning diagnostic), layer by layer too, the training points still unfitted, the training hinge loss
// and the test error of sign(F).
#include <cmath>
#include <cstdint>
#include <vector>

#include "alpha_mlp/alpha_trick.hpp"
#include "lnsgd/sim/data/classification_data.hpp"

namespace lnsgd::sim::models {

// A binary task: inputs and labels +-1 (y = +1 for class 0 — Fashion-MNIST even-odd: an even class id).
template <class Scalar>
struct binary_set {
  rows_t<Scalar> x;
  vector_t<Scalar> y;
};

template <class Scalar>
binary_set<Scalar> binary_labels(const data::labelled_set<Scalar>& s) {
  binary_set<Scalar> b{s.x, vector_t<Scalar>(s.n())};
  for (std::int64_t j = 0; j < s.n(); ++j) b.y[j] = s.labels[std::size_t(j)] == 0 ? Scalar(1) : Scalar(-1);
  return b;
}

struct alpha_summary {
  double delta_w_norm = 0, w0_norm = 0, relative_change = 0;  // |w - w0|, |w0|, their ratio
  std::vector<double> layer_relative_change;                  // |W_l - W_l(0)| / |W_l(0)|, l = 1 .. L + 1
  std::int64_t unfit = 0;
  double train_loss = 0;  // mean relu(1 - F y)/alpha over the training set
  double test_error = 0;  // fraction of test points with sign(F) != y (F = 0 counts as an error)
};

template <class Scalar>
alpha_summary summarise(const alpha_problem<Scalar>& p, const vector_t<Scalar>& w, const vector_t<Scalar>& w0,
                        const binary_set<Scalar>& test, const vector_t<Scalar>& test_f0) {
  using std::sqrt;
  alpha_summary s;
  const vector_t<Scalar> dw = w - w0;
  s.delta_w_norm = double(sqrt(dw.squaredNorm()));
  s.w0_norm = double(sqrt(w0.squaredNorm()));
  s.relative_change = s.delta_w_norm / s.w0_norm;
  for (Eigen::Index l = 0; l < p.net.layers(); ++l) {
    const auto at = p.net.weight_offset(l), n = p.net.weight_count(l);
    s.layer_relative_change.push_back(double(sqrt(dw.segment(at, n).squaredNorm() / w0.segment(at, n).squaredNorm())));
  }
  const auto f = network_outputs(p.net, w, p.x);
  double loss = 0;
  for (Eigen::Index j = 0; j < f.size(); ++j) {
    s.unfit += unfit_output(p, j, Scalar(f[j]));
    loss += std::max(0.0, double(1 - p.alpha * (f[j] - p.f0[j]) * p.y[j]));
  }
  s.train_loss = loss / double(f.size()) / double(p.alpha);
  const auto ft = network_outputs(p.net, w, test.x);
  std::int64_t wrong = 0;
  for (Eigen::Index j = 0; j < ft.size(); ++j) wrong += !((ft[j] - test_f0[j]) * test.y[j] > 0);
  s.test_error = double(wrong) / double(ft.size());
  return s;
}

}  // namespace lnsgd::sim::models
