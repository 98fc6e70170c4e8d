#pragma once
// Ensembles of label-noise SGD on the diagonal network beta = u.u (digest E.3's setting: n = 30, d = 60, beta* =
// (1, 0.7, 0.4, 0, ...), loss (1/4n)||X beta - y||^2, B = 1), beta averaged over the last quarter of each run, and
// the KKT certificate of the weighted non-negative Lasso at that average (docs/derivations/implicit-lasso.md).
#include <cstdint>
#include <vector>

#include "lnsgd/sim/synthetic_data.hpp"

namespace lnsgd::checks::implicit_lasso {

inline constexpr std::int64_t n = 30, d = 60, sparsity = 3;
inline constexpr double active = 1e-3;  // |beta_j| above this is active
inline constexpr double slack = 0.05;   // a fraction of lambda added to the KKT tolerance
inline constexpr int batches = 20;      // batch means over the tail give each coordinate's standard error

struct lasso_run {
  sim::vector_t<double> beta_avg;                 // over the last quarter of the run
  std::vector<sim::vector_t<double>> beta_batch;  // the same over each of the tail's `batches` parts
  double stationarity = 0;                        // max over the support of |dF/dbeta_j| / lambda
  double sign = 0;                                // max off the support of max(0, -dF/dbeta_j) / lambda
  std::int64_t support = 0;                       // active coordinates of beta_avg
  bool support_is_true = false;                   // the active set is exactly beta*'s support
  double lambda_fit = 0;   // the lambda that best meets stationarity on the support (least squares)
  bool certified = false;  // every coordinate within z standard errors + 0.05 lambda of its KKT condition
  // The path: beta at every path_stride-th of the run's 40 path_stride record points (linearly spaced, step 0 and
  // the last step included).
  std::vector<std::uint64_t> path_steps;
  std::vector<sim::vector_t<double>> path_beta;
};

inline constexpr std::size_t path_stride = 100;

struct lasso_setup {
  double eta = 0.05, delta = 1, alpha = 0.1;  // alpha: u(0) = alpha 1
  std::uint64_t steps = 400000, trajectories = 4;
  std::int64_t batch = 1;  // B, sampled with replacement
};

// The data of every run (seed 1).
sim::regression_data<double> lasso_data();

// dF/dbeta = (1/2n) X^T (X beta - y) + lambda (||X_j||^2 / n)_j, the Lasso objective's gradient on beta >= 0.
sim::vector_t<double> lasso_gradient(const sim::regression_data<double>& data, const sim::vector_t<double>& beta,
                                     double lambda);

// The runs of s (trajectory k uses noise stream k), each certified with `lambda` and `z` standard errors of slack;
// order independent of threads.
std::vector<lasso_run> run_lasso_ensemble(const sim::regression_data<double>& data, const lasso_setup& s, double lambda,
                                          double z);

// The standard errors a coordinate may be off for a family of `tests` coordinate tests to raise a false alarm with
// probability <= 5% (Bonferroni, Student's t with batches - 1 degrees of freedom, Boost.Math's quantile).
double kkt_multiplier(std::uint64_t tests);

}  // namespace lnsgd::checks::implicit_lasso
