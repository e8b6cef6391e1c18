"""A plain view of text with LaTeX, HTML markup and typographic variants undone, and offsets back.

Papers write one quantity many ways: ``tCO$_2$e``, ``CO<sub>2</sub>e``, ``212$\\mu$W``,
``$5.4 \\times 10^{-5}$ kWh``, ``1{,}287``, ``15\\%``. The extractor reads the plain view
(``tCO2e``, ``212µW``, ``5.4 × 10^-5 kWh``) and maps every span back to the original text,
so quotes stay exact substrings of what the paper says.
"""
from __future__ import annotations

import re
from array import array

_MATH_CLOSE = re.compile(r"(?<!\\)\$")
_LATEX_WORDS = {
    r"\times": "×", r"\cdot": "·", r"\sim": "~", r"\approx": "≈", r"\simeq": "≈", r"\le": "≤", r"\leq": "≤",
    r"\ge": "≥", r"\geq": "≥", r"\lt": "<", r"\gt": ">", r"\mu": "µ", r"\pm": "±", r"\%": "%", r"\$": "$",
    r"\&": "&", r"\#": "#", r"\_": "_", r"\euro": "€", r"\texteuro": "€", r"\pounds": "£", r"\textdollar": "$",
    r"\degree": "°", r"\circ": "°", r"\rightarrow": "→", r"\to": "→", r"\textasciitilde": "~",
    r"\textless": "<", r"\textgreater": ">", r"\ldots": "...", r"\dots": "...",
}
_SPACES = {r"\,": " ", r"\;": " ", r"\:": " ", r"\ ": " ", r"\quad": " ", r"\qquad": " ", r"\!": ""}
_GLYPHS = {
    "\u2212": "-", "\u2010": "-", "\u2011": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ",
    "\u2002": " ", "\u2003": " ", "\u200b": "", "\u00ad": "", "\u03bc": "µ", "\u223c": "~", "\u2248": "≈",
    "\ufb01": "fi", "\ufb02": "fl", "\ufb00": "ff", "\ufb03": "ffi", "\ufb04": "ffl", "\u2082": "2", "\u00b2": "^2",
    "\u00b3": "^3", "\u2074": "^4", "\u2075": "^5", "\u2076": "^6", "\u2077": "^7", "\u2078": "^8", "\u2079": "^9",
    "\u2070": "^0", "\u00b9": "^1", "\u207b": "^-", "\uff05": "%", "\u066a": "%",
}
_COMMAND = re.compile(r"\\(?:[A-Za-z]+|[,;:! %$&#_])")
_TAG = re.compile(r"</?(?:sub|sup|i|b|em|strong|span|small|tt|code|u)\b[^<>]{0,80}>", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:nbsp|thinsp|ensp|emsp|lt|gt|amp|times|mu|micro|minus|ndash|mdash|percnt|euro|pound|asymp|sim|le|ge|"
                     r"#\d{1,6}|#x[0-9a-fA-F]{1,6});")
_ENTITIES = {"&nbsp;": " ", "&thinsp;": " ", "&ensp;": " ", "&emsp;": " ", "&lt;": "<", "&gt;": ">", "&amp;": "&",
             "&times;": "×", "&mu;": "µ", "&micro;": "µ", "&minus;": "-", "&ndash;": "–", "&mdash;": "—",
             "&percnt;": "%", "&euro;": "€", "&pound;": "£", "&asymp;": "≈", "&sim;": "~", "&le;": "≤", "&ge;": "≥"}
_SPECIAL = re.compile(r"[\\$<&{}_" + "".join(_GLYPHS) + r"]")
_TOKEN = re.compile("|".join([
    _COMMAND.pattern, _TAG.pattern, _ENTITY.pattern, r"\{,\}", r"[{}]", r"\$", r"_",
    "[" + "".join(_GLYPHS) + "]",
]), re.IGNORECASE)
_WRAPPERS = {r"\text", r"\mathrm", r"\textrm", r"\mbox", r"\textbf", r"\textit", r"\emph", r"\mathit", r"\mathbf",
             r"\rm", r"\it", r"\bf", r"\operatorname", r"\textsc", r"\textsf", r"\texttt", r"\mathsf", r"\ce",
             r"\left", r"\right", r"\big", r"\Big", r"\textsubscript", r"\textsuperscript", r"\unit", r"\si", r"\SI",
             r"\num", r"\displaystyle"}
