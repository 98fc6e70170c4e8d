#pragma once
// What trajectory.csv of `--model mlp` holds (docs/models.md, "mlp"): per record epoch, the network's loss and
// accuracy on the training set (its labels as given, corrupted or not; no step noise), the validation and test
// sets, the Frobenius norm of every layer's weights, the relative distance from theta(0), the fraction of
// corrupted training labels it predicts (memorisation), and with a linearised twin the twin's losses, the RMS
// distance between the two models' test outputs (lin_distance) and how far the twin's outputs moved from the
// initial network's (lin_move: the scale lin_distance is small against); with model selection (validate_every),
// theta_best's epoch, validation loss, test accuracy and memorisation, and the resets so far; with gradient_bias,
// cos phi_cw at theta and the Langevin reduction at theta_best (mlp/gradient_bias.hpp). An engine RowObservables
// (engine/recorder.hpp).
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "mlp/evaluation.hpp"
#include "mlp/gradient_bias.hpp"
#include "mlp/linearised.hpp"
#include "mlp/resetting.hpp"
#include "mlp/twin_stepper.hpp"

namespace lnsgd::sim::models {

template <class Scalar>
bool has_corruption(const data::classification_data<Scalar>& d) {
  return std::find(d.corrupted.begin(), d.corrupted.end(), true) != d.corrupted.end();
}

// The columns of a network on data d, with or without a linearised twin and model selection.
// Which optional column groups a run has.
struct mlp_column_groups {
  bool twin = false, best = false, bias = false;
};

template <class Scalar>
std::vector<std::string> mlp_columns(const mlp<Scalar>& net, const data::classification_data<Scalar>& d,
                                     mlp_column_groups g) {
  std::vector<std::string> c = {"epoch", "train_loss", "train_acc"};
  if (d.validation.n() > 0) c.insert(c.end(), {"val_loss", "val_acc"});
  c.insert(c.end(), {"test_loss", "test_acc"});
  for (Eigen::Index l = 0; l < net.layers(); ++l) c.push_back("w_norm_" + std::to_string(l + 1));
  c.push_back("theta_move");
  if (has_corruption(d)) c.push_back("memorised");
  if (g.twin) c.insert(c.end(), {"lin_train_loss", "lin_test_loss", "lin_test_acc", "lin_distance", "lin_move"});
  if (g.best) {
    c.insert(c.end(), {"best_epoch", "best_val_loss", "best_test_acc"});
    if (has_corruption(d)) c.push_back("best_memorised");
    c.push_back("resets");
  }
  if (g.bias) c.push_back("cos_grad_cw");
  if (g.bias && g.best) c.insert(c.end(), {"peclet", "pe_drift", "pe_diffusion", "pe_distance"});
  return c;
}

template <class Scalar, class Loss>
class mlp_observables {
 public:
  // lin: the twin, or nullptr.
  mlp_observables(const mlp<Scalar>& net, const linearised_mlp<Scalar>* lin, const data::classification_data<Scalar>& d,
                  Loss loss, std::uint64_t steps_per_epoch)
      : net_(net), lin_(lin), d_(d), loss_(loss), steps_per_epoch_(steps_per_epoch) {
    for (bool c : d.corrupted) corrupted_ += c;
  }

  // The step of the state record() sees next (for the epoch column).
  void at_step(std::uint64_t t) { step_ = t; }

  std::vector<std::string> columns() const { return mlp_columns(net_, d_, groups()); }

  mlp_column_groups groups() const { return {lin_ != nullptr, selection_ != nullptr, bias_.has_value()}; }

  // Report the latent gradient bias (cos_grad_cw, and with a selection the reduction at theta_best) for SGD at step
  // size eta and batch size B.
  void track_bias(double eta, double batch) { bias_ = bias_setting{eta, batch}; }

  // Report theta_best of this selection (and its resets) in the best_ columns.
  void track(const stochastic_resetting<Scalar, Loss>* selection) { selection_ = selection; }

