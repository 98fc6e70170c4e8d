#pragma once
// The precision-generic body of run_simulation; included once per scalar type by simulation_<type>.cpp.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

#include "lnsgd/sim/cuda/ensemble.hpp"
#include "lnsgd/sim/engine/dynamics.hpp"
#include "lnsgd/sim/engine/part_files.hpp"
#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/integrate_blocks.hpp"
#include "lnsgd/sim/models/two_layer_linear.hpp"
#include "lnsgd/sim/observers/two_layer_observables.hpp"
#include "lnsgd/sim/problem.hpp"
#include "lnsgd/sim/record_schedule.hpp"
#include "lnsgd/sim/simulation.hpp"
#include "lnsgd/sim/steppers/oscillation_chain.hpp"
#include "lnsgd/sim/synthetic_data.hpp"

namespace lnsgd::sim {
namespace detail {

template <class Scalar>
void write_cell(std::ostream& os, const std::optional<Scalar>& v) {
  os << ',';
  if (v) os << *v;
}

// What one trajectory writes: its observer, its rows and snapshots (part files, merged later), its escape steps and
// its summary. Shared by the CPU step loop and the CUDA backend, which hands it the state at every stop.
template <class Scalar>
class trajectory_recorder {
 public:
  using observables = two_layer_observables<Scalar>;

  trajectory_recorder(const simulation_config& c, const two_layer_linear<Scalar>& model,
                      const regression_data<Scalar>& data, const vector_t<Scalar>& theta0,
                      const std::vector<std::uint64_t>& records, const std::vector<std::uint64_t>& snapshots,
                      std::uint64_t k, const std::filesystem::path& dir)
      : obs(model, data, theta0, options(c)), k_(k), dir_(dir), records_(records), snapshots_(snapshots),
        columns_(obs.columns()), escape_csv_(open_or_throw(part_path(dir, "escape", k))),
        traj_csv_(open_or_throw(part_path(dir, "trajectory", k))),
        neuron_csv_(open_or_throw(part_path(dir, "neurons", k))) {
    for (auto* f : {&traj_csv_, &neuron_csv_}) f->precision(std::numeric_limits<Scalar>::max_digits10);
    snapshot_rows_.precision(std::numeric_limits<Scalar>::max_digits10);
  }

  static typename observables::options options(const simulation_config& c) {
    typename observables::options opt;
    opt.eta = Scalar(c.eta);
    opt.sigma = Scalar(c.sigma);
    opt.gradient_steps = c.dynamics == "label-noise-sgd" && c.backend == "cpu";
    opt.track_neuron = c.track_neuron;
    return opt;
  }

  // Rows and snapshots due at `step` (the state is theta(step)). Throws `divergence` on a non-finite value.
  void write_due(const vector_t<Scalar>& state, std::uint64_t step) {
    if (next_record_ < records_.size() && records_[next_record_] == step) {
      ++next_record_;
      write_row(state, step);
    }
    if (next_snapshot_ < snapshots_.size() && snapshots_[next_snapshot_] == step) {
      ++next_snapshot_;
      snapshot_rows_.str("");
      obs.snapshot(state, [&](auto i, const Scalar& wn, const Scalar& dot, const Scalar& a, const Scalar& dist) {
        if (!is_finite(wn) || !is_finite(dot) || !is_finite(a) || !is_finite(dist))
          throw divergence{"neuron " + std::to_string(i) + " is not finite (overflow)"};
        snapshot_rows_ << k_ << ',' << step << ',' << i << ',' << wn << ',' << dot << ',' << a << ',' << dist << '\n';
      });
      neuron_csv_ << snapshot_rows_.str();
    }
  }

  // A run stopped early (stop_escaped_fraction) ends with a row at its last step, unless one is there already.
  void write_stop(const vector_t<Scalar>& state, std::uint64_t step) {
    if (last_row_step_ != std::int64_t(step)) write_row(state, step);
  }

