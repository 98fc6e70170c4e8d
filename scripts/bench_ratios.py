#!/usr/bin/python3
"""Prints the ratios that matter from one Google Benchmark JSON run of bench/lnsgd_bench.

Usage: build/release/bench/lnsgd_bench --benchmark_format=json > bench.json
       scripts/bench_ratios.py bench.json
Ratios come from one run on one machine (shared, noisy): never compare absolute times across runs. The MLP epoch
is compared with a plain NumPy epoch of the same shape, timed by this script right after reading the run (in a
child process per thread count, its BLAS pinned to that many threads); each model's batch-1 step and the whole
default run per step with a hand-vectorised NumPy step (and PyTorch's, where torch is importable), one thread.
"""
import json
import os
import subprocess
import sys
import time


def load(path):
    try:
        with open(path) as f:
            runs = json.load(f)["benchmarks"]
    except (OSError, ValueError, KeyError) as e:
        sys.exit(f"bench_ratios: cannot read {path}: {e}")
    return {b["name"]: b for b in runs if b.get("run_type", "iteration") == "iteration"}


def ns(b):
    scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]
    return b["real_time"] * scale


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    b = load(sys.argv[1])
    print(f"{'entry':58s} {'time':>12s}  ratio")
    for m, d in [(1000, 20), (4000, 20), (1000, 100)]:
        step = b.get(f"label_noise_sgd_step<double>/m:{m}/d:{d}/B:1")
        plain = b.get(f"plain_eigen_step/m:{m}/d:{d}")
        floor = b.get(f"multiply_add_floor/m:{m}/d:{d}")
        peak = b.get(f"multiply_add_peak/m:{m}/d:{d}")
        block = b.get(f"label_noise_sgd_block_step/m:{m}/d:{d}/K:8")
        for entry, what in [(step, "step"), (block, "step in blocks")]:
            if not entry:
                continue
            t = ns(entry) if entry is step else 1e9 * entry["time_per_step"]
            print(f"{entry['name']:58s} {t:10.0f}ns")
            if plain:
                print(f"{'  plain Eigen step / lnsgd ' + what:58s} {'':12s}  {ns(plain) / t:5.2f}x")
            if floor:
                print(f"{'  lnsgd ' + what + ' / multiply-add floor':58s} {'':12s}  {t / ns(floor):5.2f}x")
            if peak:
                print(f"{'  lnsgd ' + what + ' / multiply-add peak':58s} {'':12s}  {t / ns(peak):5.2f}x")
    sam, floor = b.get("sam_step<double>/m:1000/d:20"), b.get("multiply_add_floor/m:1000/d:20")
    if sam:
        print(f"{sam['name']:58s} {ns(sam):10.0f}ns")
        if floor:  # SAM's closed-form batch-1 step: two passes over W, so its floor is twice the SGD step's
            print(f"{'  SAM step / twice the multiply-add floor':58s} {'':12s}  {ns(sam) / (2 * ns(floor)):5.2f}x")
    for scalar, unit in [("long double", "scalar_multiply_add<long double>"),
                         ("float50", "scalar_multiply_add<float50>")]:
        for m, d in [(1000, 20), (4000, 20), (1000, 100)]:
            step = b.get(f"label_noise_sgd_step<{scalar}>/m:{m}/d:{d}/B:1")
            if step and unit in b:
                mac = ns(b[unit]) / 1024.0
                predicted = (2 * m * d + 4 * m) * mac  # sweep: 2 per weight; O(m) work: ~4 per neuron
                print(f"{step['name']:58s} {ns(step) / 1e3:10.1f}us  {ns(step) / predicted:5.2f}x "
                      f"(multiply-adds x {mac:.1f} ns)")
                element = b.get(f"sweep_element<{scalar}>")
                if element:
                    per = ns(element) / 1024.0
                    print(f"{'  step / (m d x one sweep element, ' + f'{per:.0f} ns)':58s} {'':12s}  "
                          f"{ns(step) / (m * d * per):5.2f}x")
    engine_models = [("diagonal_linear_step<double>/d:1000/B:1", "diagonal_linear_plain_step/d:1000",
                      "model_multiply_add_floor/rows:1000/cols:1")]
    for m, d in [(10, 3), (1000, 100)]:
        engine_models.append((f"fixed_output_step<double>/m:{m}/d:{d}", f"fixed_output_plain_step/m:{m}/d:{d}",
                              f"model_multiply_add_floor/rows:{m}/cols:{d}"))
    for step_name, plain_name, floor_name in engine_models:
        step, plain, floor = b.get(step_name), b.get(plain_name), b.get(floor_name)
        if not step:
            continue
        print(f"{step['name']:58s} {ns(step):10.0f}ns")
        if plain:
            print(f"{'  lnsgd generic step / plain loop':58s} {'':12s}  {ns(step) / ns(plain):5.2f}x")
        if floor:
            print(f"{'  lnsgd generic step / multiply-add floor':58s} {'':12s}  {ns(step) / ns(floor):5.2f}x")
    array_baseline_ratios(b)
    mlp_ratios(b)
    perceptron_ratios(b)
    floor, run = b.get("searcher_floor"), b.get("drift_diffusion_run/real_time")
    if floor and run:  # 2000 searchers on one thread: in memory, and as the model runs them (its tables written)
        print(f"{run['name']:58s} {ns(run) / 1e6:10.1f}ms")
        print(f"{'  drift-diffusion run / searcher loop alone':58s} {'':12s}  {ns(run) / ns(floor):5.2f}x")


