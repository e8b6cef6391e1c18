"""Chart builders for the survey figures and a saver that writes self-contained HTML and PNG."""
from __future__ import annotations

from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd

from .. import escape
from .._io import atomic_write_bytes, atomic_write_text
from ..vocabulary import METRICS

METRIC_ORDER = list(METRICS)
MAX_MARKS = 5000
"""Most rows a figure draws. A larger table is drawn from a sample (``sample_rows``) and the caption
says so, so that pages stay small and responsive at 100k papers; saved tables keep every row."""
MAX_LISTED = 50
"""Most ids or keys a caption or note lists by name."""
SOURCES_PER_MODEL = 12
"""Above this many sources for one model, training figures show ranges instead of a bar per source."""
HEATMAP_PAPERS = 300
"""Above this many papers the coverage heatmap has one row per topic instead of one per paper."""
ID_COLUMNS = ("evidence_id", "key", "paper_key")


def sample_rows(rows: pd.DataFrame, limit: int = MAX_MARKS) -> pd.DataFrame:
    """At most ``limit`` rows, chosen by a hash of their id (the first of ``ID_COLUMNS`` present),
    in their original order: the same table gives the same sample, and a new row changes it little."""
    if len(rows) <= limit:
        return rows
    ids = next((rows[c] for c in ID_COLUMNS if c in rows), pd.Series(range(len(rows)), index=rows.index))
    ranks = pd.util.hash_pandas_object(ids.astype(str), index=False).to_numpy()
    keep = np.sort(np.argsort(ranks, kind="stable")[:limit])
    return rows.iloc[keep]


def bounded(chart: alt.TopLevelMixin, limit: int = MAX_MARKS) -> tuple[alt.TopLevelMixin, str]:
    """``chart`` with every inline table above ``limit`` rows sampled, and a note saying so ("" if none was)."""
    sampled: list[int] = []

    def thin(part):
        if isinstance(part.data, pd.DataFrame) and len(part.data) > limit:
            sampled.append(len(part.data))
            part = part.copy(deep=False)
            part.data = sample_rows(part.data, limit)
        return part

    chart = thin(chart)
    if isinstance(chart, alt.LayerChart):
        chart = chart.copy(deep=False)
        chart.layer = [thin(layer) for layer in chart.layer]
    note = f" Drawn from a sample of {limit:,} of {max(sampled):,} rows; the saved table has them all." if sampled else ""
    return chart, note


def listing(items, limit: int = MAX_LISTED) -> str:
    """Items joined by commas, the first ``limit`` by name and then how many more."""
    items = list(items)
    shown = ", ".join(str(i) for i in items[:limit])
    return shown + (f" and {len(items) - limit:,} more" if len(items) > limit else "")


def save_chart(chart: alt.TopLevelMixin, figures_dir: Path, name: str, caption: str = "") -> dict[str, Path]:
    """Write ``name.html`` (inline JavaScript, opens offline) and ``name.png`` under ``figures_dir``.

    A chart with more than ``MAX_MARKS`` rows is drawn from a sample, and its caption says so.
    """
    import vl_convert as vlc

    figures_dir = Path(figures_dir)
    chart, note = bounded(chart)
    caption += note
    spec = chart.to_dict()
    paths = {"html": figures_dir / f"{name}.html", "png": figures_dir / f"{name}.png"}
    atomic_write_text(paths["html"], figure_html(spec, name, caption))
    atomic_write_bytes(paths["png"], vlc.vegalite_to_png(spec, scale=2))
    return paths


