"""Figures of the main paper, Zhang et al. (AAAI 2026), part 2: the theorems' checks -- the escape from the lazy
regime, Lemmas 4.3-4.6, the Phase I mean field, periodic noise, Phase II in flow time. Part 1, the replicas of the
paper's experiments, is zhang2026_experiments.py.

Each figure function takes the loaded inputs and save(fig, id) and returns a Figure, or None when the claims it
draws are not in this report (see common.py).
"""
import math

from .common import Figure, anchored, plt, positive, verdict_phrase

PAPER = "zhang2026"


def escape_scaling(inp, save):
    if not inp.has("thm4.2-scaling") and not inp.has("thm4.2"):
        return None
    panels = []
    if inp.has("thm4.2-scaling"):
        panels += [("sigma", "sigma"), ("eta", "eta"), ("m", "m")]
    fig, ax = plt.subplots(1, len(panels) + inp.has("thm4.2"), figsize=(4 * (len(panels) + inp.has("thm4.2")), 3.6),
                           layout="constrained", squeeze=False)
    ax = ax[0]
    for a, (param, label) in zip(ax, panels):
        t = inp.table("thm4.2-scaling", f"sweep_{param}")
        fit = inp.verdicts["thm4.2-scaling"]["evidence"][param]
        xs = t.col(param)
        a.scatter(xs, t.col("median_escape_step"), s=12, label="median escape step (per run)")
        ux = sorted(set(xs))
        first = {x: i for i, x in reversed(list(enumerate(xs)))}
        a.plot(ux, [t.col("t1")[first[x]] for x in ux], "k:", label="T1 (Thm 4.2)")
        a.plot(ux, [t.col("escape_heuristic")[first[x]] for x in ux], "--", color="C1", label="heuristic (derived)")
        a.plot(ux, [math.exp(fit["intercept"]) * x ** fit["fitted"] for x in ux], "-", color="C2",
               label=f"fit: slope {fit['fitted']:.2f} [{fit['ci95'][0]:.2f}, {fit['ci95'][1]:.2f}], "
                     f"predicted {fit['predicted']:g}")
        ev = inp.verdicts["thm4.2-scaling"]["evidence"]
        if f"paper_setup_{param}_exponent" in ev:  # the paper's setup, reported beside the judged sweep
            ps = inp.table("thm4.2-scaling", "paper_setup")
            code = {"sigma": 0, "eta": 1, "m": 2}[param]
            rows = [i for i in range(len(ps.rows)) if ps.col("parameter")[i] == code]
            a.scatter([ps.col("value")[i] for i in rows], [ps.col("all_escaped_step")[i] for i in rows], s=14,
                      marker="^", facecolors="none", edgecolors="C3",
                      label=f"paper's setup, all neurons: slope {ev[f'paper_setup_{param}_all_neuron_exponent']:.2f}")
            a.scatter([ps.col("value")[i] for i in rows], [ps.col("median_escape_step")[i] for i in rows], s=14,
                      marker="v", facecolors="none", edgecolors="C4",
                      label=f"paper's setup, median: slope {ev[f'paper_setup_{param}_exponent']:.2f}")
        a.set(xscale="log", yscale="log", xlabel=label, ylabel="step", title=f"escape step against {label}")
        a.legend(fontsize=6)
    caption = ("Theorem 4.2: every neuron leaves the lazy regime by T1 = 384 sqrt(ln m)/(sigma^2 eta^2 sqrt(m)), "
               "so the escape step scales as sigma^-2 eta^-2 m^-1/2. Points: median escape step of each run; lines: "
               "T1, the derived heuristic 2/(sqrt(m) eta^2 sigma^2), and the least-squares fit with its 95% interval, "
               "judged at eta m <= 0.05, sigma = 8; triangles: the paper's setup (sigma = 4, eta m up to 1, m up to "
               "1000, d = 20, n = 200), the all-neuron step and the median neuron, reported with their slopes.")
    claims = []
    if panels:
        claims.append("thm4.2-scaling")
        caption += " " + verdict_phrase(inp.verdicts["thm4.2-scaling"])
    if inp.has("thm4.2"):
        a = ax[-1]
        t = inp.table("thm4.2", "escape_steps")
        a.scatter(t.col("m"), t.col("all_escaped_step"), s=12, label="step all neurons escaped (per run)")
        ms = sorted(set(t.col("m")))
        first = {m: i for i, m in reversed(list(enumerate(t.col("m"))))}
        a.plot(ms, [t.col("t1")[first[m]] for m in ms], "k:", label="T1")
        a.plot(ms, [t.col("escape_heuristic")[first[m]] for m in ms], "--", color="C1", label="heuristic")
        a.set(xscale="log", yscale="log", xlabel="m", ylabel="step", title="all neurons escaped, against T1")
        a.legend()
        claims.append("thm4.2")
        caption += " Right: Theorem 4.2's bound itself. " + verdict_phrase(inp.verdicts["thm4.2"])
    save(fig, "escape-scaling")
    tables = [f"thm4.2-scaling/sweep_{p}" for p, _ in panels] + (["thm4.2/escape_steps"] if inp.has("thm4.2") else [])
    if panels:
        tables.append("thm4.2-scaling/paper_setup")
    return Figure("escape-scaling", "Escape from the lazy regime: step against sigma, eta and m", caption, claims,
                  tables)


