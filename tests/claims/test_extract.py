import pytest
from hypothesis import given, settings, strategies as st

from litevidence.claims import extract_claims, extract_paper


def one(text, **kw):
    claims = extract_claims(text, **kw)
    assert len(claims) == 1, claims
    return claims[0]


@pytest.mark.parametrize("text, quote, metric, value, canonical, unit", [
    ("Training GPT-3 used 1,287 MWh of electricity.", "1,287 MWh", "energy", 1287, 1287000, "kWh"),
    ("It emitted 552 tCO2e in total.", "552 tCO2e", "emissions", 552, 552000, "kgCO2e"),
    ("The search emitted 626,155 lbs of CO$_2$e overall.", "626,155 lbs of CO$_2$e", "emissions", 626155, 284019.377, "kgCO2e"),
    ("Cooling could evaporate 700,000 L of water.", "700,000 L", "water", 700000, 700000, "L"),
    ("A chat uses about 500 mL of water.", "500 mL", "water", 500, 0.5, "L"),
    ("Each GPU drew 300 W under load.", "300 W", "power", 300, 300, "W"),
    ("Training took 1.08 million GPU hours.", "1.08 million GPU hours", "compute_time", 1.08, 1.08e6, "accelerator-hours"),
    ("The grid averages 429 gCO2e/kWh.", "429 gCO2e/kWh", "carbon_intensity", 429, 429, "gCO2e/kWh"),
    ("Cloud compute cost $3.2 million.", "$3.2 million", "cost", 3.2, 3.2e6, "USD"),
    ("Energy was 1.2 × 10^6 J in all.", "1.2 × 10^6 J", "energy", 1.2e6, 1.2e6 / 3.6e6, "kWh"),
    ("A 1 287 MWh run.", "1 287 MWh", "energy", 1287, 1287000, "kWh"),
])
def test_absolute_quantities_are_normalised(text, quote, metric, value, canonical, unit):
    c = one(text)
    assert (c["quote"], c["metric"], c["canonical_unit"]) == (quote, metric, unit)
    assert c["value"] == pytest.approx(value) and c["canonical_value"] == pytest.approx(canonical, rel=1e-6)
    assert text[c["start"]:c["end"]] == c["quote"]


@pytest.mark.parametrize("text, quote, per, canonical, unit", [
    ("Image generation needs 2.9 kWh per 1,000 inferences.", "2.9 kWh per 1,000 inferences", "1000 inferences", 2.9, "kWh/1000 inferences"),
    ("A query needs 0.3 Wh per query on average.", "0.3 Wh per query", "query", 0.0003, "kWh/query"),
    ("Renting costs $2 per hour.", "$2 per hour", "hour", 2, "USD/hour"),
])
def test_rates_keep_their_functional_unit(text, quote, per, canonical, unit):
    c = one(text)
    assert (c["quote"], c["per"], c["canonical_unit"]) == (quote, per, unit)
    assert c["canonical_value"] == pytest.approx(canonical)


@pytest.mark.parametrize("text, value, high, canonical, direction, resource", [
    ("Power capping cut inference energy by 23%.", 23, None, 23, "reduction", "energy"),
    ("Our method needs only 10.8% of the GPU time of the baseline.", 10.8, None, 89.2, "reduction", "compute_time"),
    ("It uses 3× less energy.", 3, None, None, "reduction", "energy"),
    ("Choosing the datacentre can cut the carbon footprint by 100-1000x.", 100, 1000, None, "reduction", "emissions"),
    ("Emissions increased by 20–30% last year.", 20, 30, 20, "increase", "emissions"),
])
def test_relative_changes(text, value, high, canonical, direction, resource):
    c = one(text)
    assert c["metric"] == "relative_change"
    assert (c["value"], c["value_high"]) == (value, high)
    assert c["canonical_value"] == (pytest.approx(canonical) if canonical is not None else None)
    assert (c["direction"], c["resource"]) == (direction, resource)


@pytest.mark.parametrize("text", [
    "GPT-3 has 175B parameters.",
    "Llama-2-70B was released in 2023.",
    "Accuracy improved by 5% on MNLI.",
    "We trained on 300 billion tokens from 45 datasets (Table 3, Section 4).",
])
def test_not_claims(text):
    assert extract_claims(text) == []


