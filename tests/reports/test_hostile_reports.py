"""Issue 13, items 1, 2 and 10 for reports/: the hostile corpus through `litevidence run`, every output parsed.

Each test first shows that the payloads did reach the output it checks (so it cannot pass on an
empty page), then that none of them is live there.
"""
import csv
import json

import pandas as pd
import pytest
from nbconvert.filters.markdown import markdown2html_mistune

from injection import (KEY_XSS, STATEMENT_XSS, SUBJECT_XSS, TITLE_XSS, TOPIC_FORMULA, formula_cells,
                       live_latex, live_payloads, parse_html, remote_loads)
from litevidence.escape import csv_unescape

pytestmark = pytest.mark.slow

PAGES = ("index", "01_corpus_overview", "02_topic_map", "03_evidence_table", "04_metric_comparisons",
         "05_deployment_scenarios")


def _pages(project):
    return {name: parse_html((project / "reports" / f"{name}.html").read_text(encoding="utf-8")) for name in PAGES}


def _figures(project):
    figures = sorted((project / "reports" / "figures").glob("*.html"))
    assert len(figures) >= 15
    return {f.stem: f.read_text(encoding="utf-8") for f in figures}


def test_issue13_1_stored_xss_in_figure_html(hostile_run):
    specs = {}
    for name, html in _figures(hostile_run).items():
        page = parse_html(html)
        assert page.tags <= {"html", "head", "meta", "title", "style", "script", "body", "div", "p"}, name
        assert live_payloads(page) == [], name
        assert [a for a, _ in page.scripts] == [{}, {"type": "application/json", "id": "vega-spec"}, {}], name
        for _, code in page.scripts:  # nothing ends a script early or switches it into a comment state
            assert "</script" not in code.lower() and "<!--" not in code, name
        specs[name] = page.scripts[1][1]
        assert "<" not in specs[name], name
    data = {name: json.dumps(json.loads(text)) for name, text in specs.items()}
    assert json.dumps(TITLE_XSS) in data["topic_map"]  # the payloads are in the charts, as data
    assert json.dumps(SUBJECT_XSS) in data["inference_per_query"]
    assert json.dumps(KEY_XSS) in data["coverage"]


def test_issue13_1_figure_iframes_are_sandboxed(hostile_run):
    frames = [attrs for page in _pages(hostile_run).values() for tag, attrs in page.elements if tag == "iframe"]
    assert frames, "02_topic_map shows the interactive map in a frame"
    for attrs in frames:
        assert "sandbox" in attrs and attrs["sandbox"].split() == ["allow-scripts"], attrs


def test_issue13_1_stored_xss_in_notebook_pages(hostile_run):
    pages = _pages(hostile_run)
    for name, page in pages.items():
        assert live_payloads(page) == [], name
    assert TITLE_XSS[:40] in pages["02_topic_map"].visible_text  # the representative papers (pandas cuts at 50)
    assert STATEMENT_XSS in pages["03_evidence_table"].visible_text
    assert f"Papers with no figure in the evidence table: {KEY_XSS}" in pages["01_corpus_overview"].visible_text


def test_issue13_10_notebook_pages_load_nothing_from_the_network(hostile_run):
    """Item 10: no require.js or MathJax from a CDN, no remote fonts, styles, images or frames."""
    pages = {**_pages(hostile_run), **{f"figures/{n}": parse_html(h) for n, h in _figures(hostile_run).items()}}
    for name, page in pages.items():
        assert remote_loads(page) == [], name
    assert any(page.styles for page in pages.values())  # the pages do carry their styles, inline


def test_issue13_2_markdown_tables_and_changes_carry_no_html(hostile_run):
    reports = hostile_run / "reports"
    texts = {p.name: p.read_text(encoding="utf-8") for p in [*sorted((reports / "tables").glob("*.md")), reports / "changes.md"]}
    for name, text in texts.items():
        page = parse_html(markdown2html_mistune(text))
        tags = {tag for tag, attrs in page.elements if attrs.get("class") != "anchor-link"}  # the renderer's heading anchor
        assert tags <= {"table", "thead", "tbody", "tr", "th", "td", "p", "h1"}, name
    assert TITLE_XSS in parse_html(markdown2html_mistune(texts["representative_papers.md"])).visible_text
    assert STATEMENT_XSS in parse_html(markdown2html_mistune(texts["changes.md"])).visible_text


def test_issue13_2_csv_formula_injection_in_report_tables(hostile_run):
    tables = sorted((hostile_run / "reports" / "tables").glob("*.csv"))
    for path in tables:
        assert formula_cells(path) == [], path.name
    with (hostile_run / "reports" / "tables" / "papers_per_topic.csv").open(encoding="utf-8", newline="") as f:
        topics = pd.Series([row["topic"] for row in csv.DictReader(f)], dtype="string")
    assert TOPIC_FORMULA in set(csv_unescape(topics))  # guarded, and the text is all there


def test_latex_injection_in_report_tables(hostile_run):
    tables = {p.name: p.read_text(encoding="utf-8") for p in sorted((hostile_run / "reports" / "tables").glob("*.tex"))}
    for name, tex in tables.items():
        assert live_latex(tex) == [], name
    assert r"\textbackslash{}input and 5cinput" in tables["representative_papers.tex"]


def test_evidence_page_filters_on_the_exact_text(hostile_run):
    page = _pages(hostile_run)["03_evidence_table"]
    options = [attrs["value"] for tag, attrs in page.elements if tag == "option" and attrs.get("value")]
    assert TOPIC_FORMULA in options  # quotes and all: an option's value is the cell's exact text
