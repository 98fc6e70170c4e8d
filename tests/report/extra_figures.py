#!/usr/bin/python3
"""The report's extra figure modules (lnsgd_report.py render --figures, lnsgd::cli::register_report_figures).

    extra_figures.py REPORT_DIR SCRIPT

redraws a copy of a finished report with a module that draws one more figure for a claim of the report (it must
appear on the page and in figures/), then with a missing file, a module without FIGURES and one that does not
import: each must fail with one line naming the file, exit status 1. Exit 0 when all hold.
"""
import os
import shutil
import subprocess
import sys
import tempfile

GOOD = '''
from figures.common import Figure, plt


def extra(inp, save):
    claim = next(iter(inp.verdicts))
    fig, a = plt.subplots()
    a.plot([0, 1], [0, 1])
    save(fig, "extra-figure")
    return Figure("extra-figure", "An extra figure", "Drawn by a module given with --figures.", [claim], [])


FIGURES = [extra]
'''


def fail(message):
    print(f"extra_figures: {message}", file=sys.stderr)
    sys.exit(1)


def render(script, report, module):
    return subprocess.run(["/usr/bin/python3", script, "render", report, "--figures", module], capture_output=True,
                          text=True, env=dict(os.environ, MPLBACKEND="Agg"))


def main():
    source, script = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="lnsgd-extra-figures-") as work:
        report = os.path.join(work, "report")
        shutil.copytree(source, report)
        good = os.path.join(work, "good.py")
        with open(good, "w") as f:
            f.write(GOOD)
        r = render(script, report, good)
        if r.returncode != 0:
            fail(f"a good module failed: {r.stderr.strip()}")
        page = open(os.path.join(report, "index.html")).read()
        if "An extra figure" not in page or not os.path.isfile(os.path.join(report, "figures", "extra-figure.png")):
            fail("the extra module's figure is not on the page")
        bad = {"missing.py": None, "no_figures.py": "x = 1\n", "broken.py": "import no_such_module_anywhere\n"}
        for name, text in bad.items():
            path = os.path.join(work, name)
            if text is not None:
                with open(path, "w") as f:
                    f.write(text)
            r = render(script, report, path)
            lines = r.stderr.strip().splitlines()
            if r.returncode != 1 or len(lines) != 1 or path not in lines[0]:
                fail(f"{name}: expected exit 1 and one line naming it, got {r.returncode}: {r.stderr.strip()}")
    print("extra_figures: an extra module's figure drawn; a missing, a FIGURES-less and a broken module refused")


if __name__ == "__main__":
    main()
