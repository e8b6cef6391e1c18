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
CHROMIUM = Path("/usr/bin/chromium")
"""Debian's chromium, which the browser tests drive through Playwright (`.ci/run` installs it)."""
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def playwright_or_skip():
    """Playwright's ``sync_playwright``; on a machine without it or chromium the browser test is skipped,
    naming what to install (CI installs both, so there it always runs)."""
    missing = []
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
        missing.append("the playwright Python package (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install -y chromium)")
    if missing:
        pytest.skip("the browser test needs " + " and ".join(missing))
    return sync_playwright


def claims_table(*rows: dict):
    """An evidence claims table of ``rows`` (dicts of some columns), every other column of ``CLAIMS`` empty."""
    import pandas as pd

    from litevidence.schema import CLAIMS

    df = pd.DataFrame(rows)
    for c in CLAIMS.names:
        if c not in df:
            df[c] = None
    return df[CLAIMS.names]


@pytest.fixture
def tiny_corpus() -> Path:
    return DATA / "tiny"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with the tiny corpus and the repository's notebooks."""
    shutil.copytree(DATA / "tiny", tmp_path / "corpus")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    return tmp_path


@pytest.fixture
def ran(project: Path, capsys) -> Path:
    """The tiny project after `litevidence run --no-notebooks` (tfidf): evidence/ exists, no decision yet;
    the run's own output is cleared from ``capsys``."""
    from litevidence.cli import main

    assert main(["run", "--project", str(project), "--backend", "tfidf", "--no-notebooks"]) == 0
    capsys.readouterr()
    return project


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
