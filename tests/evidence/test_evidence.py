import json
import shutil

import pandas as pd
import pytest

from litevidence.claims import EXTRACTOR_VERSION, extract_paper
from litevidence.cli import main
from litevidence.corpus import read_corpus
from litevidence.evidence import CURATED_COLUMNS, build_evidence, datapackage, read_curated
from litevidence.schema import CLAIMS


def _evidence(corpus_dir):
    papers, _ = read_corpus(corpus_dir)
    extracted = pd.concat([extract_paper(p) for p in papers.to_dict("records")], ignore_index=True)
    curated, problems = read_curated(corpus_dir / "curated_claims.csv", set(papers["key"]))
    return papers, build_evidence(papers, extracted, curated, EXTRACTOR_VERSION), problems


def test_curated_and_extracted_statements_of_one_quantity_merge(tiny_corpus):
    _, ev, problems = _evidence(tiny_corpus)
    assert problems == []
    assert list(ev.columns) == CLAIMS.names
    gpt3 = ev[(ev.paper_key == "patterson2021carbon") & (ev.metric == "energy")]
    assert len(gpt3) == 1
    row = gpt3.iloc[0]
    assert row["source"] == "curated+extracted"
    assert row["locator"] == "Table 4" and row["quote"] == "1,287 MWh" and row["field"] == "annote"
    assert row["canonical_value"] == 1287000 and row["year"] == 2021
    assert ev["evidence_id"].is_unique


def test_ids_do_not_change_when_other_papers_or_unrelated_text_change(tiny_corpus, tmp_path):
    _, before, _ = _evidence(tiny_corpus)
    shutil.copytree(tiny_corpus, tmp_path, dirs_exist_ok=True)
    text = (tiny_corpus / "papers.bib").read_text(encoding="utf-8")
    text = text.replace("Compares inference energy across tasks.", "Compares inference energy across ten tasks in depth.")
    text = text.replace("@misc{li2023making", "@misc{new2025paper,\n  title={New},\n  year={2025},\n  annote={It used 9 MWh.}\n}\n\n@misc{li2023making")
    (tmp_path / "papers.bib").write_text(text, encoding="utf-8")
    _, after, _ = _evidence(tmp_path)
    assert set(before["evidence_id"]) <= set(after["evidence_id"])
    assert len(after) == len(before) + 1


