"""The implicit Lasso (claim pillaud-vivien-lasso) against an independent solver: SciPy's L-BFGS-B on the bounded
problem min_{beta >= 0} (1/4n)||X beta - y||^2 + lambda sum_j (||X_j||^2/n) beta_j (smooth on beta >= 0), posed on
the design the claim wrote. The time-averaged SGD end point must be near that solution and nearer to it than to
beta* (the Lasso, not the ground truth); and lnsgd's closed form of the Lasso on beta*'s support (theory/
pillaud_vivien/lasso_support.hpp, drawn in the path figure) must be SciPy's solution. Usage: lasso_against_scipy.py
REPORT_DIR
"""
import csv
import os
import sys

import numpy as np
from scipy.optimize import minimize


def table(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    return {k: np.array([float(r[k]) for r in rows]) for k in rows[0]}


def main(report):
    base = os.path.join(report, "data", "pillaud-vivien-lasso")
    design, end = table(os.path.join(base, "design.csv")), table(os.path.join(base, "endpoint.csv"))
    d = len(end["coordinate"])
    X = np.column_stack([design[f"x{j}"] for j in range(d)])
    y = design["y"]
    n = len(y)
    lam = end["lambda"][0]
    w = (X ** 2).sum(axis=0) / n

    def objective(b):
        r = X @ b - y
        return r @ r / (4 * n) + lam * w @ b, X.T @ r / (2 * n) + lam * w

    res = minimize(objective, np.zeros(d), jac=True, method="L-BFGS-B", bounds=[(0, None)] * d,
                   options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 100000})
    if not res.success:
        sys.exit(f"SciPy did not converge: {res.message}")
    lasso, sgd, star = res.x, end["beta_avg"], end["beta_star"]
    to_lasso = np.linalg.norm(sgd - lasso) / np.linalg.norm(lasso)
    to_star = np.linalg.norm(sgd - star) / np.linalg.norm(lasso)
    print(f"||beta_sgd - beta_lambda|| / ||beta_lambda|| = {to_lasso:.4g}; to beta*: {to_star:.4g}; "
          f"support of beta_lambda: {int((lasso > 1e-3).sum())}")
    if not (to_lasso <= 0.02 and to_lasso < to_star / 2):
        sys.exit("the SGD end point is not the Lasso solution (bound 2%, and at most half its distance to beta*)")
    path = table(os.path.join(base, "path.csv"))
    closed = np.zeros(d)
    for j in range(3):
        closed[j] = path[f"beta_lambda_{j}"][0]
    gap = np.linalg.norm(closed - lasso) / np.linalg.norm(lasso)
    print(f"closed-form beta_lambda on beta*'s support against SciPy: relative distance {gap:.3g}")
    if gap > 1e-6:
        sys.exit("the closed-form beta_lambda on beta*'s support is not SciPy's Lasso solution (bound 1e-6)")


if __name__ == "__main__":
    main(sys.argv[1])
