"""`litevidence screen`: decisions per paper with a reason code; excluded papers leave evidence, topics and figures."""
from __future__ import annotations

import pytest

from litevidence.cli import main
from litevidence.claims import extractor_fingerprint
from litevidence.evidence import load_evidence
from litevidence.review.rank import rank_unscreened
from litevidence.review.records import read_records
from litevidence.review.screening import REASONS_FILE, read_screening, reasons
from litevidence.search import corpus_vectors
from litevidence.vocabulary import data_files
from review_fixtures import DATA


def test_decisions_are_recorded_with_a_reason_code_and_replace_a_papers_earlier_one(ran, capsys, monkeypatch):
    monkeypatch.setenv("LITEVIDENCE_REVIEWER", "ada")
    assert main(["screen", "include", "patterson2021carbon", "strubell2019energy", "--reason", "meets-criteria",
                 "--project", str(ran)]) == 0
    assert main(["screen", "maybe", "li2023making", "--project", str(ran)]) == 0
    assert main(["screen", "--project", str(ran), "exclude", "li2023making", "--reason", "off-topic", "--note", "cooling only"]) == 0
    out = capsys.readouterr().out
    assert "li2023making: exclude (off-topic); replaces the earlier decision (maybe)" in out
    table, problems = read_screening(ran / "corpus" / "screening.csv")
    assert problems == []
    assert table[["key", "decision", "reason", "note", "reviewer"]].values.tolist() == [
        ["patterson2021carbon", "include", "meets-criteria", "", "ada"],
        ["strubell2019energy", "include", "meets-criteria", "", "ada"],
        ["li2023making", "exclude", "off-topic", "cooling only", "ada"]]


