"""A reviewed project through `litevidence run` with its notebooks: what the report shows of the review."""
from __future__ import annotations

import re

import pytest

from litevidence.cli import main
from litevidence.review.decisions import Decision, record
from review_fixtures import row_id


@pytest.mark.slow
def test_rejected_rows_leave_figures_tables_and_defaults_and_the_report_shows_the_review(ran, capsys):
    per_query = row_id(ran, "samsi2023words", "1.2 kWh per 1,000 queries")
    accepted = row_id(ran, "patterson2021carbon", "1,287 MWh")
    record(ran, [Decision(per_query, "reject", "measured on a <b>cluster</b>, not per query"), Decision(accepted, "accept")],
           reviewer="ada")
    assert main(["screen", "exclude", "li2023making", "--reason", "off-topic", "--project", str(ran)]) == 0
    capsys.readouterr()
    assert main(["run", "--project", str(ran), "--backend", "tfidf"]) == 0
    reports = ran / "reports"

    figures = {p.stem: p.read_text(encoding="utf-8") for p in (reports / "figures").glob("*.html")}
    with_rows = [name for name, page in figures.items() if "Evidence: ev-" in page]
    assert len(with_rows) >= 8
    for name in with_rows:
        assert re.search(r"Reviewed: \d+ of \d+ rows\.", figures[name]), name
    assert "Reviewed: 1 of 1 rows." in figures["training_energy"]  # the accepted row is the one drawn
    assert not [name for name, page in figures.items() if per_query in page]
    assert not [p.name for p in (reports / "tables").glob("*.csv") if per_query in p.read_text(encoding="utf-8")
                and p.name != "rejected_rows.csv"]
    assert "li2023making" not in (reports / "tables" / "coverage.csv").read_text(encoding="utf-8")
    scenarios = (reports / "05_deployment_scenarios.html").read_text(encoding="utf-8")
    assert "the median of 2 per-query figures" in scenarios and per_query not in scenarios

    evidence_page = (reports / "03_evidence_table.html").read_text(encoding="utf-8")
    rejected = evidence_page.split("Rejected rows")[-1]
    assert per_query in rejected and "measured on a &lt;b&gt;cluster&lt;/b&gt;, not per query" in rejected
    assert "reviewed / total" in evidence_page and '<option value="accepted">' in evidence_page  # filter by review state
    assert evidence_page.count('<span class="lv-count">') == 1  # one filterable table; the lists below it are plain
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert "Review progress" in index and "<td>energy</td><td>2 / " in index

    prisma = (reports / "tables" / "prisma.csv").read_text(encoding="utf-8")
    assert "Off topic (off-topic),1" in prisma and "included,rows,rejected,1" in prisma
    assert (reports / "figures" / "prisma_flow.png").stat().st_size > 10_000
    assert "Records excluded (n = 1), by reason:" in figures["prisma_flow"]
    assert not (reports / "review.html").exists()  # the interactive notebook is not a report


@pytest.mark.slow
def test_the_review_notebook_also_runs_headless_without_an_error(ran, tmp_path):
    import papermill as pm

    out = tmp_path / "review.ipynb"
    pm.execute_notebook(str(ran / "notebooks" / "interactive" / "review.ipynb"), str(out), parameters={"project": str(ran)},
                        cwd=str(ran / "notebooks" / "interactive"), progress_bar=False, kernel_name="python3")
    outputs = [o for c in __import__("nbformat").read(out, as_version=4).cells if c.cell_type == "code" for o in c.outputs]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    assert not any(o.get("output_type") == "error" for o in outputs)
