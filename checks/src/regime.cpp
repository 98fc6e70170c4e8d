#include "lnsgd/checks/regime.hpp"

#include <algorithm>
#include <iomanip>
#include <sstream>
#include <stdexcept>

#include "lnsgd/checks/certified.hpp"
#include "lnsgd/checks/claims.hpp"
#include "lnsgd/sim/synthetic_problem.hpp"
#include "lnsgd/theory/zhang2026/escape_time.hpp"
#include "lnsgd/theory/zhang2026/lazy_regime.hpp"
#include "lnsgd/theory/zhang2026/noise_level.hpp"
#include "lnsgd/theory/zhang2026/oscillation.hpp"
#include "lnsgd/theory/zhang2026/phase_two.hpp"
#include "lnsgd/theory/zhang2026/shrinkage.hpp"

namespace lnsgd::checks {
using theory::interval;

namespace {

nlohmann::json parameters_json(const parameter_set& p) {
  return {{"m", p.m}, {"eta", p.eta}, {"sigma", p.sigma}, {"n", p.n}, {"d", p.d},
          {"theta_star_norm", p.theta_star_norm}, {"max_x_norm", p.max_x_norm}};
}

}  // namespace

regime_report evaluate_regime(const parameter_set& p) {
  theory::condition1_inputs<interval> in{interval(p.m),         interval(p.eta), interval(p.sigma),
                                         interval(p.n),         interval(p.d),   interval(p.theta_star_norm),
                                         interval(p.max_x_norm)};
  regime_report r{theory::evaluate_condition1(in), {}, {}};
  for (const auto& a : r.condition.assumptions) {
    if (a.status == theory::assumption_status::fails) r.failed.push_back(a.id);
    if (a.status == theory::assumption_status::unknown) r.unknown.push_back(a.id);
  }
  return r;
}

std::vector<std::string> failed_among(const regime_report& r, const std::vector<std::string>& needed) {
  std::vector<std::string> out;
  for (const auto& a : needed)
    if (std::find(r.failed.begin(), r.failed.end(), a) != r.failed.end()) out.push_back(a);
  return out;
}

parameter_set synthetic_parameters(std::int64_t m, std::int64_t d, std::int64_t n, double eta, double sigma,
                                   double theta_star_norm, std::uint64_t seed) {
  const sim::synthetic_problem<double> prob(m, d, n, 10, seed, theta_star_norm);
  return {double(m), eta, sigma, double(n), double(d), theta_star_norm,
          prob.data.x_train.rowwise().norm().maxCoeff()};
}

void apply_condition1(verdict& v, const std::vector<parameter_set>& configs) {
  const claim* c = find_claim(v.claim);
  if (!c) throw std::invalid_argument("apply_condition1: no registered claim '" + v.claim + "'");
  if (configs.empty()) throw std::invalid_argument("apply_condition1: no configuration for " + v.claim);
  v.failed_assumptions.clear();
  for (const auto& p : configs)
    for (const auto& a : failed_among(evaluate_regime(p), c->assumptions))
      if (std::find(v.failed_assumptions.begin(), v.failed_assumptions.end(), a) == v.failed_assumptions.end())
        v.failed_assumptions.push_back(a);
  std::sort(v.failed_assumptions.begin(), v.failed_assumptions.end());
  v.where = v.failed_assumptions.empty() ? regime::in_regime : regime::out_of_regime;
}

nlohmann::json nearest_regime_json(const std::string& claim, const parameter_set& p, status decision,
                                   nlohmann::json measurement) {
  const auto* c = find_claim(claim);
  if (!c) throw std::invalid_argument("nearest_regime_json: no registered claim '" + claim + "'");
  return {{"config", parameters_json(p)},
          {"failed_assumptions", failed_among(evaluate_regime(p), c->assumptions)},
          {"decision", to_string(decision)},
          {"measurement", std::move(measurement)}};
}

std::string format_magnitude(const interval& enclosure) {
  using boost::multiprecision::log10;
  const auto x = median(enclosure);
  std::ostringstream s;
  if (x == 0) return "0";
  const auto l = log10(abs(x));
  if (l > -300 && l < 300) {
    s << std::setprecision(4) << static_cast<double>(x);
  } else {
    s << (x < 0 ? "-" : "") << "10^" << std::fixed << std::setprecision(1) << static_cast<double>(l);
  }
  return s.str();
}

namespace {

constexpr const char* certification_note =
    "certified: every value is an MPFI enclosure (168-bit bounds, outward rounding) of the closed form at the "
    "doubles given, and an assumption holds or fails only where the enclosures of its two sides are disjoint";

const char* status_name(theory::assumption_status s) {
  switch (s) {
    case theory::assumption_status::holds: return "holds";
    case theory::assumption_status::fails: return "fails";
    case theory::assumption_status::unknown: break;
  }
  return "unknown";
}

}  // namespace

nlohmann::json regime_json(const parameter_set& p, const regime_report& r) {
  nlohmann::json assumptions = nlohmann::json::array();
  for (const auto& a : r.condition.assumptions)
    assumptions.push_back({{"id", a.id},
                           {"statement", a.statement},
                           {"status", status_name(a.status)},
                           {"lhs", format_magnitude(a.lhs)},
                           {"rhs", format_magnitude(a.rhs)},
                           {"rhs_enclosure", theory::enclosure_text(a.rhs)},
                           {"note", a.note}});
  // Every closed form on enclosures of the inputs: {lower, upper} outward-rounded doubles and the printed enclosure.
  const interval m = p.m, eta = p.eta, sigma = p.sigma, d = p.d, star = p.theta_star_norm;
  nlohmann::json scales = {{"lazy_radius", enclosure_json(theory::lazy_radius(m))},
                           {"eta_times_m", enclosure_json(theory::stability_product(m, eta))},
                           {"lemma4.3_rho", enclosure_json(theory::shrinkage_rho(d))},
                           {"lemma4.3_sign_bound", enclosure_json(theory::nonpositive_probability_bound(m, d))},
                           {"lemma4.3_vacuous_unless_m_above", enclosure_json(theory::shrinkage_vacuity_width(d))},
                           {"lemma4.4_width", enclosure_json(theory::oscillation_width(eta))},
                           {"lemma4.4_horizon_steps", enclosure_json(theory::oscillation_time_horizon(eta))},
                           {"lemma4.4_norm_bound", enclosure_json(theory::oscillation_norm_bound(eta))},
                           {"lemma4.5_T2_flow_time", enclosure_json(theory::alignment_time_flow(eta, star))},
                           {"lemma4.5_T2_steps", enclosure_json(theory::alignment_time_steps(eta, star))},
                           {"lemma4.6_t3_minus_t2_steps", enclosure_json(theory::convergence_time_steps(eta, star))}};
  for (const char* key : {"T1_escape_time_bound", "escape_time_heuristic", "T1_if_noise_level_is_variance"})
    scales[key] = nullptr;
  if (p.sigma > 0) {
    scales["T1_escape_time_bound"] = enclosure_json(theory::escape_time_bound(m, eta, sigma));
    scales["escape_time_heuristic"] = enclosure_json(theory::escape_time_heuristic(m, eta, sigma));
    scales["T1_if_noise_level_is_variance"] =
        enclosure_json(theory::escape_time_bound(m, eta, theory::sigma_if_level_is_variance(sigma)));
  }
  return {{"parameters", parameters_json(p)},
          {"condition1", assumptions},
          {"footnote_C_terms",
           {format_magnitude(r.condition.c_terms[0]), format_magnitude(r.condition.c_terms[1]),
            format_magnitude(r.condition.c_terms[2])}},
          {"C_lower_bound", format_magnitude(r.condition.c_lower_bound)},
          {"eta_required_by_A2", format_magnitude(r.condition.eta_max)},
          {"eta_required_by_A2_enclosure", theory::enclosure_text(r.condition.eta_max)},
          {"level", "certified"},
          {"certification", certification_note},
          {"failed", r.failed},
          {"unknown", r.unknown},
          {"time_scales", scales}};
}

std::string regime_text(const parameter_set& p, const regime_report& r) {
  const auto j = regime_json(p, r);
  std::ostringstream s;
  s << "Condition 1 (Zhang et al. 2026) at m=" << p.m << " eta=" << p.eta << " sigma=" << p.sigma << " n=" << p.n
    << " d=" << p.d << " ||theta*||=" << p.theta_star_norm << " max||x_i||=" << std::setprecision(4) << p.max_x_norm
    << "\n  (" << certification_note << ")\n";
  for (const auto& a : j["condition1"])
    s << "  " << a["id"].get<std::string>() << "  " << std::left << std::setw(26) << a["statement"].get<std::string>()
      << std::setw(8) << a["status"].get<std::string>() << " lhs " << std::setw(12) << a["lhs"].get<std::string>()
      << " rhs " << std::setw(12) << a["rhs"].get<std::string>() << " " << a["note"].get<std::string>() << "\n";
  s << "  footnote: C >= max(" << j["footnote_C_terms"][0].get<std::string>() << ", "
    << j["footnote_C_terms"][1].get<std::string>() << ", " << j["footnote_C_terms"][2].get<std::string>()
    << ") = " << j["C_lower_bound"].get<std::string>()
    << ", so A2 demands eta <= " << j["eta_required_by_A2"].get<std::string>() << " (enclosure "
    << j["eta_required_by_A2_enclosure"].get<std::string>() << ")\n";
  const auto& t = j["time_scales"];
  auto e = [&](const char* key) { return t[key]["enclosure"].get<std::string>(); };
  const double sign_upper = t["lemma4.3_sign_bound"]["upper"], sign_lower = t["lemma4.3_sign_bound"]["lower"];
  s << "Time scales and bounds (certified enclosures [lower, upper], outward-rounded)\n"
    << "  lazy radius 1/sqrt(m) = " << e("lazy_radius") << "; eta*m = " << e("eta_times_m")
    << " (batch-1 SGD stable for eta*m <~ 2, derived)\n";
  if (!t["T1_escape_time_bound"].is_null())
    s << "  Thm 4.2: T1 = " << e("T1_escape_time_bound")
      << " steps; derived heuristic 2/(sqrt(m) eta^2 sigma^2) = " << e("escape_time_heuristic")
      << "\n  (the paper's \"noise level " << p.sigma
      << "\" read as sigma^2 instead, sigma = " << theory::sigma_if_level_is_variance(p.sigma)
      << ", would give T1 = " << e("T1_if_noise_level_is_variance") << ")\n";
  s << "  Lem 4.3: rho = " << e("lemma4.3_rho") << "; P(Delta W <= 0) >= " << e("lemma4.3_sign_bound")
    << (sign_upper <= 0 ? " (VACUOUS: m <= (4d/pi)^4 = "
                        : (sign_lower > 0 ? " (non-vacuous: m > " : " (undecided: enclosure contains 0; (4d/pi)^4 = "))
    << e("lemma4.3_vacuous_unless_m_above") << ")\n"
    << "  Lem 4.4: m = 1/sqrt(eta) = " << e("lemma4.4_width") << ", t0 <= 1/eta^2 = " << e("lemma4.4_horizon_steps")
    << ", bound sqrt(eta) = " << e("lemma4.4_norm_bound") << "\n"
    << "  Lem 4.5: T2 = " << e("lemma4.5_T2_flow_time") << " (flow time) or " << e("lemma4.5_T2_steps")
    << " steps (the two readings)\n"
    << "  Lem 4.6: t3 - t2 = " << e("lemma4.6_t3_minus_t2_steps") << " steps\n";
  if (!r.failed.empty()) {
    s << "Out of regime: fails";
    for (const auto& a : r.failed) s << " " << a;
    s << "; every theorem check here tests what can be tested (identities, directions, exponents, bounds as\n"
         "sufficient conditions) and is reported out-of-regime.\n";
  }
  return s.str();
}

}  // namespace lnsgd::checks
