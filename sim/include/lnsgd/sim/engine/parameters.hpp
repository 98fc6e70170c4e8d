#pragma once
// A model's parameters as data: name, kind, default, meaning. The command line builds its flags from them, config
// files are checked against them, metadata records them; a model's typed config is read from and written back to
// JSON through a parameter_table built from the same list (docs/architecture.md).
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace lnsgd::sim {

enum class parameter_kind { boolean, integer, number, text, integer_list };

struct parameter {
  std::string name;  // JSON key; the flag is --name with '_' as '-'
  parameter_kind kind;
  nlohmann::json default_value;
  std::string help;
  bool accepts_number_text = false;  // a text parameter that may be written as a JSON number (theta_star_norm)
};

// "an integer between ...", "a number", ...: what a value of this kind is, for messages.
std::string describe(parameter_kind kind);

// Converts a JSON value to the parameter's kind: integers from integral numbers up to 2^53 (1e5) and within int64,
// numbers as given, text as given (or from a number where accepted). Returns the value as stored, or nullopt when
// it does not fit (the message is then "name = value (accepted: describe(kind))").
std::optional<nlohmann::json> convert(const parameter& p, const nlohmann::json& value);

// Converts a command-line string (already checked by the flag's validator) to the parameter's JSON value.
nlohmann::json from_text(const parameter& p, const std::string& text);

// A typed config read from and written to JSON through a list of parameters, registered as (name, member, help)
// like simulation_fields.hpp. Members of a base struct (engine_config, shared by models) work through inheritance.
template <class Config>
class parameter_table {
 public:
  template <class Owner, class T>
    requires std::is_base_of_v<Owner, Config>
  parameter_table& add(const char* name, T Owner::*member, const char* help, bool accepts_number_text = false) {
    const Config defaults{};
    specs_.push_back({name, kind_of<T>(), nlohmann::json(defaults.*member), help, accepts_number_text});
    const std::string key = name;
    readers_.push_back([member, key](const nlohmann::json& values, Config& c) {
      if (values.contains(key)) c.*member = values.at(key).template get<T>();
    });
    writers_.push_back([member, key](const Config& c, nlohmann::json& values) { values[key] = c.*member; });
    return *this;
  }

  const std::vector<parameter>& parameters() const { return specs_; }

  // values must hold converted values (convert()); missing keys keep the config's defaults.
  Config read(const nlohmann::json& values) const {
    Config c{};
    for (const auto& r : readers_) r(values, c);
    return c;
  }
  nlohmann::json write(const Config& c) const {
    nlohmann::json values = nlohmann::json::object();
    for (const auto& w : writers_) w(c, values);
    return values;
  }

 private:
  template <class T>
  static parameter_kind kind_of() {
    if constexpr (std::is_same_v<T, bool>) return parameter_kind::boolean;
    else if constexpr (std::is_same_v<T, std::int64_t>) return parameter_kind::integer;
    else if constexpr (std::is_same_v<T, double>) return parameter_kind::number;
    else if constexpr (std::is_same_v<T, std::string>) return parameter_kind::text;
    else {
      static_assert(std::is_same_v<T, std::vector<std::int64_t>>, "a parameter is bool, int64, double, string or a list");
      return parameter_kind::integer_list;
    }
  }

  std::vector<parameter> specs_;
  std::vector<std::function<void(const nlohmann::json&, Config&)>> readers_;
  std::vector<std::function<void(const Config&, nlohmann::json&)>> writers_;
};

}  // namespace lnsgd::sim
