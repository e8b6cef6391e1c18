"""Chart builders for the survey figures and a saver that writes self-contained HTML and PNG."""
from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd

from .._io import atomic_write_bytes, atomic_write_text

METRIC_ORDER = ["energy", "power", "emissions", "water", "cost", "compute_time", "relative_change",
                "carbon_intensity", "pue"]


def save_chart(chart: alt.TopLevelMixin, figures_dir: Path, name: str, caption: str = "") -> dict[str, Path]:
    """Write ``name.html`` (inline JavaScript, opens offline) and ``name.png`` under ``figures_dir``."""
    import vl_convert as vlc

    figures_dir = Path(figures_dir)
    spec = chart.to_json()
    html = vlc.vegalite_to_html(spec, bundle=True)
    if caption:
        html = html.replace("</body>", f"<p style='font-family:sans-serif;max-width:60em'>{_escape(caption)}</p></body>", 1)
    paths = {"html": figures_dir / f"{name}.html", "png": figures_dir / f"{name}.png"}
    atomic_write_text(paths["html"], html)
    atomic_write_bytes(paths["png"], vlc.vegalite_to_png(spec, scale=2))
    return paths


def papers_per_year(papers: pd.DataFrame) -> alt.Chart:
    """Stacked bars: papers per year, coloured by the curator's topic."""
    data = papers.assign(topic=papers["topic"].replace("", "(none)")).groupby(["year", "topic"]).size().reset_index(name="papers")
    return alt.Chart(data, title="Papers per year by topic").mark_bar().encode(
        x=alt.X("year:O", title="Year"), y=alt.Y("papers:Q", title="Papers"),
        color=alt.Color("topic:N", title="Topic"), tooltip=["year", "topic", "papers"],
    )


def topic_map(topics: pd.DataFrame, papers: pd.DataFrame) -> alt.Chart:
    """The 2-D map of papers coloured by cluster label; hovering shows the paper."""
    data = topics.merge(papers[["key", "title", "year"]], on="key", how="left")
    return alt.Chart(data, title="Topic map (PCA of paper embeddings)").mark_circle(size=70, opacity=0.8).encode(
        x=alt.X("x:Q", title=None, axis=alt.Axis(labels=False, ticks=False)),
        y=alt.Y("y:Q", title=None, axis=alt.Axis(labels=False, ticks=False)),
        color=alt.Color("label:N", title="Cluster"), tooltip=["key", "title", "year", "label"],
    ).properties(width=600, height=450)


def claims_per_metric(claims: pd.DataFrame) -> alt.Chart:
    """Bars: evidence rows per metric, split by source (extracted, curated, both)."""
    data = claims.groupby(["metric", "source"]).size().reset_index(name="claims")
    return alt.Chart(data, title="Evidence rows per metric").mark_bar().encode(
        y=alt.Y("metric:N", sort=METRIC_ORDER, title="Metric"), x=alt.X("claims:Q", title="Rows"),
        color=alt.Color("source:N", title="Source"), tooltip=["metric", "source", "claims"],
    )


def metric_comparison(claims: pd.DataFrame, metric: str) -> tuple[alt.Chart, list[str]]:
    """Canonical values of one metric (absolute totals, no rates) per paper on a log scale, and the evidence ids shown."""
    data = claims[(claims["metric"] == metric) & claims["canonical_value"].gt(0)
                  & claims["canonical_unit"].isin(["kWh", "kgCO2e", "L", "USD", "accelerator-hours", "W"])]
    data = data.assign(label=data["paper_key"] + " · " + data["subject"].fillna("").astype(str))
    unit = data["canonical_unit"].iloc[0] if len(data) else ""
    chart = alt.Chart(data, title=f"Reported {metric} ({unit}, log scale)").mark_point(filled=True, size=60).encode(
        x=alt.X("canonical_value:Q", scale=alt.Scale(type="log"), title=unit),
        y=alt.Y("label:N", title=None, sort="-x"), color=alt.Color("phase:N", title="Phase"),
        tooltip=["evidence_id", "paper_key", "quote", "canonical_value", "canonical_unit", "phase", "source"],
    )
    return chart, sorted(data["evidence_id"])


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def papers_per_topic(papers: pd.DataFrame) -> pd.DataFrame:
    """Papers per curator's topic, most first (columns: topic, papers, first_year, last_year)."""
    grouped = papers.assign(topic=papers["topic"].fillna("(none)")).groupby("topic")
    out = grouped.agg(papers=("key", "size"), first_year=("year", "min"), last_year=("year", "max")).reset_index()
    return out.sort_values(["papers", "topic"], ascending=[False, True]).reset_index(drop=True)


def representative_papers(topics: pd.DataFrame, papers: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """The ``n`` papers closest to each cluster centre (columns: cluster, label, key, title, centrality)."""
    data = topics.merge(papers[["key", "title"]], on="key")
    data = data.sort_values(["cluster", "centrality", "key"], ascending=[True, False, True]).groupby("cluster").head(n)
    return data[["cluster", "label", "key", "title", "centrality"]].reset_index(drop=True)


def claims_per_metric_phase(claims: pd.DataFrame) -> pd.DataFrame:
    """Evidence rows per metric and phase (phase '(none)' where unknown)."""
    data = claims.assign(phase=claims["phase"].fillna("(none)"))
    table = data.pivot_table(index="metric", columns="phase", values="evidence_id", aggfunc="count", fill_value=0)
    table = table.reindex([m for m in METRIC_ORDER if m in table.index])
    return table.assign(total=table.sum(axis=1)).reset_index()