def delta_w(inp, save):
    claims = [c for c in ("lem4.3-sign", "lem4.3-magnitude") if inp.has(c)]
    if not claims:
        return None
    fig, ax = plt.subplots(1, len(claims), figsize=(6 * len(claims), 3.6), layout="constrained", squeeze=False)
    for a, claim in zip(ax[0], claims):
        v = inp.verdicts[claim]
        ev = v["evidence"]
        t = inp.table(claim, "delta_w_histogram")
        edges = t.col("lower") + [t.col("upper")[-1]] if t.rows else [0, 1]
        a.stairs(t.col("count") if t.rows else [0], edges, fill=True, alpha=0.6)
        a.axvline(0, color="k", lw=1, label="0")
        thr = ev["histogram"]["threshold"]
        a.axvline(thr, color="C3", ls="--", lw=1, label=f"-(sigma/4)^2 = {thr:g}")
        cfg = ev["config"]
        if claim == "lem4.3-sign":
            bound = ("vacuous here: the bound 1 - rho/m^(1/8) <= 0" if v["regime"] == "vacuous"
                     else f"bound P(Delta W <= 0) >= {ev['bound']:.3g}")
        else:
            bound = f"bound P(Delta W <= -(sigma/4)^2) >= {ev['bound']:g}"
        a.set(xlabel="Delta W_i(j) while neuron i is lazy", ylabel="count", yscale="log",
              title=f"{claim} (m = {cfg['m']}, d = {cfg['d']}, sigma = {cfg['sigma']})")
        a.text(0.02, 0.97, f"{bound}\nmeasured: {ev['frequency']['pooled']:.3g} (pooled), lowest run "
               f"{ev['frequency']['min_over_trajectories']:.3g}", transform=a.transAxes, va="top", fontsize=7.5,
               bbox={"facecolor": "white", "alpha": 0.8, "lw": 0})
        a.legend(loc="upper right")
    caption = ("Lemma 4.3.1: while the model is lazy, Delta W_i(j) <= 0 with probability >= 1 - rho/m^(1/8) "
               "(rho = 2 sqrt(d)/sqrt(pi); vacuous unless m > (4d/pi)^4), and Delta W_i(j) <= -(sigma/4)^2 with "
               "probability >= 1/4, where ||w_i(T)||^2 = ||w_i(0)||^2 + eta^2 sum_j Delta W_i(j) - a_i(0)^2 + "
               "a_i(T)^2. Histogram: every lazy (i, j) of the first run; the frequencies count every run. "
               + " ".join(f"{c}: " + verdict_phrase(inp.verdicts[c]) for c in claims))
    save(fig, "delta-w")
    return Figure("delta-w", "The Delta W distribution during the lazy phase", caption, claims,
                  [f"{c}/delta_w_histogram" for c in claims])


