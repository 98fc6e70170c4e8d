#pragma once
// A stepper taking `count` inner steps of dt/count per outer step: the outer loop keeps its step index and records
// (t = dt k), the inner stepper sees steps count*k .. count*k + count-1 (its noise counters stay distinct).
#include <cstdint>

namespace lnsgd::sim {

template <class Stepper>
class substeps {
 public:
  using value_type = typename Stepper::value_type;
  using state_type = typename Stepper::state_type;
  using time_type = std::uint64_t;
  using record_type = typename Stepper::record_type;

  substeps(Stepper inner, std::uint64_t count) : inner_(std::move(inner)), count_(count) {}

  template <class System>
  void do_step(const System& sys, state_type& theta, time_type step, const value_type& dt) {
    const value_type h = dt / value_type(static_cast<double>(count_));
    for (std::uint64_t j = 0; j < count_; ++j) inner_.do_step(sys, theta, step * count_ + j, h);
  }

  const record_type& last_step() const { return inner_.last_step(); }

 private:
  Stepper inner_;
  std::uint64_t count_;
};

}  // namespace lnsgd::sim
