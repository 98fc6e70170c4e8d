#include "lnsgd/sim/sweep/spec.hpp"

#include <algorithm>
#include <set>

namespace lnsgd::sim::sweep {
namespace {

using json = nlohmann::json;

constexpr std::size_t max_cells = 1000000;

const parameter* find_parameter(const model_entry& m, const std::string& key) {
  const auto p =
      std::find_if(m.parameters.begin(), m.parameters.end(), [&](const parameter& q) { return q.name == key; });
  return p == m.parameters.end() ? nullptr : &*p;
}

std::string accepted_keys(const model_entry& m) {
  std::string keys;
  for (const auto& p : m.parameters)
    if (p.name != "out" && p.name != "quiet") keys.append(keys.empty() ? "" : ", ").append(p.name);
  return keys;
}

// key = value converted to the model's parameter, or the error naming `where`.
std::optional<std::string> convert_into(const model_entry& m, const std::string& where, const std::string& key,
                                        const json& value, json& into) {
  if (key == "out" || key == "quiet")
    return where + " = " + value.dump() + " (accepted: nothing: the sweep sets " + key + " for every cell)";
  const parameter* p = find_parameter(m, key);
  if (!p) return where + ": unknown key '" + key + "' for model " + m.name + " (accepted: " + accepted_keys(m) + ")";
  const auto converted = convert(*p, value);
  if (!converted) return where + " = " + value.dump() + " (accepted: " + describe(p->kind) + ")";
  into[key] = *converted;
  return std::nullopt;
}

std::optional<std::string> read_grid(const json& grid, sweep_spec& s) {
  if (!grid.is_object() || grid.empty()) return "grid = " + grid.dump() + " (accepted: an object of key: [values])";
  std::vector<json> points{json::object()};
  for (const auto& [key, values] : grid.items()) {
    if (!values.is_array() || values.empty())
      return "grid." + key + " = " + values.dump() + " (accepted: a non-empty list of values)";
    std::vector<json> next;
    for (const auto& p : points)
      for (std::size_t k = 0; k < values.size(); ++k) {
        json q = p;
        if (auto e = convert_into(*s.model, "grid." + key + "[" + std::to_string(k) + "]", key, values[k], q)) return e;
        next.push_back(std::move(q));
        if (next.size() > max_cells) return "grid has more than 1e6 points (accepted: at most 1e6 cells)";
      }
    points = std::move(next);
    s.keys.push_back(key);
  }
  s.points = std::move(points);
  return std::nullopt;
}

std::optional<std::string> read_list(const json& list, sweep_spec& s) {
  if (!list.is_array() || list.empty()) return "list = " + list.dump() + " (accepted: a non-empty list of objects)";
  if (list.size() > max_cells) return "list has more than 1e6 entries (accepted: at most 1e6 cells)";
  std::set<std::string> keys;
  for (std::size_t k = 0; k < list.size(); ++k) {
    const std::string where = "list[" + std::to_string(k) + "]";
    if (!list[k].is_object()) return where + " = " + list[k].dump() + " (accepted: an object of config keys)";
    json point = json::object();
    for (const auto& [key, value] : list[k].items()) {
      if (auto e = convert_into(*s.model, where + "." + key, key, value, point)) return e;
      keys.insert(key);
    }
    s.points.push_back(std::move(point));
  }
  s.keys.assign(keys.begin(), keys.end());
  return std::nullopt;
}

std::optional<std::string> read_seeds(const json& spec, sweep_spec& s) {
  if (std::find(s.keys.begin(), s.keys.end(), "seed") != s.keys.end())
    return "grid/list key 'seed' (accepted: seeds in \"seeds\": [...])";
  if (!spec.contains("seeds")) {
    s.seeds = {s.base.value("seed", json(1)).get<std::int64_t>()};
    return std::nullopt;
  }
  const json& seeds = spec["seeds"];
  if (!seeds.is_array() || seeds.empty()) return "seeds = " + seeds.dump() + " (accepted: a non-empty list of seeds)";
  for (std::size_t k = 0; k < seeds.size(); ++k) {
    if (!seeds[k].is_number_integer() || seeds[k].get<double>() < 0)
      return "seeds[" + std::to_string(k) + "] = " + seeds[k].dump() + " (accepted: an integer >= 0)";
    s.seeds.push_back(seeds[k].get<std::int64_t>());
  }
  if (s.seeds.size() * s.points.size() > max_cells)
    return "grid x seeds has more than 1e6 cells (accepted: at most 1e6)";
  return std::nullopt;
}

}  // namespace

json sweep_spec::canonical() const {
  return {{"model", model ? model->name : ""}, {"base", base}, {"keys", keys}, {"points", points}, {"seeds", seeds}};
}

std::optional<std::string> parse_spec(const json& spec, sweep_spec& s) {
  s = sweep_spec{};
  if (!spec.is_object()) return "spec = " + std::string(spec.type_name()) + " (accepted: a JSON object)";
  for (const auto& [key, value] : spec.items())
    if (key != "base" && key != "grid" && key != "list" && key != "seeds")
      return "spec: unknown key '" + key + "' (accepted: base, grid, list, seeds)";
  const json base = spec.value("base", json::object());
  if (!base.is_object()) return "base = " + base.dump() + " (accepted: an object of config keys)";
  const json name = base.value("model", json(default_model));
  s.model = name.is_string() ? find_model(name.get<std::string>()) : nullptr;
  if (!s.model) return "base.model = " + name.dump() + " (accepted: a model lnsgd models lists)";
  for (const auto& [key, value] : base.items())
    if (auto e = convert_into(*s.model, "base." + key, key, value, s.base)) return e;
  s.base["model"] = s.model->name;
  if (spec.contains("grid") == spec.contains("list")) return "spec: give exactly one of grid and list (accepted: one)";
  if (auto e = spec.contains("grid") ? read_grid(spec["grid"], s) : read_list(spec["list"], s)) return e;
  for (const auto& key : s.keys)
    if (key == "model") return "grid/list key 'model' (accepted: one model per sweep, in base.model)";
  return read_seeds(spec, s);
}

std::vector<sweep_cell> cells(const sweep_spec& spec) {
  std::vector<sweep_cell> out;
  out.reserve(spec.points.size() * spec.seeds.size());
  for (const auto& point : spec.points)
    for (auto seed : spec.seeds) out.push_back({out.size(), point, seed});
  return out;
}

std::optional<std::string> cell_values(const sweep_spec& spec, const sweep_cell& c, const std::filesystem::path& dir,
                                       json& values) {
  const model_entry& m = *spec.model;
  values = json::object();
  std::set<std::string> given;
  for (const auto& p : m.parameters) values[p.name] = p.default_value;
  for (const json* layer : {&spec.base, &c.point})
    for (const auto& [key, value] : layer->items()) {
      values[key] = value;
      given.insert(key);
    }
  values["seed"] = c.seed;
  values["out"] = dir.string();
  values["quiet"] = true;
  given.insert({"seed", "out", "quiet"});
  if (values.contains("threads") && !given.count("threads")) values["threads"] = 1;
  if (auto error = m.resolve(values, given)) return "invalid " + *error;
  return std::nullopt;
}

}  // namespace lnsgd::sim::sweep
