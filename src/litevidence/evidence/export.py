"""Export the evidence table, filtered, as CSV, Parquet, Markdown, LaTeX, or the BibTeX of the papers it cites."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("csv", "parquet", "md", "latex", "bib")
"""The formats ``export`` writes; importing this module loads no table machinery, so the CLI lists them at once."""
SUMMARY_COLUMNS = ["evidence_id", "paper_key", "year", "metric", "phase", "quote", "canonical_value",
                   "canonical_unit", "locator"]
"""Columns of the Markdown and LaTeX exports (the full table would not fit a page)."""


def filter_claims(claims: list[dict[str, Any]], topics: list[dict[str, Any]], papers: list[dict[str, Any]], metric=None,
                  phase=None, topic=None, year=None, paper=None) -> list[int]:
    """Positions of the ``claims`` rows (dicts as ``load.typed_row`` gives them) matching every given filter;
    ``topic`` matches the curator's topic or the cluster label (``topics``, ``papers`` are read only for it)."""
    keys = ({p["key"] for p in papers if p["topic"] == topic} | {t["key"] for t in topics if t["label"] == topic}
            if topic else None)
    wanted = {"metric": metric, "phase": phase, "year": int(year) if year else None, "paper_key": paper}
    wanted = {column: value for column, value in wanted.items() if value}
    return [i for i, row in enumerate(claims)
            if all(row[c] == v for c, v in wanted.items()) and (keys is None or row["paper_key"] in keys)]


def export(evidence_dir: Path, fmt: str, output: Path | None, bib: Path | None = None, **filters: Any) -> int:
    """Write the evidence claims matching ``filters`` (those of ``filter_claims``) in ``fmt`` to ``output``
    atomically, or to standard output when ``output`` is None; the number of rows (for ``bib``, of entries).

    CSV writes each row as the evidence table stores it (text guarded against formulas) and, like BibTeX,
    needs no pandas; Parquet, Markdown and LaTeX build the typed table of the rows kept.
    """
    from .._io import atomic_write_bytes
    from ..escape import csv_cell, csv_records
    from ..schema import CLAIMS, PAPERS_TABLE, TOPICS
    from .load import read_records, rows_table, typed_row

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    tables = read_records(evidence_dir, ("claims", "topics", "papers") if filters.get("topic") else ("claims",))
    stored = tables["claims"]
    typed = [typed_row(r, CLAIMS) for r in stored]
    topics = [typed_row(r, TOPICS) for r in tables.get("topics", [])]
    papers = [typed_row(r, PAPERS_TABLE) for r in tables.get("papers", [])]
    keep = filter_claims(typed, topics, papers, **filters)
    count = len(keep)
    if fmt == "csv":  # text guarded again from its read-back value: a hand-edited formula cannot pass through
        text = {c.name for c in CLAIMS.columns if c.type == "string"}
        data = csv_records(CLAIMS.names, [[csv_cell(typed[i][n]) if n in text and typed[i][n] is not None
                                           else stored[i][n] for n in CLAIMS.names] for i in keep]).encode("utf-8")
    elif fmt == "bib":
        from .cite import bibtex_entries

        entries, cited = bibtex_entries(bib), sorted({typed[i]["paper_key"] for i in keep})
        data, count = ("\n\n".join(entries[k] for k in cited) + "\n").encode("utf-8"), len(cited)
    else:
        data = _table_bytes(rows_table([typed[i] for i in keep], CLAIMS), fmt)
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        atomic_write_bytes(Path(output), data)
    return count


def _table_bytes(claims: pd.DataFrame, fmt: str) -> bytes:
    """The typed claims table as Parquet, or its summary columns as a Markdown or LaTeX table."""
    from .._io import markdown_table
    from ..escape import latex_table

    if fmt == "parquet":
        return claims.to_parquet(index=False)
    if fmt == "md":
        return markdown_table(claims[SUMMARY_COLUMNS]).encode("utf-8")
    return latex_table(claims[SUMMARY_COLUMNS], float_format=latex_number).encode("utf-8")


def latex_number(x: float) -> str:
    """A canonical value as a reader writes it: ``28.7``, ``1287000``, not ``28.700000``."""
    return format(x, ".15g")
