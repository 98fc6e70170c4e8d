#include "hypotheses.hpp"

#include "lnsgd/theory/pillaud_vivien/lasso_support.hpp"

namespace lnsgd::checks::implicit_lasso {

std::vector<hypothesis> endpoint_hypotheses(const sim::regression_data<double>& data, double eta) {
  const auto n = data.x_train.rows(), d = data.x_train.cols();
  const double least = data.theta_star.minCoeff();
  const double residual = (data.x_train * data.theta_star - data.y_train).norm() / data.y_train.norm();
  return {{"n < d (overparametrised)", n < d, {{"n", n}, {"d", d}}},
          {"beta* >= 0", least >= 0, {{"min_beta_star", least}}},
          {"y = X beta* (noiseless labels)", residual <= 1e-12, {{"relative_residual", residual}}},
          small_step_limit("eta -> 0 (the implicit Lasso is derived from the small-step SDE)", eta)};
}

std::vector<hypothesis> support_hypotheses(const sim::regression_data<double>& data, double eta, double lambda) {
  auto h = endpoint_hypotheses(data, eta);
  const double irrep = theory::pillaud_vivien::irrepresentability<double>(data.x_train, data.theta_star);
  const double threshold = theory::pillaud_vivien::support_threshold<double>(data.x_train, data.theta_star);
  h.push_back({"irrepresentability <= 1 (beta_lambda has nothing off beta*'s support; derived)",
               irrep <= 1,
               {{"irrepresentability", irrep}}});
  h.push_back({"lambda below the support threshold (beta_lambda keeps beta*'s support; derived)",
               lambda < threshold,
               {{"lambda", lambda}, {"support_threshold", threshold}}});
  return h;
}

}  // namespace lnsgd::checks::implicit_lasso
