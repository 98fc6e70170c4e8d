#include "check_commands.hpp"

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <ostream>

#include "lnsgd/checks/claims.hpp"
#include "lnsgd/checks/results.hpp"
#include "lnsgd/cli/app.hpp"
#include "lnsgd/cli/build_info.hpp"
#include "lnsgd/sim/engine/interruption.hpp"
#include "lnsgd/sim/synthetic_data.hpp"
#include "output/atomic_file.hpp"
#include "text.hpp"

namespace lnsgd::cli {

int list_command(std::ostream& out, bool json) {
  const auto& claims = checks::registry();
  if (json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& c : claims)
      j.push_back({{"id", c.id},
                   {"paper", c.paper},
                   {"reference", c.reference},
                   {"statement", c.statement},
                   {"assumptions", c.assumptions}});
    out << j.dump(2) << "\n";
    return exit_code::ok;
  }
  std::size_t width = 0;  // the longest id and two spaces: an id never runs into its reference
  for (const auto& c : claims) width = std::max(width, c.id.size() + 2);
  for (const auto& p : checks::papers()) {
    out << "[" << p.id << "] " << p.citation << "  (lnsgd check --paper " << p.id << ")\n";
    for (const auto& c : claims) {
      if (c.paper != p.id) continue;
      out << "  " << std::left << std::setw(int(width)) << c.id << c.reference << "\n"
          << std::string(width + 2, ' ') << c.statement << "\n";
      if (!c.assumptions.empty()) {
        out << std::string(width + 2, ' ') << "needs";
        for (const auto& a : c.assumptions) out << " " << a;
        out << "\n";
      }
    }
  }
  return exit_code::ok;
}

int regime_command(checks::parameter_set p, std::uint64_t seed, bool json, std::ostream& out) {
  if (p.max_x_norm < 0) {
    const auto data = sim::make_synthetic_data<double>(static_cast<std::int64_t>(p.n), 1, static_cast<std::int64_t>(p.d),
                                                       p.theta_star_norm, seed);
    p.max_x_norm = data.x_train.rowwise().norm().maxCoeff();
  }
  const auto r = checks::evaluate_regime(p);
  if (json)
    out << checks::regime_json(p, r).dump(2) << "\n";
  else
    out << checks::regime_text(p, r);
  return exit_code::ok;
}

int check_command(const std::vector<std::string>& ids, const std::string& paper, const std::string& profile,
                  const std::string& json_path, std::ostream& out, std::ostream& err) {
  std::vector<const checks::claim*> selected;
  if (auto unknown = checks::select_claims(ids, paper, selected)) {
    err << "lnsgd check: " << one_line(*unknown) << "\n";
    return exit_code::usage_error;
  }
  if (!json_path.empty())
    if (auto why = output::why_not_writable(json_path)) {
      err << "lnsgd check: invalid json = " << one_line(json_path) << ": " << *why << "\n";
      return exit_code::usage_error;
    }
  const auto prof = profile == "full" ? checks::profile::full : checks::profile::quick;

  nlohmann::json results = nlohmann::json::array();
  bool all_passed = true;
  for (const auto* c : selected) {
    if (sim::interrupt_requested()) {  // between claims: a claim's own runs do not poll
      err << "lnsgd check: interrupted before " << c->id << "; no verdicts written\n";
      return exit_code::interrupted;
    }
    const auto start = std::chrono::steady_clock::now();
    const auto v = c->run(prof);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    out << checks::to_text(v) << "  (" << std::setprecision(3) << secs << " s)\n";
    results.push_back(checks::to_json(*c, v));
    all_passed = all_passed && v.passed();
  }
  if (!json_path.empty()) {
    const auto doc =
        checks::check_document(profile, std::string(build_info::version) + " (" + build_info::git + ")", results);
    try {
      output::write_atomically(json_path, doc.dump(2) + "\n");
    } catch (const std::exception& e) {
      err << "lnsgd check: " << one_line(e.what()) << "\n";
      return exit_code::failure;
    }
  }
  out << (all_passed ? "nothing violated" : "VIOLATED (or a control was not flagged)") << "\n";
  return all_passed ? exit_code::ok : exit_code::failure;
}

}  // namespace lnsgd::cli
