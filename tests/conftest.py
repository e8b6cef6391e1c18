"""Shared fixtures: the tiny fixture corpus and a throwaway project built from it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
