#pragma once
// Registering a model from outside lnsgd's tree (examples/linear_regression): the built-in models come from the
// folders of sim/models/; a program that links lnsgd::sim adds its own, first thing in main(), before anything
// reads the registry (docs/library.md).
#include "lnsgd/sim/engine/registry.hpp"

namespace lnsgd::sim {

// Adds e to all_models(), after the built-in models, in call order. On failure throws std::logic_error and
// registers nothing: e.name is not [a-z0-9][a-z0-9-]* or is taken; e.resolve, e.run or e.memory_needed is empty;
// or the registry has been read already (all_models() or find_model() was called).
void register_model(model_entry e);

}  // namespace lnsgd::sim
