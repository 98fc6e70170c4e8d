"""Figures of Bae, Song, Jeong: first passage under stochastic resetting (Eq. 5) on the drift-diffusion searcher, and
resetting SGD (Algorithm 1) on a memorising MLP.

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
    boundary = curves.where("drift", 1.0)
    if boundary.rows:  # Pe = 1: T(gamma) leaves T(0) = L/v with zero slope
        ax[0].plot(boundary.col("reset_rate"), boundary.col("eq5"), "k--", lw=0.9,
                   label="Eq. 5, v = 1 (Pe = 1: the boundary)")
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
               f"Richardson-extrapolated from dt = {ev['dt']:g} and dt/2). Pe = Lv/(2D) = 1 is the boundary (dashed, v = 1): for "
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


RESETTING_SGD = ["bae-resetting-noise", "bae-resetting-batch", "bae-resetting-rate", "bae-resetting-memorisation",
                 "bae-resetting-layers"]


def _gain_panel(ax, t, x, xlabel, title, log=False):
    xs, g, lo, hi = t.col(x), t.col("gain"), t.col("lower"), t.col("upper")
    ax.errorbar(xs, g, yerr=[[a - b for a, b in zip(g, lo)], [b - a for a, b in zip(g, hi)]], fmt="o-", capsize=3)
    ax.axhline(0, color="k", lw=0.6)
    ax.set(xlabel=xlabel, ylabel="RDTAcc = acc(r)/acc(0) - 1", title=title)
    if log:
        ax.set_xscale("log")


def resetting_sgd(inp, save):
    present = [c for c in RESETTING_SGD if inp.has(c)]
    if not present:
        return None
    fig, ax = plt.subplots(2, 2, figsize=(12, 8), layout="constrained")
    if inp.has("bae-resetting-noise"):
        _gain_panel(ax[0, 0], inp.table("bae-resetting-noise", "gains"), "tau", "label corruption rate tau",
                    "gain against tau (B = 32, r = 0.01)")
    if inp.has("bae-resetting-batch"):
        _gain_panel(ax[0, 1], inp.table("bae-resetting-batch", "gains"), "batch", "batch size B",
                    "gain against B (tau = 0.4, r = 0.01)", log=True)
    if inp.has("bae-resetting-rate"):
        _gain_panel(ax[1, 0], inp.table("bae-resetting-rate", "rates"), "reset_prob", "reset probability r per step",
                    "gain against r (tau = 0.4, B = 32)", log=True)
    if inp.has("bae-resetting-layers"):
        t = inp.table("bae-resetting-layers", "layers").where("later_only", 1.0)
        ax[1, 0].errorbar([0.01], t.col("gain"), yerr=[[t.col("gain")[0] - t.col("lower")[0]],
                                                       [t.col("upper")[0] - t.col("gain")[0]]],
                          fmt="s", color="C3", capsize=3, label="later layers only (r = 0.01)")
        ax[1, 0].legend(fontsize=7)
    if inp.has("bae-resetting-memorisation"):
        c = inp.table("bae-resetting-memorisation", "curves")
        for r, color, name in [(0.0, "C0", "SGD (r = 0)"), (0.01, "C1", "resetting (r = 0.01)")]:
            w = c.where("reset_prob", r)
            ax[1, 1].plot(w.col("epoch"), w.col("memorised"), color=color, label=f"{name}: memorised")
            ax[1, 1].plot(w.col("epoch"), w.col("best_test_acc"), color=color, ls="--",
                          label=f"{name}: theta_best test accuracy")
        ax[1, 1].set(xlabel="epoch", ylabel="fraction", title="memorisation of the corrupted labels (tau = 0.4)")
        ax[1, 1].legend(fontsize=7)
    ev = inp.verdicts[present[0]]["evidence"]["setup"]
    caption = ("Resetting SGD (Bae et al., Algorithm 1) against SGD, both reporting the test accuracy of the least "
               "validation loss, on a CPU analog of the paper's Setting 1: a teacher task in d = 20 with "
               f"{ev['n']} training samples whose labels are corrupted symmetrically at rate tau, a "
               f"{ev['hidden'][0]}-wide ReLU MLP, lr {ev['eta']:g}, batches drawn with replacement, clean validation "
               f"({ev['n_validation']}) and test ({ev['n_test']}) sets, {ev['trajectories']} paired seeds, "
               f"patience {ev['patience']} steps. Bars: 95% t-intervals of each level on its own (the verdicts use "
               "Bonferroni intervals of paired differences). At r = 1 the run stays at theta_best once the "
               "validation loss stalls, so its gain is that of stopping there. "
               + " ".join(verdict_phrase(inp.verdicts[c]) for c in present))
    tables = [f"{c}/{t}" for c, t in [("bae-resetting-noise", "gains"), ("bae-resetting-batch", "gains"),
                                       ("bae-resetting-rate", "rates"), ("bae-resetting-memorisation", "curves"),
                                       ("bae-resetting-layers", "layers")] if inp.has(c)]
    save(fig, "bae-resetting-sgd")
    return Figure("bae-resetting-sgd", "Resetting SGD against memorisation: gains against tau, B and r", caption,
                  present, tables)


def latent_bias(inp, save):
    claim = "bae-resetting-peclet"
    if not inp.has(claim):
        return None
    v = inp.verdicts[claim]
    cos, pe = inp.table(claim, "cosines"), inp.table(claim, "peclet")
    fig, ax = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
    for i, (tau, batch) in enumerate(zip(pe.col("tau"), pe.col("batch"))):
        c = cos.where("tau", tau).where("batch", batch)
        ax[0].plot(c.col("epoch"), c.col("cos_grad_cw"), color=f"C{i}", label=f"tau = {tau:g}, B = {batch:g}")
        ax[1].errorbar([pe.col("peclet")[i]], [pe.col("gain")[i]],
                       xerr=[[pe.col("peclet")[i] - pe.col("pe_lower")[i]], [pe.col("pe_upper")[i] - pe.col("peclet")[i]]],
                       yerr=[[pe.col("gain")[i] - pe.col("gain_lower")[i]], [pe.col("gain_upper")[i] - pe.col("gain")[i]]],
                       fmt="o", color=f"C{i}", capsize=3, label=f"tau = {tau:g}, B = {batch:g}")
    ax[0].axhline(0, color="k", lw=0.6)
    ax[0].set(xscale="symlog", xlabel="epoch", ylabel="cos phi_cw",
              title="correct- against wrong-label gradient along SGD (r = 0)")
    ax[0].set_xlim(left=0)
    ax[0].legend(fontsize=7)
    ax[1].axvline(1, color="k", ls="--", lw=0.8, label="Pe = 1")
    ax[1].axhline(0, color="k", lw=0.6)
    ax[1].set(xscale="symlog", xlabel="Pe at SGD's theta_best (derived 1-d reduction)",
              ylabel="RDTAcc at r = 0.01", title="measured gain against the reduction's Peclet number")
    ax[1].legend(fontsize=7)
    caption = ("The latent gradient bias on the resetting-SGD analog. Left: the cosine of the mean gradients over the "
               "correctly labelled and the corrupted training samples along plain SGD (ensemble means; the paper "
               "reports them nearly orthogonal on CIFAR-10; with two classes a corrupted label is the other class). "
               "Right: per level, the Peclet number Pe = L v/(2D) of a derived one-dimensional reduction at SGD's "
               "least-validation-loss point (u the clean-label descent direction, v the training gradient's speed "
               "along u, D = eta Var(g_i . u)/(2B), L the line-search distance to the clean-risk minimum along u), "
               "against the measured gain; bars: 95% t-intervals over seeds. " + verdict_phrase(v))
    save(fig, "bae-latent-bias")
    return Figure("bae-latent-bias", "Latent gradient bias: cos phi_cw and the Peclet number against the gains",
                  caption, [claim], [f"{claim}/cosines", f"{claim}/peclet"])


# These figures in the order they are drawn (docs/report.md numbers them).
FIGURES = [
    first_passage,  # bae-first-passage: bae-first-passage, bae-optimal-rate
    resetting_sgd,  # bae-resetting-sgd: the five resetting-SGD claims
    latent_bias,  # bae-latent-bias: bae-resetting-peclet
]
