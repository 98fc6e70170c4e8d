"""Figures of lnsgd's own numerics (not a paper statement): a double trajectory against its 50-digit twin.

Each figure function takes the loaded inputs and save(fig, id) and returns a Figure, or None when the claims it
draws are not in this report (see common.py).
"""
from .common import Figure, plt, positive, verdict_phrase

PAPER = "lnsgd"


def precision(inp, save):
    claim = "precision-twin"
    if not inp.has(claim):
        return None
    v = inp.verdicts[claim]
    t = inp.table(claim, "distance")
    fig, a = plt.subplots(figsize=(6.5, 3.8), layout="constrained")
    x, y = positive(t.col("step"), t.col("relative_distance"))
    a.plot(x, y, "o-", ms=3, label="double vs 50 digits, same seed")
    x, y = positive(t.col("step"), t.col("control_relative_distance"))
    a.plot(x, y, "--", color="0.5", label="control: double run with another trajectory's noise")
    a.axhline(v["evidence"]["tolerance"], color="C3", ls=":", label=f"tolerance {v['evidence']['tolerance']:g}")
    a.set(xscale="log", yscale="log", xlabel="step", ylabel="||theta_double - theta_50|| / ||theta_50||",
          title="Precision: a double trajectory against its 50-digit twin")
    a.legend()
    caption = ("Noise is a function of (seed, trajectory, step, slot), so a double run and its 50-digit twin see the "
               "same noise; their distance is the rounding error the double run carries. " + verdict_phrase(v))
    save(fig, "precision")
    return Figure("precision", "Double against 50 digits", caption, [claim], [f"{claim}/distance"])


# This paper's figures in the order they are drawn.
FIGURES = [
    precision,  # precision: precision-twin
]
