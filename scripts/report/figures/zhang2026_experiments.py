"""Figures of the main paper, Zhang et al. (AAAI 2026), part 1: the replicas of its experiments -- the two phases
(Figs. 2, 4 and SAM alone), label noise against vanilla SGD, and generalisation (Fig. 2a). Part 2, the theorems'
checks, is zhang2026.py.

Each figure function takes the loaded inputs and save(fig, id) and returns a Figure, or None when the claims it
draws are not in this report (see common.py).
"""
import math

from .common import Figure, mark_phases, plt, positive, verdict_phrase

PAPER = "zhang2026"


def phases(inp, save, claim, fid, title, paper_figure, dynamics):
    if not inp.has(claim):
        return None
    v = inp.verdicts[claim]
    ev = v["evidence"]
    tr, snaps = inp.table(claim, "trajectory"), inp.table(claim, "snapshots")
    steps = tr.col("step")
    fig = plt.figure(figsize=(15, 7.2), layout="constrained")
    top = fig.subfigures(2, 1, height_ratios=[1.15, 1])
    ax = top[0].subplots(1, 4)
    for name, label in (("train_loss", "train loss"), ("test_loss", "test loss")):
        x, y = positive(steps, tr.col(name))
        ax[0].plot(x, y, label=label)
    ax[0].set(xscale="log", yscale="log", xlabel="step", title="loss")
    x, y = positive(steps, tr.col("mean_w_norm"))
    ax[1].plot(x, y, color="k", label="mean ||w_i||")
    ax[1].set(xscale="log", xlabel="step", title="mean ||w_i||")
    for name, label in (("mean_abs_w_dot_theta_star", "mean |<w_i, theta*>|"), ("mean_abs_cos", "mean |cos(w_i, theta*)|")):
        xs = [s for s in steps if s > 0]
        ax[2].plot(xs, [c for s, c in zip(steps, tr.col(name)) if s > 0], label=label)
    ax[2].set(xscale="log", xlabel="step", title="alignment with theta*")
    for a in ax[1:3]:
        mark_phases(a, ev, steps)
    ax[1].legend(loc="lower left")
    ax[2].legend(loc="upper left")
    ax[0].legend()
    sc = ax[3].scatter(tr.col("neuron_w_norm"), tr.col("neuron_w_dot_theta_star"),
                       c=[math.log10(s + 1) for s in steps], cmap="viridis", s=10)
    ax[3].plot(tr.col("neuron_w_norm"), tr.col("neuron_w_dot_theta_star"), color="0.7", lw=0.6, zorder=0)
    top[0].colorbar(sc, ax=ax[3], label="log10(step + 1)")
    ax[3].set(xlabel="||w_0||", ylabel="<w_0, theta*>", title="neuron 0's path, coloured by time")
    snap_steps = sorted(set(snaps.col("step")))
    bx = top[1].subplots(1, len(snap_steps), sharex=True, sharey=True)
    for a, s in zip(bx, snap_steps):
        rows = snaps.where("step", s)
        a.scatter(rows.col("w_norm"), rows.col("w_dot_theta_star"), s=4, alpha=0.6)
        a.axhline(0, color="0.6", lw=0.5)
        a.set(title=f"all neurons at step {s:.0f}", xlabel="||w_i||")
    bx[0].set_ylabel("<w_i, theta*>")
    fig.suptitle(title)
    cfg = ev.get("config", {})
    caption = (f"{paper_figure} replica ({dynamics}; m = {cfg.get('m')}, d = {cfg.get('d')}, n = {cfg.get('n')}, "
               f"eta = {cfg.get('eta')}, sigma = {cfg.get('sigma')}, seed {cfg.get('seed')}). The paper predicts "
               "two phases: first the weights shrink while the alignment with theta* stays flat (Phase I, during "
               "which every neuron leaves the lazy regime, by T1 at the latest), then the neurons align with theta* "
               "and the loss converges (Phase II). Shading: the phases found by the detector of docs/checks.md. "
               + verdict_phrase(v))
    save(fig, fid)
    return Figure(fid, title, caption, [claim], [f"{claim}/trajectory", f"{claim}/snapshots"])


def label_noise_vs_vanilla(inp, save):
    claim = "phases-sgd"
    if not inp.has(claim):
        return None
    tr, ctl = inp.table(claim, "trajectory"), inp.table(claim, "control_trajectory")
    fig, ax = plt.subplots(1, 3, figsize=(13, 3.6), layout="constrained")
    for t, label, color in ((tr, "label-noise SGD", "C0"), (ctl, "vanilla SGD (sigma = 0)", "C3")):
        for a, name in zip(ax, ("train_loss", "mean_w_norm", "mean_abs_cos")):
            x, y = positive(t.col("step"), t.col(name))
            a.plot(x, y, label=label, color=color)
    ax[0].set(xscale="log", yscale="log", xlabel="step", title="train loss")
    ax[1].set(xscale="log", xlabel="step", title="mean ||w_i||")
    ax[2].set(xscale="log", xlabel="step", title="mean |cos(w_i, theta*)|")
    ax[0].legend()
    v = inp.verdicts[claim]
    caption = ("Label noise against its absence, same data, initialisation and sample order. The paper predicts that "
               "only label noise drives the weights out of the lazy regime (mean ||w_i|| falls, then the neurons "
               "align); vanilla SGD fits the data near its initialisation. The control of phases-sgd: "
               + ("flagged (no Phase I without noise)." if v["control"] and v["control"]["flagged"]
                  else "NOT flagged."))
    save(fig, "label-noise-vs-vanilla")
    return Figure("label-noise-vs-vanilla", "Label-noise SGD against vanilla SGD", caption, [claim],
                  [f"{claim}/trajectory", f"{claim}/control_trajectory"])


