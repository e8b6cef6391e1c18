"""Full texts as researchers keep them (PDF, Markdown from a converter, HTML, plain text) read into blocks with places.

A reader per file suffix (``READERS``) turns a document into a ``Document``: its plain text and a
list of ``Block`` s (paragraph, caption, footnote, table cell) with their place: section path,
page, table and row/column headers. References sections and text a converter wrote rather than
the authors (figure descriptions, image alt text) are left out. The claims stage extracts from the
blocks; every claim's locator comes from its block.
"""
from __future__ import annotations

from pathlib import Path

from ..registry import Registry
from .model import Block, Document, TableCell

READERS: Registry = Registry("full-text reader")
"""Suffix ('.md', '.txt', '.pdf', '.html') → a function ``path -> Document``."""

__all__ = ["Block", "Document", "READERS", "TableCell", "read_document", "suffixes"]


def suffixes() -> list[str]:
    """The file suffixes a full text may have."""
    _load_readers()
    return READERS.names()


def read_document(path: Path) -> Document:
    """The document at ``path``, read by the reader registered for its suffix."""
    _load_readers()
    return READERS.get(Path(path).suffix.lower())(Path(path))


def _load_readers() -> None:
    """Import the built-in readers (each registers itself), once."""
    from . import html, markdown, pdf, plaintext  # noqa: F401
