#pragma once
// lnsgd list / regime / check: the claim registry, Condition 1 for a parameter set, and verdicts.
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "lnsgd/checks/claims.hpp"
#include "lnsgd/checks/regime.hpp"

namespace lnsgd::cli {

// The claims named by ids (all of them if ids is empty); on an unknown id, a one-line error naming it and the ids
// accepted.
std::optional<std::string> select_claims(const std::vector<std::string>& ids,
                                         std::vector<const checks::claim*>& selected);

int list_command(std::ostream& out, bool json);

// p.max_x_norm < 0: use max ||x_i|| of the synthetic training set of (n, d, seed).
int regime_command(checks::parameter_set p, std::uint64_t seed, bool json, std::ostream& out);

// ids empty: every claim. Exit 0 if nothing is violated and every control is flagged, 1 otherwise, 2 on unknown ids.
int check_command(const std::vector<std::string>& ids, const std::string& profile, const std::string& json_path,
                  std::ostream& out, std::ostream& err);

}  // namespace lnsgd::cli
