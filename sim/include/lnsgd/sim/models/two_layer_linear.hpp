#pragma once
// The main paper's model (Zhang et al. 2026, Eq. 2): f(x) = a^T W x, W in R^{m x d}, a in R^m, no 1/sqrt(m) factor.
// Parameters live in one flat vector theta = [vec(W) (column-major), a], so steppers, SAM's perturbation, ODE
// integrators and precision comparisons all see a plain vector. Model concept: docs/concepts.md.
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <utility>

#include "lnsgd/sim/models/panel_kernels.hpp"
#include "lnsgd/sim/models/simd.hpp"
#include "lnsgd/sim/philox_noise.hpp"
#include "lnsgd/sim/precision.hpp"
#include "lnsgd/sim/synthetic_data.hpp"

namespace lnsgd::sim {

template <class Scalar>
class two_layer_linear {
 public:
  using value_type = Scalar;
  using vector_type = vector_t<Scalar>;
  using rows_type = rows_t<Scalar>;
  using index = Eigen::Index;
  using layer_type = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;  // column-major: inner loops over neurons

  // Scratch memory, sized once; after descend() it also describes the step just taken (read by observers).
  struct workspace {
    vector_type hidden;      // W x of the single sample of a batch of one
    vector_type end_to_end;  // W^T a, used to evaluate larger batches in O(md + Bd)
    vector_type g;           // effective input g = sum_k c_k x_k of the last step (the step is W -= eta a g^T)
    vector_type w_g;         // W_old g
    vector_type a_old;       // a before the last step
    Scalar g_norm2 = 0;      // ||g||^2
    vector_type u, v;        // descend_then_forward: eta g and the next input
  };

  // Register blocking of descend_then_forward: 4 SIMD packets of neurons (32 doubles with AVX-512).
  using Packet = simd::packet<Scalar>;
  static constexpr index packet_size = simd::width<Scalar>;
  static constexpr index packets_per_block = 4;
  static constexpr index block = packets_per_block * packet_size;
  static constexpr bool in_place_arithmetic = boost::multiprecision::is_number<Scalar>::value;

  two_layer_linear(index m, index d) : m_(m), d_(d) {}

  index width() const { return m_; }
  index input_dim() const { return d_; }
  index parameter_count() const { return m_ * d_ + m_; }

  Eigen::Map<layer_type> first_layer(vector_type& theta) const { return {theta.data(), m_, d_}; }
  Eigen::Map<const layer_type> first_layer(const vector_type& theta) const { return {theta.data(), m_, d_}; }
  auto second_layer(vector_type& theta) const { return theta.segment(m_ * d_, m_); }
  auto second_layer(const vector_type& theta) const { return theta.segment(m_ * d_, m_); }

  workspace make_workspace() const {
    workspace ws;
    ws.hidden.setZero(m_);
    ws.end_to_end.setZero(d_);
    ws.g.setZero(d_);
    ws.w_g.setZero(m_);
    ws.a_old.setZero(m_);
    ws.u.setZero(d_);
    ws.v.setZero(d_);
    return ws;
  }

  // The end-to-end linear predictor theta_e2e = W^T a (paper section 1.1), f(x) = theta_e2e^T x.
  void end_to_end(const vector_type& theta, vector_type& out) const {
    out.noalias() = first_layer(theta).transpose() * second_layer(theta);
  }

  // NTK initialisation (paper Eq. 5): w_ij ~ N(0, 1/d), a_i ~ N(0, 1/m); draw (init, step 0, slot i*d+j) and
  // (init, step 1, slot i), independent of the storage layout.
  void initialize(vector_type& theta, const philox_noise& noise) const {
    using std::sqrt;
    theta.resize(parameter_count());
    auto w = first_layer(theta);
    const Scalar sd_w = Scalar(1) / sqrt(Scalar(d_));
    const Scalar sd_a = Scalar(1) / sqrt(Scalar(m_));
    for (index i = 0; i < m_; ++i)
      for (index j = 0; j < d_; ++j) w(i, j) = sd_w * noise.normal<Scalar>(stream::init, 0, i * d_ + j);
    auto a = second_layer(theta);
    for (index i = 0; i < m_; ++i) a[i] = sd_a * noise.normal<Scalar>(stream::init, 1, i);
  }