  // The next step at which the state must be formed (a row or a snapshot is due), after `t`.
  std::uint64_t next_stop(std::uint64_t t, std::uint64_t steps) const {
    std::uint64_t stop = steps;
    if (next_record_ < records_.size()) stop = std::min(stop, records_[next_record_]);
    if (next_snapshot_ < snapshots_.size()) stop = std::min(stop, snapshots_[next_snapshot_]);
    return std::max(stop, t + 1);
  }

  // Writes the escape steps, flushes, and summarises the run.
  trajectory_summary finish(const integrate_result& res) {
    // First exit of every neuron from the lazy regime (Definition 4.1); empty cell: it never left.
    for (std::size_t i = 0; i < obs.escape_steps().size(); ++i) {
      escape_csv_ << k_ << ',' << i << ',';
      if (obs.escape_steps()[i] >= 0) escape_csv_ << obs.escape_steps()[i];
      escape_csv_ << '\n';
    }
    if (!traj_csv_.flush() || !neuron_csv_.flush() || !escape_csv_.flush())
      throw std::runtime_error("write failed in " + dir_.string());
    trajectory_summary s;
    s.trajectory = k_;
    s.diverged = res.diverged;
    s.steps_done = res.steps_done;
    s.diverged_step = res.diverged_step;
    s.divergence_reason = res.reason;
    for (std::size_t i = 0; i < last_row_.size(); ++i)
      if (last_row_[i]) s.final_values.emplace_back(columns_[i], to_double(*last_row_[i]));
    std::vector<std::int64_t> escaped;
    for (auto e : obs.escape_steps())
      if (e >= 0) escaped.push_back(e);
    std::sort(escaped.begin(), escaped.end());
    s.escaped_neurons = static_cast<std::int64_t>(escaped.size());
    if (!escaped.empty()) {
      s.first_escape_step = escaped.front();
      s.median_escape_step = escaped[escaped.size() / 2];
    }
    s.all_escaped_step = obs.all_escaped_step();
    const std::size_t m = obs.escape_steps().size();
    if (2 * escaped.size() >= m) s.half_escaped_step = escaped[(m - 1) / 2];  // the ceil(m/2)-th escape
    s.stopped = res.stopped;
    if (obs.options_used().gradient_steps) {
      const auto& t = obs.lazy_phase_delta_w();
      delta_w_summary dw;
      dw.count = t.count;
      if (t.count > 0) {
        dw.frac_nonpositive = double(t.nonpositive) / double(t.count);
        dw.frac_below_sigma4 = double(t.below) / double(t.count);
      }
      if (t.max_positive) dw.max_positive = to_double(*t.max_positive);
      s.lazy_phase_delta_w = dw;
      s.max_identity_step_residual = to_double(obs.max_step_identity_residual());
      s.max_identity_norm_residual = to_double(obs.max_norm_identity_residual());
    }
    return s;
  }

  observables obs;

 private:
  void write_row(const vector_t<Scalar>& state, std::uint64_t step) {
    obs.record(state, row_);
    for (std::size_t i = 0; i < row_.size(); ++i)
      if (row_[i] && !is_finite(*row_[i])) throw divergence{columns_[i] + " is not finite (overflow)"};
    traj_csv_ << k_ << ',' << step;
    for (const auto& v : row_) write_cell(traj_csv_, v);
    traj_csv_ << '\n';
    last_row_ = row_;
    last_row_step_ = std::int64_t(step);
  }