def figure_html(spec: dict, title: str, caption: str = "") -> str:
    """A standalone page drawing the Vega-Lite ``spec`` with the bundled Vega libraries (no network).

    The spec, which carries corpus text (titles, subjects, quotes), is a JSON data block escaped for
    an inline script (``escape.script_json``); the caption is HTML-escaped. vl-convert's own page
    writes the spec into the script as it is, so a title holding ``</script>`` would end it.
    """
    import vl_convert as vlc

    caption_html = f'<p style="font-family:sans-serif;max-width:60em">{escape.html_text(caption)}</p>' if caption else ""
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{escape.html_text(title)}</title>
<style>
vega-chart.vega-embed {{ width: 100%; display: flex; }}
vega-chart.vega-embed details, vega-chart.vega-embed details summary {{ position: relative; }}
</style>
<script>{vlc.javascript_bundle()}</script>
</head>
<body>
<div id="vega-chart"></div>
<script type="application/json" id="vega-spec">{escape.script_json(spec)}</script>
<script>
vegaEmbed("#vega-chart", JSON.parse(document.getElementById("vega-spec").textContent), {{renderer: "svg"}}).catch(console.error);
</script>
{caption_html}
</body>
</html>
"""


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


def caption(text: str, ids, claims: pd.DataFrame | None = None) -> str:
    """A figure caption that ends with the evidence ids it draws on (the first ``MAX_LISTED`` by name) and,
    given the evidence table ``claims``, how many of those rows a reviewer has checked."""
    ids = sorted(set(ids))
    if not ids:
        return f"{text} (No evidence rows.)"
    reviewed = ""
    if claims is not None:
        state = claims.set_index("evidence_id")["review"].reindex(ids).fillna("unreviewed")
        reviewed = f" Reviewed: {int((state != 'unreviewed').sum())} of {len(ids)} rows."
    return f"{text} Evidence: {listing(ids)}.{reviewed}"


def coverage_heatmap(coverage: pd.DataFrame) -> alt.Chart:
    """Papers × metrics, shaded by how many rows each paper reports for each metric; above
    ``HEATMAP_PAPERS`` papers, topics × metrics, shaded by the share of the topic's papers reporting it."""
    long = coverage.melt(id_vars=["key", "topic"], value_vars=METRIC_ORDER, var_name="metric", value_name="rows")
    if len(coverage) > HEATMAP_PAPERS:
        shares = long.assign(topic=long["topic"].replace("", "(none)"), reports=long["rows"].gt(0)) \
            .groupby(["topic", "metric"]).agg(share=("reports", "mean"), papers=("key", "size")).reset_index()
        return alt.Chart(shares, title=f"Share of each topic's papers that report each metric ({len(coverage):,} papers)") \
            .mark_rect().encode(
                x=alt.X("metric:N", sort=METRIC_ORDER, title=None), y=alt.Y("topic:N", title=None),
                color=alt.Color("share:Q", scale=alt.Scale(scheme="blues", domain=[0, 1]), title="Share", legend=alt.Legend(format="%")),
                tooltip=["topic", "metric", alt.Tooltip("share:Q", format=".1%"), "papers"],
            ).properties(width=320)
    return alt.Chart(long, title="Which metrics each paper reports").mark_rect().encode(
        x=alt.X("metric:N", sort=METRIC_ORDER, title=None), y=alt.Y("key:N", title=None, sort=None,
                                                                    axis=alt.Axis(labelFontSize=7)),
        color=alt.Color("rows:Q", scale=alt.Scale(scheme="blues"), title="Rows"),
        tooltip=["key", "topic", "metric", "rows"],
    ).properties(width=320, height=alt.Step(8))


def venues_bar(venues: pd.DataFrame) -> alt.Chart:
    return alt.Chart(venues, title="Most frequent venues").mark_bar().encode(
        x=alt.X("papers:Q", title="Papers"), y=alt.Y("venue:N", sort="-x", title=None), tooltip=["venue", "papers"])


def cluster_sizes(clusters: pd.DataFrame) -> alt.Chart:
    return alt.Chart(clusters, title="Cluster sizes").mark_bar().encode(
        x=alt.X("size:Q", title="Papers"), y=alt.Y("label:N", sort="-x", title=None), tooltip=["label", "size", "terms"])


