#pragma once
// The resetting-SGD experiment every claim of Bae et al.'s Algorithm 1 reads (docs/checks.md, "Resetting SGD"): a
// memorising MLP on a teacher task with a fixed symmetric corruption of the training labels at rate tau, clean
// validation and test sets (the related-work digest's minimal CPU experiment, at this project's scale), trained by
// SGD with batches drawn with replacement (as the authors' loop does) and theta_best selected on the validation
// loss. An arm is one (tau, B, r, layers) over paired seeds: the same starts, data and batches in every arm of a
// tau, so per-seed differences between arms are paired. Arms are kept for the process (the claims share them), so
// a report runs each (profile, spec) once; a run is a pure function of its config, so a kept arm is the arm.
#include <string>
#include <vector>

#include "lnsgd/checks/claims.hpp"
#include "lnsgd/checks/data_table.hpp"
#include "lnsgd/checks/mlp_experiment.hpp"
#include "lnsgd/checks/verdict.hpp"

namespace lnsgd::checks::resetting {

struct arm_spec {
  double tau = 0.4;            // fixed corruption rate of the training labels
  std::int64_t batch = 32;     // B
  double reset_prob = 0;       // r per step
  std::string layers = "all";  // what a reset restores: all | later
  std::int64_t seed = 1;       // of the starts and batches (the task's seed stays 1)
  std::string data = "teacher";  // teacher | fashion-mnist
};

// The code's default r for its small-network setting (the related-work digest, A.2): the claims' resetting arm.
inline constexpr double default_reset_prob = 0.01;

// The config of an arm (with the gradient-bias columns where tau > 0): n = 500 training, 500 validation and 4000 test
// samples in d = 20, a 256-wide ReLU MLP, lr 0.05, 20000 steps, validation every 10 steps, patience 500, 12 seeds
// (quick: 250 / 250 / 2000 samples, width 128, 6000 steps, patience 300, 5 seeds).
sim::models::mlp_config arm_config(profile p, const arm_spec& s);

struct arm {
  arm_spec spec;
  mlp_arm series;
  std::vector<double> accuracy;   // per seed: theta_best's clean test accuracy at the end
  std::vector<double> memorised;  // per seed: the final theta's fraction of corrupted labels predicted as given
  std::vector<double> resets;     // per seed
  std::vector<double> peclet;     // per seed: Pe of the Langevin reduction at the final theta_best (tau > 0)
};

// The arm of s (run once per process, then kept).
const arm& run_arm(profile p, const arm_spec& s);

// The placebo of the sign claims: the arm without resetting from other starts and batches (seed 1000), whose
// differences to the arm without resetting carry no effect to find.
const arm& placebo_arm(profile p, double tau, std::int64_t batch);

// RDTAcc per seed of `with` against the arm without resetting of the same tau and B.
std::vector<double> gain(const arm& with, const arm& without);

// The arm's spec and per-seed readings as evidence.
nlohmann::json arm_json(const arm& a);

// The common fields of the arms' configs as evidence.
nlohmann::json setup_json(profile p);

// Adds, per record epoch, the ensemble means of the current theta's memorisation and test accuracy, and theta_best's
// test accuracy, of arm a under `label` (the memorisation figure).
void add_curves(data_table& t, double label, const arm& a);
data_table curve_table();

}  // namespace lnsgd::checks::resetting
