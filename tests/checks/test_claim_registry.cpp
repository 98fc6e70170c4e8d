// The claim machinery: the registry by paper, verdicts that cannot pass with an unflagged control, statistics
// (Clopper-Pearson, log-log fits), tables, and lnsgd check / list / regime.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <nlohmann/json.hpp>

#include "lnsgd/checks/claims.hpp"
#include "lnsgd/checks/regime.hpp"
#include "lnsgd/checks/results.hpp"
#include "lnsgd/checks/statistics.hpp"
#include "support/catch.hpp"
#include "support/claims.hpp"
#include "support/cli_runner.hpp"

using namespace lnsgd;
using checks::status;

TEST_CASE("a verdict with an unflagged control or a violation does not pass", "[check][verdict]") {
  checks::verdict v;
  v.result = status::holds;
  CHECK(v.passed());
  v.control = checks::control_outcome{"control", false, {}};
  CHECK_FALSE(v.passed());
  v.control->flagged = true;
  CHECK(v.passed());
  v.result = status::violated;
  CHECK_FALSE(v.passed());
  CHECK(checks::to_json(v)["passed"] == false);
}

TEST_CASE("Clopper-Pearson intervals match their closed forms at the extremes", "[check][statistics]") {
  // k = 0: upper = 1 - (alpha/2)^(1/n); k = n: lower = (alpha/2)^(1/n) (Clopper & Pearson 1934).
  for (std::uint64_t n : {1u, 8u, 100u}) {
    const auto zero = checks::clopper_pearson(0, n), all = checks::clopper_pearson(n, n);
    CHECK(zero.lower == 0);
    CHECK(zero.upper == Approx(1 - std::pow(0.025, 1.0 / double(n))).epsilon(1e-10));
    CHECK(all.upper == 1);
    CHECK(all.lower == Approx(std::pow(0.025, 1.0 / double(n))).epsilon(1e-10));
  }
  // Symmetry: the interval for k failures mirrors the one for n - k.
  const auto a = checks::clopper_pearson(3, 20), b = checks::clopper_pearson(17, 20);
  CHECK(a.lower == Approx(1 - b.upper).epsilon(1e-10));
  CHECK(a.lower < 3.0 / 20);
  CHECK(a.upper > 3.0 / 20);
}

