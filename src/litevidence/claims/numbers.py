"""Numbers as papers write them: separators, decimals, scientific notation, scale and number words.

Parsing never raises and never returns a value outside the float range: a number that would
overflow ('1e400', '10^999', a hex hash such as '04e714') is no number at all.
"""
from __future__ import annotations

import math
import re

_DIGITS = (r"(?:\d{1,3},\d{1,2}(?=[x×])|\d{1,3}(?:,\d{3})+(?![\d])|\d{1,3}(?: \d{3})+(?![\d.,])|\d+)(?:\.\d+)?|\.\d+")
_TIMES = r"(?:×|x|\*|·)"
_POWER = r"(?:\^|\*\*)"
_SCI = rf"(?:[eE][+\-]?\d{{1,4}}(?![\w])|\s?{_TIMES}\s?10\s?(?:{_POWER}\s?[+\-]?|-)\d{{1,4}})"
_TEN_POWER = rf"10\s?{_POWER}\s?[+\-]?\d{{1,4}}"

WORD_VALUES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "one hundred": 100,
    "a dozen": 12, "dozen": 12, "a thousand": 1e3, "a million": 1e6, "a billion": 1e9, "a single": 1, "single": 1,
    "a": 1, "an": 1, "half": 0.5,
}
_ARTICLES = {"a", "an", "a single", "single"}
"""Number words that count only before a unit ('a day', 'a single GPU'); elsewhere they are articles."""
_WORDS = "|".join(sorted((re.escape(w) for w in WORD_VALUES), key=len, reverse=True))

NUMBER = re.compile(
    rf"(?<![\w.#@)])(?<![^\dx×%]/)(?<![A-Za-z]\d/)(?<![\w)][-–])(?:(?P<ten>{_TEN_POWER})|(?P<digits>{_DIGITS})(?P<sci>{_SCI})?|(?P<word>\b(?i:{_WORDS})\b))"
)
"""A number token; groups: ten (a bare power of ten), digits + sci, or word."""

NUMBER_AT = re.compile(rf"(?:(?P<ten>{_TEN_POWER})|(?P<digits>{_DIGITS})(?P<sci>{_SCI})?|(?P<word>\b(?i:{_WORDS})\b))")
"""A number right at a position, whatever precedes it (the second number of a range: '20-30')."""

SCALE_VALUES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "K": 1e3,
                "M": 1e6, "mn": 1e6, "MM": 1e6, "B": 1e9, "bn": 1e9, "Bn": 1e9, "T": 1e12}
SCALE = re.compile(r"\s?(?:a\s)?(?P<scale>thousand|million|billion|trillion|mn|bn|Bn|MM|k|K|M|B|T)(?![A-Za-z0-9])")

LIMIT = 1e300
"""Largest magnitude read as a number; beyond it a token is not a quantity."""


def parse_number(match: re.Match) -> float | None:
    """The value of a ``NUMBER`` match, or None when it is out of range or only an article."""
    if match.group("ten"):
        return _finite(f"1e{_exponent(match.group('ten'))}")
    if match.group("word"):
        word = match.group("word").lower()
        return float(WORD_VALUES[word])
    digits = match.group("digits")
    digits = digits.replace(",", ".") if re.fullmatch(r"\d{1,3},\d{1,2}", digits) else digits.replace(",", "").replace(" ", "")
    sci = match.group("sci")
    if not sci:
        return _finite(digits)
    if sci.lstrip()[0] in "eE":
        return _finite(f"{digits}e{sci.lstrip()[1:]}")
    return _finite(f"{digits}e{_exponent(sci)}")


def is_article(match: re.Match) -> bool:
    """'a', 'an', 'a single': a number only where a unit follows."""
    return bool(match.group("word")) and match.group("word").lower() in _ARTICLES


def scaled(text: str, pos: int, value: float) -> tuple[float, int, float]:
    """Apply a scale word right after a number ('4.6 million', '3.2M'); returns value, end and scale."""
    m = SCALE.match(text, pos)
    if m is None:
        return value, pos, 1.0
    scale = SCALE_VALUES[m.group("scale")]
    return value * scale, m.end(), scale


def _finite(text: str) -> float | None:
    try:
        value = float(text)
    except (ValueError, OverflowError):
        return None
    return value if math.isfinite(value) and abs(value) <= LIMIT else None


def _exponent(text: str) -> str:
    """The power of ten in '×10^6', '10^{-5}', '×10-10' (a minus left where the caret was lost)."""
    m = re.search(r"10\s?(?:\^|\*\*)\s?([+\-]?\d+)", text) or re.search(r"10(-\d+)", text)
    return m.group(1)
