"""Claim review: a reviewer's decisions on evidence rows (accept, reject, correct) in corpus/reviews.csv.

Decisions are researcher inputs, like curated claims: each is checked against the evidence table
before anything is written (an unknown id, a missing reason or a correction that does not
normalise writes nothing), then written atomically, one row per evidence id. Each carries a
fingerprint of the quote and sentence it was made on, so that a later run can tell when the row
it was made on changed (see ``apply``).
"""
from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .._io import sha256_text
from .._publish import reading
from ..corpus.problems import Problem
from ..errors import LitevidenceError
from ..paths import ProjectPaths
from ..schema import CLAIMS, CORRECTABLE, REVIEWS, is_missing
from ..vocabulary import FIELD_VALUES
from ._table import decision_rows, decisions_table, upsert

if TYPE_CHECKING:
    import pandas as pd

DECISIONS = {"accept": "accepted", "reject": "rejected", "correct": "corrected"}
"""Decision in reviews.csv → the ``review`` state it gives the evidence row."""
STATED = ("value", "value_high", "unit", "per", "metric")
"""Corrected fields that change the canonical values (the others are classifications)."""
LOCK_NAME = "decisions.lock"
"""Lock file under .litevidence/ shared by every writer of a decision file."""


@dataclass(frozen=True)
class Decision:
    """One decision to record: on which row, what, why, and the corrected fields (name → text; empty keeps the row's own)."""

    evidence_id: str
    decision: str
    reason: str = ""
    changes: dict[str, str] = field(default_factory=dict)


def fingerprint(quote: object, sentence: object) -> str:
    """Hash of a row's quote and sentence (whitespace runs count as one space): what a decision was made on."""
    def text(value: object) -> str:
        return "" if is_missing(value) else " ".join(str(value).split())

    return sha256_text(text(quote), text(sentence))[:16]


def default_reviewer() -> str:
    """$LITEVIDENCE_REVIEWER, else the login name: who a decision is recorded for when no one is named."""
    return os.environ.get("LITEVIDENCE_REVIEWER") or getpass.getuser()


