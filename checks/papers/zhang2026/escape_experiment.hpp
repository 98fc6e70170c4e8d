#pragma once
// Ensembles of batch-1 label-noise SGD on the two-layer net, run until every neuron has left the lazy regime
// (Definition 4.1) or a step budget is spent, with the lazy-phase tallies of Delta W (Lemma 4.3).
#include <cstdint>
#include <vector>

namespace lnsgd::checks {

struct escape_setup {
  std::int64_t m = 200, d = 10, n = 100;
  double eta = 1e-3, sigma = 4, theta_star_norm = 1;
  std::uint64_t seed = 1;
  std::uint64_t max_steps = 100000;
  double first_layer_scale = 1;  // W(0) multiplied by this (a negative control of Lemma 4.3)
  double threshold_sigma = -1;   // sigma of Lemma 4.3's threshold -(sigma/4)^2; -1: the run's sigma
  double stop_fraction = 1;      // stop once this fraction of the neurons has escaped (1: all of them)
  bool run_to_budget = false;    // never stop early: run max_steps and report who is lazy then (Theorem 4.2 at T1)
  // Lemma 4.3 as stated: every conditional_stride-th step (0: never), the exact conditional probabilities of each
  // lazy neuron's next Delta W (conditional_shrinkage.hpp), counted against these bounds.
  std::uint64_t conditional_stride = 0;
  double sign_bound = 0, magnitude_bound = 0.25;
  std::uint64_t keep_delta_w_steps = 0;  // trajectory 0 keeps its lazy-phase Delta W_i(j) for j < this
};

struct escape_outcome {
  bool diverged = false;
  bool all_escaped = false;
  std::int64_t all_escaped_step = -1;
  std::int64_t escaped_neurons = 0;
  std::int64_t median_escape_step = -1;  // step by which half of the neurons had escaped
  std::int64_t lazy_at_end = -1;         // neurons with ||w_i - w_i(0)|| <= 1/sqrt(m) at the last step run
  std::uint64_t steps_run = 0;
  std::uint64_t lazy_count = 0, lazy_nonpositive = 0, lazy_below = 0;  // Delta W_i(j) while neuron i is lazy
  std::vector<double> lazy_delta_w;  // the kept values (escape_setup::keep_delta_w_steps), trajectory 0 only
  // Lemma 4.3 as stated, over the sampled (i, j) with neuron i lazy at step j (escape_setup::conditional_stride):
  double min_p_nonpositive = 1, min_p_below = 1;     // the least conditional probabilities
  std::uint64_t conditional_pairs = 0;                // (i, j) evaluated
  std::uint64_t pairs_below_sign = 0, pairs_below_magnitude = 0;  // of those, below sign_bound / magnitude_bound
  double max_positive_delta_w = 0;                    // Lemma 4.3.2: the largest positive lazy-phase Delta W seen

  double frac_nonpositive() const { return lazy_count ? double(lazy_nonpositive) / double(lazy_count) : 0; }
  double frac_below() const { return lazy_count ? double(lazy_below) / double(lazy_count) : 0; }
};

struct escape_ensemble {
  std::vector<escape_outcome> runs;  // trajectory order, for any thread count
  double max_x_norm = 0;             // of the training set (A5)
};

escape_ensemble run_escape_ensemble(const escape_setup& s, std::uint64_t trajectories);

}  // namespace lnsgd::checks
