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


def test_tables_are_numpy_columns_read_exactly(tmp_path):
    run = lnsgd.simulate(out=tmp_path / "r", **SMALL)
    t = run.tables["trajectory"]
    assert t["step"].dtype == np.int64 and t["train_loss"].dtype == np.float64
    assert sorted(set(t["trajectory"].tolist())) == [0, 1]
    first = (tmp_path / "r" / "trajectory.csv").read_text().splitlines()
    header, row = first[0].split(","), first[1].split(",")
    k = header.index("train_loss")
    assert float(row[k]) == t["train_loss"][0]
    assert repr(run).startswith("<lnsgd.Run two-layer-linear")


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
