"""Survey tables computed from the evidence table: coverage, comparisons, savings, consistency, agreement.

Each function takes the typed evidence tables (see ``evidence.load_evidence``) and returns a table
with documented columns; the notebooks only draw and save them.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..vocabulary import METRICS as VOCABULARY_METRICS

METRICS = list(VOCABULARY_METRICS)
"""Every metric of the vocabulary, in its order."""
GRID_RANGE_G_PER_KWH = (10.0, 1100.0)
"""Carbon intensity of real electricity supply, gCO2e/kWh: from hydro/nuclear-heavy grids to coal-only supply."""

TECHNIQUES = {
    "quantisation": r"quanti[sz]|int8|int4|4-bit|8-bit|low-bit|gptq|awq",
    "distillation": r"distil",
    "pruning": r"prun",
    "sparsity": r"sparse|sparsity|mixture[- ]of[- ]experts|\bmoe\b",
    "carbon-aware scheduling": r"carbon[- ]aware|shifting|scheduling|routing|carbonmin|carbonscaler",
    "renewable supply": r"renewable|carbon[- ]free|clean energy|green energy",
    "hardware": r"\btpu|hardware|accelerator|chip|gpu generation|datacent(?:er|re) efficiency|\bdsa",
    "serving systems": r"batching|serving|speculative|kv[- ]cache|paged|scheduler",
}
"""Technique → pattern looked for in the claim's sentence, subject and the paper's title and keywords."""

_PER_QUERY = {"query": 1, "prompt": 1, "request": 1, "response": 1, "inference": 1, "1000 queries": 1000,
              "1000 inferences": 1000, "1000 prompts": 1000, "1000 requests": 1000}


def coverage_matrix(papers: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Papers × metrics: how many evidence rows each paper reports per metric (columns: key, year, topic, metrics..., total)."""
    counts = claims.pivot_table(index="paper_key", columns="metric", values="evidence_id", aggfunc="count", fill_value=0)
    counts = counts.reindex(columns=[m for m in METRICS], fill_value=0)
    table = papers[["key", "year", "topic"]].merge(counts, left_on="key", right_index=True, how="left").fillna(0)
    for m in METRICS:
        table[m] = table[m].astype(int)
    table["total"] = table[METRICS].sum(axis=1)
    return table.sort_values(["topic", "key"]).reset_index(drop=True)


def gaps(coverage: pd.DataFrame) -> pd.DataFrame:
    """What is missing, per topic: papers, papers with no figure, and papers reporting each metric."""
    rows = []
    for topic, group in coverage.groupby("topic"):
        row = {"topic": topic, "papers": len(group), "papers_without_figures": int((group["total"] == 0).sum())}
        row.update({m: int((group[m] > 0).sum()) for m in METRICS})
        rows.append(row)
    return pd.DataFrame(rows)