TEST_CASE("lnsgd check reports verdicts as JSON and rejects unknown ids", "[check][cli]") {
  test::scratch_dir tmp;
  const auto r = test::run_cli({"check", "identities", "--json", tmp / "v.json"});
  CHECK(r.code == 0);
  const auto j = nlohmann::json::parse(test::slurp(tmp / "v.json"));
  CHECK(j["verdicts"].size() == 1);
  CHECK(j["verdicts"][0]["claim"] == "identities");
  CHECK(j["verdicts"][0]["control"]["flagged"] == true);
  const auto bad = test::run_cli({"check", "thm9.9"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("unknown claim thm9.9") != std::string::npos);
  CHECK(std::count(bad.err.begin(), bad.err.end(), '\n') == 1);
}

TEST_CASE("claims are grouped by paper: list shows each claim's paper, check --paper runs one paper's claims",
          "[check][cli][papers]") {
  const auto list = test::run_cli({"list", "--json"});
  CHECK(list.code == 0);
  const auto claims = nlohmann::json::parse(list.out);
  CHECK(claims.size() == checks::registry().size());
  for (const auto& c : claims) CHECK(checks::find_paper(c["paper"].get<std::string>()) != nullptr);
  // The registry lists each paper's claims together, in the papers' order.
  std::size_t last_rank = 0;
  for (const auto& c : checks::registry()) {
    const auto rank = std::size_t(checks::find_paper(c.paper) - checks::papers().data());
    CHECK(rank >= last_rank);
    last_rank = rank;
  }
  test::scratch_dir tmp;
  const auto one = test::run_cli({"check", "--paper", "lnsgd", "--json", tmp / "v.json"});
  CHECK(one.code == 0);
  const auto j = nlohmann::json::parse(test::slurp(tmp / "v.json"));
  REQUIRE(j["verdicts"].size() == 1);
  CHECK(j["verdicts"][0]["claim"] == "precision-twin");
  CHECK(j["verdicts"][0]["paper"] == "lnsgd");
  const auto bad = test::run_cli({"check", "--paper", "nobody2030"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("unknown paper nobody2030 (accepted: zhang2026") != std::string::npos);
  const auto both = test::run_cli({"check", "thm4.2", "--paper", "zhang2026"});
  CHECK(both.code == 2);
}

TEST_CASE("lnsgd list and regime describe every claim and assumption", "[check][cli]") {
  const auto list = test::run_cli({"list", "--json"});
  CHECK(list.code == 0);
  CHECK(nlohmann::json::parse(list.out).size() == checks::registry().size());
  const auto regime = test::run_cli({"regime", "--m", "1000", "--eta", "1e-3", "--json"});
  CHECK(regime.code == 0);
  const auto j = nlohmann::json::parse(regime.out);
  CHECK(j["condition1"].size() == 6);
  CHECK(j["time_scales"]["T1_escape_time_bound"]["lower"].get<double>() > 1e6);  // certified: an enclosure
  CHECK(j["time_scales"]["T1_escape_time_bound"]["lower"] <= j["time_scales"]["T1_escape_time_bound"]["upper"]);
  CHECK(j["level"] == "certified");
  CHECK(regime.out.find("\"enclosure\": \"[") != std::string::npos);
  const auto bad = test::run_cli({"regime", "--eta", "-1"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("--eta") != std::string::npos);
}

TEST_CASE("every claim's tables are well formed", "[check][tables]") {
  // Tables feed the report's CSV files: unique file-safe names, rows as long as the header.
  for (const char* id : {"periodic", "precision-twin", "lem4.3-magnitude"}) {
    const auto v = checks::find_claim(id)->run(checks::profile::quick);
    REQUIRE_FALSE(v.tables.empty());
    std::set<std::string> names;
    for (const auto& t : v.tables) {
      CHECK(names.insert(t.name).second);
      CHECK(t.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") == std::string::npos);
      for (const auto& row : t.rows) CHECK(row.size() == t.columns.size());
      const auto csv = checks::to_csv(t);
      CHECK(static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')) == t.rows.size() + 1);
    }
  }
}

TEST_CASE("log-log fits recover exact power laws and give intervals", "[check][statistics]") {
  const std::vector<double> x{1, 2, 4, 8};
  std::vector<double> y;
  for (double v : x) y.push_back(3 * std::pow(v, -1.5));
  const auto exact = checks::fit_loglog(x, y);
  CHECK(exact.slope == Approx(-1.5).epsilon(1e-12));
  CHECK(std::exp(exact.intercept) == Approx(3).epsilon(1e-12));
  CHECK(exact.slope_ci.upper - exact.slope_ci.lower < 1e-9);
  y[1] *= 1.1;  // noise widens the interval, which must still contain the truth here
  const auto noisy = checks::fit_loglog(x, y);
  CHECK(noisy.slope_ci.lower < -1.5);
  CHECK(noisy.slope_ci.upper > -1.5);
  CHECK(std::isinf(checks::fit_loglog({1, 2}, {1, 4}).slope_ci.upper));  // two points: no interval
  CHECK_THROWS(checks::fit_loglog({1, 2, 3}, {1, 0, 2}));
}

TEST_CASE("the results documents are built in checks/: schema, papers, verdicts with their table files",
          "[check][results]") {
  checks::verdict v;
  v.claim = "toy";
  v.tables.push_back(checks::data_table("curve", "a curve", {"x", "y"}));
  const checks::claim c{"toy", "lnsgd", "a test", "a statement", {}, nullptr};
  const auto entry = checks::report_entry(c, v, 1.5);
  CHECK(entry["seconds"] == 1.5);
  CHECK(entry["paper"] == "lnsgd");
  CHECK(entry["tables"][0]["file"] == "data/toy/curve.csv");
  const auto doc = checks::results_document({"quick", "2026-12-01T00:00:00Z", 2.0, 2, {{"eigen", "3.4"}}},
                                            nlohmann::json::array({entry}));
  CHECK(doc["schema"] == "lnsgd-results/1");
  CHECK(doc["papers"].size() == checks::papers().size());
  CHECK(doc["verdicts"].size() == 1);
  CHECK(checks::check_document("quick", "0.1", nlohmann::json::array())["verdicts"].empty());
}

TEST_CASE("every claim's reference is one a reader can follow: the paper, or a file in the repository",
          "[check][registry][references]") {
  const std::filesystem::path root = LNSGD_SOURCE_DIR;
  for (const auto& c : checks::registry()) {
    INFO(c.id << ": " << c.reference);
    // Sources a user of lnsgd does not have: issue numbers and the unnamed digest's section numbers.
    CHECK(c.reference.find("issue #") == std::string::npos);
    CHECK(c.reference.find("digest 5.") == std::string::npos);
    // Every docs/ file it names exists.
    for (auto at = c.reference.find("docs/"); at != std::string::npos; at = c.reference.find("docs/", at + 1)) {
      const auto end = c.reference.find_first_of(" ,;)", at);
      CHECK(std::filesystem::exists(root / c.reference.substr(at, end - at)));
    }
  }
}
