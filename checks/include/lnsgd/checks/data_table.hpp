#pragma once
// The numbers behind a figure: a claim attaches the tables its experiment produced to its verdict, the report
// writes each as CSV (data/<claim>/<name>.csv) and draws its figures from them (docs/report.md).
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace lnsgd::checks {

struct data_table {
  std::string name;                       // file stem, unique within a verdict: [a-z0-9_-]+
  std::string caption;                    // what a row is
  std::vector<std::string> columns;       // unique names: [a-z0-9_]+
  std::vector<std::vector<double>> rows;  // each of columns.size(); NaN: undefined (an empty CSV cell)

  data_table(std::string name_, std::string caption_, std::vector<std::string> columns_)
      : name(std::move(name_)), caption(std::move(caption_)), columns(std::move(columns_)) {}
  // Appends a row; throws std::logic_error if its length differs from the number of columns.
  void add(std::vector<double> row);
};

inline constexpr double undefined_cell = std::numeric_limits<double>::quiet_NaN();

// CSV text: a header of the column names, then one line per row; numbers in shortest round-trip form, undefined
// cells empty, +-inf as "inf"/"-inf".
std::string to_csv(const data_table& t);

}  // namespace lnsgd::checks
