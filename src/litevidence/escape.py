"""Escaping of corpus and user text, one function per output format.

Text from papers and researchers (titles, quotes, subjects, keys, curated fields) is data, never
markup, code or a formula. Every writer of HTML, inline-script JSON, Markdown, CSV, LaTeX or
terminal text passes it through the function for its format here instead of escaping by hand.
"""
from __future__ import annotations

import csv
import html
import json
import re
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:  # pandas is imported by the table functions only: terminal and HTML text stay light
    import pandas as pd

__all__ = ["CSV_FORMULA_START", "CSV_RULE", "CSV_TEXT_PREFIX", "csv_cell", "csv_table", "csv_unescape", "csv_unescape_cell", "html_text",
           "latex_table", "latex_text", "markdown_text", "script_json", "terminal_text"]


def html_text(value: Any) -> str:
    """``value`` as HTML text, safe in element content and in quoted attribute values."""
    return html.escape(str(value), quote=True)


_SCRIPT_JSON = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(data: Any) -> str:
    """``data`` as JSON that can sit inside an inline ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u`` escapes (so no ``</script>`` or ``<!--`` can end or
    rewrite the script), as do U+2028 and U+2029 (line breaks to older JavaScript parsers).
    The result is still valid JSON and parses to the same value.
    """
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")).translate(_SCRIPT_JSON)


_MARKDOWN = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;",
    **{c: "\\" + c for c in "\\`*[]|~$"},
    "\n": " ", "\r": " ",
})
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
"""An underscore that could open or close emphasis: one not inside a word (snake_case stays as written)."""
_AUTOLINK = re.compile(r"(?<=[A-Za-z0-9+.-]):(?=//)")
"""The colon of ``scheme://``, escaped so that no renderer turns a URL in the text into a link (with its ``&`` mangled)."""


def markdown_text(value: Any) -> str:
    """``value`` as literal inline Markdown text, safe in a table cell.

    HTML is entity-escaped (no tag or comment survives a Markdown renderer that passes HTML
    through); emphasis, code, links, images, math and strikethrough characters and the table's
    pipe are backslash-escaped, as is the colon of a URL (no autolink); line breaks become spaces so
    a cell stays on its row.
    """
    text = str(value).replace("\r\n", " ").translate(_MARKDOWN)
    return _AUTOLINK.sub(r"\\:", _EMPHASIS_UNDERSCORE.sub(r"\\_", text))


CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
"""First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection)."""
CSV_TEXT_PREFIX = "'"
"""Prepended to a text cell that would start with a formula character, as OWASP recommends."""
_NEEDS_PREFIX = re.compile("'*[" + re.escape("".join(CSV_FORMULA_START)) + "]")
CSV_RULE = ("Spreadsheet formula guard: a text cell that begins with =, +, -, @, a tab, CR or LF, possibly after "
            "leading single quotes, is written with one more leading single quote ('). To read a text cell back, "
            "remove one leading ' where the cell is one or more ' followed by one of those characters; leave every "
            "other cell as it is. Numbers are never prefixed.")
"""The CSV escaping rule in words, for the descriptors of the files that use it."""


def csv_cell(value: Any) -> Any:
    """``value`` for a CSV cell: text that a spreadsheet would run as a formula gets a leading ``'``.

    Text already made of quotes before a formula character gets one more quote, so that
    ``csv_unescape`` restores every string exactly; numbers and missing values pass unchanged.
    """
    if isinstance(value, str) and _NEEDS_PREFIX.match(value):
        return CSV_TEXT_PREFIX + value
    return value


def csv_table(df: pd.DataFrame) -> str:
    """``df`` as CSV text (UTF-8, LF line ends, no index) with every text cell and column name through ``csv_cell``.

    Python's csv writer leaves a field with a lone carriage return unquoted, which a spreadsheet
    reads as a row break (and the rest of the field as a new cell, formula included); a table
    holding one is written with every text field quoted instead.
    """
    import pandas as pd

    out = df.rename(columns=csv_cell)
    bare_cr = False
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        categorical = isinstance(column.dtype, pd.CategoricalDtype)
        if not (categorical or pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column)):
            continue
        if not categorical and pd.api.types.infer_dtype(column, skipna=True) == "string":
            bare_cr = bare_cr or bool(column.str.contains("\r", regex=False, na=False).any())
            out.isetitem(i, column.where(~column.str.match(_NEEDS_PREFIX.pattern, na=False), CSV_TEXT_PREFIX + column))
        else:
            bare_cr = bare_cr or any(isinstance(v, str) and "\r" in v for v in column)
            out.isetitem(i, column.astype(object).map(csv_cell))
    return out.to_csv(index=False, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC if bare_cr else csv.QUOTE_MINIMAL)


def csv_records(header: list[str], records: list[list[str]]) -> str:
    """Rows already guarded (as an evidence CSV stores them) as CSV text, with ``csv_table``'s line ends and its
    rule for a lone carriage return (every field quoted then)."""
    import io

    bare_cr = any("\r" in cell for record in records for cell in record)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL if bare_cr else csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(records)
    return out.getvalue()


def csv_unescape_cell(value: str) -> str:
    """The inverse of ``csv_cell`` for one text cell read back from CSV."""
    return value[len(CSV_TEXT_PREFIX):] if value.startswith(CSV_TEXT_PREFIX) and _NEEDS_PREFIX.match(value) else value


def csv_unescape(column: pd.Series) -> pd.Series:
    """The inverse of ``csv_cell`` for a text column read back from CSV (missing values stay missing)."""
    marked = column.str.startswith(CSV_TEXT_PREFIX, na=False) & column.str.match(_NEEDS_PREFIX.pattern, na=False)
    return column.where(~marked, column.str.slice(len(CSV_TEXT_PREFIX)))


_LATEX = str.maketrans({
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "%": r"\%", "#": r"\#",
    "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "<": r"\textless{}",
    ">": r"\textgreater{}", "|": r"\textbar{}", "[": "{[}", "]": "{]}",
    "\n": " ", "\r": " ", "\t": " ",
    **{c: None for c in range(32) if chr(c) not in "\n\r\t"}, 0x7F: None,
})


def latex_text(value: Any) -> str:
    """``value`` as LaTeX text that typesets literally: no command, group, math, comment, alignment or
    ``^^`` character code can form, a ``[`` after ``\\\\`` cannot be read as an option, and a line
    break cannot end a table row."""
    return str(value).translate(_LATEX)


def latex_table(df: pd.DataFrame, float_format: Callable[[float], str] | None = None) -> str:
    """``df`` as a LaTeX tabular (no index, missing cells empty) with every text cell and column name through ``latex_text``."""
    import pandas as pd

    out = df.rename(columns=latex_text)
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if isinstance(column.dtype, pd.CategoricalDtype) or pd.api.types.is_object_dtype(column) \
                or pd.api.types.is_string_dtype(column):
            out.isetitem(i, column.astype(object).map(lambda v: latex_text(v) if isinstance(v, str) else v))
    return out.to_latex(index=False, na_rep="", escape=False, float_format=float_format)


_TERMINAL = str.maketrans({c: f"\\x{c:02x}" for c in (*range(32), *range(0x7F, 0xA0)) if chr(c) not in "\n\t"})


def terminal_text(value: Any) -> str:
    """``value`` for a terminal: control characters (escape sequences, carriage returns) are shown as
    ``\\xNN`` instead of being obeyed; newlines and tabs stay."""
    return str(value).translate(_TERMINAL)
