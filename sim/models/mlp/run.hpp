#pragma once
// A run of `--model mlp` (docs/models.md, "mlp"): the task built once, then every trajectory (seed stream k) on
// OpenMP threads through the engine's step loop and recorder: trajectory.csv per record epoch and, at the end,
// pruning.csv (test loss and accuracy after global magnitude pruning). The same bits for any thread count.
#include <exception>
#include <sstream>

#include "lnsgd/sim/engine/ensemble_threads.hpp"
#include "lnsgd/sim/engine/recorder.hpp"
#include "lnsgd/sim/engine/run_model.hpp"
#include "mlp/pruning.hpp"
#include "mlp/train.hpp"

namespace lnsgd::sim::models {

namespace detail {

template <class Scalar, class Loss>
void write_pruning(const mlp_config& c, const mlp<Scalar>& net, const data::classification_data<Scalar>& d,
                   const Loss& loss, const vector_t<Scalar>& theta, std::uint64_t k, const std::filesystem::path& dir) {
  auto part = open_or_throw(part_path(dir, "pruning", k));
  part.precision(std::numeric_limits<Scalar>::max_digits10);
  for (auto keep : c.prune_keep) {
    const auto m = evaluate(net, magnitude_pruned(net, theta, double(keep) / 100), d.test, loss);
    part << k << ',' << keep << ',' << m.loss << ',' << m.accuracy << '\n';
  }
  if (!part.flush()) throw std::runtime_error("write failed for trajectory " + std::to_string(k));
}

// One trajectory into dir's part files: training (train_mlp), its rows, then the pruning table.
template <class Scalar, class Noise, class Loss>
nlohmann::json run_mlp_trajectory(const mlp_config& c, const mlp<Scalar>& net,
                                  const data::classification_data<Scalar>& d, Noise noise, Loss loss, std::uint64_t k,
                                  const std::filesystem::path& dir, progress_counter* progress,
                                  integrate_result& result) {
  const auto records = mlp_record_steps(c);
  const std::vector<std::uint64_t> no_snapshots;
  std::optional<recorder<Scalar, mlp_observables<Scalar, Loss>>> out;
  mlp_state<Scalar> s;
  result = train_mlp(c, net, d, noise, loss, k, s, progress,
                     [&](auto& obs, const mlp_state<Scalar>& state, std::uint64_t t) {
                       if (!out) out.emplace(obs, records, no_snapshots, k, dir);
                       out->write_due(state, t);
                     });
  out->flush();
  if (result.diverged)
    open_or_throw(part_path(dir, "pruning", k));  // an empty part: no pruned model
  else
    write_pruning(c, net, d, loss, s.net, k, dir);
  return sim::detail::trajectory_json(k, result, out->last_values());
}

}  // namespace detail

template <class Scalar>
run_outcome run_mlp(const mlp_config& c, const std::filesystem::path& dir, progress_counter* progress) {
  const auto d = data::cast<Scalar>(data::make_task(mlp_task(c)));
  const mlp<Scalar> net(mlp_architecture(c, d.input_dim(), d.classes));
  const auto count = static_cast<std::uint64_t>(c.trajectories);
  const int threads = ensemble_threads(c.threads, c.trajectories);
  if (progress) progress->total = std::uint64_t(c.steps()) * count;
  std::vector<nlohmann::json> summaries(count);
  std::vector<integrate_result> results(count);
  std::vector<std::exception_ptr> errors(count);
  with_class_loss<Scalar>(c.loss, [&](auto loss) {
    with_flip_rule<Scalar>(c.label_noise, c.tau, d.classes, [&](auto noise) {
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
      for (std::int64_t k = 0; k < std::int64_t(count); ++k) {
        try {
          summaries[k] =
              detail::run_mlp_trajectory(c, net, d, noise, loss, std::uint64_t(k), dir, progress, results[k]);
        } catch (...) {
          errors[k] = std::current_exception();
        }
      }
      for (auto& e : errors)
        if (e) std::rethrow_exception(e);
    });
  });
  std::string header = "trajectory,step";
  for (const auto& column : mlp_columns(net, d, {c.linearised != "none", c.selects_best(), c.gradient_bias}))
    header += "," + column;
  merge_parts(dir, "trajectory", header, count);
  merge_parts(dir, "pruning", "trajectory,keep_percent,test_loss,test_acc", count);
  run_outcome o;
  nlohmann::json trajectories = nlohmann::json::array();
  for (std::uint64_t k = 0; k < count; ++k) {
    trajectories.push_back(summaries[k]);
    if (results[k].diverged && !o.first_divergence)
      o.first_divergence = {{k, results[k].diverged_step, results[k].reason}};
  }
  o.results = {{"status", o.first_divergence ? "diverged" : "completed"}, {"trajectories", trajectories}};
  o.extra = {{"task", d.description},
             {"parameter_count", net.parameter_count()},
             {"steps_per_epoch", c.steps_per_epoch()},
             {"steps", c.steps()}};
  o.precision_description = describe_scalar<Scalar>();
  o.threads_used = threads;
  return o;
}

}  // namespace lnsgd::sim::models
