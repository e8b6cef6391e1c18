"""Write a table for a paper: CSV, Markdown and LaTeX side by side under reports/tables/."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .._io import atomic_write_text, write_csv


def save_table(df: pd.DataFrame, tables_dir: Path, name: str) -> dict[str, Path]:
    """``name.csv``, ``name.md`` and ``name.tex`` under ``tables_dir``."""
    tables_dir = Path(tables_dir)
    paths = {"csv": tables_dir / f"{name}.csv", "md": tables_dir / f"{name}.md", "tex": tables_dir / f"{name}.tex"}
    write_csv(df, paths["csv"])
    atomic_write_text(paths["md"], to_markdown(df))
    atomic_write_text(paths["tex"], df.to_latex(index=False, na_rep="", escape=True))
    return paths


def to_markdown(df: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table (pipes in cells escaped)."""
    def cell(v) -> str:
        return "" if pd.isna(v) else str(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(map(str, df.columns)) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines) + "\n"
