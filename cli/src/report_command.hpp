#pragma once
// lnsgd report: runs the claims and writes the bound-vs-simulation report (docs/report.md): results.json, the CSV
// behind every figure, figures drawn by scripts/report/lnsgd_report.py, index.html and summary.md.
#include <iosfwd>
#include <string>
#include <vector>

namespace lnsgd::cli {

struct report_options {
  std::string profile = "full";
  std::vector<std::string> claims;  // empty: every claim
  std::string out = "lnsgd-report";
  std::string from;                 // non-empty: redraw from this report's results.json and data/, run nothing
  bool quiet = false;
};

// Exit 0: the report was written (its verdicts are in results.json; `lnsgd check` exits 1 on a violation);
// 2: bad input, Python or matplotlib missing, or the report could not be drawn; nothing is written then.
int report_command(const report_options& o, std::ostream& out, std::ostream& err, bool interactive);

}  // namespace lnsgd::cli
