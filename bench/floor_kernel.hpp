#pragma once
// The multiply-add floor of one two-layer step (2md multiply-adds with the step's register blocking, on a 64 x 32
// chunk of W that stays in L1, repeated md/2048 times), written once over a SIMD backend: step_bench.cpp measures
// it with the kernels' adapter (the floor the step's ratio is taken to), simd_bench.cpp against std::experimental.
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <algorithm>
#include <cstdint>

#include "lnsgd/sim/models/simd.hpp"

namespace lnsgd::bench {

// Eigen packets through the adapter the kernels use.
struct eigen_packets {
  using packet = lnsgd::sim::simd::packet<double>;
  static constexpr Eigen::Index width = lnsgd::sim::simd::width<double>;
  static packet broadcast(double x) { return lnsgd::sim::simd::broadcast<packet>(x); }
  static packet load(const double* p) { return lnsgd::sim::simd::load<packet>(p); }
  static void store(double* p, const packet& v) { lnsgd::sim::simd::store(p, v); }
  static packet multiply_add(const packet& a, const packet& b, const packet& c) {
    return lnsgd::sim::simd::multiply_add(a, b, c);
  }
};

// Rows i0 .. i0 + 4 lanes of the fused sweep: w(i, j) += -u_j a_i, then h_i = sum_j w(i, j) v_j, in registers.
template <class Simd>
inline void fused_rows(Eigen::MatrixXd& w, const Eigen::VectorXd& a, const Eigen::VectorXd& v,
                       const Eigen::VectorXd& u, Eigen::Index i0, Eigen::VectorXd& h) {
  using packet = typename Simd::packet;
  constexpr Eigen::Index S = Simd::width;
  packet ap[4], acc[4];
  for (int p = 0; p < 4; ++p) {
    ap[p] = Simd::load(a.data() + i0 + p * S);
    acc[p] = Simd::broadcast(0.0);
  }
  for (Eigen::Index j = 0; j < w.cols(); ++j) {
    double* col = w.data() + j * w.rows() + i0;
    const packet mu = Simd::broadcast(-u[j]), vj = Simd::broadcast(v[j]);
    for (int p = 0; p < 4; ++p) {
      const packet c = Simd::multiply_add(mu, ap[p], Simd::load(col + p * S));
      Simd::store(col + p * S, c);
      acc[p] = Simd::multiply_add(c, vj, acc[p]);
    }
  }
  for (int p = 0; p < 4; ++p) Simd::store(h.data() + i0 + p * S, acc[p]);
}

template <class Simd>
void floor_kernel(benchmark::State& state) {
  constexpr Eigen::Index S = Simd::width, rows = 64, cols = 32;
  const auto reps = std::max<std::int64_t>(1, state.range(0) * state.range(1) / (rows * cols));
  Eigen::MatrixXd w = Eigen::MatrixXd::Random(rows, cols);
  const Eigen::VectorXd a = Eigen::VectorXd::Random(rows), v = Eigen::VectorXd::Random(cols);
  Eigen::VectorXd u = 1e-9 * Eigen::VectorXd::Random(cols), h(rows);
  for (auto _ : state) {
    for (std::int64_t rep = 0; rep < reps; ++rep) {
      for (Eigen::Index i0 = 0; i0 < rows; i0 += 4 * S) fused_rows<Simd>(w, a, v, u, i0, h);
      benchmark::DoNotOptimize(h.data());
    }
    u = -u;
    benchmark::DoNotOptimize(w.data());
  }
  state.counters["lanes"] = double(S);
}

// The same 2 rows cols multiply-adds (each weight updated, then accumulated into the next forward product: a load
// and a store per weight) on the real rows x cols matrix (state.range(0), state.range(1)), wherever it lives in the
// cache: the floor of a step of a model with that many weights. Rows beyond a multiple of 4 lanes run as scalars.
template <class Simd>
void sized_floor_kernel(benchmark::State& state) {
  constexpr Eigen::Index S = Simd::width;
  const Eigen::Index rows = state.range(0), cols = state.range(1), blocked = rows / (4 * S) * (4 * S);
  Eigen::MatrixXd w = Eigen::MatrixXd::Random(rows, cols);
  const Eigen::VectorXd a = Eigen::VectorXd::Random(rows), v = Eigen::VectorXd::Random(cols);
  Eigen::VectorXd u = 1e-9 * Eigen::VectorXd::Random(cols), h(rows);
  for (auto _ : state) {
    for (Eigen::Index i0 = 0; i0 < blocked; i0 += 4 * S) fused_rows<Simd>(w, a, v, u, i0, h);
    for (Eigen::Index i = blocked; i < rows; ++i) {
      double acc = 0;
      for (Eigen::Index j = 0; j < cols; ++j) {
        w(i, j) -= u[j] * a[i];
        acc += w(i, j) * v[j];
      }
      h[i] = acc;
    }
    benchmark::DoNotOptimize(h.data());
    u = -u;
    benchmark::DoNotOptimize(w.data());
  }
  state.counters["lanes"] = double(S);
}

}  // namespace lnsgd::bench
