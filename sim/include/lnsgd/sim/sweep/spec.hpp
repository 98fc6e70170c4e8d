#pragma once
// A sweep: one model run over a grid (or a list) of parameter values and a set of seeds (docs/sweep.md). The spec
//   {"base": {config keys}, "grid": {"key": [values], ...}, "seeds": [...]}   or   {"base", "list": [{...}, ...]}
// names the model in base.model (default: lnsgd simulate's). Cells are the grid's points (keys in alphabetical
// order, the last varying fastest; or the list's entries in order), each run once per seed (seeds fastest): cell
// i is a pure function of the spec and i, so a sweep's table does not depend on how or where it was computed.
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "lnsgd/sim/engine/registry.hpp"

namespace lnsgd::sim::sweep {

struct sweep_spec {
  const model_entry* model = nullptr;
  nlohmann::json base = nlohmann::json::object();  // converted values, "model" included
  std::vector<std::string> keys;                   // the swept keys, in table order
  std::vector<nlohmann::json> points;              // each an object over (a subset of) keys, converted values
  std::vector<std::int64_t> seeds;                 // base.seed when the spec gives none
  // The spec as parsed (canonical JSON): what a resumed sweep must match.
  nlohmann::json canonical() const;
};

// Reads a spec; a one-line error naming the field, its value and what is accepted ("grid.eta[2] = \"x\" (accepted:
// a number)"), or nullopt. The sweep owns out and quiet (a cell writes into its own folder, silently): a spec that
// sets them is refused.
std::optional<std::string> parse_spec(const nlohmann::json& spec, sweep_spec& out);

struct sweep_cell {
  std::size_t index = 0;
  nlohmann::json point;  // the swept keys' values
  std::int64_t seed = 0;
};

// Every cell, in table order (points outer, seeds inner).
std::vector<sweep_cell> cells(const sweep_spec& spec);

// Cell c's values for model.run: the model's defaults, then base, the point, the seed, out = dir, quiet, and one
// thread unless the spec sets threads (cells already run in parallel); resolved by the model. A one-line error
// (the model's own "field = value (accepted: ...)") or nullopt.
std::optional<std::string> cell_values(const sweep_spec& spec, const sweep_cell& c, const std::filesystem::path& dir,
                                       nlohmann::json& values);

}  // namespace lnsgd::sim::sweep
