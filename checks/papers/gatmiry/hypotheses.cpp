#include "hypotheses.hpp"

#include <Eigen/SVD>

#include "lnsgd/theory/gatmiry/activation.hpp"
#include "two_layer_fixed_output/data.hpp"

namespace lnsgd::checks::gatmiry {

std::vector<hypothesis> identity_hypotheses(const fixed_output_setup& s) {
  return {{"no weight decay (every gradient in span{x_i})", s.weight_decay == 0, {{"weight_decay", s.weight_decay}}}};
}

std::vector<hypothesis> theorem_hypotheses(const fixed_output_setup& s) {
  auto h = identity_hypotheses(s);
  h.push_back({"n <= d", s.n <= s.d, {{"n", s.n}, {"d", s.d}}});
  const auto data = sim::models::make_uniform_regression<double>(s.n, s.d, 1);
  const Eigen::VectorXd sv = Eigen::JacobiSVD<Eigen::MatrixXd>(data.x_train).singularValues();
  // n singular values when n <= d; fewer than n (rank <= d < n) means dependent inputs.
  const double conditioning = sv.size() < s.n || sv[0] == 0 ? 0.0 : sv[sv.size() - 1] / sv[0];
  h.push_back({"x_i linearly independent", conditioning > 1e-10, {{"sigma_min_over_sigma_max", conditioning}}});
  const auto rho = theory::gatmiry::assumption1_constants(s.phi);
  h.push_back({"phi' >= rho1 > 0 and phi''' >= rho2 > 0 (Assumption 1)",
               rho.rho1 > 0 && rho.rho2 > 0,
               {{"rho1", rho.rho1}, {"rho2", rho.rho2}}});
  h.push_back(small_step_limit("eta -> 0 (label-noise SGD follows the sharpness flow in the small-eta limit)", s.eta));
  return h;
}

}  // namespace lnsgd::checks::gatmiry
