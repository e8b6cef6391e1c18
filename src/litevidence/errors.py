"""The one error type for expected failures: what went wrong, in which file and where, and what to do.

Code raises ``LitevidenceError`` on purpose for a failure a researcher can act on (a missing or
unreadable input, an unknown name); the command line catches only it and prints one line. Any
other exception is a bug and keeps its traceback.
"""
from __future__ import annotations

from pathlib import Path


class LitevidenceError(Exception):
    """An expected failure, told as ``file:place: what; what to do``."""

    def __init__(self, what: str, file: Path | str | None = None, place: int | str | None = None,
                 todo: str | None = None) -> None:
        self.what, self.file, self.place, self.todo = what, None if file is None else str(file), place, todo
        super().__init__(str(self))

    def __str__(self) -> str:
        """``file:12: what; todo`` for a line, ``file: cell 3: what; todo`` for another place."""
        where = [str(p) for p in (self.file, self.place) if p not in (None, "")]
        joined = ":".join(where) if isinstance(self.place, int) else ": ".join(where)
        return (f"{joined}: " if joined else "") + self.what + (f"; {self.todo}" if self.todo else "")
