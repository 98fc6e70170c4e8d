#pragma once
// Shared by the claim tests (tests/checks/): run a claim's quick profile and require that its negative control is
// flagged (so the check can fail) and that it passes.
#include <algorithm>
#include <string>
#include <vector>

#include "lnsgd/checks/claims.hpp"
#include "support/catch.hpp"

namespace lnsgd::testing {

inline checks::verdict run_quick(const std::string& id) {
  const auto* c = checks::find_claim(id);
  REQUIRE(c != nullptr);
  const auto v = c->run(checks::profile::quick);
  INFO(checks::to_text(v));
  REQUIRE(v.control.has_value());
  CHECK(v.control->flagged);  // the negative control is rejected: this check can fail
  CHECK(v.passed());
  return v;
}

inline bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace lnsgd::testing
