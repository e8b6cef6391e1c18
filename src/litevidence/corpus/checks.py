"""Checks of a papers table that go beyond parsing: key form, required fields, identifiers, duplicates."""
from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

import pandas as pd

from .problems import Problem

KEY_FORM = re.compile(r"^(?P<author>[a-z][a-z0-9]*?)(?P<year>\d{4})(?P<word>[a-z][a-z0-9]*)$")
"""firstauthorYEARword, all lower case ASCII: e.g. strubell2019energy, touvron2023llama2."""
DOI_FORM = re.compile(r"^10\.\d{4,9}/\S+$")
ARXIV_FORM = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")
_DOI_PREFIX = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:)", re.IGNORECASE)
TITLE_SIMILARITY = 0.95
"""Two titles at least this similar (after normalisation) are taken to be the same work."""


def check_papers(papers: pd.DataFrame, file: str) -> list[Problem]:
    """Every problem of the papers table, each naming ``file``, the entry's line and key."""
    problems: list[Problem] = []
    for p in papers.to_dict("records"):
        def error(message: str) -> None:
            problems.append(Problem(file, p["source_line"], p["key"], "error", message))

        m = KEY_FORM.match(p["key"])
        if not m:
            error("key is not in firstauthorYEARword form (lower case, e.g. strubell2019energy)")
        elif int(m.group("year")) != p["year"]:
            error(f"key's year {m.group('year')} differs from the entry's year {p['year']}")
        for field in ("authors", "topic"):
            if not p[field]:
                error(f"missing {'author' if field == 'authors' else 'topic (the first keyword)'}")
        if p["doi"] and not DOI_FORM.match(p["doi"]):
            error(f"malformed DOI {p['doi']!r}: expected 10.NNNN/suffix")
        if p["arxiv_id"] and not ARXIV_FORM.match(p["arxiv_id"]):
            error(f"malformed arXiv id {p['arxiv_id']!r}: expected e.g. 2104.10350 or hep-th/9901001")
    problems.extend(_duplicates(papers, file))
    return sorted(problems, key=lambda q: (q.line or 0, q.key or ""))


def normalise_doi(doi: str) -> str:
    """A DOI without resolver prefix ('https://doi.org/', 'doi:'), lower-cased: the form DOIs are compared in."""
    return _DOI_PREFIX.sub("", doi.strip()).lower()


def similar_titles(a: str, b: str) -> bool:
    """Whether two normalised titles name the same work (at least ``TITLE_SIMILARITY`` alike)."""
    return bool(a and b) and SequenceMatcher(None, a, b).ratio() >= TITLE_SIMILARITY


def normalise_title(title: str) -> str:
    """Lower-case letters and digits only, accents removed: the form titles are compared in."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _duplicates(papers: pd.DataFrame, file: str) -> list[Problem]:
    """Entries that are the same work as an earlier one: same DOI, same arXiv id, or near-identical title."""
    problems, first = [], {}
    rows = papers.sort_values("source_line").to_dict("records")
    for p in rows:
        for kind, value in (("DOI", p["doi"]), ("arXiv id", p["arxiv_id"])):
            if value and (kind, value) in first:
                problems.append(Problem(file, p["source_line"], p["key"], "error",
                                        f"same {kind} {value} as {first[(kind, value)]}: the same work entered twice"))
            elif value:
                first[(kind, value)] = p["key"]
    blocks: dict[str, dict[str, str]] = {}
    for p in rows:
        title = normalise_title(p["title"])
        earlier = {key: other for b in _title_blocks(title) for key, other in blocks.get(b, {}).items()}
        match = next((key for key, other in sorted(earlier.items()) if similar_titles(title, other)), None)
        if match:
            problems.append(Problem(file, p["source_line"], p["key"], "error",
                                    f"title nearly identical to {match}'s: the same work entered twice?"))
        for b in _title_blocks(title):
            blocks.setdefault(b, {})[p["key"]] = title
    return problems


def _title_blocks(title: str) -> set[str]:
    """Blocking keys: two near-identical titles share at least one (first or last three words)."""
    words = title.split()
    return {" ".join(words[:3]), " ".join(words[-3:])}
