#pragma once
// The registry of claims: every checkable statement with its id, paper reference and experiment.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "lnsgd/checks/verdict.hpp"

namespace lnsgd::checks {

// quick: small sizes for tests and CI (seconds); full: the paper's synthetic setup and larger ensembles.
enum class profile { quick, full };

struct claim {
  std::string id;         // e.g. thm4.2
  std::string reference;  // paper, statement, equation
  std::string statement;  // one line
  std::vector<std::string> assumptions;  // of Condition 1, that the statement needs
  std::function<verdict(profile)> run;
};

const std::vector<claim>& registry();
const claim* find_claim(std::string_view id);  // nullptr if unknown

}  // namespace lnsgd::checks
