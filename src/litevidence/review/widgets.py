"""The review notebook's controls (ipywidgets): one unreviewed row at a time, with accept, reject and correct.

Decisions go through ``decisions.record``, the code `litevidence review` uses, into the same
corpus/reviews.csv; a decision that cannot be made (no reason to reject, a unit that does not
normalise) is shown under the buttons and nothing is written.
"""
from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from ..errors import LitevidenceError
from ..escape import html_text
from ..paths import ProjectPaths
from ..schema import CORRECTABLE
from ..vocabulary import FIELD_VALUES
from .decisions import Decision, current_claims, default_reviewer, describe_value, read_reviews, record
from .queue import CLASSIFIED, pending, split_quote

TEXT_FIELDS = ("value", "value_high", "unit", "per", "subject")
"""Correctable fields typed as text; the others are chosen from the vocabulary's values."""


class ReviewPanel:
    """Pages through the rows awaiting review (least certain first, as ``queue.pending``) and records decisions."""

    def __init__(self, project: Path | str, reviewer: str | None = None) -> None:
        self.paths = ProjectPaths(Path(project))
        self.reviewer = widgets.Text(value=reviewer or default_reviewer(), description="Reviewer")
        self.counts = widgets.HTML()
        self.row = widgets.HTML()
        self.reason = widgets.Text(placeholder="reason (required to reject)", description="Reason",
                                   layout=widgets.Layout(width="40em"))
        self.fields: dict[str, widgets.ValueWidget] = {
            name: widgets.Text(description=name, layout=widgets.Layout(width="20em")) if name in TEXT_FIELDS
            else widgets.Dropdown(description=name, options=["", *FIELD_VALUES[name]], layout=widgets.Layout(width="20em"))
            for name in CORRECTABLE}
        self.buttons = {name: widgets.Button(description=name.capitalize(), button_style=style, tooltip=tip)
                        for name, style, tip in (("accept", "success", "the row is right as it is"),
                                                 ("reject", "danger", "the row is wrong: it leaves figures and tables"),
                                                 ("correct", "warning", "write the fields below as corrected"))}
        self.previous = widgets.Button(description="◀ Previous")
        self.next = widgets.Button(description="Next ▶")
        self.status = widgets.HTML()
        for name, button in self.buttons.items():
            button.on_click(lambda _, decision=name: self.decide(decision))
        self.previous.on_click(lambda _: self.go(-1))
        self.next.on_click(lambda _: self.go(1))
        self.widget = widgets.VBox([
            widgets.HBox([self.reviewer, self.counts]), self.row,
            widgets.HBox([self.buttons["accept"], self.buttons["reject"], self.reason]),
            widgets.GridBox(list(self.fields.values()), layout=widgets.Layout(grid_template_columns="repeat(3, 21em)")),
            widgets.HBox([self.buttons["correct"], self.previous, self.next]), self.status])
        """The panel to display in the notebook."""
        self.queue = pd.DataFrame()
        self.at = 0
        self.total = 0
        try:
            self.reload()
        except LitevidenceError as e:
            self.status.value = f"<b>{html_text(e)}</b>"

    def reload(self) -> None:
        """Read the evidence table and reviews.csv again and start at the first row awaiting review."""
        claims = current_claims(self.paths)
        reviews, _ = read_reviews(self.paths.reviews)
        self.queue, self.at, self.total = pending(claims, reviews), 0, len(claims)
        self.show()

    def current(self) -> dict | None:
        """The row on show, or None when none awaits review."""
        return self.queue.iloc[self.at].to_dict() if len(self.queue) else None

    def go(self, step: int) -> None:
        """Show the next (``step`` 1) or previous (-1) row awaiting review."""
        if len(self.queue):
            self.at = (self.at + step) % len(self.queue)
        self.show()

    def show(self) -> None:
        """Draw the current row: its paper, the sentence with the quote marked, the normalised fields; fill the form."""
        row = self.current()
        self.counts.value = (f"&nbsp;{self.total - len(self.queue):,} of {self.total:,} rows reviewed; "
                             f"{len(self.queue):,} to go" + (f" (this is {self.at + 1:,})" if row else ""))
        for control in (*self.buttons.values(), self.previous, self.next):
            control.disabled = row is None
        if row is None:
            self.row.value = "<p>No row awaits review. Run <code>litevidence run</code> to apply the decisions.</p>"
            return
        before, quote, after = split_quote(row["sentence"], row["quote"])
        year = "" if pd.isna(row["year"]) else f" ({row['year']})"
        fields = [("value", describe_value(row))] + [(n, row[n]) for n in CLASSIFIED if not pd.isna(row[n])]
        table = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{html_text(n)}</th><td>{html_text(v)}</td></tr>"
                        for n, v in fields)
        self.row.value = (
            f"<p><code>{html_text(row['evidence_id'])}</code> · <b>{html_text(row['paper_key'])}</b>{html_text(year)} · "
            f"{html_text(row['source'])} · {html_text(row['locator'] or '')}</p>"
            f"<blockquote style='font-size:110%'>{html_text(before)}<mark class='lv-quote'>{html_text(quote)}</mark>"
            f"{html_text(after)}</blockquote><table>{table}</table>")
        self.reason.value = ""
        for name, control in self.fields.items():
            shown = _shown(row.get(name))
            if isinstance(control, widgets.Dropdown) and shown not in control.options:
                control.options = [*control.options, shown]
            control.value = shown

    def decide(self, decision: str) -> None:
        """Record ``decision`` (accept, reject, correct) on the row on show and show the next; a refusal is shown instead."""
        row = self.current()
        if row is None:
            return
        changes = {}
        if decision == "correct":
            changes = {name: control.value for name, control in self.fields.items() if control.value != _shown(row.get(name))}
        try:
            said = record(self.paths.root, [Decision(row["evidence_id"], decision, self.reason.value, changes)],
                          reviewer=self.reviewer.value)
        except LitevidenceError as e:
            self.status.value = f"<span style='color:#b00'>Not recorded: {html_text(e)}</span>"
            return
        self.status.value = f"<span class='lv-recorded'>Recorded in corpus/reviews.csv: {html_text('; '.join(said))}</span>"
        self.queue = self.queue.drop(self.queue.index[self.at]).reset_index(drop=True)
        self.at = min(self.at, max(len(self.queue) - 1, 0))
        self.show()


def _shown(value: object) -> str:
    """A field's value as the form shows it ('' when empty; numbers without a trailing .0)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return f"{value:.15g}" if isinstance(value, float) else str(value)