  // f_k = f(theta; x_{idx[k]}). Caches what descend()/gradient() need at this theta and batch.
  void forward(const vector_type& theta, const rows_type& x, std::span<const index> idx, Scalar* f,
               workspace& ws) const {
    const auto w = first_layer(theta);
    const auto a = second_layer(theta);
    if (idx.size() == 1) {
      ws.hidden.noalias() = w * x.row(idx[0]).transpose();
      f[0] = a.dot(ws.hidden);
      return;
    }
    ws.end_to_end.noalias() = w.transpose() * a;
    for (std::size_t k = 0; k < idx.size(); ++k) f[k] = x.row(idx[k]).dot(ws.end_to_end);
  }

  // theta <- theta - eta * sum_k c_k grad f(theta; x_{idx[k]}), at the theta of the preceding forward():
  // W <- W - eta a g^T and a <- a - eta W g with g = sum_k c_k x_k (simultaneous update, paper section 2.1).
  void descend(vector_type& theta, const rows_type& x, std::span<const index> idx, const Scalar* c,
               const Scalar& eta, workspace& ws) const {
    descend_first_layer(theta, x, idx, c, eta, ws);  // W_old g is taken before W moves
    second_layer(theta) -= eta * ws.w_g;
  }

  // The batch-1 step fused with the next step's forward pass, in one sweep over W:
  //   W <- W - eta c a x^T,  a <- a - eta c h  (h = W_old x, held in ws.hidden by the preceding forward),
  //   ws.hidden <- W_new x_next  (the forward of the next sample, for the next step).
  // Same arithmetic as descend() for a batch of one, plus the next forward; memory traffic of one pass over W.
  // Blocks of `block` neurons keep a and the accumulators in registers while the inner loop runs over them.
  void descend_then_forward(vector_type& theta, const rows_type& x, index sample, const Scalar& c, const Scalar& eta,
                            index next_sample, workspace& ws) const {
    ws.g = c * x.row(sample).transpose();
    ws.g_norm2 = ws.g.squaredNorm();
    ws.w_g = c * ws.hidden;
    ws.a_old = second_layer(theta);
    second_layer(theta) -= eta * ws.w_g;
    ws.u = eta * ws.g;  // column j of W moves by -u_j a_old
    ws.v = x.row(next_sample).transpose();
    Scalar* w = theta.data();
    index i0 = 0;
    for (; i0 + block <= m_; i0 += block) sweep_block(w + i0, i0, ws);
    if (i0 < m_) sweep_tail(w + i0, i0, m_ - i0, ws);
  }

  // SAM's batch-1 step in closed form (derived from sam.hpp's update theta <- theta - eta grad l(theta + rho g/||g||),
  // g = grad l(theta), l = 1/2 (f(x) - target)^2): with h = W x and r = a.h - target, g = [r a x^T, r h], so with
  // s = rho/||g|| (0 if g = 0) the perturbed point has W' x = h + s r ||x||^2 a and a' = a + s r h; with
  // r' = a'.(W' x) - target the step is W <- W - eta r' a' x^T, a <- a - eta r' W' x. Two passes over W (the forward
  // and the rank-one update) instead of the generic path's eight. Returns r (the residual at theta).
  Scalar sam_step(vector_type& theta, const rows_type& x, index sample, const Scalar& target, const Scalar& rho,
                  const Scalar& eta, workspace& ws) const {
    using std::abs;
    using std::sqrt;
    auto w = first_layer(theta);
    auto a = second_layer(theta);
    ws.v = x.row(sample).transpose();
    ws.hidden.noalias() = w * ws.v;
    const Scalar r = a.dot(ws.hidden) - target;
    const Scalar xx = ws.v.squaredNorm();
    const Scalar norm = abs(r) * sqrt(xx * a.squaredNorm() + ws.hidden.squaredNorm());
    const Scalar s = norm > 0 ? Scalar(rho / norm) : Scalar(0);
    ws.a_old = a + (s * r) * ws.hidden;               // a'
    ws.w_g = ws.hidden + ((s * r) * xx) * a;          // W' x
    const Scalar r2 = ws.a_old.dot(ws.w_g) - target;  // r'
    ws.u = (eta * r2) * ws.v;                         // column j of W moves by -u_j a'
    for (index j = 0; j < d_; ++j) w.col(j) -= ws.u[j] * ws.a_old;
    a -= (eta * r2) * ws.w_g;
    return r;
  }

