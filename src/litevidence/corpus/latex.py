"""Decode LaTeX in BibTeX field values into plain Unicode text for display and extraction."""
from __future__ import annotations

import re

from pylatexenc.latex2text import LatexNodes2Text

_DECODER = LatexNodes2Text(math_mode="text", strict_latex_spaces=True)
_BARE_PERCENT = re.compile(r"(?<!\\)%")
_SUBSCRIPT = re.compile(r"_\{?(\d)\}?")
_LITERAL_UNDERSCORE = "\ue000"
"""Stands in for an escaped underscore while subscripts (CO_2 → CO2) are dropped: ``\\_0`` stays ``_0``."""
_SPACES = re.compile(r"[ \t\r\n]+")
_LATEX = re.compile(r"[\\{}$~%&_^#]|--|``|''")
"""Anything the decoder would change; text without it is only re-spaced (the decoder is slow)."""
_ESCAPE = re.compile(r"\\([%$&#_])")
_BEYOND_ESCAPES = re.compile(r"[\\$~&_^#]|--|``|''")
"""LaTeX other than escaped specials, braces and bare percent signs: only the decoder handles it."""


def decode_latex(value: str) -> str:
    """Turn ``Caf{\\'e} \\% CO$_2$`` into ``Café % CO2``; braces go, accents and escapes resolve.

    A bare ``%`` is kept as a percent sign rather than read as a LaTeX comment,
    so no text a researcher wrote is dropped.
    """
    if not value:
        return ""
    if not _LATEX.search(value):
        return _SPACES.sub(" ", value).strip()
    if not _BEYOND_ESCAPES.search(_ESCAPE.sub("", value)):
        return _SPACES.sub(" ", _ESCAPE.sub(r"\1", value).replace("{", "").replace("}", "")).strip()
    return _decode(value)


def _decode(value: str) -> str:
    """The full decoder (pylatexenc), for text with more than escaped specials and braces."""
    text = _DECODER.latex_to_text(_BARE_PERCENT.sub(r"\\%", value).replace(r"\_", _LITERAL_UNDERSCORE))
    text = _SUBSCRIPT.sub(r"\1", text).replace(_LITERAL_UNDERSCORE, "_")
    return _SPACES.sub(" ", text).strip()
