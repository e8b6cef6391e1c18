"""Progress of long work as researchers expect it: one tqdm bar with count, rate and ETA on standard error."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator

PROGRESS_MIN = 300
"""Fewer items than this finish too soon for a bar to help; the stage's summary line is enough."""


class _NoBar:
    """Stands in for a bar when there is none to show."""

    def update(self, n: int = 1) -> None:
        """Nothing to show."""


@contextmanager
def progress_bar(total: int, unit: str, desc: str) -> Iterator["_NoBar"]:
    """A tqdm bar over ``total`` items (e.g. "papers") from ``PROGRESS_MIN`` items, else a stand-in.

    The bar is drawn only on a terminal (tqdm's ``disable=None``): logs and CI output stay clean.
    """
    if total < PROGRESS_MIN:
        yield _NoBar()
        return
    from tqdm import tqdm

    with tqdm(total=total, unit=unit, desc=desc, file=sys.stderr, disable=None, dynamic_ncols=True,
              mininterval=0.5, smoothing=0.1) as bar:
        yield bar
