// The engine's step loop (sim/integrate.hpp): stop predicates end a run early with their reason, a reset hook
// restores a saved state, divergence is reported with its step whatever the controls, advance() throws it, and a
// claim whose experiment diverges is inconclusive, never a crash or a pass.
#include <Eigen/Core>

#include "lnsgd/checks/claims.hpp"
#include "lnsgd/sim/integrate.hpp"
#include "support/catch.hpp"

using namespace lnsgd;

namespace {

// A walker on a line: theta <- theta + eta (drift 1 per unit eta); its "residual" is theta itself, so a walker
// started at +inf diverges.
struct walker {
  using state_type = Eigen::VectorXd;
  using value_type = double;
  using time_type = std::uint64_t;
  struct record {
    double last = 0;
    double max_abs_residual() const { return std::isfinite(last) ? std::abs(last) : HUGE_VAL; }
  } rec;
  template <class System>
  void do_step(const System&, state_type& theta, time_type, const value_type& eta) {
    theta[0] += eta;
    rec.last = theta[0];
  }
  const record& last_step() const { return rec; }
};

struct no_system {};

}  // namespace

TEST_CASE("a stop predicate ends the run at the first step it holds, with its reason", "[loop][stop]") {
  walker w;
  Eigen::VectorXd theta = Eigen::VectorXd::Zero(1);
  std::vector<std::uint64_t> seen;
  const auto target = sim::loop_controls{[](const Eigen::VectorXd& th, std::uint64_t) {
                                           return th[0] >= 10 ? std::optional<std::string>("first passage of 10")
                                                              : std::nullopt;
                                         },
                                         sim::no_reset};
  const auto r = sim::integrate_controlled(w, no_system{}, theta, 0, 1000, 1.0,
                                           [&](const auto&, std::uint64_t t) { seen.push_back(t); }, target);
  CHECK(r.stopped);
  CHECK(!r.diverged);
  CHECK(r.reason == "first passage of 10");
  CHECK(r.steps_done == 10);
  CHECK(theta[0] == 10);
  CHECK(seen.back() == 10);
  // Control: a target out of reach runs every step.
  theta.setZero();
  const auto far = sim::loop_controls{[](const Eigen::VectorXd& th, std::uint64_t) {
                                        return th[0] >= 1e9 ? std::optional<std::string>("never") : std::nullopt;
                                      },
                                      sim::no_reset};
  const auto all = sim::integrate_controlled(w, no_system{}, theta, 0, 50, 1.0, [](const auto&, std::uint64_t) {}, far);
  CHECK(!all.stopped);
  CHECK(all.steps_done == 50);
}

TEST_CASE("a reset hook restores a checkpoint and the observer sees the restored state", "[loop][reset]") {
  walker w;
  Eigen::VectorXd theta = Eigen::VectorXd::Zero(1);
  double highest = 0;
  std::uint64_t observed = 0;
  const auto every_five = sim::loop_controls{sim::no_stop, [](Eigen::VectorXd& th, std::uint64_t t) {
                                               if (t % 5 != 0) return false;
                                               th.setZero();  // the checkpoint
                                               return true;
                                             }};
  const auto r = sim::integrate_controlled(w, no_system{}, theta, 0, 100, 1.0,
                                           [&](const Eigen::VectorXd& th, std::uint64_t) {
                                             highest = std::max(highest, th[0]);
                                             ++observed;
                                           },
                                           every_five);
  CHECK(r.resets == 20);
  CHECK(r.steps_done == 100);
  CHECK(highest == 5);
  CHECK(theta[0] == 0);
  CHECK(observed == 1 + 100 + 20);  // the initial state, every step, every restored state
}

TEST_CASE("divergence is reported with its step under controls, and advance throws it", "[loop][divergence]") {
  walker w;
  Eigen::VectorXd theta = Eigen::VectorXd::Constant(1, 1e100 - 5);
  const auto r = sim::integrate_controlled(w, no_system{}, theta, 0, 100, 1e99, [](const auto&, std::uint64_t) {},
                                           sim::no_controls{});
  CHECK(r.diverged);
  CHECK(r.diverged_step == 0);  // 1e100 - 5 + 1e99 exceeds the 1e100 threshold at the first step
  theta.setConstant(0);
  CHECK_NOTHROW(sim::advance(w, no_system{}, theta, 0, 10, 1.0));
  theta.setConstant(std::numeric_limits<double>::infinity());
  CHECK_THROWS_AS(sim::advance(w, no_system{}, theta, 7, 10, 1.0), sim::diverged_run);
  try {
    sim::advance(w, no_system{}, theta, 7, 10, 1.0);
  } catch (const sim::diverged_run& e) {
    CHECK(e.step == 7);
  }
}

TEST_CASE("a claim whose experiment diverges is inconclusive and names the step", "[loop][check]") {
  checks::claim c{"toy", "lnsgd", "a test", "a walker that diverges", {}, [](checks::profile) -> checks::verdict {
                    walker w;
                    Eigen::VectorXd theta = Eigen::VectorXd::Constant(1, std::numeric_limits<double>::infinity());
                    sim::advance(w, no_system{}, theta, 3, 5, 1.0);
                    checks::verdict v;
                    v.result = checks::status::holds;  // never reached
                    return v;
                  }};
  const auto v = checks::guard_divergence(c).run(checks::profile::quick);
  CHECK(v.result == checks::status::inconclusive);
  CHECK(v.claim == "toy");
  CHECK(v.margin == "diverged at step 3");
  CHECK(v.passed());  // inconclusive without a control is not a violation: lnsgd check reports it, exits 0
}
