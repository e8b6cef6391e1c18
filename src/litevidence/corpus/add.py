"""Add papers to a corpus: read or look up each source, catch duplicates, give keys, write papers.bib safely."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, NamedTuple

from .._io import atomic_write_text
from ..paths import BIB_NAME, TEXTS_DIR
from . import read_corpus
from .bibfile import VERBATIM, escape_latex, render_entry, update_entries
from .bibtex import parse_library
from .checks import KEY_FORM, WorkIndex, normalise_doi, normalise_title
from .keys import is_safe_key, make_key
from .latex import decode_latex
from .lookup import ARXIV_FORM, DOI_FORM, lookup_arxiv, lookup_doi
from .problems import Problem
from .sources import SourceError, read_source

PROGRESS_EVERY = 1000
"""Entries between two progress lines while a long source is checked."""


class Duplicate(NamedTuple):
    """A candidate that is a work already there: where it came from, which entry it is, the key it repeats, and why."""

    source: str
    entry: str
    key: str
    why: str


@dataclass
class AddResult:
    """What ``add`` did: keys added, duplicates found, keys merged, and problems (each skipped entry named)."""

    added: list[str] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    origins: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Each added key's source (as given) and its entry there (file:line [key]): where the record came from, for PRISMA."""


def candidates_for(source: str, timeout: float = 10.0) -> tuple[list[dict], list[Problem]]:
    """Candidate entries for a file path, a DOI or an arXiv id."""
    doi, arxiv = DOI_FORM.match(source.strip()), ARXIV_FORM.match(source.strip())
    try:
        if doi and not Path(source).exists():
            return [lookup_doi(doi.group(1), timeout=timeout)], []
        if arxiv and not Path(source).exists():
            return [lookup_arxiv(arxiv.group(1), timeout=timeout)], []
    except SourceError as e:
        return [], [Problem(source, None, None, "error", str(e))]
    if not Path(source).exists():
        return [], [Problem(source, None, None, "error", "no such file, and not a DOI (10.xxxx/...) or arXiv id (2104.10350)")]
    return read_source(Path(source))


def add_papers(corpus_dir: Path, sources: list[str], merge: bool = False, topic: str | None = None,
               overrides: dict | None = None, timeout: float = 10.0,
               progress: Callable[[str], None] | None = None) -> AddResult:
    """Add every source's papers to ``corpus_dir``; duplicates are reported and skipped unless ``merge``.

    ``overrides`` (title, author, year) fill or replace metadata, e.g. for a PDF without it.
    Duplicates are found through an index (``WorkIndex``), so a source of many thousand entries
    takes seconds; ``progress`` hears how far a long one has got. Nothing is written when no paper
    is added or merged.
    """
    corpus_dir = Path(corpus_dir)
    bib = corpus_dir / BIB_NAME
    papers, _ = read_corpus(corpus_dir) if bib.exists() else (None, [])
    index, in_file = WorkIndex(), set()
    for p in ([] if papers is None else papers.to_dict("records")):
        index.add(p["key"], p["doi"], _bare_arxiv(p["arxiv_id"]), normalise_title(p["title"]))
        in_file.add(p["key"])
    taken = set(in_file)
    result, new_entries, texts, merges = AddResult(), [], {}, {}
    for source in sources:
        found, problems = candidates_for(source, timeout=timeout)
        result.problems += problems
        if progress and len(found) >= PROGRESS_EVERY:
            progress(f"[add] {source}: {len(found)} entries read, checking them against the corpus")
        for n, fields in enumerate(found, 1):
            if progress and len(found) >= PROGRESS_EVERY and n % PROGRESS_EVERY == 0:
                progress(f"[add] {source}: {n}/{len(found)} entries checked")
            fields = {**fields, **{k: v for k, v in (overrides or {}).items() if v}}
            problem = _incomplete(fields, source)
            if problem:
                result.problems.append(problem)
                continue
            if topic:
                kept = [k.strip() for k in fields.get("keywords", "").split(",") if k.strip() and k.strip() != topic]
                fields["keywords"] = ", ".join([topic, *kept])
            doi = normalise_doi(fields.get("doi", ""))
            arxiv = _bare_arxiv(fields.get("eprint", "")) if fields.get("archiveprefix", "").lower() == "arxiv" else ""
            title = normalise_title(decode_latex(fields["title"]))
            match = index.match(doi, arxiv, title)
            if match:
                key, why = match
                result.duplicates.append(Duplicate(source, _entry_name(fields, source), key, why))
                if merge and key in in_file:
                    merges.setdefault(key, []).append(fields)
                    if key not in result.merged:
                        result.merged.append(key)
                continue
            key = _key_for(fields, taken)
            taken.add(key)
            index.add(key, doi, arxiv, title)
            new_entries.append(render_entry(key, fields))
            if fields.get("_fulltext"):
                texts[key] = fields["_fulltext"]
            result.added.append(key)
            result.origins[key] = (source, _entry_name(fields, source))
    replacements = _merged_entries(bib, merges) if merges else {}
    if new_entries or replacements:
        for key, text in texts.items():
            atomic_write_text(corpus_dir / TEXTS_DIR / f"{key}.txt", text.replace("\0", ""))
        update_entries(bib, replacements, new_entries)
    return result


