"""Evidence: the citable tables (claims, papers, topics) and their descriptor.

The names below are imported from their modules (and pandas with them) on first use, so that
``evidence.export.FORMATS`` can be listed without loading any table machinery.
"""
from __future__ import annotations

from ..registry import lazy_attributes

_FROM = {"build_evidence": ".build", "changes_markdown": ".changes", "diff_claims": ".changes",
         "summary_line": ".changes", "CURATED_COLUMNS": ".curated", "read_curated": ".curated",
         "EVIDENCE_FILES": ".descriptor", "datapackage": ".descriptor", "load_evidence": ".load",
         "read_table": ".load"}

__all__ = ["CURATED_COLUMNS", "EVIDENCE_FILES", "build_evidence", "changes_markdown", "diff_claims", "summary_line", "datapackage", "load_evidence", "read_curated", "read_table"]


__getattr__ = lazy_attributes(__name__, _FROM)
