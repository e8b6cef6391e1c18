"""Helpers of the review tests, imported by name (a second conftest.py would shadow tests/conftest.py for `from conftest import`)."""
from __future__ import annotations

from pathlib import Path

from litevidence.evidence import read_table
from litevidence.schema import CLAIMS

DATA = Path(__file__).parent.parent / "data"


def claims_of(project: Path):
    """The project's evidence/claims.csv, typed."""
    return read_table(project / "evidence" / "claims.csv", CLAIMS)


def row_id(project: Path, paper: str, quote: str) -> str:
    """The evidence id of the row of ``paper`` whose quote is ``quote``."""
    claims = claims_of(project)
    hit = claims[(claims["paper_key"] == paper) & (claims["quote"] == quote)]
    assert len(hit) == 1, (paper, quote, list(claims.loc[claims["paper_key"] == paper, "quote"]))
    return hit["evidence_id"].iloc[0]
