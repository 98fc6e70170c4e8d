// Resetting SGD on real images (Bae et al., Sec. 5, on CIFAR-10 and ciFAIR-10): on a Fashion-MNIST subset with 40%
// symmetric label corruption, resetting SGD (r = 0.01) against SGD, both reporting the test accuracy of the least
// validation loss: RDTAcc above 0, and the final network memorises fewer corrupted labels. A missing data package
// makes it inconclusive. The control is a placebo through the same decision: SGD from other starts (seed 1000) in
// place of resetting SGD.
#include <sstream>

#include "checks.hpp"
#include "resetting_decisions.hpp"
#include "resetting_sgd.hpp"

namespace lnsgd::checks {
namespace {

using namespace resetting;

const char* statement =
    "Fashion-MNIST, tau = 0.4, B = 32, r = 0.01: the 95% t-interval over paired seeds of RDTAcc lies above 0 and "
    "that of the final memorisation with resetting minus without lies below 0 (holds); either on the other side "
    "is violated";

// holds if both parts hold, violated if either is violated, inconclusive otherwise.
status both(status gain, status memorisation) {
  if (gain == status::violated || memorisation == status::violated) return status::violated;
  return gain == status::holds && memorisation == status::holds ? status::holds : status::inconclusive;
}

}  // namespace

verdict check_bae_resetting_fashion_mnist(profile p) {
  const arm_spec without_spec{0.4, 32, 0, "all", 1, "fashion-mnist"};
  auto task = load_mlp_task(arm_config(p, without_spec));
  if (!task.task) return data_unavailable("bae-resetting-fashion-mnist", statement, task.error);
  auto with_spec = without_spec, placebo_spec = without_spec;
  with_spec.reset_prob = default_reset_prob;
  placebo_spec.seed = 1000;
  const auto &without = run_arm(p, without_spec), &with = run_arm(p, with_spec), &placebo = run_arm(p, placebo_spec);
  const auto g = gain(with, without);
  const auto memorised = paired_difference(with.memorised, without.memorised);
  verdict v;
  v.claim = "bae-resetting-fashion-mnist";
  v.where = regime::empirical;
  v.inequality = statement;
  v.tested =
      "the paper's headline direction on a real-image analog: a 1000-image Fashion-MNIST subset and a 128-wide ReLU "
      "MLP for CIFAR-10 and a ResNet, clean validation labels, 8000 steps (quick: 200 images, width 64, 2000 steps)";
  v.result = both(decide_sign(g, true), decide_sign(memorised, false));
  v.control = control_outcome{
      "placebo: SGD from other starts (seed 1000) in place of resetting SGD, same decision",
      both(decide_sign(gain(placebo, without), true),
           decide_sign(paired_difference(placebo.memorised, without.memorised), false)) != status::holds,
      {{"placebo", arm_json(placebo)}}};
  auto curves = curve_table();
  add_curves(curves, 0, without);
  add_curves(curves, default_reset_prob, with);
  v.tables.push_back(std::move(curves));
  const auto gm = mean_interval(g), mm = mean_interval(memorised);
  v.evidence = {{"config", mlp_config_json(arm_config(p, with_spec))},
                {"task", task.task->description},
                {"with", arm_json(with)},
                {"without", arm_json(without)},
                {"gain_ci95", {gm.ci.lower, gm.ci.upper}},
                {"memorised_difference_ci95", {mm.ci.lower, mm.ci.upper}}};
  v.margin = "RDTAcc " + format_number(gm.mean) + ", memorised " +
             format_number(mean_interval(without.memorised).mean) + " -> " +
             format_number(mean_interval(with.memorised).mean);
  v.confidence = "95% t-intervals over " + std::to_string(g.size()) + " paired seeds";
  std::ostringstream log;
  log << "accuracy " << mean_interval(without.accuracy).mean << " -> " << mean_interval(with.accuracy).mean
      << ", RDTAcc " << gm.mean << " [" << gm.ci.lower << ", " << gm.ci.upper << "]; memorised difference " << mm.mean
      << " [" << mm.ci.lower << ", " << mm.ci.upper << "] -> " << to_string(v.result) << "\n";
  v.log = log.str();
  return v;
}

}  // namespace lnsgd::checks
