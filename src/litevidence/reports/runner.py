"""Execute the parameterised notebooks with papermill and publish them as HTML pages under reports/."""
from __future__ import annotations

import html
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from .._io import atomic_write_text
from ..errors import LitevidenceError
from ..paths import ProjectPaths


class NotebookFailed(LitevidenceError):
    """A notebook raised: names the notebook and the cell; the previous report stays in place."""

    def __init__(self, notebook: Path, cell: int | None, error: str) -> None:
        super().__init__(error, notebook, f"cell {cell}" if cell is not None else "before any cell ran")
        self.notebook, self.cell, self.error = notebook, cell, error


@dataclass(frozen=True)
class Page:
    """One published report: the notebook it came from and its HTML page."""

    name: str
    title: str
    html: Path


def notebook_parameters(project: Path) -> dict[str, str]:
    """The paths every notebook receives: where to read evidence and where to write figures and tables."""
    paths = ProjectPaths(Path(project).resolve())
    return {"evidence_dir": str(paths.evidence), "figures_dir": str(paths.figures), "tables_dir": str(paths.tables)}


def run_notebook(notebook: Path, reports_dir: Path, parameters: dict, cwd: Path,
                 kernel_name: str = "python3") -> Page:
    """Execute one notebook into ``reports_dir`` (``NAME.ipynb`` and ``NAME.html``), atomically.

    The executed copy is written to a temporary folder first; only a notebook that ran to
    the end replaces the previous report. A failure raises ``NotebookFailed``.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    notebook, reports_dir = Path(notebook), Path(reports_dir)
    reports_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=reports_dir, prefix=".run-") as tmp:
        executed = Path(tmp) / notebook.name
        try:
            pm.execute_notebook(str(notebook), str(executed), parameters=parameters, kernel_name=kernel_name,
                                cwd=str(cwd), progress_bar=False, log_output=False)
        except PapermillExecutionError as e:
            raise NotebookFailed(notebook, e.cell_index, f"{e.ename}: {e.evalue}") from None
        except Exception as e:
            raise NotebookFailed(notebook, None, f"{type(e).__name__}: {e}") from None
        title, page = _to_html(executed)
        html_tmp = Path(tmp) / f"{notebook.stem}.html"
        html_tmp.write_text(page, encoding="utf-8")
        shutil.move(str(executed), reports_dir / notebook.name)
        shutil.move(str(html_tmp), reports_dir / f"{notebook.stem}.html")
    return Page(notebook.stem, title, reports_dir / f"{notebook.stem}.html")


def run_all(project: Path, notebooks: list[Path], progress: Callable[[str], None] = print,
            overrides: dict | None = None) -> tuple[list[Page], list[NotebookFailed]]:
    """Run every notebook; a failing one is reported, its previous page (if any) is kept, the others still run."""
    paths = ProjectPaths(project)
    params = {**notebook_parameters(project), **(overrides or {})}
    pages, failures = [], []
    for i, nb in enumerate(notebooks, 1):
        progress(f"[reports] {i}/{len(notebooks)} {nb.name}")
        try:
            pages.append(run_notebook(nb, paths.reports, params, cwd=paths.root))
        except NotebookFailed as e:
            progress(f"[reports] FAILED {e}")
            failures.append(e)
            previous = paths.reports / f"{nb.stem}.html"
            if previous.exists():
                pages.append(Page(nb.stem, f"{nb.stem} (previous report: the last run failed)", previous))
    return pages, failures


def notebook_title(notebook: Path) -> str:
    """The first Markdown heading of a notebook, else its file name."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    return next((line.lstrip("# ").strip() for c in nb.cells if c.cell_type == "markdown"
                 for line in c.source.splitlines() if line.startswith("#")), Path(notebook).stem)


def published_pages(project: Path) -> list[Page]:
    """The pages in reports/ of the project's notebooks, in notebook order (for the index)."""
    paths = ProjectPaths(project)
    return [Page(nb.stem, notebook_title(nb), paths.reports / f"{nb.stem}.html")
            for nb in sorted(paths.notebooks.glob("*.ipynb")) if (paths.reports / f"{nb.stem}.html").exists()]


def write_index(reports_dir: Path, pages: list[Page], corpus_hash: str, built: datetime | None = None) -> Path:
    """reports/index.html: a link to every page, when and from which corpus version it was built."""
    built = built or datetime.now(timezone.utc)
    items = "\n".join(f'<li><a href="{html.escape(p.html.name)}">{html.escape(p.title)}</a></li>' for p in pages)
    body = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>litevidence reports</title>
<style>body{{font-family:sans-serif;max-width:50em;margin:2em auto}}code{{background:#eee}}</style></head>
<body><h1>litevidence reports</h1>
<p>Built {built.strftime('%Y-%m-%d %H:%M UTC')} from corpus version <code>{corpus_hash[:16]}</code>.</p>
<ul>
{items}
</ul>
<p>Figures (interactive HTML and PNG) are in <a href="figures/">figures/</a>; the evidence tables are in the project's <code>evidence/</code> folder.</p>
</body></html>
"""
    path = Path(reports_dir) / "index.html"
    atomic_write_text(path, body)
    return path


def _to_html(executed: Path) -> tuple[str, str]:
    """Title (first Markdown heading) and a standalone HTML page of the executed notebook, code hidden."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    title = notebook_title(executed)
    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return title, body
