"""Execute the parameterised notebooks with papermill and publish them as HTML pages under reports/."""
from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .._io import atomic_write_text
from .._progress import PROGRESS_MIN, progress_bar
from ..errors import LitevidenceError
from ..escape import html_text
from ..paths import ProjectPaths
from .builds import fingerprint, last_build, notebook_inputs, record_build

if TYPE_CHECKING:
    from traitlets.config import Config


class NotebookFailed(LitevidenceError):
    """A notebook raised: names the notebook and the cell; the previous report stays in place."""

    def __init__(self, notebook: Path, cell: int | None, error: str) -> None:
        super().__init__(error, notebook, f"cell {cell}" if cell is not None else "before any cell ran")
        self.notebook, self.cell, self.error = notebook, cell, error

    def __reduce__(self):
        """Pickled by its own arguments, so that a failure in a worker process arrives whole."""
        return type(self), (self.notebook, self.cell, self.error)


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


KERNEL_QUIET = "--IPKernelApp.log_level=CRITICAL"
"""The kernel's own log (such as a notice of an interrupt at shutdown) stays off the terminal; a failing
cell is reported by papermill all the same."""


def _kernel_config(sockets: Path) -> "Config":
    """Kernel settings: on POSIX, talk over Unix sockets in ``sockets`` (a folder of this run's own).

    Kernels started at once by parallel workers would otherwise each pick free TCP ports and could
    pick the same ones; sockets in a private folder cannot collide, and no port is opened.
    """
    from traitlets.config import Config

    if os.name != "posix":
        return Config()
    return Config({"KernelManager": {"transport": "ipc", "ip": str(sockets / "kernel")}})


