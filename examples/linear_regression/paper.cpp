// The example's paper entry: its id, its place in the report (after lnsgd's own papers) and its one claim.
#include "example.hpp"

namespace example {

lnsgd::checks::paper_claims example_paper() {
  return {{"example", "An out-of-tree example: linear regression under label-noise gradient descent (README.md)"},
          1000,
          {{"example-stationary-spread",
            "example",
            "derived in README.md: the stationary covariance of w_{t+1} = (I - eta H) w_t + noise",
            "full-batch label-noise GD on (1/2n)||Xw - y||^2 has E||w - w_LS||^2 = (eta sigma^2 / n) sum_i 1/(2 - "
            "eta lambda_i) at stationarity, lambda_i the eigenvalues of H = X^T X / n",
            {},
            check_stationary_spread}}};
}

}  // namespace example