def drift(inp, save):
    claim = "drift-mean-field"
    if not inp.has(claim):
        return None
    v = inp.verdicts[claim]
    dr, dc = inp.table(claim, "drift"), inp.table(claim, "decay")
    fig, ax = plt.subplots(1, 2, figsize=(11, 3.8), layout="constrained")
    for k, level in enumerate(sorted(set(dr.col("next_sigma")), reverse=True)):
        rows = [i for i in range(len(dr.rows)) if dr.col("next_sigma")[i] == level]
        steps = [dr.col("step")[i] for i in rows]
        exact = [-dr.col("exact")[i] for i in rows]
        err = [v["evidence"]["z"] * dr.col("finite_n_error")[i] for i in rows]
        ax[0].errorbar(steps, exact, yerr=err, fmt="o-", ms=3, capsize=2, color=f"C{k}",
                       label=f"exact over the training set, next sigma = {level:g} (bars: z x finite-n error)")
        ax[0].plot(steps, [-dr.col("derived")[i] for i in rows], "x--", color=f"C{k}", label="derived")
        ax[0].plot(steps, [-dr.col("derived_without_cross")[i] for i in rows], ":", color=f"C{k}",
                   label="control: without -2 (delta^T w_i)^2")
    ax[0].set(yscale="log", xlabel="step of the run where the state is taken", ylabel="-E[Delta D_i] (neuron mean)",
              title="one-step drift of the balance D_i = ||w_i||^2 - a_i^2")
    ax[1].plot(dc.col("step"), dc.col("mean_w_norm2"), label="label-noise SGD (ensemble mean)")
    ax[1].plot(dc.col("step"), dc.col("predicted"), "k:", label="exp(-eta^2 (sigma^2 + <||delta||^2>) t)")
    ax[1].plot(dc.col("step"), dc.col("control_mean_w_norm2"), "--", color="0.5", label="control: sigma = 0")
    ax[1].set(yscale="log", xlabel="step", ylabel="mean_i ||w_i||^2", title="Phase I shrinkage rate")
    for a in ax:
        a.legend(fontsize=7)
    caption = ("Phase I mean field (derived, docs/derivations.md section 2): E[Delta D_i] = eta^2 [a_i^2 (sigma^2 d + (d+2)||delta||^2) - "
               "(sigma^2 + ||delta||^2)||w_i||^2 - 2 (delta^T w_i)^2], so mean ||w_i||^2 decays geometrically at "
               "about eta^2 (sigma^2 + ||delta||^2) per step while d a_i^2 << ||w_i||^2. " + verdict_phrase(v))
    save(fig, "drift")
    return Figure("drift", "Phase I mean field: the balance drift and the shrinkage rate", caption, [claim],
                  [f"{claim}/drift", f"{claim}/decay"])