def venues(papers: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """The most frequent venues (columns: venue, papers), venue text shortened at the first comma or parenthesis."""
    short = papers["venue"].fillna("").str.split(r"[,(]", n=1, regex=True).str[0].str.strip().replace("", "(none)")
    return short.value_counts().head(top).rename_axis("venue").reset_index(name="papers")


def model_name(subject: str | None) -> str:
    """'GPT-3 training' → 'GPT-3'; the model a training figure is about, for grouping across papers."""
    if subject is None or pd.isna(subject):
        return ""
    name = re.sub(r"\b(?:final\s+)?(?:pre-?)?training\b.*$|\bfine-?tuning\b.*$|\bmodel\b", "", str(subject), flags=re.I)
    return name.strip(" ,;-") or str(subject)


def training_footprints(claims: pd.DataFrame) -> pd.DataFrame:
    """Training energy (kWh) and emissions (kgCO2e) of named models, one row per source row.

    Columns: model, metric, canonical_value, canonical_unit, paper_key, year, evidence_id, source.
    """
    rows = claims[(claims["phase"] == "training") & claims["metric"].isin(["energy", "emissions"])
                  & claims["canonical_unit"].isin(["kWh", "kgCO2e"]) & claims["subject"].notna()
                  & claims["canonical_value"].gt(0)]
    out = rows.assign(model=rows["subject"].map(model_name))
    return out[["model", "metric", "canonical_value", "canonical_unit", "paper_key", "year", "evidence_id", "source"]] \
        .sort_values(["metric", "model", "year", "paper_key"]).reset_index(drop=True)


def inference_per_query(claims: pd.DataFrame) -> pd.DataFrame:
    """Inference energy per query in Wh, from rates per query, prompt, request, inference or per 1,000 of them.

    Columns: wh_per_query, wh_per_query_high, per, subject, paper_key, year, evidence_id.
    """
    rates = claims[(claims["metric"] == "energy") & claims["per"].isin(_PER_QUERY) & claims["canonical_value"].notna()]
    scale = rates["per"].map(_PER_QUERY)
    return pd.DataFrame({
        "wh_per_query": rates["canonical_value"] * 1000 / scale,
        "wh_per_query_high": rates["canonical_value_high"] * 1000 / scale,
        "per": rates["per"], "subject": rates["subject"], "paper_key": rates["paper_key"], "year": rates["year"],
        "evidence_id": rates["evidence_id"],
    }).sort_values(["year", "paper_key", "wh_per_query"]).reset_index(drop=True)


def savings_by_technique(claims: pd.DataFrame, papers: pd.DataFrame) -> pd.DataFrame:
    """Reported reductions by technique, as a percentage; a claim may count for several techniques.

    A factor ('3x less energy') is shown as the reduction it implies (1 − 1/3 = 66.7%).
    Columns: technique, reduction_pct, as_stated, resource, paper_key, year, evidence_id.
    """
    reductions = claims[(claims["metric"] == "relative_change") & (claims["direction"] == "reduction")]
    percent = reductions["canonical_unit"].eq("%") & reductions["canonical_value"].notna()
    factor = reductions["unit"].eq("x") & reductions["value"].gt(1)
    changes = reductions[percent | factor].copy()
    changes["canonical_value"] = np.where(changes["unit"].eq("x"), 100 * (1 - 1 / changes["value"]),
                                          changes["canonical_value"]).round(2)
    changes["as_stated"] = changes["quote"]
    context = changes.merge(papers[["key", "title", "keywords"]], left_on="paper_key", right_on="key", how="left")
    text = (context["sentence"].fillna("") + " " + context["subject"].fillna("") + " " + context["title"].fillna("")
            + " " + context["keywords"].fillna("")).str.lower()
    rows = []
    for technique, pattern in TECHNIQUES.items():
        hit = context[text.str.contains(pattern, regex=True).to_numpy()]
        rows += [{"technique": technique, "reduction_pct": r.canonical_value, "as_stated": r.as_stated,
                  "resource": r.resource, "paper_key": r.paper_key, "year": r.year, "evidence_id": r.evidence_id}
                 for r in hit.itertuples()]
    return pd.DataFrame(rows, columns=["technique", "reduction_pct", "as_stated", "resource", "paper_key", "year",
                                       "evidence_id"])


def water_per_unit(claims: pd.DataFrame) -> pd.DataFrame:
    """Water per unit of work (rates): columns litres, per, subject, paper_key, year, evidence_id."""
    rows = claims[(claims["metric"] == "water") & claims["per"].notna() & claims["canonical_value"].notna()]
    return pd.DataFrame({"litres": rows["canonical_value"], "per": rows["per"], "subject": rows["subject"],
                         "paper_key": rows["paper_key"], "year": rows["year"], "evidence_id": rows["evidence_id"]}) \
        .reset_index(drop=True)


def shares(claims: pd.DataFrame) -> pd.DataFrame:
    """Shares of a whole ('4% of US electricity', '2-6% of training cost'), in %, one row per claim.

    ``resource`` is the whole's resource (energy for a share of electricity use); the part and the
    whole are in ``subject``. Rows are grouped by resource, largest share first, and ``label``
    (paper · subject, or the quote where there is no subject) names each on a chart.
    Columns: label, share_pct, share_pct_high (the top of a stated range, else empty), qualifier,
    resource, subject, phase, paper_key, year, evidence_id, source.
    """
    rows = claims[(claims["metric"] == "share") & claims["canonical_value"].notna()]
    what = rows["subject"].fillna(rows["quote"]).fillna("").astype(str)
    out = pd.DataFrame({
        "label": rows["paper_key"].astype(str) + " · " + what,
        "share_pct": rows["canonical_value"].astype(float), "share_pct_high": rows["canonical_value_high"].astype(float),
        "qualifier": rows["qualifier"], "resource": rows["resource"], "subject": rows["subject"], "phase": rows["phase"],
        "paper_key": rows["paper_key"], "year": rows["year"], "evidence_id": rows["evidence_id"], "source": rows["source"],
    })
    return out.sort_values(["resource", "share_pct", "paper_key", "evidence_id"], ascending=[True, False, True, True],
                           na_position="last").reset_index(drop=True)


def implied_carbon_intensity(claims: pd.DataFrame) -> pd.DataFrame:
    """Emissions ÷ energy for the same paper, subject and phase, in gCO2e/kWh, flagged outside real grids.

    Columns: paper_key, subject, phase, energy_kwh, emissions_kg, implied_g_per_kwh, plausible,
    energy_id, emissions_id.
    """
    base = claims[claims["canonical_unit"].isin(["kWh", "kgCO2e"]) & claims["subject"].notna()
                  & claims["canonical_value"].gt(0) & claims["canonical_value_high"].isna()]
    keys = ["paper_key", "subject", "phase"]
    energy = base[base["metric"] == "energy"][keys + ["canonical_value", "evidence_id"]]
    emissions = base[base["metric"] == "emissions"][keys + ["canonical_value", "evidence_id"]]
    pairs = energy.merge(emissions, on=keys, suffixes=("_e", "_c"))
    implied = pairs["canonical_value_c"] * 1000 / pairs["canonical_value_e"]
    low, high = GRID_RANGE_G_PER_KWH
    return pd.DataFrame({
        "paper_key": pairs["paper_key"], "subject": pairs["subject"], "phase": pairs["phase"],
        "energy_kwh": pairs["canonical_value_e"], "emissions_kg": pairs["canonical_value_c"],
        "implied_g_per_kwh": implied.round(1), "plausible": implied.between(low, high),
        "energy_id": pairs["evidence_id_e"], "emissions_id": pairs["evidence_id_c"],
    }).sort_values(["plausible", "paper_key"]).reset_index(drop=True)


def agreement(claims: pd.DataFrame, tolerance: float = 0.01) -> pd.DataFrame:
    """Claims about the same model and metric from several papers.

    A value found again (within ``tolerance``) in a later paper counts once, against its earliest
    source; the spread is max/min of the distinct values. Columns: model, metric, canonical_unit,
    papers, distinct_values, original_sources, spread, min, max, evidence_ids.
    """
    rows = training_footprints(claims)
    out = []
    for (model, metric, unit), group in rows.groupby(["model", "metric", "canonical_unit"]):
        if group["paper_key"].nunique() < 2:
            continue
        group = group.sort_values(["year", "paper_key"])
        distinct: list[tuple[float, str]] = []
        for value, paper in zip(group["canonical_value"], group["paper_key"]):
            if not any(abs(value - v) <= tolerance * max(value, v) for v, _ in distinct):
                distinct.append((value, paper))
        values = [v for v, _ in distinct]
        out.append({"model": model, "metric": metric, "canonical_unit": unit, "papers": group["paper_key"].nunique(),
                    "distinct_values": len(distinct), "original_sources": "; ".join(p for _, p in distinct),
                    "spread": round(max(values) / min(values), 3), "min": min(values), "max": max(values),
                    "evidence_ids": ", ".join(group["evidence_id"])})
    return pd.DataFrame(out, columns=["model", "metric", "canonical_unit", "papers", "distinct_values",
                                      "original_sources", "spread", "min", "max", "evidence_ids"])


def median_with_ids(values: pd.Series, ids: pd.Series) -> tuple[float, list[str]]:
    """The median of ``values`` and the evidence ids it was computed from."""
    if values.empty:
        return float("nan"), []
    return float(np.median(values)), sorted(ids)


def without_rejected(claims: pd.DataFrame) -> pd.DataFrame:
    """The rows a reviewer has not rejected: what every figure, report table and scenario default draws on."""
    return claims[claims["review"].fillna("unreviewed") != "rejected"].reset_index(drop=True)


def review_progress(claims: pd.DataFrame) -> pd.DataFrame:
    """Reviewed rows per metric (and in total), rejected ones included.

    Columns: metric, reviewed, total, accepted, corrected, rejected; the last row is 'all'.
    """
    review = claims["review"].fillna("unreviewed")
    rows = []
    for metric in [*(m for m in METRICS if (claims["metric"] == m).any()), "all"]:
        state = review if metric == "all" else review[claims["metric"] == metric]
        rows.append({"metric": metric, "reviewed": int((state != "unreviewed").sum()), "total": len(state),
                     **{s: int((state == s).sum()) for s in ("accepted", "corrected", "rejected")}})
    return pd.DataFrame(rows, columns=["metric", "reviewed", "total", "accepted", "corrected", "rejected"])
