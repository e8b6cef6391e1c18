"""End to end: `litevidence run` into a temporary project, notebooks executed by papermill."""
import json
import shutil
from pathlib import Path

import pytest

from litevidence.cli import main
from litevidence.evidence import load_evidence


@pytest.mark.slow
def test_run_writes_evidence_and_reports_and_reruns_incrementally(project, capsys):
    assert main(["run", "--project", str(project), "--backend", "tfidf"]) == 0
    out = capsys.readouterr().out
    assert "[embed] 6 embedded" in out and "[claims] extracting 6 papers" in out
    assert "papers.bib:59 [broken2020entry]: error: missing year" in out  # named, and the run finished
    ev = load_evidence(project / "evidence")
    assert len(ev["papers"]) == 6 and len(ev["topics"]) == 6
    assert {"energy", "emissions", "water", "relative_change"} <= set(ev["claims"]["metric"])
    descriptor = json.loads((project / "evidence" / "datapackage.json").read_text())
    assert {r["path"] for r in descriptor["resources"]} == {"claims.csv", "papers.csv", "topics.csv", "clusters.csv"}
    reports = project / "reports"
    for name in ("01_corpus_overview", "02_topic_map", "03_evidence_table", "04_metric_comparisons",
                 "05_deployment_scenarios"):
        page = (reports / f"{name}.html").read_text(encoding="utf-8")
        assert "<svg" in page or "image/png" in page  # the figures are in the page, not fetched
        assert f'href="{name}.html"' in (reports / "index.html").read_text(encoding="utf-8")
    figures = ("papers_per_year", "venues", "coverage", "topic_map", "cluster_sizes", "claims_per_metric",
               "training_energy", "training_emissions", "inference_per_query", "savings_by_technique", "water_per_unit",
               "implied_carbon_intensity", "scenario_annual", "scenario_break_even", "scenario_sensitivity_cost_usd")
    ids = set(load_evidence(project / "evidence")["claims"]["evidence_id"])
    for fig in figures:
        assert (reports / "figures" / f"{fig}.png").stat().st_size > 1000, fig
        page = (reports / "figures" / f"{fig}.html").read_text(encoding="utf-8")
        assert "vegaEmbed" in page and "cdn.jsdelivr" not in page, fig  # self-contained, opens offline
    caption = (reports / "figures" / "training_energy.html").read_text(encoding="utf-8")
    assert any(i in caption for i in ids)  # captions name the evidence they draw on
    for table in ("papers_per_topic", "coverage", "gaps", "clusters", "representative_papers", "claims_per_metric_phase",
                  "training_footprints", "inference_per_query", "savings_by_technique", "implied_carbon_intensity",
                  "agreement", "scenario_annual", "scenario_sensitivity"):
        for suffix in ("csv", "md", "tex"):
            assert (reports / "tables" / f"{table}.{suffix}").exists(), (table, suffix)
    evidence_page = (reports / "03_evidence_table.html").read_text(encoding="utf-8")
    assert "<select data-col=" in evidence_page and "lv-count" in evidence_page  # filterable in the page
    index = (reports / "index.html").read_text(encoding="utf-8")
    corpus_hash = json.loads((project / "evidence" / "datapackage.json").read_text())["corpus_hash"]
    assert corpus_hash[:16] in index and "Built 20" in index

    claims_before = (project / "evidence" / "claims.csv").read_bytes()
    bib = project / "corpus" / "papers.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n@misc{new2025paper, title={A new paper}, year={2025},"
                   " annote={Serving used 2 MWh.}}\n", encoding="utf-8")
    assert main(["run", "--project", str(project), "--backend", "tfidf", "--no-notebooks"]) == 0
    out = capsys.readouterr().out
    assert "[claims] extracting 1 papers, 6 from cache" in out
    claims_after = load_evidence(project / "evidence")["claims"]
    assert "new2025paper" in set(claims_after["paper_key"])


def test_same_corpus_gives_byte_identical_evidence(project, capsys):
    assert main(["run", "--project", str(project), "--backend", "tfidf", "--no-notebooks"]) == 0
    first = {p.name: p.read_bytes() for p in (project / "evidence").iterdir()}
    capsys.readouterr()
    assert main(["run", "--project", str(project), "--backend", "tfidf", "--no-notebooks"]) == 0
    out = capsys.readouterr().out
    assert "[embed] 0 embedded, 6 from cache" in out and "[claims] extracting 0 papers" in out
    assert first == {p.name: p.read_bytes() for p in (project / "evidence").iterdir()}
    shutil.rmtree(project / ".litevidence")
    assert main(["run", "--project", str(project), "--backend", "tfidf", "--no-notebooks"]) == 0
    second = {p.name: p.read_bytes() for p in (project / "evidence").iterdir()}
    assert first == second


@pytest.mark.slow
def test_run_with_the_real_minilm_model(project):
    assert main(["run", "--project", str(project), "--no-notebooks"]) == 0
    topics = load_evidence(project / "evidence")["topics"]
    assert len(topics) == 6 and topics["label"].str.len().gt(0).all()


def test_committed_evidence_is_what_the_default_corpus_produces(tmp_path):
    root = Path(__file__).parent.parent
    shutil.copytree(root / "corpus", tmp_path / "corpus")
    assert main(["run", "--project", str(tmp_path), "--backend", "tfidf", "--no-notebooks"]) == 0
    for name in ("claims.csv", "papers.csv"):
        assert (tmp_path / "evidence" / name).read_bytes() == (root / "evidence" / name).read_bytes(), (
            f"evidence/{name} is stale: run `make run` and commit evidence/")


@pytest.mark.slow
def test_a_run_with_nothing_changed_reuses_vectors_topics_and_pages_without_loading_models(project, tmp_path):
    """Issue 16: the second run loads no torch or scikit-learn and executes no notebook."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "LITEVIDENCE_MODEL_CACHE": str(tmp_path / "models")}
    probe = ("import runpy, sys; sys.argv = ['litevidence', *sys.argv[1:]]\n"
             "try:\n    runpy.run_module('litevidence.cli', run_name='__main__')\n"
             "finally:\n    print('LOADED:' + ','.join(sorted({m.split('.')[0] for m in sys.modules} & {'torch', 'sklearn'})))\n")
    command = [sys.executable, "-c", probe, "run", "--project", str(project), "--backend", "minilm"]
    first = subprocess.run(command, capture_output=True, text=True, env=env)
    assert first.returncode == 0, first.stderr
    evidence = {p.name: p.read_bytes() for p in (project / "evidence").iterdir()}
    again = subprocess.run(command, capture_output=True, text=True, env=env)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[-1] == "LOADED:"
    assert "5 of 5 pages up to date" in again.stdout and "[embed] 0 embedded" in again.stdout
    assert all(line.startswith("litevidence: ") for line in again.stderr.splitlines()), again.stderr  # nothing third-party
    assert evidence == {p.name: p.read_bytes() for p in (project / "evidence").iterdir()}