"""Commands that only style what follows: dropped, their content kept."""


class TextView:
    """``plain``: the text with markup undone; ``span(s, e)``: the original span of plain[s:e]."""

    __slots__ = ("text", "plain", "_start", "_end")

    def __init__(self, text: str) -> None:
        self.text = text
        if not _SPECIAL.search(text):  # most text has no markup: the view is the text itself
            self.plain, self._start, self._end = text, None, None
            return
        pieces: list[str] = []
        starts, ends = array("l"), array("l")
        math = _math_regions(text)
        latex = "\\" in text or bool(math)
        pos = 0
        for m in _TOKEN.finditer(text):
            if m.start() > pos:
                _keep(pieces, starts, ends, text, pos, m.start())
            replacement = _replace(m, text, math) if latex or m.group(0) not in ("{", "}", "_") else m.group(0)
            if replacement:
                pieces.append(replacement)
                starts.extend([m.start()] * len(replacement))
                ends.extend([m.end()] * len(replacement))
            pos = m.end()
        if pos < len(text):
            _keep(pieces, starts, ends, text, pos, len(text))
        self.plain, self._start, self._end = "".join(pieces), starts, ends

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of ``plain[start:end]``."""
        if self._start is None:
            return start, end
        if end <= start:
            at = self._start[start] if start < len(self._start) else len(self.text)
            return at, at
        return self._start[start], self._end[end - 1]


def _keep(pieces: list[str], starts: array, ends: array, text: str, a: int, b: int) -> None:
    pieces.append(text[a:b])
    starts.extend(range(a, b))
    ends.extend(range(a + 1, b + 1))


def _replace(m: re.Match, text: str, math: set[int]) -> str:
    """What a markup token stands for in the plain view."""
    tok = m.group(0)
    if tok == "$":
        return "" if m.start() in math else "$"
    if tok.startswith("\\"):
        if tok in _SPACES:
            return _SPACES[tok]
        if tok in _LATEX_WORDS:
            return _LATEX_WORDS[tok]
        if tok in _WRAPPERS:
            return ""
        return tok
    if tok in ("{", "}"):
        return ""
    if tok == "{,}":
        return ","
    if tok == "_":
        return "" if _between_word_chars(text, m.start()) else "_"
    if tok[0] == "<":
        return "^" if tok.lower().startswith("<sup") and m.start() > 0 and text[m.start() - 1].isdigit() else ""
    if tok[0] == "&":
        if tok in _ENTITIES:
            return _ENTITIES[tok]
        code = tok[2:-1]
        return chr(int(code[1:], 16) if code[:1] in "xX" else int(code)) if code else tok
    return _GLYPHS.get(tok, tok)


def _between_word_chars(text: str, i: int) -> bool:
    """A subscript mark: 'CO_2', 'CO$_2$', 'CO_{2}'."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isalnum() or before in "$}") and (after.isalnum() or after in "{$")


def _math_regions(text: str) -> set[int]:
    """Offsets of '$' signs that open or close inline math rather than stand for dollars.

    A '$' is currency only before a digit outside math (the guideline): '$19.4$', '$\\mu$',
    '$5.4 \\times 10^{-5}$' are math; '$1.46/hr–$2.40/hr' and 'costs $5 and $10' are money.
    """
    marks = [m.start() for m in _MATH_CLOSE.finditer(text)]
    math: set[int] = set()
    i = 0
    while i < len(marks) - 1:
        a, b = marks[i], marks[i + 1]
        inner = text[a + 1:b]
        if b - a <= 120 and "\n\n" not in inner and _is_math(inner):
            math.update((a, b))
            i += 2
        else:
            i += 1
    return math


_MATH_HINT = re.compile(r"\\[A-Za-z]|[\^_{}=]")
_BARE_NUMBER = re.compile(r"\s*[-+]?\d[\d.,]*\s*(?:\\?%)?\s*")


def _is_math(inner: str) -> bool:
    """Is the text between two '$' signs inline math?"""
    if not inner.strip():
        return False
    if inner.lstrip()[:1].isdigit() and not _MATH_HINT.search(inner) and not _BARE_NUMBER.fullmatch(inner):
        return False  # '$5 and $' : two prices
    return bool(_MATH_HINT.search(inner) or _BARE_NUMBER.fullmatch(inner) or len(inner.strip()) <= 3)
