"""Build the evidence table: extracted and curated claims merged, with stable ids (schema ``CLAIMS``)."""
from __future__ import annotations

import re

import pandas as pd

from ..schema import CLAIMS, CONTRACT, TEXT_FIELDS
from .ids import curated_id, extracted_id

_FIELD_ORDER = {f: i for i, f in enumerate((*TEXT_FIELDS, "curated"))}
_CURATED_WINS = ("metric", "value", "value_high", "unit", "canonical_value", "canonical_value_high", "canonical_unit", "per",
                 "direction", "phase", "subject", "qualifier", "resource", "locator", "caveat")
"""Fields a curated row keeps when it merges with the extracted row stating the same quantity (value and unit
included: the curator's reading of the figure is the one cited)."""
_STOPWORDS = {"the", "and", "for", "with", "from", "that", "this", "was", "were", "are", "its", "their", "than", "into",
              "per", "about", "over", "under", "between", "which", "when", "while", "also", "both", "each", "has",
              "have", "had", "used", "uses", "using", "more", "less", "lower", "higher"}


def build_evidence(papers: pd.DataFrame, extracted: pd.DataFrame, curated: pd.DataFrame,
                   extractor_version: str) -> pd.DataFrame:
    """One row per claim; a curated claim that the extractor also found becomes one merged row.

    ``extracted`` has the columns of ``claims.PAPER_CLAIM_COLUMNS``; ``curated`` those of
    ``read_curated``. Curated fields win where they are filled; the quote, its offsets and
    sentence come from the text. Rows are sorted by paper, field, offset.
    """
    ext = _extracted_rows(extracted, extractor_version)
    cur = _curated_rows(curated, extractor_version)
    merged = _merge(ext, cur)
    table = pd.DataFrame(merged, columns=CLAIMS.names)
    years = dict(zip(papers["key"], papers["year"]))
    table["year"] = table["paper_key"].map(years).astype("Int64")
    for col in ("start", "end", "page"):
        table[col] = pd.array(table[col], dtype="Int64")
    for col in ("value", "value_high", "canonical_value", "canonical_value_high"):
        table[col] = pd.to_numeric(table[col]).astype("float64")
    table["_order"] = table["field"].map(_FIELD_ORDER)
    table = table.sort_values(["paper_key", "_order", "start", "evidence_id"], kind="stable", na_position="last")
    return CLAIMS.conform(table.drop(columns="_order").reset_index(drop=True))


def _extracted_rows(extracted: pd.DataFrame, version: str) -> list[dict]:
    rows, seen = [], {}
    ordered = extracted.assign(_o=extracted["field"].map(_FIELD_ORDER)).sort_values(["paper_key", "_o", "start"], kind="stable")
    for r in ordered.drop(columns="_o").to_dict("records"):
        ident = (r["paper_key"], r["field"], " ".join(r["quote"].split()))
        n = seen.get(ident, 0)
        seen[ident] = n + 1
        rows.append({**r, "evidence_id": extracted_id(*ident, n), "source": "extracted",
                     "caveat": None, "extractor_version": version})
    return rows


def _curated_rows(curated: pd.DataFrame, version: str) -> list[dict]:
    rows, seen = [], {}
    for r in curated.to_dict("records"):
        ident = (r["paper_key"], r["metric"], r["value"], r["value_high"], r["unit"], r["per"], r["locator"])
        n = seen.get(ident, 0)
        seen[ident] = n + 1
        row = {c.name: r.get(c.name) for c in CONTRACT}
        row.update(evidence_id=curated_id(*ident, n), paper_key=r["paper_key"], source="curated", field="curated",
                   sentence=r["statement"], quote=r["statement"], start=None, end=None,
                   locator=r["locator"], caveat=r["caveat"], extractor_version=version)
        rows.append({k: (None if v == "" else v) for k, v in row.items()})
    return rows


def _merge(extracted: list[dict], curated: list[dict]) -> list[dict]:
    """Pair each curated row with the first unpaired extracted row stating the same quantity."""
    by_paper: dict[str, list[int]] = {}
    for i, r in enumerate(extracted):
        by_paper.setdefault(r["paper_key"], []).append(i)
    used: set[int] = set()
    out = []
    for c in curated:
        match = next((i for i in by_paper.get(c["paper_key"], []) if i not in used and _same(extracted[i], c)), None)
        if match is None:
            out.append(c)
            continue
        used.add(match)
        row = dict(extracted[match], evidence_id=c["evidence_id"], source="curated+extracted")
        row.update({k: c[k] for k in _CURATED_WINS if k in ("value_high", "canonical_value", "canonical_value_high",
                                                             "canonical_unit", "per") or c.get(k) is not None})
        out.append(row)
    out.extend(r for i, r in enumerate(extracted) if i not in used)
    return out


def _same(e: dict, c: dict) -> bool:
    """Does the extracted row state the curated row's quantity? The same metric and kind of unit, the same
    number (as stated or canonical, within 0.1%), and a sentence that shares words or the number with the
    curator's statement. Empty values never count as equal to a number."""
    if e["metric"] != c["metric"] or _unit_class(e) != _unit_class(c):
        return False
    stated = _close(e["value"], c["value"]) and _close(e["value_high"], c["value_high"])
    canonical = (_number(c.get("canonical_value")) is not None and _close(e["canonical_value"], c["canonical_value"])
                 and _close(e["canonical_value_high"], c["canonical_value_high"]))
    return (stated or canonical) and _overlap(e.get("sentence") or "", c.get("sentence") or "")


def _unit_class(row: dict) -> str:
    """What a row's unit measures: '%' or 'x' for changes and shares, else its canonical unit or metric."""
    if row["metric"] in ("relative_change", "share"):
        return "%" if row.get("unit") == "%" else "x"
    unit = row.get("canonical_unit")
    return unit.split("/")[0] if isinstance(unit, str) and unit else row["metric"]


def _overlap(sentence: str, statement: str) -> bool:
    """The paper's sentence and the curator's statement share a content word or a number."""
    return bool(_words(sentence) & _words(statement))


def _words(text: str) -> set[str]:
    tokens = re.findall(r"[A-Za-z][\w-]*\d[\w-]*|\d[\d,.]*\d|\d|[A-Za-z]{3,}", text.lower())
    return {t.replace(",", "") for t in tokens if t not in _STOPWORDS}


def _number(x: float | None) -> float | None:
    """``x`` as a float, with NaN (pandas' empty cell) read as None."""
    return None if x is None or pd.isna(x) else float(x)


def _close(a: float | None, b: float | None) -> bool:
    """Equal within 0.1%, or both empty; an empty value is never equal to a number."""
    a, b = _number(a), _number(b)
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-3 * max(abs(a), abs(b), 1e-12)
