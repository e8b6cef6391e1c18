"""One escaping function per output format: each keeps any text literal, and CSV escaping undoes exactly."""
import csv
import io
import json
import re
from html.parser import HTMLParser

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from nbconvert.filters.markdown import markdown2html_mistune

from litevidence import escape

HOSTILE = ["</script><img src=x onerror=alert(1)>", "<!--<script>alert(2)//", "\u2028\u2029", "[x](javascript:alert(3))",
           "=HYPERLINK(\"http://evil.example\",\"x\")", "-54.8%", "+1", "@SUM(1)", "\tx", "\rx", "'=1", "''-2", "'plain",
           r"\input{/etc/passwd}", "^^5cinput", "%comment & $math$ # _ { } ~ [3pt]", "\x1b[2J\x1b]0;owned\x07", ""]
text = st.one_of(st.text(), st.sampled_from(HOSTILE),
                 st.lists(st.sampled_from(HOSTILE + list("<>&'\"\\`*_[]|~$=+-@\t\r\n ")), max_size=12).map("".join))


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


@given(text)
def test_html_text_is_only_text_in_content_and_attributes(value):
    page = _parse(f'<p title="{escape.html_text(value)}">{escape.html_text(value)}</p>')
    assert page.tags == ["p"] and "".join(page.text) == value


@given(st.dictionaries(text, st.one_of(text, st.integers(), st.lists(text, max_size=3)), max_size=4))
def test_script_json_cannot_end_or_rewrite_a_script_and_parses_back(data):
    out = escape.script_json(data)
    assert json.loads(out) == data
    assert "<" not in out and ">" not in out and "\u2028" not in out and "\u2029" not in out


def test_script_json_refuses_what_json_cannot_hold():
    with pytest.raises(ValueError):
        escape.script_json({"x": float("nan")})


@given(text)
def test_markdown_text_renders_as_the_same_text_and_no_html(value):
    rendered = markdown2html_mistune(f"a {escape.markdown_text(value)} z")
    page = _parse(rendered)
    assert page.tags == ["p"]  # no tag, link, image, code or emphasis: not even a URL is autolinked
    assert " ".join("".join(page.text).split()) == " ".join(f"a {value} z".split())


def test_markdown_text_keeps_a_table_cell_on_its_row_and_in_its_column():
    cell = escape.markdown_text("a | b\nc")
    rendered = markdown2html_mistune(f"| h |\n|---|\n| {cell} |\n")
    assert rendered.count("<td>") == 1 and "a | b c" in rendered


@given(text)
def test_csv_cell_never_starts_a_formula_and_round_trips(value):
    cell = escape.csv_cell(value)
    assert not cell.startswith(escape.CSV_FORMULA_START)
    assert escape.csv_unescape(pd.Series([cell], dtype="string"))[0] == value


@given(st.lists(text, min_size=1, max_size=6))
def test_csv_table_round_trips_text_and_leaves_numbers_alone(values):
    df = pd.DataFrame({"text": values, "number": [-41.0 + i for i in range(len(values))]})
    written = escape.csv_table(df)
    rows = list(csv.reader(io.StringIO(written, newline="")))
    assert len(rows) == len(values) + 1  # a carriage return in a cell never splits a row
    for i, row in enumerate(rows[1:]):
        assert not row[0].startswith(escape.CSV_FORMULA_START)
        assert float(row[1]) == -41.0 + i  # numbers are written as numbers, never prefixed
    back = pd.read_csv(io.StringIO(written), dtype={"text": "string"}, keep_default_na=False, na_values=[""])
    expected = pd.Series([v if v else pd.NA for v in values], dtype="string", name="text")
    pd.testing.assert_series_equal(escape.csv_unescape(back["text"]), expected)


def test_csv_prefix_is_only_added_where_needed():
    assert escape.csv_cell("'two orders of magnitude'") == "'two orders of magnitude'"
    assert escape.csv_cell("=1+1") == "'=1+1" and escape.csv_cell("'=1+1") == "''=1+1"
    assert escape.csv_cell(-41.0) == -41.0 and escape.csv_cell(None) is None


_LATEX_COMMANDS = {"textbackslash", "textasciitilde", "textasciicircum", "textless", "textgreater", "textbar"}


@given(text)
def test_latex_text_forms_no_command_group_math_comment_or_row_break(value):
    out = escape.latex_text(value)
    commands = re.findall(r"\\([A-Za-z]+|.)", out)
    assert set(commands) <= _LATEX_COMMANDS | set("{}$&%#_")
    unescaped = re.sub(r"\\(?:[A-Za-z]+\{\}|[{}$&%#_])|\{\[\}|\{\]\}", "", out)
    assert not set(unescaped) & set("\\{}$&%#_^~[]\n\r")


def test_latex_table_escapes_cells_and_headers():
    table = escape.latex_table(pd.DataFrame({"a_b": [r"\input{x}", None], "v": [28.7, None]}))
    assert r"a\_b" in table and r"\textbackslash{}input\{x\}" in table and r"\input" not in table


@given(text)
def test_terminal_text_obeys_no_control_character(value):
    out = escape.terminal_text(value)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", out)
