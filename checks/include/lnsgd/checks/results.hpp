#pragma once
// The documents the claims are reported in (docs/results.schema.json): results.json of `lnsgd report` and the
// JSON of `lnsgd check --json`. The caller runs the claims and supplies the facts of the run; the documents' shape
// is decided here, in one place.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lnsgd/checks/claims.hpp"

namespace lnsgd::checks {

// What a report's run records besides its verdicts.
struct report_run {
  std::string profile;      // quick | full
  std::string created_utc;  // ISO 8601
  double wall_time_s = 0;
  int threads = 1;
  nlohmann::json libraries;  // name -> version
};

// Every registered paper: [{id, citation}] in report order.
nlohmann::json papers_json();

// The CSV file of a verdict's table t inside a report folder: data/<claim>/<table>.csv.
std::string table_file(const verdict& v, std::size_t t);

// A verdict as results.json lists it: to_json(claim, verdict), its run time, and its tables' file names.
nlohmann::json report_entry(const claim& c, const verdict& v, double seconds);

// results.json: schema lnsgd-results/1, the run's facts, the papers and the verdicts (report_entry each).
nlohmann::json results_document(const report_run& run, nlohmann::json verdicts);

// The document of lnsgd check --json: the profile, lnsgd's version and the verdicts (to_json(claim, verdict)).
nlohmann::json check_document(const std::string& profile, const std::string& lnsgd_version, nlohmann::json verdicts);

}  // namespace lnsgd::checks
