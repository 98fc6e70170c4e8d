// lnsgd's own numerics (checks/papers/lnsgd_numerics/): a double run tracks its 50-digit twin; another seed is
// flagged.
#include "lnsgd/checks/claims.hpp"
#include "support/catch.hpp"
#include "support/claims.hpp"

using namespace lnsgd;
using checks::status;
using testing::run_quick;

TEST_CASE("a double run tracks its 50-digit twin and another seed's noise is flagged", "[check][precision-twin]") {
  const auto v = run_quick("precision-twin");
  CHECK(v.result == status::holds);
  CHECK(v.where == checks::regime::in_regime);
  // The record starts at step 0, where both runs hold the same initialisation up to double rounding.
  REQUIRE(v.tables.size() == 1);
  CHECK(v.tables[0].rows.front()[1] < 1e-15);
}
