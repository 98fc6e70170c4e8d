#pragma once
// What a check returns: a verdict that can fail, where it applies, the evidence, and its negative control.
// Semantics: docs/checks.md (status, regime, evidence, control; a theorem out of its hypotheses is never "verified").
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "lnsgd/checks/data_table.hpp"

namespace lnsgd::checks {

enum class status { holds, violated, inconclusive };
// in_regime: every hypothesis of the statement holds here; out_of_regime: some fail (named); vacuous: the bound
// is satisfied by any outcome here, so it says nothing; empirical: no theorem states it (a paper's experiment,
// measured on an analog: there are no hypotheses to hold or fail).
enum class regime { in_regime, out_of_regime, vacuous, empirical };
// How rigorous the decision is. numerical: floating-point measurements against floating-point bounds;
// certified_bound: the closed form the measurement is compared with is an MPFI enclosure and the comparison is
// decided on it (the measurement itself is numerical); certified: the decision rests on enclosures end to end
// (theory/certified/interval.hpp). The regime of a main-paper claim is always decided on enclosures (regime.hpp).
enum class level { numerical, certified_bound, certified };

std::string to_string(status s);
std::string to_string(regime r);
std::string to_string(level l);

struct control_outcome {
  std::string description;  // what the control changes
  bool flagged = false;     // the check's own criterion rejects the control, as it must
  nlohmann::json evidence;
};

struct verdict {
  std::string claim;
  status result = status::inconclusive;
  regime where = regime::out_of_regime;
  checks::level level = level::numerical;
  std::vector<std::string> failed_assumptions;
  // The hypotheses the regime was derived from, each {name, holds, value} (checks/hypotheses.hpp); empty for a
  // claim whose regime comes from the main paper's Condition 1 report (checks/regime.hpp).
  nlohmann::json hypotheses = nlohmann::json::array();
  std::string inequality;  // the exact inequality the check enforces
  std::string tested;      // what was tested: identity, direction, exponent, bound as a sufficient condition
  nlohmann::json evidence = nlohmann::json::object();
  std::optional<control_outcome> control;
  std::string log;  // a readable account
  // One line each for the report's verdict table: how far the measurement is from the bound ("T1 / worst escape =
  // 197x"), and how sure the verdict is (an interval, a sample size, or "deterministic").
  std::string margin, confidence;
  std::vector<data_table> tables;  // the numbers behind the claim's figures (written by the report)

  // A check whose control was not flagged cannot fail, so its verdict is not trusted.
  bool passed() const { return result != status::violated && (!control || control->flagged); }
};

nlohmann::json to_json(const verdict& v);
// x with `digits` significant digits ("0.00123", "1.97e+06"), for margins and logs.
std::string format_number(double x, int digits = 3);
std::string to_text(const verdict& v);

}  // namespace lnsgd::checks
