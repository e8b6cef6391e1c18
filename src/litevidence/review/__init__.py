"""The reviewer in the loop: claim review, paper screening and the PRISMA flow, kept apart from the evidence build.

Decisions live in corpus/ (reviews.csv, screening.csv; records.csv says where each record came
from); ``apply_reviews`` is the step the pipeline runs after ``build_evidence``. The names below are
imported from their modules on first use.
"""
from __future__ import annotations

import importlib
from typing import Any

_FROM = {"Decision": ".decisions", "record": ".decisions", "read_reviews": ".decisions", "fingerprint": ".decisions",
         "apply_reviews": ".apply", "stale_markdown": ".apply", "pending": ".queue",
         "read_screening": ".screening", "record_screening": ".screening", "excluded_keys": ".screening",
         "reasons": ".screening", "record_additions": ".records", "read_records": ".records",
         "prisma_counts": ".prisma", "prisma_table": ".prisma", "review_report": ".report"}

__all__ = sorted(_FROM)


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use."""
    if name in _FROM:
        value = getattr(importlib.import_module(_FROM[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
