"""The examples of the annotation guideline (../shared/ANNOTATION.md), section by section, as the extractor reads them.

These sentences are the rulebook's own illustrations, written around its examples; the real-text
figures come from benchmarks/claims.py and tests/claims/test_real_text.py.
"""
import math

import pytest
from hypothesis import given, settings, strategies as st

from litevidence.claims import extract_claims


def one(text, **kw):
    claims = extract_claims(text, **kw)
    assert len(claims) == 1, claims
    return claims[0]


@pytest.mark.parametrize("text, metric, canonical, unit", [
    ("Each inference needs 18 µJ on the chip.", "energy", 5e-12, "kWh"),
    ("Each inference needs 18 uJ on the chip.", "energy", 5e-12, "kWh"),
    ("The core draws 8.79 $\\mu$W in standby.", "power", 8.79e-6, "W"),
    ("A multiply costs 40 fJ/op in this process.", "energy", 40e-15 / 3.6e6, "kWh/op"),
    ("The site used 12 KwH that night.", "energy", 12, "kWh"),
    ("The rack drew 300 Watts at peak.", "power", 300, "W"),
    ("Training emitted 96 tCO<sub>2</sub>e.", "emissions", 96000, "kgCO2e"),
    ("Training emitted 25 tCO$_2$e.", "emissions", 25000, "kgCO2e"),
    ("The sector emitted 1.9 million metric tons CO2e.", "emissions", 1.9e9, "kgCO2e"),
    ("The grid averaged 0.429 kg of CO<sub>2</sub>e/KWh last year.", "carbon_intensity", 429, "gCO2e/kWh"),
    ("Inference used 0.0068 kWh for 1,000 inferences.", "energy", 0.0068, "kWh/1000 inferences"),
    ("Power costs $50/MWh at the site.", "cost", 0.05, "USD/kWh"),
])
def test_units_with_prefixes_case_and_markup(text, metric, canonical, unit):
    c = one(text)
    assert (c["metric"], c["canonical_unit"]) == (metric, unit)
    assert math.isclose(c["canonical_value"], canonical, rel_tol=1e-6)


@pytest.mark.parametrize("text, quote_part, canonical", [
    ("We trained on 8 A100s for 100 h.", "100 h", 800),
    ("The model trained in 5 days on one GPU.", "5 days", 120),
    ("Search took 18,000 A100-GPU hours.", "18,000", 18000),
    ("It ran for two days on a single 8-GPU node.", "two days", 384),
    ("Fine-tuning finished in 20 minutes on 512 GPUs.", "20 minutes", 512 / 3),
    ("Using 3 GTX 1080 GPUs, training took 10 hours.", "10 hours", 30),
    ("Training took 72 hours on 16 V100 GPUs.", "72 hours", 1152),
])
def test_accelerator_time(text, quote_part, canonical):
    c = one(text)
    assert c["metric"] == "compute_time" and quote_part in c["quote"]
    assert math.isclose(c["canonical_value"], canonical, rel_tol=1e-6)


def test_a_duration_with_a_device_but_no_count_stands_without_a_canonical_value():
    c = one("Our lab has GPUs. The model trained in two days on a single workstation.")
    assert (c["metric"], c["value"], c["canonical_value"]) == ("compute_time", 2, None)


@pytest.mark.parametrize("text", [
    "The scheduler delays jobs until they complete within a day.",
    "Results arrive every 5 minutes over 10 years of data.",
    "Decoding takes 23 ms per token on the phone.",
])
def test_durations_without_a_device_or_of_latency_are_not_claims(text):
    assert extract_claims(text) == []


@pytest.mark.parametrize("text, value, high, unit, direction", [
    ("Energy use tripled between the two releases.", 3, None, "x", "increase"),
    ("The method needs half of the energy of the dense model.", 2, None, "x", "reduction"),
    ("Energy use fell by two orders of magnitude.", 100, None, "x", "reduction"),
    ("It is 2-5-9x more energy efficient on the three boards.", 2, 9, "x", "increase"),
    ("It uses 1/7th the carbon of the baseline.", 7, None, "x", "reduction"),
])
def test_word_quantities(text, value, high, unit, direction):
    c = one(text)
    assert (c["metric"], c["value"], c["value_high"], c["unit"], c["direction"]) == (
        "relative_change", value, high, unit, direction)


@pytest.mark.parametrize("text, value, high", [
    ("Emissions ranged from 7 kg to 12 kg CO2 per run.", 7, 12),
    ("GPU rental costs $1.46/hr–$2.40/hr on demand.", 1.46, 2.40),
    ("Energy per query was between 2 and 9 Wh.", 2, 9),
])
def test_a_range_with_a_unit_on_both_ends_is_one_claim(text, value, high):
    c = one(text)
    assert (c["value"], c["value_high"]) == (value, high)


