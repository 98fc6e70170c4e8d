// The resetting probability has an interior optimum (Bae et al., Sec. 5; the related-work digest's A.0): RDTAcc
// over r in {0.001, 0.01, 0.1, 0.5, 1} at tau = 0.4, B = 32 is largest at some interior r, above both ends: r -> 0
// is SGD with early stopping, and r = 1 holds the run at theta_best once the validation loss stalls (early stopping
// at the stall). The control is the prediction that r = 1 is best, through the same decision.
#include <sstream>

#include "checks.hpp"
#include "resetting_decisions.hpp"
#include "resetting_sgd.hpp"

namespace lnsgd::checks {
namespace {

using namespace resetting;

const std::vector<double> rates = {0.001, 0.01, 0.1, 0.5, 1.0};

const char* statement =
    "tau = 0.4, B = 32: some r in {0.01, 0.1, 0.5} has RDTAcc above both r = 0.001 and r = 1 (paired seeds, "
    "Bonferroni 95% t-intervals of the differences above 0: holds); an end above every interior r is violated";

}  // namespace

verdict check_bae_resetting_rate(profile p) {
  const auto& without = run_arm(p, {0.4, 32, 0});
  std::vector<std::vector<double>> gains;
  data_table table("rates", "RDTAcc per resetting probability r, mean and 95% t-interval over paired seeds",
                   {"reset_prob", "gain", "lower", "upper", "resets"});
  nlohmann::json per_rate = nlohmann::json::array();
  std::ostringstream log, margin;
  margin << "RDTAcc";
  for (double r : rates) {
    const auto& with = run_arm(p, {0.4, 32, r});
    gains.push_back(gain(with, without));
    const auto m = mean_interval(gains.back());
    table.add({r, m.mean, m.ci.lower, m.ci.upper, mean_interval(with.resets).mean});
    per_rate.push_back({{"arm", arm_json(with)}, {"gain", gains.back()}, {"gain_mean", m.mean}});
    margin << " " << format_number(m.mean) << " (r " << r << ")";
    log << "r " << r << ": RDTAcc " << m.mean << " [" << m.ci.lower << ", " << m.ci.upper << "], resets "
        << mean_interval(with.resets).mean << "\n";
  }
  const std::vector<std::vector<double>> interior(gains.begin() + 1, gains.end() - 1),
      ends = {gains.front(), gains.back()};
  verdict v;
  v.claim = "bae-resetting-rate";
  v.where = regime::empirical;
  v.inequality = statement;
  v.tested =
      "the shape of RDTAcc in r on the CPU analog (teacher task, ReLU MLP): an interior optimum between the two "
      "early-stopping limits";
  v.result = decide_best_among(interior, ends);
  std::vector<std::vector<double>> not_one(gains.begin(), gains.end() - 1);
  v.control = control_outcome{"the prediction that r = 1 (early stopping at the stall) gains most, same decision",
                              decide_best_among({gains.back()}, not_one) != status::holds,
                              {}};
  v.evidence = {{"setup", setup_json(p)}, {"without", arm_json(without)}, {"rates", per_rate}};
  v.tables.push_back(std::move(table));
  v.margin = margin.str();
  v.confidence = "Bonferroni t-intervals over " + std::to_string(without.accuracy.size()) + " paired seeds";
  log << "-> " << to_string(v.result) << "\n";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
