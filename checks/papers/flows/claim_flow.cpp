// The gradient flow of the full-batch loss (docs/derivations.md section 1): GD with step eta is its Euler scheme, so GD approaches it
// with first-order global error; the flow conserves each neuron's balance D_i = ||w_i||^2 - a_i^2, which GD changes
// by exactly eta^2 Delta W_i(j) per step (derived: expand both updates). Numerical-analysis facts about the paper's
// dynamics, not statements of the paper: no hypothesis of Condition 1 is involved.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "lnsgd/sim/integrate.hpp"
#include "checks.hpp"
#include "lnsgd/checks/statistics.hpp"
#include "lnsgd/sim/flows/gradient_flow.hpp"
#include "lnsgd/sim/flows/integrate_flow.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "lnsgd/sim/synthetic_problem.hpp"
#include "lnsgd/theory/zhang2026/shrinkage.hpp"

namespace lnsgd::checks {
namespace {

using sim::float50;
template <class Scalar>
using model_t = sim::two_layer_linear<Scalar>;

// D_i = ||w_i||^2 - a_i^2 of every neuron.
template <class Scalar>
sim::vector_t<Scalar> balances(const model_t<Scalar>& model, const sim::vector_t<Scalar>& theta) {
  return model.first_layer(theta).rowwise().squaredNorm() - model.second_layer(theta).cwiseAbs2();
}

// GD's exact per-step change of the balance (derived): with g = (1/n) sum_k r_k x_k, both updates give
// D_i(j+1) - D_i(j) = eta^2 (a_i^2 ||g||^2 - (w_i^T g)^2) = eta^2 Delta W_i(j).
template <class Scalar>
sim::vector_t<Scalar> predicted_balance_change(const model_t<Scalar>& model, const sim::regression_data<Scalar>& data,
                                               const sim::vector_t<Scalar>& theta, const Scalar& eta) {
  sim::vector_t<Scalar> e2e;
  model.end_to_end(theta, e2e);
  const sim::vector_t<Scalar> r = data.x_train * e2e - data.y_train;
  const sim::vector_t<Scalar> g = data.x_train.transpose() * r / Scalar(double(data.n()));
  const sim::vector_t<Scalar> w_g = model.first_layer(theta) * g;
  return (eta * eta) * theory::delta_w(w_g.array(), model.second_layer(theta).array(), Scalar(g.squaredNorm())).matrix();
}

struct balance_result {
  double flow_drift = 0;         // max_i |D_i(T) - D_i(0)| / max_i (||w_i(0)||^2 + a_i(0)^2), along the flow
  double gd_drift = 0;           // the same for GD over T/eta steps
  double gd_identity_residual = 0;  // max over steps and i of |Delta D_i - eta^2 Delta W_i| / (||w_i||^2 + a_i^2)
  std::size_t flow_steps = 0;
};

balance_result run_balance(std::int64_t m, std::int64_t d, std::int64_t n, double time, double eta) {
  using S = float50;
  const sim::synthetic_problem<S> prob(m, d, n, 5, 1);
  const auto& [data, model, seed] = prob;
  const auto theta0 = prob.initial_state(0);
  const S scale = (model.first_layer(theta0).rowwise().squaredNorm() + model.second_layer(theta0).cwiseAbs2()).maxCoeff();
  const auto d0 = balances(model, theta0);
  balance_result out;

  sim::gradient_flow<model_t<S>> flow(model, data);
  auto x = flow.to_state(theta0);
  out.flow_steps = sim::integrate_flow(std::ref(flow), x, S(0), S(time), S("1e-36"));
  out.flow_drift = sim::to_double(S((balances(model, flow.to_vector(x)) - d0).cwiseAbs().maxCoeff() / scale));

  sim::label_noise_sgd<model_t<S>> gd(model, {1, true}, {});
  const auto sys = prob.system(0);
  auto theta = theta0;
  const S eta_s = S(eta);
  const auto steps = static_cast<std::uint64_t>(std::llround(time / eta));
  for (std::uint64_t t = 0; t < steps; ++t) {
    const auto before = balances(model, theta);
    const auto predicted = predicted_balance_change(model, data, theta, eta_s);
    const S size = (model.first_layer(theta).rowwise().squaredNorm() + model.second_layer(theta).cwiseAbs2()).maxCoeff();
    sim::advance(gd, sys, theta, t, 1, eta_s);
    const S residual = ((balances(model, theta) - before) - predicted).cwiseAbs().maxCoeff() / size;
    out.gd_identity_residual = std::max(out.gd_identity_residual, sim::to_double(residual));
  }
  out.gd_drift = sim::to_double(S((balances(model, theta) - d0).cwiseAbs().maxCoeff() / scale));
  return out;
}

}  // namespace

verdict check_flow_balance(profile p) {
  const bool full = p == profile::full;
  const std::int64_t m = full ? 16 : 8, d = full ? 8 : 4, n = full ? 40 : 20;
  const double time = 2, eta = 0.05;
  constexpr double flow_tolerance = 1e-30, identity_tolerance = 1e-40;
  const auto r = run_balance(m, d, n, time, eta);
  verdict v;
  v.claim = "flow-balance";
  v.inequality = "in 50 digits: the flow's max_i |D_i(T) - D_i(0)| <= 1e-30 (relative to max_i ||w_i||^2 + a_i^2), and "
                 "GD's per-step |Delta D_i - eta^2 Delta W_i| <= 1e-40 (relative), D_i = ||w_i||^2 - a_i^2";
  v.tested = "a conservation law of the flow (Bulirsch-Stoer at tolerance 1e-36) and an exact identity of GD";
  v.where = regime::in_regime;
  v.result = r.flow_drift <= flow_tolerance && r.gd_identity_residual <= identity_tolerance ? status::holds
                                                                                              : status::violated;
  v.evidence = {{"flow_balance_drift", r.flow_drift},
                {"flow_steps", r.flow_steps},
                {"gd_identity_residual", r.gd_identity_residual},
                {"gd_balance_drift", r.gd_drift},
                {"tolerances", {{"flow", flow_tolerance}, {"identity", identity_tolerance}}},
                {"config", {{"m", m}, {"d", d}, {"n", n}, {"flow_time", time}, {"eta", eta}, {"seed", 1},
                            {"precision", "float50"}}}};
  // Control: GD itself must fail the conservation criterion (its balance moves by eta^2 Delta W per step).
  v.control = control_outcome{"GD (eta = 0.05) judged by the flow's conservation criterion",
                              r.gd_drift > flow_tolerance, {{"gd_balance_drift", r.gd_drift}}};
  v.margin = "flow drift " + format_number(r.flow_drift) + " (<= 1e-30); GD identity residual " +
             format_number(r.gd_identity_residual) + " (<= 1e-40)";
  v.confidence = "deterministic: 50-digit arithmetic, " + std::to_string(r.flow_steps) + " Bulirsch-Stoer steps";
  std::ostringstream log;
  log << "flow: balance drift " << r.flow_drift << " over flow time " << time << " (" << r.flow_steps
      << " steps)\nGD: per-step identity residual " << r.gd_identity_residual << ", total balance drift " << r.gd_drift
      << " (control)\n";
  v.log = log.str();
  return v;
}

namespace {

constexpr double order_band = 0.1;

struct order_run {
  std::vector<double> etas, errors, control_errors;
  std::vector<double> orders, control_orders;  // local orders of successive eta pairs
  data_table overlay{"overlay", "GD against the gradient flow at t = eta k (the middle eta of the sweep)",
                     {"time", "train_loss_gd", "train_loss_flow", "mean_w_norm_gd", "mean_w_norm_flow", "distance"}};
};

// log(e_k / e_{k+1}) / log(eta_k / eta_{k+1}) for successive etas.
std::vector<double> local_orders(const std::vector<double>& etas, const std::vector<double>& errors) {
  std::vector<double> p;
  for (std::size_t k = 0; k + 1 < etas.size(); ++k)
    p.push_back(std::log(errors[k] / errors[k + 1]) / std::log(etas[k] / etas[k + 1]));
  return p;
}

double train_loss(const model_t<double>& model, const sim::regression_data<double>& data, const sim::vector_t<double>& th) {
  sim::vector_t<double> e2e;
  model.end_to_end(th, e2e);
  return (data.x_train * e2e - data.y_train).squaredNorm() / (2.0 * double(data.n()));
}

order_run run_order(std::int64_t m, std::int64_t d, std::int64_t n, double time, const std::vector<double>& etas) {
  const sim::synthetic_problem<double> prob(m, d, n, 5, 1);
  const auto& [data, model, seed] = prob;
  const auto theta0 = prob.initial_state(0);
  sim::gradient_flow<model_t<double>> flow(model, data);
  constexpr double tol = 1e-12;  // far below the smallest GD error of the sweep
  const auto flow_at = [&](sim::vector_t<double> start, double t) {
    auto x = flow.to_state(start);
    sim::integrate_flow(std::ref(flow), x, 0.0, t, tol);
    return flow.to_vector(x);
  };
  auto nudged = theta0;  // the control's start: a_0 moved by 1e-3
  nudged[m * d] += 1e-3;
  const auto reference = flow_at(theta0, time), shifted = flow_at(nudged, time);
  const auto sys = prob.system(0);
  order_run out;
  out.etas = etas;
  for (std::size_t k = 0; k < etas.size(); ++k) {
    sim::label_noise_sgd<model_t<double>> gd(model, {1, true}, {});
    auto theta = theta0;
    auto x = flow.to_state(theta0);
    const auto steps = static_cast<std::uint64_t>(std::llround(time / etas[k]));
    const bool overlay = k == etas.size() / 2;
    for (std::uint64_t t = 0; t <= steps; ++t) {
      if (overlay) {
        const auto f = flow.to_vector(x);
        out.overlay.add({etas[k] * double(t), train_loss(model, data, theta), train_loss(model, data, f),
                         model.first_layer(theta).rowwise().norm().mean(), model.first_layer(f).rowwise().norm().mean(),
                         (theta - f).norm()});
        if (t < steps) sim::integrate_flow(std::ref(flow), x, etas[k] * double(t), etas[k] * double(t + 1), tol);
      }
      if (t < steps) sim::advance(gd, sys, theta, t, 1, etas[k]);
    }
    out.errors.push_back((theta - reference).norm());
    out.control_errors.push_back((theta - shifted).norm());
  }
  out.orders = local_orders(out.etas, out.errors);
  out.control_orders = local_orders(out.etas, out.control_errors);
  return out;
}

// The decision, shared with the control (a deterministic sweep: local orders, no interval): the order of the
// smallest-eta pair within 1 +- 0.1 (the asymptotic order) and every pair's within 1 +- 0.3.
bool first_order(const std::vector<double>& orders) {
  if (orders.empty() || std::abs(orders.back() - 1) > order_band) return false;
  return std::all_of(orders.begin(), orders.end(), [](double p) { return std::abs(p - 1) <= 3 * order_band; });
}

}  // namespace

verdict check_flow_order(profile p) {
  const bool full = p == profile::full;
  const std::int64_t m = full ? 100 : 20, d = full ? 20 : 5, n = full ? 200 : 50;
  const double time = 4;
  const auto etas = full ? std::vector<double>{0.04, 0.02, 0.01, 0.005, 0.0025, 0.00125}
                         : std::vector<double>{0.04, 0.02, 0.01, 0.005};
  const auto r = run_order(m, d, n, time, etas);
  verdict v;
  v.claim = "flow-gd-order";
  v.inequality = "the local orders log(e_k/e_k+1)/log(eta_k/eta_k+1) of e = ||theta_GD(T/eta) - theta_flow(T)|| over "
                 "successive etas: the smallest pair's within 1 +- 0.1 (first-order global error) and every pair's "
                 "within 1 +- 0.3, T = 4";
  v.tested = "GD as the Euler scheme of the gradient flow (controlled dopri5 at tolerance 1e-12 as the reference)";
  v.where = regime::in_regime;
  v.result = first_order(r.orders) ? status::holds : status::violated;
  v.evidence = {{"etas", r.etas},
                {"errors", r.errors},
                {"local_orders", r.orders},
                {"band", order_band},
                {"config", {{"m", m}, {"d", d}, {"n", n}, {"flow_time", time}, {"seed", 1}, {"precision", "double"}}}};
  v.control = control_outcome{"the flow started with a_0 moved by 1e-3 (an error that does not vanish with eta)",
                              !first_order(r.control_orders),
                              {{"errors", r.control_errors}, {"local_orders", r.control_orders}}};
  data_table errors("errors", "GD's distance to the flow at T per eta; the control's flow starts with a_0 moved by 1e-3",
                    {"eta", "error", "control_error"});
  for (std::size_t k = 0; k < etas.size(); ++k) errors.add({etas[k], r.errors[k], r.control_errors[k]});
  v.tables = {r.overlay, errors};
  const auto [low, high] = std::minmax_element(r.orders.begin(), r.orders.end());
  v.margin = "local orders " + format_number(*low) + " .. " + format_number(*high) + ", smallest pair " +
             format_number(r.orders.back()) + " (predicted 1)";
  v.confidence = "deterministic: " + std::to_string(etas.size()) + " step sizes, local orders (no interval)";
  std::ostringstream log;
  log << "errors at T = " << time << ": " << nlohmann::json(r.errors).dump() << "\nlocal orders "
      << nlohmann::json(r.orders).dump() << "; control (flow from a nudged start) " << nlohmann::json(r.control_orders).dump()
      << "\n";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
