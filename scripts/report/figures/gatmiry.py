"""Figures of Gatmiry, Li, Reddi, Jegelka (simplicity bias via sharpness minimisation) on the fixed-output network.

Each figure function takes the loaded inputs and save(fig, id) and returns a Figure, or None when the claims it
draws are not in this report (see common.py).
"""
from .common import Figure, plt, verdict_phrase

PAPER = "gatmiry"


def min_sharpness(inp, save):
    claim = "gatmiry-min-sharpness"
    if not inp.has(claim):
        return None
    v = inp.verdicts[claim]
    t, ctl = inp.table(claim, "curves"), inp.table(claim, "control_curve")
    fig, ax = plt.subplots(1, 3, figsize=(14, 3.8), layout="constrained")
    settings = sorted({(e, s) for e, s in zip(t.col("eta"), t.col("sigma"))}, reverse=True)
    for k, (eta, sigma) in enumerate(settings):
        rows = [i for i, (e, s) in enumerate(zip(t.col("eta"), t.col("sigma"))) if e == eta and s == sigma]
        ft = [t.col("flow_time")[i] for i in rows]
        label = f"eta = {eta:g}, sigma = {sigma:g}"
        ax[0].plot(ft, [abs(t.col("relative_gap")[i]) for i in rows], color=f"C{k}", label=label)
        ax[1].plot(ft, [t.col("rank_ratio")[i] for i in rows], color=f"C{k}", label=label)
        ax[2].plot(ft, [t.col("agreement")[i] for i in rows], color=f"C{k}", label=label)
    eta0 = max(t.col("eta"))
    ax[0].plot([eta0 ** 2 * 0.1 ** 2 * s for s in ctl.col("step")], [abs(g) for g in ctl.col("relative_gap")], "--",
               color="0.5", label=f"control: sigma = 0 (eta = {eta0:g}), at the steps of sigma = 0.1")
    band = v["evidence"]["bounds"]["relative_gap"]
    ax[0].axhline(band, color="C3", ls=":", lw=1, label=f"band {band:g}")
    ax[0].set(yscale="log", xlabel="sharpness-flow time eta^2 sigma^2 k",
              title="|tr Hessian L - minimum| / minimum (ensemble mean)")
    ax[1].set(yscale="log", xlabel="sharpness-flow time eta^2 sigma^2 k", title="rank ratio s2/s1 of P Theta")
    ax[2].set(yscale="log", xlabel="sharpness-flow time eta^2 sigma^2 k",
              title="agreement max |theta_j . x_i - phi^-1(y_i/m)|")
    for a in ax:
        a.legend(fontsize=7)
    caption = ("Gatmiry et al. on the fixed-output network f(x) = sum_j phi(theta_j . x), phi(z) = z + z^3/3, the "
               "paper's Fig. 1 data (m = 10, d = n = 3): label-noise SGD drifts along the zero-loss set in time "
               "eta^2 sigma^2 k to the least sharp interpolator, where every neuron agrees on the data and the "
               "features have rank one. The sharpness reaches its derived minimum first; the rank ratio converges "
               "more slowly (a flat valley). Vanilla SGD stops at its first interpolator. " + verdict_phrase(v))
    save(fig, "gatmiry_sharpness")
    return Figure("gatmiry_sharpness", "Fixed-output network: least sharpness, rank one, agreement", caption, [claim],
                  [f"{claim}/curves", f"{claim}/control_curve"])


def orthogonal(inp, save):
    claim = "gatmiry-orthogonal-frozen"
    if not inp.has(claim):
        return None
    v = inp.verdicts[claim]
    t = inp.table(claim, "drift")
    fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
    floor = 1e-60  # an exact zero (the first record) drawn at the axis floor
    ax.plot(t.col("step"), [max(x, floor) for x in t.col("orthogonal_drift")], "o-", ms=3,
            label="label-noise SGD, 50 digits")
    ax.axhline(v["evidence"]["bound"], color="C3", ls=":", lw=1, label="bound 1e-40")
    ctl = v["control"]["evidence"]["max_orthogonal_drift"]
    ax.axhline(ctl, color="0.5", ls="--", lw=1, label=f"control: weight decay 0.1 ({ctl:.2g})")
    ax.set(yscale="log", xlabel="step", ylabel="max_j ||(I - P)(theta_j - theta_j(0))||",
           title="the orthogonal part of every theta_j")
    ax.legend(fontsize=7)
    caption = ("Every gradient of the fixed-output network lies in span{x_i}, so the components of the theta_j "
               "orthogonal to the data never move (derived; exact up to 50-digit rounding); weight decay, whose "
               "gradient leaves the span, moves them. " + verdict_phrase(v))
    save(fig, "gatmiry_orthogonal")
    return Figure("gatmiry_orthogonal", "Fixed-output network: the orthogonal part is frozen", caption, [claim],
                  [f"{claim}/drift"])


# This paper's figures in the order they are drawn.
FIGURES = [
    orthogonal,  # gatmiry_orthogonal: gatmiry-orthogonal-frozen
    min_sharpness,  # gatmiry_sharpness: gatmiry-min-sharpness
]
