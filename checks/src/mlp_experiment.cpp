#include "lnsgd/checks/mlp_experiment.hpp"

#include "lnsgd/sim/data/idx_file.hpp"

namespace lnsgd::checks {

mlp_task_or_error load_mlp_task(const sim::models::mlp_config& c) {
  try {
    return {sim::data::make_task(sim::models::mlp_task(c)), {}};
  } catch (const sim::data::data_error& e) {
    return {std::nullopt, e.what()};
  }
}

verdict data_unavailable(const std::string& claim, const std::string& inequality, const std::string& error) {
  verdict v;
  v.claim = claim;
  v.result = status::inconclusive;
  v.where = regime::empirical;
  v.inequality = inequality;
  v.tested = "nothing: the data could not be read";
  v.evidence = {{"data_error", error}};
  v.log = error + " (scripts/setup.sh installs the package)\n";
  v.margin = "no data";
  v.confidence = "none";
  return v;
}

std::vector<double> per_seed(const mlp_arm& arm, const std::function<double(const sim::models::mlp_series&)>& f) {
  std::vector<double> out;
  for (const auto& s : arm) out.push_back(f(s));
  return out;
}

std::vector<double> mean_curve(const mlp_arm& arm, const std::string& column) {
  std::vector<double> mean(arm.front().rows.size());
  for (const auto& s : arm)
    for (std::size_t r = 0; r < mean.size(); ++r) mean[r] += s.at(column, long(r)) / double(arm.size());
  return mean;
}

nlohmann::json mlp_config_json(const sim::models::mlp_config& c) {
  return {{"data", c.data},
          {"n", c.n},
          {"n_test", c.n_test},
          {"hidden", c.hidden},
          {"activation", c.activation},
          {"parameterisation", c.parameterisation},
          {"loss", c.loss},
          {"dynamics", c.dynamics},
          {"eta", c.eta},
          {"tau", c.tau},
          {"rho", c.rho},
          {"label_noise", c.label_noise},
          {"batch", c.full_batch ? c.n : c.batch},
          {"full_batch", c.full_batch},
          {"sampling", c.sampling},
          {"epochs", c.epochs},
          {"steps", c.steps()},
          {"seed", c.seed},
          {"trajectories", c.trajectories}};
}

}  // namespace lnsgd::checks
