#pragma once
// lnsgd models: every registered model (name, description, the tables it writes), or one model's parameters.
#include <iosfwd>
#include <string>
#include <vector>

namespace lnsgd::cli {

// Exit 0; 2 for an unknown name (one line naming it and the models accepted).
int models_command(const std::vector<std::string>& names, bool json, std::ostream& out, std::ostream& err);

}  // namespace lnsgd::cli
