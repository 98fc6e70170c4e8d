"""Figures of the main paper, Zhang et al. (AAAI 2026), part 3: its real-world figures (Figs. 1, 3, 5) on analogs,
an MLP on Fashion-MNIST (docs/checks.md, "Real-data analogs"). Each says in its caption what differs from the paper.
"""
from .common import Figure, plt, verdict_phrase

TAU_COLORS = {0.0: "k", 0.05: "C0", 0.1: "C1", 0.2: "C3"}


def fig1_real(inp, save):
    claim = "fig1-real-generalisation"
    if not inp.has(claim) or "per_tau" not in inp.verdicts[claim]["evidence"]:
        return None
    v = inp.verdicts[claim]
    ev = v["evidence"]
    curves, pruning = inp.table(claim, "curves"), inp.table(claim, "pruning")
    fig, ax = plt.subplots(1, 3, figsize=(15, 3.8), layout="constrained")
    for tau, color in TAU_COLORS.items():
        label = "vanilla SGD" if tau == 0 else f"label noise, tau = {tau:g}"
        rows = curves.where("tau", tau)
        ax[0].plot(rows.col("epoch"), rows.col("test_loss"), color=color, label=label)
        ax[1].plot(rows.col("epoch"), rows.col("test_acc"), color=color, label=label)
        p = pruning.where("tau", tau)
        ax[2].errorbar(p.col("keep_percent"), p.col("test_acc"),
                       yerr=[[m - lo for m, lo in zip(p.col("test_acc"), p.col("lower"))],
                             [hi - m for m, hi in zip(p.col("test_acc"), p.col("upper"))]],
                       color=color, marker="o", ms=3, capsize=2, label=label)
    ax[0].set(xlabel="epoch", ylabel="test loss", title="(a) test loss")
    ax[1].set(xlabel="epoch", ylabel="test accuracy", title="(b) test accuracy")
    ax[2].set(xscale="log", xlabel="% of weights kept", ylabel="test accuracy", title="(c) magnitude-pruned model")
    ax[1].legend(fontsize=7)
    cfg = ev["config"]
    gains = "; ".join(f"tau {r['tau']:g}: {r['accuracy_gain_mean']:+.4f} [{r['accuracy_gain_ci95'][0]:+.4f}, "
                      f"{r['accuracy_gain_ci95'][1]:+.4f}], pruned to 10% {r['pruned_gain_mean']:+.4f} "
                      f"[{r['pruned_gain_ci95'][0]:+.4f}, {r['pruned_gain_ci95'][1]:+.4f}]" for r in ev["per_tau"])
    caption = (f"The paper's Fig. 1 on an analog: a ReLU MLP (hidden {cfg['hidden']}) on {ev['task']}, SGD with "
               f"lr {cfg['eta']:g}, batch {cfg['batch']}, {cfg['epochs']} epochs, no momentum or weight decay, "
               f"{cfg['trajectories']} paired seeds (means shown). What differs from the paper: ResNet-18 and "
               "CIFAR-10 become an MLP and Fashion-MNIST, 160 epochs become far fewer, the batch size is chosen "
               "(the paper gives none), curves are not smoothed, and pruning is global magnitude pruning of the "
               "weights (the paper's Appendix D is not available). Accuracy gains of label noise over vanilla SGD, "
               f"mean [95% interval]: {gains}. " + verdict_phrase(v))
    save(fig, "fig1-real")
    return Figure("fig1-real", "Fig. 1 analog: label-noise SGD against vanilla SGD on Fashion-MNIST", caption,
                  [claim], [f"{claim}/curves", f"{claim}/pruning"])


