"""Decisions survive reruns; a decision whose row is gone or changed is stale: reported, kept, applied to nothing."""
from __future__ import annotations

import pandas as pd

from litevidence.cli import main
from litevidence.review.apply import apply_reviews
from litevidence.review.decisions import Decision, fingerprint, read_reviews, record

from review_fixtures import claims_of, row_id

WATER_SENTENCE = "A short conversation of 20-50 questions consumes about 500 mL of water."


def _edit_annote(project, old: str, new: str) -> None:
    bib = project / "corpus" / "papers.bib"
    text = bib.read_text(encoding="utf-8")
    assert old in text
    bib.write_text(text.replace(old, new), encoding="utf-8")


def test_decisions_survive_a_rerun_unchanged(ran, capsys):
    water = row_id(ran, "li2023making", "500 mL")
    record(ran, [Decision(water, "reject", "a conversation, not a unit of work")], reviewer="ada")
    for _ in range(2):
        assert main(["run", "--project", str(ran), "--backend", "tfidf", "--no-notebooks"]) == 0
        assert claims_of(ran).set_index("evidence_id").loc[water, "review"] == "rejected"
    assert "0 stale" in capsys.readouterr().out


def test_issue15_a_decision_is_never_applied_to_another_row_when_its_id_moves(ran, capsys):
    """An extracted id counts identical quotes in a field: a new '500 mL' earlier in the annote takes the
    id the decision was made on. The decision is stale, and the new row is not rejected in its place."""
    water = row_id(ran, "li2023making", "500 mL")
    record(ran, [Decision(water, "reject", "a conversation, not a unit of work")], reviewer="ada")
    reviews = (ran / "corpus" / "reviews.csv").read_bytes()
    _edit_annote(ran, WATER_SENTENCE, "Cooling one server rack evaporates about 500 mL of water per hour. " + WATER_SENTENCE)
    capsys.readouterr()
    assert main(["run", "--project", str(ran), "--backend", "tfidf", "--no-notebooks"]) == 0
    out = capsys.readouterr().out
    claims = claims_of(ran).set_index("evidence_id")
    assert "rack" in claims.loc[water, "sentence"]  # the id now names the new sentence's row...
    assert (claims["review"] == "rejected").sum() == 0  # ...which is not rejected, nor is any other
    assert f"[review] stale: {water} (li2023making), reject on " in out
    assert "the row's quote or sentence changed since the decision" in out and "1 stale review decisions" in out
    changes = (ran / "reports" / "changes.md").read_text(encoding="utf-8")
    assert "## Stale review decisions" in changes and water in changes.split("## Stale review decisions")[1]
    assert (ran / "corpus" / "reviews.csv").read_bytes() == reviews  # kept as it was


def test_a_decision_whose_row_disappeared_is_stale_and_comes_back_when_the_row_does(ran, capsys):
    water = row_id(ran, "li2023making", "500 mL")
    record(ran, [Decision(water, "accept")], reviewer="ada")
    bib = ran / "corpus" / "papers.bib"
    original = bib.read_text(encoding="utf-8")
    _edit_annote(ran, " " + WATER_SENTENCE, "")
    capsys.readouterr()
    assert main(["run", "--project", str(ran), "--backend", "tfidf", "--no-notebooks"]) == 0
    out = capsys.readouterr().out
    assert f"[review] stale: {water} (li2023making), accept on " in out and "its row is no longer in the evidence table" in out
    bib.write_text(original, encoding="utf-8")
    assert main(["run", "--project", str(ran), "--backend", "tfidf", "--no-notebooks"]) == 0
    assert "0 stale" in capsys.readouterr().out
    assert claims_of(ran).set_index("evidence_id").loc[water, "review"] == "accepted"