def oscillation(inp, save):
    claim = "lem4.4"
    if not inp.has(claim):
        return None
    t = inp.table(claim, "curves")
    fig, a = plt.subplots(figsize=(6.5, 4), layout="constrained")
    for k, eta in enumerate(sorted(set(t.col("eta")), reverse=True)):
        rows = t.where("eta", eta)
        x, y = positive(rows.col("step"), rows.col("mean_w_norm2"))
        a.plot(x, y, color=f"C{k}", label=f"eta = {eta:g}: E mean ||w_i||^2")
        a.axhline(rows.col("sqrt_eta")[0], color=f"C{k}", ls="--", lw=1, label=f"sqrt(eta) = {rows.col('sqrt_eta')[0]:.3g}")
    a.set(xscale="log", yscale="log", xlabel="step (horizon 1/eta^2)", ylabel="mean_i ||w_i||^2, ensemble mean",
          title="Lemma 4.4: the oscillating second layer shrinks the first")
    a.legend()
    caption = ("Lemma 4.4 (Eq. 6-8): with GD on W and each a_i on the chain {-eta^(1/4), 0, eta^(1/4)}, m = "
               "1/sqrt(eta), some t0 <= 1/eta^2 has E[(1/m) sum_i ||w_i(t0)||^2] <= sqrt(eta): each curve must dip "
               "below its dashed line before its horizon. " + verdict_phrase(inp.verdicts[claim]))
    save(fig, "oscillation")
    return Figure("oscillation", "Lemma 4.4 against sqrt(eta)", caption, [claim], [f"{claim}/curves"])


def phase_two(inp, save):
    claims = [c for c in ("lem4.5", "lem4.6") if inp.has(c)]
    if not claims:
        return None
    fig, ax = plt.subplots(1, len(claims), figsize=(6 * len(claims), 3.8), layout="constrained", squeeze=False)
    floor = 1e-16
    for a, claim in zip(ax[0], claims):
        if claim == "lem4.5":
            t = inp.table(claim, "deficits")
            series = (("worst_deficit_t2_printed", "worst neuron, T2 in steps"),
                      ("worst_deficit_t2_flow", "worst neuron, T2 as flow time"),
                      ("mean_deficit_t2_flow", "mean neuron, T2 as flow time"))
            o_label = "C sqrt(eta) ln(1/eta)"
            title = "Lemma 4.5: 1 - |cos(w_i, theta*)| after T2"
        else:
            t = inp.table(claim, "errors")
            series = (("theta_error_t3", "||theta - theta*|| at t3"), ("worst_deficit_t3", "worst 1 - |cos| at t3"),
                      ("theta_error_t3_chain", "||theta - theta*||, no projection at t2 (not judged)"),
                      ("worst_deficit_t3_chain", "worst 1 - |cos|, no projection at t2 (not judged)"))
            o_label = "C eta ln(1/eta)"
            title = "Lemma 4.6: errors at t3"
        etas = t.col("eta")
        for k, (name, label) in enumerate(series):
            ys = [max(y, floor) for y in t.col(name)]
            a.plot(etas, ys, "o-", color=f"C{k}", label=label)
            a.plot(etas, anchored(etas, ys, t.col("scale")), ":", color=f"C{k}", lw=1)
        a.plot([], [], "k:", label=f"{o_label}, through the largest eta")
        a.set(xscale="log", yscale="log", xlabel="eta", title=title)
        a.legend(fontsize=7)
    caption = ("Lemmas 4.5 and 4.6 bound the alignment deficit by O(sqrt(eta) ln(1/eta)) after T2 and the error by "
               "O(eta ln(1/eta)) at t3: each curve must not rise above its dotted O(.) line (drawn through its "
               "largest-eta point, since the paper gives no constant) as eta shrinks. Lemma 4.6 is judged from every "
               "w_i projected onto theta* at t2 (its hypothesis); the chain without that projection is drawn beside it. "
               "Values at rounding level are drawn at 1e-16. " + " ".join(f"{c}: " + verdict_phrase(inp.verdicts[c]) for c in claims))
    save(fig, "phase-two")
    return Figure("phase-two", "Lemmas 4.5 and 4.6: deficits against eta", caption, claims,
                  [("lem4.5/deficits" if c == "lem4.5" else "lem4.6/errors") for c in claims])


