// The claim registry: every paper's entry (checks/papers/<folder>/paper.cpp, listed by the generated
// registered_papers.cpp, then those of register_paper), claims guarded against divergence, selection by id or paper, a
// claim's JSON.
#include <algorithm>
#include <set>
#include <stdexcept>

#include "lnsgd/checks/claims.hpp"
#include "lnsgd/checks/paper_registration.hpp"
#include "lnsgd/sim/engine/late_registrations.hpp"
#include "lnsgd/sim/integrate.hpp"
#include "registered_papers.hpp"

namespace lnsgd::checks {

namespace {

// A claim's experiment that diverges where it needed a stable run (sim::advance throws) is inconclusive, with the
// step named: never a crash, never a pass.
verdict diverged_verdict(const std::string& id, const sim::diverged_run& e) {
  verdict v;
  v.claim = id;
  v.result = status::inconclusive;
  v.where = regime::out_of_regime;
  v.inequality = "(not evaluated)";
  v.tested = "nothing: the experiment diverged before its measurement";
  v.evidence = {{"diverged_step", e.step}, {"reason", e.what()}};
  v.log = std::string(e.what()) + "; the regime was not evaluated";
  v.margin = "diverged at step " + std::to_string(e.step);
  v.confidence = "none";
  return v;
}

}  // namespace

claim guard_divergence(claim c) {
  c.run = [run = std::move(c.run), id = c.id](profile p) {
    try {
      return run(p);
    } catch (const sim::diverged_run& e) {
      return diverged_verdict(id, e);
    }
  };
  return c;
}

namespace {

sim::late_registrations<paper_claims>& added() {
  static sim::late_registrations<paper_claims> a;
  return a;
}

// Every paper's entry in report order, its claims guarded (guard_divergence). A claim whose paper field names
// another paper is a programming error, caught the first time the registry is read (tests read it).
const std::vector<paper_claims>& entries() {
  static const std::vector<paper_claims> all = [] {
    auto list = registered_papers();
    const auto more = added().freeze();
    list.insert(list.end(), more.begin(), more.end());
    std::stable_sort(list.begin(), list.end(), [](const paper_claims& a, const paper_claims& b) {
      return a.report_order != b.report_order ? a.report_order < b.report_order : a.about.id < b.about.id;
    });
    for (auto& e : list)
      for (auto& c : e.claims) {
        if (c.paper != e.about.id)
          throw std::logic_error("claim " + c.id + " names paper " + c.paper + " but is registered by " + e.about.id);
        c = guard_divergence(std::move(c));
      }
    return list;
  }();
  return all;
}

}  // namespace

void register_paper(paper_claims p) {
  const std::string what = "lnsgd::checks::register_paper(\"" + p.about.id + "\"): ";
  const auto validate = [&what](const paper_claims& candidate, const std::vector<paper_claims>& so_far) {
    const auto fail = [&](const std::string& why) { throw std::logic_error(what + why); };
    if (candidate.about.id.empty()) fail("a paper needs an id");
    std::set<std::string> paper_ids, claim_ids;
    auto all = registered_papers();
    all.insert(all.end(), so_far.begin(), so_far.end());
    for (const auto& e : all) {
      paper_ids.insert(e.about.id);
      for (const auto& c : e.claims) claim_ids.insert(c.id);
    }
    if (paper_ids.count(candidate.about.id)) fail("a paper of that id is registered already");
    for (const auto& c : candidate.claims) {
      if (c.id.empty() || !c.run) fail("every claim needs an id and a run");
      if (c.paper != candidate.about.id) fail("claim " + c.id + " names paper " + c.paper);
      if (!claim_ids.insert(c.id).second) fail("claim id " + c.id + " is registered already");
    }
  };
  added().add(std::move(p), what, validate);
}

const std::vector<paper>& papers() {
  static const std::vector<paper> all = [] {
    std::vector<paper> out;
    for (const auto& e : entries()) out.push_back(e.about);
    return out;
  }();
  return all;
}

const std::vector<claim>& registry() {
  static const std::vector<claim> all = [] {
    std::vector<claim> out;
    for (const auto& e : entries()) out.insert(out.end(), e.claims.begin(), e.claims.end());
    return out;
  }();
  return all;
}

const claim* find_claim(std::string_view id) {
  for (const auto& c : registry())
    if (c.id == id) return &c;
  return nullptr;
}

const paper* find_paper(std::string_view id) {
  for (const auto& p : papers())
    if (p.id == id) return &p;
  return nullptr;
}

std::optional<std::string> select_claims(const std::vector<std::string>& ids, const std::string& paper_id,
                                         std::vector<const claim*>& selected) {
  selected.clear();
  if (!ids.empty() && !paper_id.empty())
    return "claim ids and paper = " + paper_id + " cannot be used together (accepted: one of them)";
  if (!paper_id.empty() && !find_paper(paper_id)) {
    std::string known;
    for (const auto& p : papers()) known.append(known.empty() ? "" : ", ").append(p.id);
    return "unknown paper " + paper_id + " (accepted: " + known + ")";
  }
  for (const auto& id : ids) {
    const auto* c = find_claim(id);
    if (!c) {
      std::string known;
      for (const auto& k : registry()) known.append(known.empty() ? "" : ", ").append(k.id);
      return "unknown claim " + id + " (accepted: " + known + ")";
    }
    selected.push_back(c);
  }
  if (selected.empty())
    for (const auto& c : registry())
      if (paper_id.empty() || c.paper == paper_id) selected.push_back(&c);
  return std::nullopt;
}

nlohmann::json to_json(const claim& c, const verdict& v) {
  auto j = to_json(v);
  j["paper"] = c.paper;
  j["reference"] = c.reference;
  j["statement"] = c.statement;
  j["assumptions"] = c.assumptions;
  return j;
}

}  // namespace lnsgd::checks
