#include "fixed_output_runs.hpp"

#include <stdexcept>

#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/precision.hpp"
#include "lnsgd/sim/record_schedule.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "lnsgd/sim/sweep/run_sweep.hpp"
#include "series_table.hpp"
#include "two_layer_fixed_output/data.hpp"
#include "two_layer_fixed_output/model.hpp"
#include "two_layer_fixed_output/observables.hpp"

namespace lnsgd::checks::gatmiry {

namespace {

// A stepper followed by weight decay theta <- (1 - eta lambda) theta: its gradient has a part outside span{x_i}.
template <class Inner>
struct with_weight_decay {
  using state_type = typename Inner::state_type;
  using value_type = typename Inner::value_type;
  using time_type = typename Inner::time_type;
  Inner inner;
  value_type lambda;
  template <class System>
  void do_step(const System& sys, state_type& theta, time_type t, const value_type& eta) {
    inner.do_step(sys, theta, t, eta);
    theta *= value_type(1) - eta * lambda;
  }
  const auto& last_step() const { return inner.last_step(); }
};

template <class Scalar>
series run_one(const fixed_output_setup& s, const sim::regression_data<Scalar>& data, std::uint64_t k) {
  using model_t = sim::models::two_layer_fixed_output<Scalar>;
  const model_t model(s.m, s.d, sim::vector_t<Scalar>::Constant(s.m, Scalar(1)), s.phi);
  const sim::problem<model_t> sys{model, data, sim::philox_noise(s.seed, k)};
  typename model_t::vector_type theta;
  model.initialize(theta, sys.noise);
  theta *= Scalar(s.init_scale);
  sim::models::fixed_output_observables<Scalar> obs(model, data, sim::squared_loss<Scalar>{Scalar(0.5)}, Scalar(1));
  sim::label_noise<Scalar> noise;
  noise.sigma = Scalar(s.sigma);
  with_weight_decay<sim::label_noise_sgd<model_t>> stepper{{model, {1, s.full_batch}, noise}, Scalar(s.weight_decay)};
  const auto steps = sim::record_steps(sim::spacing::linear, s.records, s.steps);
  return record_series(sys, theta, stepper, Scalar(s.eta), obs, steps);
}

}  // namespace

std::vector<series> run_fixed_output(const fixed_output_setup& s, std::uint64_t trajectories) {
  const auto data = sim::models::make_uniform_regression<double>(s.n, s.d, 1);
  std::vector<series> out(trajectories);
#pragma omp parallel for schedule(dynamic, 1)
  for (std::int64_t k = 0; k < static_cast<std::int64_t>(trajectories); ++k)
    out[k] = run_one<double>(s, data, static_cast<std::uint64_t>(k));
  return out;
}

namespace {

nlohmann::json sweep_spec_of(const std::vector<fixed_output_setup>& setups, std::uint64_t trajectories) {
  const fixed_output_setup plain;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& s : setups) {
    if (s.weight_decay != plain.weight_decay || s.full_batch != plain.full_batch || s.init_scale != plain.init_scale ||
        s.phi != plain.phi || s.seed != setups.front().seed)
      throw std::logic_error("run_fixed_output_sweep: a setup the registry's model does not run, or another seed");
    list.push_back({{"m", s.m},
                    {"d", s.d},
                    {"n", s.n},
                    {"eta", s.eta},
                    {"sigma", s.sigma},
                    {"steps", s.steps},
                    {"record_points", s.records}});
  }
  // The data use seed 1 and trajectory k stream (seed, k), as run_fixed_output; linear record points.
  return {{"base",
           {{"model", "two-layer-fixed-output"},
            {"dynamics", "label-noise-sgd"},
            {"data_seed", 1},
            {"record", "linear"},
            {"snapshots", nlohmann::json::array()},
            {"trajectories", trajectories}}},
          {"list", list},
          {"seeds", {setups.front().seed}}};
}

}  // namespace

std::vector<std::vector<series>> run_fixed_output_sweep(const std::vector<fixed_output_setup>& setups,
                                                        std::uint64_t trajectories) {
  if (setups.empty()) return {};
  sim::sweep::sweep_spec spec;
  if (auto error = sim::sweep::parse_spec(sweep_spec_of(setups, trajectories), spec))
    throw std::logic_error("run_fixed_output_sweep: " + *error);
  const auto cells = sim::sweep::run_in_scratch(spec, 0, {"trajectory.csv"});
  std::vector<std::vector<series>> out;
  for (std::size_t k = 0; k < cells.size(); ++k) {
    const auto& c = cells[k];
    if ((c.status != "completed" && c.status != "diverged") || !c.files.count("trajectory.csv"))
      throw std::runtime_error("run_fixed_output_sweep: cell " + std::to_string(k) + " " + c.status + " " + c.error);
    out.push_back(series_from_table(c.files.at("trajectory.csv"), c.trajectories));
  }
  return out;
}

std::vector<double> last_quarter(const series& s, const std::string& column, bool relative_to_minimum) {
  const auto values = s.column(column);
  const auto from = values.size() * 3 / 4;
  std::vector<double> out;
  for (std::size_t k = from; k < values.size(); ++k)
    out.push_back(relative_to_minimum ? values[k] / s.at("sharpness_min", k) : values[k]);
  return out;
}

std::uint64_t drop_diverged(std::vector<series>& runs) {
  const auto before = runs.size();
  std::erase_if(runs, [](const series& s) { return s.diverged; });
  if (runs.empty()) throw sim::diverged_run(0, "every run of the fixed-output network diverged");
  return before - runs.size();
}

series run_fixed_output_float50(const fixed_output_setup& s) {
  const auto data = sim::models::make_uniform_regression<sim::float50>(s.n, s.d, 1);
  return run_one<sim::float50>(s, data, 0);
}

}  // namespace lnsgd::checks::gatmiry
