"""Export the evidence table, filtered, as CSV, Parquet, Markdown, LaTeX, or the BibTeX of the papers it cites."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("csv", "parquet", "md", "latex", "bib")
"""The formats ``export`` writes; importing this module loads no table machinery, so the CLI lists them at once."""
SUMMARY_COLUMNS = ["evidence_id", "paper_key", "year", "metric", "phase", "quote", "canonical_value",
                   "canonical_unit", "locator"]
"""Columns of the Markdown and LaTeX exports (the full table would not fit a page)."""


def filter_claims(claims: pd.DataFrame, topics: pd.DataFrame, papers: pd.DataFrame, metric=None, phase=None,
                  topic=None, year=None, paper=None) -> pd.DataFrame:
    """Rows matching every given filter; ``topic`` matches the curator's topic or the cluster label."""
    out = claims
    if metric:
        out = out[out["metric"] == metric]
    if phase:
        out = out[out["phase"] == phase]
    if year:
        out = out[out["year"] == int(year)]
    if paper:
        out = out[out["paper_key"] == paper]
    if topic:
        keys = set(papers.loc[papers["topic"] == topic, "key"]) | set(topics.loc[topics["label"] == topic, "key"])
        out = out[out["paper_key"].isin(keys)]
    return out.reset_index(drop=True)


def export(claims: pd.DataFrame, fmt: str, output: Path | None, bib: Path | None = None) -> Path | None:
    """Write ``claims`` in ``fmt`` to ``output`` atomically, or to standard output when ``output`` is None."""
    from .._io import atomic_write_bytes, markdown_table
    from ..escape import csv_table, latex_table
    from .cite import bibtex_entries

    if fmt == "csv":
        data = csv_table(claims).encode("utf-8")
    elif fmt == "parquet":
        data = claims.to_parquet(index=False)
    elif fmt == "md":
        data = markdown_table(claims[SUMMARY_COLUMNS]).encode("utf-8")
    elif fmt == "latex":
        data = latex_table(claims[SUMMARY_COLUMNS], float_format=latex_number).encode("utf-8")
    elif fmt == "bib":
        entries = bibtex_entries(bib)
        data = ("\n\n".join(entries[k] for k in sorted(set(claims["paper_key"]))) + "\n").encode("utf-8")
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return None
    atomic_write_bytes(Path(output), data)
    return Path(output)


def latex_number(x: float) -> str:
    """A canonical value as a reader writes it: ``28.7``, ``1287000``, not ``28.700000``."""
    return format(x, ".15g")
