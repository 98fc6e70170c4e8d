#include "lnsgd/sim/engine/parameters.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <limits>

namespace lnsgd::sim {
namespace {

std::optional<std::int64_t> to_integer(const nlohmann::json& e) {
  if (e.is_number_unsigned()) {
    if (e.get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return std::int64_t(e.get<std::uint64_t>());
  }
  if (e.is_number_integer()) return e.get<std::int64_t>();
  if (e.is_number_float()) {  // 1e5 is an integer too, up to 2^53 where doubles hold every integer
    const double d = e.get<double>();
    if (!(std::abs(d) <= 9007199254740992.0) || std::trunc(d) != d) return std::nullopt;
    return std::int64_t(d);
  }
  return std::nullopt;
}

// Text the command line's validators accepted (option_checks: from_chars, an optional '+'), parsed the same way.
template <class T>
T parse_text(const std::string& text) {
  T v{};
  const char* begin = text.data() + (text.size() > 1 && text[0] == '+');
  const auto [ptr, ec] = std::from_chars(begin, text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) throw std::invalid_argument("not a number: " + text);
  return v;
}

}  // namespace

std::string describe(parameter_kind kind) {
  switch (kind) {
    case parameter_kind::boolean: return "true or false";
    case parameter_kind::integer: return "an integer between -9223372036854775808 and 9223372036854775807";
    case parameter_kind::number: return "a number";
    case parameter_kind::text: return "a string";
    case parameter_kind::integer_list: break;
  }
  return "an array of integers";
}

std::optional<nlohmann::json> convert(const parameter& p, const nlohmann::json& value) {
  switch (p.kind) {
    case parameter_kind::boolean:
      if (value.is_boolean()) return value;
      return std::nullopt;
    case parameter_kind::integer:
      if (const auto v = to_integer(value)) return nlohmann::json(*v);
      return std::nullopt;
    case parameter_kind::number:
      if (value.is_number()) return nlohmann::json(value.get<double>());
      return std::nullopt;
    case parameter_kind::text:
      if (value.is_string()) return value;
      if (p.accepts_number_text && value.is_number()) return nlohmann::json(value.dump());
      return std::nullopt;
    case parameter_kind::integer_list: break;
  }
  if (!value.is_array()) return std::nullopt;
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : value) {
    const auto v = to_integer(e);
    if (!v) return std::nullopt;
    list.push_back(*v);
  }
  return list;
}

nlohmann::json from_text(const parameter& p, const std::string& text) {
  switch (p.kind) {
    case parameter_kind::boolean: return text == "true" || text == "1";
    case parameter_kind::integer: return parse_text<std::int64_t>(text);
    case parameter_kind::number: return parse_text<double>(text);
    case parameter_kind::text: return text;
    case parameter_kind::integer_list: break;
  }
  nlohmann::json list = nlohmann::json::array();
  std::size_t at = 0;
  while (at <= text.size()) {
    const auto comma = text.find(',', at);
    const std::string item = text.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    if (!item.empty()) list.push_back(parse_text<std::int64_t>(item));
    if (comma == std::string::npos) break;
    at = comma + 1;
  }
  return list;
}

}  // namespace lnsgd::sim
