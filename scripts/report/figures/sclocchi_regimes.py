"""Figures of Sclocchi, Geiger, Wyart: the perceptron's temperature laws on the depleted-sign task.

Each figure function takes the loaded inputs and save(fig, id) and returns a Figure, or None when the claims it
draws are not in this report (see common.py).
"""
from .common import Figure, anchored, plt, positive, verdict_phrase

CHI_COLORS = {0.0: "C0", 1.0: "C3"}


def _bars(ax, t, x, color, label, fmt="o"):
    xs, m, lo, hi = t.col(x), t.col("mean"), t.col("lower"), t.col("upper")
    ax.errorbar(xs, m, yerr=[[max(a - b, 0) for a, b in zip(m, lo)], [max(b - a, 0) for a, b in zip(m, hi)]],
                fmt=fmt, color=color, ms=4, capsize=2, label=label)


def _law(ax, xs, ys, exponent, color, label):
    """The predicted power law through the largest-x point (the constant is not given by the paper)."""
    xs, ys = positive(xs, ys)
    if xs:
        ax.plot(xs, anchored(xs, ys, [x ** exponent for x in xs]), "--", color=color, lw=0.9, label=label)


def perceptron_laws(inp, save):
    claims = ["sclocchi-norm-temperature", "sclocchi-norm-p", "sclocchi-training-time", "sclocchi-critical-batch"]
    if not inp.has(*claims):
        return None
    fig, ax = plt.subplots(1, 4, figsize=(17, 4), layout="constrained")
    temps, points = inp.table(claims[0], "norm_vs_temperature"), inp.table(claims[1], "norm_vs_points")
    times, batches = inp.table(claims[2], "training_time_vs_points"), inp.table(claims[3], "critical_batch")
    b = {f["chi"]: f["b"] for f in inp.verdicts[claims[2]]["evidence"]["b"]}
    for chi, color in CHI_COLORS.items():
        t = temps.where("chi", chi)
        _bars(ax[0], t, "temperature", color, f"chi = {chi:g}")
        _law(ax[0], t.col("temperature"), t.col("mean"), 1.0, color, "~ T" if chi == 0 else None)
        p = points.where("chi", chi)
        _bars(ax[1], p, "points", color, f"chi = {chi:g}")
        _law(ax[1], p.col("points"), p.col("mean"), 1 / (1 + chi), color, f"~ P^{1 / (1 + chi):g} (PNAS)")
        s = times.where("chi", chi)
        _bars(ax[2], s, "points", color, f"chi = {chi:g}: b = {b[chi]:.2f} (fitted)")
        c = batches.where("chi", chi)
        _bars(ax[3], c, "points", color, f"chi = {chi:g}")
        _law(ax[3], c.col("points"), c.col("mean"), 1 / (1 + chi), color, f"~ P^{1 / (1 + chi):g} (PNAS)")
    titles = ["||Delta w|| against T = dt/B (B = 2, P fixed)", "||Delta w|| against P (T = 0.25)",
              "training time t* = steps dt against P (T = 0.25)", "critical batch B* against P (T = 0.25)"]
    ylabels = ["||Delta w||", "||Delta w||", "t*", "B* (||Delta w|| first 1.25x its B = 1 value)"]
    for a, title, ylabel in zip(ax, titles, ylabels):
        a.set(xscale="log", yscale="log", title=title, ylabel=ylabel)
        a.legend(fontsize=7)
    ax[0].set_xlabel("temperature T")
    for a in ax[1:]:
        a.set_xlabel("training points P")
    setup = inp.verdicts[claims[0]]["evidence"]["setup"]
    caption = (f"The perceptron of Sclocchi, Geiger, Wyart as the authors' code runs it (d = {setup['d']}, alpha = "
               f"{setup['alpha']:g}, hinge with margin 1/alpha on the centred output, SGD with B distinct indices "
               "until every training point is fitted) on the depleted-sign task (density |x_1|^chi near the "
               "boundary). Points: means over seeds with 95% t-intervals; dashed: the predicted laws through the "
               "largest point (their constants are not given). (a) " + verdict_phrase(inp.verdicts[claims[0]]) +
               " (b) " + verdict_phrase(inp.verdicts[claims[1]]) + " (c) " + verdict_phrase(inp.verdicts[claims[2]]) +
               " (d) " + verdict_phrase(inp.verdicts[claims[3]]))
    save(fig, "sclocchi-perceptron")
    return Figure("sclocchi-perceptron", "The perceptron's temperature laws: ||Delta w|| in T and P, t*, B*", caption,
                  claims, [f"{claims[0]}/norm_vs_temperature", f"{claims[1]}/norm_vs_points",
                           f"{claims[2]}/training_time_vs_points", f"{claims[3]}/critical_batch"])


# These figures in the order they are drawn (docs/report.md numbers them).
FIGURES = [
    perceptron_laws,  # sclocchi-perceptron: the four scaling claims
]