def test_a_changed_row_awaits_review_again_and_a_new_decision_replaces_the_stale_one(ran):
    from litevidence.review.queue import pending

    water = row_id(ran, "li2023making", "500 mL")
    record(ran, [Decision(water, "accept")], reviewer="ada")
    _edit_annote(ran, WATER_SENTENCE, WATER_SENTENCE.replace("A short", "One short"))
    assert main(["run", "--project", str(ran), "--backend", "tfidf", "--no-notebooks"]) == 0
    reviews, _ = read_reviews(ran / "corpus" / "reviews.csv")
    assert water in set(pending(claims_of(ran), reviews)["evidence_id"])
    record(ran, [Decision(water, "accept")], reviewer="ada")
    reviews, _ = read_reviews(ran / "corpus" / "reviews.csv")
    assert len(reviews) == 1 and water not in set(pending(claims_of(ran), reviews)["evidence_id"])


def _claims(*rows) -> pd.DataFrame:
    from litevidence.schema import CLAIMS

    table = CLAIMS.empty()
    return pd.concat([table, pd.DataFrame([{**{c: None for c in CLAIMS.names}, **r} for r in rows])], ignore_index=True)


def _decision(evidence_id, decision, fp, paper="p2020x", **changes):
    from litevidence.schema import CORRECTABLE

    return {"evidence_id": evidence_id, "paper_key": paper, "decision": decision, "reason": "r",
            **{c: changes.get(c, "") for c in CORRECTABLE}, "reviewer": "ada", "date": "2025-01-01", "fingerprint": fp}


def test_apply_reviews_leaves_its_input_alone_and_lets_decisions_on_excluded_papers_wait():
    claims = _claims({"evidence_id": "ev-1", "paper_key": "p2020x", "quote": "2 MWh", "sentence": "It used 2 MWh.",
                      "value": 2.0, "unit": "MWh", "metric": "energy", "canonical_value": 2000.0, "canonical_unit": "kWh"})
    fp = fingerprint("2 MWh", "It used 2 MWh.")
    reviews = pd.DataFrame([_decision("ev-1", "correct", fp, value="3"), _decision("ev-9", "accept", "x", paper="gone2021y"),
                            _decision("ev-8", "accept", "x", paper="out2022z")])
    copy = claims.copy()
    result = apply_reviews(claims, reviews, excluded={"out2022z"})
    pd.testing.assert_frame_equal(claims, copy)
    row = result.claims.iloc[0]
    assert (row["review"], row["value"], row["canonical_value"]) == ("corrected", 3.0, 3000.0)
    assert list(result.stale["evidence_id"]) == ["ev-9"] and result.waiting == 1
    assert result.applied == {"accepted": 0, "rejected": 0, "corrected": 1}


def test_a_correction_that_no_longer_normalises_is_stale_not_half_applied():
    claims = _claims({"evidence_id": "ev-1", "paper_key": "p2020x", "quote": "2 MWh", "sentence": "It used 2 MWh.",
                      "value": 2.0, "unit": "MWh", "metric": "energy", "canonical_value": 2000.0, "canonical_unit": "kWh"})
    reviews = pd.DataFrame([_decision("ev-1", "correct", fingerprint("2 MWh", "It used 2 MWh."), unit="furlongs")])
    result = apply_reviews(claims, reviews)
    assert result.claims.iloc[0]["review"] == "unreviewed" and result.claims.iloc[0]["unit"] == "MWh"
    assert "the correction no longer applies: unit 'furlongs'" in result.stale.iloc[0]["why"]


def test_issue15_a_run_over_evidence_written_before_the_review_column_upgrades_it(ran, capsys):
    claims_file = ran / "evidence" / "claims.csv"
    old = pd.read_csv(claims_file, dtype=str, keep_default_na=False).drop(columns=["review", "value_high"])
    old.to_csv(claims_file, index=False)  # as an older litevidence wrote it: columns added since are missing
    capsys.readouterr()
    assert main(["run", "--project", str(ran), "--backend", "tfidf", "--no-notebooks"]) == 0
    assert f"0 added (0 papers), 0 removed, {len(old)} changed" in capsys.readouterr().out
    assert set(claims_of(ran)["review"]) == {"unreviewed"}
