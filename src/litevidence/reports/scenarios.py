"""Deployment scenarios: a year of serving a model in the cloud or on own hardware, energy, emissions and cost.

A deliberately simple, documented model that a researcher or IT manager can reason about and vary:

- demand: ``requests_per_day`` × 365 requests of ``tokens_per_request`` tokens, each needing
  ``energy_per_request_wh`` at the device while busy; a device generates ``tokens_per_device_hour``
  tokens per busy hour.
- busy device-hours = requests / requests_per_device_hour. Own hardware is sized for ``utilisation``
  (busy share of the year): devices = ceil(busy hours / (8,760 × utilisation)); cloud instances are
  rented for busy hours / ``cloud_utilisation``.
- energy = (busy energy + idle hours × ``idle_power_w``) × PUE (``pue`` own, ``cloud_pue`` cloud).
- emissions = energy × grid intensity × (1 − renewable share) + embodied emissions of the devices
  amortised over ``lifetime_years`` (the cloud pays the share of a device's life it rents).
- cost: own = devices × ``purchase_usd`` / lifetime + devices × ``operating_usd_per_year`` + energy ×
  ``electricity_usd_per_kwh``; cloud = rented hours × ``cloud_usd_per_hour`` (energy included in the price).
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace

import pandas as pd

HOURS_PER_YEAR = 8760.0
RESULT_COLUMNS = ["option", "devices", "device_hours", "energy_kwh", "emissions_kg", "cost_usd"]
"""One row per option (cloud, own): devices, device-hours a year, energy, emissions (kgCO2e) and cost a year."""


@dataclass(frozen=True)
class Scenario:
    """Parameters of a deployment; every default is stated in the notebook next to its source."""

    requests_per_day: float = 1_000_000
    tokens_per_request: float = 500
    energy_per_request_wh: float = 0.3
    tokens_per_device_hour: float = 1_800_000
    idle_power_w: float = 100
    pue: float = 1.5
    cloud_pue: float = 1.1
    grid_g_per_kwh: float = 400
    renewable_share: float = 0.0
    cloud_grid_g_per_kwh: float = 400
    cloud_renewable_share: float = 0.0
    embodied_kg_per_device: float = 2_500
    lifetime_years: float = 4
    cloud_usd_per_hour: float = 2.5
    cloud_utilisation: float = 0.8
    purchase_usd: float = 30_000
    operating_usd_per_year: float = 3_000
    electricity_usd_per_kwh: float = 0.15
    utilisation: float = 0.5


def annual(s: Scenario) -> pd.DataFrame:
    """Annual devices, device-hours, energy, emissions and cost of each option (columns ``RESULT_COLUMNS``)."""
    requests = s.requests_per_day * 365
    busy_hours = requests * s.tokens_per_request / s.tokens_per_device_hour
    busy_kwh = requests * s.energy_per_request_wh / 1000

    devices = max(1, math.ceil(busy_hours / (HOURS_PER_YEAR * s.utilisation)))
    own_idle_kwh = max(0.0, devices * HOURS_PER_YEAR - busy_hours) * s.idle_power_w / 1000
    own_kwh = (busy_kwh + own_idle_kwh) * s.pue
    own_kg = own_kwh * s.grid_g_per_kwh / 1000 * (1 - s.renewable_share) + devices * s.embodied_kg_per_device / s.lifetime_years
    own_usd = devices * (s.purchase_usd / s.lifetime_years + s.operating_usd_per_year) + own_kwh * s.electricity_usd_per_kwh

    rented = busy_hours / s.cloud_utilisation
    cloud_idle_kwh = (rented - busy_hours) * s.idle_power_w / 1000
    cloud_kwh = (busy_kwh + cloud_idle_kwh) * s.cloud_pue
    cloud_kg = (cloud_kwh * s.cloud_grid_g_per_kwh / 1000 * (1 - s.cloud_renewable_share)
                + rented / (HOURS_PER_YEAR * s.lifetime_years) * s.embodied_kg_per_device)
    cloud_usd = rented * s.cloud_usd_per_hour
    return pd.DataFrame([
        {"option": "cloud", "devices": rented / HOURS_PER_YEAR, "device_hours": rented, "energy_kwh": cloud_kwh,
         "emissions_kg": cloud_kg, "cost_usd": cloud_usd},
        {"option": "own hardware", "devices": float(devices), "device_hours": devices * HOURS_PER_YEAR,
         "energy_kwh": own_kwh, "emissions_kg": own_kg, "cost_usd": own_usd},
    ], columns=RESULT_COLUMNS).round(2)


def break_even_utilisation(s: Scenario, steps: int = 200) -> float | None:
    """The lowest own-hardware utilisation at which owning costs no more than the cloud; None if never."""
    for i in range(1, steps + 1):
        u = i / steps
        costs = annual(replace(s, utilisation=u)).set_index("option")["cost_usd"]
        if costs["own hardware"] <= costs["cloud"]:
            return u
    return None


def sensitivity(s: Scenario, factors: tuple[float, float] = (0.5, 1.5)) -> pd.DataFrame:
    """How each option's cost and emissions move when one parameter is scaled (others as given).

    Columns: parameter, factor, value, option, cost_usd, emissions_kg.
    """
    rows = []
    for name, base in asdict(s).items():
        for f in factors:
            value = base * f
            if name.endswith(("share", "utilisation")):
                value = min(value, 1.0)
            result = annual(replace(s, **{name: value}))
            rows += [{"parameter": name, "factor": f, "value": value, "option": r.option, "cost_usd": r.cost_usd,
                      "emissions_kg": r.emissions_kg} for r in result.itertuples()]
    return pd.DataFrame(rows)
