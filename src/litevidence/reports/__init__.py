"""Reports: papermill execution of the notebooks, HTML pages, the index, and chart helpers."""
from __future__ import annotations

from .runner import NotebookFailed, Page, notebook_parameters, published_pages, run_all, run_notebook, write_index

__all__ = ["NotebookFailed", "Page", "notebook_parameters", "published_pages", "run_all", "run_notebook", "write_index"]
