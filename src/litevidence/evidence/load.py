"""Read the evidence folder back into typed tables (for notebooks, cite and export)."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._publish import reading
from ..errors import LitevidenceError
from ..escape import csv_unescape, csv_unescape_cell
from ..paths import ProjectPaths
from ..schema import Schema
from .descriptor import EVIDENCE_FILES

if TYPE_CHECKING:  # pandas is imported by the table readers only: `cite` reads rows without it
    import pandas as pd

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
    import pandas as pd

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


def read_records(evidence_dir: Path, names: tuple[str, ...]) -> dict[str, list[dict[str, str]]]:
    """{table name → its rows as stored}: each row a dict of the CSV's text cells, formula guard still on,
    read from one published set without pandas (a command that filters or looks up rows starts at once)."""
    evidence_dir = Path(evidence_dir)
    paths = ProjectPaths.of_evidence(evidence_dir)
    tables = {}
    with reading(paths.journal, paths.root):
        for path, schema in EVIDENCE_FILES.items():
            if schema.name not in names:
                continue
            file = evidence_dir / path
            if not file.exists():
                raise LitevidenceError("missing", file, todo="run `litevidence run` to generate the evidence tables")
            with file.open(encoding="utf-8", newline="") as f:
                reader = csv.DictReader(f)
                missing = [c.name for c in schema.columns if c.name not in (reader.fieldnames or [])]
                if missing:
                    raise LitevidenceError(f"written by an older litevidence: no column {', '.join(missing)}", file,
                                           todo="run `litevidence run` to bring the evidence up to date")
                tables[schema.name] = list(reader)
    return tables


def typed_row(record: dict[str, str], schema: Schema) -> dict[str, Any]:
    """A stored row as ``read_table`` types it, as a dict: a missing cell is None, numbers parsed, text unguarded."""
    return {c.name: _cell(record[c.name], c.type) for c in schema.columns}


def rows_table(rows: list[dict[str, Any]], schema: Schema) -> pd.DataFrame:
    """Typed rows (``typed_row``) as the table ``read_table`` would give for them."""
    import pandas as pd

    dtypes = {c.name: _PANDAS[c.type] for c in schema.columns}
    return schema.conform(pd.DataFrame(rows, columns=list(dtypes)).astype(dtypes))


def find_rows(evidence_dir: Path, schema: Schema, column: str, value: str) -> list[dict[str, Any]]:
    """The rows of one evidence table whose ``column`` is ``value``, as dicts typed by the schema (``typed_row``)."""
    records = read_records(evidence_dir, (schema.name,))[schema.name]
    return [typed_row(r, schema) for r in records if csv_unescape_cell(r[column]) == value]


def _cell(text: str, kind: str) -> Any:
    """One CSV cell as ``read_table`` types it: '' is missing, numbers parsed, text unescaped."""
    if text == "":
        return None
    if kind == "number":
        return float(text)
    if kind == "integer":
        return int(text)
    return csv_unescape_cell(text)
