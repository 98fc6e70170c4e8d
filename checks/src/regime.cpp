#include "lnsgd/checks/regime.hpp"

#include <algorithm>
#include <iomanip>
#include <sstream>

#include <stdexcept>

#include "lnsgd/checks/claims.hpp"
#include "lnsgd/sim/synthetic_problem.hpp"
#include "lnsgd/theory/zhang2026/escape_time.hpp"
#include "lnsgd/theory/zhang2026/lazy_regime.hpp"
#include "lnsgd/theory/zhang2026/noise_level.hpp"
#include "lnsgd/theory/zhang2026/oscillation.hpp"
#include "lnsgd/theory/zhang2026/phase_two.hpp"
#include "lnsgd/theory/zhang2026/shrinkage.hpp"

namespace lnsgd::checks {
using sim::float50;

regime_report evaluate_regime(const parameter_set& p) {
  theory::condition1_inputs<float50> in{float50(p.m),        float50(p.eta), float50(p.sigma),
                                        float50(p.n),        float50(p.d),   float50(p.theta_star_norm),
                                        float50(p.max_x_norm)};
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

std::string format_magnitude(const float50& x) {
  using boost::multiprecision::log10;
  std::ostringstream s;
  if (x == 0) return "0";
  const float50 l = log10(abs(x));
  if (l > -300 && l < 300) {
    s << std::setprecision(4) << static_cast<double>(x);
  } else {
    s << (x < 0 ? "-" : "") << "10^" << std::fixed << std::setprecision(1) << static_cast<double>(l);
  }
  return s.str();
}

namespace {

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
  const double m = p.m, eta = p.eta, sigma = p.sigma, d = p.d;
  nlohmann::json assumptions = nlohmann::json::array();
  for (const auto& a : r.condition.assumptions)
    assumptions.push_back({{"id", a.id},
                           {"statement", a.statement},
                           {"status", status_name(a.status)},
                           {"lhs", format_magnitude(a.lhs)},
                           {"rhs", format_magnitude(a.rhs)},
                           {"note", a.note}});
  nlohmann::json scales = {
      {"lazy_radius", theory::lazy_radius(m)},
      {"eta_times_m", theory::stability_product(m, eta)},
      {"T1_escape_time_bound", sigma > 0 ? nlohmann::json(theory::escape_time_bound(m, eta, sigma)) : nullptr},
      {"escape_time_heuristic", sigma > 0 ? nlohmann::json(theory::escape_time_heuristic(m, eta, sigma)) : nullptr},
      {"T1_if_noise_level_is_variance",
       sigma > 0 ? nlohmann::json(theory::escape_time_bound(m, eta, theory::sigma_if_level_is_variance(sigma)))
                 : nullptr},
      {"lemma4.3_rho", theory::shrinkage_rho(d)},
      {"lemma4.3_sign_bound", theory::nonpositive_probability_bound(m, d)},
      {"lemma4.3_vacuous_unless_m_above", theory::shrinkage_vacuity_width(d)},
      {"lemma4.4_width", theory::oscillation_width(eta)},
      {"lemma4.4_horizon_steps", theory::oscillation_time_horizon(eta)},
      {"lemma4.4_norm_bound", theory::oscillation_norm_bound(eta)},
      {"lemma4.5_T2_flow_time", theory::alignment_time_flow(eta, p.theta_star_norm)},
      {"lemma4.5_T2_steps", theory::alignment_time_steps(eta, p.theta_star_norm)},
      {"lemma4.6_t3_minus_t2_steps", theory::convergence_time_steps(eta, p.theta_star_norm)}};
  return {{"parameters",
           {{"m", p.m}, {"eta", p.eta}, {"sigma", p.sigma}, {"n", p.n}, {"d", p.d},
            {"theta_star_norm", p.theta_star_norm}, {"max_x_norm", p.max_x_norm}}},
          {"condition1", assumptions},
          {"footnote_C_terms",
           {format_magnitude(r.condition.c_terms[0]), format_magnitude(r.condition.c_terms[1]),
            format_magnitude(r.condition.c_terms[2])}},
          {"C_lower_bound", format_magnitude(r.condition.c_lower_bound)},
          {"eta_required_by_A2", format_magnitude(r.condition.eta_max)},
          {"failed", r.failed},
          {"unknown", r.unknown},
          {"time_scales", scales}};
}

std::string regime_text(const parameter_set& p, const regime_report& r) {
  const auto j = regime_json(p, r);
  std::ostringstream s;
  s << "Condition 1 (Zhang et al. 2026) at m=" << p.m << " eta=" << p.eta << " sigma=" << p.sigma << " n=" << p.n
    << " d=" << p.d << " ||theta*||=" << p.theta_star_norm << " max||x_i||=" << std::setprecision(4) << p.max_x_norm
    << "\n";
  for (const auto& a : j["condition1"])
    s << "  " << a["id"].get<std::string>() << "  " << std::left << std::setw(26) << a["statement"].get<std::string>()
      << std::setw(8) << a["status"].get<std::string>() << " lhs " << std::setw(12) << a["lhs"].get<std::string>()
      << " rhs " << std::setw(12) << a["rhs"].get<std::string>() << " " << a["note"].get<std::string>() << "\n";
  s << "  footnote: C >= max(" << j["footnote_C_terms"][0].get<std::string>() << ", "
    << j["footnote_C_terms"][1].get<std::string>() << ", " << j["footnote_C_terms"][2].get<std::string>()
    << ") = " << j["C_lower_bound"].get<std::string>() << ", so A2 demands eta <= "
    << j["eta_required_by_A2"].get<std::string>() << "\n";
  const auto& t = j["time_scales"];
  s << std::setprecision(4) << "Time scales and bounds\n"
    << "  lazy radius 1/sqrt(m) = " << t["lazy_radius"].get<double>() << "; eta*m = " << t["eta_times_m"].get<double>()
    << " (batch-1 SGD stable for eta*m <~ 2, derived)\n";
  if (!t["T1_escape_time_bound"].is_null())
    s << "  Thm 4.2: T1 = " << t["T1_escape_time_bound"].get<double>()
      << " steps; derived heuristic 2/(sqrt(m) eta^2 sigma^2) = " << t["escape_time_heuristic"].get<double>()
      << "\n  (the paper's \"noise level " << p.sigma << "\" read as sigma^2 instead, sigma = "
      << theory::sigma_if_level_is_variance(p.sigma) << ", would give T1 = "
      << t["T1_if_noise_level_is_variance"].get<double>() << ")\n";
  s << "  Lem 4.3: rho = " << t["lemma4.3_rho"].get<double>() << "; P(Delta W <= 0) >= "
    << t["lemma4.3_sign_bound"].get<double>()
    << (t["lemma4.3_sign_bound"].get<double>() <= 0 ? " (VACUOUS: m <= (4d/pi)^4 = " : " (non-vacuous: m > ")
    << t["lemma4.3_vacuous_unless_m_above"].get<double>() << ")\n"
    << "  Lem 4.4: m = 1/sqrt(eta) = " << t["lemma4.4_width"].get<double>() << ", t0 <= 1/eta^2 = "
    << t["lemma4.4_horizon_steps"].get<double>() << ", bound sqrt(eta) = " << t["lemma4.4_norm_bound"].get<double>()
    << "\n"
    << "  Lem 4.5: T2 = " << t["lemma4.5_T2_flow_time"].get<double>() << " (flow time) or "
    << t["lemma4.5_T2_steps"].get<double>() << " steps (the two readings)\n"
    << "  Lem 4.6: t3 - t2 = " << t["lemma4.6_t3_minus_t2_steps"].get<double>() << " steps\n";
  if (!r.failed.empty()) {
    s << "Out of regime: fails";
    for (const auto& a : r.failed) s << " " << a;
    s << "; every theorem check here tests what can be tested (identities, directions, exponents, bounds as\n"
         "sufficient conditions) and is reported out-of-regime.\n";
  }
  return s.str();
}

}  // namespace lnsgd::checks