def array_step(kind, library, steps=20000):
    """Seconds per step of a hand-vectorised batch-1 step in NumPy or PyTorch (CPU, one thread; best of 3), at the
    shape of its lnsgd entry: label-noise SGD or SAM on the two-layer net (m = 1000, d = 20, sigma = 4, eta = 1e-3,
    rho = 0.05), the diagonal net (d = 1000, eta = 0.05/d), the fixed-output net (m = 1000, d = 100, phi = z + z^3/3,
    eta = 0.05/m). The samples and label noise are drawn up front (a per-step draw in Python would dominate)."""
    import numpy as np
    if library == "torch":
        import torch
        torch.set_num_threads(1)
        torch.set_grad_enabled(False)
        xp, asarray = torch, lambda a: torch.from_numpy(np.ascontiguousarray(a))
    else:
        xp, asarray = np, np.asarray
    rng = np.random.default_rng(1)
    n, sigma = 200, 4.0
    m, d = {"two-layer": (1000, 20), "sam": (1000, 20), "diagonal": (1, 1000), "fixed-output": (1000, 100)}[kind]
    x = rng.standard_normal((n, d))
    if kind == "fixed-output":  # unit inputs and a small start: stable at eta = 0.05/m (no overflow in the timing)
        x /= np.linalg.norm(x, axis=1, keepdims=True)
    x = asarray(x)
    y = asarray(rng.standard_normal(n))
    idx = rng.integers(0, n, steps)
    eps = sigma * rng.choice([-1.0, 1.0], steps)
    w = asarray(rng.standard_normal((m, d)) / np.sqrt(d) * (0.1 if kind == "fixed-output" else 1.0))
    a = asarray(rng.standard_normal(m) / np.sqrt(m))
    u = asarray(np.full(d, 0.1))
    eta = {"diagonal": 0.05 / d, "fixed-output": 0.05 / m}.get(kind, 1e-3)  # bench/model_bench.cpp's steps
    rho = 0.05

    def two_layer(k, rho=0.0):
        nonlocal w, a
        xk = x[k]
        if rho > 0:  # SAM: ascend to the perturbed point along the normalised gradient, then step from there
            h = w @ xk
            r = a @ h - y[k] - eps_k
            ga, gw = r * h, r * xp.outer(a, xk)
            scale = rho / float(xp.sqrt((ga * ga).sum() + (gw * gw).sum()))
            wp, ap = w + scale * gw, a + scale * ga
        else:
            wp, ap = w, a
        h = wp @ xk
        r = ap @ h - y[k] - eps_k
        w_grad = r * xp.outer(ap, xk)
        a = a - eta * r * h
        w = w - eta * w_grad

    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for t in range(steps):
            k, eps_k = int(idx[t]), float(eps[t])
            if kind in ("two-layer", "sam"):
                two_layer(k, rho if kind == "sam" else 0.0)
            elif kind == "diagonal":
                xk = x[k]
                r = (u * u) @ xk - y[k] - eps_k
                u = u - (2 * eta * r) * (u * xk)
            else:
                xk = x[k]
                z = w @ xk
                r = (z + z ** 3 / 3).sum() - y[k] - eps_k
                w = w - (eta * r) * xp.outer(1 + z * z, xk)
        best = min(best, (time.perf_counter() - start) / steps)
    return best


