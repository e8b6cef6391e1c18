"""Plain text full texts (notes, or text taken out of a PDF): numbered headings, paragraphs, captions,
aligned tables; the references section left out. The PDF reader reads its pages' text through here."""
from __future__ import annotations

import re
from pathlib import Path

from . import READERS
from .builder import DocumentBuilder
from .model import Document
from .structure import (aligned_cells, aligned_table, caption_label, is_converter_text, is_footnote,
                        is_references_heading, named_heading, numbered_heading, numeric_row, numeric_table)


@READERS.register(".txt")
def read_text(path: Path) -> Document:
    return parse_text([path.read_text(encoding="utf-8")])


def parse_text(pages: list[str], paged: bool = False) -> Document:
    """The document in plain text, one string per page (``paged``: the pages are real, numbered from 1)."""
    builder = DocumentBuilder()
    sections: list[tuple[int, str]] = []
    skip_level: int | None = None
    caption: tuple[str, str] | None = None
    for number, page_text in enumerate(pages, start=1):
        page = number if paged else None
        for chunk in _chunks(page_text):
            section = " > ".join(t for _, t in sections)
            if isinstance(chunk, tuple):
                level, title = chunk
                if skip_level is not None and level <= skip_level:
                    skip_level = None
                sections = [(lv, t) for lv, t in sections if lv < level] + [(level, title)]
                if is_references_heading(title):
                    skip_level = level
                continue
            if skip_level is not None:
                continue
            if isinstance(chunk, list):
                name, text = caption or ("Table", "")
                table = numeric_table(chunk) if len(aligned_cells(chunk[0])) < 2 or not aligned_table(chunk) else None
                header, rows = table or (aligned_cells(chunk[0]), [aligned_cells(line) for line in chunk[1:]])
                builder.table(name, text, header, rows, section, page)
                caption = None
                continue
            if is_converter_text(chunk):
                continue
            label = caption_label(chunk)
            if label:
                builder.paragraph(chunk, "caption", section, page)
                caption = (label, chunk) if label.startswith("Table") else None
                continue
            builder.paragraph(chunk, "footnote" if is_footnote(chunk) else "paragraph", section, page)
    return builder.build()


def _chunks(text: str):
    """Headings as (level, title), aligned tables as lists of lines, and paragraphs as strings, in order."""
    lines = text.splitlines()
    paragraph: list[str] = []
    i = 0

    def flush():
        joined = _join(paragraph)
        paragraph.clear()
        return joined

    while i < len(lines):
        line = lines[i].rstrip()
        named = named_heading(line)
        heading = numbered_heading(line) or ((1, line.strip()) if is_references_heading(line) else None) or (
            (1, named) if named else None)
        if heading and (not paragraph or paragraph[-1].endswith((".", ":")) or is_references_heading(line) or named):
            if paragraph:
                yield flush()
            yield heading
            i += 1
            continue
        rows = 0
        while i + 1 + rows < len(lines) and numeric_row(lines[i + 1 + rows]):
            rows += 1
        if rows >= 2 and not numeric_row(line) and numeric_table(lines[i:i + 1 + rows]):
            if paragraph:
                yield flush()
            yield lines[i:i + 1 + rows]
            i += 1 + rows
            continue
        if paragraph and is_footnote(line.strip()) and re.search(r"[.)\]]\d{0,2}$", paragraph[-1].rstrip()) \
                and re.match(r"\d{1,2}\s", line.strip()):
            yield flush()
        j = i
        while j < len(lines) and len(aligned_cells(lines[j])) >= 3:
            j += 1
        if j - i >= 3 and aligned_table(lines[i:j]):
            if paragraph:
                yield flush()
            yield lines[i:j]
            i = j
            continue
        if not line.strip():
            if paragraph:
                yield flush()
        elif caption_label(line.strip()) and paragraph:
            yield flush()
            paragraph.append(line.strip())
        else:
            paragraph.append(line.strip())
        i += 1
    if paragraph:
        yield flush()


def _join(lines: list[str]) -> str:
    """Lines of a paragraph as one string, a word broken by a hyphen at a line end mended ('consump-' 'tion')."""
    out = ""
    for line in lines:
        if out.endswith("-") and out[-2:-1].isalpha() and line[:1].islower():
            out = out[:-1] + line
        else:
            out = f"{out} {line}" if out else line
    return out
