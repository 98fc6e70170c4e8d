#include "lnsgd/checks/hypotheses.hpp"

#include <stdexcept>

namespace lnsgd::checks {

void apply_hypotheses(verdict& v, const std::vector<hypothesis>& hypotheses) {
  if (hypotheses.empty()) throw std::invalid_argument("apply_hypotheses: a claim without hypotheses has no regime");
  v.failed_assumptions.clear();
  nlohmann::json list = nlohmann::json::array();
  for (const auto& h : hypotheses) {
    if (!h.holds) v.failed_assumptions.push_back(h.name);
    list.push_back({{"name", h.name}, {"holds", h.holds}, {"value", h.value}});
  }
  v.where = v.failed_assumptions.empty() ? regime::in_regime : regime::out_of_regime;
  v.hypotheses = std::move(list);
}

hypothesis small_step_limit(const std::string& limit, double step) { return {limit, false, {{"step", step}}}; }

std::vector<hypothesis> at_every(const std::vector<std::vector<hypothesis>>& per_configuration) {
  if (per_configuration.empty()) throw std::invalid_argument("at_every: no configuration");
  std::vector<hypothesis> out;
  for (std::size_t k = 0; k < per_configuration.front().size(); ++k) {
    hypothesis h{per_configuration.front()[k].name, true, nlohmann::json::array()};
    for (const auto& list : per_configuration) {
      if (list.size() != per_configuration.front().size() || list[k].name != h.name)
        throw std::invalid_argument("at_every: the configurations list different hypotheses");
      h.holds = h.holds && list[k].holds;
      h.value.push_back(list[k].value);
    }
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace lnsgd::checks
