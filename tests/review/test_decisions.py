"""`litevidence review`: decisions checked, written to corpus/reviews.csv one row per evidence id, and applied by run."""
from __future__ import annotations

import threading

import pytest

from litevidence.cli import main
from litevidence.evidence.curated import read_curated
from litevidence.review.decisions import Decision, fingerprint, read_reviews, record

from review_fixtures import claims_of, row_id


def test_accept_reject_correct_are_written_then_applied_by_run(ran, capsys, monkeypatch):
    monkeypatch.setenv("LITEVIDENCE_REVIEWER", "ada")
    water = row_id(ran, "li2023making", "500 mL")
    lifecycle = row_id(ran, "luccioni2023bloom", "50.5 tonnes")
    dynamic = row_id(ran, "luccioni2023bloom", "24.7 tonnes of CO2eq")
    assert main(["review", "accept", water, "--project", str(ran)]) == 0
    assert main(["review", "--project", str(ran), "reject", lifecycle, "--reason", "a lifecycle total, not training"]) == 0
    assert main(["review", "correct", dynamic, "--value", "25", "--unit", "tCO2e", "--project", str(ran)]) == 0
    out = capsys.readouterr().out
    assert f"{dynamic}: corrected to emissions 25 tCO2e (25000 kgCO2e)" in out and f"{lifecycle}: rejected" in out
    reviews, problems = read_reviews(ran / "corpus" / "reviews.csv")
    assert problems == [] and list(reviews["decision"]) == ["accept", "reject", "correct"]
    assert set(reviews["reviewer"]) == {"ada"} and reviews["date"].str.match(r"\d{4}-\d\d-\d\d$").all()
    before = claims_of(ran).set_index("evidence_id")
    assert reviews.set_index("evidence_id").loc[water, "fingerprint"] == fingerprint(before.loc[water, "quote"],
                                                                                     before.loc[water, "sentence"])

    assert main(["run", "--project", str(ran), "--backend", "tfidf", "--no-notebooks"]) == 0
    assert "[review] 3 decisions applied (1 accepted, 1 rejected, 1 corrected), 0 stale" in capsys.readouterr().out
    after = claims_of(ran).set_index("evidence_id")
    assert after.loc[water, "review"] == "accepted" and after.loc[lifecycle, "review"] == "rejected"
    assert after.loc[dynamic, ["review", "value", "unit", "canonical_value", "canonical_unit"]].tolist() == \
        ["corrected", 25.0, "tCO2e", 25000.0, "kgCO2e"]
    assert after.loc[dynamic, "quote"] == before.loc[dynamic, "quote"]  # the quote stays what the paper says
    assert (after["review"] == "unreviewed").sum() == len(after) - 3


def test_deciding_again_changes_only_that_rows_line_and_keeps_hand_edits(ran):
    ids = [row_id(ran, "li2023making", "500 mL"), row_id(ran, "luccioni2023bloom", "50.5 tonnes")]
    reviews = ran / "corpus" / "reviews.csv"
    record(ran, [Decision(ids[0], "accept")], reviewer="ada")
    # a researcher edits the file by hand in a spreadsheet: CRLF line ends, quoted cells, a byte-order mark
    text = reviews.read_text(encoding="utf-8").replace("\n", "\r\n").replace(",ada,", ',"ada",')
    reviews.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    hand = reviews.read_bytes()
    record(ran, [Decision(ids[1], "reject", "wrong figure")], reviewer="bo")
    appended = reviews.read_bytes()
    assert appended.startswith(hand) and appended[len(hand):].endswith(b"\r\n")  # appended as the file ends its lines
    assert appended[len(hand):].count(b"\n") == 1  # one line, the rest untouched
    said = record(ran, [Decision(ids[1], "accept")], reviewer="bo")
    assert said == [f"{ids[1]}: accepted; replaces the earlier decision (reject)"]
    final = reviews.read_bytes()
    assert final.startswith(hand) and final.count(b"\n") == appended.count(b"\n")  # the one row changed in place
    table, _ = read_reviews(reviews)
    assert list(table["decision"]) == ["accept", "accept"] and list(table["reviewer"]) == ["ada", "bo"]


