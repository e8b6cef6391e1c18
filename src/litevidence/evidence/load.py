"""Read the evidence folder back into typed tables (for notebooks, cite and export)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .._publish import reading
from ..errors import LitevidenceError
from ..escape import csv_unescape
from ..paths import ProjectPaths
from ..schema import Schema
from .descriptor import EVIDENCE_FILES

_PANDAS = {"string": "string", "integer": "Int64", "number": "float64", "boolean": "boolean"}


def load_evidence(evidence_dir: Path, names: tuple[str, ...] | None = None) -> dict[str, pd.DataFrame]:
    """{'claims', 'papers', 'topics', 'clusters'} → table, typed by the schemas; a missing file says how to make it.

    The tables are read as one published set (``litevidence._publish``): never half of an interrupted run's.
    ``names`` reads only those tables (a command that needs two of four answers sooner).
    """
    evidence_dir = Path(evidence_dir)
    paths = ProjectPaths.of_evidence(evidence_dir)
    tables = {}
    with reading(paths.journal, paths.root):
        for path, schema in EVIDENCE_FILES.items():
            if names is not None and schema.name not in names:
                continue
            file = evidence_dir / path
            if not file.exists():
                raise LitevidenceError("missing", file, todo="run `litevidence run` to generate the evidence tables")
            tables[schema.name] = read_table(file, schema)
    return tables


def read_table(path: Path, schema: Schema, fill_missing: bool = False) -> pd.DataFrame:
    """One CSV with the schema's column types; empty cells stay missing (NA), text cells as they were
    before ``write_csv`` guarded them against spreadsheet formulas (``escape.csv_unescape``).

    ``fill_missing`` reads a table an older litevidence wrote (columns added since are empty) instead of raising.
    """
    dtypes = {c.name: _PANDAS[c.type] for c in schema.columns}
    df = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])
    if fill_missing:
        for c in schema.columns:
            if c.name not in df:
                df[c.name] = pd.Series(None, index=df.index, dtype=dtypes[c.name])
    for c in schema.columns:
        if c.type == "string" and c.name in df:
            df[c.name] = csv_unescape(df[c.name])
    missing = [c.name for c in schema.columns if c.name not in df]
    if missing:
        raise LitevidenceError(f"written by an older litevidence: no column {', '.join(missing)}", path,
                               todo="run `litevidence run` to bring the evidence up to date")
    return schema.conform(df)
