"""Markdown full texts, as PDF-to-Markdown converters write them: headings, paragraphs, pipe and HTML tables,
captions, footnotes; images, figure descriptions and the references section left out."""
from __future__ import annotations

import re
from pathlib import Path

from . import READERS
from .builder import DocumentBuilder
from .html import parse_html_tables
from .model import Document
from .structure import (caption_label, is_converter_text, is_footnote, is_references_heading, named_heading,
                        numbered_heading)

_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>.*?)\s*#*\s*$")
_BOLD_HEADING = re.compile(r"^\*\*(?P<title>[^*]{1,100})\*\*\s*$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|<img\b[^>]*>|<!--.*?-->", re.IGNORECASE)
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_PAGE_MARK = re.compile(r"^\s*(?:<!--\s*page\s*(?P<n1>\d+)\s*-->|\{(?P<n2>\d+)\}-{8,}|\[page\s+(?P<n3>\d+)\])\s*$",
                        re.IGNORECASE)
"""Page markers some converters write ('<!-- page 7 -->', '{7}------------------------------------------------')."""


@READERS.register(".md")
def read_markdown(path: Path) -> Document:
    return parse_markdown(path.read_text(encoding="utf-8"))


def parse_markdown(text: str) -> Document:
    """The document a Markdown text holds."""
    reader = _Reader()
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        page = _PAGE_MARK.match(line)
        if page:
            reader.flush()
            reader.page = int(page.group("n1") or page.group("n2") or page.group("n3"))
            i += 1
            continue
        heading = _HEADING.match(line) or (_BOLD_HEADING.match(line) if numbered_heading(_strip(line)) or
                                           named_heading(_strip(line)) else None)
        if heading:
            reader.flush()
            numbered = numbered_heading(_strip(line))
            level = len(heading.group("hashes")) if "hashes" in heading.groupdict() else numbered[0] + 1 if numbered else 2
            reader.heading(level, _strip(heading.group("title")))
            i += 1
            continue
        if _PIPE_ROW.match(line):
            reader.flush()
            j = i
            while j < len(lines) and _PIPE_ROW.match(lines[j]):
                j += 1
            reader.pipe_table(lines[i:j])
            i = j
            continue
        if "\\begin{tabular" in line:
            reader.flush()
            j = i
            while j < len(lines) and "\\end{tabular" not in lines[j]:
                j += 1
            reader.latex_table("\n".join(lines[i:j + 1]))
            i = j + 1
            continue
        if "<table" in line.lower():
            reader.flush()
            j = i
            while j < len(lines) and "</table>" not in lines[j].lower():
                j += 1
            reader.html_tables("\n".join(lines[i:j + 1]))
            i = j + 1
            continue
        if not line.strip():
            reader.flush()
        else:
            reader.line(line)
        i += 1
    reader.flush()
    return reader.done()


def _strip(title: str) -> str:
    """A heading's words, without emphasis marks or HTML anchors ('<span id="page-3-0"></span>4.1 Energy')."""
    return re.sub(r"<[^<>]{0,200}>", "", title).strip().strip("*_").strip()


class _Reader:
    """The state of a pass over the lines: the section path, the current paragraph, a table waiting for its caption."""

    def __init__(self) -> None:
        self.builder = DocumentBuilder()
        self.sections: list[tuple[int, str]] = []
        self.skip_level: int | None = None
        self.lines: list[str] = []
        self.page: int | None = None
        self.pending: list[tuple[list[str], list[list[str]]]] = []
        self.last_caption: tuple[str, str] | None = None
        self.titled = False

    @property
    def section(self) -> str:
        return " > ".join(title for _, title in self.sections)

    def heading(self, level: int, title: str) -> None:
        self.resolve_tables(None)
        if level == 1 and not self.titled and not self.sections and not self.builder.has_blocks():
            self.titled = True  # the paper's title, not a section
            return
        if self.skip_level is not None and level <= self.skip_level:
            self.skip_level = None
        self.sections = [(lv, t) for lv, t in self.sections if lv < level] + [(level, title)]
        if is_references_heading(title):
            self.skip_level = level
        self.last_caption = None

    def line(self, line: str) -> None:
        if self.lines and self.lines[-1].endswith("-") and line[:1].islower() and self.lines[-1][-2:-1].isalpha():
            self.lines[-1] = self.lines[-1][:-1] + line.lstrip()
        else:
            self.lines.append(line.strip())

    def flush(self) -> None:
        if not self.lines:
            return
        text = _IMAGE.sub(" ", " ".join(self.lines)).strip()
        self.lines = []
        if not text or self.skip_level is not None:
            return
        if is_converter_text(text):
            return
        label = caption_label(text)
        if label:
            self.builder.paragraph(text, "caption", self.section, self.page)
            if label.startswith("Table"):
                self.last_caption = (label, text)
                self.resolve_tables(self.last_caption)
            return
        self.resolve_tables(None)
        kind = "footnote" if is_footnote(text) else "paragraph"
        self.builder.paragraph(re.sub(r"^\[\^[^\]]+\]:\s*", "", text), kind, self.section, self.page)

    def pipe_table(self, lines: list[str]) -> None:
        rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines if not _PIPE_RULE.match(line)]
        if not rows or self.skip_level is not None:
            return
        has_rule = len(lines) > 1 and _PIPE_RULE.match(lines[1])
        header, body = (rows[0], rows[1:]) if has_rule or len(rows) > 1 else ([], rows)
        self.add_table(header, body)

    def latex_table(self, latex: str) -> None:
        """A LaTeX tabular (as some converters write tables): rows end with \\\\, cells are apart by &."""
        body = re.sub(r"\\(?:begin|end)\{tabular\}(?:\{[^}]*\})?|\\(?:hline|toprule|midrule|bottomrule|cline\{[^}]*\})",
                      "", latex)
        rows = [[c.strip() for c in row.split("&")] for row in re.split(r"\\\\", body) if row.strip()]
        if rows and self.skip_level is None:
            self.add_table(rows[0], rows[1:])

    def html_tables(self, html: str) -> None:
        if self.skip_level is not None:
            return
        for caption, header, body in parse_html_tables(html):
            if caption:
                self.builder.paragraph(caption, "caption", self.section, self.page)
                self.last_caption = (caption_label(caption) or "Table", caption)
            self.add_table(header, body)

    def add_table(self, header: list[str], body: list[list[str]]) -> None:
        """A table is named by a 'Table N' caption right before it, or waits for one right after it."""
        if self.last_caption is not None:
            self.builder.table(self.last_caption[0], self.last_caption[1], header, body, self.section, self.page)
            self.last_caption = None
        else:
            self.pending.append((header, body))

    def resolve_tables(self, caption: tuple[str, str] | None) -> None:
        for header, body in self.pending:
            name, text = caption if caption else ("Table", "")
            self.builder.table(name, text, header, body, self.section, self.page)
        if self.pending and caption:
            self.last_caption = None
        self.pending = []

    def done(self) -> Document:
        self.resolve_tables(None)
        return self.builder.build()