def phase_bridge(inp, save):
    claim = "phase-bridge"
    if not inp.has(claim):
        return None
    v = inp.verdicts[claim]
    t = inp.table(claim, "neurons")
    stars = sorted(set(t.col("theta_star_norm")), reverse=True)
    arms = [("synthetic setup: n = 100, ||theta*|| = 1", [s for s in stars if s == 1.0]), ("nearest the regime: n = 1/eta^2, ||theta*|| = 0.999 m^-1/4", [s for s in stars if s != 1.0])]
    fig, ax = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
    for a, (title, values) in zip(ax, arms):
        widths = sorted(set(m for m, s in zip(t.col("m"), t.col("theta_star_norm")) if s in values))
        for k, m in enumerate(widths):
            rows = [i for i in range(len(t.rows)) if t.col("m")[i] == m and t.col("theta_star_norm")[i] in values]
            a.scatter([t.col("w_norm_over_sqrt_eta")[i] for i in rows], [t.col("abs_a_over_sqrt_eta")[i] for i in rows],
                      s=5, alpha=0.5, color=f"C{k}", label=f"m = {m:g}")
        a.axvline(1, color="k", ls=":")
        a.axhline(1, color="k", ls=":", label="Lemma 4.5's start: sqrt(eta)")
        a.set(xscale="log", yscale="log", xlabel="||w_i|| / sqrt(eta)", ylabel="|a_i| / sqrt(eta)", title=title)
        a.legend(fontsize=7)
    caption = ("The Phase I -> II bridge: Lemma 4.5 starts from every ||w_i||, |a_i| <= sqrt(eta) (the dotted square). "
               "Each point is a neuron of label-noise SGD at the record where max_i max(||w_i||, |a_i|) was least over "
               "its run before Phase II started (the nearest it came to that start), for every seed and width, at the "
               "synthetic setup and nearest the regime (every assumption but A2 and A6 met). " + verdict_phrase(v))
    save(fig, "phase-bridge")
    return Figure("phase-bridge", "The Phase I -> II bridge: neurons against sqrt(eta)", caption, [claim],
                  [f"{claim}/neurons"])


def periodic(inp, save):
    claim = "periodic"
    if not inp.has(claim):
        return None
    v = inp.verdicts[claim]
    t, c = inp.table(claim, "trajectory"), inp.table(claim, "control_trajectory")
    window = v["evidence"]["config"]["noise_on"]
    fig, a = plt.subplots(figsize=(8, 3.6), layout="constrained")
    end = max(t.col("step"))
    k = 0
    while 2 * k * window < end:
        a.axvspan(2 * k * window, (2 * k + 1) * window, color="C1", alpha=0.12, label="noise on" if k == 0 else None)
        k += 1
    a.plot(t.col("step"), t.col("mean_w_norm2"), label="periodic label noise")
    a.plot(c.col("step"), c.col("mean_w_norm2"), color="0.5", ls="--", label="control: noise always on")
    a.set(xlabel="step", ylabel="mean ||w_i||^2", yscale="log", title="Periodic label noise")
    a.legend()
    caption = ("The paper's code README switches the label noise on and off every 5,000 steps: mean ||w_i||^2 should "
               "fall while the noise is on and stay flat while it is off. " + verdict_phrase(v))
    save(fig, "periodic")
    return Figure("periodic", "Periodic label noise", caption, [claim],
                  [f"{claim}/trajectory", f"{claim}/control_trajectory"])


