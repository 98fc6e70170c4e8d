"""Figures of Bae, Song, Jeong: first passage under stochastic resetting (Eq. 5) on the drift-diffusion searcher.

Each figure function takes the loaded inputs and save(fig, id) and returns a Figure, or None when the claims it
draws are not in this report (see common.py).
"""
import math

from .common import Figure, plt, verdict_phrase

COLORS = {2.0: "C3", 0.5: "C0", -0.5: "C2"}


def first_passage(inp, save):
    claim = "bae-first-passage"
    if not inp.has(claim):
        return None
    v = inp.verdicts[claim]
    curves, points = inp.table(claim, "eq5_curves"), inp.table(claim, "mean_passage")
    fig, ax = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
    for drift, color in COLORS.items():
        c = curves.where("drift", drift)
        pe = drift * 1.0 / (2 * 0.5)
        ax[0].plot(c.col("reset_rate"), c.col("eq5"), color=color, label=f"Eq. 5, v = {drift:g} (Pe = {pe:g})")
        p = points.where("drift", drift)
        xs = [g for g, s in zip(p.col("reset_rate"), p.col("simulated")) if g > 0 and math.isfinite(s)]
        ys = [s for g, s in zip(p.col("reset_rate"), p.col("simulated")) if g > 0 and math.isfinite(s)]
        es = [2 * e for g, s, e in zip(p.col("reset_rate"), p.col("simulated"), p.col("standard_error"))
              if g > 0 and math.isfinite(s)]
        ax[0].errorbar(xs, ys, yerr=es, fmt="o", color=color, ms=4, capsize=2)
        if drift > 0:
            ax[0].axhline(1.0 / drift, color=color, lw=0.6, ls=":")
    ax[0].set(xscale="log", yscale="log", xlabel="reset rate gamma", ylabel="mean first-passage time",
              title="T(gamma): Eq. 5 (lines), simulation (points, +-2 se); dotted: T(0) = L/v")
    ax[0].set_ylim(0.3, 300)
    ax[0].legend(fontsize=7)
    if inp.has("bae-optimal-rate"):
        opt = inp.table("bae-optimal-rate", "optimum")
        for drift in sorted(set(opt.col("drift"))):
            o = opt.where("drift", drift)
            color = COLORS.get(drift, "k")
            ax[1].plot(o.col("reset_rate"), o.col("eq5"), "-", color=color, lw=0.8)
            ax[1].errorbar(o.col("reset_rate"), o.col("simulated"), yerr=[2 * e for e in o.col("standard_error")],
                           fmt="o", color=color, capsize=2, label=f"v = {drift:g}: gamma*/5, gamma*, 5 gamma*")
        ax[1].set(xscale="log", xlabel="reset rate gamma", ylabel="mean first-passage time",
                  title="around the optimal rate gamma* (bae-optimal-rate)")
        ax[1].legend(fontsize=7)
    ev = v["evidence"]
    caption = ("A searcher starting at 0, drifting at v toward a target at L = 1 with D = 0.5 and reset to 0 at "
               "Poisson rate gamma: Eq. 5 of Bae et al. against the simulated mean first-passage time (exact "
               f"Gaussian increments with Brownian-bridge crossings, {ev['trajectories']} searchers per time step, "
               f"Richardson-extrapolated from dt = {ev['dt']:g} and dt/2). Pe = Lv/(2D) = 1 is the boundary: for "
               "Pe > 1 resetting only delays the passage, for Pe < 1 a moderate rate shortens it, and for v <= 0 "
               "the mean is infinite without resetting (censored searchers) and finite with it. "
               + verdict_phrase(v))
    claims, tables = [claim], [f"{claim}/eq5_curves", f"{claim}/mean_passage"]
    if inp.has("bae-optimal-rate"):
        caption += " Right: " + verdict_phrase(inp.verdicts["bae-optimal-rate"])
        claims.append("bae-optimal-rate")
        tables.append("bae-optimal-rate/optimum")
    save(fig, "bae-first-passage")
    return Figure("bae-first-passage", "First passage under resetting: Eq. 5 against simulation", caption, claims,
                  tables)


# These figures in the order they are drawn (docs/report.md numbers them).
FIGURES = [
    first_passage,  # bae-first-passage: bae-first-passage, bae-optimal-rate
]