def test_a_list_with_the_unit_once_is_one_claim_per_number():
    claims = extract_claims("Multiplies cost 12/40/300 fJ/op at the three precisions.")
    assert [c["value"] for c in claims] == [12, 40, 300] and {c["metric"] for c in claims} == {"energy"}


@pytest.mark.parametrize("text, canonical, direction", [
    ("The new scheduler cuts energy by 40%.", 40, "reduction"),
    ("Emissions rose 12% last year.", 12, "increase"),
    ("It needs only 10.8% of the baseline's GPU time.", 89.2, "reduction"),
    ("The approach gives a greater than 30% reduction in emissions.", 30, "reduction"),
    ("Water consumption increased by 20% after the upgrade.", 20, "increase"),
])
def test_relative_changes(text, canonical, direction):
    c = one(text)
    assert (c["metric"], c["direction"]) == ("relative_change", direction)
    assert math.isclose(c["canonical_value"], canonical)


def test_the_resource_is_the_one_that_changed():
    assert one("Water consumption increased by 20% after the upgrade.")["resource"] == "water"
    assert one("It shows 3.1x better performance per watt than the GPU.")["resource"] == "efficiency"


def test_the_resource_can_come_from_the_previous_sentence():
    claims = extract_claims("We measure the emissions of each region. Choosing the best region gives a 90% reduction.")
    assert [(c["quote"], c["resource"], c["direction"]) for c in claims] == [("90%", "emissions", "reduction")]


@pytest.mark.parametrize("text, value, resource", [
    ("Data centres used 4% of US electricity in 2023.", 4, "energy"),
    ("Energy is under 6% of total cost.", 6, "cost"),
    ("Energy makes up 47–64% of the cost of serving.", 47, "cost"),
    ("Half of the total energy goes to cooling.", 50, "energy"),
])
def test_shares_are_never_changes(text, value, resource):
    c = one(text)
    assert (c["metric"], c["value"], c["direction"], c["resource"]) == ("share", value, None, resource)


def test_a_saving_of_a_part_is_a_change():
    c = one("Clock locking recovers 32% of decode energy.")
    assert (c["metric"], c["direction"], c["canonical_value"]) == ("relative_change", "reduction", 32)


@pytest.mark.parametrize("text", [
    "The kernel runs 3x faster and doubles throughput.",
    "Latency fell 40% with the new cache.",
    "The chip is a 700 W GPU with 80 GB of memory.",
    "Capping power at 250 W kept the run stable.",
    "The model was downloaded 2 million times.",
    "That is as much as 5 cars emit in their lifetime.",
    "Earlier estimates were off by 10-100x.",
    "Orders of magnitude more GPU hours are needed.",
    "Accuracy improved by 5% on MNLI with 175B parameters.",
    "5% of die area goes to the router.",
])
def test_not_claims(text):
    assert extract_claims(text) == []


def test_qualifiers_and_lists():
    claims = extract_claims("It cuts power and energy by up to 34% and 28%, respectively.")
    assert [(c["value"], c["qualifier"], c["resource"]) for c in claims] == [(34, "up_to", "power"), (28, "up_to", "energy")]
    assert one("It uses as low as 2 W when idle.")["qualifier"] == "up_to"


@pytest.mark.parametrize("text", ["1e400 kWh", "10^400 J", "3.2 x 10^999 W", "1.8e308 MJ", "1e300 EJ", "hash 04e714 kWh"])
def test_issue13_3_numbers_out_of_range_are_skipped_never_infinite(text):
    for c in extract_claims(text, all_quantities=True):
        for k in ("value", "value_high", "canonical_value", "canonical_value_high"):
            assert c[k] is None or math.isfinite(c[k])


def test_issue13_4_work_per_sentence_is_bounded():
    claims = extract_claims("1 kWh " * 2000)
    assert len(claims) == 2000 and claims[-1]["end"] <= 12000


_TOKENS = ["1e400", "10^999", "04e714", "3.2 × 10^-5", "1,287", "½", "kWh", "µJ", "tCO$_2$e", "<sub>2</sub>", "%", "x",
           "$", "\\", "{", "}", "(", ")", " ", "  ", ".", ",", "of total", "reduction", "GPUs for", "h", "per query",
           "\n\n", "—", "–", "-", "PUE", "half of the", "respectively"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=6)), max_size=40).map("".join))
def test_never_crashes_and_every_row_keeps_the_contract(text):
    for c in extract_claims(text, all_quantities=True):
        assert text[c["start"]:c["end"]] == c["quote"] and c["start"] < c["end"]
        for k in ("value", "value_high", "canonical_value", "canonical_value_high"):
            assert c[k] is None or math.isfinite(c[k])
        assert (c["canonical_value"] is None) == (c["canonical_unit"] is None) or c["metric"] == "pue"
