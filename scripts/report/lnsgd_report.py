#!/usr/bin/python3
"""Draws an lnsgd report from the results.json and CSV tables that `lnsgd report` wrote.

    lnsgd_report.py check-deps     exit 0 if matplotlib can be imported, else one line saying what to install
    lnsgd_report.py render DIR     DIR/results.json + DIR/data/ -> DIR/figures/, DIR/index.html, DIR/summary.md
        [--figures FILE.py ...]    also draws the FIGURES of these modules (claims registered from outside lnsgd:
                                   docs/library.md), after lnsgd's own; they import helpers from figures.common

Errors are one line on stderr ("lnsgd report: ...") with exit status 1. `lnsgd report` runs this script inside
its staging folder, so a failure leaves no report behind.
"""
import argparse
import importlib.util
import os
import sys


def fail(message):
    print(f"lnsgd report: {message}", file=sys.stderr)
    sys.exit(1)


def check_deps():
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        fail(f"matplotlib is not importable by {sys.executable}: install python3-matplotlib "
             "(scripts/setup.sh does), or set LNSGD_PYTHON to a Python that has it")


def load_figure_module(path, index):
    """The module at path (a FIGURES list of figure functions, as each of figures/), or a one-line failure."""
    spec = importlib.util.spec_from_file_location(f"lnsgd_extra_figures_{index}", path)
    if spec is None or not os.path.isfile(path):
        fail(f"figures = {path}: not a Python file (accepted: an existing .py file with a FIGURES list)")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as e:  # the user's module: any error it raises is reported in one line
        fail(f"figures = {path}: cannot be imported ({type(e).__name__}: {e})")
    if not isinstance(getattr(module, "FIGURES", None), list):
        fail(f"figures = {path}: has no FIGURES list (accepted: a module defining FIGURES = [functions])")
    return module


def render(report_dir, extra_modules=()):
    check_deps()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import figures
    import inputs
    import page

    try:
        results, verdicts, tables = inputs.load(report_dir)
    except inputs.InputError as e:
        fail(str(e))
    fig_dir = os.path.join(report_dir, "figures")
    os.makedirs(fig_dir, exist_ok=True)

    def save(fig, fid):
        fig.savefig(os.path.join(fig_dir, f"{fid}.png"), dpi=110, metadata={"Software": None})
        fig.savefig(os.path.join(fig_dir, f"{fid}.svg"), metadata={"Date": None})
        figures.plt.close(fig)

    inp = figures.Inputs(verdicts, tables)
    drawn = []
    extra = [load_figure_module(path, k) for k, path in enumerate(extra_modules)]
    for paper in figures.PAPERS + extra:  # paper by paper, each paper's figures in its module's order
        for draw in paper.FIGURES:
            try:
                f = draw(inp, save)
            except (AttributeError, KeyError, ValueError, IndexError, TypeError, ZeroDivisionError) as e:
                fail(f"{report_dir}/results.json: a figure could not be drawn from its data ({type(e).__name__}: {e})")
            if f is not None:
                drawn.append(f)
    with open(os.path.join(report_dir, "index.html"), "w") as out:
        out.write(page.index_html(results, verdicts, drawn, figures.NOT_YET))
    with open(os.path.join(report_dir, "summary.md"), "w") as out:
        out.write(page.summary_md(results, verdicts, drawn))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check-deps")
    r = sub.add_parser("render")
    r.add_argument("dir")
    r.add_argument("--figures", action="append", default=[], metavar="FILE.py")
    args = parser.parse_args()
    if args.command == "check-deps":
        check_deps()
    else:
        render(args.dir, args.figures)


if __name__ == "__main__":
    main()
