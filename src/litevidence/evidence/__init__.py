"""Evidence: the citable tables (claims, papers, topics) and their descriptor."""
from __future__ import annotations

from .build import build_evidence
from .changes import changes_markdown, diff_claims, summary_line
from .curated import CURATED_COLUMNS, read_curated
from .datapackage import EVIDENCE_FILES, datapackage
from .load import load_evidence, read_table

__all__ = ["CURATED_COLUMNS", "EVIDENCE_FILES", "build_evidence", "changes_markdown", "diff_claims", "summary_line", "datapackage", "load_evidence", "read_curated", "read_table"]