def flow_phase_two(inp, save):
    claim = "flow-phase-two"
    if not inp.has(claim):
        return None
    v = inp.verdicts[claim]
    ev = v["evidence"]
    t = inp.table(claim, "alignment")
    x = [math.log(1 / e) for e in t.col("eta")]
    fig, a = plt.subplots(figsize=(6.5, 4), layout="constrained")
    a.plot(x, t.col("t2_flow_reading"), "k:", label="T2 = ln(1/eta)/||theta*|| (Lemma 4.5, flow reading)")
    a.plot(x, t.col("t2_steps_reading"), "-.", color="0.5", label="T2 read as GD steps (flow time eta T2)")
    a.plot(x, t.col("flow_time"), "o", label="gradient flow")
    a.plot(x, t.col("gd_time"), "x", ms=8, label="GD: steps x eta")
    x0, t0 = x[-1], t.col("flow_time")[-1]  # the derived slope drawn through the smallest eta's point
    local = ", ".join(f"{s:.3f}" for s in ev["local_slopes_vs_log_inverse_eta"])
    a.plot(x, [t0 + ev["derived_slope"] * (xi - x0) for xi in x], "--", color="C2",
           label=f"derived slope 1/(2||S theta*||) = {ev['derived_slope']:.3f} (local slopes {local})")
    a.set(xlabel="ln(1/eta)  (start: ||w_i||, |a_i| <= sqrt(eta)/2)", ylabel="flow time",
          title="Phase II: time for W^T a to get halfway to theta*")
    a.legend(fontsize=7)
    caption = ("Lemma 4.5 with T2 read as gradient-flow time, and its mechanism (docs/derivations.md section 4): from a start of scale "
               "sqrt(eta) the flow grows theta = W^T a like eta e^(2 ||S theta*|| t), so the time to reach theta* grows "
               "like ln(1/eta)/(2 ||S theta*||) - within T2 - and GD takes it in t/eta steps. " + verdict_phrase(v))
    save(fig, "flow-phase-two")
    return Figure("flow-phase-two", "Phase II in flow time: alignment against T2", caption, [claim], [f"{claim}/alignment"])


def certified_identities(inp, save):
    claim = "identities"
    if not inp.has(claim) or inp.table(claim, "enclosure_widths") is None:
        return None
    v = inp.verdicts[claim]
    cert = v["evidence"]["certified"]
    t = inp.table(claim, "enclosure_widths")
    fig, a = plt.subplots(figsize=(6.5, 4), layout="constrained")
    a.plot(t.col("step"), t.col("state_width"), "o-", ms=3, label="widest state enclosure (bounds the distance to exact)")
    a.plot(*positive(t.col("step"), t.col("float50_distance")), "x--", ms=4,
           label="50-digit run: distance to the enclosure's midpoint")
    a.axhline(v["evidence"]["certified_resolution"], color="k", ls=":", label="resolution the certificate needs")
    g = cert["width_growth_per_step"]
    a.set(xlabel="step", ylabel="width", yscale="log",
          title=f"Interval trajectory: widths grow {g[0]:.2f}-{g[1]:.2f}x per step")
    a.legend(fontsize=7)
    caption = ("The two identities after Theorem 4.2 certified: label-noise SGD run in MPFI interval arithmetic "
               f"(m = {cert['config']['m']}, d = {cert['config']['d']}, eta = {cert['config']['eta']:g}, "
               f"{cert['config']['steps']} steps), every state an enclosure of the exact-arithmetic trajectory for "
               "the same draws; every residual enclosure must contain 0 and stay narrower than the resolution. The "
               "widths grow geometrically (the wrapping effect), so the enclosure bounds the 50-digit run's distance "
               "from exact loosely; the 50-digit twin lies inside it, far closer to the midpoint. " + verdict_phrase(v))
    save(fig, "certified-identities")
    return Figure("certified-identities", "Certified identities: enclosure widths along the interval trajectory",
                  caption, [claim], [f"{claim}/enclosure_widths"])


# These figures in the order they are drawn (docs/report.md numbers them), after zhang2026_experiments.py's.
FIGURES = [
    certified_identities,    # certified-identities: identities
    escape_scaling,          # escape-scaling: thm4.2-scaling, thm4.2
    delta_w,                 # delta-w: lem4.3-sign, lem4.3-magnitude
    drift,                   # drift: drift-mean-field
    oscillation,             # oscillation: lem4.4
    phase_bridge,            # phase-bridge: phase-bridge
    phase_two,               # phase-two: lem4.5, lem4.6
    periodic,                # periodic: periodic
    flow_phase_two,          # flow-phase-two: flow-phase-two
]
