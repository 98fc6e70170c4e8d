"""The report's figures, drawn from the tables and evidence the checks wrote (never by re-running anything).

One module per paper of the report (three for the main paper), each with a list FIGURES of its figure functions in drawing order; PAPERS
lists the modules in the report's paper order, so the figures are drawn paper by paper. Adding a paper's figures
is adding its module and one line to PAPERS. The helpers the modules share are in common.py.
"""
from . import (bae_resetting, flows, gatmiry, lnsgd_numerics, pillaud_vivien, sclocchi_regimes, sharpness_flow,
               zhang2026, zhang2026_experiments, zhang2026_real_data)
from .common import Figure, Inputs, plt

PAPERS = [
    zhang2026_experiments,  # the main paper in three modules: its experiments first, its real-data analogs, its theorems
    zhang2026_real_data,
    zhang2026,
    flows,
    sharpness_flow,
    gatmiry,
    pillaud_vivien,
    bae_resetting,
    sclocchi_regimes,
    lnsgd_numerics,
]

NOT_YET = []  # (title, why) of figures the page should announce as missing

__all__ = ["Figure", "Inputs", "NOT_YET", "PAPERS", "plt"]
