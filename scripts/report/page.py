"""index.html and summary.md of a report: self-contained (inline CSS, local images; no network)."""
import html
import json

STATUS_CLASS = {"holds": "ok", "violated": "bad", "inconclusive": "warn"}


def esc(x):
    return html.escape(str(x), quote=True)


def regime_text(v):
    fails = "; ".join(v["failed_assumptions"])
    level = v.get("level", "numerical")
    return v["regime"] + (f": fails {fails}" if fails else "") + ("" if level == "numerical" else f" ({level})")


def control_text(v):
    c = v.get("control")
    if not c:
        return "none"
    return "flagged" if c["flagged"] else "NOT flagged (verdict not trusted)"


CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1250px; color: #222; line-height: 1.4; }
table { border-collapse: collapse; width: 100%; font-size: 0.88em; }
th, td { border: 1px solid #ccc; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
.ok { background: #dff0d8; } .bad { background: #f2dede; } .warn { background: #fcf8e3; }
figure { margin: 2em 0; border-top: 1px solid #ddd; padding-top: 1em; }
figure img { max-width: 100%; }
figcaption { font-size: 0.9em; }
pre { background: #f7f7f7; padding: 0.6em; overflow-x: auto; font-size: 0.82em; }
.meta { color: #555; font-size: 0.9em; }
"""


MAIN_PAPER = "zhang2026"  # reports written before papers were recorded hold only the main paper's claims


def by_paper(results, verdicts):
    """[(paper id, citation, {claim: verdict})] in the report's paper order; papers without claims left out."""
    papers = results.get("papers") or [{"id": MAIN_PAPER, "citation": "Zhang et al. 2026 (the main paper)"}]
    known = {p["id"] for p in papers}
    groups = []
    for p in papers + [{"id": pid, "citation": pid} for pid in
                       dict.fromkeys(v.get("paper", MAIN_PAPER) for v in verdicts.values()) if pid not in known]:
        claims = {c: v for c, v in verdicts.items() if v.get("paper", MAIN_PAPER) == p["id"]}
        if claims:
            groups.append((p["id"], p["citation"], claims))
    return groups


def figure_of(claim, figures):
    for f in figures:
        if claim in f.claims:
            return f
    return None


def index_html(results, verdicts, figures, not_yet):
    lib = results.get("libraries", {})
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           "<title>lnsgd report</title>", f"<style>{CSS}</style>", "</head>", "<body>",
           "<h1>lnsgd report: the theory of label-noise SGD against simulation</h1>",
           f'<p class="meta">profile {esc(results.get("profile"))} &middot; created {esc(results.get("created_utc"))} '
           f'&middot; {esc("%.0f" % float(results.get("wall_time_s") or 0))} s on {esc(results.get("threads"))} threads &middot; '
           f'lnsgd {esc(lib.get("lnsgd", "?"))} &middot; {esc(results.get("precision", ""))}</p>',
           "<p>Each claim binds a statement of a paper to an experiment; the claims are grouped by paper, the main "
           "one being Zhang et al., <i>On the Learning Dynamics of Two-layer Linear Networks with Label Noise SGD</i> "
           "(AAAI 2026). <b>Regime</b>: in-regime when every hypothesis of "
           "the statement holds at the tested parameters; out-of-regime names the assumptions of Condition 1 that fail "
           "(the theorems need eta &le; C<sup>-96</sup>, which no simulation reaches, so they are tested as identities, "
           "directions, scaling exponents and bounds used as sufficient conditions); vacuous when the bound is met by "
           "any outcome; empirical for a paper's experiment that no theorem states (measured on an analog); <i>(certified)</i> marks a verdict decided on MPFI interval enclosures end to end, <i>(certified-bound)</i> one whose closed-form bound is an enclosure and decided on it (the measurement is numerical); the main paper's regimes are always decided on enclosures (lnsgd regime prints them). <b>Control</b>: a negative control the check must reject; a check whose control is not "
           "flagged could not have failed. Data: <a href=\"results.json\">results.json</a> (schema in lnsgd's "
           "docs/results.schema.json) and the CSV under each figure.</p>",
           "<h2>Verdicts</h2>"]
    groups = by_paper(results, verdicts)
    for pid, citation, claims in groups:
        out += [f'<h3 id="paper-{esc(pid)}">{esc(citation)}</h3>', "<table>",
                "<tr><th>claim</th><th>paper reference</th><th>regime</th><th>verdict</th><th>control</th>"
                "<th>margin</th><th>confidence</th><th>figure</th></tr>"]
        for claim, v in claims.items():
            f = figure_of(claim, figures)
            link = f'<a href="#{esc(f.id)}">{esc(f.title)}</a>' if f else "&mdash;"
            out.append(f'<tr><td><a href="#claim-{esc(claim)}">{esc(claim)}</a></td><td>{esc(v["reference"])}</td>'
                       f'<td>{esc(regime_text(v))}</td><td class="{STATUS_CLASS[v["status"]]}">{esc(v["status"])}</td>'
                       f'<td class="{"ok" if not v.get("control") or v["control"]["flagged"] else "bad"}">'
                       f'{esc(control_text(v))}</td><td>{esc(v["margin"])}</td><td>{esc(v["confidence"])}</td>'
                       f"<td>{link}</td></tr>")
        out.append("</table>")
    out.append("<h2>Figures</h2>")
    for n, f in enumerate(figures, start=1):
        data = ", ".join(f'<a href="data/{esc(t)}.csv">{esc(t)}.csv</a>' for t in f.tables)
        out += [f'<figure id="{esc(f.id)}">', f"<h3>Figure {n}. {esc(f.title)}</h3>",
                f'<a href="figures/{esc(f.id)}.svg"><img src="figures/{esc(f.id)}.png" alt="{esc(f.title)}"></a>',
                f"<figcaption>{esc(f.caption)}<br>Data: {data}. Vector version: "
                f'<a href="figures/{esc(f.id)}.svg">SVG</a>.</figcaption>', "</figure>"]
    for title, why in not_yet:
        out.append(f"<h3>Not in this report: {esc(title)}</h3><p>{esc(why)}</p>")
    out.append("<h2>Claims in detail</h2>")
    for pid, citation, claims in groups:
        out.append(f"<h3>{esc(citation)}</h3>")
        for claim, v in claims.items():
            out += [f'<h4 id="claim-{esc(claim)}">{esc(claim)}: {esc(v["status"])} ({esc(regime_text(v))})</h4>',
                    f"<p><b>Statement</b> ({esc(v['reference'])}): {esc(v['statement'])}<br>"
                    f"<b>Enforces</b>: {esc(v['inequality'])}<br><b>Tested</b>: {esc(v['tested'])}<br>"
                    f"<b>Control</b>: {esc(v['control']['description'] if v.get('control') else 'none')} &rarr; "
                    f"{esc(control_text(v))}</p>",
                    f"<pre>{esc(v['log'])}</pre>",
                    "<details><summary>evidence (JSON)</summary>",
                    f"<pre>{esc(json.dumps(v['evidence'], indent=1))}</pre></details>"]
    out += ["<h2>Build</h2>", f"<pre>{esc(json.dumps(lib, indent=1))}</pre>", "</body>", "</html>", ""]
    return "\n".join(out)


def summary_md(results, verdicts, figures):
    counts = {}
    for v in verdicts.values():
        counts[v["status"]] = counts.get(v["status"], 0) + 1
    untrusted = [c for c, v in verdicts.items() if v.get("control") and not v["control"]["flagged"]]
    lines = [f"# lnsgd report ({results.get('profile')} profile)", "",
             ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) + f" of {len(verdicts)} claims; "
             f"{len(figures)} figures.", ""]
    if untrusted:
        lines += [f"Controls NOT flagged (verdicts not trusted): {', '.join(untrusted)}", ""]
    lines += ["| paper | claim | verdict | regime | margin |", "|---|---|---|---|---|"]
    for pid, _, claims in by_paper(results, verdicts):
        for claim, v in claims.items():
            margin = v["margin"].replace("|", "\\|")  # a literal | inside a Markdown table cell
            lines.append(f"| {pid} | {claim} | {v['status']} | {regime_text(v)} | {margin} |")
    return "\n".join(lines) + "\n"