def test_bad_curated_rows_are_reported_with_line_and_skipped(tiny_corpus, tmp_path):
    path = tmp_path / "curated_claims.csv"
    lines = (tiny_corpus / "curated_claims.csv").read_text(encoding="utf-8").splitlines()
    lines += ["nobody2020x,ghost,energy,5,,kWh,,,,,,,Abstract,",
              "li2023making,bad unit,water,5,,furlongs,,,,,,,Abstract,",
              "li2023making,wrong metric,water,5,,kWh,,,,,,,Abstract,"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    papers, _ = read_corpus(tiny_corpus)
    curated, problems = read_curated(path, set(papers["key"]))
    assert len(curated) == 4
    assert [(p.line, p.key) for p in problems] == [(6, "nobody2020x"), (7, "li2023making"), (8, "li2023making")]
    assert "not a key in papers.bib" in problems[0].message
    assert "furlongs" in problems[1].message and "measures energy, not water" in problems[2].message


def test_datapackage_describes_every_column():
    descriptor = json.loads(datapackage("abc"))
    claims = next(r for r in descriptor["resources"] if r["path"] == "claims.csv")
    assert [f["name"] for f in claims["schema"]["fields"]] == CLAIMS.names
    assert all(f["description"] for r in descriptor["resources"] for f in r["schema"]["fields"])


def test_regression_a_merged_rate_keeps_its_per_and_canonical_unit_together(tiny_corpus):
    papers, _ = read_corpus(tiny_corpus)
    extracted = pd.DataFrame([{"paper_key": "li2023making", "field": "annote",
                               "sentence": "Each conversation evaporates 0.5 L of water.", "quote": "0.5 L",
                               "start": 0, "end": 5, "value": 0.5, "value_high": None, "unit": "L", "metric": "water",
                               "canonical_value": 0.5, "canonical_value_high": None, "canonical_unit": "L",
                               "direction": None, "phase": None, "subject": None, "qualifier": None, "per": None,
                               "resource": None}])
    curated = pd.DataFrame([{"paper_key": "li2023making", "statement": "half a litre per conversation", "metric": "water",
                             "value": 0.5, "value_high": None, "unit": "L/conversation", "per": "conversation",
                             "direction": "", "phase": "inference", "subject": "", "qualifier": "", "resource": "",
                             "locator": "Abstract", "caveat": "", "canonical_value": 0.5, "canonical_value_high": None,
                             "canonical_unit": "L/conversation"}])
    row = build_evidence(papers, extracted, curated, EXTRACTOR_VERSION).iloc[0]
    assert (row["source"], row["per"], row["canonical_unit"]) == ("curated+extracted", "conversation", "L/conversation")


BROKEN_CURATED = {
    "no unit column": lambda text: text.replace(",unit,", ",units,", 1).encode("utf-8"),
    "empty": lambda text: b"",
    "not UTF-8": lambda text: (text + "li2023making,Caf\u00e9 cooling,water,5,,L,,,,,,,Abstract,\n").encode("latin-1"),
    "broken quotes": lambda text: (text + 'li2023making,"unclosed,water,5,,L,,,,,,,Abstract,\n').encode("utf-8"),
}


@pytest.mark.parametrize("kind", BROKEN_CURATED)
def test_issue13_7_an_unreadable_curated_file_stops_the_run_before_evidence_is_rewritten(project, capsys, kind):
    assert main(["run", "--project", str(project), "--backend", "tfidf", "--no-notebooks"]) == 0
    before = {p.name: p.read_bytes() for p in (project / "evidence").iterdir()}
    curated = project / "corpus" / "curated_claims.csv"
    curated.write_bytes(BROKEN_CURATED[kind](curated.read_text(encoding="utf-8")))
    capsys.readouterr()

    assert main(["run", "--project", str(project), "--backend", "tfidf", "--no-notebooks"]) == 1
    err = capsys.readouterr().err
    assert f"litevidence: error: {curated}" in err and len(err.strip().splitlines()) == 1
    assert before == {p.name: p.read_bytes() for p in (project / "evidence").iterdir()}  # nothing rewritten
    assert main(["validate", "--project", str(project)]) == 1
    assert any(line.startswith(f"{curated}") and ": error: " in line for line in capsys.readouterr().out.splitlines())


def test_a_header_only_curated_file_means_no_curated_claims(tiny_corpus, tmp_path):
    path = tmp_path / "curated_claims.csv"
    path.write_text(",".join(CURATED_COLUMNS) + "\n", encoding="utf-8")
    curated, problems = read_curated(path, {"li2023making"})
    assert curated.empty and problems == []


def _extracted_row(**fields):
    from litevidence.claims import PAPER_CLAIM_COLUMNS
    row = {c: None for c in PAPER_CLAIM_COLUMNS}
    row.update(paper_key="k2020water", field="fulltext", start=10, end=20, per=None, **fields)
    return row


def test_regression_a_curated_factor_never_merges_with_an_unrelated_extracted_factor():
    """A curated '3x' merged with an extracted 'factor of 3.70' (a water factor): empty canonical values
    compared equal. Merging needs the same number, metric and unit kind, and a sentence that shares words."""
    papers = pd.DataFrame({"key": ["k2020water"], "year": [2020]})
    extracted = pd.DataFrame([_extracted_row(
        sentence="Water intensity rose by a factor of 3.70 L/kWh at the hottest site.", quote="factor of 3.70",
        value=3.70, unit="x", metric="relative_change", canonical_value=float("nan"), resource="water")])
    curated = pd.DataFrame([{
        "paper_key": "k2020water", "statement": "Sparse serving cuts inference energy 3x", "metric": "relative_change",
        "value": 3.0, "value_high": None, "unit": "x", "per": "", "direction": "reduction", "phase": "inference",
        "subject": "", "qualifier": "", "resource": "energy", "locator": "Table 2", "caveat": "",
        "canonical_value": None, "canonical_value_high": None, "canonical_unit": ""}])
    ev = build_evidence(papers, extracted, curated, EXTRACTOR_VERSION)
    assert sorted(ev["source"]) == ["curated", "extracted"]
    assert ev.loc[ev["source"] == "curated", "value"].item() == 3.0
    assert ev.loc[ev["source"] == "extracted", "value"].item() == 3.70


def test_a_merged_row_keeps_the_curated_value_and_unit():
    papers = pd.DataFrame({"key": ["k2020water"], "year": [2020]})
    extracted = pd.DataFrame([_extracted_row(
        sentence="Cooling evaporated about 700,000 L of water during training.", quote="700,000 L", value=700000.0,
        unit="L", metric="water", canonical_value=700000.0, canonical_unit="L")])
    curated = pd.DataFrame([{
        "paper_key": "k2020water", "statement": "Training evaporated 700 m3 of cooling water", "metric": "water",
        "value": 700.0, "value_high": None, "unit": "m3", "per": "", "direction": "", "phase": "training",
        "subject": "", "qualifier": "approx", "resource": "", "locator": "Section 3", "caveat": "",
        "canonical_value": 700000.0, "canonical_value_high": None, "canonical_unit": "L"}])
    ev = build_evidence(papers, extracted, curated, EXTRACTOR_VERSION)
    assert len(ev) == 1
    row = ev.iloc[0]
    assert (row["source"], row["value"], row["unit"], row["canonical_value"], row["quote"]) == (
        "curated+extracted", 700.0, "m3", 700000.0, "700,000 L")


def test_load_evidence_reads_only_the_tables_named(tmp_path):
    """Issue 16: export needs three tables; the others are not read (nor need to exist)."""
    from conftest import DATA
    from litevidence import LitevidenceError
    from litevidence.evidence import load_evidence

    shutil.copytree(DATA / "tiny", tmp_path / "corpus")
    assert main(["run", "--project", str(tmp_path), "--backend", "tfidf", "--no-notebooks"]) == 0
    (tmp_path / "evidence" / "clusters.csv").unlink()
    tables = load_evidence(tmp_path / "evidence", names=("claims", "papers"))
    assert set(tables) == {"claims", "papers"} and len(tables["papers"]) == 6
    with pytest.raises(LitevidenceError, match="missing"):
        load_evidence(tmp_path / "evidence")


def test_find_rows_reads_each_row_as_read_table_does(tmp_path):
    """`cite`'s pandas-free reader gives every row the values, types and missing cells of ``read_table``, the
    hostile corpus's formula-guarded text cells included."""
    from conftest import DATA
    from litevidence.evidence.load import find_rows, read_table
    from litevidence.schema import CLAIMS, PAPERS_TABLE

    shutil.copytree(DATA / "hostile", tmp_path / "corpus")
    assert main(["run", "--project", str(tmp_path), "--backend", "tfidf", "--no-notebooks"]) == 0
    for schema, name, key in ((CLAIMS, "claims.csv", "evidence_id"), (PAPERS_TABLE, "papers.csv", "key")):
        table = read_table(tmp_path / "evidence" / name, schema)
        assert len(table) > 0
        for expected in table.astype(object).where(table.notna(), None).to_dict("records"):
            assert find_rows(tmp_path / "evidence", schema, key, expected[key]) == [expected]
    assert find_rows(tmp_path / "evidence", CLAIMS, "evidence_id", "ev-000000000000") == []