  void record(const mlp_state<Scalar>& s, std::vector<std::optional<Scalar>>& row) const {
    row.clear();
    row.push_back(Scalar(double(step_) / double(steps_per_epoch_)));
    const auto train = evaluate(net_, s.net, d_.train, loss_);
    row.insert(row.end(), {train.loss, train.accuracy});
    if (d_.validation.n() > 0) {
      const auto val = evaluate(net_, s.net, d_.validation, loss_);
      row.insert(row.end(), {val.loss, val.accuracy});
    }
    const auto test = evaluate(net_, s.net, d_.test, loss_);
    row.insert(row.end(), {test.loss, test.accuracy});
    using std::sqrt;
    for (Eigen::Index l = 0; l < net_.layers(); ++l) row.push_back(sqrt(net_.weights(s.net, l).squaredNorm()));
    row.push_back(theta0_norm_ > 0 ? sqrt((s.net - theta0_).squaredNorm()) / theta0_norm_ : Scalar(0));
    if (corrupted_ > 0) row.push_back(memorised(train));
    if (lin_) {
      const auto lin_train = evaluate(*lin_, s.lin, d_.train, loss_);
      const auto lin_test = evaluate(*lin_, s.lin, d_.test, loss_);
      const Scalar n = Scalar(double(d_.test.n()));
      const Scalar distance = sqrt((test.logits - lin_test.logits).squaredNorm() / n);
      const Scalar move = sqrt((lin_test.logits - test0_).squaredNorm() / n);
      row.insert(row.end(), {lin_train.loss, lin_test.loss, lin_test.accuracy, distance, move});
    }
    if (selection_) record_best(row);
    if (bias_) record_bias(s, row);
  }

  // theta(0) of the trajectory (theta_move is measured from it).
  void set_start(const vector_t<Scalar>& theta0) {
    using std::sqrt;
    theta0_ = theta0;
    theta0_norm_ = sqrt(theta0.squaredNorm());
    if (lin_) test0_ = evaluate(net_, theta0, d_.test, loss_).logits;
  }

 private:
  void record_best(std::vector<std::optional<Scalar>>& row) const {
    const auto& best = selection_->best();
    row.push_back(Scalar(double(selection_->best_step()) / double(steps_per_epoch_)));
    row.push_back(selection_->best_validation_loss());
    row.push_back(evaluate(net_, best, d_.test, loss_).accuracy);
    if (corrupted_ > 0) row.push_back(memorised(evaluate(net_, best, d_.train, loss_)));
    row.push_back(Scalar(double(selection_->resets())));
  }

  // The reduction is recomputed only when theta_best has moved since the last row (a line search per point).
  void record_bias(const mlp_state<Scalar>& s, std::vector<std::optional<Scalar>>& row) const {
    row.push_back(split_gradient(net_, s.net, d_, loss_).cos_cw);
    if (!selection_) return;
    if (!reduction_ || reduced_at_ != selection_->best_step()) {
      reduction_ = reduce_along_clean_descent(net_, selection_->best(), d_, loss_, bias_->eta, bias_->batch);
      reduced_at_ = selection_->best_step();
    }
    row.insert(row.end(), {reduction_->peclet, reduction_->drift, reduction_->diffusion, reduction_->distance});
  }

  // The fraction of corrupted training samples predicted as their corrupted label.
  Scalar memorised(const set_metrics<Scalar>& train) const {
    std::int64_t hits = 0;
    for (Eigen::Index k = 0; k < d_.train.n(); ++k)
      hits += d_.corrupted[k] && predicted_class(train.logits, k) == d_.train.labels[k];
    return Scalar(double(hits) / double(corrupted_));
  }

  const mlp<Scalar>& net_;
  const linearised_mlp<Scalar>* lin_;
  const stochastic_resetting<Scalar, Loss>* selection_ = nullptr;
  struct bias_setting {
    double eta, batch;
  };
  std::optional<bias_setting> bias_;
  mutable std::optional<langevin_reduction<Scalar>> reduction_;  // at theta_best of step reduced_at_
  mutable std::uint64_t reduced_at_ = 0;
  const data::classification_data<Scalar>& d_;
  Loss loss_;
  std::uint64_t steps_per_epoch_;
  std::int64_t corrupted_ = 0;
  std::uint64_t step_ = 0;
  vector_t<Scalar> theta0_;
  Scalar theta0_norm_ = 0;
  Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic> test0_;  // the test logits at theta(0) (with a twin)
};

}  // namespace lnsgd::sim::models
