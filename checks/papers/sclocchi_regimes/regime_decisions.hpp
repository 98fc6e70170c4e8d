#pragma once
// The decisions of the perceptron's scaling claims (Sclocchi, Geiger, Wyart; docs/checks.md, "SGD-noise regimes"):
// exponents fitted per seed with a t-interval over seeds, local exponents of a large-P law, the critical batch, and
// exact identities. Shared by every claim and its control, and tested on synthetic readings on their own
// (tests/checks/test_sclocchi_regimes.cpp).
#include <functional>
#include <optional>
#include <vector>

#include "lnsgd/checks/statistics.hpp"
#include "lnsgd/checks/verdict.hpp"

namespace lnsgd::checks::regimes {

// ys[s][k]: seed s's reading at x[k] (x, y > 0). Per seed the least-squares slope of log y on log x; their mean and
// t-interval over seeds (n - 1 degrees of freedom).
mean_estimate per_seed_exponent(const std::vector<double>& x, const std::vector<std::vector<double>>& ys);

// The same on the points x[first], ..., x[first + count - 1] only.
mean_estimate per_seed_exponent(const std::vector<double>& x, const std::vector<std::vector<double>>& ys,
                                std::size_t first, std::size_t count);

// The mean and t-interval over seeds of the readings at point k (by_seed[seed][k]).
mean_estimate across_seeds(const std::vector<std::vector<double>>& by_seed, std::size_t k);

// A measured exponent against a prediction: holds if its interval lies inside predicted +- band; violated if the
// interval lies wholly outside it; inconclusive if it straddles an edge.
status decide_exponent(const mean_estimate& e, double predicted, double band);

// A large-x law (the exponent is reached only as x grows), judged on the exponent over the smallest points
// (`low`) and over the largest (`high`): holds if high's interval meets predicted +- band; violated if it misses it
// and high is no nearer the prediction than low; inconclusive otherwise (approaching, not there yet).
status decide_approach(const mean_estimate& low, const mean_estimate& high, double predicted, double band);

// The critical batch of one seed: on batches b_0 < b_1 < ... (log-spaced) with norms n_k at a fixed temperature,
// the batch where n_k / n_0 first exceeds `ratio`, interpolated linearly in log b and log n between the grid points
// around the crossing; nullopt if it never does.
std::optional<double> critical_batch(const std::vector<double>& batches, const std::vector<double>& norms,
                                     double ratio);

// The crossover temperature of one seed: on temperatures t_0 < t_1 < ... (log-spaced) with test errors e_k, the
// T -> 0 value e* is the mean of e_0 ... e_{baseline - 1}, and T_c the temperature where the relative departure
// |e_k/e* - 1| first reaches `departure` (k >= baseline), interpolated linearly in log T between the grid points
// around the crossing. nullopt if it never does, if a reading before the crossing is NaN, or if e* = 0.
std::optional<double> crossover_temperature(const std::vector<double>& temperatures, const std::vector<double>& errors,
                                            double departure, std::size_t baseline);

// The delete-one jackknife over n seeds of a statistic of a seed subset (`statistic(keep)`, keep[s] says whether
// seed s is in): its pseudo-values n S(all) - (n - 1) S(all but s), their mean and t-interval (n - 1 degrees of
// freedom). nullopt if the statistic is undefined on the whole set or on some subset, or n < 2.
std::optional<mean_estimate> jackknife(std::size_t n,
                                       const std::function<std::optional<double>(const std::vector<bool>&)>& statistic);

// A statement made for several configurations (chi = 0 and 1): violated if one is violated, holds if every one
// holds, else inconclusive.
status every(const std::vector<status>& parts);

// The direction of a trend along every row of a grid, from each row's measured slope (mean and t-interval over
// seeds): holds if every row's interval lies strictly on the predicted side of 0 (sign > 0: above, sign < 0: below);
// violated if some row's interval lies wholly on the other side; inconclusive otherwise (an interval containing 0,
// or no row measured).
status decide_direction(const std::vector<mean_estimate>& slopes, int sign);

// An effect said to take both signs across regimes (noise helps somewhere and hurts elsewhere), from per-regime
// effects (mean and t-interval over seeds): holds if one interval lies wholly below 0 and another wholly above;
// violated if every regime was measured and every interval lies wholly on the same side; else inconclusive.
status decide_both_signs(const std::vector<mean_estimate>& effects);

// One exponent said to hold on every line of a grid (the separable form of a power law in two variables), from the
// lines' exponents (mean and t-interval over seeds) against their mean m over lines: holds if every interval lies
// inside m +- band; violated if one lies wholly outside; else inconclusive (also with fewer than 2 lines).
status decide_common_exponent(const std::vector<mean_estimate>& lines, double band);

// A scaling relation between exponents, a = (a combination of others), with a said to be positive: from a's
// estimate and that of the difference a - (the combination), each a mean and interval: holds if a's interval lies
// above 0 and the difference's inside +- band; violated if a's lies below 0 or the difference's wholly outside the
// band; else inconclusive (also when either was not measured).
status decide_scaling_relation(const std::optional<mean_estimate>& a, const std::optional<mean_estimate>& difference,
                               double band);

// An identity to rounding: holds if the largest relative deviation is at most tol, else violated.
status decide_identity(double largest_relative_deviation, double tol);

}  // namespace lnsgd::checks::regimes
