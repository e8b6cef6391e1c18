"""Write a table for a paper: CSV, Markdown and LaTeX side by side under reports/tables/."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .._io import atomic_write_text, markdown_table, write_csv
from ..escape import latex_table


def save_table(df: pd.DataFrame, tables_dir: Path, name: str) -> dict[str, Path]:
    """``name.csv``, ``name.md`` and ``name.tex`` under ``tables_dir``, each with its text escaped for its format."""
    tables_dir = Path(tables_dir)
    paths = {"csv": tables_dir / f"{name}.csv", "md": tables_dir / f"{name}.md", "tex": tables_dir / f"{name}.tex"}
    write_csv(df, paths["csv"])
    atomic_write_text(paths["md"], markdown_table(df))
    atomic_write_text(paths["tex"], latex_table(df))
    return paths
