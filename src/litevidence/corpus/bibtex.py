"""Read BibTeX with bibtexparser v2 into the papers table, reporting problems per entry."""
from __future__ import annotations

import re
from pathlib import Path

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock

from .checks import normalise_doi
from ._quiet import captured
from .latex import decode_latex
from .problems import Problem

_DISPLAY_FIELDS = ("title", "author", "abstract", "annote", "keywords")
_VENUE_FIELDS = ("journal", "booktitle", "howpublished", "institution", "publisher", "school")


def read_bibtex(path: Path) -> tuple[list[dict], list[Problem]]:
    """Parse ``path`` into paper records (raw fields decoded) and the problems found.

    Unparsable blocks, duplicate keys and entries without title or a valid year
    are reported and skipped; every other entry goes on.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        return [], [Problem(str(path), None, None, "error", f"not UTF-8 text ({e}); save the file as UTF-8")]
    library, problems = parse_library(text, str(path))
    records = []
    for entry in library.entries:
        record, entry_problems = _record(entry, str(path))
        problems.extend(entry_problems)
        if record is not None:
            records.append(record)
    return records, problems


def parse_library(text: str, file: str) -> tuple[Library, list[Problem]]:
    """Parse BibTeX text; every block that failed (syntax, a key seen before) is a problem naming its line.

    bibtexparser's own log lines stay off the terminal: the problems say the same with the right line.
    """
    with captured("bibtexparser"):
        library = bibtexparser.parse_string(text)
    problems: list[Problem] = []
    for block in library.failed_blocks:
        line = block.start_line + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            problems.append(Problem(file, line, block.key, "error",
                                    "duplicate key: an earlier entry has the same key; this one is skipped — rename one of them"))
        elif isinstance(block, ParsingFailedBlock):
            key = _guess_key(block.raw)
            reason = (str(block.error or "").splitlines() or ["syntax error"])[0]
            problems.append(Problem(file, line, key, "error",
                                    f"unparsable entry ({reason}); check braces and commas — skipped"))
    return library, problems


def _record(entry: Entry, file: str) -> tuple[dict | None, list[Problem]]:
    line = entry.start_line + 1
    raw = {f.key.lower(): str(f.value).strip() for f in entry.fields}
    decoded = {k: decode_latex(raw.get(k, "")) for k in _DISPLAY_FIELDS}
    problems = []
    if not decoded["title"]:
        problems.append(Problem(file, line, entry.key, "error", "missing title — entry skipped"))
    year_text = raw.get("year", "")
    year = int(year_text) if re.fullmatch(r"\d{4}", year_text) else None
    if year is None:
        what = f"year {year_text!r} is not a four-digit year" if year_text else "missing year"
        problems.append(Problem(file, line, entry.key, "error", f"{what} — entry skipped"))
    if problems:
        return None, problems
    keywords = [k.strip() for k in decoded["keywords"].split(",") if k.strip()]
    archive = raw.get("archiveprefix", raw.get("eprinttype", "")).lower()
    arxiv = raw.get("eprint", "") if archive == "arxiv" else ""
    record = {
        "key": entry.key,
        "entry_type": entry.entry_type.lower(),
        "title": decoded["title"],
        "authors": decoded["author"],
        "year": year,
        "venue": next((decode_latex(raw[f]) for f in _VENUE_FIELDS if raw.get(f)), ""),
        "doi": normalise_doi(raw.get("doi", "")),
        "arxiv_id": arxiv,
        "url": raw.get("url", ""),
        "topic": keywords[0] if keywords else "",
        "keywords": ", ".join(keywords),
        "abstract": decoded["abstract"],
        "annote": decoded["annote"],
        "source_line": line,
    }
    return record, []


def _guess_key(raw: str) -> str | None:
    m = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s]+)\s*,", raw)
    return m.group(1) if m else None
