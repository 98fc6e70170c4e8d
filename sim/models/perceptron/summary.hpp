#pragma once
// What a perceptron run reports (docs/models.md, "perceptron"): the norms of Delta w and of its informative and
// uninformative parts, the amplification factor of w = w0 + Delta w (the authors' record: with the centred output
// w0 ~ N(0, I) enters nothing else), the training set still unfitted, and the test error of sign(o).
#include <cmath>
#include <cstdint>

#include "perceptron/perceptron.hpp"

namespace lnsgd::sim::models {

// w0 ~ N(0, I_d) of trajectory k (stream init).
template <class Scalar>
vector_t<Scalar> perceptron_w0(const philox_noise& noise, std::int64_t d) {
  vector_t<Scalar> w0(d);
  for (std::int64_t i = 0; i < d; ++i) w0[i] = noise.normal<Scalar>(stream::init, 0, std::uint64_t(i));
  return w0;
}

}  // namespace lnsgd::sim::models

namespace lnsgd::sim::models {

struct perceptron_summary {
  double delta_w_norm = 0, delta_w_1 = 0, delta_w_perp_norm = 0;
  double amplification = 0;  // w_1^2 / (|w_perp|^2 / (d - 1)) of w = w0 + Delta w
  std::int64_t unfit = 0;
  double test_error = 0;  // fraction of test points with sign(o) != y (o = 0 counts as an error)
};

template <class Scalar>
perceptron_summary summarise(const perceptron_problem<Scalar>& p, const vector_t<Scalar>& dw,
                             const vector_t<Scalar>& w0, const sign_task<Scalar>& test) {
  using std::sqrt;
  perceptron_summary s;
  const double d = double(dw.size());
  s.delta_w_norm = double(sqrt(dw.squaredNorm()));
  s.delta_w_1 = double(dw[0]);
  const double perp2 = double(dw.tail(dw.size() - 1).squaredNorm());
  s.delta_w_perp_norm = std::sqrt(perp2);
  const vector_t<Scalar> w = w0 + dw;
  const double w_perp2 = double(w.tail(w.size() - 1).squaredNorm()), w1 = double(w[0]);
  s.amplification = w_perp2 > 0 ? w1 * w1 / (w_perp2 / (d - 1)) : 0.0;
  s.unfit = unfit_points(p, dw);
  const vector_t<Scalar> o = test.x * (p.offset.size() ? w : dw);  // the trained output's sign
  std::int64_t wrong = 0;
  for (Eigen::Index j = 0; j < o.size(); ++j) wrong += !(o[j] * test.y[j] > 0);
  s.test_error = double(wrong) / double(o.size());
  return s;
}

}  // namespace lnsgd::sim::models
