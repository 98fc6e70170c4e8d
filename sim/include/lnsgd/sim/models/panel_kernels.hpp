#pragma once
// The two passes over W of two_layer_linear::sgd_block, register-blocked with the packet operations of simd.hpp (SIMD
// packets for double and float; one scalar per "packet" for other types, where they are plain loops).
//
// A panel is 8 consecutive batch-1 steps from W(t), a(t) on samples x_0 .. x_7. Its basis is the m x 9 matrix
//   b = [a(t), W(t) x_0, ..., W(t) x_7]   (column-major, leading dimension m),
// in which every a(t+k) and every W(t+k) x_k of the panel is a combination (derived in two_layer_linear.hpp), so the
// panel's steps need the 9 x 9 Gram matrix b^T b and no pass over m per step. Layouts: W is m x d column-major
// (leading dimension m); x, v are 8 x d column-major (element (k, j) at [j * 8 + k]).
#include <Eigen/Core>

#include "lnsgd/sim/models/simd.hpp"

namespace lnsgd::sim::panel {

using index = Eigen::Index;
inline constexpr index steps = 8;          // steps per panel
inline constexpr index basis = steps + 1;  // columns of b

// Writes W x_k into column k + 1 of b (column 0 must hold a(t)) and gram = b^T b (9 x 9, column-major, both
// triangles), in one read of W: neurons in tiles of two packets, the tile's 9 basis values in registers while its
// share of the Gram matrix is added. Rows past the last full tile: plain loops.
template <class Scalar>
void forward_and_gram(const Scalar* w, index m, index d, const Scalar* x, Scalar* b, Scalar* gram) {
  using Packet = simd::packet<Scalar>;
  constexpr index S = simd::width<Scalar>, rows = 2 * S, pairs = basis * (basis + 1) / 2;
  Packet g[pairs];
  Scalar tail[pairs];
  for (index p = 0; p < pairs; ++p) {
    g[p] = simd::broadcast<Packet>(Scalar(0));
    tail[p] = Scalar(0);
  }
  index i0 = 0;
  for (; i0 + rows <= m; i0 += rows) {
    Packet v0[basis], v1[basis];
    v0[0] = simd::load<Packet>(b + i0);
    v1[0] = simd::load<Packet>(b + i0 + S);
#pragma GCC unroll 8
    for (index k = 1; k < basis; ++k) v0[k] = v1[k] = simd::broadcast<Packet>(Scalar(0));
    for (index j = 0; j < d; ++j) {
      const Packet w0 = simd::load<Packet>(w + j * m + i0), w1 = simd::load<Packet>(w + j * m + i0 + S);
#pragma GCC unroll 8
      for (index k = 0; k < steps; ++k) {
        const Packet xb = simd::broadcast<Packet>(x[j * steps + k]);
        v0[k + 1] = simd::multiply_add(w0, xb, v0[k + 1]);
        v1[k + 1] = simd::multiply_add(w1, xb, v1[k + 1]);
      }
    }
#pragma GCC unroll 8
    for (index k = 1; k < basis; ++k) {
      simd::store(b + k * m + i0, v0[k]);
      simd::store(b + k * m + i0 + S, v1[k]);
    }
    index p = 0;
#pragma GCC unroll 9
    for (index s = 0; s < basis; ++s)
#pragma GCC unroll 9
      for (index t = s; t < basis; ++t, ++p)
        g[p] = simd::multiply_add(v1[s], v1[t], simd::multiply_add(v0[s], v0[t], g[p]));
  }
  for (index i = i0; i < m; ++i) {
    Scalar v[basis];
    v[0] = b[i];
    for (index k = 0; k < steps; ++k) {
      Scalar sum = 0;
      for (index j = 0; j < d; ++j) sum += w[j * m + i] * x[j * steps + k];
      v[k + 1] = b[(k + 1) * m + i] = sum;
    }
    index p = 0;
    for (index s = 0; s < basis; ++s)
      for (index t = s; t < basis; ++t, ++p) tail[p] += v[s] * v[t];
  }
  index p = 0;
  for (index s = 0; s < basis; ++s)
    for (index t = s; t < basis; ++t, ++p) gram[s * basis + t] = gram[t * basis + s] = simd::sum(g[p]) + tail[p];
}

// W += b(:, 0..7) v, the panel's rank-8 update, and a_out = b alpha (all 9 columns; the second layer after the
// panel): tiles of two packets of neurons x the 8 basis columns in registers, four columns of W at a time so eight
// independent multiply-add chains run side by side; W is read and written once, b read once. a_out must not overlap b.
template <class Scalar>
void rank_update(Scalar* w, index m, index d, const Scalar* b, const Scalar* v, const Scalar* alpha, Scalar* a_out) {
  using Packet = simd::packet<Scalar>;
  constexpr index S = simd::width<Scalar>, rows = 2 * S, cols = 4;
  index i0 = 0;
  for (; i0 + rows <= m; i0 += rows) {
    Packet b0[steps], b1[steps];
#pragma GCC unroll 8
    for (index k = 0; k < steps; ++k) {
      b0[k] = simd::load<Packet>(b + k * m + i0);
      b1[k] = simd::load<Packet>(b + k * m + i0 + S);
    }
    Packet a0 = simd::multiply(simd::load<Packet>(b + steps * m + i0), simd::broadcast<Packet>(alpha[steps]));
    Packet a1 = simd::multiply(simd::load<Packet>(b + steps * m + i0 + S), simd::broadcast<Packet>(alpha[steps]));
#pragma GCC unroll 8
    for (index k = 0; k < steps; ++k) {
      a0 = simd::multiply_add(b0[k], simd::broadcast<Packet>(alpha[k]), a0);
      a1 = simd::multiply_add(b1[k], simd::broadcast<Packet>(alpha[k]), a1);
    }
    simd::store(a_out + i0, a0);
    simd::store(a_out + i0 + S, a1);
    index j = 0;
    for (; j + cols <= d; j += cols) {
      Packet c0[cols], c1[cols];
#pragma GCC unroll 4
      for (index q = 0; q < cols; ++q) {
        c0[q] = simd::load<Packet>(w + (j + q) * m + i0);
        c1[q] = simd::load<Packet>(w + (j + q) * m + i0 + S);
      }
#pragma GCC unroll 8
      for (index k = 0; k < steps; ++k) {
#pragma GCC unroll 4
        for (index q = 0; q < cols; ++q) {
          const Packet vb = simd::broadcast<Packet>(v[(j + q) * steps + k]);
          c0[q] = simd::multiply_add(b0[k], vb, c0[q]);
          c1[q] = simd::multiply_add(b1[k], vb, c1[q]);
        }
      }
#pragma GCC unroll 4
      for (index q = 0; q < cols; ++q) {
        simd::store(w + (j + q) * m + i0, c0[q]);
        simd::store(w + (j + q) * m + i0 + S, c1[q]);
      }
    }
    for (; j < d; ++j) {
      Packet c0 = simd::load<Packet>(w + j * m + i0), c1 = simd::load<Packet>(w + j * m + i0 + S);
#pragma GCC unroll 8
      for (index k = 0; k < steps; ++k) {
        const Packet vb = simd::broadcast<Packet>(v[j * steps + k]);
        c0 = simd::multiply_add(b0[k], vb, c0);
        c1 = simd::multiply_add(b1[k], vb, c1);
      }
      simd::store(w + j * m + i0, c0);
      simd::store(w + j * m + i0 + S, c1);
    }
  }
  for (index i = i0; i < m; ++i) {
    Scalar a = b[steps * m + i] * alpha[steps];
    for (index k = 0; k < steps; ++k) a += b[k * m + i] * alpha[k];
    a_out[i] = a;
    for (index j = 0; j < d; ++j)
      for (index k = 0; k < steps; ++k) w[j * m + i] += b[k * m + i] * v[j * steps + k];
  }
}

}  // namespace lnsgd::sim::panel
