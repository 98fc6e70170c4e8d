#include "option_checks.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <optional>

#include "text.hpp"

namespace lnsgd::cli::option_checks {
namespace {

std::string rejected(const std::string& value, const std::string& accepted) {
  return one_line(value) + " (accepted: " + accepted + ")";
}

std::optional<std::int64_t> parse_integer(const std::string& s) {
  std::int64_t v = 0;
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data() + (s.size() > 1 && s[0] == '+'), end, v);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return v;
}

std::optional<double> parse_number(const std::string& s) {
  double v = 0;
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data() + (s.size() > 1 && s[0] == '+'), end, v);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return v;
}

CLI::Validator from(std::function<std::string(const std::string&)> check, const std::string& type) {
  return CLI::Validator([check](std::string& s) { return check(s); }, type);
}

const char* const integer_range = "an integer between -9223372036854775808 and 9223372036854775807";

}  // namespace

CLI::Validator integer() {
  return from([](const std::string& s) { return parse_integer(s) ? "" : rejected(s, integer_range); }, "");
}

CLI::Validator positive_integer() {
  return from([](const std::string& s) {
    const auto v = parse_integer(s);
    return v && *v >= 1 ? "" : rejected(s, "an integer >= 1");
  }, "POSITIVE");
}

CLI::Validator number() {
  return from([](const std::string& s) {
    return parse_number(s) ? "" : rejected(s, "a number, at most 1.8e308 in magnitude");
  }, "");
}

CLI::Validator finite_positive() {
  return from([](const std::string& s) {
    const auto v = parse_number(s);
    return v && std::isfinite(*v) && *v > 0 ? "" : rejected(s, "a finite number > 0");
  }, "POSITIVE");
}

CLI::Validator finite_nonnegative() {
  return from([](const std::string& s) {
    const auto v = parse_number(s);
    return v && std::isfinite(*v) && *v >= 0 ? "" : rejected(s, "a finite number >= 0");
  }, "NONNEGATIVE");
}

CLI::Validator one_of(std::vector<std::string> names) {
  std::string list;
  for (const auto& n : names) list.append(list.empty() ? "" : ", ").append(n);
  return from([names, list](const std::string& s) {
    return std::find(names.begin(), names.end(), s) != names.end() ? "" : rejected(s, list);
  }, "{" + list + "}");
}

CLI::Validator existing_file() {
  return from([](const std::string& s) {
    std::error_code ec;
    return std::filesystem::is_regular_file(s, ec) ? "" : rejected(s, "an existing file");
  }, "FILE");
}

CLI::Validator existing_folder() {
  return from([](const std::string& s) {
    std::error_code ec;
    return std::filesystem::is_directory(s, ec) ? "" : rejected(s, "an existing folder");
  }, "DIR");
}

}  // namespace lnsgd::cli::option_checks