# (lnsgd entry, baseline kind, what): the array-library baselines bench_ratios.py times after reading the run.
ARRAY_BASELINES = [
    ("label_noise_sgd_step<double>/m:1000/d:20/B:1", "two-layer", "two-layer label-noise SGD step"),
    ("sam_step<double>/m:1000/d:20", "sam", "two-layer SAM step"),
    ("diagonal_linear_step<double>/d:1000/B:1", "diagonal", "diagonal-net step"),
    ("fixed_output_step<double>/m:1000/d:100", "fixed-output", "fixed-output-net step"),
]


def baseline_seconds(kind, library):
    """array_step in a child process pinned to one BLAS thread, or None (the library is missing or failed)."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    out = subprocess.run([sys.executable, __file__, "--array-step", kind, library], text=True, capture_output=True,
                         env=env)
    return float(out.stdout) if out.returncode == 0 else None


def array_baseline_ratios(b):
    """NumPy (and PyTorch where installed) / lnsgd for each model's step, and for the whole default run per step
    (lnsgd simulate end to end, recorder on) against the same NumPy step."""
    for entry_name, kind, what in ARRAY_BASELINES:
        entry = b.get(entry_name)
        if not entry:
            continue
        t = ns(entry)
        for library in ("numpy", "torch"):
            seconds = baseline_seconds(kind, library)
            if seconds is None:
                if library == "numpy":
                    print(f"  NumPy {what}: not measured")
                continue
            label = f"  {'NumPy' if library == 'numpy' else 'PyTorch'} {what} / lnsgd"
            print(f"{label:58s} {1e9 * seconds:10.0f}ns  {1e9 * seconds / t:5.1f}x")
            if kind == "two-layer" and library == "numpy":
                block = b.get("label_noise_sgd_block_step/m:1000/d:20/K:8")
                run = next((v for k, v in b.items() if k.split("/")[0] == "default_run"), None)
                if block and "time_per_step" in block:
                    print(f"{'  NumPy step / lnsgd step in blocks':58s} {'':12s}  "
                          f"{seconds / block['time_per_step']:5.1f}x")
                    observed = b.get("observed_block_step/m:1000/d:20")
                    if observed and "time_per_step" in observed:
                        print(f"{'  step in blocks with the panel tallies / without':58s} {'':12s}  "
                              f"{observed['time_per_step'] / block['time_per_step']:5.2f}x")
                if run:
                    per_step = ns(run) / 1e5  # default_run: 10^5 steps, every default observable recorded
                    print(f"{'default_run per step (lnsgd simulate end to end)':58s} {per_step:10.0f}ns")
                    print(f"{'  NumPy step / lnsgd simulate per step':58s} {'':12s}  {1e9 * seconds / per_step:5.1f}x")
                    if block and "time_per_step" in block:
                        print(f"{'  lnsgd simulate per step / step in blocks':58s} {'':12s}  "
                              f"{per_step / (1e9 * block['time_per_step']):5.2f}x")


def numpy_perceptron_step(steps=20000):
    """Seconds per step of a hand-vectorised NumPy perceptron step at bench/perceptron_bench.cpp's shape (d = 128,
    B = 2, P = 1024, every batch point unfitted; B distinct indices drawn per step; best of 3)."""
    import numpy as np
    rng = np.random.default_rng(1)
    points, d, batch, dt, alpha = 1024, 128, 2, 0.5, 1e-12
    x = rng.standard_normal((points, d))
    y = np.sign(x[:, 0])
    dw, root_d = np.zeros(d), np.sqrt(d)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(steps):
            idx = rng.choice(points, batch, replace=False)
            xb, yb = x[idx], y[idx]
            unfit = alpha * (xb @ dw) / root_d * yb < 1
            dw += (dt / batch) * (yb[unfit] @ xb[unfit]) / root_d
        best = min(best, (time.perf_counter() - start) / steps)
    return best


def perceptron_ratios(b):
    entry = b.get("perceptron_step/d:128/B:2")
    if not entry:
        return
    t = ns(entry)
    print(f"{entry['name']:58s} {t:10.0f}ns")
    out = subprocess.run([sys.executable, __file__, "--numpy-perceptron"], text=True, capture_output=True,
                         env=dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1"))
    if out.returncode != 0:
        print("  NumPy perceptron step: not measured")
        return
    numpy_ns = 1e9 * float(out.stdout)
    print(f"{'  NumPy step / lnsgd step':58s} {numpy_ns:10.0f}ns  {numpy_ns / t:5.1f}x")
    run = b.get("perceptron_run/P:1024")
    if run and "seconds_per_step" in run:
        print(f"{'perceptron_run/P:1024 (to zero loss), per step':58s} {1e9 * run['seconds_per_step']:10.0f}ns")


def numpy_epoch(threads):
    """Seconds per epoch of plain NumPy label-noise SGD with bench/mlp_bench.cpp's shape (best of 3)."""
    import numpy as np
    rng = np.random.default_rng(1)
    n, p, h, k, batch, eta, tau = 10000, 784, 256, 10, 64, 0.1, 0.1
    y = rng.integers(0, k, n)
    x = rng.standard_normal((n, p)) + 2.0 * np.eye(k, p)[y]
    w1, b1 = rng.standard_normal((p, h)) * np.sqrt(2.0 / p), np.zeros(h)
    w2, b2 = rng.standard_normal((h, k)) * np.sqrt(2.0 / h), np.zeros(k)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        order = rng.permutation(n)
        for first in range(0, n - batch + 1, batch):
            idx = order[first:first + batch]
            labels = y[idx].copy()
            flip = rng.random(batch) < tau
            labels[flip] = (labels[flip] + rng.integers(1, k, int(flip.sum()))) % k  # a different class
            xb = x[idx]
            z = xb @ w1 + b1
            hid = np.maximum(z, 0)
            logits = hid @ w2 + b2
            logits -= logits.max(axis=1, keepdims=True)
            prob = np.exp(logits)
            prob /= prob.sum(axis=1, keepdims=True)
            prob[np.arange(batch), labels] -= 1
            prob /= batch
            g2, gb2 = hid.T @ prob, prob.sum(axis=0)
            delta = (prob @ w2.T) * (z > 0)
            g1, gb1 = xb.T @ delta, delta.sum(axis=0)
            w1 -= eta * g1
            b1 -= eta * gb1
            w2 -= eta * g2
            b2 -= eta * gb2
        best = min(best, time.perf_counter() - start)
    return best  # one epoch with `threads` BLAS threads: its throughput is 1 / best epochs per second


