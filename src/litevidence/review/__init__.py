"""The reviewer in the loop: claim review, paper screening and the PRISMA flow, kept apart from the evidence build.

Decisions live in corpus/ (reviews.csv, screening.csv; records.csv says where each record came
from); ``apply_reviews`` is the step the pipeline runs after ``build_evidence``. The names below are
imported from their modules on first use.
"""
from __future__ import annotations

from ..registry import lazy_attributes

_FROM = {"Decision": ".decisions", "record": ".decisions", "read_reviews": ".decisions", "fingerprint": ".decisions",
         "apply_reviews": ".apply", "stale_markdown": ".apply", "pending": ".queue",
         "read_screening": ".screening", "record_screening": ".screening", "excluded_keys": ".screening",
         "reasons": ".screening", "record_additions": ".records", "read_records": ".records",
         "prisma_counts": ".prisma", "prisma_table": ".prisma", "review_report": ".report"}

__all__ = sorted(_FROM)


__getattr__ = lazy_attributes(__name__, _FROM)
