"""Read corpus/curated_claims.csv: hand-entered claims with a locator, normalised like extracted ones."""
from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import TYPE_CHECKING

from ..claims.lexicon import KIND_METRIC, stated_unit
from ..claims.units import CANONICAL, normalise
from ..corpus.problems import Problem
from ..errors import LitevidenceError
from ..schema import is_missing
from ..vocabulary import FIELD_VALUES

if TYPE_CHECKING:
    import pandas as pd

CURATED_COLUMNS = ["paper_key", "statement", "metric", "value", "value_high", "unit", "per", "direction", "phase",
                   "subject", "qualifier", "resource", "locator", "caveat"]
"""Columns a researcher writes in curated_claims.csv (statement: the figure in the curator's words)."""

_VALUES = {field: {"", *values} if field != "metric" else set(values) for field, values in FIELD_VALUES.items()}


def read_curated(path: Path, paper_keys: set[str]) -> tuple[pd.DataFrame, list[Problem]]:
    """``curated_rows`` as a table (columns ``CURATED_COLUMNS`` and the canonical ones; no file, no rows)."""
    import pandas as pd

    rows, problems = curated_rows(path, paper_keys)
    return pd.DataFrame(rows) if Path(path).exists() else pd.DataFrame(columns=CURATED_COLUMNS), problems


def curated_rows(path: Path, paper_keys: set[str]) -> tuple[list[dict], list[Problem]]:
    """Curated claims with canonical values, and a problem per row that cannot be used (that row skipped).

    Rows are checked for a known paper key, allowed values, numbers, and a unit that
    normalises to the metric's canonical unit. A file that cannot be read as a whole (not
    UTF-8, empty, a required column missing, broken CSV) raises ``LitevidenceError``: dropping
    every curated claim without a word would be worse than stopping. No file means no claims.
    """
    path = Path(path)
    rows, problems = [], []
    if not path.exists():
        return rows, problems
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        line = path.read_bytes()[:e.start].count(b"\n") + 1
        raise LitevidenceError(f"not UTF-8 text (byte {e.object[e.start]:#04x})", path, line,
                               todo="save the file as UTF-8 (CSV UTF-8 in a spreadsheet program)") from None
    if not text.strip():
        raise LitevidenceError("empty: no header line", path, 1,
                               todo=f"start it with the header {','.join(CURATED_COLUMNS)}, or delete the file")
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        missing = [c for c in CURATED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise LitevidenceError(f"the header lacks column(s) {', '.join(missing)}", path, 1,
                                   todo=f"the header must name {','.join(CURATED_COLUMNS)}")
        start = reader.line_num + 1
        for raw in reader:
            line, start = start, reader.line_num + 1
            row = {c: (raw.get(c) or "").strip() for c in CURATED_COLUMNS}
            error = _check(row, paper_keys)
            if error is None:
                row, error = _normalise(row)
            if error:
                problems.append(Problem(str(path), line, row["paper_key"] or None, "error", f"{error} — row skipped"))
                continue
            row["source_line"] = line
            rows.append(row)
    except csv.Error as e:
        raise LitevidenceError(f"not readable as CSV ({e})", path, start,
                               todo="check the quotes of the row that starts on this line") from None
    return rows, problems


def normalise_claim(fields: dict) -> dict:
    """One claim's fields (as a curated row states them) checked and with canonical values; ValueError says why not.

    Review corrections come through here, so a corrected row normalises exactly as a curated one.
    """
    row = {c: "" if is_missing(fields.get(c)) else str(fields[c]).strip() for c in CURATED_COLUMNS}
    error = _check(row, {row["paper_key"]})
    if error is None:
        row, error = _normalise(row)
    if error:
        raise ValueError(error)
    return row


def _check(row: dict, keys: set[str]) -> str | None:
    if row["paper_key"] not in keys:
        return f"paper_key {row['paper_key']!r} is not a key in papers.bib"
    for field, allowed in _VALUES.items():
        if row[field] not in allowed:
            return f"{field} {row[field]!r} is not one of {sorted(a for a in allowed if a)}"
    for field in ("value", "value_high"):
        if row[field] and not _is_number(row[field]):
            return f"{field} {row[field]!r} is not a number"
    if not row["value"]:
        return "value is empty"
    return None


def _normalise(row: dict) -> tuple[dict, str | None]:
    """Fill canonical_value(_high) and canonical_unit from value, unit, per and metric."""
    metric, unit = row["metric"], row["unit"]
    value = float(row["value"])
    high = float(row["value_high"]) if row["value_high"] else None
    out = dict(row, value=value, value_high=high)
    if metric == "pue":
        return dict(out, canonical_value=value, canonical_value_high=high, canonical_unit=""), None
    if metric in ("relative_change", "share"):
        if unit not in ("%", "x"):
            return out, f"unit {unit!r} of a {metric} must be '%' or 'x'"
        canonical = (value, high) if unit == "%" else (None, None)
        return dict(out, canonical_value=canonical[0], canonical_value_high=canonical[1],
                    canonical_unit="%" if unit == "%" else ""), None
    numerator = unit
    if row["per"] and "/" in unit:
        numerator = unit.split("/", 1)[0]
    found = stated_unit(numerator)
    if found is None:
        return out, f"unit {unit!r} is not a unit litevidence knows (see the unit list in README)"
    if found.kind == "duration" and metric == "compute_time":
        # a duration on a named device with no device count: a claim without accelerator-hours (guideline 5)
        return dict(out, canonical_value=None, canonical_value_high=None, canonical_unit=""), None
    unit_metric = KIND_METRIC.get(found.kind, found.kind)
    if unit_metric != metric:
        return out, f"unit {unit!r} measures {unit_metric}, not {metric}"
    if normalise(1.0, found.pint, metric) is None:
        return out, f"unit {unit!r} does not normalise to {CANONICAL[metric][1]}"
    canonical_unit = CANONICAL[metric][1] + (f"/{row['per']}" if row["per"] else "")
    return dict(out, canonical_value=normalise(value, found.pint, metric),
                canonical_value_high=normalise(high, found.pint, metric), canonical_unit=canonical_unit), None


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False
