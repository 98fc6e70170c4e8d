#include "models_command.hpp"

#include <algorithm>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>

#include "lnsgd/cli/app.hpp"
#include "lnsgd/sim/engine/registry.hpp"
#include "text.hpp"

namespace lnsgd::cli {
namespace {

nlohmann::json describe(const sim::model_entry& m, bool with_parameters) {
  nlohmann::json j = {{"name", m.name}, {"description", m.description}, {"step_by_step", bool(m.start_session)}};
  nlohmann::json tables = nlohmann::json::object();
  for (const auto& [file, what] : m.tables) tables[file] = what;
  j["tables"] = tables;
  if (with_parameters) {
    nlohmann::json params = nlohmann::json::array();
    for (const auto& p : m.parameters)
      params.push_back({{"name", p.name}, {"kind", sim::describe(p.kind)}, {"default", p.default_value}, {"help", p.help}});
    j["parameters"] = params;
  }
  return j;
}

void print(const sim::model_entry& m, bool with_parameters, std::ostream& out) {
  out << m.name << (m.name == sim::default_model ? " (default)" : "") << "\n  " << m.description << "\n  writes:";
  for (const auto& [file, what] : m.tables) out << " " << file;
  out << "\n";
  if (!with_parameters) return;
  for (const auto& p : m.parameters) {
    std::string name = p.name;
    std::replace(name.begin(), name.end(), '_', '-');
    const std::string shown = p.default_value.is_string() ? p.default_value.get<std::string>() : p.default_value.dump();
    out << "  --" << std::left << std::setw(18) << name << " " << std::setw(12) << shown << " " << p.help << "\n";
  }
}

}  // namespace

int models_command(const std::vector<std::string>& names, bool json, std::ostream& out, std::ostream& err) {
  std::vector<const sim::model_entry*> chosen;
  for (const auto& n : names) {
    const auto* m = sim::find_model(n);
    if (!m) {
      std::string all;
      for (const auto& e : sim::all_models()) all.append(all.empty() ? "" : ", ").append(e.name);
      err << "lnsgd models: unknown model " << one_line(n) << " (accepted: " << all << ")\n";
      return exit_code::usage_error;
    }
    chosen.push_back(m);
  }
  const bool with_parameters = !chosen.empty();
  if (chosen.empty())
    for (const auto& m : sim::all_models()) chosen.push_back(&m);
  if (json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto* m : chosen) j.push_back(describe(*m, with_parameters));
    out << j.dump(2) << "\n";
    return exit_code::ok;
  }
  for (const auto* m : chosen) print(*m, with_parameters, out);
  if (!with_parameters) out << "(lnsgd models NAME lists a model's parameters)\n";
  return exit_code::ok;
}

}  // namespace lnsgd::cli
