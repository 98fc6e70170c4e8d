#include "config_json.hpp"

#include <fstream>
#include <type_traits>

#include "simulation_fields.hpp"

namespace lnsgd::cli {
namespace {

std::string accepted_keys() {
  std::string keys;
  visit_simulation_fields([&](const char* name, auto, const char*) {
    if (!keys.empty()) keys.append(", ");
    keys.append(name);
  });
  return keys;
}

// Reads one value of the field's type; false if the JSON type does not fit.
template <class T>
bool read_value(const nlohmann::json& j, T& out, std::string& expected) {
  if constexpr (std::is_same_v<T, bool>) {
    expected = "true or false";
    if (!j.is_boolean()) return false;
    out = j.get<bool>();
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    expected = "an integer";
    if (!j.is_number_integer()) return false;
    out = j.get<std::int64_t>();
  } else if constexpr (std::is_same_v<T, double>) {
    expected = "a number";
    if (!j.is_number()) return false;
    out = j.get<double>();
  } else if constexpr (std::is_same_v<T, std::string>) {
    expected = "a string";
    if (j.is_number()) {  // theta_star_norm may be written as a number
      out = j.dump();
      return true;
    }
    if (!j.is_string()) return false;
    out = j.get<std::string>();
  } else {
    expected = "an array of integers";
    if (!j.is_array()) return false;
    out.clear();
    for (const auto& e : j) {
      if (!e.is_number_integer()) return false;
      out.push_back(e.get<std::int64_t>());
    }
  }
  return true;
}

}  // namespace

std::optional<std::string> load_config_json(const std::string& path, sim::simulation_config& cfg,
                                            std::set<std::string>& given) {
  const std::string where = "config " + path + ": ";
  std::ifstream in(path);
  if (!in) return where + "cannot be read";
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    return where + "malformed JSON (" + what.substr(0, what.find('\n')) + ")";
  }
  if (!j.is_object()) return where + "top level is " + std::string(j.type_name()) + " (accepted: a JSON object)";
  for (const auto& [key, value] : j.items()) {
    bool known = false;
    std::optional<std::string> error;
    visit_simulation_fields([&](const char* name, auto member, const char*) {
      if (key != name) return;
      known = true;
      std::string expected;
      if (!read_value(value, cfg.*member, expected))
        error = where + key + " = " + value.dump() + " (accepted: " + expected + ")";
    });
    if (!known) return where + "unknown key '" + key + "' (accepted: " + accepted_keys() + ")";
    if (error) return error;
    given.insert(key);
  }
  return std::nullopt;
}

nlohmann::json config_to_json(const sim::simulation_config& cfg) {
  nlohmann::json j;
  visit_simulation_fields([&](const char* name, auto member, const char*) { j[name] = cfg.*member; });
  return j;
}

}  // namespace lnsgd::cli
