"""ProjectPaths: the one place that says where a project keeps what."""
from pathlib import Path

from litevidence.paths import ProjectPaths
from litevidence.pipeline import run
from litevidence.reports import notebook_parameters


def test_issue13_project_paths_name_every_place_a_run_reads_and_writes(project):
    paths = ProjectPaths(project)
    assert (paths.bib, paths.curated, paths.texts) == (project / "corpus" / "papers.bib",
                                                      project / "corpus" / "curated_claims.csv", project / "corpus" / "texts")
    before = {p for p in project.rglob("*")}
    run(project, backend="tfidf", notebooks=False, progress=lambda m: None)
    written = {p for p in project.rglob("*") if p.is_file()} - before
    places = (paths.evidence, paths.changes, paths.cache, paths.journal)
    assert written and all(any(p == place or place in p.parents for place in places) for p in written), sorted(written)
    assert {p.name for p in paths.evidence.iterdir()} == {"claims.csv", "papers.csv", "topics.csv", "clusters.csv",
                                                          "datapackage.json"}
    assert paths.changes.exists() and any(paths.cache.iterdir())
    assert notebook_parameters(project) == {"evidence_dir": str(paths.evidence.resolve()),
                                            "figures_dir": str(paths.figures.resolve()),
                                            "tables_dir": str(paths.tables.resolve())}
    assert ProjectPaths.of_evidence(project / "evidence") == paths and isinstance(ProjectPaths(str(project)).root, Path)
