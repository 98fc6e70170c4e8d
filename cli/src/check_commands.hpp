#pragma once
// lnsgd list / regime / check: the claim registry, Condition 1 for a parameter set, and verdicts.
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "lnsgd/checks/claims.hpp"
#include "lnsgd/checks/regime.hpp"

namespace lnsgd::cli {

int list_command(std::ostream& out, bool json);

// p.max_x_norm < 0: use max ||x_i|| of the synthetic training set of (n, d, seed).
int regime_command(checks::parameter_set p, std::uint64_t seed, bool json, std::ostream& out);

// ids and paper empty: every claim; paper: that paper's claims. Exit 0 if nothing is violated and every control is
// flagged, 1 otherwise, 2 on unknown ids or papers.
int check_command(const std::vector<std::string>& ids, const std::string& paper, const std::string& profile,
                  const std::string& json_path, std::ostream& out, std::ostream& err);

}  // namespace lnsgd::cli
