"""What every paper's figures share: the matplotlib setup, the Figure and Inputs records, and the drawing helpers.

Each figure function takes the loaded inputs and a save(fig, id) callback and returns a Figure description, or
None when the claims it needs are not in this report. Captions state what the paper predicts and what the verdict
was.
"""
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

plt.rcParams.update({"svg.hashsalt": "lnsgd", "font.size": 9, "axes.titlesize": 9, "legend.fontsize": 7.5})
PHASE_ONE, PHASE_TWO = "#4c72b0", "#55a868"


class Figure:
    def __init__(self, fid, title, caption, claims, tables):
        self.id, self.title, self.caption, self.claims, self.tables = fid, title, caption, claims, tables


class Inputs:
    def __init__(self, verdicts, tables):
        self.verdicts, self.tables = verdicts, tables

    def has(self, *claims):
        return all(c in self.verdicts for c in claims)

    def table(self, claim, name):
        return self.tables.get((claim, name))


def positive(xs, ys):
    """The (x, y) pairs with both positive and finite (for log axes)."""
    pts = [(x, y) for x, y in zip(xs, ys) if x > 0 and y > 0 and math.isfinite(x) and math.isfinite(y)]
    return [p[0] for p in pts], [p[1] for p in pts]


def verdict_phrase(v):
    fails = "; ".join(v["failed_assumptions"])
    where = v["regime"] + (f" (fails {fails})" if fails else "")
    return f"Verdict: {v['status']}, {where}; {v['margin']}."


def evidence_step(ev, key):
    x = ev.get(key)
    return float(x) if isinstance(x, (int, float)) else None


def mark_phases(ax, ev, steps):
    """Phase I/II shading, the step at which all neurons escaped, and T1."""
    end = max(steps)
    p1, p2 = evidence_step(ev, "phase_one_end"), evidence_step(ev, "phase_two_start")
    lo = min(s for s in steps if s > 0)
    if p1:
        ax.axvspan(lo, p1, color=PHASE_ONE, alpha=0.12, label="Phase I (detected)")
    if p2:
        ax.axvspan(p2, end, color=PHASE_TWO, alpha=0.12, label="Phase II (detected)")
    esc = evidence_step(ev, "all_escaped_step")
    if esc:
        ax.axvline(esc, color="#c44e52", ls="--", lw=1, label=f"all neurons escaped ({esc:.0f})")
    t1 = evidence_step(ev, "T1")
    if t1 and t1 <= end:
        ax.axvline(t1, color="k", ls=":", lw=1, label=f"T1 = {t1:.3g}")
    elif t1:
        ax.plot([], [], " ", label=f"T1 = {t1:.3g} (beyond this run)")


def anchored(xs, ys, scale):
    """C f(eta) through the point of largest eta (the O(.) constant is not given by the paper)."""
    k = max(range(len(xs)), key=lambda i: xs[i])
    c = ys[k] / scale[k] if scale[k] > 0 else 1
    return [c * s for s in scale]

