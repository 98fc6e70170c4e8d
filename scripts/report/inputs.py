"""Reading a report's inputs: results.json and the CSV tables it names, checked before anything is drawn.

Every problem is raised as InputError with a one-line message naming the file and what is wrong.
"""
import csv
import json
import math
import os

SCHEMA = "lnsgd-results/1"
STATUSES = {"holds", "violated", "inconclusive"}
REGIMES = {"in-regime", "out-of-regime", "vacuous", "empirical"}


class InputError(Exception):
    pass


class Table:
    """A CSV table as named float columns (an empty cell is NaN)."""

    def __init__(self, name, caption, columns, rows):
        self.name, self.caption, self.columns, self.rows = name, caption, columns, rows

    def col(self, name):
        i = self.columns.index(name)
        return [r[i] for r in self.rows]

    def where(self, name, value):
        """The rows whose column `name` equals value, as a new table."""
        i = self.columns.index(name)
        return Table(self.name, self.caption, self.columns, [r for r in self.rows if r[i] == value])


def _require(obj, key, kind, where):
    if not isinstance(obj, dict) or key not in obj:
        raise InputError(f"{where}: missing key '{key}'")
    if not isinstance(obj[key], kind):
        raise InputError(f"{where}: '{key}' has the wrong type ({type(obj[key]).__name__})")
    return obj[key]


def _read_csv(path, columns, rows_expected, where):
    if not os.path.isfile(path) or os.path.getsize(path) == 0:
        raise InputError(f"{where}: table file {path} is missing or empty")
    with open(path, newline="") as f:
        reader = csv.reader(f)
        try:
            header = next(reader)
        except StopIteration:
            raise InputError(f"{path}: no header line") from None
        if header != columns:
            raise InputError(f"{path}: header {header} does not match the columns in results.json {columns}")
        rows = []
        for line_no, cells in enumerate(reader, start=2):
            if len(cells) != len(columns):
                raise InputError(f"{path}: line {line_no} has {len(cells)} cells, expected {len(columns)}")
            try:
                rows.append([float(c) if c != "" else math.nan for c in cells])
            except ValueError:
                raise InputError(f"{path}: line {line_no} holds a non-number") from None
    if len(rows) != rows_expected:
        raise InputError(f"{path}: {len(rows)} rows, results.json says {rows_expected}")
    return rows


def load(report_dir):
    """Returns (results dict, {claim: verdict}, {(claim, table name): Table})."""
    path = os.path.join(report_dir, "results.json")
    try:
        with open(path) as f:
            results = json.load(f)
    except FileNotFoundError:
        raise InputError(f"{path}: not found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: not valid JSON ({e})") from None
    if not isinstance(results, dict) or results.get("schema") != SCHEMA:
        raise InputError(f"{path}: 'schema' is not {SCHEMA}")
    verdicts = {}
    tables = {}
    for k, v in enumerate(_require(results, "verdicts", list, path)):
        where = f"{path}: verdict {k}"
        claim = _require(v, "claim", str, where)
        where = f"{path}: verdict {claim}"
        for key in ("reference", "statement", "inequality", "tested", "log", "margin", "confidence"):
            _require(v, key, str, where)
        if _require(v, "status", str, where) not in STATUSES:
            raise InputError(f"{where}: status '{v['status']}' (accepted: {', '.join(sorted(STATUSES))})")
        if _require(v, "regime", str, where) not in REGIMES:
            raise InputError(f"{where}: regime '{v['regime']}' (accepted: {', '.join(sorted(REGIMES))})")
        _require(v, "failed_assumptions", list, where)
        _require(v, "passed", bool, where)
        _require(v, "evidence", dict, where)
        for t in _require(v, "tables", list, where):
            name = _require(t, "name", str, where)
            file = _require(t, "file", str, f"{where}, table {name}")
            if os.path.isabs(file) or ".." in file.split("/"):
                raise InputError(f"{where}, table {name}: file '{file}' is not inside the report")
            columns = _require(t, "columns", list, f"{where}, table {name}")
            rows = _read_csv(os.path.join(report_dir, file), columns, _require(t, "rows", int, where), where)
            tables[(claim, name)] = Table(name, t.get("caption", ""), columns, rows)
        verdicts[claim] = v
    return results, verdicts, tables
