"""Assemble a ``Document`` from what a reader finds: paragraphs, captions, footnotes and tables, in order."""
from __future__ import annotations

import re

from .model import Block, Document, TableCell

_SEPARATOR = "\n\n"
_NUMERIC = re.compile(r"[\s$€£~≈<>≥≤±+\-–—−]*[\d.,]+\s*(?:%|x|×)?\s*")
_MARKUP = re.compile(r"<[^<>]{0,80}>|\$|\\[a-zA-Z]+\{?|[{}]")


class DocumentBuilder:
    """Collects the pieces of a document; ``build`` lays them out as one text and records each block's offset."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._blocks: list[Block] = []
        self.notes: list[str] = []

    def paragraph(self, text: str, kind: str = "paragraph", section: str = "", page: int | None = None) -> None:
        """A paragraph, caption or footnote (whitespace inside is collapsed to single spaces)."""
        text = " ".join(text.split())
        if not text:
            return
        start = self._append(text)
        self._blocks.append(Block(kind, text, start, section, page))

    def table(self, name: str, caption: str, header: list[str], rows: list[list[str]], section: str = "",
              page: int | None = None) -> None:
        """A table: its header cells and body rows. The first column is the row header when its cells are words;
        each other cell becomes a block with its row and column headers."""
        header = [" ".join(_MARKUP.sub("", h).split()) for h in header]
        rows = [[" ".join(c.split()) for c in row] for row in rows if any(c.strip() for c in row)]
        if not rows:
            self.notes.append(f"{name or 'a table'}{_at(page)}: no rows, skipped")
            return
        width = max(len(header), *(len(r) for r in rows))
        header = header + [""] * (width - len(header))
        row_header = all(not _NUMERIC.fullmatch(r[0]) for r in rows if r and r[0])
        lines = [" | ".join(header)]
        line_cells: list[list[tuple[int, str, str, str]]] = []
        for r in rows:
            r = r + [""] * (width - len(r))
            cells = []
            line, offset = [], 0
            for j, c in enumerate(r):
                if j:
                    offset += 3
                if c and not (row_header and j == 0):
                    cells.append((offset, c, _MARKUP.sub("", r[0]) if row_header else "", header[j]))
                line.append(c)
                offset += len(c)
            lines.append(" | ".join(line))
            line_cells.append(cells)
        text = "\n".join(lines)
        start = self._append(text)
        headers = tuple(h for h in header if h)
        position = start + len(lines[0]) + 1
        for line, cells in zip(lines[1:], line_cells):
            for offset, c, row, column in cells:
                cell = TableCell(name or "Table", caption, row, column, headers)
                self._blocks.append(Block("cell", c, position + offset, section, page, cell))
            position += len(line) + 1

    def has_blocks(self) -> bool:
        return bool(self._blocks)

    def build(self) -> Document:
        return Document("".join(self._parts), self._blocks, self.notes)

    def _append(self, text: str) -> int:
        if self._parts:
            self._parts.append(_SEPARATOR)
            self._length += len(_SEPARATOR)
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        return start


def _at(page: int | None) -> str:
    return f" on page {page}" if page is not None else ""
