#pragma once
// Loss policies: the per-sample loss l(f, t) of a model output f against a (possibly noisy) target t, and its
// derivative dl/df, which is all a gradient stepper needs (grad l = dl/df * grad f). Concept Loss:
// engine/concepts.hpp. Each is written once for every scalar type.
#include <cmath>

namespace lnsgd::sim {

// l = scale (f - t)^2, dl/df = 2 scale (f - t). scale = 1/2 is the main paper's loss (Eq. 3, L = (1/2n) sum);
// scale = 1/4 the diagonal network's (1/4n) ||X beta - y||^2 (docs/models.md).
template <class Scalar>
struct squared_loss {
  Scalar scale = Scalar(0.5);

  Scalar value(const Scalar& f, const Scalar& t) const {
    const Scalar r = f - t;
    return scale * r * r;
  }
  // 2 scale (f - t); at scale 1/2 exactly f - t (no multiplication: the same bits as the paper's residual).
  Scalar derivative(const Scalar& f, const Scalar& t) const {
    if (scale == Scalar(0.5)) return f - t;
    return Scalar(2) * scale * (f - t);
  }
};

// The perceptron's hinge with margin 1/alpha on the output o = f against a label t in {-1, +1} (Sclocchi et al.):
// l = relu(1 - alpha t f) / alpha, dl/df = -t when alpha t f < 1, else 0 (the subgradient 0 at the kink).
template <class Scalar>
struct hinge_loss {
  Scalar alpha = Scalar(1);

  Scalar value(const Scalar& f, const Scalar& t) const {
    const Scalar z = Scalar(1) - alpha * t * f;
    return z > 0 ? z / alpha : Scalar(0);
  }
  Scalar derivative(const Scalar& f, const Scalar& t) const { return alpha * t * f < Scalar(1) ? Scalar(-t) : Scalar(0); }
};

// Softmax cross-entropy over K logits f against a class t in {0, ..., K-1} (the main paper's Algorithm 1 setting):
// l = log sum_c exp f_c - f_t, dl/df_c = softmax(f)_c - [c = t]. Computed with the largest logit subtracted.
template <class Scalar>
struct softmax_cross_entropy {
  template <class Logits>
  Scalar value(const Logits& f, long t) const {
    using std::exp;
    using std::log;
    Scalar top = f[0];
    for (long c = 1; c < long(f.size()); ++c) top = f[c] > top ? Scalar(f[c]) : top;
    Scalar sum = 0;
    for (long c = 0; c < long(f.size()); ++c) sum += exp(Scalar(f[c] - top));
    return log(sum) + top - f[t];
  }
  template <class Logits, class Out>
  void derivative(const Logits& f, long t, Out& df) const {
    using std::exp;
    Scalar top = f[0];
    for (long c = 1; c < long(f.size()); ++c) top = f[c] > top ? Scalar(f[c]) : top;
    Scalar sum = 0;
    for (long c = 0; c < long(f.size()); ++c) sum += (df[c] = exp(Scalar(f[c] - top)));
    for (long c = 0; c < long(f.size()); ++c) df[c] = df[c] / sum - (c == t ? Scalar(1) : Scalar(0));
  }
};

// Squared error on one-hot targets (the authors' Fig. 3 notebook trains with MSE on one-hot labels):
// l = (1/2) sum_c (f_c - [c = t])^2, dl/df_c = f_c - [c = t]. (The notebook's mean over classes is this loss / K:
// a rescaled step size.)
template <class Scalar>
struct one_hot_squared_loss {
  template <class Logits>
  Scalar value(const Logits& f, long t) const {
    Scalar sum = 0;
    for (long c = 0; c < long(f.size()); ++c) {
      const Scalar r = f[c] - (c == t ? Scalar(1) : Scalar(0));
      sum += r * r;
    }
    return sum / 2;
  }
  template <class Logits, class Out>
  void derivative(const Logits& f, long t, Out& df) const {
    for (long c = 0; c < long(f.size()); ++c) df[c] = f[c] - (c == t ? Scalar(1) : Scalar(0));
  }
};

}  // namespace lnsgd::sim
