"""Figures of the continuous-time limits: GD against the gradient flow, label-noise SGD against its SDE.

Each figure function takes the loaded inputs and save(fig, id) and returns a Figure, or None when the claims it
draws are not in this report (see common.py).
"""
import math

from .common import Figure, plt, positive, verdict_phrase

PAPER = "flows"


def flows(inp, save):
    claims = [c for c in ("flow-gd-order", "flow-balance") if inp.has(c)]
    if "flow-gd-order" not in claims:
        return None
    v = inp.verdicts["flow-gd-order"]
    ov, err = inp.table("flow-gd-order", "overlay"), inp.table("flow-gd-order", "errors")
    fig, ax = plt.subplots(1, 3, figsize=(14, 3.8), layout="constrained")
    t = ov.col("time")
    x, y = positive(t, ov.col("train_loss_gd"))
    ax[0].plot(x, y, "o", ms=2.5, label="GD at t = eta k")
    x, y = positive(t, ov.col("train_loss_flow"))
    ax[0].plot(x, y, "-", color="k", lw=1, label="gradient flow (dopri5)")
    ax[0].set(yscale="log", xlabel="flow time t", title="train loss")
    ax[1].plot(t, ov.col("mean_w_norm_gd"), "o", ms=2.5, label="GD")
    ax[1].plot(t, ov.col("mean_w_norm_flow"), "-", color="k", lw=1, label="flow")
    ax[1].set(xlabel="flow time t", title="mean ||w_i||")
    for a in ax[:2]:
        a.legend()
    etas = err.col("eta")
    ax[2].plot(etas, err.col("error"), "o-", label="||theta_GD(T/eta) - theta_flow(T)||")
    ax[2].plot(etas, err.col("control_error"), "s--", color="0.5", label="control: flow from a nudged start")
    ev = v["evidence"]
    orders = ev["local_orders"]
    e0, r0 = etas[-1], err.col("error")[-1]
    ax[2].plot(etas, [r0 * e / e0 for e in etas], ":", color="C2",
               label="order 1 through the smallest eta; local orders " + ", ".join(f"{p:.3f}" for p in orders))
    ax[2].set(xscale="log", yscale="log", xlabel="eta", title="global error at T against eta")
    ax[2].legend()
    caption = ("GD with step eta is the Euler scheme of the gradient flow d theta/dt = -grad L (docs/derivations.md section 1): at flow "
               "time t = eta k the two should agree up to a first-order global error. Left and middle: one step size "
               "against the flow; right: the error at T against eta, with the local orders of successive step sizes "
               "(a deterministic sweep: no interval). "
               + " ".join(f"{c}: " + verdict_phrase(inp.verdicts[c]) for c in claims))
    save(fig, "flows")
    return Figure("flows", "Discrete against continuous time: GD and the gradient flow", caption, claims,
                  ["flow-gd-order/overlay", "flow-gd-order/errors"])


def sde(inp, save):
    claim = "sde-weak"
    if not inp.has(claim):
        return None
    v = inp.verdicts[claim]
    t = inp.table(claim, "weak_errors")
    var = inp.table(claim, "variances")
    ev = v["evidence"]
    fig, ax = plt.subplots(1, 3, figsize=(15, 3.8), layout="constrained")
    etas = t.col("eta")
    orders = ", ".join(f"{o['order']:.2f}" for o in ev["local_weak_orders"])
    ax[0].errorbar(etas, t.col("sde_error_w_norm2"), yerr=[1.96 * s for s in t.col("standard_error")], fmt="o-",
                   label=f"|E g(SGD) - E g(SDE)|, 95% Monte Carlo bar; local orders {orders}")
    ax[0].plot(*positive(etas, t.col("full_sde_error_w_norm2")), "^-", color="C3",
               label="|E g(SGD) - E g(full modified equation)| (not judged)")
    ax[0].plot(etas, t.col("flow_error_w_norm2"), "s--", color="0.4", label="|E g(SGD) - g(gradient flow)|")
    ax[0].set(xscale="log", yscale="log", xlabel="eta", title="g = mean_i ||w_i||^2 at flow time T")
    ax[1].plot(etas, t.col("sde_error_loss"), "o-", label="SDE")
    ax[1].plot(etas, t.col("flow_error_loss"), "s--", color="0.4", label="gradient flow")
    ax[1].set(xscale="log", yscale="log", xlabel="eta", title="g = train loss at flow time T: error to SGD")
    ax[2].errorbar(var.col("eta"), var.col("sgd_variance"), yerr=[1.96 * s for s in var.col("variance_se")],
                   fmt="k.-", label="label-noise SGD (approximate 95% bar)")
    ax[2].plot(var.col("eta"), var.col("sde_variance"), "o-", label="label-noise SDE")
    ax[2].plot(var.col("eta"), var.col("full_sde_variance"), "^-", color="C3", label="full modified equation")
    ax[2].set(xscale="log", yscale="log", xlabel="eta", ylabel="Var g (the flow's: 0)",
              title="ensemble variance of mean_i ||w_i||^2 at T")
    for a in ax:
        a.legend(fontsize=7)
    caption = ("The label-noise SDE d theta = -grad L dt + sqrt(eta) sigma n^-1/2 sum_i grad f_i dB_i (Euler-Maruyama, "
               "h = eta/4) against ensembles of label-noise SGD at the same flow time: its weak error should vanish at "
               "least like eta (judged by the local orders between successive etas) and stay well below that of the "
               "noiseless flow, which misses the label-noise shrinkage of Phase I. Beside it, the full first-order "
               "modified equation, which adds SGD's sampling covariance, on means and on ensemble variances, where "
               "the flow (variance 0) is trivially wrong. " + verdict_phrase(v))
    save(fig, "sde")
    return Figure("sde", "The label-noise SDE against label-noise SGD", caption, [claim],
                  [f"{claim}/weak_errors", f"{claim}/variances"])


# This paper's figures in the order they are drawn.
FIGURES = [
    flows,  # flows: flow-gd-order, flow-balance
    sde,    # sde: sde-weak
]
