"""Apply the reviewer's decisions to a freshly built evidence table: the step the pipeline runs after ``build_evidence``.

A decision applies only to the row it was made on: the same evidence id with the same quote and
sentence (``decisions.fingerprint``). A decision whose row is gone, or whose row's sentence
changed, is stale: it is reported, kept in reviews.csv, and applied to nothing. Decisions on rows of
papers excluded at screening wait, unapplied and unreported, in case the paper comes back.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .._io import markdown_table
from ..schema import CLAIMS, CORRECTABLE
from .decisions import DECISIONS, corrected, fingerprint

STALE_COLUMNS = ["evidence_id", "paper_key", "decision", "reviewer", "date", "why"]
"""Columns of the table of stale decisions (run output, reports/changes.md, the evidence page)."""


@dataclass
class Reviewed:
    """The evidence table with decisions applied, the stale decisions, and how many wait on excluded papers."""

    claims: pd.DataFrame
    stale: pd.DataFrame
    waiting: int = 0
    applied: dict[str, int] = field(default_factory=dict)
    """Decisions applied, by the state they gave (accepted, rejected, corrected)."""


def apply_reviews(claims: pd.DataFrame, reviews: pd.DataFrame, excluded: set[str] | frozenset[str] = frozenset()) -> Reviewed:
    """``claims`` with ``review`` set and corrections in place; ``reviews`` as ``read_reviews`` gives them.

    ``excluded`` are the keys of papers excluded at screening (their rows are not in ``claims``).
    The input table is not changed.
    """
    table = claims.copy()
    table["review"] = "unreviewed"
    where = {ident: i for i, ident in enumerate(table["evidence_id"])}
    stale, waiting, applied = [], 0, {state: 0 for state in DECISIONS.values()}
    for d in reviews.to_dict("records"):
        i = where.get(d["evidence_id"])
        if i is None:
            if d["paper_key"] in excluded:
                waiting += 1
            else:
                stale.append({**d, "why": "its row is no longer in the evidence table"})
            continue
        row = table.iloc[i].to_dict()
        if fingerprint(row["quote"], row["sentence"]) != d["fingerprint"]:
            stale.append({**d, "why": "the row's quote or sentence changed since the decision"})
            continue
        if d["decision"] == "correct":
            try:
                fields = corrected(row, {name: d[name] for name in _changed(d)})
            except ValueError as e:
                stale.append({**d, "why": f"the correction no longer applies: {e}"})
                continue
            for name, value in fields.items():
                table.iat[i, table.columns.get_loc(name)] = value
        state = DECISIONS[d["decision"]]
        table.iat[i, table.columns.get_loc("review")] = state
        applied[state] += 1
    stale_table = pd.DataFrame(stale, columns=STALE_COLUMNS)
    return Reviewed(CLAIMS.conform(_typed(table)), stale_table.reset_index(drop=True), waiting, applied)


def stale_markdown(stale: pd.DataFrame) -> str:
    """The section of reports/changes.md that lists stale decisions ('' when there is none)."""
    if stale.empty:
        return ""
    return ("\n## Stale review decisions\n\n"
            f"{len(stale)} decision(s) in corpus/reviews.csv were not applied: the row each was made on is gone or "
            "changed. They are kept; review the row again (`litevidence review`) or delete the decision.\n\n"
            + markdown_table(stale))


def _changed(decision: dict) -> list[str]:
    """The fields a correction decision corrects (its non-empty correctable cells)."""
    return [name for name in CORRECTABLE if decision.get(name)]


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    """Numbers stay float64 after corrections were written cell by cell."""
    for name in ("value", "value_high", "canonical_value", "canonical_value_high"):
        table[name] = pd.to_numeric(table[name]).astype("float64")
    return table
