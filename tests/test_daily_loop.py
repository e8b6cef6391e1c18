"""A researcher's day on the tiny project: run, search, similar, cite, export, add a paper, see what changed."""
import re

import pandas as pd
import pytest

from conftest import DATA
from litevidence.cli import main


def test_search_and_similar_rank_by_meaning_with_cluster_labels(ran, capsys):
    assert main(["search", "water evaporated by datacentre cooling", "--project", str(ran), "--backend", "tfidf", "-k", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "li2023making" in lines[0] and "[" in lines[0]
    assert main(["similar", "luccioni2023bloom", "--project", str(ran), "--backend", "tfidf", "-k", "5"]) == 0
    out = capsys.readouterr().out
    assert "luccioni2023bloom (" not in out and len(out.splitlines()) == 5
    assert main(["similar", "nobody2020x", "--project", str(ran), "--backend", "tfidf"]) == 1


def test_cite_resolves_an_id_to_claim_quote_reference_and_bibtex(ran, capsys):
    claims = pd.read_csv(ran / "evidence" / "claims.csv")
    eid = claims[(claims.paper_key == "patterson2021carbon") & (claims.metric == "energy")]["evidence_id"].iloc[0]
    assert main(["cite", eid, "--project", str(ran)]) == 0
    out = capsys.readouterr().out
    assert f"{eid}: energy = 1,287 MWh (= 1.287e+06 kWh)" in out
    assert 'quote: "1,287 MWh"' in out and "locator: Table 4" in out
    assert "Patterson, D., Gonzalez, J. and Le, Q. (2021). Carbon Emissions and Large Neural Network Training." in out
    assert "@inproceedings{patterson2021carbon," in out


@pytest.mark.parametrize("fmt, check", [
    ("csv", lambda text: text.startswith("evidence_id,") and text.count("\n") == 3),
    ("md", lambda text: text.startswith("| evidence_id |") and text.count("\n") == 4),
    ("latex", lambda text: "\\begin{tabular}" in text and "li2023making" in text),
    ("bib", lambda text: text.count("@misc{li2023making,") == 1 and "@article" not in text),
])
def test_export_filters_and_formats(ran, tmp_path, fmt, check):
    out = tmp_path / f"out.{fmt}"
    assert main(["export", "--format", fmt, "--metric", "water", "--project", str(ran), "--output", str(out)]) == 0
    assert check(out.read_text(encoding="utf-8"))


def test_export_parquet_round_trips(ran, tmp_path):
    out = tmp_path / "out.parquet"
    assert main(["export", "--format", "parquet", "--year", "2023", "--project", str(ran), "--output", str(out)]) == 0
    table = pd.read_parquet(out)
    assert len(table) > 0 and set(table["year"]) == {2023}


def test_a_run_after_adding_a_paper_reports_what_changed(ran, capsys):
    assert main(["add", str(DATA / "sources" / "new.json"), "--project", str(ran), "--topic", "water"]) == 0
    assert main(["run", "--project", str(ran), "--backend", "tfidf", "--no-notebooks"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"since the previous run: 1 added \(1 papers\), 0 removed, 0 changed", out)
    report = (ran / "reports" / "changes.md").read_text(encoding="utf-8")
    assert "| haddad2025water | water | 1 |" in report and "1.8 L per kWh" in report


@pytest.mark.parametrize("filters", [[], ["--metric", "energy"], ["--phase", "training", "--year", "2023"],
                                     ["--paper", "patterson2021carbon"], ["--topic", "TOPIC"], ["--topic", "LABEL"]])
def test_export_keeps_the_rows_the_typed_table_selects(ran, tmp_path, filters):
    """CSV export filters stored rows without pandas: it must keep exactly the rows a filter on the typed table
    keeps, each as evidence/claims.csv has it (the whole table byte for byte)."""
    from litevidence.evidence import load_evidence

    ev = load_evidence(ran / "evidence")
    claims, papers, topics = ev["claims"], ev["papers"], ev["topics"]
    filters = [papers["topic"].dropna().iloc[0] if f == "TOPIC" else topics["label"].iloc[0] if f == "LABEL" else f
               for f in filters]
    out = tmp_path / "out.csv"
    assert main(["export", "--format", "csv", *filters, "--project", str(ran), "--output", str(out)]) == 0
    expected = claims
    for option, value in zip(filters[::2], filters[1::2]):
        if option == "--topic":
            keys = set(papers.loc[papers["topic"] == value, "key"]) | set(topics.loc[topics["label"] == value, "key"])
            expected = expected[expected["paper_key"].isin(keys)]
        else:
            column = {"--metric": "metric", "--phase": "phase", "--year": "year", "--paper": "paper_key"}[option]
            expected = expected[expected[column] == (int(value) if option == "--year" else value)]
    assert 0 < len(expected)
    assert list(pd.read_csv(out)["evidence_id"]) == list(expected["evidence_id"])
    stored = (ran / "evidence" / "claims.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    assert set(lines) <= set(stored) and (lines == stored or filters)
