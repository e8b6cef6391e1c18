"""Paper screening: include, exclude or maybe per paper in corpus/screening.csv, with a reason code from the vocabulary.

Papers start unscreened (no row). An excluded paper stays in papers.bib but leaves the evidence,
the topics and the figures; included, maybe and unscreened papers stay in them.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..corpus.problems import Problem
from ..errors import LitevidenceError
from ..paths import ProjectPaths
from ..schema import SCREENING
from ..vocabulary import HERE as VOCABULARY
from ._table import decision_rows, decisions_table, upsert
from .decisions import LOCK_NAME, default_reviewer

if TYPE_CHECKING:
    import pandas as pd

SCREEN_DECISIONS = ("include", "exclude", "maybe")
REASONS_FILE = VOCABULARY / "screening_reasons.csv"
"""The reason codes a screening decision may give: a reviewed data file a project extends with a line."""


@dataclass(frozen=True)
class Reason:
    """A reason code: the decisions it may go with, a label for the PRISMA diagram, and what it means."""

    code: str
    decisions: tuple[str, ...]
    label: str
    description: str


@lru_cache(maxsize=1)
def reasons() -> dict[str, Reason]:
    """Reason code → ``Reason``, in the order of ``screening_reasons.csv`` (read once)."""
    with REASONS_FILE.open(encoding="utf-8", newline="") as f:
        return {r["code"]: Reason(r["code"], tuple(r["decisions"].split()), r["label"], r["description"])
                for r in csv.DictReader(f)}


def read_screening(path: Path, keys: set[str] | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """The decisions of screening.csv (schema ``SCREENING`` as text, plus ``line``); a row that cannot be used is a problem.

    With ``keys`` (the papers of papers.bib), a decision on another key is a warning and skipped.
    """
    rows, problems = screening_rows(path, keys)
    return decisions_table(rows, SCREENING), problems


def screening_rows(path: Path, keys: set[str] | None = None) -> tuple[list[dict], list[Problem]]:
    """``read_screening`` without pandas: the usable decisions as dicts, and a problem per row skipped."""
    rows, problems = decision_rows(path, SCREENING, "key")
    keep = []
    for row in rows:
        error = _problem(row["decision"], row["reason"])
        severity = "error"
        if error is None and keys is not None and row["key"] not in keys:
            error, severity = f"paper {row['key']!r} is not in papers.bib", "warning"
        if error:
            problems.append(Problem(str(path), row["line"], row["key"] or None, severity, f"{error} — decision skipped"))
        else:
            keep.append(row)
    return keep, problems


def excluded_keys(screening: pd.DataFrame) -> set[str]:
    """Keys of the papers excluded at screening: they leave evidence, topics and figures."""
    return set(screening.loc[screening["decision"] == "exclude", "key"])


def record_screening(project: Path, keys: list[str], decision: str, reason: str = "", note: str = "",
                     reviewer: str | None = None, today: date | None = None) -> list[str]:
    """Check the decision on each of ``keys``, then write them to corpus/screening.csv; a line per paper.

    Nothing is written when anything is wrong (``LitevidenceError``): a key not in papers.bib, a
    decision or reason code that is not known, or an exclusion without a reason.
    """
    from ..corpus import read_corpus

    paths = ProjectPaths(project)
    papers, _ = read_corpus(paths.corpus)
    known = set(papers["key"])
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise LitevidenceError(f"no paper {', '.join(map(repr, unknown))}", paths.bib,
                               todo="give keys of papers.bib; nothing was written")
    error = _problem(decision, reason)
    if error:
        raise LitevidenceError(error, todo="nothing was written")
    reviewer = (reviewer or default_reviewer()).strip()
    if not reviewer:
        raise LitevidenceError("no reviewer name", todo="give --reviewer NAME or set LITEVIDENCE_REVIEWER")
    previous, _ = read_screening(paths.screening)
    before = dict(zip(previous["key"], previous["decision"]))
    stamp = (today or date.today()).isoformat()
    note = " ".join(note.split())
    rows = [{"key": k, "decision": decision, "reason": reason, "note": note, "reviewer": reviewer, "date": stamp}
            for k in dict.fromkeys(keys)]
    upsert(paths.screening, SCREENING, "key", rows, paths.state / LOCK_NAME)
    return [f"{k}: {decision}" + (f" ({reason})" if reason else "")
            + (f"; replaces the earlier decision ({before[k]})" if k in before else "") for k in dict.fromkeys(keys)]


@dataclass
class ScreeningQueue:
    """The papers awaiting a screening decision, in the order to screen them, with the counts around them."""

    todo: pd.DataFrame
    papers: int
    screened: int
    order: str
    """How ``todo`` is ordered, in words."""


def screening_queue(project: Path, maybe: bool = False, backend: str | None = None) -> ScreeningQueue:
    """The project's unscreened papers (or, with ``maybe``, those marked maybe), most likely to be included first.

    ``rank.rank_unscreened`` learns from the include and exclude decisions so far, on the vectors of
    the search index `run` leaves for ``backend`` (the pipeline's default when None).
    """
    from ..corpus import read_corpus
    from ..search import corpus_vectors
    from .rank import rank_unscreened

    paths = ProjectPaths(project)
    papers, _ = read_corpus(paths.corpus)
    screening, _ = read_screening(paths.screening, set(papers["key"]))
    if maybe:
        todo = papers[papers["key"].isin(set(screening.loc[screening["decision"] == "maybe", "key"]))]
    else:
        todo = papers[~papers["key"].isin(set(screening["key"]))]
    decided = {k: d == "include" for k, d in zip(screening["key"], screening["decision"]) if d != "maybe"}
    keys, vectors = corpus_vectors(paths.root, backend)
    rank = {key: n for n, key in enumerate(rank_unscreened(vectors, keys, decided))}
    todo = todo.assign(_rank=todo["key"].map(rank)).sort_values(["_rank", "key"], kind="stable", na_position="last")
    return ScreeningQueue(todo.drop(columns="_rank").reset_index(drop=True), len(papers), len(screening),
                          f"most likely to be included first (learned from {len(decided)} decisions)")


def _problem(decision: str, reason: str) -> str | None:
    """What is wrong with a decision and its reason code, or None."""
    known = reasons()
    if decision not in SCREEN_DECISIONS:
        return f"decision {decision!r} is not one of {', '.join(SCREEN_DECISIONS)}"
    if decision == "exclude" and not reason:
        return f"an exclusion needs a reason code: one of {', '.join(c for c, r in known.items() if 'exclude' in r.decisions)}"
    if reason and reason not in known:
        fitting = [c for c, r in known.items() if decision in r.decisions]
        return (f"reason {reason!r} is not a code of {REASONS_FILE.name}; for {decision}: {', '.join(fitting)} "
                f"(add a line to {REASONS_FILE} for a new one)")
    if reason and decision not in known[reason].decisions:
        return f"reason {reason!r} goes with {' or '.join(known[reason].decisions)}, not {decision}"
    return None
