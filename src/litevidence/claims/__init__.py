"""Claims: find resource quantities in text, classify and normalise them (the extract contract)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from .._io import sha256_text

from ..schema import CONTRACT, TEXT_FIELDS
from .extract import EXTRACTOR_VERSION, extract_claims

__all__ = ["EXTRACTOR_VERSION", "extract_claims", "extract_paper", "paper_claims", "claims_of_papers",
           "extractor_fingerprint", "PAPER_CLAIM_COLUMNS"]

PAPER_CLAIM_COLUMNS = ["paper_key", "field", "sentence", *(c.name for c in CONTRACT)]
"""Columns of ``extract_paper``'s table: where the claim is, then the contract's fields."""


def paper_claims(paper: dict) -> list[dict]:
    """Claims in one paper's title, abstract, annote and full text, as rows of ``PAPER_CLAIM_COLUMNS``."""
    rows = []
    for field in TEXT_FIELDS:
        text = paper.get(field) or ""
        for claim in extract_claims(text):
            claim["sentence"] = text[claim.pop("sentence_start"):claim.pop("sentence_end")]
            rows.append({"paper_key": paper["key"], "field": field, **claim})
    return rows


def claims_of_papers(papers: list[dict]) -> list[list[dict]]:
    """``paper_claims`` of each paper, without the paper key: one chunk of work for a mapper."""
    return [[{k: v for k, v in row.items() if k != "paper_key"} for row in paper_claims(p)] for p in papers]


def extract_paper(paper: dict) -> pd.DataFrame:
    """``paper_claims`` as a table (columns ``PAPER_CLAIM_COLUMNS``)."""
    return pd.DataFrame(paper_claims(paper), columns=PAPER_CLAIM_COLUMNS)


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """Version plus a hash of the extractor's code and unit data, so cached claims expire when either changes."""
    here = Path(__file__).parent
    sources = sorted([*here.glob("*.py"), *here.glob("*.txt")])
    return f"{EXTRACTOR_VERSION}+{sha256_text(*(p.read_text(encoding='utf-8') for p in sources))[:12]}"
