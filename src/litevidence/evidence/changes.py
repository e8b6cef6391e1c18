"""What changed in the evidence table between two runs: rows added, removed and changed, by paper and metric."""
from __future__ import annotations

import pandas as pd

from .._io import markdown_table

from ..schema import CLAIMS

CHANGE_COLUMNS = ["change", "evidence_id", "paper_key", "metric", "quote", "fields"]
"""One row per changed evidence row: added, removed or changed; ``fields`` lists what changed."""
_COMPARED = [c for c in CLAIMS.names if c not in ("evidence_id", "extractor_version")]


def diff_claims(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Rows added, removed and changed (same evidence id, other content), sorted by paper and id."""
    both = old.merge(new, on="evidence_id", how="outer", suffixes=("_old", ""), indicator=True)
    changed_fields = pd.Series("", index=both.index)
    for column in _COMPARED:
        a, b = both[f"{column}_old"].astype("string"), both[column].astype("string")
        numeric_a, numeric_b = pd.to_numeric(a, errors="coerce"), pd.to_numeric(b, errors="coerce")
        same = (a == b).fillna(False) | (a.isna() & b.isna()) | (numeric_a == numeric_b).fillna(False)
        changed_fields = changed_fields.where(same, changed_fields + ", " + column)
    kind = both["_merge"].map({"right_only": "added", "left_only": "removed", "both": "changed"})
    for column in ("paper_key", "metric", "quote"):
        both[column] = both[column].where(kind != "removed", both[f"{column}_old"])
    out = pd.DataFrame({"change": kind, "evidence_id": both["evidence_id"], "paper_key": both["paper_key"],
                        "metric": both["metric"], "quote": both["quote"],
                        "fields": changed_fields.str.lstrip(", ").where(kind == "changed", "")})
    out = out[(out["change"] != "changed") | (out["fields"] != "")]
    return out.sort_values(["paper_key", "change", "evidence_id"], kind="stable").reset_index(drop=True)[CHANGE_COLUMNS]


def changes_markdown(changes: pd.DataFrame, old_rows: int, new_rows: int) -> str:
    """reports/changes.md: counts, then a table per paper and metric, then every row."""
    counts = changes["change"].value_counts()
    lines = ["# What changed in the evidence table", "",
             f"{old_rows} rows before, {new_rows} now: {counts.get('added', 0)} added, "
             f"{counts.get('removed', 0)} removed, {counts.get('changed', 0)} changed.", ""]
    if changes.empty:
        return "\n".join(lines + ["No row changed.", ""])
    summary = (changes.groupby(["paper_key", "metric", "change"]).size().unstack(fill_value=0)
               .reindex(columns=["added", "changed", "removed"], fill_value=0).reset_index())
    summary.columns.name = None
    return "\n".join(lines) + "\n" + markdown_table(summary) + "\n" + markdown_table(changes)


def summary_line(changes: pd.DataFrame) -> str:
    """'3 added (2 papers), 1 removed, 0 changed' for the end of a run."""
    counts = changes["change"].value_counts()
    added = changes[changes["change"] == "added"]
    return (f"{counts.get('added', 0)} added ({added['paper_key'].nunique()} papers), "
            f"{counts.get('removed', 0)} removed, {counts.get('changed', 0)} changed")
