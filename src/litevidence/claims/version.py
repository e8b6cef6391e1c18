"""The extractor's fingerprint: which rules made an evidence row, and when cached claims expire."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .._io import sha256_text
from ..vocabulary import data_files

RULES_VERSION = "0.2.0"
"""Bumped by hand when the extraction rules change in meaning; the fingerprint tracks every edit anyway."""


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """The rules version plus a hash of the extractor's code, the full-text readers and the vocabulary it reads.

    Evidence rows carry it as ``extractor_version``, so a reader can tell which rows an older
    extractor made, and cached claims expire whenever either changes.
    """
    here = Path(__file__).parent
    sources = [*sorted(here.glob("*.py")), *sorted((here.parent / "fulltext").glob("*.py")), *data_files()]
    return f"{RULES_VERSION}+{sha256_text(*(p.read_text(encoding='utf-8') for p in sources))[:12]}"


EXTRACTOR_VERSION = extractor_fingerprint()
"""The fingerprint of this extractor (see ``extractor_fingerprint``)."""
