"""Resolve an evidence id back to its claim, quote, locator, formatted reference and BibTeX entry."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..corpus.bibtex import parse_library
from ..errors import LitevidenceError
from ..escape import terminal_text


def format_reference(paper: dict) -> str:
    """An author-year reference: 'Strubell, E., Ganesh, A. and McCallum, A. (2019). Title. Venue. doi:...'."""
    names = [a.strip() for a in str(paper.get("authors") or "").split(" and ") if a.strip() and a.strip() != "others"]
    shown = [_initials(n) for n in names[:6]]
    if len(names) > 6 or "and others" in str(paper.get("authors") or ""):
        authors = ", ".join(shown) + " et al."
    else:
        authors = ", ".join(shown[:-1]) + (" and " + shown[-1] if len(shown) > 1 else (shown[0] if shown else "Anon."))
    parts = [f"{authors} ({paper.get('year')}). {paper.get('title')}."]
    if paper.get("venue"):
        parts.append(f"{paper['venue']}.")
    if paper.get("doi"):
        parts.append(f"doi:{paper['doi']}")
    elif paper.get("arxiv_id"):
        parts.append(f"arXiv:{paper['arxiv_id']}")
    elif paper.get("url"):
        parts.append(str(paper["url"]))
    return " ".join(parts)


def bibtex_entries(bib: Path) -> dict[str, str]:
    """Every entry of papers.bib by key, exactly as written."""
    return {e.key: e.raw for e in parse_library(Path(bib).read_text(encoding="utf-8"), str(bib))[0].entries}


def cite(claims: pd.DataFrame, papers: pd.DataFrame, bib: Path, evidence_id: str) -> str:
    """A citable text block for one evidence row, for a terminal (control characters in corpus text shown, not obeyed)."""
    rows = claims[claims["evidence_id"] == evidence_id]
    if rows.empty:
        raise LitevidenceError(f"no evidence row {evidence_id!r}", "evidence/claims.csv",
                               todo="ids look like ev-1a2b3c4d5e6f; `litevidence export --format csv` lists them")
    row = rows.iloc[0].to_dict()
    entries = bibtex_entries(bib)
    if row["paper_key"] not in entries or not (papers["key"] == row["paper_key"]).any():
        raise LitevidenceError(f"{evidence_id} cites {row['paper_key']}, which is no longer there", bib,
                               todo="run `litevidence run` to bring the evidence up to date")
    paper = papers[papers["key"] == row["paper_key"]].iloc[0].to_dict()
    value = _num(row["value"]) + (f"–{_num(row['value_high'])}" if pd.notna(row["value_high"]) else "")
    canonical = ""
    if pd.notna(row["canonical_value"]):
        high = f"–{_num(row['canonical_value_high'])}" if pd.notna(row["canonical_value_high"]) else ""
        canonical = f" (= {_num(row['canonical_value'])}{high} {row['canonical_unit'] if pd.notna(row['canonical_unit']) else ''})"
    lines = [
        f"{evidence_id}: {row['metric']} = {value} {row['unit'] if pd.notna(row['unit']) else ''}{canonical}".rstrip()
        + "".join(f", {row[k]}" for k in ("direction", "resource", "phase", "per") if pd.notna(row[k])),
        f"  quote: \"{row['quote']}\"",
        f"  sentence: {row['sentence']}",
        f"  locator: {row['locator']}" + (f"   caveat: {row['caveat']}" if pd.notna(row["caveat"]) else ""),
        *([f"  in the full text: {place}"] if (place := _place(row)) and place != row["locator"] else []),
        f"  source: {row['source']}, {row['paper_key']}",
        "",
        format_reference(paper),
        "",
        entries[row["paper_key"]],
    ]
    return terminal_text("\n".join(lines))


def _place(row: dict) -> str:
    """Where a full-text row sits: its table cell, or section and page ('' for other rows)."""
    parts = [str(row[k]) for k in ("table", "section") if k in row and pd.notna(row[k]) and row[k]]
    if "page" in row and pd.notna(row["page"]):
        parts.append(f"page {int(row['page'])}")
    return ", ".join(parts)


def _initials(name: str) -> str:
    if "," not in name:
        return name
    last, first = (p.strip() for p in name.split(",", 1))
    initials = " ".join(f"{w[0]}." for w in first.replace("-", " ").split() if w)
    return f"{last}, {initials}" if initials else last


def _num(x) -> str:
    return f"{float(x):,.6g}" if x is not None and pd.notna(x) else ""
