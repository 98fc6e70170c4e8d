#pragma once
// The entries of every folder of checks/papers/ (the generated registered_papers.cpp), in folder order.
#include <vector>

#include "lnsgd/checks/claims.hpp"

namespace lnsgd::checks {

std::vector<paper_claims> registered_papers();

}  // namespace lnsgd::checks
