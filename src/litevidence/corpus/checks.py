"""Checks of a papers table that go beyond parsing: key form, required fields, identifiers, duplicates."""
from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

from .problems import Problem

KEY_FORM = re.compile(r"^(?P<author>[a-z][a-z0-9]*?)(?P<year>\d{4})(?P<word>[a-z][a-z0-9]*)$")
"""firstauthorYEARword, all lower case ASCII: e.g. strubell2019energy, touvron2023llama2."""
DOI_FORM = re.compile(r"^10\.\d{4,9}/\S+$")
ARXIV_FORM = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")
_DOI_PREFIX = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:)", re.IGNORECASE)
TITLE_SIMILARITY = 0.95
"""Two titles at least this similar (after normalisation) are taken to be the same work."""


def check_papers(papers: list[dict], file: str) -> list[Problem]:
    """Every problem of the papers (dicts as ``corpus.paper_records`` gives them), each naming ``file``,
    the entry's line and key."""
    problems: list[Problem] = []
    for p in papers:
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
    """Whether two normalised titles name the same work (at least ``TITLE_SIMILARITY`` alike).

    The cheap upper bounds of the ratio rule most pairs out before the exact one is computed.
    """
    if not (a and b):
        return False
    matcher = SequenceMatcher(None, a, b)
    return (matcher.real_quick_ratio() >= TITLE_SIMILARITY and matcher.quick_ratio() >= TITLE_SIMILARITY
            and matcher.ratio() >= TITLE_SIMILARITY)


class WorkIndex:
    """Works seen so far, found again by DOI, arXiv id or a near-identical title without comparing every pair.

    Titles are compared only within blocks (``_title_blocks``): the same rule ``validate`` and ``add``
    use for "the same work entered twice".
    """

    def __init__(self) -> None:
        self._ids: dict[tuple[str, str], str] = {}
        self._blocks: dict[str, dict[str, str]] = {}

    def add(self, key: str, doi: str, arxiv_id: str, title: str) -> None:
        """Remember a work; ``title`` normalised (``normalise_title``). The first work with an id keeps it."""
        for kind, value in (("DOI", doi), ("arXiv id", arxiv_id)):
            if value:
                self._ids.setdefault((kind, value), key)
        for block in _title_blocks(title):
            self._blocks.setdefault(block, {})[key] = title

    def same_ids(self, doi: str, arxiv_id: str) -> list[tuple[str, str, str]]:
        """(kind, value, key) of every earlier work with this DOI or arXiv id."""
        return [(kind, value, self._ids[(kind, value)]) for kind, value in (("DOI", doi), ("arXiv id", arxiv_id))
                if value and (kind, value) in self._ids]

    def similar_title(self, title: str) -> str | None:
        """Key of an earlier work whose normalised title is near-identical (the first by key)."""
        candidates = {key: other for block in _title_blocks(title) for key, other in self._blocks.get(block, {}).items()}
        return next((key for key, other in sorted(candidates.items()) if similar_titles(title, other)), None)

    def match(self, doi: str, arxiv_id: str, title: str) -> tuple[str, str] | None:
        """(key, why) of the earlier work this one repeats: same DOI, same arXiv id, or near-identical title."""
        same = self.same_ids(doi, arxiv_id)
        if same:
            kind, value, key = same[0]
            return key, f"same {kind} {value}"
        key = self.similar_title(title)
        return (key, "near-identical title") if key else None


def normalise_title(title: str) -> str:
    """Lower-case letters and digits only, accents removed: the form titles are compared in."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _duplicates(papers: list[dict], file: str) -> list[Problem]:
    """Entries that are the same work as an earlier one: same DOI, same arXiv id, or near-identical title."""
    problems, index = [], WorkIndex()
    for p in sorted(papers, key=lambda p: (p["source_line"] is None, p["source_line"] or 0)):  # unknown lines last
        title = normalise_title(p["title"])
        for kind, value, key in index.same_ids(p["doi"], p["arxiv_id"]):
            problems.append(Problem(file, p["source_line"], p["key"], "error",
                                    f"same {kind} {value} as {key}: the same work entered twice"))
        match = index.similar_title(title)
        if match:
            problems.append(Problem(file, p["source_line"], p["key"], "error",
                                    f"title nearly identical to {match}'s: the same work entered twice?"))
        index.add(p["key"], p["doi"], p["arxiv_id"], title)
    return problems


def _title_blocks(title: str) -> set[str]:
    """Blocking keys: two near-identical titles share at least one (first or last three words)."""
    words = title.split()
    return {" ".join(words[:3]), " ".join(words[-3:])}
