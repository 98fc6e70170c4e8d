#include "config_json.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>
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

// Reads one value of the field's type; false if the JSON value does not fit (a wrong type, a fraction for an
// integer, an integer beyond int64).
template <class T>
bool read_value(const std::string& key, const nlohmann::json& j, T& out, std::string& expected) {
  const auto read_integer = [](const nlohmann::json& e, std::int64_t& v) {
    if (e.is_number_unsigned()) {
      if (e.get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max())) return false;
      v = std::int64_t(e.get<std::uint64_t>());
    } else if (e.is_number_integer()) {
      v = e.get<std::int64_t>();
    } else if (e.is_number_float()) {  // 1e5 is an integer too, up to 2^53 where doubles hold every integer
      const double d = e.get<double>();
      if (!(std::abs(d) <= 9007199254740992.0) || std::trunc(d) != d) return false;
      v = std::int64_t(d);
    } else {
      return false;
    }
    return true;
  };
  if constexpr (std::is_same_v<T, bool>) {
    expected = "true or false";
    if (!j.is_boolean()) return false;
    out = j.get<bool>();
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    expected = "an integer between -9223372036854775808 and 9223372036854775807";
    return read_integer(j, out);
  } else if constexpr (std::is_same_v<T, double>) {
    expected = "a number";
    if (!j.is_number()) return false;
    out = j.get<double>();
  } else if constexpr (std::is_same_v<T, std::string>) {
    expected = "a string";
    if (key == "theta_star_norm" && j.is_number()) {  // a number, or the string "a4"
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
      std::int64_t v = 0;
      if (!read_integer(e, v)) return false;
      out.push_back(v);
    }
  }
  return true;
}

// The file's text, or a one-line reason it cannot be a config (not a regular file, too large, unreadable).
std::optional<std::string> read_text(const std::string& path, std::string& text) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return "not a regular file";
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot be read";
  constexpr std::size_t limit = 1 << 20;  // a config is a few hundred bytes
  text.resize(limit + 1);
  in.read(text.data(), std::streamsize(text.size()));
  if (in.bad()) return "cannot be read";
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > limit) return "larger than 1 MB (accepted: a JSON object of parameters)";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> load_config_json(const std::string& path, sim::simulation_config& cfg,
                                            std::set<std::string>& given) {
  const std::string where = "config " + path + ": ";
  std::string text;
  if (auto why = read_text(path, text)) return where + *why;
  nlohmann::json j;
  constexpr int max_depth = 8;  // the deepest config is an object holding a list
  try {
    j = nlohmann::json::parse(text, [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
      if (depth > max_depth) throw std::length_error("nested deeper than 8 levels");
      return true;
    });
  } catch (const nlohmann::json::out_of_range& e) {  // a number beyond double's range
    std::string what = e.what();
    return where + what.substr(what.find(']') + 2) + " (accepted: numbers at most 1.8e308 in magnitude)";
  } catch (const nlohmann::json::exception& e) {
    std::string what = e.what();
    return where + "malformed JSON (" + what.substr(0, what.find('\n')) + ")";
  } catch (const std::length_error& e) {
    return where + e.what() + " (accepted: a JSON object of parameters)";
  }
  if (!j.is_object()) return where + "top level is " + std::string(j.type_name()) + " (accepted: a JSON object)";
  for (const auto& [key, value] : j.items()) {
    bool known = false;
    std::optional<std::string> error;
    visit_simulation_fields([&](const char* name, auto member, const char*) {
      if (key != name) return;
      known = true;
      std::string expected;
      if (!read_value(key, value, cfg.*member, expected))
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
