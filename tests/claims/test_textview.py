"""The plain view undoes LaTeX, HTML and typographic variants and maps every span back."""
import pytest
from hypothesis import given, settings, strategies as st

from litevidence.claims.textview import TextView


@pytest.mark.parametrize("text, plain", [
    ("tCO$_2$e", "tCO2e"),
    ("96 tCO<sub>2</sub>e", "96 tCO2e"),
    ("212$\\mu$W and 8.79{\\mu}J", "212µW and 8.79µJ"),
    ("an FID of $19.4$", "an FID of 19.4"),
    ("$5.4 \\times 10^{-5}$ kWh", "5.4 × 10^-5 kWh"),
    ("1{,}287\\,MWh, 15\\%", "1,287 MWh, 15%"),
    ("10<sup>6</sup> J", "10^6 J"),
    ("5 μW − 3 ﬁles", "5 µW - 3 files"),
    ("0.429 kg of CO<sub>2</sub>e/KWh", "0.429 kg of CO2e/KWh"),
])
def test_markup_is_undone(text, plain):
    assert TextView(text).plain == plain


@pytest.mark.parametrize("text", ["costs $5 and $10", "$1.46/hr–$2.40/hr", "US\\$0.002 per query"])
def test_a_dollar_before_a_digit_outside_math_is_money(text):
    assert "$" in TextView(text).plain


def test_text_without_latex_keeps_its_braces_and_underscores():
    assert TextView("{111} planes of snake_case").plain == "{111} planes of snake_case"


def test_spans_map_back_to_the_original_text():
    text = "It emitted 96 tCO<sub>2</sub>e."
    view = TextView(text)
    start = view.plain.index("96")
    a, b = view.span(start, start + len("96 tCO2e"))
    assert text[a:b] == "96 tCO<sub>2</sub>e"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab12 $\\{}_^<>/%&;μ−\u2009") + ["<sub>", "</sub>", "\\mu", "\\times", "&nbsp;",
                                                                     "\\text{", "\\,"]), max_size=40).map("".join))
def test_every_plain_span_maps_inside_the_original(text):
    view = TextView(text)
    for i in range(len(view.plain)):
        for j in range(i + 1, min(len(view.plain), i + 6) + 1):
            a, b = view.span(i, j)
            assert 0 <= a <= b <= len(text)
