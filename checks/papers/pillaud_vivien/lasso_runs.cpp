#include "lasso_runs.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

#include "diagonal_linear/data.hpp"
#include "diagonal_linear/model.hpp"
#include "diagonal_linear/observables.hpp"
#include "lnsgd/sim/integrate.hpp"
#include "lnsgd/sim/record_schedule.hpp"
#include "lnsgd/sim/steppers/label_noise_sgd.hpp"
#include "series.hpp"

namespace lnsgd::checks::implicit_lasso {

namespace {

using model_t = sim::models::diagonal_linear<double>;

}  // namespace

sim::regression_data<double> lasso_data() { return sim::models::make_sparse_regression<double>(n, 10, d, sparsity, 1); }

sim::vector_t<double> lasso_gradient(const sim::regression_data<double>& data, const sim::vector_t<double>& beta,
                                     double lambda) {
  const double nn = double(data.n());
  const sim::vector_t<double> residual = data.x_train * beta - data.y_train;
  const sim::vector_t<double> weight = data.x_train.colwise().squaredNorm().transpose() / nn;
  return data.x_train.transpose() * residual / (2 * nn) + lambda * weight;
}

namespace {

// The KKT certificate of the Lasso at the averaged beta, judged with `lambda`: on the support |dF/dbeta_j| <= z se_j +
// 0.05 lambda, off it dF/dbeta_j >= -(z se_j + 0.05 lambda), se_j the batch-means standard error of dF/dbeta_j (the
// tolerance comes from the measured fluctuation). Also the lambda that best meets stationarity on the support.
void certify(const sim::regression_data<double>& data, double lambda, double z, lasso_run& r) {
  const auto g = lasso_gradient(data, r.beta_avg, lambda);
  sim::vector_t<double> var = sim::vector_t<double>::Zero(g.size());
  for (const auto& b : r.beta_batch) var += (lasso_gradient(data, b, lambda) - g).cwiseAbs2();
  const sim::vector_t<double> se = (var / double(batches * (batches - 1))).cwiseSqrt();
  const auto smooth = lasso_gradient(data, r.beta_avg, 0);
  const sim::vector_t<double> weight = data.x_train.colwise().squaredNorm().transpose() / double(data.n());
  r.stationarity = r.sign = 0;
  r.support = 0;
  r.certified = true;
  double num = 0, den = 0;
  for (Eigen::Index j = 0; j < g.size(); ++j) {
    const double tolerance = z * se[j] + slack * lambda;
    if (r.beta_avg[j] > active) {
      ++r.support;
      r.stationarity = std::max(r.stationarity, std::abs(g[j]) / lambda);
      r.certified = r.certified && std::abs(g[j]) <= tolerance;
      num -= smooth[j] * weight[j];
      den += weight[j] * weight[j];
    } else {
      r.sign = std::max(r.sign, std::max(0.0, -g[j]) / lambda);
      r.certified = r.certified && g[j] >= -tolerance;
    }
  }
  r.lambda_fit = den > 0 ? num / den : 0;
  r.support_is_true = true;
  for (Eigen::Index j = 0; j < g.size(); ++j)
    r.support_is_true = r.support_is_true && ((r.beta_avg[j] > active) == (data.theta_star[j] != 0));
}

lasso_run run_one(const sim::regression_data<double>& data, const lasso_setup& setup, std::uint64_t k) {
  const double eta = setup.eta;
  const std::uint64_t steps = setup.steps;
  const model_t model(d, false, setup.alpha);
  const sim::squared_loss<double> loss{0.25};
  const sim::problem<model_t> sys{model, data, sim::philox_noise(1, k)};
  sim::vector_t<double> theta;
  model.initialize(theta, sys.noise);
  sim::label_noise<double> noise;
  noise.sigma = setup.delta;
  sim::label_noise_sgd<model_t, sim::squared_loss<double>> sgd(model, {setup.batch, false}, noise, loss);
  sim::models::diagonal_observables<double> obs(model, data, loss, active);
  lasso_run r;
  r.beta_avg = sim::vector_t<double>::Zero(d);
  r.beta_batch.assign(batches, sim::vector_t<double>::Zero(d));
  std::vector<std::uint64_t> in_batch(batches, 0);
  std::uint64_t averaged = 0;
  const auto records = sim::record_steps(sim::spacing::linear, 40 * path_stride, steps);
  const auto tail_from = steps - steps / 4;
  std::size_t record = 0;
  const auto s =
      record_series(sys, theta, sgd, eta, obs, records, [&](const sim::vector_t<double>& th, std::uint64_t t) {
        if (record++ % path_stride == 0 || t == steps) {
          r.path_steps.push_back(t);
          r.path_beta.push_back(model.beta(th));
        }
        if (t < tail_from) return;
        const auto b = std::min<std::uint64_t>(batches - 1, (t - tail_from) * batches / (steps - tail_from + 1));
        const sim::vector_t<double> beta = model.beta(th);
        r.beta_avg += beta;
        r.beta_batch[b] += beta;
        ++in_batch[b];
        ++averaged;
      });
  if (s.diverged || averaged == 0) throw sim::diverged_run(steps, "the diagonal net's run did not complete");
  r.beta_avg /= double(averaged);
  for (int b = 0; b < batches; ++b) r.beta_batch[b] /= double(std::max<std::uint64_t>(1, in_batch[b]));
  return r;
}

}  // namespace

double kkt_multiplier(std::uint64_t tests) {
  const boost::math::students_t t(batches - 1);
  return boost::math::quantile(boost::math::complement(t, 0.05 / (2.0 * double(std::max<std::uint64_t>(1, tests)))));
}

std::vector<lasso_run> run_lasso_ensemble(const sim::regression_data<double>& data, const lasso_setup& s, double lambda,
                                          double z) {
  std::vector<lasso_run> runs(s.trajectories);
#pragma omp parallel for schedule(dynamic, 1)
  for (std::int64_t k = 0; k < static_cast<std::int64_t>(s.trajectories); ++k) {
    runs[k] = run_one(data, s, static_cast<std::uint64_t>(k));
    certify(data, lambda, z, runs[k]);
  }
  return runs;
}

}  // namespace lnsgd::checks::implicit_lasso
