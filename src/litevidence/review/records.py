"""Where each record came from: corpus/records.csv, appended to by `litevidence add` (the identification box of PRISMA)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from ..corpus.add import AddResult
from ..corpus.lookup import ARXIV_FORM, DOI_FORM
from ..paths import ProjectPaths
from ..schema import RECORDS
from ._table import read_decisions, upsert
from .decisions import LOCK_NAME

_VIA = {".bib": "bibtex", ".ris": "ris", ".json": "csl-json", ".pdf": "pdf"}
"""File suffix → how its records were read."""
LOOKUPS = {"crossref": "Crossref (DOI look-up)", "arxiv": "arXiv (id look-up)"}
"""Sources that are look-ups rather than files, by their ``via``, with the name PRISMA shows."""


def via(source: str) -> str:
    """How a source given to `add` was read: bibtex, ris, csl-json or pdf for a file, crossref or arxiv for a look-up."""
    if not Path(source).exists():
        if DOI_FORM.match(source.strip()):
            return "crossref"
        if ARXIV_FORM.match(source.strip()):
            return "arxiv"
    return _VIA.get(Path(source).suffix.lower(), "file")


def record_additions(project: Path, result: AddResult, today: date | None = None) -> int:
    """Append what one `add` did to corpus/records.csv: each paper added and each duplicate found; how many rows were written.

    A record already listed (the same source and entry, say a file added twice) is not listed again,
    so that adding a file again does not count its records as new duplicates.
    """
    paths = ProjectPaths(project)
    stamp = (today or date.today()).isoformat()
    rows = [{"key": key, "outcome": "added", "source": source, "via": via(source), "entry": entry, "date": stamp}
            for key, (source, entry) in result.origins.items()]
    rows += [{"key": d.key, "outcome": "duplicate", "source": d.source, "via": via(d.source), "entry": d.entry, "date": stamp}
             for d in result.duplicates]
    seen = set(zip(*(read_records(paths.records)[c] for c in ("source", "entry"))))
    rows = [r for r in rows if (r["source"], r["entry"]) not in seen]
    if rows:
        upsert(paths.records, RECORDS, None, rows, paths.state / LOCK_NAME)
    return len(rows)


def read_records(path: Path) -> pd.DataFrame:
    """The rows of records.csv (schema ``RECORDS``, as text); no file means no rows."""
    table, _ = read_decisions(path, RECORDS, None)
    return table


def source_label(source: str, how: str) -> str:
    """The name PRISMA gives a source: the file's name, or the look-up service."""
    return LOOKUPS.get(how) or Path(source).name or source
