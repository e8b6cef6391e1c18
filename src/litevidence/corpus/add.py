"""Add papers to a corpus: read or look up each source, catch duplicates, give keys, write papers.bib safely."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .._io import atomic_write_text
from . import BIB_NAME, TEXTS_DIR, read_corpus
from .bibfile import VERBATIM, append_entries, escape_latex, render_entry, replace_entry
from .checks import KEY_FORM, normalise_doi, normalise_title, similar_titles
from .keys import is_safe_key, make_key
from .latex import decode_latex
from .lookup import ARXIV_FORM, DOI_FORM, lookup_arxiv, lookup_doi
from .problems import Problem
from .sources import SourceError, read_source


@dataclass
class AddResult:
    """What ``add`` did: keys added, duplicates found (source, existing key, why), keys merged, problems."""

    added: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


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
               overrides: dict | None = None, timeout: float = 10.0) -> AddResult:
    """Add every source's papers to ``corpus_dir``; duplicates are reported and skipped unless ``merge``.

    ``overrides`` (title, author, year) fill or replace metadata, e.g. for a PDF without it.
    Nothing is written when no paper is added or merged.
    """
    corpus_dir = Path(corpus_dir)
    bib = corpus_dir / BIB_NAME
    papers, _ = read_corpus(corpus_dir) if bib.exists() else (None, [])
    existing = [] if papers is None else papers[["key", "doi", "arxiv_id", "title"]].to_dict("records")
    taken = {p["key"] for p in existing}
    in_file = set(taken)
    result, new_entries, texts = AddResult(), [], {}
    for source in sources:
        found, problems = candidates_for(source, timeout=timeout)
        result.problems += problems
        for fields in found:
            fields = {**fields, **{k: v for k, v in (overrides or {}).items() if v}}
            problem = _incomplete(fields, source)
            if problem:
                result.problems.append(problem)
                continue
            if topic:
                kept = [k.strip() for k in fields.get("keywords", "").split(",") if k.strip() and k.strip() != topic]
                fields["keywords"] = ", ".join([topic, *kept])
            match = _duplicate_of(fields, existing)
            if match:
                key, why = match
                result.duplicates.append((source, key, why))
                if merge and key in in_file:
                    _merge_into(bib, key, fields)
                    result.merged.append(key)
                continue
            key = _key_for(fields, taken)
            taken.add(key)
            existing.append({"key": key, "doi": fields.get("doi", "").lower(), "arxiv_id": fields.get("eprint", ""),
                             "title": decode_latex(fields["title"])})
            new_entries.append(render_entry(key, fields))
            if fields.get("_fulltext"):
                texts[key] = fields["_fulltext"]
            result.added.append(key)
    if new_entries:
        for key, text in texts.items():
            atomic_write_text(corpus_dir / TEXTS_DIR / f"{key}.txt", text)
        append_entries(bib, new_entries)
    return result


def _incomplete(fields: dict, source: str) -> Problem | None:
    missing = [f for f in ("title", "year") if not str(fields.get(f, "")).strip()]
    if missing:
        return Problem(source, None, fields.get("_key"), "error",
                       f"no {' or '.join(missing)} found; give them with --title/--year (and --author)")
    if not re.fullmatch(r"\d{4}", str(fields["year"]).strip()):
        return Problem(source, None, fields.get("_key"), "error", f"year {fields['year']!r} is not a four-digit year")
    return None


def _duplicate_of(fields: dict, existing: list[dict]) -> tuple[str, str] | None:
    """(key, reason) of the paper this candidate repeats: same DOI, same arXiv id, or near-identical title."""
    doi = normalise_doi(fields.get("doi", ""))
    arxiv = re.sub(r"v\d+$", "", fields.get("eprint", "")) if fields.get("archiveprefix", "").lower() == "arxiv" else ""
    title = normalise_title(decode_latex(fields.get("title", "")))
    for p in existing:
        if doi and doi == p["doi"]:
            return p["key"], f"same DOI {doi}"
        if arxiv and arxiv == p["arxiv_id"]:
            return p["key"], f"same arXiv id {arxiv}"
        if similar_titles(title, normalise_title(p["title"])):
            return p["key"], "near-identical title"
    return None


def _key_for(fields: dict, taken: set[str]) -> str:
    """The source's own key when it is well-formed, safe and free; else firstauthorYEARword."""
    own = fields.get("_key", "")
    if own and is_safe_key(own) and KEY_FORM.match(own) and own not in taken:
        return own
    return make_key(decode_latex(fields.get("author", "")), fields["year"], decode_latex(fields["title"]), taken)


def _merge_into(bib: Path, key: str, fields: dict) -> None:
    """Add to entry ``key`` the fields it lacks (its own values always win)."""
    import bibtexparser

    entry = next(e for e in bibtexparser.parse_string(bib.read_text(encoding="utf-8")).entries if e.key == key)
    current = {"ENTRYTYPE": entry.entry_type, "_latex": True, **{f.key.lower(): str(f.value) for f in entry.fields}}
    additions = {k: v if k in VERBATIM or fields.get("_latex") else escape_latex(str(v)) for k, v in fields.items()
                 if not k.startswith("_") and k != "ENTRYTYPE" and v and k not in current}
    if additions:
        replace_entry(bib, key, render_entry(key, {**current, **additions}))
