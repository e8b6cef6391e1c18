"""Problems found in a researcher's inputs, reported with file, line and entry."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in an input file; ``severity`` is 'error' (entry skipped or check failed) or 'warning'."""

    file: str
    line: int | None
    key: str | None
    severity: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        entry = f" [{self.key}]" if self.key else ""
        return f"{where}{entry}: {self.severity}: {self.message}"
