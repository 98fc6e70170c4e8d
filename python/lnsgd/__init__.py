"""lnsgd from Python: the simulations and checks of the command line, in-process (docs/python.md).

Every function runs the same C++ code as the `lnsgd` command with the same parameters, defaults and validation:

    lnsgd.simulate(model=..., **params)   # lnsgd simulate: the recorded tables as NumPy arrays, the metadata
    lnsgd.check(ids, profile, paper)      # lnsgd check --json: one dict per verdict
    lnsgd.regime(**params)                # lnsgd regime --json: Condition 1 for a parameter set
    lnsgd.models(), lnsgd.claims()        # lnsgd models --json, lnsgd list --json
    lnsgd.trajectory(model=..., **params) # one trajectory stepped from Python: t.advance(k), t.theta (NumPy view)
    lnsgd.theory.zhang2026.escape_time_bound(m, eta, sigma), ...   # theory/'s closed forms, on numbers or arrays

Bad input raises ValueError naming the field, the value and what is accepted; a failed run raises RuntimeError.
The C++ code runs with the GIL released, so other Python threads go on meanwhile; Ctrl-C stops a run (its unfinished
output removed) and raises KeyboardInterrupt.
"""

from __future__ import annotations

import csv
import json
import math
import numbers
import pathlib
import shutil
import tempfile

import numpy as np

from . import _lnsgd
from ._lnsgd import theory

__all__ = ["Run", "simulate", "check", "regime", "models", "claims", "read_table", "theory", "trajectory",
           "__version__"]
__version__ = _lnsgd.version

# Exit codes of every lnsgd command (lnsgd/cli/app.hpp).
_OK, _FAILURE, _USAGE, _DIVERGED = 0, 1, 2, 3


def _raise(code: int, err: str):
    message = err.strip() or f"lnsgd exited with code {code}"
    if code == _USAGE:
        raise ValueError(message)
    raise RuntimeError(message)


def _run(args: list[str]) -> tuple[int, str, str]:
    code, out, err = _lnsgd.run([str(a) for a in args])
    if code == _USAGE:
        _raise(code, err)
    return code, out, err


def models() -> list[dict]:
    """Every registered model with its parameters (name, kind, default, meaning), as `lnsgd models --json`."""
    return json.loads(_run(["models", "--json"])[1])


def claims() -> list[dict]:
    """Every claim: id, paper, reference, statement, assumptions, as `lnsgd list --json`."""
    return json.loads(_run(["list", "--json"])[1])


def _number_text(key: str, value) -> str:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
        raise ValueError(f"regime(): {key} = {value!r} (accepted: a finite number)")
    return repr(int(value)) if isinstance(value, numbers.Integral) else repr(float(value))


def regime(**params) -> dict:
    """Condition 1 (A1-A6) of the main paper for a parameter set: which assumptions hold, which bounds are vacuous,
    T1, T2, t3 -- as `lnsgd regime --json` with the same keys (m, eta, sigma, n, d, theta_star_norm, max_x_norm,
    seed)."""
    args = ["regime", "--json"]
    for key, value in params.items():
        args += ["--" + key.replace("_", "-"), _number_text(key, value)]
    return json.loads(_run(args)[1])


def check(ids=None, profile: str = "quick", paper: str | None = None) -> list[dict]:
    """Runs claims (default: all; `ids` a claim id or a list of them, or every claim of `paper`) and returns one
    dict per verdict, exactly the "verdicts" of `lnsgd check --json`. A violated claim is a verdict, not an
    exception; an unknown id, paper or profile raises ValueError."""
    if isinstance(ids, str):
        ids = [ids]
    args = ["check", *(ids or []), "--profile", profile]
    if paper is not None:
        args += ["--paper", paper]
    with tempfile.TemporaryDirectory(prefix="lnsgd-check-") as folder:
        path = pathlib.Path(folder) / "verdicts.json"
        code, _, err = _run(args + ["--json", str(path)])
        if not path.exists():
            _raise(code, err)
        return json.loads(path.read_text())["verdicts"]