def numpy_blas():
    """The BLAS library NumPy's libblas.so.3 resolves to (Debian's alternatives), for the record."""
    try:
        return os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
    except OSError:
        return "unknown"


def mlp_ratios(b):
    if any(name.startswith("mlp_epoch/") for name in b):
        print(f"  (NumPy's BLAS: {numpy_blas()}; scripts/setup.sh installs OpenBLAS, Debian's default is the "
              "reference BLAS)")
    for threads in (1, 2):
        entry = b.get(f"mlp_epoch/{threads}/min_time:2.000/real_time")
        if not entry:
            continue
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads),
                   MKL_NUM_THREADS=str(threads))
        out = subprocess.run([sys.executable, __file__, "--numpy-epoch", str(threads)], env=env, text=True,
                             capture_output=True)
        per_epoch = 1e9 / entry["epochs_per_s"] if "epochs_per_s" in entry else ns(entry) / threads
        print(f"{entry['name']:58s} {per_epoch / 1e6:10.1f}ms per epoch (throughput)")
        if out.returncode != 0:
            print(f"  NumPy epoch: not measured ({out.stderr.strip().splitlines()[-1] if out.stderr else 'failed'})")
            continue
        numpy_ns = 1e9 * float(out.stdout)
        print(f"{'  NumPy epoch (' + str(threads) + ' BLAS thread(s)) / lnsgd epoch':58s} {numpy_ns / 1e6:10.1f}ms"
              f"  {numpy_ns / per_epoch:5.2f}x")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--numpy-epoch":
        print(numpy_epoch(int(sys.argv[2])))
    elif len(sys.argv) == 4 and sys.argv[1] == "--array-step":
        print(array_step(sys.argv[2], sys.argv[3]))
    elif len(sys.argv) == 2 and sys.argv[1] == "--numpy-perceptron":
        print(numpy_perceptron_step())
    else:
        main()