def lazy_to_rich(inp, save, claim, fid, paper_figure, other):
    if not inp.has(claim) or "reading" not in inp.verdicts[claim]["evidence"]:
        return None
    v = inp.verdicts[claim]
    ev = v["evidence"]
    t = inp.table(claim, "curves")
    epoch = t.col("epoch")
    fig, ax = plt.subplots(1, 4, figsize=(17, 3.8), layout="constrained")
    for name, a in (("train_loss", ax[0]), ("test_loss", ax[1])):
        a.plot(epoch, t.col(f"gd_{name}"), color="C0", label="GD")
        a.plot(epoch, t.col(f"lin_gd_{name}"), "--", color="C0", label="linearised GD (the baseline)")
        a.plot(epoch, t.col(f"other_{name}"), color="C3", label=other)
        a.plot(epoch, t.col(f"lin_other_{name}"), ":", color="C3", label=f"linearised {other}")
    ax[2].plot(epoch, t.col("gd_w_norm_1"), color="C0", label="GD")
    ax[2].plot(epoch, t.col("other_w_norm_1"), color="C3", label=other)
    ax[3].plot(epoch, t.col("gd_lin_distance"), color="C0", label="GD from linearised GD")
    ax[3].plot(epoch, t.col("other_lin_distance"), color="C3", label=f"{other} from linearised GD")
    ax[3].plot(epoch, t.col("other_own_lin_distance"), ":", color="C3", label=f"{other} from its own linearisation")
    ax[0].set(yscale="log", xlabel="epoch", title="(a) training loss")
    ax[1].set(yscale="log", xlabel="epoch", title="(b) test loss")
    ax[2].set(xlabel="epoch", title="(c) first-layer ||W||_F")
    ax[3].set(xlabel="epoch", title="RMS distance of the test outputs")
    ax[0].legend(fontsize=7)
    ax[3].legend(fontsize=7)
    r = ev["reading"]
    cfg, oc = ev["gd"], ev["other"]
    knob = f"rho = {oc['rho']:g}" if oc["dynamics"] == "sam" else f"tau = {oc['tau']:g} (Algorithm 1)"
    caption = (f"The paper's {paper_figure} on an analog: an NTK-parameterised erf MLP (hidden {cfg['hidden']}) "
               f"on {ev['task']}, full-batch GD with eta {cfg['eta']:g} for {cfg['steps']} steps ({knob}), MSE on one-hot "
               f"labels, {cfg['trajectories']} paired seeds (means shown); dashed: each network's linearisation at "
               "theta(0) trained on the same batches and labels. What differs from the paper: WideResNets and "
               "CIFAR-10 become an MLP and Fashion-MNIST; the distances are measured on the test outputs; and a "
               f"stricter reading is added (dotted): {other} against its own linearisation under the same dynamics, "
               "which separates leaving the lazy regime from the dynamics' effect on the function. "
               f"Relative distance at the end: GD {r['tracking']['mean']:.3g} "
               f"[{r['tracking']['ci95'][0]:.3g}, {r['tracking']['ci95'][1]:.3g}]; log ratio {other} / GD "
               f"{r['departure']['mean']:.3g} [{r['departure']['ci95'][0]:.3g}, {r['departure']['ci95'][1]:.3g}]; "
               f"||W_1|| change {r['w1_change']['mean']:.3g} [{r['w1_change']['ci95'][0]:.3g}, "
               f"{r['w1_change']['ci95'][1]:.3g}]; own linearisation: log ratio "
               f"{ev['own_linearisation']['departure']['mean']:.3g} [{ev['own_linearisation']['departure']['ci95'][0]:.3g}, "
               f"{ev['own_linearisation']['departure']['ci95'][1]:.3g}] (reported, not judged). " + verdict_phrase(v))
    save(fig, fid)
    return Figure(fid, f"{paper_figure} analog: {other} against GD and their linearisations", caption, [claim],
                  [f"{claim}/curves"])


def fig3_real(inp, save):
    return lazy_to_rich(inp, save, "fig3-lazy-to-rich", "fig3-real", "Fig. 3", "label-noise GD")


def fig5_real(inp, save):
    return lazy_to_rich(inp, save, "fig5-sam-lazy-to-rich", "fig5-real", "Fig. 5", "SAM")


# These figures in the order they are drawn (docs/report.md numbers them), after zhang2026_experiments.py's.
FIGURES = [
    fig1_real,  # fig1-real: fig1-real-generalisation
    fig3_real,  # fig3-real: fig3-lazy-to-rich
    fig5_real,  # fig5-real: fig5-sam-lazy-to-rich
]
