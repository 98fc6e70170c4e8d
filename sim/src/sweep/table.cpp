#include "lnsgd/sim/sweep/table.hpp"

#include <cstdio>
#include <map>
#include <set>
#include <sstream>

namespace lnsgd::sim::sweep {
namespace {

using json = nlohmann::json;

// Scalars of j, nested objects flattened ("divergence.step"); arrays are left out (they are not one number).
void flatten(const json& j, const std::string& prefix, std::map<std::string, json>& out) {
  for (const auto& [key, value] : j.items()) {
    if (value.is_object())
      flatten(value, prefix + key + ".", out);
    else if (!value.is_array())
      out[prefix + key] = value;
  }
}

std::string csv_field(const json& v) {
  if (v.is_null()) return "";
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return v.dump();
  if (v.is_number()) {
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", v.get<double>());
    return text;
  }
  const std::string s = v.is_string() ? v.get<std::string>() : v.dump();
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string quoted = "\"";
  for (char ch : s) {
    if (ch == '"') quoted += '"';
    quoted += ch == '\n' || ch == '\r' ? ' ' : ch;
  }
  return quoted + "\"";
}

}  // namespace

std::string tidy_table(const sweep_spec& spec, const std::vector<std::optional<cell_result>>& results) {
  const auto all = cells(spec);
  std::vector<std::vector<std::map<std::string, json>>> rows(all.size());
  std::set<std::string> columns;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (!results[i]) continue;
    for (const auto& t : results[i]->trajectories) {
      rows[i].emplace_back();
      flatten(t, "", rows[i].back());
      // A summary value named as a column of the table's own (a swept key, cell, seed, error) is "result.<name>".
      auto& row = rows[i].back();
      for (const auto& k : spec.keys)
        if (auto n = row.extract(k)) row["result." + k] = std::move(n.mapped());
      for (const char* k : {"cell", "seed", "error"})
        if (auto n = row.extract(k)) row[std::string("result.") + k] = std::move(n.mapped());
      for (const auto& [key, value] : rows[i].back())
        if (key != "trajectory" && key != "status") columns.insert(key);
    }
  }
  std::ostringstream out;
  out << "cell";
  for (const auto& k : spec.keys) out << ',' << k;
  out << ",seed,trajectory,status,error";
  for (const auto& c : columns) out << ',' << c;
  out << '\n';
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto write_row = [&](const json& trajectory, const json& status, const std::map<std::string, json>* r) {
      out << i;
      for (const auto& k : spec.keys) out << ',' << csv_field(all[i].point.value(k, json()));
      out << ',' << all[i].seed << ',' << csv_field(trajectory) << ',' << csv_field(status) << ','
          << csv_field(results[i] ? results[i]->error : "");
      for (const auto& c : columns) out << ',' << (r && r->count(c) ? csv_field(r->at(c)) : "");
      out << '\n';
    };
    if (!results[i]) {
      write_row(json(), json("missing"), nullptr);
    } else if (rows[i].empty()) {
      write_row(json(), json(results[i]->status), nullptr);
    } else {
      for (const auto& r : rows[i]) {
        const json status = r.count("status") ? r.at("status") : json(results[i]->status);
        write_row(r.count("trajectory") ? r.at("trajectory") : json(), status, &r);
      }
    }
  }
  return out.str();
}

}  // namespace lnsgd::sim::sweep
