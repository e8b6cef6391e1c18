"""Long work shows one tqdm bar (count, rate, ETA) on a terminal, and nothing for short work or in logs."""
import io
import sys

import pytest

from litevidence._progress import PROGRESS_MIN, progress_bar
from litevidence.parallel import local_map
from litevidence.pipeline import _map_papers


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("tty", [True, False])
def test_a_bar_with_rate_and_eta_only_on_a_terminal_and_only_for_long_work(monkeypatch, tty):
    err = Terminal() if tty else io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    with progress_bar(PROGRESS_MIN - 1, "papers", "[embed]") as bar:
        bar.update(PROGRESS_MIN - 1)
    assert err.getvalue() == ""
    with progress_bar(PROGRESS_MIN, "papers", "[embed]") as bar:
        bar.update(PROGRESS_MIN)
    shown = err.getvalue()
    if tty:
        assert f"[embed]: 100%" in shown and f"{PROGRESS_MIN}/{PROGRESS_MIN}" in shown and "papers/s]" in shown
        assert "<00:00" in shown  # elapsed<remaining
    else:
        assert shown == ""


def test_papers_mapped_in_groups_come_back_in_order_one_result_each():
    calls = []

    def func(chunk):
        calls.append(len(chunk))
        return [p["n"] * 2 for p in chunk]

    records = [{"n": i} for i in range(PROGRESS_MIN * 3 + 7)]
    assert _map_papers(local_map, 1, func, records, "[claims]") == [i * 2 for i in range(len(records))]
    assert len(calls) > 1 and max(calls) <= -(-len(records) // 50)
    calls.clear()
    assert _map_papers(local_map, 1, func, records[:10], "[claims]") == [i * 2 for i in range(10)]
    assert calls == [10]
