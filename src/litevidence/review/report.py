"""What the evidence page says about the review: the rejected rows with their reasons, and the stale decisions."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..paths import ProjectPaths
from .apply import apply_reviews
from .decisions import read_reviews
from .screening import excluded_keys, read_screening

REJECTED_COLUMNS = ["evidence_id", "paper_key", "metric", "quote", "reason", "reviewer", "date"]
"""Columns of the list of rejected rows."""


@dataclass
class ReviewReport:
    """Rejected rows with the reason for each (``REJECTED_COLUMNS``), and stale decisions (``apply.STALE_COLUMNS``)."""

    rejected: pd.DataFrame
    stale: pd.DataFrame


def review_report(project: Path, claims: pd.DataFrame) -> ReviewReport:
    """The rejected rows of ``claims`` (the published evidence table) with their reasons from reviews.csv, and the
    decisions that no longer apply to it."""
    paths = ProjectPaths(project)
    reviews, _ = read_reviews(paths.reviews)
    screening, _ = read_screening(paths.screening)
    rejected = claims[claims["review"] == "rejected"].merge(
        reviews[["evidence_id", "reason", "reviewer", "date"]], on="evidence_id", how="left")
    stale = apply_reviews(claims, reviews, excluded_keys(screening)).stale
    return ReviewReport(rejected[REJECTED_COLUMNS].reset_index(drop=True), stale)