def training_bars(rows: pd.DataFrame, metric: str) -> alt.TopLevelMixin:
    """Training energy or emissions by model, one bar per source (paper), log scale; where a model
    has more than ``SOURCES_PER_MODEL`` sources, its range across them with the median marked."""
    data = rows[rows["metric"] == metric]
    unit = data["canonical_unit"].iloc[0] if len(data) else ""
    if len(data) and data.groupby("model")["paper_key"].nunique().max() > SOURCES_PER_MODEL:
        return _training_ranges(data, metric, unit)
    base = float(data["canonical_value"].min()) / 3 if len(data) else 1.0  # log bars need a positive start
    data = data.assign(base=base)
    return alt.Chart(data, title=f"Training {metric} of named models ({unit}, log scale, one bar per source)").mark_bar().encode(
        x=alt.X("base:Q", scale=alt.Scale(type="log"), title=unit), x2="canonical_value:Q",
        y=alt.Y("model:N", title=None, sort=alt.EncodingSortField("canonical_value", op="max", order="descending")),
        yOffset="paper_key:N", color=alt.Color("paper_key:N", title="Source"),
        tooltip=["model", "paper_key", "year", "canonical_value", "evidence_id", "source"],
    ).properties(height=alt.Step(7))


def _training_ranges(data: pd.DataFrame, metric: str, unit: str) -> alt.LayerChart:
    summary = data.groupby("model").agg(low=("canonical_value", "min"), median=("canonical_value", "median"),
                                        high=("canonical_value", "max"), sources=("paper_key", "nunique"),
                                        rows=("evidence_id", "size")).reset_index()
    y = alt.Y("model:N", title=None, sort=alt.EncodingSortField("median", order="descending"))
    tooltip = ["model", "sources", "rows", "low", "median", "high"]
    log = alt.Scale(type="log")
    ranges = alt.Chart(summary).mark_rule(strokeWidth=3, opacity=0.5).encode(
        x=alt.X("low:Q", scale=log, title=unit), x2="high:Q", y=y, tooltip=tooltip)
    medians = alt.Chart(summary).mark_tick(thickness=3, size=14, color="black").encode(
        x=alt.X("median:Q", scale=log), y=y, tooltip=tooltip)
    return alt.layer(ranges, medians, title=f"Training {metric} of named models ({unit}, log scale): "
                                            "range across sources, median marked")


def inference_scatter(rows: pd.DataFrame) -> alt.Chart:
    """Inference energy per query (Wh, log scale) by publication year and study."""
    return alt.Chart(rows, title="Inference energy per query across studies (Wh, log scale)").mark_point(filled=True, size=70).encode(
        x=alt.X("year:O", title="Year"), y=alt.Y("wh_per_query:Q", scale=alt.Scale(type="log"), title="Wh per query"),
        color=alt.Color("paper_key:N", title="Source"),
        tooltip=["paper_key", "subject", "per", "wh_per_query", "evidence_id"],
    )


