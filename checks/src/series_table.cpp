#include "series_table.hpp"

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace lnsgd::checks {

std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream row(line);
  for (std::string f; std::getline(row, f, ',');) out.push_back(f);
  if (!line.empty() && line.back() == ',') out.emplace_back();  // a trailing empty cell
  return out;
}

namespace {

// strtod, not stod: a subnormal value (ERANGE) is a value, not an error.
double number(const std::string& f, const std::string& line) {
  if (f.empty()) return undefined_cell;
  char* end = nullptr;
  const double x = std::strtod(f.c_str(), &end);
  if (end != f.c_str() + f.size()) throw std::runtime_error("trajectory table: not a number: " + f + " in " + line);
  return x;
}

}  // namespace

std::vector<series> series_from_table(const std::string& csv, const nlohmann::json& trajectories) {
  std::istringstream in(csv);
  std::string line;
  if (!std::getline(in, line)) throw std::runtime_error("trajectory table: empty");
  auto header = csv_fields(line);
  if (header.size() < 2 || header[0] != "trajectory" || header[1] != "step")
    throw std::runtime_error("trajectory table: the header does not start with trajectory,step: " + line);
  std::vector<series> out(trajectories.size());
  for (std::size_t k = 0; k < out.size(); ++k) {
    out[k].columns.assign(header.begin() + 2, header.end());
    out[k].diverged = trajectories[k].value("status", "") == "diverged";
  }
  while (std::getline(in, line)) {
    const auto f = csv_fields(line);
    if (f.size() != header.size()) throw std::runtime_error("trajectory table: a row of the wrong length: " + line);
    const auto k = std::stoull(f[0]);
    if (k >= out.size()) throw std::runtime_error("trajectory table: trajectory " + f[0] + " has no summary");
    out[k].steps.push_back(std::stoull(f[1]));
    std::vector<double> row;
    for (std::size_t c = 2; c < f.size(); ++c) row.push_back(number(f[c], line));
    out[k].rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace lnsgd::checks
