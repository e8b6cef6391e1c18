"""Which inputs each report page was built from, so that a notebook runs again only when they changed.

A notebook reads what its parameters name (the evidence folder) and the project's corpus files
beside it (papers.bib, curated_claims.csv, reviews.csv, screening.csv, records.csv: review state
that notebooks read without it being a parameter). Its build fingerprint is the hash of those
files' contents, the notebook file, its parameters and the package (version and code). Each
successful build leaves ``reports/.builds/NAME.json``: when it was built and from which inputs.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from .. import __version__
from .._io import atomic_write_text
from ..paths import ProjectPaths

BUILDS_DIR = ".builds"
OUTPUT_PARAMETERS = ("figures_dir", "tables_dir")
"""Parameters that name what a notebook writes, not what it reads."""


@dataclass(frozen=True)
class Build:
    """A successful build of one page: its fingerprint, when, and the inputs (path → content hash)."""

    fingerprint: str
    built: datetime
    inputs: dict[str, str]


def file_hash(path: Path) -> str:
    """sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def notebook_inputs(parameters: dict) -> dict[str, str]:
    """Content hashes of every file a notebook with ``parameters`` may read, by path.

    Every existing file or folder (its files, not subfolders) that an input parameter names, and
    the top-level files of the project's corpus/ when ``evidence_dir`` is given.
    """
    files: set[Path] = set()
    for name, value in parameters.items():
        if name in OUTPUT_PARAMETERS or not isinstance(value, (str, Path)) or not str(value):
            continue
        path = Path(value)
        if path.is_file():
            files.add(path)
        elif path.is_dir():
            files.update(p for p in path.iterdir() if p.is_file())
    if parameters.get("evidence_dir"):
        corpus = ProjectPaths.of_evidence(parameters["evidence_dir"]).corpus
        if corpus.is_dir():
            files.update(p for p in corpus.iterdir() if p.is_file())
    return {str(p): file_hash(p) for p in sorted(files)}


@lru_cache(maxsize=1)
def package_fingerprint() -> str:
    """The package's version and a hash of its code and data files (a changed chart helper rebuilds pages)."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fingerprint(notebook: Path, parameters: dict, inputs: dict[str, str]) -> str:
    """The build fingerprint of ``notebook`` run with ``parameters`` on ``inputs`` (see the module)."""
    digest = hashlib.sha256(Path(notebook).read_bytes())
    digest.update(json.dumps(parameters, sort_keys=True, default=str).encode())
    digest.update(json.dumps(inputs, sort_keys=True).encode())
    digest.update(package_fingerprint().encode())
    return digest.hexdigest()


def last_build(reports_dir: Path, name: str) -> Build | None:
    """The recorded build of page ``name``, or None (never built, or the record is unreadable)."""
    try:
        data = json.loads((Path(reports_dir) / BUILDS_DIR / f"{name}.json").read_text(encoding="utf-8"))
        return Build(data["fingerprint"], datetime.fromisoformat(data["built"]), dict(data["inputs"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def record_build(reports_dir: Path, name: str, build_fingerprint: str, inputs: dict[str, str],
                 built: datetime | None = None) -> Build:
    """Write the record of a successful build of page ``name`` (one file per page: parallel builds never race)."""
    build = Build(build_fingerprint, built or datetime.now(timezone.utc), inputs)
    record = {"fingerprint": build.fingerprint, "built": build.built.isoformat(), "inputs": build.inputs}
    atomic_write_text(Path(reports_dir) / BUILDS_DIR / f"{name}.json", json.dumps(record, indent=1) + "\n")
    return build
