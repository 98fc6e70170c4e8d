#pragma once
// CLI11 validators whose messages all read "<value> (accepted: ...)": the command line prints them as
// "invalid --flag = <value> (accepted: ...)", one line (app.cpp). Every option of lnsgd uses one of these.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace lnsgd::cli::option_checks {

CLI::Validator integer();            // an integer within int64's range (no fraction, no exponent)
CLI::Validator positive_integer();   // an integer >= 1
CLI::Validator number();             // a decimal number within double's range ("nan" and "inf" too: fields judge those)
CLI::Validator finite_positive();    // a finite number > 0
CLI::Validator finite_nonnegative(); // a finite number >= 0
CLI::Validator one_of(std::vector<std::string> names);
CLI::Validator existing_file();
CLI::Validator existing_folder();

// The validator that fits a field of type T (simulate's fields: their ranges are judged by sim::validate).
template <class T>
CLI::Validator for_type() {
  if constexpr (std::is_same_v<T, double>) return number();
  else if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::vector<std::int64_t>>) return integer();
  else return CLI::Validator([](std::string&) { return std::string(); }, "");
}

}  // namespace lnsgd::cli::option_checks
