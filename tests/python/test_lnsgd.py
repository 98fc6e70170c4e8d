"""The Python module against the command line: the same tables for a seed, the same validation (as exceptions), the
same verdicts; and docs/python.md's example, executed. Run by ctest (python_module) with PYTHONPATH at the build's
python/ folder, LNSGD_BINARY the lnsgd executable and LNSGD_SOURCE_DIR the source tree."""

import json
import math
import os
import pathlib
import re
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import lnsgd

BINARY = os.environ["LNSGD_BINARY"]
SOURCE = pathlib.Path(os.environ["LNSGD_SOURCE_DIR"])
SMALL = dict(m=6, d=5, n=8, n_test=8, steps=60, sigma=0.5, trajectories=2, record_points=20, seed=3)


def cli(*args):
    return subprocess.run([BINARY, *map(str, args)], capture_output=True, text=True)


def flags(params):
    out = []
    for key, value in params.items():
        out += ["--" + key.replace("_", "-"), ",".join(map(str, value)) if isinstance(value, list) else value if isinstance(value, str) else repr(value)]
    return out


def test_models_and_claims_are_the_registries():
    names = [m["name"] for m in lnsgd.models()]
    assert "two-layer-linear" in names and "perceptron" in names and "alpha-mlp" in names
    assert json.loads(cli("models", "--json").stdout) == lnsgd.models()
    ids = [c["id"] for c in lnsgd.claims()]
    assert "sclocchi-invariance" in ids and len(ids) == len(set(ids))


@pytest.mark.parametrize("model, params", [
    ("two-layer-linear", SMALL),
    ("two-layer-linear", dict(SMALL, dynamics="sam", rho=0.05)),
    ("perceptron", dict(d=4, n=16, n_test=20, steps=60, trajectories=2, alpha=4.0, seed=5)),
    ("alpha-mlp", dict(n=16, n_test=20, input_dim=4, hidden=[6], batch=4, steps=60, alpha=4.0, seed=2)),
])
def test_simulate_gives_the_command_lines_tables_bit_for_bit(tmp_path, model, params):
    run = lnsgd.simulate(model, out=tmp_path / "py", **params)
    done = cli("simulate", "--model", model, *flags(params), "--out", tmp_path / "cli", "--quiet")
    assert done.returncode == 0, done.stderr
    for file in run.metadata["files"]:
        assert (tmp_path / "py" / file).read_bytes() == (tmp_path / "cli" / file).read_bytes(), file
    cli_meta = json.loads((tmp_path / "cli" / "metadata.json").read_text())
    for key in ("config", "results", "precision", "seed"):
        if key in cli_meta:
            want = cli_meta[key] if key != "config" else dict(cli_meta[key], out=str(tmp_path / "py"))
            assert run.metadata[key] == want, key


@pytest.fixture(params=["numpy", "pandas"])
def table_kind(request, monkeypatch):
    """Both kinds of tables: NumPy record arrays (pandas made unimportable) and pandas DataFrames (where installed)."""
    if request.param == "numpy":
        monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now raises ImportError
    else:
        pytest.importorskip("pandas", reason="pandas is not installed (scripts/setup.sh installs python3-pandas)")
    return request.param


def row_at(table, step):
    """The row of `table` (either kind) at `step`, as {column: value}."""
    names = list(table.columns) if hasattr(table, "columns") else list(table.dtype.names)
    k = int(np.flatnonzero(np.asarray(table["step"]) == step)[0])
    return {name: np.asarray(table[name])[k] for name in names}


def test_tables_are_numpy_columns_read_exactly(tmp_path, table_kind):
    run = lnsgd.simulate(out=tmp_path / "r", **SMALL)
    t = run.tables["trajectory"]
    if table_kind == "numpy":
        assert isinstance(t, np.recarray)
    else:
        import pandas
        assert isinstance(t, pandas.DataFrame)
    assert t["step"].dtype == np.int64 and t["train_loss"].dtype == np.float64
    assert sorted(set(t["trajectory"].tolist())) == [0, 1]
    first = (tmp_path / "r" / "trajectory.csv").read_text().splitlines()
    header, row = first[0].split(","), first[1].split(",")
    k = header.index("train_loss")
    assert float(row[k]) == t["train_loss"][0]
    every = [line.split(",")[k] for line in first[1:]]  # every number of the column, read exactly
    np.testing.assert_array_equal([float(x) if x else math.nan for x in every], np.asarray(t["train_loss"]))
    assert repr(run).startswith("<lnsgd.Run two-layer-linear")


