// The kernels' SIMD layer (sim/include/lnsgd/sim/models/simd.hpp, Eigen's packets) against GCC 12's public
// <experimental/simd> on the same kernel: the multiply-add floor of one step (2md multiply-adds on a 64 x 32
// chunk of W that stays in L1, as multiply_add_floor in step_bench.cpp). The ratio of the two rows, from one
// run, is what the adapter header's choice costs or saves.
#include <benchmark/benchmark.h>

#include <experimental/simd>

#include "floor_kernel.hpp"

namespace {

namespace stdx = std::experimental;
using lnsgd::bench::eigen_packets;
using lnsgd::bench::floor_kernel;

// GCC 12's std::experimental::native_simd<double> (the same register width under -march=native); its multiply-add
// either stdx::fma or a * b + c, which is one instruction only where the compiler contracts it (-ffp-contract).
template <bool explicit_fma>
struct std_simd {
  using packet = stdx::native_simd<double>;
  static constexpr Eigen::Index width = packet::size();
  static packet broadcast(double x) { return packet(x); }
  static packet load(const double* p) { return packet(p, stdx::element_aligned); }
  static void store(double* p, const packet& v) { v.copy_to(p, stdx::element_aligned); }
  static packet multiply_add(const packet& a, const packet& b, const packet& c) {
    if constexpr (explicit_fma)
      return stdx::fma(a, b, c);
    else
      return a * b + c;
  }
};

}  // namespace

BENCHMARK(floor_kernel<eigen_packets>)->ArgNames({"m", "d"})->Args({1000, 20})->Args({1000, 100});
BENCHMARK(floor_kernel<std_simd<true>>)->ArgNames({"m", "d"})->Args({1000, 20})->Args({1000, 100});
BENCHMARK(floor_kernel<std_simd<false>>)->ArgNames({"m", "d"})->Args({1000, 20})->Args({1000, 100});
