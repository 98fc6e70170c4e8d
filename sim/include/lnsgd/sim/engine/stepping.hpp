#pragma once
// A trajectory advanced step by step from outside lnsgd's drivers (the Python module's lnsgd.trajectory;
// docs/python.md, "Step by step"): one model, its data and one stepper of the engine's dynamics, in double. The
// session owns the state theta; state() is a view of it (contiguous), so a caller may read and write it between
// calls without a copy. advance(k) is k calls of the stepper from the current state with the step indices a single
// run would use, so a run advanced in pieces draws the same noise as one advanced at once.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "lnsgd/sim/engine/dynamics.hpp"
#include "lnsgd/sim/engine/engine_config.hpp"
#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/problem.hpp"
#include "lnsgd/sim/synthetic_data.hpp"

namespace lnsgd::sim {

class stepping_session {
 public:
  virtual ~stepping_session() = default;
  // theta(t), parameter_count() doubles owned by the session: writing them changes where the next step starts.
  virtual std::span<double> state() = 0;
  virtual std::uint64_t step_index() const = 0;  // t: the steps done so far
  // Up to `steps` more steps. On divergence the result names the step (integrate_result::diverged_step), the state
  // is the stepper's last and step_index() counts the steps done before it. Never throws for divergence.
  virtual integrate_result advance(std::uint64_t steps) = 0;
  virtual const regression_data<double>& data() const = 0;
  // The model's observables (its trajectory.csv columns) at theta(t); NaN where one is undefined.
  virtual std::vector<std::string> columns() const = 0;
  virtual std::vector<double> observe() const = 0;
};

namespace detail {

// What the stepper and the observables refer to: built once on the heap, never moved.
template <class Model>
struct session_parts {
  template <class MakeModel>
  session_parts(regression_data<double> d, MakeModel&& make) : data(std::move(d)), model(make(data)) {}
  regression_data<double> data;
  Model model;
};

template <class Model, class Stepper, class Observables>
class engine_session final : public stepping_session {
 public:
  engine_session(std::shared_ptr<const session_parts<Model>> parts, Stepper stepper, Observables obs, double eta,
                 philox_noise noise)
      : parts_(std::move(parts)), stepper_(std::move(stepper)), obs_(std::move(obs)), eta_(eta), noise_(noise) {
    parts_->model.initialize(theta_, noise_);
  }

  std::span<double> state() override { return {theta_.data(), static_cast<std::size_t>(theta_.size())}; }
  std::uint64_t step_index() const override { return t_; }
  const regression_data<double>& data() const override { return parts_->data; }
  std::vector<std::string> columns() const override { return obs_.columns(); }

  integrate_result advance(std::uint64_t steps) override {
    if constexpr (requires { stepper_.reset(); }) stepper_.reset();  // the state may have been written since
    const problem<Model> sys{parts_->model, parts_->data, noise_};
    work_ = theta_;  // a stepper may move a new vector into its state: theta_'s storage, viewed by state(), stays
    const auto r = integrate_steps(stepper_, sys, work_, t_, steps, eta_, [](const auto&, std::uint64_t) {});
    theta_ = work_;  // same size: copied into place, never reallocated
    t_ += r.steps_done;
    return r;
  }

  std::vector<double> observe() const override {
    typename Observables::row_type row;
    obs_.record(theta_, row);
    std::vector<double> out;
    for (const auto& v : row) out.push_back(v ? double(*v) : std::nan(""));
    return out;
  }

 private:
  std::shared_ptr<const session_parts<Model>> parts_;
  Stepper stepper_;
  mutable Observables obs_;  // record() may keep scratch buffers
  double eta_;
  philox_noise noise_;
  typename Model::vector_type theta_, work_;
  std::uint64_t t_ = 0;
};

}  // namespace detail

// Observables any model has: the mean train and test losses (every sample's forward pass) and ||theta||; for a
// model whose recipe has none of its own.
template <class Model, class Loss>
class loss_observables {
 public:
  using row_type = std::vector<std::optional<double>>;
  loss_observables(const Model& model, const regression_data<double>& data, Loss loss)
      : model_(model), data_(data), loss_(loss) {}
  std::vector<std::string> columns() const { return {"train_loss", "test_loss", "theta_norm"}; }
  void record(const vector_t<double>& theta, row_type& row) const {
    row = {mean_loss(theta, data_.x_train, data_.y_train), mean_loss(theta, data_.x_test, data_.y_test), theta.norm()};
  }

 private:
  double mean_loss(const vector_t<double>& theta, const rows_t<double>& x, const vector_t<double>& y) const {
    auto ws = model_.make_workspace();
    std::vector<Eigen::Index> all(static_cast<std::size_t>(x.rows()));
    for (std::size_t k = 0; k < all.size(); ++k) all[k] = Eigen::Index(k);
    std::vector<double> f(all.size());
    model_.forward(theta, x, all, f.data(), ws);
    double sum = 0;
    for (std::size_t k = 0; k < f.size(); ++k) sum += loss_.value(f[k], y[Eigen::Index(k)]);
    return f.empty() ? std::nan("") : sum / double(f.size());
  }
  const Model& model_;
  const regression_data<double>& data_;
  Loss loss_;
};

// A session for trajectory k of config c (any engine_config): make_data() builds the session's own data,
// make_model(data) the model from it, make_observables(model, data) its observables (which must not keep
// references to c), and the stepper is c.dynamics's (with_engine_stepper). Throws std::invalid_argument, before
// building anything, for a precision other than double (the state is a NumPy float64 array without a copy) or a
// dynamics outside engine_dynamics.
template <class MakeData, class MakeModel, class Loss, class MakeObservables>
std::unique_ptr<stepping_session> start_engine_session(const engine_config& c, MakeData&& make_data,
                                                       MakeModel&& make_model, const Loss& loss,
                                                       MakeObservables&& make_observables, std::uint64_t k) {
  using Model = std::remove_cvref_t<std::invoke_result_t<MakeModel&, const regression_data<double>&>>;
  if (c.precision != "double")
    throw std::invalid_argument("precision = " + c.precision + " (accepted step by step: double)");
  if (std::find(engine_dynamics.begin(), engine_dynamics.end(), c.dynamics) == engine_dynamics.end())
    throw std::invalid_argument("dynamics = " + c.dynamics +
                                " (accepted step by step: label-noise-sgd, sam, "
                                "gradient-flow, sde, sde-full)");
  const auto parts = std::make_shared<const detail::session_parts<Model>>(make_data(), make_model);
  auto obs = make_observables(parts->model, parts->data);
  const philox_noise noise(static_cast<std::uint64_t>(c.seed), k);
  return with_engine_stepper(c, parts->model, parts->data, loss, [&](auto& stepper) {
    using session = detail::engine_session<Model, std::remove_cvref_t<decltype(stepper)>, decltype(obs)>;
    return std::unique_ptr<stepping_session>(std::make_unique<session>(parts, stepper, obs, c.eta, noise));
  });
}

}  // namespace lnsgd::sim
