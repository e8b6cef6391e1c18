"""Claims of a full text, block by block: paragraphs as text, table cells read against their headers.

A cell is read in a sentence made of its table: the caption, the column headers, then "<column> is
<cell> <unit>", with the unit taken from the column header ('Energy (MWh)') when the cell has none; its
row header is the claim's subject. The claim keeps the cell as its quote and a readable reconstruction as its sentence
('GPT-3 · Energy (MWh) · 1,287'). Any block that cannot be read is skipped with a note; the others go on.
"""
from __future__ import annotations

import re

from ..fulltext import Block, Document
from .extract import extract_claims
from .lexicon import stated_unit
from .quantities import find_quantities
from .textview import TextView

_BRACKET_UNIT = re.compile(r"\s*(?:\((?P<p>[^()]{1,25})\)|\[(?P<b>[^\[\]]{1,25})\])\s*$")
_TRAILING_UNIT = re.compile(r"\s*(?:,\s*(?P<c>[^,]{1,20})|\bin\s+(?P<i>\S{1,20}))\s*$")
_SPREAD_COLUMN = re.compile(r"\b(?:std|s\.?d\.?|stdev|st\.?\s?dev|standard deviation|variance|var|error|err|uncertainty|"
                            r"ci|conf(?:idence)?|iqr|rank|#|id|no\.?)\b|±", re.IGNORECASE)


def block_claims(doc: Document) -> tuple[list[dict], list[str]]:
    """Claims of every block of ``doc`` with offsets into ``doc.text``, and a note for each block skipped."""
    rows: list[dict] = []
    notes: list[str] = []
    for block in doc.blocks:
        try:
            found = _cell_claims(block) if block.cell is not None else _text_claims(block)
        except Exception as e:  # noqa: BLE001 - one odd string must not stop the corpus
            notes.append(f"{block.locator()}: skipped ({type(e).__name__}: {e})")
            continue
        for claim in found:
            claim.update(section=block.section or None, page=block.page, locator=block.locator(),
                         table=_table_address(block))
            rows.append(claim)
    return rows, notes


def _text_claims(block: Block) -> list[dict]:
    out = []
    for claim in extract_claims(block.text):
        claim["sentence"] = block.text[claim.pop("sentence_start"):claim.pop("sentence_end")]
        claim["start"] += block.start
        claim["end"] += block.start
        out.append(claim)
    return out


def _cell_claims(block: Block) -> list[dict]:
    """The claim a table cell states, read with its column's unit and the table's words around it."""
    cell = block.cell
    if _SPREAD_COLUMN.search(cell.column) or not re.search(r"\d", block.text):
        return []
    unit, column = _header_unit(cell.column) if not _has_unit(block.text) else ("", cell.column)
    if not unit and not _has_unit(block.text):
        unit, row = _header_unit(cell.row)  # a transposed table: the unit is in the row header ('Energy (MWh)')
        column = f"{column} {row}".strip() if unit else column
    context = " ".join(p for p in (cell.caption.rstrip(". "), "Columns: " + ", ".join(cell.headers)) if p)
    lead = f"{context}. {column or 'The value'} is "
    statement = f"{lead}{block.text}{' ' + unit if unit else ''}."
    cell_end = len(lead) + len(block.text)
    sentence = " · ".join(p for p in (cell.row, cell.column, block.text) if p)
    out = []
    for claim in extract_claims(statement):
        if not (claim["start"] < cell_end and claim["end"] > len(lead)):
            continue
        claim.pop("sentence_start"), claim.pop("sentence_end")
        claim.update(quote=block.text, start=block.start, end=block.start + len(block.text), sentence=sentence,
                     subject=cell.row or claim["subject"])
        out.append(claim)
        break
    return out


def _header_unit(header: str) -> tuple[str, str]:
    """(unit, header without it) of a column or row header: 'Energy (MWh)', 'Water [L]', 'Cost, USD', 'Energy
    in kWh', or a header that is a unit itself ('GPU-hours'); ('', header) when it names none."""
    for pattern in (_BRACKET_UNIT, _TRAILING_UNIT):
        m = pattern.search(header)
        if m:
            return next(g for g in m.groups() if g).strip(), header[:m.start()].strip()
    if stated_unit(header) is not None:
        return header.strip(), ""
    return "", header


def _has_unit(cell: str) -> bool:
    """Does a cell state its own unit ('12 kWh', '$3', '45%'), rather than a bare number or range ('880–1,420')?"""
    view = TextView(cell).plain
    return any(q.unit is not None for q in find_quantities(view, 0, len(view)))


def _table_address(block: Block) -> str | None:
    if block.cell is None:
        return None
    parts = [block.cell.table]
    if block.cell.row:
        parts.append(f"row {block.cell.row}")
    if block.cell.column:
        parts.append(f"column {block.cell.column}")
    return ", ".join(parts)