  // Scratch memory of sgd_block: one panel of 8 steps (panel_kernels.hpp) at a time.
  struct block_workspace {
    using basis_matrix = Eigen::Matrix<Scalar, panel::basis, panel::basis>;
    using panel_rows = Eigen::Matrix<Scalar, panel::steps, Eigen::Dynamic>;
    layer_type b;        // m x 9: the panel's basis [a(t), W(t) x_0, ..., W(t) x_7]
    panel_rows x;        // 8 x d: the panel's samples (zero rows past its last step)
    panel_rows u;        // 8 x d: -eta r_k x_k (zero rows past the last step done)
    panel_rows v;        // 8 x d: the panel's update W += b(:, 0..7) v
    basis_matrix gram;   // b^T b
    basis_matrix alpha;  // column k: a(t+k) in the basis b (k = 0..8)
    basis_matrix beta;   // column k: W(t+k) x_k in the basis b
    Eigen::Matrix<Scalar, panel::steps, panel::steps> gram_x;  // x_l . x_k
    Scalar r[panel::steps];                                    // the panel's residuals
    Scalar last_residual = 0;                                  // of the last step sgd_block did
    Scalar eta = 0;                                            // of the panel
    // Vectors a step_view forms on first use: a(t+j) in slot j % 2, and r_k W(t+k) x_k. alpha_j and beta_k have no
    // component past b's columns j and k + 1, so only those columns are read.
    vector_type a_vec[2], w_g;
    index a_vec_step[2] = {-1, -1}, w_g_step = -1;

    const vector_type& a_at(index j) {
      if (a_vec_step[j % 2] != j) {
        a_vec[j % 2].noalias() = b.leftCols(j + 1) * alpha.col(j).head(j + 1);
        a_vec_step[j % 2] = j;
      }
      return a_vec[j % 2];
    }
    const vector_type& w_g_at(index k) {
      if (w_g_step != k) {
        w_g.noalias() = b.leftCols(k + 2) * (r[k] * beta.col(k).head(k + 2));
        w_g_step = k;
      }
      return w_g;
    }
    // a(t+k+1) = a(t+k) - eta W(t+k) g_k (the step's own update, paper section 2.1).
    const vector_type& a_after(index k) {
      if (a_vec_step[(k + 1) % 2] != k + 1) {
        const vector_type& a_old = a_at(k);
        a_vec[(k + 1) % 2] = a_old - eta * w_g_at(k);
        a_vec_step[(k + 1) % 2] = k + 1;
      }
      return a_vec[(k + 1) % 2];
    }
  };

  block_workspace make_block_workspace() const {
    block_workspace bw;
    bw.b.setZero(m_, panel::basis);
    bw.x.setZero(panel::steps, d_);
    bw.u.setZero(panel::steps, d_);
    bw.v.setZero(panel::steps, d_);
    for (auto& a : bw.a_vec) a.setZero(m_);
    bw.w_g.setZero(m_);
    return bw;
  }

  // The panel's first `steps` steps as its basis sees them, for an observer that reads a whole panel in one pass
  // over b instead of forming m-vectors per step: a(t) = b(:, 0), and step k's W(t+k) g_k = b c_k with
  // c_k = r_k beta_k (components 0 .. k+1; the others are zero), ||g_k||^2 = r_k^2 ||x_k||^2. Valid during the
  // on_step call that handed it out only.
  struct panel_steps {
    const Scalar* b;  // m x 9, column-major
    index m;
    index steps;
    Scalar eta;
    const block_workspace* bw;
    Scalar w_g_coefficient(index k, index c) const { return bw->r[k] * bw->beta(c, k); }  // (c_k)_c
    Scalar g_norm2(index k) const { return bw->r[k] * bw->r[k] * bw->gram_x(k, k); }
  };

  // What sgd_block reports after step k of a panel: the step is W -= eta a_old g^T, a_new = a_old - eta w_g with
  // g = r x_k. The vectors are formed on first use (w_g and a_old: b times a 9-vector; a_new = a_old - eta w_g) and
  // valid during the on_step call only. panel_end: step k is the panel's last (steps 0 .. k of it: panel(k + 1)).
  struct step_view {
    Scalar r;
    Scalar g_norm2;
    block_workspace* bw;
    index k;
    bool panel_end = false;
    const vector_type& w_g() const { return bw->w_g_at(k); }  // W(t+k) g
    const vector_type& a_old() const { return bw->a_at(k); }  // a(t+k)
    const vector_type& a_new() const { return bw->a_after(k); }
    bool ends_panel() const { return panel_end; }
    // Steps 0 .. steps-1 of this view's panel (steps <= k + 1).
    panel_steps panel(index steps) const { return {bw->b.data(), bw->b.rows(), steps, bw->eta, bw}; }
  };

