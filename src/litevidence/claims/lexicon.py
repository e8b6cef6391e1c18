"""Surface forms of units as researchers write them, each with its metric and pint unit."""
from __future__ import annotations

import re
from dataclasses import dataclass

_CO2 = r"(?:CO2|CO₂|CO_2|CO_\{2\}|CO\$_2\$|CO\$_\{2\}\$|carbon(?:\s+dioxide)?)(?:\s?-?\s?(?:e\b|eq\b|eq\.|e\.|equivalents?\b|equiv\.?))?"
_SP = r"(?:\s|\\,|\\;|~)?"
"""At most one space between the parts of a unit, also LaTeX's thin space '\\,'."""
_OF = rf"(?:{_SP}(?:of\s+)?)"


@dataclass(frozen=True)
class UnitForm:
    """A unit surface form: its regex, metric and the pint unit its numbers are in."""

    pattern: str
    metric: str
    pint_unit: str


def _mass(pattern: str, pint_unit: str) -> list[UnitForm]:
    """A mass unit written before a CO2 marker ('t CO2e', 'tonnes of CO2eq', 'tCO₂e')."""
    return [UnitForm(rf"(?:{pattern}){_OF}{_CO2}", "emissions", pint_unit)]


UNIT_FORMS: list[UnitForm] = [
    # carbon intensity first: it begins like a mass of CO2
    *[UnitForm(rf"{m}{_OF}{_CO2}{_SP}(?:/|per){_SP}{e}\b", "carbon_intensity", f"{pu} / {pe}")
      for m, pu in ((r"g", "gram"), (r"kg", "kilogram"), (r"(?:t|tonnes?)", "metric_ton"), (r"lbs?", "pound"))
      for e, pe in ((r"kWh", "kilowatt_hour"), (r"MWh", "megawatt_hour"), (r"GWh", "gigawatt_hour"))],
    # energy
    UnitForm(r"TWh\b", "energy", "terawatt_hour"), UnitForm(r"GWh\b", "energy", "gigawatt_hour"),
    UnitForm(r"MWh\b", "energy", "megawatt_hour"), UnitForm(r"kWh\b", "energy", "kilowatt_hour"),
    UnitForm(r"mWh\b", "energy", "milliwatt_hour"), UnitForm(r"Wh\b", "energy", "watt_hour"),
    UnitForm(r"(?:tera|giga|mega|kilo)?watt[- ]hours?\b", "energy", "watt_hour"),
    UnitForm(r"GJ\b", "energy", "gigajoule"), UnitForm(r"MJ\b", "energy", "megajoule"),
    UnitForm(r"kJ\b", "energy", "kilojoule"), UnitForm(r"mJ\b", "energy", "millijoule"),
    UnitForm(r"J\b", "energy", "joule"), UnitForm(r"(?:kilo|mega|giga)?joules?\b", "energy", "joule"),
    # power
    UnitForm(r"GW\b", "power", "gigawatt"), UnitForm(r"MW\b", "power", "megawatt"),
    UnitForm(r"kW\b", "power", "kilowatt"), UnitForm(r"W\b", "power", "watt"),
    UnitForm(r"(?:kilo|mega|giga)?watts?\b", "power", "watt"),
    # emissions
    *_mass(r"Mt", "megametric_ton"), *_mass(r"kt", "kilometric_ton"),
    *_mass(r"(?:t|tonnes?|metric\s+tons?|tons?)", "metric_ton"),
    *_mass(r"kg|kilograms?", "kilogram"), *_mass(r"g|grams?", "gram"),
    *_mass(r"(?:lbs?|pounds?)", "pound"),
    # a bare mass counts as emissions only where the sentence speaks of carbon (see extract._classify)
    UnitForm(r"(?:tonnes|metric tons?|tons|t)\b", "mass", "metric_ton"),
    UnitForm(r"(?:kilograms|kg)\b", "mass", "kilogram"),
    UnitForm(r"(?:lbs|pounds)\b", "mass", "pound"),
    # water
    UnitForm(r"(?:mL|ml|millilit(?:er|re)s?)\b", "water", "milliliter"),
    UnitForm(r"(?:kL|kilolit(?:er|re)s?)\b", "water", "kiloliter"),
    UnitForm(r"(?:L|lit(?:er|re)s?)\b", "water", "liter"),
    UnitForm(r"(?:m3|m³|m\$\^\{?3\}?\$|cubic met(?:er|re)s?)(?![\w])", "water", "meter ** 3"),
    UnitForm(r"(?:US\s)?gallons?\b", "water", "gallon"),
    # cost (a suffix; currency symbols before the number are handled by the grammar)
    UnitForm(r"(?:USD|US\s?dollars?|dollars?)\b", "cost", "USD"),
    UnitForm(r"(?:EUR|euros?)\b", "cost", "EUR"),
    # compute time on accelerators
    *[UnitForm(rf"(?:[A-Z][\w-]*\s)?(?:GPU|TPU(?:v\d)?|accelerator|chip|device|A100|V100|H100)[- ]?{t}\b", "compute_time", pu)
      for t, pu in ((r"(?:hours?|hrs?|h)", "hour"), (r"days?", "day"), (r"years?", "year"))],
    # relative change
    UnitForm(r"(?:%|\\%|percent\b|per\s?cent\b|percentage points?\b)", "relative_change", "%"),
    UnitForm(r"(?:x|×|X)(?![\w])|\$?\\times(?:\$(?![A-Za-z0-9])|(?![A-Za-z0-9$]))|-?fold\b|times\b", "relative_change", "x"),
]

UNIT_RE = re.compile("|".join(f"(?P<u{i}>{f.pattern})" for i, f in enumerate(UNIT_FORMS)))


def match_unit(text: str, pos: int) -> tuple[UnitForm, re.Match] | None:
    """The unit form that starts at ``pos`` (the longest alternative listed first wins)."""
    m = UNIT_RE.match(text, pos)
    if not m:
        return None
    return UNIT_FORMS[int(m.lastgroup[1:])], m
