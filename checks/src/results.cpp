#include "lnsgd/checks/results.hpp"

namespace lnsgd::checks {

nlohmann::json papers_json() {
  nlohmann::json all = nlohmann::json::array();
  for (const auto& p : papers()) all.push_back({{"id", p.id}, {"citation", p.citation}});
  return all;
}

std::string table_file(const verdict& v, std::size_t t) { return "data/" + v.claim + "/" + v.tables[t].name + ".csv"; }

nlohmann::json report_entry(const claim& c, const verdict& v, double seconds) {
  auto j = to_json(c, v);
  j["seconds"] = seconds;
  for (std::size_t t = 0; t < v.tables.size(); ++t) j["tables"][t]["file"] = table_file(v, t);
  return j;
}

nlohmann::json results_document(const report_run& run, nlohmann::json verdicts) {
  return {{"schema", "lnsgd-results/1"},
          {"profile", run.profile},
          {"created_utc", run.created_utc},
          {"wall_time_s", run.wall_time_s},
          {"threads", run.threads},
          {"precision", "double for ensembles, sweeps and flows; float50 (cpp_bin_float_50) for identities, "
                        "flow-balance, gatmiry-orthogonal-frozen and the precision twin"},
          {"libraries", run.libraries},
          {"papers", papers_json()},
          {"verdicts", std::move(verdicts)}};
}

nlohmann::json check_document(const std::string& profile, const std::string& lnsgd_version, nlohmann::json verdicts) {
  return {{"profile", profile}, {"lnsgd", lnsgd_version}, {"verdicts", std::move(verdicts)}};
}

}  // namespace lnsgd::checks
