"""HTML for the notebook pages: a filterable table (inline JavaScript, no network) and sandboxed figure frames."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..escape import html_text

FILTERS = ("metric", "phase", "topic", "year", "paper_key", "review")
MAX_ROWS = 5000
"""Most rows the page holds (about 3 MB); a larger table is sampled and the page says so."""


def filterable_table(rows: pd.DataFrame, columns: list[str], limit: int = MAX_ROWS) -> str:
    """The rows as an HTML table with one drop-down per filter column; counts update as you filter.

    Above ``limit`` rows, a sample of ``limit`` (``charts.sample_rows``) is shown with a note that
    points to the full table.
    """
    note = ""
    if len(rows) > limit:
        note = (f'<p class="lv-note">Showing a sample of {limit:,} of {len(rows):,} rows, so that the page stays small; '
                "the filters apply to the sample. The full table is evidence/claims.csv, and "
                "<code>litevidence export --format csv --metric ... --paper ...</code> writes a filtered copy.</p>")
        from .charts import sample_rows  # altair with it: not imported for the index's review section

        rows = sample_rows(rows, limit)
    data = rows[columns].astype(object).where(rows[columns].notna(), "").astype(str)
    options = {f: sorted(set(data[f])) for f in FILTERS if f in data}
    selects = "".join(
        f'<label style="margin-right:1em">{html_text(f)} <select data-col="{columns.index(f)}"><option value="">all</option>'
        + "".join(f'<option value="{html_text(v)}">{html_text(v)}</option>' for v in values if v) + "</select></label>"
        for f, values in options.items())
    head = "".join(f"<th>{html_text(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html_text(v)}</td>" for v in row) + "</tr>" for row in data.itertuples(index=False))
    script = """
<script>
(function(){
  var root = document.currentScript.previousElementSibling;
  var selects = root.querySelectorAll('select'), rows = root.querySelectorAll('tbody tr'), count = root.querySelector('.lv-count');
  function apply(){
    var shown = 0;
    rows.forEach(function(tr){
      var ok = true;
      selects.forEach(function(s){ if (s.value && tr.children[+s.dataset.col].textContent !== s.value) ok = false; });
      tr.style.display = ok ? '' : 'none'; if (ok) shown++;
    });
    count.textContent = shown + ' of ' + rows.length + ' rows';
  }
  selects.forEach(function(s){ s.addEventListener('change', apply); });
  apply();
})();
</script>"""
    return (f'{note}<div class="lv-table"><div>{selects}<span class="lv-count"></span></div>'
            f'<div style="max-height:40em;overflow:auto"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></div>'
            + script)


FRAME_SANDBOX = "allow-scripts"
"""What a figure frame may do: run its own chart script. Without allow-same-origin the figure runs in an
opaque origin, so even a script that got into it could not read the page, its storage or other files."""


def figure_frame(src: str, width: int = 900, height: int = 560) -> "IPython.display.IFrame":
    """An iframe showing the interactive figure at ``src`` (e.g. ``figures/topic_map.html``), sandboxed."""
    from IPython.display import IFrame

    return IFrame(src, width, height, extras=[f'sandbox="{FRAME_SANDBOX}"'])


def review_progress_html(progress: pd.DataFrame) -> str:
    """Review progress (``analysis.review_progress``) as an HTML table: reviewed / total and a bar per metric."""
    rows = []
    for r in progress.itertuples(index=False):
        share = r.reviewed / r.total if r.total else 0.0
        bar = (f'<span style="display:inline-block;width:8em;height:.8em;background:#eee">'
               f'<span style="display:block;height:100%;width:{100 * share:.1f}%;background:#4a7ab5"></span></span>')
        style = ' style="font-weight:bold"' if r.metric == "all" else ""
        rows.append(f"<tr{style}><td>{html_text(r.metric)}</td><td>{r.reviewed:,} / {r.total:,}</td><td>{bar} {share:.0%}</td>"
                    f"<td>{r.accepted:,}</td><td>{r.corrected:,}</td><td>{r.rejected:,}</td></tr>")
    return ('<table class="lv-progress"><thead><tr><th>metric</th><th>reviewed / total</th><th></th><th>accepted</th>'
            f'<th>corrected</th><th>rejected</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def index_review_section(reports_dir: Path) -> str:
    """The index's review progress section, from the project's evidence/claims.csv ('' before the first run)."""
    from ..evidence.load import read_table
    from ..paths import ProjectPaths
    from ..schema import CLAIMS
    from .analysis import review_progress

    claims_file = ProjectPaths(Path(reports_dir).parent).evidence / "claims.csv"
    if not claims_file.exists():
        return ""
    claims = read_table(claims_file, CLAIMS, fill_missing=True)
    return ("<h2>Review progress</h2>\n<p>Evidence rows a reviewer has checked (<code>litevidence review</code>, "
            "the review notebook), by metric; rejected rows leave the figures and tables.</p>\n"
            + review_progress_html(review_progress(claims)) + "\n")


def plain_table(rows: pd.DataFrame) -> str:
    """The rows as a plain HTML table, every cell escaped (for short lists: the rejected rows, stale decisions)."""
    data = rows.astype(object).where(rows.notna(), "")
    head = "".join(f"<th>{html_text(c)}</th>" for c in data.columns)
    body = "".join("<tr>" + "".join(f"<td>{html_text(v)}</td>" for v in row) + "</tr>" for row in data.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
