#pragma once
// The entries of every folder of sim/models/ (the generated registered_models.cpp), in folder order.
#include <vector>

#include "lnsgd/sim/engine/registry.hpp"

namespace lnsgd::sim::detail {

std::vector<model_entry> built_in_models();

}  // namespace lnsgd::sim::detail
