"""Resolve an evidence id back to its claim, quote, locator, formatted reference and BibTeX entry."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..corpus.bibtex import parse_library
from ..errors import LitevidenceError
from ..escape import terminal_text
from ..schema import CLAIMS, PAPERS_TABLE
from .load import find_rows


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


def cite(evidence_dir: Path, bib: Path, evidence_id: str) -> str:
    """A citable text block for one evidence row, for a terminal (control characters in corpus text shown, not obeyed).

    Reads the one row and its paper from the published evidence set with the csv module, not pandas,
    so the command answers in a fraction of a second.
    """
    rows = find_rows(evidence_dir, CLAIMS, "evidence_id", evidence_id)
    if not rows:
        raise LitevidenceError(f"no evidence row {evidence_id!r}", Path(evidence_dir) / "claims.csv",
                               todo="ids look like ev-1a2b3c4d5e6f; `litevidence export --format csv` lists them")
    row = rows[0]
    entries = bibtex_entries(bib)
    papers = find_rows(evidence_dir, PAPERS_TABLE, "key", row["paper_key"])
    if row["paper_key"] not in entries or not papers:
        raise LitevidenceError(f"{evidence_id} cites {row['paper_key']}, which is no longer there", bib,
                               todo="run `litevidence run` to bring the evidence up to date")
    value = _num(row["value"]) + (f"–{_num(row['value_high'])}" if row["value_high"] is not None else "")
    canonical = ""
    if row["canonical_value"] is not None:
        high = f"–{_num(row['canonical_value_high'])}" if row["canonical_value_high"] is not None else ""
        canonical = f" (= {_num(row['canonical_value'])}{high} {row['canonical_unit'] or ''})"
    lines = [
        f"{evidence_id}: {row['metric']} = {value} {row['unit'] or ''}{canonical}".rstrip()
        + "".join(f", {row[k]}" for k in ("direction", "resource", "phase", "per") if row[k] is not None),
        f"  quote: \"{row['quote']}\"",
        f"  sentence: {row['sentence']}",
        f"  locator: {row['locator']}" + (f"   caveat: {row['caveat']}" if row["caveat"] is not None else ""),
        *([f"  in the full text: {place}"] if (place := _place(row)) and place != row["locator"] else []),
        f"  source: {row['source']}, {row['paper_key']}",
        "",
        format_reference(papers[0]),
        "",
        entries[row["paper_key"]],
    ]
    return terminal_text("\n".join(lines))


def _place(row: dict[str, Any]) -> str:
    """Where a full-text row sits: its table cell, or section and page ('' for other rows)."""
    parts = [str(row[k]) for k in ("table", "section") if row[k]]
    if row["page"] is not None:
        parts.append(f"page {row['page']}")
    return ", ".join(parts)


def _initials(name: str) -> str:
    if "," not in name:
        return name
    last, first = (p.strip() for p in name.split(",", 1))
    initials = " ".join(f"{w[0]}." for w in first.replace("-", " ").split() if w)
    return f"{last}, {initials}" if initials else last


def _num(x: float | None) -> str:
    return f"{x:,.6g}" if x is not None else ""
