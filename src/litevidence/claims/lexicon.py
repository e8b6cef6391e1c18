"""Unit surface forms compiled from the vocabulary (``vocabulary/units.toml``) into one matcher.

``match_unit(text, pos)`` says which unit starts at ``pos`` of the plain text view: its kind
(energy, power, co2_mass, ...), the pint unit of one of it, and where it ends. Carbon
intensities (a CO2 mass per energy) and accelerator time (a device joined to a duration)
are composed here from the same entries.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..vocabulary import load

_END = r"(?![A-Za-z0-9µ])"
_MASS_END = r"(?:(?![A-Za-z0-9µ])|(?=CO|CO₂|C0))"
"""A mass symbol ends at a non-letter, or runs into its CO2 marker ('tCO2e', 'kgCO2eq')."""
_GAP = r"(?:[- ]|of |of the )?"


@dataclass(frozen=True)
class Unit:
    """A unit as read: what it measures and the pint expression of one of it."""

    kind: str
    pint: str


@dataclass(frozen=True)
class UnitMatch:
    unit: Unit
    end: int


def _words_pattern(word: str) -> str:
    """A case-insensitive word form: hyphen or space between parts, an optional plural s."""
    parts = [re.escape(p) for p in re.split(r"[- ]", word)]
    return r"[- ]?".join(parts) + r"(?:e?s)?"


def _forms() -> list[tuple[str, Unit, str]]:
    """(regex, unit, first letters) for every surface form of every unit, before composition."""
    data = load("units.toml")
    prefixes, word_prefixes = data["prefixes"], data["word_prefixes"]
    forms: list[tuple[str, Unit, str]] = []
    for spec in data["units"]:
        kind, pint = spec["kind"], spec["pint"]
        for sym in spec.get("symbols", []):
            forms.append((re.escape(sym), Unit(kind, pint), sym[0]))
            for p in spec.get("prefixes", []):
                forms.append((re.escape(p + sym), Unit(kind, f"{prefixes[p]}{pint}"), p))
        for word in spec.get("words", []):
            forms.append((f"(?i:{_words_pattern(word)})", Unit(kind, pint), _both_cases(word[0])))
            for wp in spec.get("word_prefixes", []):
                forms.append((f"(?i:{re.escape(wp)}{_words_pattern(word)})", Unit(kind, f"{word_prefixes[wp]}{pint}"),
                              _both_cases(wp[0])))
    return forms


def _folded_forms() -> list[tuple[str, Unit, str]]:
    """Symbols of ``fold_case`` units in any case ('KwH', 'KWH'), the prefix read as upper-case."""
    data = load("units.toml")
    upper = {k.upper(): v for k, v in data["prefixes"].items() if k.isupper()}
    forms = []
    for spec in data["units"]:
        if not spec.get("fold_case"):
            continue
        for sym in spec.get("symbols", []):
            forms.append((f"(?i:{re.escape(sym)})", Unit(spec["kind"], spec["pint"]), _both_cases(sym[0])))
            for p, name in upper.items():
                forms.append((f"(?i:{re.escape(p + sym)})", Unit(spec["kind"], f"{name}{spec['pint']}"), _both_cases(p)))
    return forms


def _both_cases(c: str) -> str:
    return c.lower() + c.upper()


def _co2_marker() -> str:
    data = load("units.toml")["co2"]
    markers = "|".join(re.escape(m) for m in sorted(data["markers"], key=len, reverse=True))
    eq = "|".join(re.escape(e) for e in sorted(data["equivalent"], key=len, reverse=True))
    return rf"(?i:(?:{markers})(?:\s?(?:{eq})(?![A-Za-z]))?)"


def _device_time() -> tuple[str, dict[str, str]]:
    data = load("units.toml")["device_time"]
    devices = "|".join(re.escape(d) for d in sorted(data["devices"], key=len, reverse=True))
    durations = data["durations"]
    words = "|".join(sorted((d for d in durations if len(d) > 2), key=len, reverse=True))
    # a model name holding a digit ('RTX 3090', 'A100-80GB'): letters up to its first digit, then the rest taken
    # whole (possessive), so a long run of word characters costs linear time, not quadratic
    model = r"(?:(?:NVIDIA|Nvidia|Google|AMD|Intel)\s)?(?:[A-Z](?:[^\W\d]|\.)*+\d[\w.]*+(?:-\d+GB)?[\s-])?"
    pattern = rf"(?P<devtime>{model}(?:{devices})s?(?:[- ]?(?P<dt>(?i:{words}))s?|-?(?P<dts>h|hr|hrs))(?![A-Za-z]))"
    return pattern, durations


@dataclass
class _Compiled:
    single: dict[str, tuple[re.Pattern, list[Unit]]]
    folded: dict[str, tuple[re.Pattern, list[Unit]]]
    co2_after: re.Pattern
    per_energy: re.Pattern
    device_time: re.Pattern
    durations: dict[str, str]


def _alternation(forms: list[tuple[str, Unit, str]]) -> dict[str, tuple[re.Pattern, list[Unit]]]:
    """One pattern per first letter (longest form first), so a position is tried only against forms
    that can start there."""
    by_first: dict[str, list[tuple[str, Unit]]] = {}
    for pattern, unit, firsts in forms:
        for c in set(firsts):
            by_first.setdefault(c, []).append((pattern, unit))
    out = {}
    for c, group in by_first.items():
        ordered = sorted(group, key=lambda f: len(f[0].replace("\\", "")), reverse=True)
        pattern = "|".join(f"(?P<u{i}>{p}){_MASS_END if u.kind in ('co2_mass', 'mass') else _END}"
                           for i, (p, u) in enumerate(ordered))
        out[c] = (re.compile(pattern), [u for _, u in ordered])
    return out


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    co2 = _co2_marker()
    device, durations = _device_time()
    return _Compiled(
        single=_alternation(_forms()), folded=_alternation(_folded_forms()),
        co2_after=re.compile(rf"\s?(?:of\s(?:the\s)?)?{co2}"),
        per_energy=re.compile(r"\s?(?:/|per\s|per\s?a\s)\s?(?P<e>(?:[kMG]Wh|(?i:kwh|mwh|gwh)|(?i:kilo|mega|giga)?watt[- ]?hours?))(?![A-Za-z])"),
        device_time=re.compile(device), durations=durations,
    )


_ENERGY_PINT = {"k": "kilowatt_hour", "m": "megawatt_hour", "g": "gigawatt_hour", "w": "watt_hour"}


def match_unit(text: str, pos: int) -> UnitMatch | None:
    """The unit that starts at ``pos`` (longest form first), composed with a CO2 marker or a per-energy."""
    c = _compiled()
    first = text[pos:pos + 1]
    if first.isalpha():
        m = c.device_time.match(text, pos)
        if m:
            word = (m.group("dt") or m.group("dts")).lower()
            return UnitMatch(Unit("device_time", c.durations[word.rstrip("s") if word != "hrs" else "hr"]), m.end())
    m = None
    for table in (c.single, c.folded):
        if first in table:
            pattern, units = table[first]
            m = pattern.match(text, pos)
            if m:
                break
    if m is None:
        return None
    unit = units[int(m.lastgroup[1:])]
    end = m.end()
    if unit.kind in ("co2_mass", "mass"):
        co2 = c.co2_after.match(text, end)
        if co2:
            unit, end = Unit("co2_mass", unit.pint), co2.end()
        elif unit.kind == "co2_mass":  # without a CO2 marker: a bare mass, emissions only in carbon context
            unit = Unit("mass", unit.pint)
        if unit.kind == "co2_mass":
            per = c.per_energy.match(text, end)
            if per:
                energy = _ENERGY_PINT.get(per.group("e")[0].lower(), "watt_hour")
                return UnitMatch(Unit("carbon_intensity", f"{unit.pint} / {energy}"), per.end())
    return UnitMatch(unit, end)


KIND_METRIC = {"energy": "energy", "power": "power", "co2_mass": "emissions", "mass": "emissions",
               "carbon_intensity": "carbon_intensity", "volume": "water", "money": "cost", "device_time": "compute_time"}
"""The metric of an absolute quantity, by the kind of its unit (a bare mass is emissions only in carbon context)."""


def stated_unit(text: str) -> Unit | None:
    """The unit a whole string names ('MWh', 'tCO2e', 'GPU-days', 'gCO2e/kWh'), or None."""
    text = text.strip()
    found = match_unit(text, 0)
    return found.unit if found is not None and found.end == len(text) else None