def fig2_sgd(inp, save):
    return phases(inp, save, "phases-sgd", "fig2-sgd", "Label-noise SGD: the paper's Fig. 2", "Paper Fig. 2",
                  "label-noise SGD")


def fig4_sam(inp, save):
    return phases(inp, save, "phases-sam", "fig4-sam", "SAM: the paper's Fig. 4", "Paper Fig. 4", "SAM")


def sam_alone(inp, save):
    claim = "phases-sam"
    if not inp.has(claim):
        return None
    v = inp.verdicts[claim]
    ev = v["evidence"]
    t = inp.table(claim, "rho_sweep")
    runs = [(f"SAM alone, rho = {r['rho']:g} ({r['decision']})", "-") for r in ev["rho_sweep"]]
    runs += [(f"label-noise SGD, sigma = 4 ({ev['label_noise_sgd']['decision']})", "--"),
             (f"label-noise SAM, sigma = 4, rho = 0.05 ({ev['label_noise_sam']['decision']})", "--"),
             ("control: plain SGD, sigma = 0", ":")]
    fig, ax = plt.subplots(1, 2, figsize=(12, 3.8), layout="constrained")
    for k, (label, style) in enumerate(runs):
        rows = [i for i in range(len(t.rows)) if t.col("run")[i] == k and t.col("step")[i] > 0]
        steps = [t.col("step")[i] for i in rows]
        ax[0].plot(steps, [t.col("mean_w_norm")[i] for i in rows], style, color=f"C{k}", label=label)
        ax[1].plot(steps, [t.col("mean_abs_cos")[i] for i in rows], style, color=f"C{k}", label=label)
    ax[0].set(xscale="log", xlabel="step", title="mean ||w_i||")
    ax[1].set(xscale="log", xlabel="step", title="mean |cos(w_i, theta*)|")
    ax[0].legend(fontsize=7)
    caption = ("SAM alone: the paper's Fig. 4 is SAM on clean labels, with no rho given and no theorem. Here SAM "
               "with sigma = 0 at each rho of a sweep, against label-noise SGD, label-noise SAM and plain SGD on the "
               "same data and start; the decision in brackets is the Phase I/II detector's (docs/checks.md). "
               + verdict_phrase(v))
    save(fig, "fig4-sam-sweep")
    return Figure("fig4-sam-sweep", "SAM alone: a sweep of rho on clean labels", caption, [claim],
                  [f"{claim}/rho_sweep"])


def generalisation(inp, save):
    claim = "fig2a-generalisation"
    if not inp.has(claim):
        return None
    v = inp.verdicts[claim]
    t = inp.table(claim, "test_loss")
    fig, ax = plt.subplots(1, 3, figsize=(15, 3.8), layout="constrained")
    for a, setting, key in ((ax[0], 0, "paper_setup"), (ax[1], 1, "n_below_d")):
        cfg = v["evidence"][key]["config"]
        rows = [i for i in range(len(t.rows)) if t.col("setting")[i] == setting and t.col("step")[i] > 0]
        steps = [t.col("step")[i] for i in rows]
        a.plot(steps, [max(t.col("label_noise")[i], 1e-35) for i in rows], label="label-noise SGD")
        a.plot(steps, [max(t.col("vanilla")[i], 1e-35) for i in rows], "--", color="0.3", label="vanilla SGD")
        a.set(xscale="log", yscale="log", xlabel="step", ylabel="test loss (ensemble mean)",
              title=f"m = {cfg['m']}, d = {cfg['d']}, n = {cfg['n']} ({v['evidence'][key]['decision']})")
        a.legend(fontsize=7)
    for k, key in enumerate(("paper_setup", "n_below_d")):
        e = v["evidence"][key]
        lo, hi = e["difference_ci95"]
        ax[2].errorbar([k], [e["difference_mean"]], yerr=[[e["difference_mean"] - lo], [hi - e["difference_mean"]]],
                       fmt="o", capsize=4, color=f"C{k}")
    ax[2].axhline(0, color="k", lw=0.8)
    ax[2].set_xticks([0, 1], ["paper's setup (judged)", "n < d (reported)"])
    ax[2].set(ylabel="test loss: label noise - vanilla", title="paired difference over seeds, 95% interval")
    caption = ("Generalisation on the synthetic data (paper Fig. 2a shows label-noise SGD's losses; Fig. 1 motivates "
               "label noise by better generalisation). With n > d the interpolator is theta*, which vanilla SGD "
               "reaches, while label noise keeps a floor; with n < d vanilla SGD's interpolator is not theta* and "
               "label noise ends lower. " + verdict_phrase(v))
    save(fig, "generalisation")
    return Figure("generalisation", "Test loss: label-noise against vanilla SGD", caption, [claim],
                  [f"{claim}/test_loss"])


# These figures in the order they are drawn (docs/report.md numbers them), before zhang2026.py's.
FIGURES = [
    fig2_sgd,                # fig2-sgd: phases-sgd
    fig4_sam,                # fig4-sam: phases-sam
    sam_alone,               # fig4-sam-sweep: phases-sam
    label_noise_vs_vanilla,  # label-noise-vs-vanilla: phases-sgd and its control
    generalisation,          # generalisation: fig2a-generalisation
]