def _json_value(key: str, value, caller: str = "simulate()"):
    """A parameter value as JSON accepts it, or ValueError naming the caller, the key and the value."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (list, tuple)):
        return [_json_value(key, v, caller) for v in value]
    if isinstance(value, (bool, str, numbers.Integral)):
        return value if isinstance(value, (bool, str)) else int(value)
    if isinstance(value, numbers.Real):
        if not math.isfinite(float(value)):
            raise ValueError(f"{caller}: {key} = {value!r} (accepted: a finite number)")
        return float(value)
    raise ValueError(f"{caller}: {key} = {value!r} (accepted: a number, a string, a bool or a list of integers)")


def _column(cells: list[str]) -> np.ndarray:
    """One CSV column: int64 if every cell is an integer, else float64 with empty cells as NaN, else text."""
    try:
        return np.array([int(c) for c in cells], dtype=np.int64)
    except ValueError:
        pass
    try:
        return np.array([float(c) if c != "" else math.nan for c in cells], dtype=np.float64)
    except ValueError:
        return np.array(cells, dtype=str)


def read_table(path):
    """A CSV table lnsgd wrote: a pandas DataFrame when pandas is importable (floats read exactly), else a NumPy
    record array (columns by name: t["step"]; integers as int64, numbers as float64 with empty cells as NaN)."""
    try:
        import pandas
    except ImportError:
        pandas = None
    if pandas is not None:
        return pandas.read_csv(path, float_precision="round_trip")
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    columns = [_column([r[k] for r in body]) for k in range(len(header))]
    return np.rec.fromarrays(columns, names=header)


class Run:
    """One simulation's outputs.

    tables:   {name: table} for each table the model writes ("trajectory" for trajectory.csv ...), see read_table
    metadata: metadata.json as a dict (config, seed, precision, libraries, results)
    summary:  what lnsgd simulate printed
    diverged: None, or the line saying which trajectory diverged at which step (the tables are still written)
    out:      the output folder when simulate() was given one, else None (the outputs were read, then removed)
    """

    def __init__(self, tables, metadata, summary, diverged, out):
        self.tables, self.metadata, self.summary, self.diverged, self.out = tables, metadata, summary, diverged, out

    def __repr__(self):
        names = ", ".join(f"{k} ({len(v)} rows)" for k, v in self.tables.items())
        return f"<lnsgd.Run {self.metadata['config']['model']}: {names}>"


def _read_run(folder: pathlib.Path, summary: str, diverged: str | None, keep: bool) -> Run:
    metadata = json.loads((folder / "metadata.json").read_text())
    tables = {pathlib.Path(f).stem: read_table(folder / f) for f in metadata["files"] if f.endswith(".csv")}
    return Run(tables, metadata, summary, diverged, folder if keep else None)


def simulate(model: str | None = None, *, out=None, **params) -> Run:
    """Simulates a model, as `lnsgd simulate --model MODEL --KEY VALUE ...`: `params` are the model's parameters
    by their config-file names (lnsgd.models() lists them; e.g. dynamics="sam", steps=10**5, hidden=[64, 64]).
    Without `out` the outputs go to a temporary folder that is read into the Run (a copy) and removed."""
    config = {key: _json_value(key, value) for key, value in params.items()}
    if model is not None:
        config["model"] = model
    config.setdefault("quiet", True)
    scratch = None if out is not None else pathlib.Path(tempfile.mkdtemp(prefix="lnsgd-"))
    folder = pathlib.Path(out) if out is not None else scratch / "run"
    config["out"] = str(folder)
    try:
        code, summary, err = _lnsgd.simulate_json(json.dumps(config))
        if code not in (_OK, _DIVERGED):
            _raise(code, err)
        return _read_run(folder, summary, err.strip() if code == _DIVERGED else None, out is not None)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def trajectory(model: str | None = None, *, trajectory: int = 0, **params):
    """Trajectory `trajectory` of the run lnsgd.simulate(model, **params) would make, to advance step by step
    (docs/python.md, "Step by step"): the same parameters, defaults and validation, in double precision.

    t.advance(k) takes k steps (the GIL released; Ctrl-C stops between chunks of steps with KeyboardInterrupt) and
    returns {"steps_done", "t", "diverged", "diverged_step", "reason"}; t.t is the steps done; t.theta is the state
    as a writable float64 NumPy view of the session's own memory (no copy: writes change where the next step starts);
    t.x_train, t.y_train, t.x_test, t.y_test, t.theta_star are read-only views of the data; t.observe() gives the
    model's observables by name. Models that offer it: lnsgd.models() entries with step_by_step true."""
    config = {key: _json_value(key, value, "trajectory()") for key, value in params.items()}
    if model is not None:
        config["model"] = model
    if not _is_count(trajectory):
        raise ValueError(f"trajectory(): trajectory = {trajectory!r} (accepted: an integer 0 <= trajectory < 2^64)")
    session = _lnsgd.start_trajectory(json.dumps(config), int(trajectory))
    return Trajectory(session)


def _is_count(value) -> bool:
    """An integer that fits the C++ side's std::uint64_t (a bool is not a count)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and 0 <= value < 2**64


class Trajectory:
    """One trajectory advanced step by step; see lnsgd.trajectory()."""

    def __init__(self, session):
        self._session = session

    def advance(self, steps: int = 1) -> dict:
        if not _is_count(steps):
            raise ValueError(f"advance(): steps = {steps!r} (accepted: an integer 0 <= steps < 2^64)")
        return self._session.advance(int(steps))

    def observe(self) -> dict:
        return dict(zip(self._session.columns, self._session.observe()))

    def __getattr__(self, name):  # t, theta and the data views
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._session, name)