def savings_strip(rows: pd.DataFrame) -> alt.Chart:
    """Reported reductions (%) by technique; each point one claim, the tick the median."""
    points = alt.Chart(rows).mark_circle(size=60, opacity=0.7).encode(
        x=alt.X("reduction_pct:Q", title="Reported reduction (%)", scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("technique:N", title=None), color=alt.Color("resource:N", title="What was reduced"),
        tooltip=["technique", "as_stated", "reduction_pct", "resource", "paper_key", "evidence_id"])
    median = alt.Chart(rows).mark_tick(color="black", thickness=2, size=18).encode(
        x="median(reduction_pct):Q", y="technique:N")
    return alt.layer(points, median, title="Reported savings by technique (factors shown as the reduction they imply)")


def water_points(rows: pd.DataFrame) -> alt.Chart:
    return alt.Chart(rows, title="Water per unit of work (L, log scale)").mark_point(filled=True, size=80).encode(
        x=alt.X("litres:Q", scale=alt.Scale(type="log"), title="Litres"), y=alt.Y("per:N", title="per"),
        color=alt.Color("paper_key:N", title="Source"), tooltip=["paper_key", "subject", "litres", "per", "evidence_id"])


def share_points(rows: pd.DataFrame) -> alt.LayerChart:
    """Shares of a whole (%, 0-100) by paper and part (``analysis.shares``): a point per claim, a line
    across a stated range, coloured by the whole's resource, shaped by the qualifier (about, up to, ...)."""
    y = alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=420))
    color = alt.Color("resource:N", title="Share of (resource)")
    tooltip = ["label", "share_pct", "share_pct_high", "qualifier", "resource", "phase", "year", "evidence_id", "source"]
    base = alt.Chart(rows).transform_calculate(
        top="isValid(datum.share_pct_high) ? datum.share_pct_high : datum.share_pct",
        stated="isValid(datum.qualifier) && datum.qualifier != '' ? datum.qualifier : 'as stated'")
    ranges = base.mark_rule(strokeWidth=3, opacity=0.6).encode(
        x=alt.X("share_pct:Q", scale=alt.Scale(domain=[0, 100]), title="Share of the whole (%)"), x2="top:Q",
        y=y, color=color, tooltip=tooltip)
    points = base.mark_point(filled=True, size=70).encode(
        x=alt.X("share_pct:Q", scale=alt.Scale(domain=[0, 100])), y=y, color=color,
        shape=alt.Shape("stated:N", title="Qualifier"), tooltip=tooltip)
    return alt.layer(ranges, points, title="Reported shares of a whole (%), by paper and part") \
        .properties(height=alt.Step(16))


def implied_intensity(rows: pd.DataFrame, grid_range: tuple[float, float]) -> alt.Chart:
    """Implied carbon intensity (emissions ÷ energy) per claim pair, with the range of real grids shaded."""
    band = alt.Chart(pd.DataFrame({"low": [grid_range[0]], "high": [grid_range[1]]})).mark_rect(opacity=0.15, color="green") \
        .encode(x="low:Q", x2="high:Q")
    points = alt.Chart(rows).mark_point(filled=True, size=70).encode(
        x=alt.X("implied_g_per_kwh:Q", scale=alt.Scale(type="log"), title="Implied gCO2e/kWh (log)"),
        y=alt.Y("subject:N", title=None), color=alt.Color("plausible:N", title="Within real grids"),
        tooltip=["paper_key", "subject", "energy_kwh", "emissions_kg", "implied_g_per_kwh", "energy_id", "emissions_id"])
    return alt.layer(band, points, title="Consistency: implied carbon intensity of emissions ÷ energy claims")


def scenario_bars(result: pd.DataFrame) -> alt.Chart:
    """Annual energy, emissions and cost of each deployment option, side by side."""
    long = result.melt(id_vars="option", value_vars=["energy_kwh", "emissions_kg", "cost_usd"], var_name="quantity")
    return alt.Chart(long).mark_bar().encode(
        x=alt.X("option:N", title=None), y=alt.Y("value:Q", title=None), color="option:N",
        column=alt.Column("quantity:N", title=None), tooltip=["option", "quantity", alt.Tooltip("value:Q", format=",.0f")],
    ).resolve_scale(y="independent").properties(width=160, title="A year of serving: cloud vs own hardware")


def cost_by_utilisation(curve: pd.DataFrame) -> alt.Chart:
    """Annual cost of each option against own-hardware utilisation; where the lines cross is the break-even."""
    return alt.Chart(curve, title="Annual cost by utilisation of own hardware").mark_line().encode(
        x=alt.X("utilisation:Q", axis=alt.Axis(format="%"), title="Utilisation of own hardware"),
        y=alt.Y("cost_usd:Q", title="USD per year"), color="option:N", tooltip=["option", "utilisation", "cost_usd"])


