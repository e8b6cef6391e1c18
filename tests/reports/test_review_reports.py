"""What the reports show of the review: captions with reviewed counts, progress per metric, the PRISMA figure."""
from __future__ import annotations

import pandas as pd

from litevidence.reports import analysis, charts
from litevidence.reports.html import plain_table, review_progress_html


def _claims() -> pd.DataFrame:
    return pd.DataFrame({"evidence_id": ["a", "b", "c", "d"], "metric": ["energy", "energy", "water", "energy"],
                         "review": ["accepted", "unreviewed", "corrected", "rejected"]})


def test_captions_say_how_many_of_their_rows_were_reviewed():
    claims = analysis.without_rejected(_claims())
    assert list(claims["evidence_id"]) == ["a", "b", "c"]
    assert charts.caption("Energy.", ["a", "b"], claims) == "Energy. Evidence: a, b. Reviewed: 1 of 2 rows."
    assert charts.caption("None.", [], claims) == "None. (No evidence rows.)"


def test_review_progress_per_metric_counts_rejected_rows_as_reviewed():
    progress = analysis.review_progress(_claims()).set_index("metric")
    assert progress.loc["energy", ["reviewed", "total", "accepted", "rejected"]].tolist() == [2, 3, 1, 1]
    assert progress.loc["all", ["reviewed", "total"]].tolist() == [3, 4] and list(progress.index) == ["energy", "water", "all"]
    html = review_progress_html(analysis.review_progress(_claims()))
    assert "<td>energy</td><td>2 / 3</td>" in html and "67%" in html


def test_the_prisma_flow_is_drawn_offline_as_html_and_png(tmp_path):
    counts = pd.DataFrame([
        ("identification", "identified", "</script><b>scopus.bib", 12), ("identification", "identified", "papers.bib (entered by hand)", 5),
        ("identification", "removed", "duplicate records", 2), ("identification", "removed", "no longer in papers.bib", 0),
        ("screening", "screened", "records in the corpus", 15), ("screening", "screened", "records screened", 9),
        ("screening", "excluded", "Off topic (off-topic)", 4), ("screening", "awaiting", "not yet screened", 6),
        ("screening", "awaiting", "maybe", 1), ("included", "included", "papers included", 4),
        ("included", "evidence", "papers in the evidence (included, maybe or not yet screened)", 11),
        ("included", "rows", "evidence rows", 30), ("included", "rows", "reviewed", 7), ("included", "rows", "accepted", 5),
        ("included", "rows", "corrected", 1), ("included", "rows", "rejected", 1)], columns=["stage", "box", "item", "n"])
    paths = charts.save_chart(charts.prisma_flow(counts), tmp_path, "prisma_flow", "PRISMA.")
    page = paths["html"].read_text(encoding="utf-8")
    assert paths["png"].stat().st_size > 10_000 and "cdn.jsdelivr" not in page
    assert "</script><b>" not in page  # a source's name is data, escaped in the inline spec
    for text in ("Records identified (n = 17), by source:", "Records excluded (n = 4), by reason:",
                 "Papers included (n = 4)", "evidence rows: 30, reviewed 7"):
        assert text in page, text


def test_the_lists_of_rejected_rows_and_stale_decisions_are_plain_escaped_tables():
    html = plain_table(pd.DataFrame({"evidence_id": ["ev-1"], "reason": ["<img src=x onerror=alert(1)>"], "n": [None]}))
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img" not in html and "lv-count" not in html
