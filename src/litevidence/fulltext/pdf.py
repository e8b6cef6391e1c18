"""PDF full texts: pypdf's text of each page, repaired (ligatures, hyphenation, sub- and superscript digits,
page numbers), then read as plain text with its page numbers."""
from __future__ import annotations

import logging
import re
from pathlib import Path

from . import READERS
from .model import Document
from .plaintext import parse_text

_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
              "\ufb06": "st"}
_CO2 = re.compile(r"\bCO\s([2₂])\b")
_POWER = re.compile(r"([×x]\s?10)\s([−-]?\d{1,2})(?=\s)")
_RAISED = re.compile(r"(\d\.\d+\s?[×x]\s?10)([−-]?\d{1,2})\b")
"""'1.4×103' is 1.4×10³ with the exponent set raised and the caret lost."""
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}\s*(?:of\s+\d{1,4})?\s*$", re.IGNORECASE | re.MULTILINE)


@READERS.register(".pdf")
def read_pdf(path: Path) -> Document:
    """The document of a PDF; one that cannot be opened is an empty document with a note saying why."""
    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            return Document("", [], [f"{path.name}: the PDF needs a password; give its text as {path.stem}.txt"])
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as e:  # noqa: BLE001 - pypdf raises many types for broken files; the corpus goes on
        return Document("", [], [f"{path.name}: not readable as PDF ({type(e).__name__}: {e})"])
    return parse_text(_without_running_lines([repair(p) for p in pages]), paged=True)


def _without_running_lines(pages: list[str]) -> list[str]:
    """Pages without their running head or foot: a first or last line that repeats on most pages."""
    if len(pages) < 2:
        return pages
    lines = [p.strip().splitlines() for p in pages]
    running = set()
    for pick in (0, -1):
        ends = [ls[pick].strip() for ls in lines if ls]
        running |= {e for e in set(ends) if ends.count(e) > len(pages) / 2 and e}
    return ["\n".join(line for line in ls if line.strip() not in running) for ls in lines]


def repair(text: str) -> str:
    """Undo what PDF text extraction does to words and numbers: ligature glyphs, 'CO 2' for CO₂, '× 10 6' for
    ×10⁶, and lines that are only a page number (hyphenation at line ends is mended when lines are joined)."""
    for glyph, letters in _LIGATURES.items():
        text = text.replace(glyph, letters)
    text = _CO2.sub(r"CO\1", text)
    text = _POWER.sub(r"\1^\2", text)
    text = _RAISED.sub(r"\1^\2", text)
    return _PAGE_NUMBER.sub("", text)
