"""Figures of Pillaud-Vivien, Reygner, Flammarion (and HaoChen et al.): the implicit Lasso of the diagonal network.

Each figure function takes the loaded inputs and save(fig, id) and returns a Figure, or None when the claims it
draws are not in this report (see common.py).
"""
from .common import Figure, plt, verdict_phrase

PAPER = "pillaud-vivien"


def lasso(inp, save):
    claim = "pillaud-vivien-lasso"
    if not inp.has(claim):
        return None
    v = inp.verdicts[claim]
    t = inp.table(claim, "endpoint")
    fig, ax = plt.subplots(1, 3, figsize=(14, 3.8), layout="constrained")
    j = t.col("coordinate")
    ax[0].plot(j, t.col("beta_star"), "s", ms=5, mfc="none", label="beta*")
    ax[0].plot(j, t.col("beta_avg"), "o", ms=3, label="label-noise SGD (time average)")
    ax[0].set(xlabel="coordinate j", ylabel="beta_j", title="end point against beta* (run 0, largest eta)")
    ax[1].plot(j, t.col("kkt_gradient_over_lambda"), "o", ms=3)
    ax[1].axhline(0, color="k", lw=0.8)
    ax[1].set(xlabel="coordinate j", ylabel="dF/dbeta_j / lambda",
              title="Lasso gradient: 0 on the support, >= 0 off it")
    sweep = v["evidence"]["sweep"]
    etas = [p["eta"] for p in sweep]
    means = [p["lambda_fit_over_lambda"]["mean"] for p in sweep]
    lo = [p["lambda_fit_over_lambda"]["ci95"][0] for p in sweep]
    hi = [p["lambda_fit_over_lambda"]["ci95"][1] for p in sweep]
    ax[2].errorbar(etas, means, yerr=[[m - a for m, a in zip(means, lo)], [b - m for m, b in zip(means, hi)]],
                   fmt="o", capsize=3, label="fitted lambda / (eta delta^2/4B), 95% CI")
    ax[2].axhline(1, color="k", lw=0.8)
    ax[2].axhspan(0.8, 1.2, color="0.85", alpha=0.5, label="band [0.8, 1.2]")
    ax[2].set(xscale="log", xlabel="eta", title="the Lasso's lambda against the derived eta delta^2/(4B)")
    ax[2].legend(fontsize=7)
    ax[0].legend(fontsize=7)
    caption = ("Diagonal linear network beta = u.u on sparse regression (n = 30, d = 60, beta* = (1, 0.7, 0.4, 0, ...)): "
               "label-noise SGD's time-averaged end point satisfies the KKT conditions of the non-negative Lasso with "
               "lambda = eta delta^2/(4B) (Pillaud-Vivien et al.; constant derived) within its measured fluctuation; "
               "the fitted lambda shows the finite-eta bias. " + verdict_phrase(v))
    save(fig, "implicit_lasso")
    return Figure("implicit_lasso", "Diagonal network: label noise solves the Lasso", caption, [claim],
                  [f"{claim}/endpoint"])


def support(inp, save):
    claim = "pillaud-vivien-support"
    if not inp.has(claim):
        return None
    v = inp.verdicts[claim]
    ev = v["evidence"]["starts"]
    fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
    labels, noisy, vanilla = [], [], []
    for name in ("small", "large"):
        e = ev[name]
        labels.append(f"u(0) = {e['alpha']:g}, eta = {e['eta']:g}")
        noisy.append(sum(e["active_counts"]) / len(e["active_counts"]))
        vanilla.append(sum(e["vanilla_active_counts"]) / len(e["vanilla_active_counts"]))
    x = range(len(labels))
    ax.bar([i - 0.2 for i in x], noisy, width=0.4, label="label-noise SGD (delta = 1)")
    ax.bar([i + 0.2 for i in x], vanilla, width=0.4, label="vanilla SGD (delta = 0)")
    ax.axhline(v["evidence"]["true_support"], color="k", ls=":", lw=1, label="beta*'s support")
    ax.set_xticks(list(x), labels)
    ax.set(ylabel="active coordinates (beta_j > 1e-3), mean over runs", title="support of the end point (d = 60)")
    ax.legend(fontsize=7)
    caption = ("Diagonal linear network: with label noise the time-averaged end point is active exactly on beta*'s "
               "support, from a small and from a large initialisation; vanilla SGD ends at a dense interpolator. "
               + verdict_phrase(v))
    save(fig, "implicit_lasso_support")
    return Figure("implicit_lasso_support", "Diagonal network: label noise finds the sparse support", caption, [claim],
                  [])


