#pragma once
// The registry of claims: every checkable statement with its id, its paper, its reference and its experiment.
// Claims are grouped by paper: lnsgd list shows the groups, lnsgd check --paper ID runs one, the report has a
// section per paper.
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lnsgd/checks/verdict.hpp"

namespace lnsgd::checks {

// quick: small sizes for tests and CI (seconds); full: the paper's synthetic setup and larger ensembles.
enum class profile { quick, full };

// A paper, or a body of work, whose statements lnsgd checks.
struct paper {
  std::string id;        // short name: zhang2026, ...; new papers' claim ids carry it
  std::string citation;  // authors, title, venue
};

struct claim {
  std::string id;         // e.g. thm4.2
  std::string paper;      // paper::id
  std::string reference;  // statement, equation, figure in the paper
  std::string statement;  // one line
  std::vector<std::string> assumptions;  // of Condition 1, that the statement needs
  std::function<verdict(profile)> run;
};

// A paper's entry (checks/papers/<folder>/paper.cpp defines checks::paper_entries::<folder>_paper()): the paper, its place
// in the report (lower first; ties by id) and its claims in report order, each with claim::paper == about.id.
struct paper_claims {
  paper about;
  int report_order = 100;
  std::vector<claim> claims;
};

const std::vector<paper>& papers();           // in report order
const std::vector<claim>& registry();          // grouped by paper, in report order
const claim* find_claim(std::string_view id);  // nullptr if unknown
const paper* find_paper(std::string_view id);  // nullptr if unknown

// The claims named by ids, or those of one paper, or all (both empty). A one-line error naming an unknown id or
// paper and what is accepted, or nullopt.
std::optional<std::string> select_claims(const std::vector<std::string>& ids, const std::string& paper,
                                         std::vector<const claim*>& selected);

// c with its run guarded: an experiment that diverges where it needed a stable run (sim::diverged_run, thrown by
// sim::advance) gives an inconclusive verdict naming the step. The registry guards every claim.
claim guard_divergence(claim c);

// A verdict's JSON (to_json(verdict)) with its claim's paper, reference, statement and assumptions.
nlohmann::json to_json(const claim& c, const verdict& v);

}  // namespace lnsgd::checks