@pytest.mark.parametrize("args, message", [
    (["accept", "ev-000000000000"], "no evidence row 'ev-000000000000'"),
    (["reject", "{water}", "--reason", "  "], "a rejection needs a reason"),
    (["correct", "{water}"], "nothing to correct"),
    (["correct", "{water}", "--unit", "parsecs"], "unit 'parsecs' is not a unit litevidence knows"),
    (["correct", "{water}", "--metric", "energy"], "unit 'mL' measures water, not energy"),
    (["correct", "{water}", "--value", "lots"], "value 'lots' is not a number"),
    (["correct", "{water}", "--phase", "breakfast"], "phase 'breakfast' is not one of"),
])
def test_bad_input_is_one_line_and_writes_nothing(ran, capsys, args, message):
    water = row_id(ran, "li2023making", "500 mL")
    record(ran, [Decision(water, "accept")], reviewer="ada")
    before = (ran / "corpus" / "reviews.csv").read_bytes()
    capsys.readouterr()
    assert main(["review", *[a.format(water=water) for a in args], "--project", str(ran)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("litevidence: error: ") and len(err.strip().splitlines()) == 1 and message in err, err
    assert (ran / "corpus" / "reviews.csv").read_bytes() == before


def test_one_bad_id_among_several_writes_none(ran):
    good = row_id(ran, "li2023making", "500 mL")
    with pytest.raises(Exception, match="no evidence row 'ev-nope'"):
        record(ran, [Decision(good, "accept"), Decision("ev-nope", "accept")], reviewer="ada")
    assert not (ran / "corpus" / "reviews.csv").exists()


def test_a_corrected_unit_normalises_exactly_as_a_curated_claim(ran, tmp_path):
    energy = row_id(ran, "luccioni2024power", "2.9 kWh per 1,000 inferences")
    record(ran, [Decision(energy, "correct", changes={"value": "3.1", "unit": "Wh/inference", "per": "inference"})],
           reviewer="ada")
    assert main(["run", "--project", str(ran), "--backend", "tfidf", "--no-notebooks"]) == 0
    row = claims_of(ran).set_index("evidence_id").loc[energy]
    curated_file = tmp_path / "curated.csv"
    curated_file.write_text("paper_key,statement,metric,value,value_high,unit,per,direction,phase,subject,qualifier,resource,"
                            "locator,caveat\nluccioni2024power,x,energy,3.1,,Wh/inference,inference,,,,,,p,\n", encoding="utf-8")
    curated = read_curated(curated_file, {"luccioni2024power"})[0].iloc[0]
    assert (row["canonical_value"], row["canonical_unit"]) == (curated["canonical_value"], curated["canonical_unit"])
    assert (row["canonical_value"], row["canonical_unit"]) == (0.0031, "kWh/inference")


def test_writers_at_the_same_time_lose_no_decision(ran):
    claims = claims_of(ran)
    ids = list(claims["evidence_id"])
    threads = [threading.Thread(target=record, args=(ran, [Decision(i, "accept")]), kwargs={"reviewer": f"r{n}"})
               for n, i in enumerate(ids)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    table, problems = read_reviews(ran / "corpus" / "reviews.csv")
    assert problems == [] and sorted(table["evidence_id"]) == sorted(ids)


def test_a_hand_edited_row_that_cannot_be_used_is_named_and_skipped(ran, capsys):
    water = row_id(ran, "li2023making", "500 mL")
    record(ran, [Decision(water, "accept")], reviewer="ada")
    reviews = ran / "corpus" / "reviews.csv"
    reviews.write_text(reviews.read_text(encoding="utf-8") + "ev-123456789abc,x,rejected,,,,,,,,,,,,ada,2025-01-01,ff\n",
                       encoding="utf-8")
    table, problems = read_reviews(reviews)
    assert list(table["evidence_id"]) == [water]
    assert [(p.line, p.severity) for p in problems] == [(3, "error")] and "decision 'rejected'" in problems[0].message
    assert main(["run", "--project", str(ran), "--backend", "tfidf", "--no-notebooks"]) == 0
    assert f"reviews.csv:3 [ev-123456789abc]: error: decision 'rejected' is not one of accept, reject, correct" in \
        capsys.readouterr().out
