// The engine's step loop (sim/integrate.hpp, sim/integrate_blocks.hpp): stop predicates end a run early with their
// reason, a reset hook restores a saved state, blocks are taken where the policy allows and end where it says,
// divergence is reported with its step whatever the controls, advance() throws it, and a claim whose experiment
// diverges is inconclusive, never a crash or a pass.
#include <Eigen/Core>

#include "lnsgd/checks/claims.hpp"
#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/integrate_blocks.hpp"
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

// The walker with a block path: do_steps advances `count` steps at once and shows each through a view {r}.
struct block_walker : walker {
  struct view {
    double r;
  };
  std::uint64_t blocks = 0;
  template <class System, class OnStep>
  std::uint64_t do_steps(const System&, state_type& theta, time_type t, std::uint64_t count, const value_type& eta,
                         OnStep&& on_step) {
    ++blocks;
    for (std::uint64_t k = 0; k < count; ++k) {
      if (!on_step(t + k + 1, view{theta[0] + eta})) return k;
      theta[0] += eta;
    }
    return count;
  }
};

// Blocks allowed from step `from` on, at most `most` steps each; records what it saw.
struct blocks_after {
  std::uint64_t from, most, now = 0;
  std::vector<std::uint64_t> block_steps{}, block_ends{};
  bool allowed() const { return now >= from; }
  std::uint64_t length(std::uint64_t t, std::uint64_t end) const { return std::min(most, end - t); }
  template <class View>
  void on_step(std::uint64_t after, const View&) {
    block_steps.push_back(after);
  }
  void at_end(const Eigen::VectorXd&, std::uint64_t t) {
    block_ends.push_back(t);
    now = t;
  }
};

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

TEST_CASE("integrate_blocks takes single steps until blocks are allowed, then blocks that end where told",
          "[loop][blocks]") {
  block_walker w;
  Eigen::VectorXd theta = Eigen::VectorXd::Zero(1);
  blocks_after policy{3, 4};
  std::vector<std::uint64_t> single;
  const auto r = sim::integrate_blocks(w, no_system{}, theta, 0, 12, 1.0,
                                       [&](const Eigen::VectorXd&, std::uint64_t t) {
                                         single.push_back(t);
                                         policy.now = t;
                                       },
                                       policy);
  CHECK(!r.diverged);
  CHECK(r.steps_done == 12);
  CHECK(theta[0] == 12);  // the same steps as integrate_steps
  CHECK(single == std::vector<std::uint64_t>{0, 1, 2, 3});
  CHECK(policy.block_ends == std::vector<std::uint64_t>{7, 11, 12});
  CHECK(policy.block_steps == std::vector<std::uint64_t>{4, 5, 6, 7, 8, 9, 10, 11, 12});
  CHECK(w.blocks == 3);
  // Control: blocks never allowed is integrate_steps.
  theta.setZero();
  blocks_after never{1000, 4};
  const auto plain = sim::integrate_blocks(w, no_system{}, theta, 0, 12, 1.0, [](const auto&, std::uint64_t) {}, never);
  CHECK(plain.steps_done == 12);
  CHECK(never.block_ends.empty());
}

TEST_CASE("divergence inside a block is reported at its step", "[loop][blocks][divergence]") {
  block_walker w;
  Eigen::VectorXd theta = Eigen::VectorXd::Zero(1);
  blocks_after policy{0, 8};
  // Step t takes theta to t + 1; its residual t + 1 first exceeds the threshold 10 at step t = 10, in the second block.
  const auto r = sim::integrate_blocks(w, no_system{}, theta, 0, 20, 1.0, [](const auto&, std::uint64_t) {}, policy,
                                       10.0);
  CHECK(r.diverged);
  CHECK(r.diverged_step == 10);
  CHECK(r.steps_done == 10);
  CHECK(theta[0] == 10);  // advanced by the steps done, not by the one that diverged
  CHECK(policy.block_ends == std::vector<std::uint64_t>{8});
  // Control: a threshold out of reach.
  theta.setZero();
  blocks_after again{0, 8};
  const auto fine = sim::integrate_blocks(w, no_system{}, theta, 0, 20, 1.0, [](const auto&, std::uint64_t) {}, again, 1e9);
  CHECK(!fine.diverged);
  CHECK(fine.steps_done == 20);
}
