// Registering models, papers and report figures from outside lnsgd's tree (sim/engine/model_registration.hpp,
// checks/paper_registration.hpp, cli/app.hpp): what each refuses, and that nothing is added once the registry has
// been read.
// A successful registration is tested from outside, by the example built against the installed package
// (tests/install/installed_package.py).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <lnsgd/checks/paper_registration.hpp>
#include <lnsgd/cli/app.hpp>
#include <lnsgd/sim/engine/model_registration.hpp>
#include <stdexcept>

#include "support/catch.hpp"

namespace {

using Catch::Matchers::Contains;

lnsgd::sim::model_entry copy_of(const std::string& built_in, const std::string& name) {
  auto e = *lnsgd::sim::find_model(built_in);
  e.name = name;
  return e;
}

}  // namespace

TEST_CASE("register_model refuses a bad name, a taken name, a missing function, and a read registry",
          "[registry][engine]") {
  using lnsgd::sim::register_model;
  REQUIRE(lnsgd::sim::find_model("diagonal-linear") != nullptr);  // the registry is read from here on
  const auto count = lnsgd::sim::all_models().size();
  REQUIRE_THROWS_WITH(register_model(copy_of("diagonal-linear", "My Model")), Contains("[a-z0-9][a-z0-9-]*"));
  REQUIRE_THROWS_WITH(register_model(copy_of("diagonal-linear", "")), Contains("[a-z0-9][a-z0-9-]*"));
  REQUIRE_THROWS_WITH(register_model(copy_of("diagonal-linear", "diagonal-linear")), Contains("registered already"));
  auto no_run = copy_of("diagonal-linear", "no-run");
  no_run.run = nullptr;
  REQUIRE_THROWS_WITH(register_model(no_run), Contains("must all be set"));
  REQUIRE_THROWS_WITH(register_model(copy_of("diagonal-linear", "late-model")), Contains("read already"));
  CHECK(lnsgd::sim::find_model("late-model") == nullptr);
  CHECK(lnsgd::sim::all_models().size() == count);
}

TEST_CASE("register_paper refuses a taken id, a claim of another paper, a taken claim id, and a read registry",
          "[registry][checks]") {
  using namespace lnsgd::checks;
  REQUIRE(find_paper("zhang2026") != nullptr);  // the registry is read from here on
  const auto count = registry().size();
  const auto run = [](profile) { return verdict{}; };
  const claim own{"late-claim", "late", "ref", "statement", {}, run};
  REQUIRE_THROWS_WITH(register_paper({{"zhang2026", "taken"}, 1, {}}), Contains("registered already"));
  REQUIRE_THROWS_WITH(register_paper({{"", "no id"}, 1, {}}), Contains("needs an id"));
  claim other = own;
  other.paper = "zhang2026";
  REQUIRE_THROWS_WITH(register_paper({{"late", "c"}, 1, {other}}), Contains("names paper zhang2026"));
  claim taken = own;
  taken.id = "thm4.2";
  REQUIRE_THROWS_WITH(register_paper({{"late", "c"}, 1, {taken}}), Contains("claim id thm4.2"));
  claim no_run = own;
  no_run.run = nullptr;
  REQUIRE_THROWS_WITH(register_paper({{"late", "c"}, 1, {no_run}}), Contains("needs an id and a run"));
  REQUIRE_THROWS_WITH(register_paper({{"late", "c"}, 1, {own}}), Contains("read already"));
  CHECK(find_claim("late-claim") == nullptr);
  CHECK(registry().size() == count);
}

TEST_CASE("register_report_figures refuses a path that is not an existing .py file", "[registry][report]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("lnsgd-figures-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "notes.txt") << "not python\n";
  CHECK_THROWS_AS(lnsgd::cli::register_report_figures(dir / "missing.py"), std::invalid_argument);
  CHECK_THROWS_AS(lnsgd::cli::register_report_figures(dir / "notes.txt"), std::invalid_argument);
  fs::create_directories(dir / "folder.py");
  CHECK_THROWS_AS(lnsgd::cli::register_report_figures(dir / "folder.py"), std::invalid_argument);
  fs::remove_all(dir);
}
