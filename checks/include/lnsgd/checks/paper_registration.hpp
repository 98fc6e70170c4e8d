#pragma once
// Registering a paper and its claims from outside lnsgd's tree (examples/linear_regression): the built-in papers
// come from the folders of checks/papers/; a program that links lnsgd::checks adds its own, first thing in main(),
// before anything reads the registry. `lnsgd check`, `lnsgd list` and `lnsgd report` then treat them as their own
// (docs/library.md).
#include "lnsgd/checks/claims.hpp"

namespace lnsgd::checks {

// Adds p to the claim registry (placed by p.report_order like a built-in paper). On failure throws
// std::logic_error and registers nothing: p.about.id is empty or taken; a claim has no id or no run, names
// another paper, or has an id already registered; or the registry has been read already (papers(), registry(),
// find_claim(), find_paper() or select_claims() was called).
void register_paper(paper_claims p);

}  // namespace lnsgd::checks