  // `idx.size()` consecutive batch-1 label-noise SGD steps on samples idx[k] with label noise eps[k], in panels of 8
  // steps with two passes over W each (derived; W(t+k) = W(t) - sum_{l<k} eta r_l a(t+l) x_l^T):
  //   b = [a(t), W(t) x_0, ..., W(t) x_7] and G = b^T b  (one read of W),
  //   a(t+k) = b alpha_k,  W(t+k) x_k = b beta_k  with  alpha_0 = e_0,
  //   beta_k = e_{k+1} - sum_{l<k} eta r_l (x_l . x_k) alpha_l,  r_k = alpha_k^T G beta_k - y_k - eps_k,
  //   alpha_{k+1} = alpha_k - eta r_k beta_k  (9-vectors: no pass over m per step),
  //   W(t+8) = W(t) + b(:, 0..7) V,  V = [alpha_0 .. alpha_7](0..7, :) U,  U's rows -eta r_k x_k  (one rank-8 update;
  //   alpha_k, k < 8, has no component on W(t) x_7),  a(t+8) = b alpha_8.
  // The same steps as idx.size() calls of descend(), with the sums in another order. After each step it calls
  // on_step(k, view) (step_view); on_step returns false to stop there (divergence): W and a are then advanced by the
  // steps done. Returns the number of steps done.
  template <class OnStep>
  index sgd_block(vector_type& theta, const rows_type& x, const vector_type& y, std::span<const index> idx,
                  std::span<const Scalar> eps, const Scalar& eta, block_workspace& bw, OnStep&& on_step) const {
    const auto steps = static_cast<index>(idx.size());
    index done = 0;
    while (done < steps) {
      const index count = std::min(panel::steps, steps - done);
      const index did = sgd_panel(theta, x, y, idx.subspan(done, count), eps.subspan(done, count), eta, bw,
                                  [&](index k, const step_view& view) { return on_step(done + k, view); });
      done += did;
      if (did < count) break;
    }
    return done;
  }

  // Only the first layer moves: W <- W - eta a g^T (Lemma 4.4's dynamics, where a follows its own chain).
  void descend_first_layer(vector_type& theta, const rows_type& x, std::span<const index> idx, const Scalar* c,
                           const Scalar& eta, workspace& ws) const {
    prepare_step(theta, x, idx, c, ws);
    auto w = first_layer(theta);
    for (index j = 0; j < d_; ++j) w.col(j) -= (eta * ws.g[j]) * ws.a_old;
  }

  // grad = sum_k c_k grad f(theta; x_{idx[k]}) at the theta of the preceding forward(): [vec(a g^T), W g].
  void gradient(const vector_type& theta, const rows_type& x, std::span<const index> idx, const Scalar* c,
                workspace& ws, vector_type& grad) const {
    prepare_step(theta, x, idx, c, ws);
    grad.resize(parameter_count());
    Eigen::Map<layer_type> grad_w(grad.data(), m_, d_);
    for (index j = 0; j < d_; ++j) grad_w.col(j) = ws.g[j] * ws.a_old;
    grad.segment(m_ * d_, m_) = ws.w_g;
  }

 private:
  // Neurons i0 .. i0+block-1 of descend_then_forward: w points at W(i0, 0), columns m_ apart. Written with Eigen's
  // packet primitives so a and the accumulators stay in registers: SIMD packets for double, single scalars (plain
  // code) for multiprecision types. Column update col <- col - u_j a as one multiply-add.
  void sweep_block(Scalar* w, index i0, workspace& ws) const {
    if constexpr (in_place_arithmetic) {
      sweep_scalar(w, i0, block, ws);
      return;
    }
    Packet a[packets_per_block], acc[packets_per_block];
    for (index p = 0; p < packets_per_block; ++p) {
      a[p] = simd::load<Packet>(ws.a_old.data() + i0 + p * packet_size);
      acc[p] = simd::broadcast<Packet>(Scalar(0));
    }
    for (index j = 0; j < d_; ++j) {
      Scalar* col = w + j * m_;
      const Packet minus_u = simd::broadcast<Packet>(Scalar(-ws.u[j]));
      const Packet v = simd::broadcast<Packet>(ws.v[j]);
#pragma GCC unroll 8
      for (index p = 0; p < packets_per_block; ++p) {
        const Packet updated = simd::multiply_add(minus_u, a[p], simd::load<Packet>(col + p * packet_size));
        simd::store(col + p * packet_size, updated);
        acc[p] = simd::multiply_add(updated, v, acc[p]);
      }
    }
    for (index p = 0; p < packets_per_block; ++p) simd::store(ws.hidden.data() + i0 + p * packet_size, acc[p]);
  }