def test_bare_mass_is_emissions_only_where_the_sentence_speaks_of_carbon():
    c = extract_claims("It emitted 24.7 tonnes of CO2eq, and 50.5 tonnes over the whole life cycle.")
    assert [(x["quote"], x["metric"], x["canonical_value"]) for x in c] == [
        ("24.7 tonnes of CO2eq", "emissions", 24700), ("50.5 tonnes", "emissions", 50500)]
    assert extract_claims("The server weighs 20 kg.") == []


def test_context_fields():
    c = one("Training the BLOOM model emitted about 24.7 tonnes of CO2eq.")
    assert (c["phase"], c["subject"], c["qualifier"]) == ("training", "BLOOM", "approx")
    c = one("Serving requests needed up to 4 J per token.")
    assert (c["phase"], c["qualifier"], c["per"]) == ("inference", "up_to", "token")


def test_ranges_and_pue():
    c = one("Between 2 and 3 kWh were used.")
    assert (c["value"], c["value_high"], c["canonical_value_high"]) == (2, 3, 3)
    c = one("A PUE of 1.1 was assumed.")
    assert (c["metric"], c["value"]) == ("pue", 1.1)


def test_ranges_need_one_unit_and_ascending_values():
    c = one("Power ranged from 300 W to 1 kW.")  # one range; the high end in the low end's unit
    assert (c["quote"], c["value"], c["value_high"], c["unit"], c["canonical_value_high"]) == ("300 W to 1 kW", 300, 1000, "W", 1000)
    assert extract_claims("Capping from 250 W to 175 W saved energy.") == []  # power-cap settings, not draws
    assert [c["quote"] for c in extract_claims("Capped at 250 W, the GPU still drew 175 W on average.")] == ["175 W"]
    c = one("Training used 2-3 million GPU hours.")
    assert (c["value"], c["value_high"], c["unit"]) == (2, 3, "million GPU hours")
    assert (c["canonical_value"], c["canonical_value_high"]) == (2e6, 3e6)


def test_all_quantities_adds_other_numbers():
    text = "We used 8 GPUs and 3 kWh."
    assert [c["metric"] for c in extract_claims(text)] == ["energy"]
    assert [c["metric"] for c in extract_claims(text, all_quantities=True)] == ["other", "energy"]


def test_extract_paper_reads_every_text_field():
    paper = {"key": "k2020a", "title": "Saving 40% energy", "abstract": "", "annote": "It used 5 MWh.",
             "fulltext": "Training emitted 2 tCO2e."}
    df = extract_paper(paper)
    assert list(df["field"]) == ["title", "annote", "fulltext"]
    assert set(df["paper_key"]) == {"k2020a"}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.-–%xkMWhJtCO2e$€LmgperqueyGPU~×\u2009\u00a0abc")), max_size=80))
def test_never_crashes_and_offsets_point_at_the_quote(text):
    for c in extract_claims(text, all_quantities=True):
        assert text[c["start"]:c["end"]] == c["quote"]
        assert c["start"] < c["end"]


@pytest.mark.parametrize("text", [
    "This came at the price of 0.51% lower validation accuracy.",
    "Energy makes up only 2-6% of the cost of training.",
    "The 2030 scenarios give 4.6%, 5.0%, 6.8% or 9.1% of US electricity.",
    "ICT could account for 7% (optimistic) to 20% (expected) of global electricity demand.",
    "The datacenter had 89% carbon-free energy.",
    "Estimators make errors of up to 40% relative to measured energy.",
    "Pruning reaches up to 60% unstructured sparsity without retraining energy.",
    "A run covering only 13% of the training consumed 13.8 MWh.",
])
def test_regression_shares_and_other_quantities_are_not_resource_changes(text):
    assert [c for c in extract_claims(text) if c["metric"] == "relative_change"] == []


@pytest.mark.parametrize("text", [
    "The distilled model is 40% smaller and 60% faster than BERT.",
    "It reports up to 1.56x speedup and 2x memory reduction.",
    "XNOR-Nets run 58x faster with 32x memory savings.",
    "Throughput rose 2.4x and latency fell 40%.",
])
def test_speed_and_size_are_not_claims(text):
    assert extract_claims(text) == []


