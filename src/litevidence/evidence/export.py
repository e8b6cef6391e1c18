"""Export the evidence table, filtered, as CSV, Parquet, Markdown, LaTeX, or the BibTeX of the papers it cites."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .._io import atomic_write_bytes, atomic_write_text, markdown_table
from .cite import bibtex_entries

FORMATS = ("csv", "parquet", "md", "latex", "bib")
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


def export(claims: pd.DataFrame, fmt: str, output: Path, bib: Path | None = None) -> Path:
    """Write ``claims`` in ``fmt`` to ``output`` atomically."""
    output = Path(output)
    if fmt == "csv":
        atomic_write_text(output, claims.to_csv(index=False, lineterminator="\n"))
    elif fmt == "parquet":
        atomic_write_bytes(output, claims.to_parquet(index=False))
    elif fmt == "md":
        atomic_write_text(output, markdown_table(claims[SUMMARY_COLUMNS]))
    elif fmt == "latex":
        atomic_write_text(output, claims[SUMMARY_COLUMNS].to_latex(index=False, na_rep="", escape=True))
    elif fmt == "bib":
        entries = bibtex_entries(bib)
        atomic_write_text(output, "\n\n".join(entries[k] for k in sorted(set(claims["paper_key"]))) + "\n")
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return output
