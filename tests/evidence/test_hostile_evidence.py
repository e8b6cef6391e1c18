"""Issue 13, items 1 and 2 for evidence/ and `export`: the hostile corpus through `run`, then `export` in every
format and `cite`, each output parsed. Payloads must arrive as exact text and be live nowhere."""
import csv
import json
import shutil

import bibtexparser
import pandas as pd
import pytest
from nbconvert.filters.markdown import markdown2html_mistune

from injection import (HOSTILE, LATEX_CAVEAT, LOCATOR_FORMULA, NEGATIVE_QUOTE, QUOTED_CAVEAT, STATEMENT_XSS,
                       TERMINAL_ESCAPE, TITLE_XSS, TOPIC_FORMULA, formula_cells, live_latex, parse_html)
from litevidence.cli import main
from litevidence.escape import CSV_RULE
from litevidence.evidence import load_evidence, read_table
from litevidence.schema import CLAIMS


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    project = tmp_path_factory.mktemp("hostile-evidence")
    shutil.copytree(HOSTILE, project / "corpus")
    assert main(["run", "--project", str(project), "--backend", "tfidf", "--no-notebooks"]) == 0
    return project


def _export(project, fmt, tmp_path):
    out = tmp_path / f"export.{fmt}"
    assert main(["export", "--format", fmt, "--project", str(project), "--output", str(out)]) == 0
    return out


def test_issue13_2_csv_formula_injection_in_evidence_csv(hostile):
    for name in ("claims.csv", "papers.csv", "topics.csv", "clusters.csv"):
        assert formula_cells(hostile / "evidence" / name) == [], name
    with (hostile / "evidence" / "claims.csv").open(encoding="utf-8", newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["quote"] == "'" + NEGATIVE_QUOTE)  # guarded as text ...
    assert row["value"] == "-54.8"  # while a number is written as a number
    descriptor = json.loads((hostile / "evidence" / "datapackage.json").read_text(encoding="utf-8"))
    assert CSV_RULE in descriptor["description"]  # ... by a rule written down beside the data


def test_evidence_csv_reads_back_the_exact_text(hostile):
    """The guard is undone on reading: quotes starting with '-', formulas and leading quotes come back as written."""
    ev = load_evidence(hostile / "evidence")
    claims, papers = ev["claims"], ev["papers"]
    assert NEGATIVE_QUOTE in set(claims["quote"])
    assert claims.loc[claims["quote"] == NEGATIVE_QUOTE, "value"].iloc[0] == -54.8  # numbers stay numbers
    assert LOCATOR_FORMULA in set(claims["locator"]) and QUOTED_CAVEAT in set(claims["caveat"])
    assert TOPIC_FORMULA in set(papers["topic"]) and TITLE_XSS in set(papers["title"])


def test_a_rerun_of_hostile_text_reports_no_change(hostile, capsys):
    """Evidence read back equals evidence rebuilt: nothing looks changed because of the guard."""
    assert main(["run", "--project", str(hostile), "--backend", "tfidf", "--no-notebooks"]) == 0
    assert "0 added (0 papers), 0 removed, 0 changed" in capsys.readouterr().out


def test_issue13_2_csv_formula_injection_in_export(hostile, tmp_path):
    out = _export(hostile, "csv", tmp_path)
    assert formula_cells(out) == []
    exported = read_table(out, CLAIMS)
    pd.testing.assert_frame_equal(exported, load_evidence(hostile / "evidence")["claims"])


def test_issue13_2_export_guards_a_formula_written_into_evidence_by_hand(hostile, tmp_path):
    """CSV export copies stored rows without pandas; a cell someone typed into claims.csv is guarded all the same."""
    project = tmp_path / "edited"
    shutil.copytree(hostile, project)
    claims = project / "evidence" / "claims.csv"
    with claims.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[1][rows[0].index("caveat")] = '=HYPERLINK("http://x.example","see")'
    with claims.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    out = _export(project, "csv", tmp_path)
    assert formula_cells(out) == []
    assert read_table(out, CLAIMS)["caveat"].iloc[0] == '=HYPERLINK("http://x.example","see")'  # the text, as text


def test_issue13_2_export_md_passes_no_raw_html(hostile, tmp_path):
    page = parse_html(markdown2html_mistune(_export(hostile, "md", tmp_path).read_text(encoding="utf-8")))
    assert page.tags <= {"table", "thead", "tbody", "tr", "th", "td"}
    assert STATEMENT_XSS in page.visible_text and LOCATOR_FORMULA in page.visible_text


def test_latex_export_typesets_payloads_as_text(hostile, tmp_path):
    tex = _export(hostile, "latex", tmp_path).read_text(encoding="utf-8")
    assert live_latex(tex) == []
    assert r"\textless{}!--\textless{}script\textgreater{}alert(12)//" in tex


def test_parquet_export_keeps_the_exact_text(hostile, tmp_path):
    table = pd.read_parquet(_export(hostile, "parquet", tmp_path))
    assert NEGATIVE_QUOTE in set(table["quote"]) and LOCATOR_FORMULA in set(table["locator"])
    assert LATEX_CAVEAT in set(table["caveat"])


def test_bib_export_is_the_corpus_entries_as_written(hostile, tmp_path):
    """BibTeX is the researcher's own input handed back verbatim (a reference manager's format, not a page)."""
    exported = bibtexparser.parse_string(_export(hostile, "bib", tmp_path).read_text(encoding="utf-8"))
    corpus = {e.key: e.raw for e in bibtexparser.parse_file(str(hostile / "corpus" / "papers.bib")).entries}
    assert exported.entries and all(corpus[e.key] == e.raw for e in exported.entries)


def test_cite_shows_terminal_escapes_instead_of_obeying_them(hostile, capsys):
    claims = load_evidence(hostile / "evidence")["claims"]
    eid = claims.loc[claims["sentence"].str.contains(TERMINAL_ESCAPE, regex=False, na=False), "evidence_id"].iloc[0]
    assert main(["cite", eid, "--project", str(hostile)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\\x1b[2J" in out
