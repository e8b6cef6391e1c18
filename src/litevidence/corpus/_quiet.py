"""Keep libraries' log lines and warnings off the terminal, so that they reach the researcher as problems."""
from __future__ import annotations

import logging
import warnings
from contextlib import contextmanager
from typing import Iterator


class _Collect(logging.Handler):
    """Keeps the message of every record it is handed."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def captured(logger_name: str) -> Iterator[list[str]]:
    """Messages that ``logger_name`` logs (warning and above) and warnings raised in the block, in a list.

    Nothing is printed; the list is complete when the block ends.
    """
    logger = logging.getLogger(logger_name)
    messages: list[str] = []
    handler, propagate = _Collect(messages), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield messages
        messages.extend(str(w.message) for w in caught)
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
