import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from litevidence.reports import NotebookFailed, run_all, run_notebook, write_index


def _notebook(path, code):
    params = new_code_cell("x = 1")
    params.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[params, new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_failing_notebook_names_the_cell_and_keeps_the_last_good_report(tmp_path):
    reports = tmp_path / "reports"
    nb = _notebook(tmp_path / "demo.ipynb", "print('value', x * 2)")
    page = run_notebook(nb, reports, {"x": 21}, cwd=tmp_path)
    assert "value 42" in page.html.read_text(encoding="utf-8")
    _notebook(tmp_path / "demo.ipynb", "raise ValueError('boom')")
    with pytest.raises(NotebookFailed) as failure:
        run_notebook(nb, reports, {"x": 21}, cwd=tmp_path)
    assert "demo.ipynb" in str(failure.value) and "cell" in str(failure.value) and "boom" in str(failure.value)
    assert "value 42" in (reports / "demo.html").read_text(encoding="utf-8")
    assert not list(reports.glob(".run-*"))


@pytest.mark.slow
def test_index_still_links_the_kept_page_of_a_failed_notebook(tmp_path):
    (tmp_path / "notebooks").mkdir()
    nb = _notebook(tmp_path / "notebooks" / "demo.ipynb", "print('fine')")
    pages, failures = run_all(tmp_path, [nb], progress=lambda m: None, overrides={"x": 1})
    assert failures == [] and [p.name for p in pages] == ["demo"]
    _notebook(nb, "raise ValueError('boom')")
    pages, failures = run_all(tmp_path, [nb], progress=lambda m: None, overrides={"x": 1})
    assert len(failures) == 1 and "previous report" in pages[0].title
    index = write_index(tmp_path / "reports", pages, "0" * 64).read_text(encoding="utf-8")
    assert 'href="demo.html"' in index