  // One panel of sgd_block: 1 to 8 steps (samples past the last are zero rows, which change nothing).
  template <class OnStep>
  index sgd_panel(vector_type& theta, const rows_type& x, const vector_type& y, std::span<const index> idx,
                  std::span<const Scalar> eps, const Scalar& eta, block_workspace& bw, OnStep&& on_step) const {
    const auto steps = static_cast<index>(idx.size());
    for (index k = 0; k < panel::steps; ++k) {
      if (k < steps)
        bw.x.row(k) = x.row(idx[k]);
      else
        bw.x.row(k).setZero();
    }
    bw.gram_x.setZero();
    for (index j = 0; j < d_; ++j) bw.gram_x.noalias() += bw.x.col(j) * bw.x.col(j).transpose();
    bw.b.col(0) = second_layer(theta);
    panel::forward_and_gram(theta.data(), m_, d_, bw.x.data(), bw.b.data(), bw.gram.data());
    bw.alpha.setZero();
    bw.alpha(0, 0) = 1;
    bw.beta.setZero();
    bw.a_vec_step[0] = bw.a_vec_step[1] = bw.w_g_step = -1;
    bw.eta = eta;
    index done = 0;
    for (index k = 0; k < steps; ++k) {
      auto beta = bw.beta.col(k);
      beta[k + 1] = 1;
      for (index l = 0; l < k; ++l) beta -= (eta * bw.r[l] * bw.gram_x(l, k)) * bw.alpha.col(l);
      const Scalar r = bw.alpha.col(k).dot(bw.gram * beta) - y[idx[k]] - eps[k];
      bw.r[k] = r;
      bw.alpha.col(k + 1) = bw.alpha.col(k) - (eta * r) * beta;
      done = k + 1;
      if (!on_step(k, step_view{r, r * r * bw.gram_x(k, k), &bw, k, k + 1 == steps})) break;
    }
    for (index k = 0; k < panel::steps; ++k) {
      if (k < done)
        bw.u.row(k) = (-eta * bw.r[k]) * bw.x.row(k);
      else
        bw.u.row(k).setZero();
    }
    const auto alpha_8 = bw.alpha.template topLeftCorner<panel::steps, panel::steps>();
    for (index j = 0; j < d_; ++j) bw.v.col(j).noalias() = alpha_8 * bw.u.col(j);
    panel::rank_update(theta.data(), m_, d_, bw.b.data(), bw.v.data(), bw.alpha.col(done).data(),
                       second_layer(theta).data());
    bw.last_residual = bw.r[done - 1];
    return done;
  }

  // The same sweep one scalar at a time with in-place arithmetic, for multiprecision types: no temporaries, so
  // each multiply-add costs about what the scalar's multiply-add costs.
  void sweep_scalar(Scalar* w, index i0, index rows, workspace& ws) const {
    Scalar product;
    for (index r = 0; r < rows; ++r) ws.hidden[i0 + r] = 0;
    for (index j = 0; j < d_; ++j) {
      Scalar* col = w + j * m_;
      const Scalar& u = ws.u[j];
      const Scalar& v = ws.v[j];
      for (index r = 0; r < rows; ++r) {
        multiply_into(product, u, ws.a_old[i0 + r]);
        col[r] -= product;
        multiply_into(product, col[r], v);
        ws.hidden[i0 + r] += product;
      }
    }
  }

  void sweep_tail(Scalar* w, index i0, index rows, workspace& ws) const {
    if constexpr (in_place_arithmetic) {
      sweep_scalar(w, i0, rows, ws);
      return;
    }
    using tail_t = Eigen::Array<Scalar, Eigen::Dynamic, 1>;
    const auto a = ws.a_old.segment(i0, rows).array();
    auto acc = ws.hidden.segment(i0, rows).array();
    acc.setZero();
    for (index j = 0; j < d_; ++j) {
      Eigen::Map<tail_t> col(w + j * m_, rows);
      col -= ws.u[j] * a;
      acc += col * ws.v[j];
    }
  }

  // g = sum_k c_k x_k, W g (from the cached hidden layer when the batch has one sample), a_old = a.
  void prepare_step(const vector_type& theta, const rows_type& x, std::span<const index> idx, const Scalar* c,
                    workspace& ws) const {
    if (idx.size() == 1) {
      ws.g = c[0] * x.row(idx[0]).transpose();
      ws.w_g = c[0] * ws.hidden;
    } else {
      ws.g.setZero();
      for (std::size_t k = 0; k < idx.size(); ++k) ws.g += c[k] * x.row(idx[k]).transpose();
      ws.w_g.noalias() = first_layer(theta) * ws.g;
    }
    ws.g_norm2 = ws.g.squaredNorm();
    ws.a_old = second_layer(theta);
  }

  index m_;
  index d_;
};

}  // namespace lnsgd::sim