def read_reviews(path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """The decisions of reviews.csv (schema ``REVIEWS`` as text, plus ``line``); an unusable row is a problem, skipped."""
    rows, problems = review_rows(path)
    return decisions_table(rows, REVIEWS), problems


def review_rows(path: Path) -> tuple[list[dict], list[Problem]]:
    """``read_reviews`` without pandas: the usable decisions as dicts, and a problem per row skipped."""
    rows, problems = decision_rows(path, REVIEWS, "evidence_id")
    keep = []
    for row in rows:
        error = _row_error(row)
        if error:
            problems.append(Problem(str(path), row["line"], row["evidence_id"] or None, "error", f"{error} — decision skipped"))
        else:
            keep.append(row)
    return keep, problems


def corrected(row: dict, changes: dict[str, str]) -> dict:
    """The row's correctable and canonical fields after ``changes``; ValueError says why a correction cannot be made.

    A change of value, range, unit, per or metric is normalised by the code that reads curated claims
    (``evidence.curated.normalise_claim``), so a corrected row has the canonical values a curated one
    would; a change of the other fields leaves the canonical values as they are.
    """
    from ..evidence.curated import normalise_claim

    unknown = sorted(set(changes) - set(CORRECTABLE))
    if unknown:
        raise ValueError(f"{', '.join(unknown)} cannot be corrected; correct {', '.join(CORRECTABLE)}")
    out = {name: row.get(name) for name in (*CORRECTABLE, "canonical_value", "canonical_value_high", "canonical_unit")}
    for name, value in changes.items():
        if name not in ("value", "value_high", "unit", "metric", "subject", "per") and value not in FIELD_VALUES[name]:
            raise ValueError(f"{name} {value!r} is not one of {', '.join(FIELD_VALUES[name])}")
        out[name] = value
    if set(changes) & set(STATED):
        stated = normalise_claim({**{k: _text(v) for k, v in out.items()}, "paper_key": row.get("paper_key") or "?"})
        out.update({k: stated[k] for k in ("value", "value_high", "canonical_value", "canonical_value_high", "canonical_unit")})
    for name in ("value", "value_high", "canonical_value", "canonical_value_high"):
        out[name] = None if _text(out[name]) == "" else float(out[name])
    for name in ("unit", "metric", "per", "phase", "direction", "subject", "qualifier", "resource", "canonical_unit"):
        out[name] = None if _text(out[name]) == "" else str(out[name])
    return out


def record(project: Path, decisions: list[Decision], reviewer: str | None = None, today: date | None = None) -> list[str]:
    """Check every decision against evidence/claims.csv, then write them all to corpus/reviews.csv; a line per decision.

    Nothing is written when any decision is wrong (``LitevidenceError``: unknown id, no reason to
    reject, nothing or something invalid to correct). A row decided before keeps its place in the
    file and gets the new decision.
    """
    paths = ProjectPaths(project)
    claims = current_claims(paths).set_index("evidence_id", drop=False)
    previous, _ = read_reviews(paths.reviews)
    before = dict(zip(previous["evidence_id"], previous["decision"]))
    reviewer = (reviewer or default_reviewer()).strip()
    if not reviewer:
        raise LitevidenceError("no reviewer name", todo="give --reviewer NAME or set LITEVIDENCE_REVIEWER")
    stamp = (today or date.today()).isoformat()
    rows, said = [], []
    for d in decisions:
        if d.evidence_id not in claims.index:
            raise LitevidenceError(f"no evidence row {d.evidence_id!r}", paths.evidence / "claims.csv",
                                   todo="give an evidence_id of that file (run `litevidence run` first if the paper is new); "
                                        "nothing was written")
        if d.decision not in DECISIONS:
            raise LitevidenceError(f"{d.evidence_id}: decision {d.decision!r} is not one of {', '.join(DECISIONS)}")
        row = claims.loc[d.evidence_id].to_dict()
        reason = " ".join(d.reason.split())
        changes = {k: " ".join(str(v).split()) for k, v in d.changes.items() if v is not None and str(v).strip()}
        if d.decision == "reject" and not reason:
            raise LitevidenceError(f"{d.evidence_id}: a rejection needs a reason",
                                   todo="give one (--reason TEXT); nothing was written")
        if d.decision != "correct" and changes:
            raise LitevidenceError(f"{d.evidence_id}: only a correction changes fields",
                                   todo="use `review correct`; nothing was written")
        if d.decision == "correct":
            if not changes:
                raise LitevidenceError(f"{d.evidence_id}: nothing to correct",
                                       todo=f"give at least one of {', '.join('--' + c.replace('_', '-') for c in CORRECTABLE)}")
            try:
                fields = corrected(row, changes)
            except ValueError as e:
                raise LitevidenceError(f"{d.evidence_id}: {e}", todo="nothing was written") from None
            said.append(f"{d.evidence_id}: corrected to {describe_value(fields)}")
        else:
            said.append(f"{d.evidence_id}: {DECISIONS[d.decision]}" + (f" ({reason})" if reason else ""))
        if d.evidence_id in before:
            said[-1] += f"; replaces the earlier decision ({before[d.evidence_id]})"
        rows.append({"evidence_id": d.evidence_id, "paper_key": row["paper_key"], "decision": d.decision, "reason": reason,
                     **{name: changes.get(name, "") for name in CORRECTABLE}, "reviewer": reviewer, "date": stamp,
                     "fingerprint": fingerprint(row["quote"], row["sentence"])})
    upsert(paths.reviews, REVIEWS, "evidence_id", rows, paths.state / LOCK_NAME)
    return said


def current_claims(paths: ProjectPaths) -> pd.DataFrame:
    """evidence/claims.csv as the last run published it; a missing or outdated file says to run (``LitevidenceError``)."""
    from ..evidence.load import read_table

    path = paths.evidence / "claims.csv"
    if not path.exists():
        raise LitevidenceError("missing", path, todo="run `litevidence run` to build the evidence table first")
    with reading(paths.journal, paths.root):
        return read_table(path, CLAIMS)


def describe_value(fields: dict) -> str:
    """'1.3 MWh (1300 kWh)' or '2x' for a row's value, range, unit and canonical value."""
    def number(x) -> str:
        return f"{float(x):.12g}"

    stated = number(fields["value"]) if _text(fields.get("value")) else "?"
    if _text(fields.get("value_high")):
        stated += f"-{number(fields['value_high'])}"
    stated += f" {fields['unit']}" if _text(fields.get("unit")) else ""
    canonical = ""
    if _text(fields.get("canonical_value")) and (fields.get("canonical_unit") or "") not in ("", fields.get("unit")):
        canonical = number(fields["canonical_value"])
        if _text(fields.get("canonical_value_high")):
            canonical += f"-{number(fields['canonical_value_high'])}"
        canonical = f" ({canonical} {fields['canonical_unit']})"
    metric = f"{fields['metric']} " if _text(fields.get("metric")) else ""
    return f"{metric}{stated}{canonical}"


def _row_error(row: dict) -> str | None:
    """What makes a reviews.csv row unusable, or None."""
    if not row["evidence_id"]:
        return "no evidence_id"
    if row["decision"] not in DECISIONS:
        return f"decision {row['decision']!r} is not one of {', '.join(DECISIONS)}"
    if row["decision"] == "reject" and not row["reason"]:
        return "a rejection without a reason"
    changes = [name for name in CORRECTABLE if row[name]]
    if row["decision"] == "correct" and not changes:
        return "a correction that corrects no field"
    for name in ("value", "value_high"):
        if row[name]:
            try:
                float(row[name])
            except ValueError:
                return f"{name} {row[name]!r} is not a number"
    return None


def _text(value: object) -> str:
    """``value`` as stripped text; None and NaN as ''."""
    if is_missing(value):
        return ""
    return str(value).strip()
