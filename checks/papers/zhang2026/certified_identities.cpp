#include "certified_identities.hpp"

#include <algorithm>
#include <stdexcept>

#include "lnsgd/sim/precision.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "lnsgd/sim/synthetic_problem.hpp"
#include "lnsgd/theory/certified/interval.hpp"
#include "lnsgd/theory/zhang2026/shrinkage.hpp"

namespace lnsgd::checks {
namespace {

using sim::float50;
using theory::interval;

// One scalar type's run: the problem cast from double (exact in float50 and in interval), and its stepper.
template <class Scalar>
struct twin {
  sim::two_layer_linear<Scalar> model;
  sim::regression_data<Scalar> data;
  sim::problem<sim::two_layer_linear<Scalar>> sys;
  sim::vector_t<Scalar> theta;
  sim::label_noise_sgd<sim::two_layer_linear<Scalar>> stepper;

  twin(const sim::synthetic_problem<double>& p, double sigma)
      : model(p.model.width(), p.model.input_dim()),
        data(cast(p.data)),
        sys{model, data, sim::philox_noise(p.seed, 0)},
        theta(p.initial_state(0).template cast<Scalar>()),
        stepper(model, {1, false}, noise(sigma)) {}

  static sim::regression_data<Scalar> cast(const sim::regression_data<double>& d) {
    sim::regression_data<Scalar> out;
    out.x_train = d.x_train.template cast<Scalar>();
    out.y_train = d.y_train.template cast<Scalar>();
    out.x_test = d.x_test.template cast<Scalar>();
    out.y_test = d.y_test.template cast<Scalar>();
    out.theta_star = d.theta_star.template cast<Scalar>();
    return out;
  }
  static sim::label_noise<Scalar> noise(double sigma) {
    sim::label_noise<Scalar> n;
    n.sigma = sigma;
    return n;
  }
};

// The widest coordinate of the enclosure, and the 50-digit twin's largest distance to its midpoint; `inside` is
// cleared when a 50-digit coordinate (read to 60 digits) is outside its enclosure.
void compare_states(const sim::vector_t<interval>& e, const sim::vector_t<float50>& f, double& width, double& distance,
                    bool& inside) {
  width = 0;
  distance = 0;
  for (Eigen::Index k = 0; k < e.size(); ++k) {
    width = std::max(width, theory::width_bound(e[k]));
    const interval point(f[k].str(60, std::ios_base::scientific));
    distance = std::max(distance, theory::upper_double(abs(point - interval(median(e[k])))));
    inside = inside && !(upper(point) < lower(e[k]) || lower(point) > upper(e[k]));
  }
}

}  // namespace

certified_identity_run run_certified_identities(const certified_identity_setup& s) {
  if (s.m <= 0 || s.d <= 0 || s.n <= 0 || s.steps == 0 || s.record_every == 0)
    throw std::invalid_argument("run_certified_identities: sizes, steps and record_every must be positive");
  const sim::synthetic_problem<double> prob(s.m, s.d, s.n, 1, s.seed);
  twin<interval> exact(prob, s.sigma);
  twin<float50> digits50(prob, s.sigma);
  const interval eta = s.eta, eta2 = eta * eta;
  const auto w0 = exact.model.first_layer(exact.theta).rowwise().squaredNorm().eval();
  const auto a0 = exact.model.second_layer(exact.theta).eval();
  Eigen::Matrix<interval, Eigen::Dynamic, 1> sum_dw = Eigen::Matrix<interval, Eigen::Dynamic, 1>::Zero(s.m);
  certified_identity_run out;
  for (std::uint64_t t = 0; t < s.steps && out.finite; ++t) {
    exact.stepper.do_step(exact.sys, exact.theta, t, eta);
    digits50.stepper.do_step(digits50.sys, digits50.theta, t, float50(s.eta));
    const auto& ws = *exact.stepper.last_step().gradient_step;
    auto a = exact.model.second_layer(exact.theta);
    if (s.nudge > 0 && t + 1 == s.steps / 2) {  // the control: the state moved inside this step
      a[0] += interval(s.nudge);
      exact.theta[0] += interval(s.nudge);
      exact.stepper.reset();
    }
    for (Eigen::Index i = 0; i < s.m; ++i) {
      const interval da = a[i] - ws.a_old[i];
      const interval residual = da * da - eta2 * ws.w_g[i] * ws.w_g[i];  // (a(j+1) - a(j))^2 - eta^2 r^2 (x^T w)^2
      out.max_step_residual_width = std::max(out.max_step_residual_width, theory::width_bound(residual));
      if (!zero_in(residual) && out.step_identity_excludes_zero_at < 0) out.step_identity_excludes_zero_at = t + 1;
      sum_dw[i] += theory::delta_w(ws.w_g[i], ws.a_old[i], ws.g_norm2);
    }
    if ((t + 1) % s.record_every != 0 && t + 1 != s.steps) continue;
    const auto w = exact.model.first_layer(exact.theta);
    for (Eigen::Index i = 0; i < s.m; ++i) {  // ||w_i(T)||^2 - (||w_i(0)||^2 + eta^2 sum dW_i - a_i(0)^2 + a_i(T)^2)
      const interval residual = w.row(i).squaredNorm() - (w0[i] + eta2 * sum_dw[i] - a0[i] * a0[i] + a[i] * a[i]);
      out.max_norm_residual_width = std::max(out.max_norm_residual_width, theory::width_bound(residual));
      if (!zero_in(residual) && out.norm_identity_excludes_zero_at < 0) out.norm_identity_excludes_zero_at = t + 1;
    }
    double width = 0, distance = 0;
    compare_states(exact.theta, digits50.theta, width, distance, out.float50_inside);
    out.finite = std::isfinite(width);
    out.record_steps.push_back(double(t + 1));
    out.state_width.push_back(width);
    out.float50_distance.push_back(distance);
  }
  return out;
}

}  // namespace lnsgd::checks