def lambda_scaling(inp, save):
    claim = "pillaud-vivien-lambda-scaling"
    if not inp.has(claim):
        return None
    v = inp.verdicts[claim]
    t = inp.table(claim, "lambda")
    fig, ax = plt.subplots(1, 3, figsize=(14, 3.6), layout="constrained")
    base = {"eta": 0.05, "delta": 1, "batch": 1}  # the sweep's centre: one axis moves at a time
    for a, key in zip(ax, ("eta", "delta", "batch")):
        exp = f"{key}_exponent"
        rows = [i for i in range(len(t.rows)) if all(t.col(o)[i] == base[o] for o in base if o != key)]
        xs = [t.col(key)[i] for i in rows]
        a.plot(xs, [t.col("lambda_fit")[i] for i in rows], "o", ms=4, label="lambda fitted at the end point (runs)")
        grid = sorted(set(xs))
        derived = {t.col(key)[i]: t.col("lambda_derived")[i] for i in rows}
        a.plot(grid, [derived[x] for x in grid], "k--", lw=1, label="eta delta^2 / (4B) (derived)")
        a.set(xscale="log", yscale="log", xlabel=key, ylabel="lambda",
              title=f"lambda against {key}: fitted exponent {v['evidence'][exp]:.2f}")
        a.legend(fontsize=7)
    caption = ("Diagonal linear network: the Lasso parameter that label-noise SGD's end point satisfies, fitted from "
               "the KKT stationarity condition of each run, against the step eta, the label-noise level delta and "
               "the batch size B, with the derived lambda = eta delta^2/(4B). " + verdict_phrase(v))
    save(fig, "implicit_lasso_lambda")
    return Figure("implicit_lasso_lambda", "Diagonal network: lambda scales as eta delta^2 / B", caption, [claim],
                  [f"{claim}/lambda"])


def lasso_path(inp, save):
    claim = "pillaud-vivien-lasso"
    if not inp.has(claim):
        return None
    v = inp.verdicts[claim]
    t = inp.table(claim, "path")
    steps = t.col("step")
    fig, ax = plt.subplots(1, 2, figsize=(11, 3.8), layout="constrained")
    star = inp.table(claim, "endpoint").col("beta_star")[:3]
    for j in range(3):
        ax[0].plot(steps, t.col(f"beta_{j}"), color=f"C{j}", lw=1, label=f"beta_{j}(t)")
        ax[0].axhline(t.col(f"beta_lambda_{j}")[0], color=f"C{j}", ls="--", lw=1)
        ax[0].axhline(star[j], color=f"C{j}", ls=":", lw=1)
    ax[0].plot(steps, [max(x, 1e-12) for x in t.col("max_off_support")], color="0.4", lw=1,
               label="largest coordinate off the support")
    ax[0].plot([], [], "k--", lw=1, label="beta_lambda (closed form on the support)")
    ax[0].plot([], [], "k:", lw=1, label="beta*")
    ax[0].set(yscale="log", ylim=(1e-6, 2), xlabel="step", ylabel="beta_j",
              title="the path of run 0 (largest eta)")
    ax[0].legend(fontsize=7)
    ax[1].plot(steps, t.col("active_count"), "o-", ms=2)
    ax[1].axhline(3, color="k", ls=":", lw=1, label="beta*'s support (3)")
    ax[1].set(xlabel="step", ylabel="active coordinates (beta_j > 1e-3)", title="active count")
    ax[1].legend(fontsize=7)
    caption = ("Diagonal network: the path beta(t) of one run of label-noise SGD. The support coordinates settle at "
               "beta_lambda, shrunk below beta* by the implicit Lasso (closed form on the true support, derived; "
               "docs/derivations/implicit-lasso.md), while every coordinate off the support decays exponentially, "
               "so the active count falls from d to 3. " + verdict_phrase(v))
    save(fig, "implicit_lasso_path")
    return Figure("implicit_lasso_path", "Diagonal network: the Lasso path beta(t)", caption, [claim],
                  [f"{claim}/path"])


# This paper's figures in the order they are drawn.
FIGURES = [
    lasso,  # implicit_lasso: pillaud-vivien-lasso
    lasso_path,  # implicit_lasso_path: pillaud-vivien-lasso
    support,  # implicit_lasso_support: pillaud-vivien-support
    lambda_scaling,  # implicit_lasso_lambda: pillaud-vivien-lambda-scaling
]
