import pytest

from litevidence.claims import extract_claims


def quotes(text):
    return [c["quote"] for c in extract_claims(text, all_quantities=True) if c["metric"] == "other"]


@pytest.mark.parametrize("text, expected", [
    ("Samples were heated to 300 °C for 48 h.", ["300 °C", "48 h"]),
    ("The layer was 20–30 cm thick.", ["20–30 cm"]),
    ("Yield rose by 46.8% ± 1.6% overall.", ["46.8% ± 1.6%"]),
    ("Uptake reached 11.25 Mg ha−1 year−1 at the site.", ["11.25 Mg ha−1 year−1"]),
    ("Concentrations of 110 μg/ml were used.", ["110 μg/ml"]),
    ("We enrolled 274 participants.", ["274 participants"]),
    ("A 64-year record was analysed.", ["64-year"]),
    ("Values lay between 100 and 200 ms.", ["100 and 200 ms"]),
])
def test_general_quantities_take_their_units(text, expected):
    assert quotes(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Standards of 1, 5, 10 and 50 μg/L were prepared.", ["1, 5, 10 and 50 μg/L"]),
    ("Coupons of 40 × 12 × 2 mm3 were cut.", ["40 × 12 × 2 mm3"]),
    ("Sampling began at 06:41 on day 3.", ["06:41"]),
    ("Peaks appeared at 1550 cm−1 and 1536 cm−1.", ["1550 cm−1", "1536 cm−1"]),
    ("Yields were 22 and 0.22 ppm respectively.", ["22", "0.22 ppm"]),
])
def test_a_list_sharing_its_last_unit_is_one_quantity_as_in_measeval(text, expected):
    """MeasEval marks '1, 5 and 50 μg/L' as one quantity; members with units of their own, or a 'respectively'
    list, are one quantity each."""
    assert quotes(text) == expected


@pytest.mark.parametrize("text", [
    "As shown in Fig. 3 and Table 2, the trend holds.",
    "This agrees with earlier work (Smith et al., 2009).",
    "Previous studies [12] and [3,4] found the same.",
    "Depression was measured at phases 3, 5, and 7.",
    "Panels 3J and 4A show the 14C ages.",
    "(1) The samples were dried.",
    "It was the 1st survey.",
])
def test_references_and_labels_are_not_quantities(text):
    assert quotes(text) == []


def test_general_mode_leaves_resource_claims_as_they_are():
    text = "Training used 1,287 MWh over 14.8 days."
    claims = extract_claims(text, all_quantities=True)
    assert [(c["quote"], c["metric"]) for c in claims] == [("1,287 MWh", "energy"), ("14.8 days", "other")]