@pytest.mark.parametrize("text, value, resource", [
    ("Data centres used about 4% of US electricity in 2023.", 4, "energy"),
    ("Energy makes up only 2-6% of the cost of training.", 2, "cost"),
    ("Cooling accounts for 38% of the facility's electricity.", 38, "energy"),
])
def test_shares_of_a_whole(text, value, resource):
    c = one(text)
    assert (c["metric"], c["value"], c["canonical_value"], c["direction"], c["resource"]) == (
        "share", value, value, None, resource)


@pytest.mark.parametrize("text, quote, value, canonical, unit", [
    ("We trained on 8 GPUs for 100 h.", "8 GPUs for 100 h", 100, 800, "h"),
    ("Training ran 8 days on 256 A100 GPUs.", "8 days on 256 A100 GPUs", 8, 49152, "days"),
    ("Fine-tuning took eight A100s for 6 hours.", "eight A100s for 6 hours", 6, 48, "hours"),
])
def test_devices_times_duration_keeps_the_duration_and_counts_device_hours(text, quote, value, canonical, unit):
    c = one(text)
    assert (c["quote"], c["metric"], c["value"], c["canonical_value"], c["unit"]) == (quote, "compute_time", value, canonical, unit)


@pytest.mark.parametrize("text, quote, factor, resource", [
    ("It needs 1/7th the carbon of the baseline.", "1/7th", 7, "emissions"),
    ("GLaM uses about one third of the energy of GPT-3.", "one third", 3, "energy"),
])
def test_fractions_of_a_baseline_are_reductions_by_a_factor(text, quote, factor, resource):
    c = one(text)
    assert (c["quote"], c["value"], c["unit"], c["direction"], c["resource"]) == (quote, factor, "x", "reduction", resource)


@pytest.mark.parametrize("text, quote, canonical, qualifier", [
    (r"Energy was 12\,kWh in total.", r"12\,kWh", 12, None),
    (r"It uses $\sim$30\% less energy.", r"30\%", 30, "approx"),
    (r"Training took 1.2$\times$10$^6$ kWh.", r"1.2$\times$10$^6$ kWh", 1.2e6, None),
    ("It emitted 5 t CO₂-equivalent.", "5 t CO₂-equivalent", 5000, None),
    ("It cost USD 5 million.", "USD 5 million", 5e6, None),
])
def test_latex_and_typography(text, quote, canonical, qualifier):
    c = one(text)
    assert (c["quote"], c["canonical_value"], c["qualifier"]) == (quote, pytest.approx(canonical), qualifier)


@pytest.mark.parametrize("text, quote, value, high", [
    ("At a 1.12 PUE, the load grows.", "1.12 PUE", 1.12, None),
    ("PUE values of 1.1--1.2 are typical.", "PUE values of 1.1--1.2", 1.1, 1.2),
])
def test_pue_forms(text, quote, value, high):
    c = one(text)
    assert (c["quote"], c["metric"], c["value"], c["value_high"]) == (quote, "pue", value, high)


def test_signed_percentages_are_reductions_of_their_size():
    c = one(r"Our approach saves GPU time ($-41\%$) relative to grid search.")
    assert (c["quote"], c["value"], c["canonical_value"], c["direction"]) == (r"-41\%", -41, 41, "reduction")


def test_from_one_amount_to_another_is_two_claims_not_a_range():
    claims = extract_claims("Overheads raise the footprint from 4.1 tCO2e to 6.8 tCO2e.")
    assert [(c["quote"], c["value_high"]) for c in claims] == [("4.1 tCO2e", None), ("6.8 tCO2e", None)]
    assert one("Energy ranged from 10 to 20 MWh.")["value_high"] == 20


def test_latex_thousands_and_dollars():
    assert one(r"It took 1{,}150\,GPU-hours.")["value"] == 1150
    c = one(r"Serving costs US\$0.002 per query.")
    assert (c["quote"], c["canonical_unit"]) == (r"US\$0.002 per query", "USD/query")
