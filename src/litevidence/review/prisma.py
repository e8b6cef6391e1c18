"""PRISMA 2020 flow counts from the project's actual files: records.csv, papers.bib, screening.csv and the evidence table."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..paths import ProjectPaths
from .records import read_records, source_label
from .screening import read_screening, reasons

PRISMA_COLUMNS = ["stage", "box", "item", "n"]
"""One row per count: the PRISMA stage (identification, screening, included), its box, what is counted, how many."""
HAND_ENTERED = "papers.bib (entered by hand)"
"""The source of papers that are in papers.bib without a record of `add` (the curated corpus, hand edits)."""


def prisma_counts(paper_keys: list[str], records: pd.DataFrame, screening: pd.DataFrame,
                  claims: pd.DataFrame) -> pd.DataFrame:
    """The flow's counts (``PRISMA_COLUMNS``) from the corpus keys, records.csv, screening.csv and claims.

    Identified records are the corpus's papers and the duplicates `add` turned away, by source;
    screening counts decisions (exclusions per reason code); the evidence box counts the papers
    still in the evidence and its rows by review state.
    """
    keys = set(paper_keys)
    added = records[records["outcome"] == "added"]
    duplicates = records[records["outcome"] == "duplicate"]
    rows = []
    found = added.assign(label=[source_label(s, v) for s, v in zip(added["source"], added["via"])])
    dup = duplicates.assign(label=[source_label(s, v) for s, v in zip(duplicates["source"], duplicates["via"])])
    by_source = pd.concat([found["label"], dup["label"]]).value_counts()
    hand = len(keys - set(added["key"]))
    if hand:
        by_source[HAND_ENTERED] = hand
    for label, n in sorted(by_source.items(), key=lambda item: (item[0] == HAND_ENTERED, item[0])):
        rows.append(("identification", "identified", label, int(n)))
    rows.append(("identification", "removed", "duplicate records", len(duplicates)))
    rows.append(("identification", "removed", "no longer in papers.bib", int((~added["key"].isin(keys)).sum())))

    decided = screening[screening["key"].isin(keys)]
    decision = decided["decision"].value_counts()
    rows.append(("screening", "screened", "records in the corpus", len(keys)))
    rows.append(("screening", "screened", "records screened", len(decided)))
    excluded = decided[decided["decision"] == "exclude"]
    codes = reasons()
    for code, n in excluded["reason"].value_counts().sort_index().items():
        rows.append(("screening", "excluded", f"{codes[code].label} ({code})" if code in codes else code, int(n)))
    rows.append(("screening", "awaiting", "not yet screened", len(keys) - len(decided)))
    rows.append(("screening", "awaiting", "maybe", int(decision.get("maybe", 0))))

    rows.append(("included", "included", "papers included", int(decision.get("include", 0))))
    rows.append(("included", "evidence", "papers in the evidence (included, maybe or not yet screened)",
                 len(keys) - len(excluded)))
    review = claims["review"].fillna("unreviewed")
    rows.append(("included", "rows", "evidence rows", len(claims)))
    rows.append(("included", "rows", "reviewed", int((review != "unreviewed").sum())))
    for state in ("accepted", "corrected", "rejected"):
        rows.append(("included", "rows", state, int((review == state).sum())))
    return pd.DataFrame(rows, columns=PRISMA_COLUMNS)


def prisma_table(project: Path) -> pd.DataFrame:
    """``prisma_counts`` of the project at ``project``, read from its files (the published evidence table for the rows)."""
    from ..corpus import read_corpus
    from .decisions import current_claims

    paths = ProjectPaths(project)
    papers, _ = read_corpus(paths.corpus)
    screening, _ = read_screening(paths.screening, set(papers["key"]))
    return prisma_counts(list(papers["key"]), read_records(paths.records), screening, current_claims(paths))
