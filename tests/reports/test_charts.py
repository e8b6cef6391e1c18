"""Figures stay small at any corpus size: sampled or aggregated, and the caption says so."""
import altair as alt
import pandas as pd

from litevidence.reports import charts
from litevidence.reports.html import filterable_table


def rows(n: int) -> pd.DataFrame:
    return pd.DataFrame({"evidence_id": [f"ev{i:05d}" for i in range(n)], "value": range(n)})


def test_sample_is_stable_ordered_and_moves_little_when_a_row_is_added():
    table = rows(1000)
    first = charts.sample_rows(table, 100)
    assert len(first) == 100 and first.equals(charts.sample_rows(table, 100))
    assert list(first["value"]) == sorted(first["value"])
    grown = charts.sample_rows(rows(1001), 100)
    assert len(set(first["evidence_id"]) ^ set(grown["evidence_id"])) <= 2
    assert charts.sample_rows(table, 5000) is table


def test_bounded_samples_every_layer_and_says_how_many_of_how_many():
    shared = rows(12)
    layered = alt.layer(alt.Chart(shared).mark_point().encode(x="value:Q"),
                        alt.Chart(shared).mark_tick().encode(x="median(value):Q"))
    chart, note = charts.bounded(layered, limit=5)
    assert len(chart.data) == 5 and "sample of 5 of 12 rows" in note
    assert len(layered.data) == 12  # the caller's chart is left as it was
    apart = alt.layer(alt.Chart(rows(3)).mark_rect(), alt.Chart(rows(9)).mark_point().encode(x="value:Q"))
    chart, note = charts.bounded(apart, limit=5)
    assert [len(layer.data) for layer in chart.layer] == [3, 5] and "5 of 9 rows" in note
    small, none = charts.bounded(alt.Chart(rows(3)).mark_point(), limit=5)
    assert none == "" and len(small.data) == 3


def test_captions_and_listings_name_at_most_a_few_ids():
    text = charts.caption("Figure.", [f"ev{i}" for i in range(120)])
    assert text.count("ev") == charts.MAX_LISTED and text.endswith("and 70 more.")
    assert charts.listing(["a", "b"]) == "a, b" and charts.listing([]) == ""


def test_coverage_heatmap_turns_to_topics_for_a_large_corpus(monkeypatch):
    coverage = pd.DataFrame({"key": [f"p{i}" for i in range(6)], "topic": ["water"] * 3 + ["cost"] * 3,
                             **{m: [0] * 6 for m in charts.METRIC_ORDER}})
    coverage.loc[:1, "water"] = 2
    per_paper = charts.coverage_heatmap(coverage)
    assert len(per_paper.data) == 6 * len(charts.METRIC_ORDER)
    monkeypatch.setattr(charts, "HEATMAP_PAPERS", 5)
    per_topic = charts.coverage_heatmap(coverage).data
    assert len(per_topic) == 2 * len(charts.METRIC_ORDER)
    share = per_topic.set_index(["topic", "metric"])["share"]
    assert share["water", "water"] == 2 / 3 and share["cost", "water"] == 0


def test_the_evidence_page_holds_a_sample_of_a_large_table_and_points_to_the_rest():
    table = rows(30).assign(metric="energy")
    page = filterable_table(table, ["evidence_id", "metric", "value"], limit=10)
    assert page.count("<tr><td>") == 10 and "a sample of 10 of 30 rows" in page and "evidence/claims.csv" in page
    whole = filterable_table(table, ["evidence_id", "metric", "value"])
    assert whole.count("<tr><td>") == 30 and "sample" not in whole


def test_training_figure_shows_ranges_when_a_model_has_many_sources():
    def footprints(sources: int) -> pd.DataFrame:
        return pd.DataFrame({"metric": "energy", "canonical_unit": "kWh", "model": "GPT-3", "year": 2021,
                             "paper_key": [f"p{i}" for i in range(sources)], "evidence_id": [f"ev{i}" for i in range(sources)],
                             "canonical_value": [1000.0 + i for i in range(sources)], "source": "extracted"})

    bars = charts.training_bars(footprints(3), "energy")
    assert len(bars.data) == 3
    ranges = charts.training_bars(footprints(charts.SOURCES_PER_MODEL + 1), "energy")
    summary = ranges.data if isinstance(ranges.data, pd.DataFrame) else ranges.layer[0].data
    assert summary.to_dict("records") == [{"model": "GPT-3", "low": 1000.0, "median": 1006.0, "high": 1012.0,
                                           "sources": 13, "rows": 13}]
