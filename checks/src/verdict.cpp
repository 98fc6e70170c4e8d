#include "lnsgd/checks/verdict.hpp"

#include <iomanip>
#include <sstream>

namespace lnsgd::checks {

std::string to_string(status s) {
  switch (s) {
    case status::holds: return "holds";
    case status::violated: return "violated";
    case status::inconclusive: break;
  }
  return "inconclusive";
}

std::string to_string(regime r) {
  switch (r) {
    case regime::in_regime: return "in-regime";
    case regime::vacuous: return "vacuous";
    case regime::empirical:
      return "empirical";
    case regime::out_of_regime: break;
  }
  return "out-of-regime";
}

std::string to_string(level l) {
  switch (l) {
    case level::certified:
      return "certified";
    case level::certified_bound:
      return "certified-bound";
    case level::numerical:
      break;
  }
  return "numerical";
}

nlohmann::json to_json(const verdict& v) {
  nlohmann::json j = {{"claim", v.claim},
                      {"status", to_string(v.result)},
                      {"regime", to_string(v.where)},
                      {"level", to_string(v.level)},
                      {"failed_assumptions", v.failed_assumptions},
                      {"hypotheses", v.hypotheses},
                      {"inequality", v.inequality},
                      {"tested", v.tested},
                      {"evidence", v.evidence},
                      {"passed", v.passed()},
                      {"margin", v.margin},
                      {"confidence", v.confidence},
                      {"log", v.log}};
  if (v.control)
    j["control"] = {{"description", v.control->description},
                    {"flagged", v.control->flagged},
                    {"evidence", v.control->evidence}};
  else
    j["control"] = nullptr;
  j["tables"] = nlohmann::json::array();
  for (const auto& t : v.tables)
    j["tables"].push_back({{"name", t.name}, {"caption", t.caption}, {"columns", t.columns}, {"rows", t.rows.size()}});
  return j;
}

std::string format_number(double x, int digits) {
  std::ostringstream s;
  s << std::setprecision(digits) << x;
  return s.str();
}

std::string to_text(const verdict& v) {
  std::ostringstream s;
  s << v.claim << ": " << to_string(v.result) << " [" << to_string(v.where);
  if (!v.failed_assumptions.empty()) {
    s << ": fails";
    for (std::size_t k = 0; k < v.failed_assumptions.size(); ++k) s << (k ? "; " : " ") << v.failed_assumptions[k];
  }
  s << "] (" << to_string(v.level) << ")\n  enforces: " << v.inequality << "\n  tested:   " << v.tested << "\n";
  if (!v.margin.empty()) s << "  margin:   " << v.margin << "\n";
  if (!v.confidence.empty()) s << "  confidence: " << v.confidence << "\n";
  if (v.control)
    s << "  control:  " << v.control->description << " -> "
      << (v.control->flagged ? "flagged, as it must be" : "NOT FLAGGED: this check cannot fail, verdict not trusted")
      << "\n";
  std::istringstream log(v.log);
  for (std::string line; std::getline(log, line);) s << "  | " << line << "\n";
  return s.str();
}

}  // namespace lnsgd::checks
