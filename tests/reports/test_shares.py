"""Shares of a whole in the metric comparisons: the table and its figure."""
import altair as alt
import pandas as pd
import pytest

from conftest import claims_table as claims
from litevidence.reports import analysis, charts


ROWS = claims(
    dict(evidence_id="a", paper_key="p2024", year=2024, metric="share", value=4.0, unit="%", canonical_value=4.0,
         canonical_unit="%", qualifier="approx", resource="energy", subject="US data centres in US electricity use",
         source="curated"),
    dict(evidence_id="b", paper_key="q2024", year=2024, metric="share", value=2.0, value_high=6.0, unit="%",
         canonical_value=2.0, canonical_value_high=6.0, canonical_unit="%", resource="cost", phase="training",
         subject="energy in training cost", source="curated"),
    dict(evidence_id="c", paper_key="q2024", year=2024, metric="share", value=15.0, value_high=22.0, unit="%",
         canonical_value=15.0, canonical_value_high=22.0, canonical_unit="%", resource="cost", phase="training",
         quote="15-22% of cost", source="extracted"),
    dict(evidence_id="d", paper_key="r2025", year=2025, metric="relative_change", value=40.0, unit="%",
         canonical_value=40.0, canonical_unit="%", direction="reduction", resource="energy"),
    dict(evidence_id="e", paper_key="r2025", year=2025, metric="share", value=3.0, unit="x", resource="energy"),
)


def test_shares_keeps_share_claims_in_percent_grouped_by_the_wholes_resource():
    table = analysis.shares(ROWS)
    assert list(table["evidence_id"]) == ["c", "b", "a"]  # cost then energy, largest share first; no factor, no change
    row = table.set_index("evidence_id").loc["b"]
    assert (row["share_pct"], row["share_pct_high"], row["resource"]) == (2.0, 6.0, "cost")
    assert row["label"] == "q2024 · energy in training cost"
    assert table.set_index("evidence_id").loc["c", "label"] == "q2024 · 15-22% of cost"  # no subject: the quote
    assert pd.isna(table.set_index("evidence_id").loc["a", "share_pct_high"])
    assert analysis.shares(ROWS.iloc[3:4]).empty


def test_share_figure_draws_every_share_with_its_range_and_resource():
    table = analysis.shares(ROWS)
    chart = charts.share_points(table)
    assert isinstance(chart, alt.LayerChart) and len(chart.layer) == 2
    spec = chart.to_dict()
    assert spec["layer"][1]["encoding"]["color"]["field"] == "resource"
    assert spec["layer"][0]["encoding"]["x2"]["field"] == "top"
    data = next(iter(spec["datasets"].values()))
    assert sorted(r["evidence_id"] for r in data) == ["a", "b", "c"]
    assert "a, b, c" in charts.caption("Shares.", table["evidence_id"])


@pytest.mark.parametrize("n", [0, 1])
def test_share_figure_saves_even_when_there_are_few_or_no_shares(tmp_path, n):
    table = analysis.shares(ROWS.iloc[:n])
    paths = charts.save_chart(charts.share_points(table), tmp_path, "shares", charts.caption("Shares.", table["evidence_id"]))
    assert paths["html"].exists() and paths["png"].stat().st_size > 0
