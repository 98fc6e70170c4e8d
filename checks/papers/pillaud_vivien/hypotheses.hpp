#pragma once
// The hypotheses of the implicit-Lasso results (related-work digest E.1, E.2), evaluated on the data of the runs,
// never assumed: the verdicts' regimes come from here.
#include <vector>

#include "lnsgd/checks/hypotheses.hpp"
#include "lnsgd/sim/synthetic_data.hpp"

namespace lnsgd::checks::implicit_lasso {

// The end point at step eta: n < d, beta* >= 0, noiseless labels y = X beta* (relative residual <= 1e-12), and the
// small-step limit of the derivation (its SDE: never met at a simulable eta, named).
std::vector<hypothesis> endpoint_hypotheses(const sim::regression_data<double>& data, double eta);

// The support at step eta and Lasso weight lambda: the end point's hypotheses and the derived conditions under which
// beta_lambda's support is beta*'s (theory/pillaud_vivien/lasso_support.hpp): irrepresentability <= 1 and lambda below
// the support threshold.
std::vector<hypothesis> support_hypotheses(const sim::regression_data<double>& data, double eta, double lambda);

}  // namespace lnsgd::checks::implicit_lasso
