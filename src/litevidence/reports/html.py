"""A filterable HTML table (inline JavaScript, no network) for the evidence page."""
from __future__ import annotations

import html

import pandas as pd

FILTERS = ("metric", "phase", "topic", "year", "paper_key")


def filterable_table(rows: pd.DataFrame, columns: list[str]) -> str:
    """The rows as an HTML table with one drop-down per filter column; counts update as you filter."""
    data = rows[columns].astype(object).where(rows[columns].notna(), "").astype(str)
    options = {f: sorted(set(data[f])) for f in FILTERS if f in data}
    selects = "".join(
        f'<label style="margin-right:1em">{f} <select data-col="{columns.index(f)}"><option value="">all</option>'
        + "".join(f'<option>{html.escape(v)}</option>' for v in values if v) + "</select></label>"
        for f, values in options.items())
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>" for row in data.itertuples(index=False))
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
    return (f'<div class="lv-table"><div>{selects}<span class="lv-count"></span></div>'
            f'<div style="max-height:40em;overflow:auto"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></div>'
            + script)
