"""The example's report figure (registered by main.cpp with lnsgd::cli::register_report_figures): the ensemble
mean of ||w - w_LS||^2 against the closed form and its small-step limit. Figure functions follow lnsgd's own
(scripts/report/figures/): take the loaded inputs and save(fig, id), return a Figure or None."""
from figures.common import Figure, plt, verdict_phrase


def stationary_spread(inp, save):
    claim = "example-stationary-spread"
    if not inp.has(claim):
        return None
    v = inp.verdicts[claim]
    t = inp.table(claim, "spread")
    fig, a = plt.subplots(figsize=(6.5, 3.8), layout="constrained")
    a.plot(t.col("step"), t.col("mean_distance_sq"), "o-", ms=3, label="ensemble mean of ||w_t - w_LS||^2")
    a.axhline(v["evidence"]["predicted"], color="C3", label="(eta sigma^2/n) sum 1/(2 - eta lambda_i)")
    a.axhline(v["evidence"]["small_step_prediction"], color="0.5", ls="--", label="control: small-step limit")
    a.set(xscale="log", yscale="log", xlabel="step", ylabel="||w - w_LS||^2", title="Stationary spread of label-noise GD")
    a.legend()
    save(fig, "example-stationary-spread")
    caption = "The out-of-tree example's claim, drawn by its own figure module. " + verdict_phrase(v)
    return Figure("example-stationary-spread", "Stationary spread (example)", caption, [claim], [f"{claim}/spread"])


FIGURES = [stationary_spread]
