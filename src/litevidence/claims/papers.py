"""Claims of whole papers: each bibliographic field and the full text, with where in the paper they are."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..fulltext import Block, Document
from ..schema import CONTRACT, TEXT_FIELDS
from .blocks import block_claims
from .extract import extract_claims

if TYPE_CHECKING:
    import pandas as pd

PAPER_CLAIM_COLUMNS = ["paper_key", "field", "sentence", *(c.name for c in CONTRACT), "locator", "section", "page", "table"]
"""Columns of ``extract_paper``'s table: where the claim is, the contract's fields, then its place in the paper."""

FIELD_LOCATORS = {"title": "Title", "abstract": "Abstract", "annote": "Curator's summary (annote)"}
"""The locator of a claim in a bibliographic field; full-text claims carry their block's (section, page, table)."""


def paper_claims(paper: dict) -> list[dict]:
    """Claims in one paper's title, abstract, annote and full text, as rows of ``PAPER_CLAIM_COLUMNS``.

    A full-text block that cannot be read gives a row with only ``field`` and ``problem`` (what was skipped
    and where) instead of claims; ``extract_paper`` leaves those out, the pipeline reports them.
    """
    rows = []
    for field in TEXT_FIELDS:
        text = paper.get(field) or ""
        if field == "fulltext":
            doc = Document.from_json(text, paper.get("fulltext_blocks") or "") if text else Document("")
            if text and not doc.blocks:
                doc = Document(text, [Block("paragraph", text, 0)])
            claims, notes = block_claims(doc)
            rows += [{"paper_key": paper["key"], "field": field, **claim} for claim in claims]
            rows += [{"paper_key": paper["key"], "field": field, "problem": note} for note in notes]
            continue
        for claim in extract_claims(text):
            claim["sentence"] = text[claim.pop("sentence_start"):claim.pop("sentence_end")]
            rows.append({"paper_key": paper["key"], "field": field, **claim, "locator": FIELD_LOCATORS[field],
                         "section": None, "page": None, "table": None})
    return rows


def claims_of_papers(papers: list[dict]) -> list[list[dict]]:
    """``paper_claims`` of each paper, without the paper key: one chunk of work for a mapper."""
    return [[{k: v for k, v in row.items() if k != "paper_key"} for row in paper_claims(p)] for p in papers]


def extract_paper(paper: dict) -> pd.DataFrame:
    """``paper_claims`` as a table (columns ``PAPER_CLAIM_COLUMNS``), problems left out."""
    import pandas as pd

    return pd.DataFrame([r for r in paper_claims(paper) if "problem" not in r], columns=PAPER_CLAIM_COLUMNS)