  std::uint64_t k_;
  std::filesystem::path dir_;
  const std::vector<std::uint64_t>& records_;
  const std::vector<std::uint64_t>& snapshots_;
  std::vector<std::string> columns_;
  std::ofstream escape_csv_, traj_csv_, neuron_csv_;
  typename observables::row_type row_, last_row_;
  std::ostringstream snapshot_rows_;  // a snapshot is written whole or not at all
  std::size_t next_record_ = 0, next_snapshot_ = 0;
  std::int64_t last_row_step_ = -1;
};

// The block policy of a two-layer trajectory (integrate_blocks): no blocks while the lazy regime is tracked, blocks
// of at most `most` steps that end where the recorder must see the state; every step of a block is tallied.
template <class Scalar, class Count>
struct lazy_then_blocks {
  trajectory_recorder<Scalar>& out;
  std::uint64_t most;
  Count& count;
  bool allowed() const { return out.obs.lazy_tracking_done(); }
  std::uint64_t length(std::uint64_t t, std::uint64_t end) const { return std::min(most, out.next_stop(t, end) - t); }
  template <class View>
  void on_step(std::uint64_t, const View& view) {
    out.obs.on_block_step(view);
    count();
  }
  template <class View>
  void on_stop(const View& view) {
    out.obs.on_block_stop(view);
  }
  void at_end(const vector_t<Scalar>& state, std::uint64_t t) { out.write_due(state, t); }
};

// One trajectory on the CPU: initialise, step, observe, stream rows to part files.
template <class Scalar>
trajectory_summary run_trajectory(const simulation_config& c, const two_layer_linear<Scalar>& model,
                                  const regression_data<Scalar>& data, const std::vector<std::uint64_t>& records,
                                  const std::vector<std::uint64_t>& snapshots, std::uint64_t k,
                                  const std::filesystem::path& dir, progress_counter* progress) {
  const problem<two_layer_linear<Scalar>> sys{model, data, philox_noise(static_cast<std::uint64_t>(c.seed), k)};
  const Scalar eta(c.eta);
  const bool chain = c.dynamics == "oscillation";

  typename two_layer_linear<Scalar>::vector_type theta;
  model.initialize(theta, sys.noise);
  oscillation_chain<Scalar> chain_stepper(model, eta, make_noise<Scalar>(c).schedule);
  if (chain) chain_stepper.initialize_second_layer(model, theta, sys.noise);

  trajectory_recorder<Scalar> out(c, model, data, theta, records, snapshots, k, dir);
  auto& obs = out.obs;
  std::uint64_t unreported = 0;
  auto count_step = [&] {
    if (progress && ++unreported == 4096) {
      progress->add(unreported);
      unreported = 0;
    }
  };
  auto write_due = [&](const auto& state, std::uint64_t step) { out.write_due(state, step); };
  auto observe = [&](const auto& stepper, const auto& state, std::uint64_t step) {
    if (step > 0) {
      obs.on_step(state, step, stepper.last_step());
      count_step();
    }
    write_due(state, step);
  };
  const auto steps = static_cast<std::uint64_t>(c.steps);
  // stop_escaped_fraction: the run ends at the step by which ceil(f m) neurons have left the lazy regime.
  const auto needed = static_cast<std::int64_t>(std::ceil(c.stop_escaped_fraction * double(c.m)));
  const auto escaped_enough = [&](const auto&, std::uint64_t) -> std::optional<std::string> {
    if (c.stop_escaped_fraction == 0 || obs.escaped_count() < needed) return std::nullopt;
    return "stop_escaped_fraction reached";
  };
  auto run = [&](auto& stepper) {
    return integrate_controlled(
        stepper, sys, theta, 0, steps, eta, [&](const auto& state, std::uint64_t t) { observe(stepper, state, t); },
        loop_controls{escaped_enough, no_reset});
  };
  // Label-noise SGD with a batch of one: step by step while the lazy regime is tracked (it needs W after every
  // step), then in blocks of up to block_steps (two_layer_linear::sgd_block) that end where a row or snapshot is due;
  // every step is still tallied (Delta W, identities) from the block's per-step view.
  auto run_blocked = [&](auto& stepper) {
    lazy_then_blocks<Scalar, decltype(count_step)> policy{out, static_cast<std::uint64_t>(c.block_steps), count_step};
    return integrate_blocks(stepper, sys, theta, 0, steps, eta,
                            [&](const auto& state, std::uint64_t t) { observe(stepper, state, t); }, policy);
  };
  // The engine's dynamics (engine/dynamics.hpp), label-noise SGD in blocks where the stepper can; the chain apart.
  const integrate_result res =
      chain ? run(chain_stepper)
            : with_engine_stepper(c, model, data, squared_loss<Scalar>{}, [&](auto& stepper) {
                if constexpr (requires { stepper.template can_block<problem<two_layer_linear<Scalar>>>(); }) {
                  // (A stop fraction ends the run in the lazy phase, which steps one at a time anyway.)
                  const bool blocks = c.block_steps > 0 && c.stop_escaped_fraction == 0 &&
                                      two_layer_linear<Scalar>::packet_size > 1 &&
                                      stepper.template can_block<problem<two_layer_linear<Scalar>>>();
                  if (blocks) return run_blocked(stepper);
                }
                return run(stepper);
              });
  if (progress) progress->add(unreported + (res.diverged || res.stopped ? steps - res.steps_done : 0));
  if (res.stopped) out.write_stop(theta, res.steps_done);
  return out.finish(res);
}

// Every trajectory on the GPU (sim/cuda/ensemble.hpp), advanced from stop to stop (rows and snapshots); the state
// is observed on the host at the stops only: per-step statistics (Delta W, identities) are not computed, escape steps
// are the first stops outside the lazy radius.
template <class Scalar>
std::vector<trajectory_summary> run_cuda_trajectories(const simulation_config& c, const two_layer_linear<Scalar>& model,
                                                      const regression_data<Scalar>& data,
                                                      const std::vector<std::uint64_t>& records,
                                                      const std::vector<std::uint64_t>& snapshots,
                                                      const std::filesystem::path& dir, progress_counter* progress) {
  if constexpr (!std::is_same_v<Scalar, double>) {
    throw std::logic_error("the CUDA backend runs in double only");  // validate() rejects this
  } else {
    const auto count = static_cast<std::uint64_t>(c.trajectories);
    const auto steps = static_cast<std::uint64_t>(c.steps);
    std::vector<vector_t<double>> theta(count);
    std::vector<std::vector<double>> start;
    std::vector<std::unique_ptr<trajectory_recorder<double>>> out;
    for (std::uint64_t k = 0; k < count; ++k) {
      model.initialize(theta[k], philox_noise(static_cast<std::uint64_t>(c.seed), k));
      start.emplace_back(theta[k].data(), theta[k].data() + theta[k].size());
      out.push_back(std::make_unique<trajectory_recorder<double>>(c, model, data, theta[k], records, snapshots, k, dir));
    }
    cuda::ensemble_spec spec;
    spec.m = c.m, spec.d = c.d, spec.n = c.n, spec.eta = c.eta, spec.sigma = c.sigma;
    spec.sam = c.dynamics == "sam", spec.rho = c.rho, spec.seed = static_cast<std::uint64_t>(c.seed);
    spec.periodic = c.schedule == "periodic";
    spec.noise_on = static_cast<std::uint64_t>(c.noise_on), spec.noise_off = static_cast<std::uint64_t>(c.noise_off);
    const rows_t<double> x = data.x_train;  // row-major n x d
    cuda::ensemble gpu(spec, std::vector<double>(x.data(), x.data() + x.size()),
                       std::vector<double>(data.y_train.data(), data.y_train.data() + data.y_train.size()), start);
    std::vector<integrate_result> res(count);
    std::vector<bool> stopped(count, false);
    const auto observe_all = [&](std::uint64_t t) {
      for (std::uint64_t k = 0; k < count; ++k) {
        if (stopped[k]) continue;
        try {
          out[k]->obs.observe_state(theta[k], t);
          out[k]->write_due(theta[k], t);
          res[k].steps_done = t;
        } catch (const divergence& d) {
          res[k] = {true, res[k].steps_done, t > 0 ? t - 1 : 0, d.reason};
          stopped[k] = true;
        }
      }
    };
    observe_all(0);
    for (std::uint64_t t = 0; t < steps;) {
      const std::uint64_t stop = out.front()->next_stop(t, steps);  // every trajectory records at the same steps
      gpu.advance(stop - t);
      if (progress) progress->add((stop - t) * count);
      t = stop;
      const auto now = gpu.download();
      const auto bad = gpu.diverged_steps();
      for (std::uint64_t k = 0; k < count; ++k) {
        if (stopped[k]) continue;
        if (bad[k] >= 0) {
          res[k] = {true, static_cast<std::uint64_t>(bad[k]), static_cast<std::uint64_t>(bad[k]),
                    "residual is not finite or exceeds 1e100"};
          stopped[k] = true;
          continue;
        }
        theta[k] = Eigen::Map<const vector_t<double>>(now[k].data(), static_cast<Eigen::Index>(now[k].size()));
      }
      observe_all(t);
    }
    std::vector<trajectory_summary> summaries;
    for (std::uint64_t k = 0; k < count; ++k) summaries.push_back(out[k]->finish(res[k]));
    return summaries;
  }
}

// Concatenates the part files of every trajectory, in trajectory order, under one header.
}  // namespace detail

template <class Scalar>
simulation_result run_simulation_in(const simulation_config& c, const std::filesystem::path& dir,
                                    progress_counter* progress) {
  using std::pow;
  const Scalar star_norm = c.theta_star_norm == "a4" ? Scalar(pow(Scalar(c.m), Scalar(-1) / 4))  // A4
                                                     : Scalar(theta_star_norm_value(c));
  const auto data = make_synthetic_data<Scalar>(c.n, c.n_test, c.d, star_norm, static_cast<std::uint64_t>(c.data_seed));
  const two_layer_linear<Scalar> model(c.m, c.d);
  const auto steps = static_cast<std::uint64_t>(c.steps);
  const auto records = record_steps(c.record == "linear" ? spacing::linear : spacing::log,
                                    static_cast<std::uint64_t>(c.record_points), steps);
  std::vector<std::uint64_t> snapshots(c.snapshots.begin(), c.snapshots.end());
  std::sort(snapshots.begin(), snapshots.end());
  snapshots.erase(std::unique(snapshots.begin(), snapshots.end()), snapshots.end());

  const auto count = static_cast<std::uint64_t>(c.trajectories);
  const int threads = static_cast<int>(
      std::min<std::int64_t>(c.threads > 0 ? c.threads : omp_get_max_threads(), c.trajectories));
  if (progress) progress->total = steps * count;

  simulation_result result;
  result.precision_description = describe_scalar<Scalar>();
  result.threads_used = threads;
  result.trajectories.resize(count);
  if (c.backend == "cuda") {
    result.threads_used = 1;
    result.trajectories = detail::run_cuda_trajectories<Scalar>(c, model, data, records, snapshots, dir, progress);
  }
  std::vector<std::exception_ptr> errors(count);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (std::int64_t k = 0; k < static_cast<std::int64_t>(c.backend == "cuda" ? 0 : count); ++k) {
    try {
      result.trajectories[k] =
          detail::run_trajectory<Scalar>(c, model, data, records, snapshots, static_cast<std::uint64_t>(k), dir, progress);
    } catch (...) {
      errors[k] = std::current_exception();
    }
  }
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);

  std::string header = "trajectory,step";
  {
    typename two_layer_observables<Scalar>::options opt;
    opt.gradient_steps = detail::trajectory_recorder<Scalar>::options(c).gradient_steps;
    opt.incremental_lazy_tracking = false;  // only the columns are read
    const vector_t<Scalar> theta0 = vector_t<Scalar>::Zero(model.parameter_count());
    for (const auto& col : two_layer_observables<Scalar>(model, data, theta0, opt).columns()) header += "," + col;
  }
  merge_parts(dir, "trajectory", header, count);
  merge_parts(dir, "neurons", "trajectory,step,neuron,w_norm,w_dot_theta_star,a,lazy_dist", count);
  merge_parts(dir, "escape", "trajectory,neuron,escape_step", count);
  return result;
}

}  // namespace lnsgd::sim
