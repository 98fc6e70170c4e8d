"""Figures of the sharpness flow of label-noise SGD (Damian-Ma-Lee; Li-Wang-Arora; Gatmiry et al.) on the main
paper's model.

Each figure function takes the loaded inputs and save(fig, id) and returns a Figure, or None when the claims it
draws are not in this report (see common.py).
"""
from .common import Figure, plt, verdict_phrase

PAPER = "sharpness-flow"


def sharpness(inp, save):
    claim = "sharpness-endpoint"
    if not inp.has(claim):
        return None
    v = inp.verdicts[claim]
    t, ctl = inp.table(claim, "curves"), inp.table(claim, "control_curve")
    fig, ax = plt.subplots(1, 3, figsize=(14, 3.8), layout="constrained")
    for k, eta in enumerate(sorted(set(t.col("eta")), reverse=True)):
        rows = t.where("eta", eta)
        ax[0].plot(rows.col("flow_time"), rows.col("rank_one_residual"), color=f"C{k}", label=f"eta = {eta:g}")
        ax[1].plot(rows.col("flow_time"), rows.col("a_norm2_ratio"), color=f"C{k}", label=f"eta = {eta:g}")
        ax[2].plot(rows.col("flow_time"), rows.col("sharpness_ratio"), color=f"C{k}", label=f"eta = {eta:g}")
    sigma = v["evidence"]["config"]["sigma"]
    eta0 = max(t.col("eta"))
    ax[0].plot([eta0 ** 2 * sigma ** 2 * s for s in ctl.col("step")], ctl.col("rank_one_residual"), "--", color="0.5",
               label=f"control: sigma = 0 (eta = {eta0:g})")
    ax[0].axhline(v["evidence"]["bounds"]["rank_one_residual"], color="C3", ls=":", lw=1, label="bound 1e-3")
    ax[0].set(yscale="log", xlabel="sharpness-flow time eta^2 sigma^2 k", title="rank-one residual of W")
    for a, what in ((ax[1], "||a||^2"), (ax[2], "tr Hessian")):
        a.axhline(1, color="k", lw=0.8)
        band = v["evidence"]["bounds"]["endpoint_band"]
        a.axhspan(1 - band, 1 + band, color="0.85", alpha=0.5, label=f"prediction +-{band:g}")
        a.set(xlabel="sharpness-flow time eta^2 sigma^2 k", title=f"{what} / predicted end point (ensemble mean)")
    for a in ax:
        a.legend(fontsize=7)
    caption = ("Small-eta limit of label-noise SGD (Li-Wang-Arora; Damian et al.; Gatmiry et al.) applied to the main "
               "paper's model: on the zero-loss set the iterates follow the sharpness flow in time eta^2 sigma^2 k to "
               "W = a theta*^T/||a||^2 (rank one: Phase II's alignment), ||a||^2 = sqrt(theta*^T S theta*/tr S) and "
               "tr Hessian = 2 sqrt(theta*^T S theta* tr S). Curves of different eta should collapse in this time; "
               "vanilla SGD stays where it first reaches zero loss. " + verdict_phrase(v))
    save(fig, "sharpness")
    return Figure("sharpness", "The sharpness-flow end point: rank one, balanced, least sharp", caption, [claim],
                  [f"{claim}/curves", f"{claim}/control_curve"])


# This paper's figures in the order they are drawn.
FIGURES = [
    sharpness,  # sharpness: sharpness-endpoint
]
