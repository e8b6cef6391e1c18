"""HTML full texts: headings, paragraphs, tables (with their captions), figure captions; images, scripts,
navigation and the references section left out."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from . import READERS
from .builder import DocumentBuilder
from .model import Document
from .structure import caption_label, is_converter_text, is_footnote, is_references_heading

_BLOCKS = {"p", "li", "div", "dd", "dt", "blockquote", "section", "article", "figure", "aside", "body", "main"}
_SKIP = {"script", "style", "nav", "head", "noscript", "svg", "math", "button", "form", "footer"}
_HEADINGS = {f"h{i}": i for i in range(1, 7)}


@READERS.register(".html")
def read_html(path: Path) -> Document:
    return parse_html(path.read_text(encoding="utf-8", errors="replace"))


READERS.register(".htm")(read_html)


def parse_html(html: str) -> Document:
    """The document an HTML page holds."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.done()


def parse_html_tables(html: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """(caption, header cells, body rows) of every table in an HTML fragment (a table inside Markdown)."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.tables


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = DocumentBuilder()
        self.text: list[str] = []
        self.skip = 0
        self.sections: list[tuple[int, str]] = []
        self.skip_level: int | None = None
        self.heading: int | None = None
        self.in_caption = False
        self.table: dict | None = None
        self.tables: list[tuple[str, list[str], list[list[str]]]] = []
        self.last_tag = ""

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "sup" and self.text and self.text[-1][-1:].isdigit():
            self.text.append("^")
        if tag == "br":
            self.text.append(" ")
        if tag in _HEADINGS:
            self.flush()
            self.heading = _HEADINGS[tag]
        elif tag == "table":
            self.flush()
            self.table = {"caption": "", "rows": [], "header": None, "row": None, "cell": None, "th_row": False}
        elif self.table is not None and tag == "tr":
            self.table["row"], self.table["th_row"] = [], True
        elif self.table is not None and tag in ("td", "th"):
            self.table["cell"] = []
            if tag == "td":
                self.table["th_row"] = False
        elif self.table is not None and tag == "caption":
            self.in_caption = True
        elif tag in ("figcaption",) or tag in _BLOCKS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag in _HEADINGS and self.heading is not None:
            title = " ".join("".join(self.text).split())
            self.text = []
            level, self.heading = self.heading, None
            if self.skip_level is not None and level <= self.skip_level:
                self.skip_level = None
            self.sections = [(lv, t) for lv, t in self.sections if lv < level] + [(level, title)]
            if is_references_heading(title):
                self.skip_level = level
        elif self.table is not None and tag in ("td", "th") and self.table["cell"] is not None:
            self.table["row"].append(" ".join("".join(self.table["cell"]).split()))
            self.table["cell"] = None
        elif self.table is not None and tag == "tr" and self.table["row"] is not None:
            row = self.table["row"]
            if self.table["th_row"] and self.table["header"] is None and not self.table["rows"]:
                self.table["header"] = row
            elif row:
                self.table["rows"].append(row)
            self.table["row"] = None
        elif self.table is not None and tag == "caption":
            self.in_caption = False
        elif tag == "table" and self.table is not None:
            t, self.table = self.table, None
            header, rows = t["header"] or [], t["rows"]
            if not header and rows:
                header, rows = rows[0], rows[1:]
            self.tables.append((t["caption"], header, rows))
            if self.skip_level is None:
                name = caption_label(t["caption"]) or "Table"
                if t["caption"]:
                    self.builder.paragraph(t["caption"], "caption", self.section)
                self.builder.table(name, t["caption"], header, rows, self.section)
        elif tag == "figcaption" or tag in _BLOCKS:
            self.flush("caption" if tag == "figcaption" else None)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.table is not None:
            if self.in_caption:
                self.table["caption"] += data
            elif self.table["cell"] is not None:
                self.table["cell"].append(data)
            return
        self.text.append(data)

    @property
    def section(self) -> str:
        return " > ".join(t for _, t in self.sections)

    def flush(self, kind: str | None = None) -> None:
        text = " ".join("".join(self.text).split())
        self.text = []
        if not text or self.skip_level is not None:
            return
        if is_converter_text(text):
            return
        kind = kind or ("caption" if caption_label(text) else "footnote" if is_footnote(text) else "paragraph")
        self.builder.paragraph(text, kind, self.section)

    def done(self) -> Document:
        self.flush()
        return self.builder.build()
