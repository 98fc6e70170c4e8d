#pragma once
// A paper's hypotheses evaluated on a check's own configuration and data, and the regime they give (docs/checks.md,
// "Regimes"): in-regime when every one holds, out-of-regime naming each that fails. Claims of papers without a
// regime report of their own (Condition 1 for the main paper, checks/regime.hpp) list their hypotheses this way.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lnsgd/checks/verdict.hpp"

namespace lnsgd::checks {

struct hypothesis {
  std::string name;      // the assumption as the paper states it ("n <= d", "eta -> 0")
  bool holds = false;    // evaluated, never assumed
  nlohmann::json value;  // what it was evaluated on
};

// Sets v.where (in_regime iff every hypothesis holds), v.failed_assumptions and v.hypotheses. Throws
// std::invalid_argument for an empty list (a regime needs a statement).
void apply_hypotheses(verdict& v, const std::vector<hypothesis>& hypotheses);

// The hypothesis of a small-step limit theorem tested at a finite step: it never holds at a simulable step, and
// names the limit (the rule of docs/checks.md: a finite-eta test of a limit theorem is out-of-regime).
hypothesis small_step_limit(const std::string& limit, double step);

// The hypotheses of a claim run at several configurations, each list in the same order: one holds iff it holds at
// every configuration; its value lists the configurations' values.
std::vector<hypothesis> at_every(const std::vector<std::vector<hypothesis>>& per_configuration);

}  // namespace lnsgd::checks