def test_empty_cells_are_nan_in_both_kinds_of_table(tmp_path, table_kind):
    path = tmp_path / "t.csv"
    path.write_text("trajectory,step,value\n0,0,\n0,5,0.1\n")
    t = lnsgd.read_table(path)
    assert list(np.asarray(t["step"])) == [0, 5] and np.asarray(t["step"]).dtype == np.int64
    value = np.asarray(t["value"])
    assert math.isnan(value[0]) and value[1] == 0.1


def test_simulate_without_out_leaves_nothing_behind(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", None)
    run = lnsgd.simulate(**SMALL)
    assert run.out is None and len(run.tables["trajectory"]) > 0
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("params, field", [
    (dict(eta=-1.0), "eta = -1"),
    (dict(steps=-5), "steps = -5"),
    (dict(precision="quad"), "precision = quad"),
    (dict(dynamics="adam"), "dynamics = adam"),
    (dict(eta=math.nan), "eta = nan"),
    (dict(eta=math.inf), "eta = inf"),
    (dict(steps="many"), "steps"),
    (dict(steps=[1, 2]), "steps"),
    (dict(no_such_key=1), "no_such_key"),
    (dict(eta=object()), "eta = <object"),
])
def test_bad_input_is_a_value_error_naming_the_field(tmp_path, params, field):
    with pytest.raises(ValueError) as e:
        lnsgd.simulate(out=tmp_path / "x", **dict(SMALL, **params))
    assert field in str(e.value) and "\n" not in str(e.value)
    assert not (tmp_path / "x").exists()


def test_unknown_model_is_a_value_error_listing_the_models():
    with pytest.raises(ValueError, match=r"model = nope .*accepted: .*two-layer-linear"):
        lnsgd.simulate("nope")


def test_divergence_is_reported_with_its_step(tmp_path):
    run = lnsgd.simulate(out=tmp_path / "d", **dict(SMALL, eta=40.0, steps=200))
    assert run.diverged is not None and re.search(r"diverged at step \d+", run.diverged)


def test_check_returns_the_verdicts_of_check_json(tmp_path):
    ids = ["sclocchi-invariance", "sclocchi-w0"]
    verdicts = lnsgd.check(ids)
    assert [v["claim"] for v in verdicts] == ids
    done = cli("check", *ids, "--json", tmp_path / "v.json")
    assert done.returncode == 0, done.stderr
    from_cli = json.loads((tmp_path / "v.json").read_text())["verdicts"]
    assert verdicts == from_cli
    assert lnsgd.check("sclocchi-w0")[0]["claim"] == "sclocchi-w0"


def test_check_rejects_unknown_ids_and_profiles():
    with pytest.raises(ValueError, match="no-such-claim"):
        lnsgd.check(["no-such-claim"])
    with pytest.raises(ValueError, match="profile = medium"):
        lnsgd.check(["sclocchi-w0"], profile="medium")


def test_regime_is_lnsgd_regime():
    r = lnsgd.regime(m=1000, eta=1e-3, sigma=4.0, n=200, d=20)
    assert r == json.loads(cli("regime", "--m", 1000, "--eta", "0.001", "--sigma", "4.0", "--json").stdout)
    with pytest.raises(ValueError, match="eta = -1"):
        lnsgd.regime(eta=-1.0)
    with pytest.raises(ValueError, match="m = nan"):
        lnsgd.regime(m=math.nan)


def test_calls_release_the_gil(tmp_path):
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(time.monotonic())
            stop.wait(0.005)

    t = threading.Thread(target=tick)
    t.start()
    config = dict(SMALL, m=200, steps=10**6, trajectories=1, record_points=5, out=str(tmp_path / "g"), quiet=True)
    begin = time.monotonic()
    code, _, err = lnsgd._lnsgd.simulate_json(json.dumps(config))  # the C++ call alone, no Python around it
    end = time.monotonic()
    stop.set()
    t.join()
    assert code == 0, err
    assert end - begin > 0.1
    assert sum(begin < x < end for x in ticks) >= 5  # the other thread ran while the C++ code did


INTERRUPTED = """
import os, pathlib, signal, sys, threading, time
import lnsgd
out = pathlib.Path(sys.argv[1])
threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT)).start()
start = time.monotonic()
try:
    lnsgd.simulate({model!r}, out=out / "run", **{params!r})
    print("finished")
except KeyboardInterrupt:
    print(f"interrupted after {{time.monotonic() - start:.2f}} s")
"""


@pytest.mark.parametrize("model, params", [
    ("two-layer-linear", dict(m=200, steps=10**9, record_points=5)),
    ("perceptron", dict(d=128, n=1024, alpha=1e-3, eta=1e-4, steps=10**9)),
])
def test_ctrl_c_stops_a_long_run_and_leaves_no_output(tmp_path, model, params):
    done = subprocess.run([sys.executable, "-c", INTERRUPTED.format(model=model, params=params), str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("interrupted after"), done.stdout
    assert float(done.stdout.split()[2]) < 5.0
    assert list(tmp_path.iterdir()) == []  # neither the output nor its staging folder


def test_the_example_of_docs_python_md_runs(tmp_path, monkeypatch):
    text = (SOURCE / "docs" / "python.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks, "docs/python.md has no python example"
    monkeypatch.chdir(tmp_path)
    for code in blocks:
        exec(compile(code, "docs/python.md", "exec"), {})
    assert (tmp_path / "fig2.png").stat().st_size > 10000


THEORY_IN_REGIME = [  # lnsgd.theory.zhang2026 function -> lnsgd regime's time_scales key, at m, eta, sigma, d below
    ("escape_time_bound", ("m", "eta", "sigma"), "T1_escape_time_bound"),
    ("escape_time_heuristic", ("m", "eta", "sigma"), "escape_time_heuristic"),
    ("lazy_radius", ("m",), "lazy_radius"),
    ("shrinkage_rho", ("d",), "lemma4.3_rho"),
    ("nonpositive_probability_bound", ("m", "d"), "lemma4.3_sign_bound"),
    ("oscillation_norm_bound", ("eta",), "lemma4.4_norm_bound"),
]


@pytest.mark.parametrize("name, args, key", THEORY_IN_REGIME)
def test_theory_formulas_lie_in_the_enclosures_of_lnsgd_regime(name, args, key):
    params = dict(m=1000, eta=1e-3, sigma=4.0, d=20)
    value = getattr(lnsgd.theory.zhang2026, name)(*(params[a] for a in args))
    enclosure = lnsgd.regime(m=1000, eta=1e-3, sigma=4.0, n=200, d=20)["time_scales"][key]
    lower, upper = enclosure["lower"], enclosure["upper"]
    assert upper - lower <= 1e-14 * abs(upper)  # a tight enclosure, so the comparison means something
    # A double evaluation is not correctly rounded: a few ulps outside the enclosure are rounding, 1e-14 is not.
    slack = 1e-14 * abs(upper)
    assert lower - slack <= value <= upper + slack, (name, value, enclosure)


def test_theory_formulas_take_numbers_and_arrays():
    z = lnsgd.theory.zhang2026
    assert z.escape_time_bound(1000, 1e-3, 4.0) == pytest.approx(384 * math.sqrt(math.log(1000)) / (16e-6 * math.sqrt(1000)), rel=1e-15)
    m = np.array([100.0, 1000.0, 10000.0])
    np.testing.assert_array_equal(z.escape_time_bound(m, 1e-3, 4.0), [z.escape_time_bound(x, 1e-3, 4.0) for x in m])
    assert z.escape_time_bound(m=1000, eta=1e-3, sigma=4.0) == z.escape_time_bound(1000, 1e-3, 4.0)
    assert "Theorem 4.2" in z.escape_time_bound.__doc__
    bae = lnsgd.theory.bae_resetting
    pe_small = dict(L=1.0, v=0.5, D=1.0)  # Pe = 0.25 < 1: resetting helps, at a rate where dT/dgamma = 0
    gamma = bae.optimal_rate(**pe_small)
    assert gamma > 0 and bae.mean_first_passage(gamma=gamma, **pe_small) < bae.mean_first_passage(gamma=0.0, **pe_small)
    assert bae.optimal_rate(L=4.0, v=1.0, D=1.0) is None  # Pe = 2: it cannot
    s = lnsgd.theory.sharpness_flow
    assert s.least_sharpness(4.0, 9.0) == pytest.approx(12.0)
    g = lnsgd.theory.gatmiry
    u = g.phi_inverse("cubic", 1.5)
    assert u + u ** 3 / 3 == pytest.approx(1.5, rel=1e-14)
    with pytest.raises(ValueError, match="activation = relu"):
        g.phi_inverse("relu", 1.0)


DIAGONAL = dict(d=12, n=8, n_test=16, sparsity=2, eta=0.05, sigma=0.5, steps=300, seed=5, record="linear",
                record_points=4)


def test_a_trajectory_advanced_in_pieces_is_simulates_run_bit_for_bit(tmp_path, table_kind):
    run = lnsgd.simulate("diagonal-linear", out=tmp_path / "run", **DIAGONAL)
    last = row_at(run.tables["trajectory"], DIAGONAL["steps"])
    t = lnsgd.trajectory("diagonal-linear", **DIAGONAL)
    assert t.t == 0
    for piece in (1, 6, 93, 200):
        assert t.advance(piece)["steps_done"] == piece
    assert t.t == DIAGONAL["steps"]
    seen = t.observe()
    for column in ("train_loss", "test_loss", "beta_error", "theta_norm"):
        assert seen[column] == last[column], column  # the CSV holds round-trip digits: equal as doubles


def test_trajectory_state_is_a_view_without_copy_and_writes_are_honoured():
    t = lnsgd.trajectory("diagonal-linear", **DIAGONAL)
    theta = t.theta
    assert theta.dtype == np.float64 and theta.flags.writeable and theta.shape == (DIAGONAL["d"],)
    address = theta.__array_interface__["data"][0]
    t.advance(10)
    assert t.theta.__array_interface__["data"][0] == address  # the same memory after steps
    assert np.array_equal(theta, t.theta)  # the old view sees the new state
    theta[:] = 0.0  # u = 0 is a fixed point of u (.) u under every gradient step
    t.advance(5)
    assert np.all(t.theta == 0.0)
    assert t.x_train.shape == (DIAGONAL["n"], DIAGONAL["d"]) and not t.x_train.flags.writeable
    assert t.y_train.shape == (DIAGONAL["n"],) and t.theta_star.shape == (DIAGONAL["d"],)
    np.testing.assert_allclose(t.x_train @ t.theta_star, t.y_train, rtol=1e-12, atol=1e-12)
    with pytest.raises(ValueError):
        t.x_train[0, 0] = 1.0


def test_the_main_papers_net_steps_from_python_as_simulate_runs_it(tmp_path):
    params = dict(m=8, d=5, n=12, n_test=12, eta=1e-2, sigma=0.5, steps=200, seed=2, batch=2, record="linear",
                  record_points=4)
    run = lnsgd.simulate(out=tmp_path / "run", **params)
    last = row_at(run.tables["trajectory"], params["steps"])
    t = lnsgd.trajectory(**params)
    assert t.theta.shape == (8 * 5 + 8,)
    t.advance(params["steps"])
    assert t.observe()["train_loss"] == pytest.approx(last["train_loss"], rel=1e-10)


@pytest.mark.parametrize("model, params, message", [
    ("diagonal-linear", dict(d=0), "d = 0"),
    ("diagonal-linear", dict(precision="float50"), "precision = float50"),
    ("two-layer-linear", dict(dynamics="oscillation"), "dynamics = oscillation"),
    ("perceptron", dict(), "step_by_step"),
    ("no-such-model", dict(), "no-such-model"),
])
def test_trajectory_refuses_what_it_cannot_run_with_a_value_error(model, params, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        lnsgd.trajectory(model, **params)
    with pytest.raises(ValueError, match="trajectory = -1"):
        lnsgd.trajectory("diagonal-linear", trajectory=-1)
    with pytest.raises(ValueError, match=re.escape("trajectory(): eta = nan")):
        lnsgd.trajectory("diagonal-linear", eta=math.nan)
    with pytest.raises(ValueError, match="steps = " + str(2**70)):
        lnsgd.trajectory("diagonal-linear").advance(2**70)


def test_models_say_which_step_by_step():
    step_by_step = {m["name"]: m["step_by_step"] for m in lnsgd.models()}
    assert step_by_step["two-layer-linear"] and step_by_step["diagonal-linear"] and not step_by_step["perceptron"]


def test_a_diverging_trajectory_reports_its_step():
    t = lnsgd.trajectory("diagonal-linear", **{**DIAGONAL, "eta": 50.0})
    r = t.advance(10**6)
    assert r["diverged"] and r["diverged_step"] is not None and r["steps_done"] < 10**6 and t.t == r["steps_done"]


INTERRUPTED_TRAJECTORY = """
import os, signal, threading, time
import lnsgd
t = lnsgd.trajectory(m=200, steps=10**9)
threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT)).start()
start = time.monotonic()
try:
    t.advance(10**9)
    print("finished")
except KeyboardInterrupt:
    print(f"interrupted after {time.monotonic() - start:.2f} s at step {t.t}")
"""


def test_ctrl_c_stops_advance_between_chunks():
    done = subprocess.run([sys.executable, "-c", INTERRUPTED_TRAJECTORY], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("interrupted after"), done.stdout
    assert float(done.stdout.split()[2]) < 5.0 and int(done.stdout.split()[-1]) % (1 << 14) == 0
