#pragma once
// The MLP's runs kept in memory, for experiments (the checks): every trajectory of a config in double, its rows at
// the record epochs (the columns of trajectory.csv) and its pruned test accuracies, over OpenMP threads (the same
// numbers for any thread count). A run that diverges throws sim::diverged_run (the claim registry turns it into an
// inconclusive verdict naming the step).
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

#include "lnsgd/sim/engine/ensemble_threads.hpp"
#include "mlp/pruning.hpp"
#include "mlp/train.hpp"

namespace lnsgd::sim::models {

struct mlp_series {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;  // one per record epoch
  std::vector<double> pruned_test_acc;    // per entry of the config's prune_keep

  // The value of `column` in row `row` (negative: from the end, -1 the last).
  double at(const std::string& column, long row) const {
    const auto it = std::find(columns.begin(), columns.end(), column);
    if (it == columns.end()) throw std::logic_error("mlp_series has no column " + column);
    const auto r = row < 0 ? long(rows.size()) + row : row;
    return rows.at(std::size_t(r)).at(std::size_t(it - columns.begin()));
  }
};

// Trajectories 0 .. c.trajectories - 1 of c on the task d (built once by the caller with data::make_task).
inline std::vector<mlp_series> run_mlp_series(const mlp_config& c, const data::classification_data<double>& d) {
  const mlp<double> net(mlp_architecture(c, d.input_dim(), d.classes));
  const auto count = std::size_t(c.trajectories);
  std::vector<mlp_series> out(count);
  std::vector<std::exception_ptr> errors(count);
  with_class_loss<double>(c.loss, [&](auto loss) {
    with_flip_rule<double>(c.label_noise, c.tau, d.classes, [&](auto noise) {
      const int threads = ensemble_threads(c.threads, c.trajectories);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
      for (std::int64_t k = 0; k < std::int64_t(count); ++k) {
        try {
          auto& series = out[k];
          mlp_state<double> s;
          const auto r = train_mlp(c, net, d, noise, loss, std::uint64_t(k), s, nullptr,
                                   [&](auto& obs, const mlp_state<double>& state, std::uint64_t) {
                                     if (series.columns.empty()) series.columns = obs.columns();
                                     std::vector<std::optional<double>> row;
                                     obs.record(state, row);
                                     auto& values = series.rows.emplace_back();
                                     for (const auto& v : row) values.push_back(v ? *v : std::nan(""));
                                   });
          if (r.diverged) throw diverged_run(r.diverged_step, r.reason);
          for (auto keep : c.prune_keep)
            series.pruned_test_acc.push_back(
                evaluate(net, magnitude_pruned(net, s.net, double(keep) / 100), d.test, loss).accuracy);
        } catch (...) {
          errors[k] = std::current_exception();
        }
      }
    });
  });
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  return out;
}

}  // namespace lnsgd::sim::models
