#!/usr/bin/python3
"""Prints the ratios that matter from one Google Benchmark JSON run of bench/lnsgd_bench.

Usage: build/release/bench/lnsgd_bench --benchmark_format=json > bench.json
       scripts/bench_ratios.py bench.json
Ratios come from one run on one machine (shared, noisy): never compare absolute times across runs.
"""
import json
import sys


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


if __name__ == "__main__":
    main()