def tornado(sens: pd.DataFrame, quantity: str) -> alt.Chart:
    """How much each parameter moves each option's ``quantity`` when halved or raised by half."""
    return alt.Chart(sens, title=f"Sensitivity of {quantity} (each parameter ×0.5 and ×1.5)").mark_point(filled=True).encode(
        x=alt.X(f"{quantity}:Q", title=quantity), y=alt.Y("parameter:N", title=None), color="option:N",
        shape=alt.Shape("factor:N"), tooltip=["parameter", "factor", "value", "option", quantity])


def publish(chart: alt.TopLevelMixin, figures_dir: Path, name: str, caption_text: str) -> dict[str, Path]:
    """Save a figure (``save_chart``) and show it in the notebook with its caption underneath."""
    from IPython.display import display

    chart, note = bounded(chart)
    caption_text += note
    paths = save_chart(chart, figures_dir, name, caption=caption_text)
    display(chart)
    display(markdown("*{caption}* ([interactive](figures/{name}.html))", caption=caption_text, name=name))
    return paths


def markdown(template: str, **fields) -> "IPython.display.Markdown":
    """Markdown for a notebook from a trusted ``template`` whose ``{fields}`` hold corpus text,
    each escaped (``escape.markdown_text``) so that a title or key shows as text, never as HTML or a link."""
    from IPython.display import Markdown

    return Markdown(template.format(**{k: escape.markdown_text(v) for k, v in fields.items()}))


PRISMA_WIDTH = 760
"""Width of the PRISMA flow diagram in pixels; its height follows from the number of lines in its boxes."""


