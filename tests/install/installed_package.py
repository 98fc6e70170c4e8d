#!/usr/bin/python3
"""lnsgd as an installed C++ library (docs/library.md), tested from outside its tree.

    installed_package.py BUILD_DIR SOURCE_DIR WORK_DIR GENERATOR

installs BUILD_DIR into WORK_DIR/prefix (cmake --install), checks the exported targets ask nothing machine-specific
of their users (-march=native stays inside lnsgd), builds SOURCE_DIR/examples/linear_regression against the
package with find_package(lnsgd CONFIG), and runs the example's program: its model in `models` and `simulate`,
its claim through `check` (holds, its control flagged) and through `report` (the verdict and the example's own
figure on the page). Exit 0 when all hold; otherwise the first failure on stderr and exit 1.
"""
import glob
import json
import os
import shutil
import subprocess
import sys


def fail(message):
    print(f"installed_package: {message}", file=sys.stderr)
    sys.exit(1)


def run(args, **kw):
    r = subprocess.run(args, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        fail(f"{' '.join(args)} exited with {r.returncode}:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
    return r.stdout


def main():
    build, source, work = (os.path.abspath(a) for a in sys.argv[1:4])
    generator = sys.argv[4]
    shutil.rmtree(work, ignore_errors=True)
    prefix, example_build = os.path.join(work, "prefix"), os.path.join(work, "example-build")
    run(["cmake", "--install", build, "--prefix", prefix])

    config_dir = os.path.join(prefix, "lib", "cmake", "lnsgd")
    exported = "".join(open(p).read() for p in glob.glob(os.path.join(config_dir, "*.cmake")))
    if "lnsgd::sim" not in exported or "lnsgd::checks" not in exported or "lnsgd::cli" not in exported:
        fail(f"{config_dir}: the exported targets lnsgd::sim, lnsgd::checks and lnsgd::cli are not all there")
    for leaked in ("-march=native", os.path.join(source, "sim"), os.path.join(build, "sim")):
        if leaked in exported:
            fail(f"{config_dir}: the exported usage requirements contain {leaked}")

    configure = ["cmake", "-S", os.path.join(source, "examples", "linear_regression"), "-B", example_build,
                 "-G", generator, f"-DCMAKE_PREFIX_PATH={prefix}"]
    if shutil.which("ccache"):
        configure.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
    run(configure)
    run(["cmake", "--build", example_build, "-j", str(os.cpu_count() or 2)])
    program = os.path.join(example_build, "lnsgd-example")

    models = json.loads(run([program, "models", "--json"]))
    names = [m["name"] for m in models["models"]] if isinstance(models, dict) else [m["name"] for m in models]
    if "linear-regression" not in names or "two-layer-linear" not in names:
        fail(f"lnsgd-example models: expected the built-in models and linear-regression, got {names}")

    sim_out = os.path.join(work, "simulate")
    run([program, "simulate", "--model", "linear-regression", "--steps", "500", "--trajectories", "2",
         "--out", sim_out, "--quiet"])
    meta = json.load(open(os.path.join(sim_out, "metadata.json")))
    if meta["config"]["model"] != "linear-regression":
        fail(f"{sim_out}/metadata.json: config.model = {meta['config']['model']}")
    header = open(os.path.join(sim_out, "trajectory.csv")).readline().strip()
    if header != "trajectory,step,train_loss,test_loss,distance_sq,w_norm":
        fail(f"{sim_out}/trajectory.csv: header {header}")

    bad = subprocess.run([program, "simulate", "--model", "linear-regression", "--d", "0", "--out",
                          os.path.join(work, "bad")], capture_output=True, text=True)
    if bad.returncode == 0 or "d = 0" not in bad.stderr:
        fail(f"a bad value of the example's own parameter was not refused by name: {bad.stderr.strip()}")

    check_json = os.path.join(work, "check.json")
    run([program, "check", "example-stationary-spread", "--json", check_json])
    verdicts = json.load(open(check_json))
    verdicts = verdicts["verdicts"] if isinstance(verdicts, dict) else verdicts
    v = verdicts[0]
    if v["claim"] != "example-stationary-spread" or v["status"] != "holds" or not v["control"]["flagged"]:
        fail(f"check example-stationary-spread: status {v['status']}, control flagged {v['control']['flagged']} "
             f"(expected holds and flagged)\n{v.get('log', '')}")
    if v["regime"] != "in-regime":
        fail(f"check example-stationary-spread: regime {v['regime']} (expected in-regime)")

    report = os.path.join(work, "report")
    run([program, "report", "--claims", "example-stationary-spread", "--out", report, "--quiet"])
    page = open(os.path.join(report, "index.html")).read()
    if "example-stationary-spread" not in page or not os.path.isfile(
            os.path.join(report, "figures", "example-stationary-spread.png")):
        fail(f"{report}: the example's verdict or its figure is missing from the page")
    print(f"installed_package: lnsgd installed into {prefix}; the example built against it: "
          f"E||w - w_LS||^2 = {v['evidence']['measured_mean']:.5g} vs predicted {v['evidence']['predicted']:.5g}, "
          f"control {v['evidence']['small_step_prediction']:.5g} rejected; report with its figure in {report}")


if __name__ == "__main__":
    main()
