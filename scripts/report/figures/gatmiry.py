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


def rank_and_time(inp, save):
    claims = ["gatmiry-rank-one", "gatmiry-time-scale"]
    if not inp.has(*claims):
        return None
    vr, vt = inp.verdicts[claims[0]], inp.verdicts[claims[1]]
    r, h = inp.table(claims[0], "rank"), inp.table(claims[1], "halving")
    fig, ax = plt.subplots(1, 3, figsize=(14, 3.8), layout="constrained")
    ax[0].plot(r.col("flow_time"), r.col("rank_ratio"), label="rank ratio s2/s1 of P Theta")
    ax[0].plot(r.col("flow_time"), r.col("agreement"), label="agreement")
    floor = vr["evidence"]["agreement_floor_sigma_sqrt_eta"]
    ax[0].axhline(floor, color="C1", ls=":", lw=1, label=f"sigma sqrt(eta) = {floor:.3g}")
    ax[0].axhline(1e-3, color="C0", ls=":", lw=1, label="rank bound 1e-3")
    ax[0].set(yscale="log", xlabel="sharpness-flow time eta^2 sigma^2 k", title="ensemble means (eta 0.05, sigma 0.1)")
    for a, key, fixed in ((ax[1], "eta", ("sigma", 0.1)), (ax[2], "sigma", ("eta", 0.05))):
        rows = [i for i in range(len(h.rows)) if h.col(fixed[0])[i] == fixed[1]]
        if key == "sigma":
            rows = [i for i in rows if h.col("eta")[i] == 0.05]
        else:
            rows = [i for i in rows if h.col("sigma")[i] == 0.1]
        xs, ys = [h.col(key)[i] for i in rows], [h.col("halving_steps")[i] for i in rows]
        a.plot(xs, ys, "o", ms=4, label="runs")
        x0 = max(xs)
        y0 = sum(y for x, y in zip(xs, ys) if x == x0) / max(1, sum(1 for x in xs if x == x0))
        grid = sorted(set(xs))
        a.plot(grid, [y0 * (x / x0) ** -2 for x in grid], "k--", lw=1, label="slope -2 (predicted)")
        slope = vt["evidence"][f"{key}_exponent"]
        a.set(xscale="log", yscale="log", xlabel=key, ylabel="steps to halve the gap (0.1 -> 0.05)",
              title=f"halving steps against {key}: fitted slope {slope:.2f}")
        a.legend(fontsize=7)
    ax[0].legend(fontsize=7)
    caption = ("Fixed-output network: the neurons' agreement on the data falls to an O(sigma sqrt(eta)) floor and the "
               "projected features become rank one (their own, slower time scale is measured); the steps to halve the "
               "sharpness gap scale as eta^-2 sigma^-2, the clock of the sharpness flow. "
               + verdict_phrase(vr) + " " + verdict_phrase(vt))
    save(fig, "gatmiry_rank_time")
    return Figure("gatmiry_rank_time", "Fixed-output network: rank one, and the eta^2 sigma^2 clock", caption, claims,
                  [f"{claims[0]}/rank", f"{claims[1]}/halving"])


def global_minimum(inp, save):
    claim = "gatmiry-global-minimum"
    if not inp.has(claim):
        return None
    v = inp.verdicts[claim]
    fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
    for k, s in enumerate(v["evidence"]["starts"]):
        gaps = [abs(g) for g in s["relative_gap_per_run"]]
        ax.plot([k] * len(gaps), gaps, "o", ms=4, alpha=0.7,
                label=f"label-noise SGD, init scale {s['init_scale']:g} ({s['diverged_runs']} diverged)")
    ctl = [abs(g) for g in v["control"]["evidence"]["relative_gap_per_run"]]
    ax.plot([2] * len(ctl), ctl, "x", color="0.4", label="vanilla SGD (control)")
    ax.axhline(v["evidence"]["band"], color="C3", ls=":", lw=1, label="band 1%")
    ax.set_xticks([0, 1, 2], ["scale 0.5", "scale 1", "sigma = 0"])
    ax.set(yscale="log", ylabel="|time-averaged gap| / minimum", title="every random start ends at tr_min")
    ax.legend(fontsize=7)
    caption = ("Fixed-output network: from many random starts (theta_j ~ N(0, c^2 I/d)) every completed run of "
               "label-noise SGD ends at the least sharpness, as Theorems 2-3 (no spurious stationary points, "
               "convergence from every initialisation) predict; vanilla SGD stops at its first interpolator. "
               + verdict_phrase(v))
    save(fig, "gatmiry_global")
    return Figure("gatmiry_global", "Fixed-output network: no spurious end points", caption, [claim], [])


def n_above_d(inp, save):
    claim = "gatmiry-n-above-d"
    if not inp.has(claim):
        return None
    v = inp.verdicts[claim]
    t = inp.table(claim, "effective_rank")
    e = v["evidence"]
    fig, ax = plt.subplots(1, 2, figsize=(11, 3.6), layout="constrained")
    ax[0].plot(t.col("flow_time"), t.col("label_noise"), label="label-noise SGD (sigma = 0.1)")
    ax[0].plot(t.col("flow_time"), t.col("vanilla"), "--", color="0.4", label="vanilla SGD, same starts")
    ax[0].set(xlabel="eta^2 sigma^2 k (sigma = 0.1; vanilla at the same steps)",
              ylabel="effective rank of F (ensemble mean)",
              title=f"n = {e['config']['n']} > d = {e['config']['d']}: effective rank of the features")
    ax[0].legend(fontsize=7)
    for k, (key, label) in enumerate((("label_noise", "label noise"), ("vanilla", "vanilla"))):
        ranks = e[key]["final_effective_rank"]
        lo, hi = e[key]["ci95"]
        ax[1].plot([k] * len(ranks), ranks, "o", ms=4, alpha=0.7, color=f"C{k}")
        ax[1].errorbar([k + 0.15], [e[key]["mean"]], yerr=[[e[key]["mean"] - lo], [hi - e[key]["mean"]]], fmt="s",
                       color=f"C{k}", capsize=3, label=f"{label}: mean, 95% interval")
    ax[1].set_xticks([0, 1], ["label noise", "vanilla"])
    ax[1].set(ylabel="final effective rank (last-quarter mean)", title="per run")
    ax[1].legend(fontsize=7)
    caption = ("Exploratory (no theorem): with more samples than dimensions the inputs cannot be independent, so "
               "Gatmiry et al.'s theorem does not apply; the paper shows only that the features stay approximately "
               "low rank. Effective rank = exp(entropy of the normalised singular values of F_ij = "
               "phi(theta_j . x_i)). The verdict is inconclusive by construction. " + verdict_phrase(v))
    save(fig, "gatmiry_n_above_d")
    return Figure("gatmiry_n_above_d", "Fixed-output network beyond the theorem: n > d (exploratory)", caption,
                  [claim], [f"{claim}/effective_rank"])


# This paper's figures in the order they are drawn.
FIGURES = [
    orthogonal,  # gatmiry_orthogonal: gatmiry-orthogonal-frozen
    min_sharpness,  # gatmiry_sharpness: gatmiry-min-sharpness
    rank_and_time,  # gatmiry_rank_time: gatmiry-rank-one, gatmiry-time-scale
    global_minimum,  # gatmiry_global: gatmiry-global-minimum
    n_above_d,  # gatmiry_n_above_d: gatmiry-n-above-d
]