def run_notebook(notebook: Path, reports_dir: Path, parameters: dict, cwd: Path,
                 kernel_name: str = "python3") -> Page:
    """Execute one notebook into ``reports_dir`` (``NAME.ipynb`` and ``NAME.html``), atomically.

    The executed copy is written to a temporary folder first; only a notebook that ran to
    the end replaces the previous report, and its build is recorded (``builds``: when, from
    which inputs). A failure raises ``NotebookFailed``.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    notebook, reports_dir = Path(notebook), Path(reports_dir)
    reports_dir.mkdir(parents=True, exist_ok=True)
    inputs = notebook_inputs(parameters)
    build = fingerprint(notebook, parameters, inputs)
    with tempfile.TemporaryDirectory(dir=reports_dir, prefix=".run-") as tmp, \
            tempfile.TemporaryDirectory(prefix="lv-kernel-") as sockets:
        executed = Path(tmp) / notebook.name
        try:
            pm.execute_notebook(str(notebook), str(executed), parameters=parameters, kernel_name=kernel_name,
                                cwd=str(cwd), progress_bar=False, log_output=False,
                                extra_arguments=[KERNEL_QUIET], config=_kernel_config(Path(sockets)))
        except PapermillExecutionError as e:
            raise NotebookFailed(notebook, e.cell_index, f"{e.ename}: {e.evalue}") from None
        except Exception as e:
            raise NotebookFailed(notebook, None, f"{type(e).__name__}: {e}") from None
        title, page = _to_html(executed)
        html_tmp = Path(tmp) / f"{notebook.stem}.html"
        html_tmp.write_text(page, encoding="utf-8")
        shutil.move(str(executed), reports_dir / notebook.name)
        shutil.move(str(html_tmp), reports_dir / f"{notebook.stem}.html")
    record_build(reports_dir, notebook.stem, build, inputs)
    return Page(notebook.stem, title, reports_dir / f"{notebook.stem}.html")


def run_all(project: Path, notebooks: list[Path], progress: Callable[[str], None] = print,
            overrides: dict | None = None) -> tuple[list[Page], list[NotebookFailed]]:
    """Run every notebook whose inputs changed since its last build, in parallel (one kernel per core).

    A notebook whose build fingerprint (``builds.fingerprint``) matches its last build and whose
    page exists is not run again. A failing one is reported, its previous page (if any) is kept,
    the others still run. Pages come back in the order of ``notebooks``.
    """
    paths = ProjectPaths(project)
    params = {**notebook_parameters(project), **(overrides or {})}
    inputs = notebook_inputs(params)
    pages: dict[str, Page] = {}
    todo = []
    for nb in notebooks:
        built, page = last_build(paths.reports, nb.stem), paths.reports / f"{nb.stem}.html"
        if built is not None and page.exists() and built.fingerprint == fingerprint(nb, params, inputs):
            pages[nb.stem] = Page(nb.stem, notebook_title(nb), page)
        else:
            todo.append(nb)
    if pages:
        progress(f"[reports] {len(pages)} of {len(notebooks)} pages up to date (their inputs did not change)")
    failures = []
    with progress_bar(len(todo), "notebooks", "[reports]") as bar:
        for i, (nb, outcome) in enumerate(_execute(todo, paths, params), 1):
            bar.update()
            if isinstance(outcome, Page):
                if len(todo) < PROGRESS_MIN:
                    progress(f"[reports] {i}/{len(todo)} {nb.name}")
                pages[nb.stem] = outcome
                continue
            progress(f"[reports] FAILED {outcome}")
            failures.append(outcome)
            previous = paths.reports / f"{nb.stem}.html"
            if previous.exists():
                pages[nb.stem] = Page(nb.stem, f"{nb.stem} (previous report: the last run failed)", previous)
    return [pages[nb.stem] for nb in notebooks if nb.stem in pages], failures


def _execute(notebooks: list[Path], paths: ProjectPaths, params: dict):
    """(notebook, Page or NotebookFailed) as each finishes; with several notebooks and cores, one process per core.

    Workers are spawned (no thread state forked) and die with this process (``parallel.die_with_parent``).
    """
    from ..parallel import die_with_parent

    workers = min(len(notebooks), os.cpu_count() or 1)
    if workers < 2:
        for nb in notebooks:
            yield nb, _run_one(nb, paths.reports, params, paths.root)
        return
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        futures = {pool.submit(_run_one, nb, paths.reports, params, paths.root): nb for nb in notebooks}
        for future in as_completed(futures):
            yield futures[future], future.result()


def _run_one(notebook: Path, reports_dir: Path, params: dict, cwd: Path) -> "Page | NotebookFailed":
    """``run_notebook``, with a failure returned rather than raised (a worker's result crosses processes whole)."""
    try:
        return run_notebook(notebook, reports_dir, params, cwd=cwd)
    except NotebookFailed as e:
        return e


def notebook_title(notebook: Path) -> str:
    """The first Markdown heading of a notebook, else its file name.

    Read as plain JSON (nbformat 4: a cell's source is a string or a list of lines): importing
    nbformat costs seconds (its schema validator compiles grammars), and a page that is up to date
    needs only its title.
    """
    cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    sources = ("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "markdown")
    return next((line.lstrip("# ").strip() for source in sources for line in source.splitlines()
                 if line.startswith("#")), Path(notebook).stem)


def published_pages(project: Path) -> list[Page]:
    """The pages in reports/ of the project's notebooks, in notebook order (for the index)."""
    paths = ProjectPaths(project)
    return [Page(nb.stem, notebook_title(nb), paths.reports / f"{nb.stem}.html")
            for nb in sorted(paths.notebooks.glob("*.ipynb")) if (paths.reports / f"{nb.stem}.html").exists()]


def write_index(reports_dir: Path, pages: list[Page], corpus_hash: str, built: datetime | None = None) -> Path:
    """reports/index.html: a link to every page with when and from which inputs it was last built
    (``builds``), when and from which corpus version the index was written, and the review progress."""
    from .html import index_review_section

    built = built or datetime.now(timezone.utc)
    items = "\n".join(f'<li><a href="{html_text(p.html.name)}">{html_text(p.title)}</a>{_build_note(reports_dir, p.name)}</li>'
                      for p in pages)
    body = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>litevidence reports</title>
<style>body{{font-family:sans-serif;max-width:50em;margin:2em auto}}code{{background:#eee}}</style></head>
<body><h1>litevidence reports</h1>
<p>Built {built.strftime('%Y-%m-%d %H:%M UTC')} from corpus version <code>{html_text(corpus_hash[:16])}</code>.</p>
<ul>
{items}
</ul>
{index_review_section(reports_dir)}<p>Figures (interactive HTML and PNG) are in <a href="figures/">figures/</a>; the evidence tables are in the project's <code>evidence/</code> folder.</p>
</body></html>
"""
    path = Path(reports_dir) / "index.html"
    atomic_write_text(path, body)
    return path


def _build_note(reports_dir: Path, name: str) -> str:
    """When page ``name`` was last built and from which inputs (path and content hash), as HTML."""
    build = last_build(reports_dir, name)
    if build is None:
        return ""
    root = Path(reports_dir).resolve().parent
    files = "".join(f"<li><code>{html_text(_relative(path, root))}</code> {html_text(digest[:12])}</li>"
                    for path, digest in sorted(build.inputs.items()))
    return (f' <small>built {build.built.strftime("%Y-%m-%d %H:%M UTC")}, inputs {html_text(build.fingerprint[:12])}</small>'
            f"<details><summary>inputs</summary><ul>{files}</ul></details>")


def _relative(path: str, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(root))
    except ValueError:
        return path


OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""
"""nbconvert's JupyterLab page without what it fetches from a CDN (require.js, MathJax, Mermaid, the
widget manager): the pages open offline and in air-gapped labs, and load nothing from elsewhere."""


def _to_html(executed: Path) -> tuple[str, str]:
    """Title (first Markdown heading) and a standalone HTML page of the executed notebook, code hidden."""
    import nbformat
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    title = notebook_title(executed)
    exporter = HTMLExporter(template_name="lab", template_file="litevidence-offline.html.j2",
                            extra_loaders=[DictLoader({"litevidence-offline.html.j2": OFFLINE_TEMPLATE})],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True, embed_images=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return title, body
