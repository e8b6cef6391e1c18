"""Shared fixtures: the tiny fixture corpus and a throwaway project built from it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("litevidence", deadline=None)
settings.load_profile("litevidence")
"""Property tests check behaviour, not speed: no per-example deadline (a loaded CI machine would trip it)."""

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def tiny_corpus() -> Path:
    return DATA / "tiny"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with the tiny corpus and the repository's notebooks."""
    shutil.copytree(DATA / "tiny", tmp_path / "corpus")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    return tmp_path


@pytest.fixture(scope="session")
def hostile_run(tmp_path_factory) -> Path:
    """A project of tests/data/hostile (XSS, formula and LaTeX payloads in every field) after a full
    `litevidence run` (tfidf, notebooks and all); shared by the report tests, which only read it."""
    from litevidence.cli import main

    project = tmp_path_factory.mktemp("hostile")
    shutil.copytree(DATA / "hostile", project / "corpus")
    shutil.copytree(ROOT / "notebooks", project / "notebooks")
    assert main(["run", "--project", str(project), "--backend", "tfidf"]) == 0
    return project
