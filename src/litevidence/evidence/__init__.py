"""Evidence: the citable tables (claims, papers, topics) and their descriptor.

The names below are imported from their modules (and pandas with them) on first use, so that
``evidence.export.FORMATS`` can be listed without loading any table machinery.
"""
from __future__ import annotations

import importlib
from typing import Any

_FROM = {"build_evidence": ".build", "changes_markdown": ".changes", "diff_claims": ".changes",
         "summary_line": ".changes", "CURATED_COLUMNS": ".curated", "read_curated": ".curated",
         "EVIDENCE_FILES": ".descriptor", "datapackage": ".descriptor", "load_evidence": ".load",
         "read_table": ".load"}

__all__ = ["CURATED_COLUMNS", "EVIDENCE_FILES", "build_evidence", "changes_markdown", "diff_claims", "summary_line", "datapackage", "load_evidence", "read_curated", "read_table"]


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use."""
    if name in _FROM:
        value = getattr(importlib.import_module(_FROM[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
