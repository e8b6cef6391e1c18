"""Claims: find resource quantities in text, classify and normalise them (the extract contract).

The names below are imported from their modules on first use, so that a command reading one
unit table or the fingerprint does not compile the whole extractor.
"""
from __future__ import annotations

from ..registry import lazy_attributes

_FROM = {"EXTRACTOR_VERSION": ".version", "RULES_VERSION": ".version", "extractor_fingerprint": ".version",
         "extract_claims": ".extract", "extract_paper": ".papers", "paper_claims": ".papers",
         "claims_of_papers": ".papers", "PAPER_CLAIM_COLUMNS": ".papers", "FIELD_LOCATORS": ".papers"}

__all__ = ["EXTRACTOR_VERSION", "extract_claims", "extract_paper", "paper_claims", "claims_of_papers",
           "extractor_fingerprint", "PAPER_CLAIM_COLUMNS"]

__getattr__ = lazy_attributes(__name__, _FROM)
