// The paper's entry in the claim registry (checks/src/registry.cpp lists every checks/papers/<folder>/paper.cpp):
// its id and citation, its place in the report, and its claims in report order.
#include "checks.hpp"

namespace lnsgd::checks::paper_entries {

paper_claims lnsgd_numerics_paper() {
  return {{"lnsgd", "lnsgd's own numerics (not a paper statement)"},
          1000,
          {
              {"precision-twin",
               "lnsgd",
               "lnsgd numerics (noise as a function of seed, trajectory, step, slot)",
               "a double run and its 50-digit twin of the same seed stay within 1e-9 relative over 10^4 steps",
               {},
               check_precision},
          }};
}

}  // namespace lnsgd::checks::paper_entries
