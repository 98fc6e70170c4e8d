#!/usr/bin/python3
"""The report in a real browser (ctest: report_in_browser): headless Chromium opens REPORT/index.html from disk with
the network disabled (every host name unresolvable, every proxy connection refused) and
- every <img> of the page has loaded and decoded (complete, naturalWidth > 0), as many as the page has;
- the page logged nothing to its console (it has no scripts, so any message is an error);
- a screenshot of the top of the page, the verdict table, is written to SHOT for the test log.
The same decision runs first on a broken copy of the page (a missing figure, a script error, an image on the
network), which it must reject: a browser that loads nothing, or a check that cannot fail, does not pass.

Usage: browser_report.py REPORT SHOT. Exits 0 (passed), 1 (a problem, one line each) or 77 (skipped: no Chromium,
or it cannot start here; says why).
"""
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
BROWSERS = ("chromium-headless-shell", "chromium")  # Debian 12: chromium-headless-shell, or the full chromium
OFFLINE = ["--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]

# Loads the page in a frame (file:// pages may read each other under --allow-file-access-from-files), waits until
# every image is settled, and writes what it saw into #result, which --dump-dom prints.
HARNESS = """<!doctype html><html><head><meta charset="utf-8"><title>harness</title></head><body>
<pre id="result">pending</pre><iframe id="page" src="{url}" style="width:1280px;height:900px"></iframe>
<script>
const frame = document.getElementById("page");
frame.addEventListener("load", () => {{
  const images = Array.from(frame.contentDocument.images);
  const settle = () => {{
    if (!images.every(i => i.complete)) {{ setTimeout(settle, 50); return; }}
    const broken = images.filter(i => i.naturalWidth === 0).map(i => i.getAttribute("src"));
    document.getElementById("result").textContent = JSON.stringify({{images: images.length, broken: broken}});
  }};
  settle();
}});
</script></body></html>"""


def browser():
    for name in BROWSERS:
        if path := shutil.which(name):
            return path
    return None


def chromium(exe, profile, args, timeout=120):
    base = [exe, "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", f"--user-data-dir={profile}",
            "--enable-logging=stderr", "--v=0", *OFFLINE]
    return subprocess.run(base + args, capture_output=True, text=True, timeout=timeout)


def inspect(exe, work, index):
    """(images the page has, {"images": n, "broken": [...]} as the browser saw them, console lines of the page)."""
    harness = work / f"harness-{index.parent.name}.html"
    harness.write_text(HARNESS.format(url=index.resolve().as_uri()))
    done = chromium(exe, work / "profile", ["--allow-file-access-from-files", "--virtual-time-budget=30000",
                                            "--dump-dom", harness.as_uri()])
    found = re.search(r'<pre id="result">([^<]*)</pre>', done.stdout)
    seen = json.loads(found.group(1)) if found and found.group(1) != "pending" else None
    console = [line for line in done.stderr.splitlines()
               if ":CONSOLE" in line and index.resolve().as_uri() in line]
    expected = len(re.findall(r"<img\b", index.read_text()))
    return expected, seen, console


def problems_of(exe, work, index):
    expected, seen, console = inspect(exe, work, index)
    out = []
    if seen is None:
        out.append(f"{index}: the browser did not finish loading the page")
        return out
    if expected == 0 or seen["images"] != expected:
        out.append(f"{index}: the browser saw {seen['images']} images, the page has {expected}")
    out += [f"{index}: figure {src} did not render (naturalWidth 0)" for src in seen["broken"]]
    out += [f"{index}: console: {line.split('] ', 1)[-1]}" for line in console]
    return out


def broken_copy(report, work):
    copy = work / "broken"
    shutil.copytree(report, copy)
    index = copy / "index.html"
    text = index.read_text()
    first = re.search(r'<img src="([^"]+)"', text).group(1)
    text = text.replace(f'src="{first}"', 'src="figures/no-such-figure.png"', 1)
    text = text.replace("</body>", '<script>no_such_function();</script><img src="https://example.com/x.png" '
                                   'alt="remote"></body>')
    index.write_text(text)
    return index


def main(report, shot):
    exe = browser()
    if exe is None:
        print(f"report_in_browser skipped: no Chromium ({' or '.join(BROWSERS)}; scripts/setup.sh installs it)")
        return SKIP
    with tempfile.TemporaryDirectory(prefix="lnsgd-browser-") as folder:
        work = pathlib.Path(folder)
        try:
            probe = chromium(exe, work / "probe", ["--dump-dom", "about:blank"], timeout=60)
        except (OSError, subprocess.TimeoutExpired) as e:
            print(f"report_in_browser skipped: {exe} cannot start here ({e})")
            return SKIP
        if probe.returncode != 0 or "<html" not in probe.stdout:
            tail = probe.stderr.strip().splitlines()[-1:] or ["no output"]
            print(f"report_in_browser skipped: {exe} cannot start here (exit {probe.returncode}: {tail[0]})")
            return SKIP
        control = problems_of(exe, work, broken_copy(report, work))
        wanted = ("no-such-figure.png", "example.com", "no_such_function")
        missed = [w for w in wanted if not any(w in p for p in control)]
        if missed:
            print(f"the broken control page was not rejected for: {', '.join(missed)} (found: {control})")
            return 1
        problems = problems_of(exe, work, report / "index.html")
        shot.parent.mkdir(parents=True, exist_ok=True)
        chromium(exe, work / "shot", ["--window-size=1280,1400", "--hide-scrollbars", f"--screenshot={shot}",
                                      (report / "index.html").resolve().as_uri()])
        if not shot.exists() or shot.stat().st_size < 10000:
            problems.append(f"{shot}: no screenshot written")
    for p in problems:
        print(p)
    if not problems:
        print(f"{report / 'index.html'}: every figure rendered, no console message, offline; the broken control was "
              f"rejected ({len(control)} problems); screenshot of the verdict table: {shot}")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])))
