#pragma once
// Condition 1 (A1-A6) of Zhang et al. 2026 and the footnote's lower bound on the constant C, evaluated for one
// parameter set. The values involved (C^-96) underflow double: evaluate in a multiprecision type, or in intervals
// (certified/interval.hpp) for a certified report, where an assumption whose two sides' enclosures overlap is
// reported `unknown` (undecided) rather than guessed.
#include <array>
#include <boost/math/constants/constants.hpp>
#include <cmath>

#include "lnsgd/theory/compare.hpp"

namespace lnsgd::theory {

template <class Scalar>
struct condition1_inputs {
  Scalar m, eta, sigma, n, d, theta_star_norm;
  Scalar max_x_norm;  // max_i ||x_i|| of the training set: the smallest C_data that satisfies A5
};

enum class assumption_status { holds, fails, unknown };

template <class Scalar>
struct assumption_check {
  const char* id;
  const char* statement;
  assumption_status status;
  Scalar lhs, rhs;  // the statement is lhs <= rhs (or >=, per `statement`); unknown: both 0 (not evaluable) or
                    // two enclosures that overlap (undecided)
  const char* note;
};

template <class Scalar>
struct condition1_report {
  std::array<Scalar, 3> c_terms;  // the three terms of the footnote's max
  Scalar c_lower_bound;           // footnote: C >= max(c_terms)
  Scalar eta_max;                 // A2 at that C: eta <= C^-96
  std::array<assumption_check<Scalar>, 6> assumptions;
};

// Footnote to Condition 1 (the paper, Section 4; the reading of the printed formula: docs/theory-map.md): C >= max(
// e^{-(sigma C_data)^2 / 3},
//   ((1 - 3/(4 sqrt(pi))) 2 sqrt(d) / ((1/2 - 3/(4 sqrt(pi))) sqrt(pi)))^8, e^{C_data^2} ).
template <class Scalar>
std::array<Scalar, 3> constant_c_terms(Scalar d, Scalar sigma, Scalar c_data) {
  using std::exp;
  using std::pow;
  using std::sqrt;
  const Scalar root_pi = boost::math::constants::root_pi<Scalar>();
  const Scalar k = Scalar(3) / (Scalar(4) * root_pi);
  const Scalar t1 = exp(-(sigma * c_data) * (sigma * c_data) / 3);  // as printed: <= 1, so never binding
  const Scalar t2 = pow((Scalar(1) - k) * Scalar(2) * sqrt(d) / ((Scalar(1) / 2 - k) * root_pi), 8);
  const Scalar t3 = exp(c_data * c_data);
  return {t1, t2, t3};
}

template <class Scalar>
condition1_report<Scalar> evaluate_condition1(const condition1_inputs<Scalar>& in) {
  using std::pow;
  using std::sqrt;
  condition1_report<Scalar> r;
  r.c_terms = constant_c_terms(in.d, in.sigma, in.max_x_norm);
  r.c_lower_bound = maximum(maximum(r.c_terms[0], r.c_terms[1]), r.c_terms[2]);
  r.eta_max = pow(r.c_lower_bound, Scalar(-96));  // A2
  auto status = [](std::optional<bool> ok) {
    return !ok ? assumption_status::unknown : (*ok ? assumption_status::holds : assumption_status::fails);
  };
  const Scalar a1_rhs = Scalar(1) / sqrt(in.eta);
  const Scalar a3_rhs = Scalar(1) / (in.eta * in.eta);
  const Scalar a4_rhs = pow(in.m, Scalar(-1) / 4);
  r.assumptions = {{
      {"A1", "m >= 1/sqrt(eta)", status(certainly_le(a1_rhs, in.m)), in.m, a1_rhs,
       "A1 is m = Omega(1/sqrt(eta)); read with constant 1"},
      {"A2", "eta <= C^-96", status(certainly_le(in.eta, r.eta_max)), in.eta, r.eta_max,
       "C at the footnote's lower bound; no simulable eta meets it"},
      {"A3", "n >= 1/eta^2", status(certainly_le(a3_rhs, in.n)), in.n, a3_rhs,
       "used by Lemma 4.4-4.6, not by Theorem 4.2"},
      {"A4", "||theta*|| <= m^(-1/4)", status(certainly_le(in.theta_star_norm, a4_rhs)), in.theta_star_norm, a4_rhs,
       ""},
      {"A5", "max_i ||x_i|| <= C_data", assumption_status::holds, in.max_x_norm, in.max_x_norm,
       "holds with C_data = max_i ||x_i||, which sets the footnote's term e^{C_data^2}"},
      {"A6", "d >= 9 ln(2) K^4 / (2c)", assumption_status::unknown, Scalar(0), Scalar(0),
       "K and c are defined in the paper's Appendix Lemma A.5, which is not available"},
  }};
  return r;
}

}  // namespace lnsgd::theory
