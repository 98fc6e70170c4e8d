#include "lnsgd/checks/data_table.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace lnsgd::checks {

void data_table::add(std::vector<double> row) {
  if (row.size() != columns.size())
    throw std::logic_error("data_table " + name + ": row of " + std::to_string(row.size()) + " cells, expected " +
                           std::to_string(columns.size()));
  rows.push_back(std::move(row));
}

std::string to_csv(const data_table& t) {
  std::string out;
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    if (c) out += ',';
    out += t.columns[c];
  }
  out += '\n';
  char buf[32];
  for (const auto& row : t.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c) out += ',';
      if (std::isnan(row[c])) continue;
      if (std::isinf(row[c])) {
        out += row[c] > 0 ? "inf" : "-inf";
        continue;
      }
      const auto res = std::to_chars(buf, buf + sizeof buf, row[c]);  // shortest form that reads back exactly
      out.append(buf, res.ptr);
    }
    out += '\n';
  }
  return out;
}

}  // namespace lnsgd::checks
