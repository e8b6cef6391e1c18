"""The review notebook's panel, driven headless: the same decisions, in the same file, through the same code."""
from __future__ import annotations

from litevidence.review.decisions import read_reviews
from litevidence.review.widgets import ReviewPanel
from review_fixtures import claims_of


def test_the_panel_shows_the_least_certain_row_with_its_quote_marked_and_records_clicks(ran):
    panel = ReviewPanel(ran, reviewer="ada")
    claims = claims_of(ran)
    first = panel.current()
    assert first["source"] == "extracted"  # nobody checked it: first in line
    assert f"<mark class='lv-quote'>{first['quote']}</mark>" in panel.row.value
    assert f"0 of {len(claims)} rows reviewed; {len(claims)} to go" in panel.counts.value

    panel.buttons["reject"].click()  # no reason: refused, nothing written
    assert "a rejection needs a reason" in panel.status.value and not (ran / "corpus" / "reviews.csv").exists()
    panel.reason.value = "not a measured figure"
    panel.buttons["reject"].click()
    assert "Recorded in corpus/reviews.csv" in panel.status.value and panel.current()["evidence_id"] != first["evidence_id"]

    second = panel.current()
    panel.fields["unit"].value = "parsecs"
    panel.buttons["correct"].click()
    assert "unit &#x27;parsecs&#x27; is not a unit" in panel.status.value
    assert panel.current()["evidence_id"] == second["evidence_id"]  # refused: still on the same row
    panel.fields["unit"].value = second["unit"]
    panel.fields["phase"].value = "inference" if second["phase"] != "inference" else "training"
    panel.buttons["correct"].click()
    panel.next.click()
    panel.previous.click()
    panel.buttons["accept"].click()

    reviews, problems = read_reviews(ran / "corpus" / "reviews.csv")
    assert problems == [] and list(reviews["decision"]) == ["reject", "correct", "accept"]
    assert reviews.iloc[0][["evidence_id", "reason", "reviewer"]].tolist() == [first["evidence_id"], "not a measured figure", "ada"]
    assert reviews.iloc[1]["phase"] in ("inference", "training") and reviews.iloc[1]["unit"] == ""  # only what changed
    assert f"3 of {len(claims)} rows reviewed" in ReviewPanel(ran).counts.value  # a new panel skips decided rows


def test_the_panel_says_what_to_do_before_the_first_run(project):
    panel = ReviewPanel(project)
    assert "run `litevidence run`" in panel.status.value and panel.current() is None