@pytest.mark.parametrize("args, message", [
    (["exclude", "li2023making", "--reason", ""], "an exclusion needs a reason code: one of off-topic, no-figures"),
    (["exclude", "li2023making", "--reason", "boring"], "reason 'boring' is not a code of screening_reasons.csv"),
    (["include", "li2023making", "--reason", "off-topic"], "reason 'off-topic' goes with exclude, not include"),
    (["include", "nobody2020x", "li2023making"], "no paper 'nobody2020x'"),
])
def test_bad_screening_input_is_one_line_and_writes_nothing(ran, capsys, args, message):
    capsys.readouterr()
    assert main(["screen", *args, "--project", str(ran)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("litevidence: error: ") and len(err.strip().splitlines()) == 1 and message in err, err
    assert not (ran / "corpus" / "screening.csv").exists()


def test_excluded_papers_stay_in_the_corpus_but_leave_evidence_topics_and_figures(ran, capsys):
    assert main(["screen", "exclude", "samsi2023words", "--reason", "no-figures", "--project", str(ran)]) == 0
    capsys.readouterr()
    assert main(["run", "--project", str(ran), "--backend", "tfidf", "--no-notebooks"]) == 0
    out = capsys.readouterr().out
    assert "[review] 1 papers excluded at screening leave the evidence, topics and figures" in out
    ev = load_evidence(ran / "evidence")
    for table, column in (("papers", "key"), ("topics", "key"), ("claims", "paper_key")):
        assert "samsi2023words" not in set(ev[table][column]), table
    assert len(ev["papers"]) == 5 and "samsi2023words" in (ran / "corpus" / "papers.bib").read_text(encoding="utf-8")
    assert main(["screen", "maybe", "samsi2023words", "--project", str(ran)]) == 0
    assert main(["run", "--project", str(ran), "--backend", "tfidf", "--no-notebooks"]) == 0
    assert "samsi2023words" in set(load_evidence(ran / "evidence")["claims"]["paper_key"])  # maybe papers stay in


def test_excluding_every_paper_stops_the_run_before_it_writes(ran, capsys):
    keys = list(load_evidence(ran / "evidence")["papers"]["key"])
    before = (ran / "evidence" / "claims.csv").read_bytes()
    assert main(["screen", "exclude", *keys, "--reason", "off-topic", "--project", str(ran)]) == 0
    capsys.readouterr()
    assert main(["run", "--project", str(ran), "--backend", "tfidf", "--no-notebooks"]) == 1
    assert "every paper is excluded at screening" in capsys.readouterr().err
    assert (ran / "evidence" / "claims.csv").read_bytes() == before


def _listed(out: str) -> list[str]:
    """The keys `screen` listed, in order."""
    return [line.split()[0] for line in out.splitlines()[1:] if line and not line.startswith((" ", "litevidence"))]


def test_screen_lists_unscreened_papers_most_likely_included_first_and_new_papers_start_unscreened(ran, capsys):
    screen = ["screen", "-n", "100", "--backend", "tfidf", "--project", str(ran)]
    assert main(["screen", "include", "patterson2021carbon", "--project", str(ran)]) == 0
    assert main(["screen", "exclude", "li2023making", "--reason", "off-topic", "--project", str(ran)]) == 0
    assert main(["screen", "maybe", "samsi2023words", "--project", str(ran)]) == 0
    capsys.readouterr()
    assert main(screen) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 of 6 papers screened; 3 to screen, most likely to be included first (learned from 2 decisions)")
    keys, vectors = corpus_vectors(ran, "tfidf")
    ranked = rank_unscreened(vectors, keys, {"patterson2021carbon": True, "li2023making": False})
    assert _listed(out) == [k for k in ranked if k != "samsi2023words"]  # the ranking, maybe papers aside
    assert _listed(out)[0] in ("strubell2019energy", "luccioni2023bloom")  # training carbon, like the inclusion
    assert main([*screen, "--maybe"]) == 0
    assert _listed(capsys.readouterr().out) == ["samsi2023words"]
    assert main(["add", str(DATA / "sources" / "new.bib"), "--topic", "inference", "--project", str(ran)]) == 0
    capsys.readouterr()
    assert main(screen) == 0  # papers.bib changed: the index is rebuilt through the vector cache
    assert "chen2024serving" in _listed(capsys.readouterr().out)


def test_add_records_where_each_record_came_from_and_each_duplicate(ran, tmp_path, capsys):
    again = tmp_path / "scopus.bib"
    again.write_text("@article{dup, title={Serving Large Language Models at Lower Energy}, author={Chen, Mei}, year={2024},"
                     " doi={10.5555/fixture.2024.01}}\n@misc{other, title={Carbon Emissions and Large Neural Network Training},"
                     " author={Patterson, David}, year={2021}, eprint={2104.10350}, archivePrefix={arXiv}}\n", encoding="utf-8")
    assert main(["add", str(DATA / "sources" / "new.bib"), str(DATA / "sources" / "new.ris"), "--project", str(ran)]) == 0
    assert main(["add", str(again), "--project", str(ran)]) == 1  # duplicates, not merged
    assert main(["add", str(again), "--project", str(ran)]) == 1  # the same file again: nothing new to record
    records = read_records(ran / "corpus" / "records.csv")
    assert records[["key", "outcome", "via"]].values.tolist() == [
        ["chen2024serving", "added", "bibtex"], ["novak2023carbon", "added", "ris"],
        ["chen2024serving", "duplicate", "bibtex"], ["patterson2021carbon", "duplicate", "bibtex"]]
    assert records["source"].tolist()[2:] == [str(again)] * 2
    assert records["entry"].tolist()[0].endswith("new.bib:2 [Chen2024]") and records["entry"].tolist()[3].endswith("scopus.bib:2 [other]")
    assert records["date"].str.match(r"\d{4}-\d\d-\d\d$").all()


def test_reason_codes_are_a_reviewed_data_file_outside_the_extractor_fingerprint():
    codes = reasons()
    assert {"off-topic", "no-figures", "meets-criteria", "unclear"} <= set(codes)
    assert all(set(r.decisions) <= {"include", "exclude", "maybe"} and r.label for r in codes.values())
    assert REASONS_FILE not in data_files()  # a new reason code does not change extractor_version
    assert extractor_fingerprint()


def test_validate_checks_the_decision_files(ran, capsys):
    (ran / "corpus" / "screening.csv").write_text("key,decision,reason,note,reviewer,date\n"
                                                  "li2023making,exclude,boring,,ada,2025-01-01\n"
                                                  "gone2020paper,include,,,ada,2025-01-01\n", encoding="utf-8")
    (ran / "corpus" / "reviews.csv").write_text("evidence_id,decision\n", encoding="utf-8")
    assert main(["validate", "--project", str(ran)]) == 1
    out = capsys.readouterr().out
    assert "screening.csv:2 [li2023making]: error: reason 'boring' is not a code of screening_reasons.csv" in out
    assert "screening.csv:3 [gone2020paper]: warning: paper 'gone2020paper' is not in papers.bib" in out
    assert "reviews.csv:1: error: the header lacks column(s) paper_key, reason" in out