def prisma_flow(counts: pd.DataFrame) -> alt.LayerChart:
    """The PRISMA 2020 flow diagram of ``review.prisma_counts``: identification, screening and inclusion boxes with arrows."""
    def n(box: str, item: str) -> int:
        hit = counts[(counts["box"] == box) & (counts["item"] == item)]["n"]
        return int(hit.iloc[0]) if len(hit) else 0

    def items(box: str) -> list[str]:
        rows = counts[counts["box"] == box]
        return [f"· {item}: {count:,}" for item, count in zip(rows["item"], rows["n"])]

    identified = counts[counts["box"] == "identified"]
    excluded = counts[counts["box"] == "excluded"]
    rows = counts[counts["box"] == "rows"]
    left = [(f"Records identified (n = {int(identified['n'].sum()):,}), by source:", items("identified")),
            (f"Records screened (n = {n('screened', 'records screened'):,} of {n('screened', 'records in the corpus'):,} "
             "in the corpus)", []),
            (f"Papers included (n = {n('included', 'papers included'):,})",
             [f"· in the evidence (included, maybe, not yet screened): {n('evidence', 'papers in the evidence (included, maybe or not yet screened)'):,}",
              f"· evidence rows: {n('rows', 'evidence rows'):,}, reviewed {n('rows', 'reviewed'):,}"]
             + [f"   – {item}: {count:,}" for item, count in zip(rows["item"], rows["n"]) if item in ("accepted", "corrected", "rejected")])]
    right = [("Records removed before screening:", items("removed")),
             (f"Records excluded (n = {int(excluded['n'].sum()):,}), by reason:", items("excluded") or ["· none"]),
             ("Awaiting a decision:", items("awaiting"))]
    line, pad, gap = 15, 8, 34
    boxes, y = [], 10
    for stage, (main, side) in zip(("Identification", "Screening", "Included"), zip(left, right)):
        if stage == "Screening":  # the excluded and awaiting boxes both hang off "records screened"
            side_boxes = [side, right[2]]
        elif stage == "Included":
            side_boxes = []
        else:
            side_boxes = [side]
        main_h = 2 * pad + line * (1 + len(main[1]))
        side_hs = [2 * pad + line * (1 + len(b[1])) for b in side_boxes]
        height = max([main_h, sum(side_hs) + 10 * max(len(side_hs) - 1, 0), 110])
        boxes.append({"stage": stage, "x": 110, "x2": 430, "y": y, "y2": y + main_h, "text": "\n".join([main[0], *main[1]]),
                      "kind": "main"})
        sy = y
        for b, h in zip(side_boxes, side_hs):
            boxes.append({"stage": stage, "x": 470, "x2": PRISMA_WIDTH - 10, "y": sy, "y2": sy + h,
                          "text": "\n".join([b[0], *b[1]]), "kind": "side"})
            sy += h + 10
        boxes.append({"stage": stage, "x": 10, "x2": 90, "y": y, "y2": y + height, "text": stage, "kind": "stage"})
        y += height + gap
    data = pd.DataFrame(boxes)
    data["tx"] = data["x"] + pad
    data["ty"] = data["y"] + pad
    mains = data[data["kind"] == "main"].reset_index(drop=True)
    arrows = [{"x": 270, "y": float(mains["y2"][i]), "x2": 270, "y2": float(mains["y"][i + 1]) - 6} for i in range(len(mains) - 1)]
    sides = data[data["kind"] == "side"]
    main_bottom = dict(zip(mains["stage"], mains["y2"]))
    arrows += [{"x": 430 if s.y + line + pad / 2 < main_bottom[s.stage] else 270, "y": float(s.y + line + pad / 2),
                "x2": 464, "y2": float(s.y + line + pad / 2)} for s in sides.itertuples()]  # below its box: off the line down
    arrows = pd.DataFrame(arrows)
    heads = pd.DataFrame([{"x": a["x2"], "y": a["y2"], "shape": "triangle-down" if a["x"] == a["x2"] else "triangle-right"}
                          for a in arrows.to_dict("records")])
    height = int(y - gap + 10)
    x = alt.Scale(domain=[0, PRISMA_WIDTH])
    yscale = alt.Scale(domain=[0, height], reverse=True)
    plain = {"axis": None}
    rects = alt.Chart(data).mark_rect(stroke="#333", strokeWidth=1).encode(
        x=alt.X("x:Q", scale=x, **plain), x2="x2:Q", y=alt.Y("y:Q", scale=yscale, **plain), y2="y2:Q",
        color=alt.Color("kind:N", scale=alt.Scale(domain=["stage", "main", "side"], range=["#c6dbef", "#ffffff", "#f7f7f7"]),
                        legend=None))
    texts = alt.Chart(data[data["kind"] != "stage"]).mark_text(align="left", baseline="top", lineBreak="\n", fontSize=12,
                                                               lineHeight=line).encode(
        x=alt.X("tx:Q", scale=x, **plain), y=alt.Y("ty:Q", scale=yscale, **plain), text="text:N")
    stages = alt.Chart(data[data["kind"] == "stage"].assign(cx=50, cy=(data["y"] + data["y2"]) / 2)).mark_text(
        angle=270, fontSize=13, fontWeight="bold").encode(
        x=alt.X("cx:Q", scale=x, **plain), y=alt.Y("cy:Q", scale=yscale, **plain), text="text:N")
    rules = alt.Chart(arrows).mark_rule(strokeWidth=1.5, color="#333").encode(
        x=alt.X("x:Q", scale=x, **plain), y=alt.Y("y:Q", scale=yscale, **plain), x2="x2:Q", y2="y2:Q")
    tips = alt.Chart(heads).mark_point(filled=True, size=60, color="#333", opacity=1).encode(
        x=alt.X("x:Q", scale=x, **plain), y=alt.Y("y:Q", scale=yscale, **plain),
        shape=alt.Shape("shape:N", scale=alt.Scale(domain=["triangle-down", "triangle-right"],
                                                   range=["triangle-down", "triangle-right"]), legend=None))
    return alt.layer(rects, stages, texts, rules, tips, title="PRISMA 2020 flow of records, papers and evidence rows") \
        .properties(width=PRISMA_WIDTH, height=height).configure_view(stroke=None)
