#pragma once
// Where a parameter set stands against the main paper's hypotheses (Condition 1, A1-A6), certified: evaluated on
// MPFI enclosures (theory/certified/interval.hpp) of the doubles given, each assumption decided only where the
// enclosures of its two sides are disjoint (overlap: `unknown`).
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lnsgd/checks/verdict.hpp"
#include "lnsgd/theory/certified/interval.hpp"
#include "lnsgd/theory/zhang2026/condition1.hpp"

namespace lnsgd::checks {

struct parameter_set {
  double m = 1000, eta = 1e-3, sigma = 4, n = 200, d = 20, theta_star_norm = 1;
  double max_x_norm = 0;  // max_i ||x_i|| of the training set
};

struct regime_report {
  theory::condition1_report<theory::interval> condition;
  std::vector<std::string> failed;   // assumptions that fail
  std::vector<std::string> unknown;  // assumptions that cannot be evaluated
};

regime_report evaluate_regime(const parameter_set& p);

// Of `needed` (e.g. {"A1", "A2", "A4", "A5", "A6"}), those that fail here.
std::vector<std::string> failed_among(const regime_report& r, const std::vector<std::string>& needed);

// The parameter set of the synthetic setup (sim/synthetic_problem.hpp) with data seed `seed`, max_i ||x_i|| of the
// training set it generates included (A5).
parameter_set synthetic_parameters(std::int64_t m, std::int64_t d, std::int64_t n, double eta, double sigma,
                                   double theta_star_norm = 1, std::uint64_t seed = 1);

// The regime of a main-paper verdict, derived: Condition 1 evaluated at every configuration the check ran, restricted
// to the assumptions its statement needs (the claim's registry entry, checks/papers/zhang2026/paper.cpp: one source);
// sets v.where and v.failed_assumptions (each named once). Throws std::invalid_argument for an unregistered v.claim
// or no configuration.
void apply_condition1(verdict& v, const std::vector<parameter_set>& configs);

// ||theta*|| just inside A4 (||theta*|| <= m^(-1/4)): 0.999 m^(-1/4), since the double nearest m^(-1/4) can lie
// above it, and Condition 1 is decided on enclosures.
inline double a4_theta_star_norm(double m) { return 0.999 * std::pow(m, -0.25); }

// The sample count just inside A3 (n >= 1/eta^2): ceil(1/eta^2) + 1.
inline std::int64_t a3_samples(double eta) { return static_cast<std::int64_t>(std::ceil(1 / (eta * eta))) + 1; }

// The check nearest the theorem's regime (a configuration meeting every assumption of `claim`'s statement but A2 and
// the unknowable A6): {config, failed_assumptions (derived, of those the claim needs), decision, measurement}.
// Throws std::invalid_argument for an unregistered claim.
nlohmann::json nearest_regime_json(const std::string& claim, const parameter_set& p, status decision,
                                   nlohmann::json measurement);

// A positive number readably, whatever its size: "0.00123", "4.3e+12", "10^-1749.2" (an enclosure: its midpoint).
std::string format_magnitude(const theory::interval& x);

// The assumption table and the time scales of the main paper for p, as JSON (lnsgd regime --json).
nlohmann::json regime_json(const parameter_set& p, const regime_report& r);
// The same as a readable table.
std::string regime_text(const parameter_set& p, const regime_report& r);

}  // namespace lnsgd::checks
