"""Claims: find resource quantities in text, classify and normalise them (the extract contract)."""
from __future__ import annotations

import pandas as pd

from ..schema import CONTRACT, TEXT_FIELDS
from .extract import EXTRACTOR_VERSION, extract_claims

__all__ = ["EXTRACTOR_VERSION", "extract_claims", "extract_paper", "PAPER_CLAIM_COLUMNS"]

PAPER_CLAIM_COLUMNS = ["paper_key", "field", "sentence", *(c.name for c in CONTRACT)]
"""Columns of ``extract_paper``'s table: where the claim is, then the contract's fields."""


def extract_paper(paper: dict) -> pd.DataFrame:
    """Claims in one paper's title, abstract, annote and full text (columns ``PAPER_CLAIM_COLUMNS``)."""
    rows = []
    for field in TEXT_FIELDS:
        text = paper.get(field) or ""
        for claim in extract_claims(text):
            claim["sentence"] = text[claim.pop("sentence_start"):claim.pop("sentence_end")]
            rows.append({"paper_key": paper["key"], "field": field, **claim})
    return pd.DataFrame(rows, columns=PAPER_CLAIM_COLUMNS)
