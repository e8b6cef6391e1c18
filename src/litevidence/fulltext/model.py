"""The document model: blocks of text with their place, and table cells with their headers."""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class TableCell:
    """One table cell with what it is read against: the table's name and caption, its row and column headers."""

    table: str
    """'Table 4', or 'Table' when the document does not number it."""
    caption: str
    row: str
    column: str
    headers: tuple[str, ...] = ()
    """Every column header of the table, for context ('Strategy', 'GPU-hours', 'Reduction')."""


@dataclass(frozen=True)
class Block:
    """A stretch of the document's plain text with its place.

    ``kind`` is paragraph, caption, footnote or cell; ``start`` is the offset of ``text`` in the
    document's text; ``section`` the heading path ('4 Results > 4.1 Energy'); ``page`` 1-based
    where the format has pages.
    """

    kind: str
    text: str
    start: int
    section: str = ""
    page: int | None = None
    cell: TableCell | None = None

    def locator(self) -> str:
        """Where the block is, as a reader looks it up: 'Section 4.1 Energy, page 7', 'Table 4, row GPT-3, column
        Energy (MWh), page 7', 'Figure caption, page 3'."""
        parts = []
        if self.cell is not None:
            parts.append(self.cell.table)
            if self.cell.row:
                parts.append(f"row {self.cell.row}")
            if self.cell.column:
                parts.append(f"column {self.cell.column}")
        else:
            if self.kind == "caption":
                label = re.match(r"[*_\s]*((?:Table|Figure|Fig\.|Listing|Algorithm)\s*[A-Z]?\d+[a-z]?)", self.text)
                parts.append(f"{label.group(1)} caption" if label else "caption")
            elif self.kind == "footnote":
                parts.append("footnote")
            if self.section:
                parts.append(f"Section {self.section.split(' > ')[-1]}")
        if self.page is not None:
            parts.append(f"page {self.page}")
        return ", ".join(parts) if parts else "Full text"


@dataclass
class Document:
    """A full text: its plain text and its blocks (each ``text == Document.text[start:start + len(text)]``)."""

    text: str
    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the reader could not read, with the place ('Table 2 on page 3: no rows, skipped'); references and
    converter-written text are left out on purpose and not noted."""

    def to_json(self) -> str:
        """The blocks as JSON (stored beside the text in the papers table; stable for equal documents)."""
        return json.dumps([_block_json(b) for b in self.blocks], ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str, blocks_json: str) -> "Document":
        blocks = []
        for b in json.loads(blocks_json) if blocks_json else []:
            cell = TableCell(**{**b["cell"], "headers": tuple(b["cell"]["headers"])}) if b.get("cell") else None
            blocks.append(Block(b["kind"], text[b["start"]:b["start"] + b["length"]], b["start"], b.get("section", ""),
                                b.get("page"), cell))
        return cls(text, blocks)


def _block_json(b: Block) -> dict:
    out = {"kind": b.kind, "start": b.start, "length": len(b.text)}
    if b.section:
        out["section"] = b.section
    if b.page is not None:
        out["page"] = b.page
    if b.cell is not None:
        out["cell"] = asdict(b.cell)
    return out