def _incomplete(fields: dict, source: str) -> Problem | None:
    """A problem naming the entry when it lacks a title or a four-digit year (the entry is skipped)."""
    missing = [f for f in ("title", "year") if not str(fields.get(f, "")).strip()]
    if missing:
        return Problem(source, fields.get("_line"), fields.get("_key"), "error",
                       f"no {' or '.join(missing)} found; give them with --title/--year (and --author) — entry skipped")
    if not re.fullmatch(r"\d{4}", str(fields["year"]).strip()):
        return Problem(source, fields.get("_line"), fields.get("_key"), "error",
                       f"year {fields['year']!r} is not a four-digit year — entry skipped")
    return None


def _entry_name(fields: dict, source: str) -> str:
    """How a researcher finds the entry in its source: file:line [key], else its title."""
    where = f"{source}:{fields['_line']}" if fields.get("_line") else source
    return f"{where} [{fields['_key']}]" if fields.get("_key") else f"{where} \"{decode_latex(fields['title'])[:60]}\""


def _bare_arxiv(arxiv_id: str) -> str:
    """An arXiv id without its version (2104.10350v2 → 2104.10350): the form ids are compared in."""
    return re.sub(r"v\d+$", "", arxiv_id.strip())


def _key_for(fields: dict, taken: set[str]) -> str:
    """The source's own key when it is well-formed, safe and free; else firstauthorYEARword."""
    own = fields.get("_key", "")
    if own and is_safe_key(own) and KEY_FORM.match(own) and own not in taken:
        return own
    return make_key(decode_latex(fields.get("author", "")), fields["year"], decode_latex(fields["title"]), taken)


def _merged_entries(bib: Path, merges: dict[str, list[dict]]) -> dict[str, str]:
    """Each entry in ``merges`` rendered with the fields it lacks added (its own values always win)."""
    entries = {e.key: e for e in parse_library(bib.read_text(encoding="utf-8"), str(bib))[0].entries if e.key in merges}
    out = {}
    for key, candidates in merges.items():
        entry = entries[key]
        current = {"ENTRYTYPE": entry.entry_type, "_latex": True, **{f.key.lower(): str(f.value) for f in entry.fields}}
        additions = {}
        for fields in candidates:
            additions.update({k: v if k in VERBATIM or fields.get("_latex") else escape_latex(str(v))
                              for k, v in fields.items() if not k.startswith("_") and k != "ENTRYTYPE" and v
                              and k not in current and k not in additions})
        if additions:
            out[key] = render_entry(key, {**current, **additions})
    return out
