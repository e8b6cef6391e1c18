import pandas as pd
import pytest

from conftest import claims_table as claims
from litevidence.reports import analysis
from litevidence.reports.scenarios import Scenario, annual, break_even_utilisation, sensitivity


ROWS = [
    dict(evidence_id="a", paper_key="p2021", year=2021, metric="energy", phase="training", subject="GPT-3 training",
         canonical_value=1_287_000.0, canonical_unit="kWh", source="curated"),
    dict(evidence_id="b", paper_key="p2021", year=2021, metric="emissions", phase="training", subject="GPT-3 training",
         canonical_value=552_000.0, canonical_unit="kgCO2e", source="curated"),
    dict(evidence_id="c", paper_key="q2023", year=2023, metric="energy", phase="training", subject="GPT-3",
         canonical_value=1_287_000.0, canonical_unit="kWh", source="extracted"),
    dict(evidence_id="d", paper_key="r2024", year=2024, metric="energy", phase="training", subject="GPT-3",
         canonical_value=1_300_000.0 * 2, canonical_unit="kWh", source="extracted"),
    dict(evidence_id="e", paper_key="q2023", year=2023, metric="energy", phase="inference", subject="chat",
         canonical_value=2.9, canonical_unit="kWh/1000 queries", per="1000 queries"),
    dict(evidence_id="f", paper_key="r2024", year=2024, metric="energy", phase="inference", subject="chat",
         canonical_value=0.0003, canonical_unit="kWh/query", per="query"),
    dict(evidence_id="g", paper_key="r2024", year=2024, metric="relative_change", direction="reduction", unit="%",
         canonical_value=40.0, canonical_unit="%", value=40.0, quote="40%", sentence="4-bit quantisation cut energy by 40%."),
    dict(evidence_id="h", paper_key="r2024", year=2024, metric="relative_change", direction="reduction", unit="x",
         value=4.0, quote="4x", sentence="Distillation needs 4x less energy."),
    dict(evidence_id="i", paper_key="s2025", year=2025, metric="energy", phase="training", subject="Tiny",
         canonical_value=10.0, canonical_unit="kWh"),
    dict(evidence_id="j", paper_key="s2025", year=2025, metric="emissions", phase="training", subject="Tiny",
         canonical_value=50.0, canonical_unit="kgCO2e"),
]
PAPERS = pd.DataFrame({"key": ["p2021", "q2023", "r2024", "s2025"], "title": ["", "", "", ""],
                       "keywords": ["", "", "", ""], "year": [2021, 2023, 2024, 2025], "topic": ["a", "a", "b", "c"],
                       "venue": ["J, 1", "J, 2", "C (x)", ""]})


def test_training_footprints_group_models_across_sources():
    rows = analysis.training_footprints(claims(*ROWS))
    assert sorted(rows[rows["metric"] == "energy"]["model"]) == ["GPT-3", "GPT-3", "GPT-3", "Tiny"]


def test_agreement_counts_a_requoted_value_once_against_its_earliest_source():
    agree = analysis.agreement(claims(*ROWS)).set_index(["model", "metric"])
    row = agree.loc[("GPT-3", "energy")]
    assert (row["papers"], row["distinct_values"], row["original_sources"]) == (3, 2, "p2021; r2024")
    assert row["spread"] == pytest.approx(2_600_000 / 1_287_000, rel=1e-3)


def test_inference_per_query_is_in_wh_per_single_query():
    rows = analysis.inference_per_query(claims(*ROWS)).set_index("evidence_id")
    assert rows.loc["e", "wh_per_query"] == pytest.approx(2.9) and rows.loc["f", "wh_per_query"] == pytest.approx(0.3)


def test_savings_by_technique_turns_factors_into_the_reduction_they_imply():
    savings = analysis.savings_by_technique(claims(*ROWS), PAPERS).set_index("technique")
    assert savings.loc["quantisation", "reduction_pct"] == 40
    assert savings.loc["distillation", "reduction_pct"] == pytest.approx(75)


def test_implied_carbon_intensity_flags_what_no_grid_could_give():
    implied = analysis.implied_carbon_intensity(claims(*ROWS)).set_index("subject")
    assert implied.loc["GPT-3 training", "implied_g_per_kwh"] == pytest.approx(428.9, abs=0.1)
    assert bool(implied.loc["GPT-3 training", "plausible"]) and not bool(implied.loc["Tiny", "plausible"])


def test_coverage_and_gaps_name_papers_without_figures():
    papers = pd.concat([PAPERS, pd.DataFrame({"key": ["t2026"], "year": [2026], "topic": ["c"], "title": [""],
                                                  "keywords": [""], "venue": [""]})])
    coverage = analysis.coverage_matrix(papers, claims(*ROWS)).set_index("key")
    assert coverage.loc["p2021", "energy"] == 1 and coverage.loc["t2026", "total"] == 0
    assert analysis.gaps(coverage.reset_index()).set_index("topic").loc["c", "papers_without_figures"] == 1
    assert analysis.venues(PAPERS)["venue"].tolist()[0] == "J"


def test_scenario_arithmetic():
    s = Scenario(requests_per_day=24_000, tokens_per_request=100, tokens_per_device_hour=100_000,
                 energy_per_request_wh=1.0, idle_power_w=0, pue=1.0, cloud_pue=1.0, grid_g_per_kwh=500,
                 renewable_share=0.5, embodied_kg_per_device=0, utilisation=0.5, cloud_utilisation=1.0,
                 cloud_usd_per_hour=2.0, purchase_usd=8_000, lifetime_years=4, operating_usd_per_year=0,
                 electricity_usd_per_kwh=0.1)
    result = annual(s).set_index("option")
    busy_hours = 24_000 * 365 * 100 / 100_000  # 8,760 device-hours
    assert result.loc["cloud", "device_hours"] == pytest.approx(busy_hours)
    assert result.loc["cloud", "cost_usd"] == pytest.approx(2.0 * busy_hours)
    assert result.loc["own hardware", "devices"] == 2  # a device busy half the year
    assert result.loc["own hardware", "energy_kwh"] == pytest.approx(24_000 * 365 / 1000)
    assert result.loc["own hardware", "emissions_kg"] == pytest.approx(8_760 * 0.5 * 0.5)
    assert result.loc["own hardware", "cost_usd"] == pytest.approx(2 * 2_000 + 876)


def test_break_even_and_sensitivity_move_the_right_way():
    s = Scenario()
    be = break_even_utilisation(s)
    assert be is not None and 0 < be < 1
    assert break_even_utilisation(Scenario(cloud_usd_per_hour=0.01)) is None
    sens = sensitivity(s).set_index(["parameter", "factor", "option"])
    assert sens.loc[("cloud_usd_per_hour", 1.5, "cloud"), "cost_usd"] > sens.loc[("cloud_usd_per_hour", 0.5, "cloud"), "cost_usd"]
    assert sens.loc[("grid_g_per_kwh", 1.5, "own hardware"), "emissions_kg"] > sens.loc[("grid_g_per_kwh", 0.5, "own hardware"), "emissions_kg"]
