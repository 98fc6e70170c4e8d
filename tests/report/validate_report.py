#!/usr/bin/python3
"""Validates an lnsgd report folder (ctest: report_validates).

- index.html parses with html5lib in strict mode (a spec-conforming HTML parser that raises on any parse error);
- every local href/src it references exists and is non-empty, and every figure has both PNG and SVG;
- results.json validates against docs/results.schema.json (jsonschema), and every table file it names exists with
  the named columns as header.
Prints one line per problem and exits 1 if there is any.
"""
import csv
import json
import os
import sys
from urllib.parse import urlparse

import html5lib
import jsonschema


def main(report_dir, schema_path):
    problems = []
    with open(os.path.join(report_dir, "index.html"), "rb") as f:
        try:
            doc = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(f)
        except html5lib.html5parser.ParseError as e:
            print(f"index.html: HTML parse error: {e}")
            return 1
    refs = [(el.tag, el.get(attr)) for el in doc.iter() for attr in ("href", "src") if el.get(attr)]
    images = 0
    for tag, ref in refs:
        url = urlparse(ref)
        if url.scheme or url.netloc:
            problems.append(f"index.html: {tag} references {ref}, not a local file (the page must work offline)")
            continue
        if not url.path:  # an in-page anchor
            target = url.fragment
            if doc.find(f".//*[@id='{target}']") is None:
                problems.append(f"index.html: anchor #{target} has no target")
            continue
        path = os.path.join(report_dir, url.path)
        if not os.path.isfile(path) or os.path.getsize(path) == 0:
            problems.append(f"index.html: {tag} references {ref}, which is missing or empty")
        if tag == "img":
            images += 1
            svg = os.path.splitext(path)[0] + ".svg"
            if not os.path.isfile(svg) or os.path.getsize(svg) == 0:
                problems.append(f"index.html: {ref} has no SVG twin")
    if images == 0:
        problems.append("index.html: no figure")
    with open(os.path.join(report_dir, "results.json")) as f:
        results = json.load(f)
    with open(schema_path) as f:
        schema = json.load(f)
    for error in jsonschema.Draft7Validator(schema).iter_errors(results):
        problems.append(f"results.json: {'/'.join(map(str, error.path))}: {error.message}")
    for v in results.get("verdicts", []):
        for t in v.get("tables", []):
            path = os.path.join(report_dir, t["file"])
            if not os.path.isfile(path):
                problems.append(f"results.json: {v['claim']} names {t['file']}, which is missing")
                continue
            with open(path, newline="") as f:
                rows = list(csv.reader(f))
            if not rows or rows[0] != t["columns"] or len(rows) - 1 != t["rows"]:
                problems.append(f"{t['file']}: header or row count differs from results.json")
    for p in problems:
        print(p)
    if not problems:
        print(f"{report_dir}: index.html parses, {images} figures, {len(refs)} references, results.json valid")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
