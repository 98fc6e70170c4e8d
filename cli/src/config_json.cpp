#include "config_json.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace lnsgd::cli {
namespace {

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

std::string accepted_keys(const sim::model_entry& model) {
  std::string keys;
  for (const auto& p : model.parameters) keys.append(keys.empty() ? "" : ", ").append(p.name);
  return keys;
}

}  // namespace

std::optional<std::string> read_config_json(const std::string& path, nlohmann::json& config) {
  const std::string where = "config " + path + ": ";
  std::string text;
  if (auto why = read_text(path, text)) return where + *why;
  constexpr int max_depth = 8;  // the deepest config is an object holding a list
  try {
    config = nlohmann::json::parse(text, [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
      if (depth > max_depth) throw std::length_error("nested deeper than 8 levels");
      return true;
    });
  } catch (const nlohmann::json::out_of_range& e) {  // a number beyond double's range
    const std::string what = e.what();
    return where + what.substr(what.find(']') + 2) + " (accepted: numbers at most 1.8e308 in magnitude)";
  } catch (const nlohmann::json::exception& e) {
    const std::string what = e.what();
    return where + "malformed JSON (" + what.substr(0, what.find('\n')) + ")";
  } catch (const std::length_error& e) {
    return where + e.what() + " (accepted: a JSON object of parameters)";
  }
  if (!config.is_object())
    return where + "top level is " + std::string(config.type_name()) + " (accepted: a JSON object)";
  return std::nullopt;
}

std::string model_accepting(const std::string& key, const sim::model_entry& model) {
  std::vector<std::string> names;
  for (const auto& other : sim::all_models())
    if (other.name != model.name &&
        std::any_of(other.parameters.begin(), other.parameters.end(), [&](const auto& p) { return p.name == key; }))
      names.push_back(other.name);
  std::string text;
  for (const auto& n : names) text.append(text.empty() ? "" : ", ").append(n);
  return names.empty() ? "" : (names.size() == 1 ? "model " : "models ") + text;
}

std::optional<std::string> apply_config(const sim::model_entry& model, const nlohmann::json& config,
                                        const std::string& source, nlohmann::json& values,
                                        std::set<std::string>& given) {
  const std::string where = source + ": ";
  for (const auto& [key, value] : config.items()) {
    const auto p = std::find_if(model.parameters.begin(), model.parameters.end(),
                                [&](const sim::parameter& q) { return q.name == key; });
    if (p == model.parameters.end()) {
      const std::string other = model_accepting(key, model);
      return where + "unknown key '" + key + "' for model " + model.name +
             (other.empty() ? "" : " (it is a parameter of " + other + ")") + " (accepted: " +
             accepted_keys(model) + ")";
    }
    const auto converted = sim::convert(*p, value);
    if (!converted) return where + key + " = " + value.dump() + " (accepted: " + sim::describe(p->kind) + ")";
    values[key] = *converted;
    given.insert(key);
  }
  return std::nullopt;
}

}  // namespace lnsgd::cli
