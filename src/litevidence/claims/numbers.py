"""Numbers as papers write them: separators, decimals, scientific notation, scale and number words."""
from __future__ import annotations

import re

_SEP = r"[,\u2009\u202f\u00a0 ]"
_DIGITS = rf"(?:\d{{1,3}}(?:(?:,|\{{,\}})\d{{3}})+|\d{{1,3}}(?:[\u2009\u202f\u00a0 ]\d{{3}})+(?![\d.,])|\d+)(?:\.\d+)?|\.\d+"
_TIMES = r"(?:×|x|\*|\\times|\$\\times\$|\$\\times)"
_POWER = r"(?:\^|\*\*|\$\^|\$\s?\^)"
_SCI = rf"(?:[eE][+\-−]?\d+|\s?{_TIMES}\s?10\s?{_POWER}?\s?\{{?[+\-−]?\d+\}}?\$?)"
_TEN_POWER = rf"10\s?{_POWER}\s?\{{?[+\-−]?\d+\}}?\$?"

WORD_VALUES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100, "a hundred": 100, "a dozen": 12, "dozen": 12, "half": 0.5,
    "a thousand": 1e3, "a million": 1e6, "a billion": 1e9,
}
_WORDS = "|".join(sorted((re.escape(w) for w in WORD_VALUES), key=len, reverse=True))

NUMBER = re.compile(
    rf"(?<![\w./])(?<![\w)]-)(?:(?P<ten>{_TEN_POWER})|(?P<digits>{_DIGITS})(?P<sci>{_SCI})?|(?P<word>\b(?:{_WORDS})\b))",
    re.IGNORECASE,
)
"""A number token; groups: ten (a bare power of ten), digits + sci, or word."""

NUMBER_AT = re.compile(NUMBER.pattern.replace(r"(?<![\w./])(?<![\w)]-)", ""), re.IGNORECASE)
"""A number right at a position, whatever precedes it (the second number of a range: '20-30')."""

SCALE_VALUES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "K": 1e3,
                "M": 1e6, "mn": 1e6, "B": 1e9, "bn": 1e9}
SCALE = re.compile(r"\s?(?P<scale>thousand|million|billion|trillion|mn|bn|k|K|M|B)(?![A-Za-z0-9])")


def parse_number(match: re.Match) -> float:
    """The value of a ``NUMBER`` match."""
    if match.group("ten"):
        return 10.0 ** _exponent(match.group("ten"))
    if match.group("word"):
        return float(WORD_VALUES[match.group("word").lower()])
    mantissa = float(re.sub(_SEP, "", match.group("digits").replace("{,}", "")))
    sci = match.group("sci")
    if sci:
        if sci.lstrip()[0] in "eE":
            return mantissa * 10.0 ** int(sci.lstrip()[1:].replace("−", "-"))
        return mantissa * 10.0 ** _exponent(sci)
    return mantissa


def _exponent(text: str) -> int:
    digits = re.search(r"10\s?(?:\$?\s?\^|\*\*)?\s?\{?([+\-−]?\d+)", text).group(1)
    return int(digits.replace("−", "-"))
