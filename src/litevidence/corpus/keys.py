"""Citation keys in firstauthorYEARword form, unique in the corpus and safe as file names."""
from __future__ import annotations

import re
import unicodedata

_SKIP_WORDS = {"a", "an", "the", "on", "of", "in", "for", "and", "to", "towards", "toward", "with", "from", "by", "at",
               "is", "are", "how", "what", "why", "when", "do", "does", "can", "we", "its", "via", "into", "beyond"}


def _ascii_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", text)


def make_key(authors: str, year: int | str, title: str, taken: set[str]) -> str:
    """'Strubell, Emma and ...', 2019, 'Energy and Policy ...' → 'strubell2019energy', made unique
    by the next title word (then a letter) when taken."""
    first = authors.split(" and ")[0] if authors else ""
    family = first.split(",")[0] if "," in first else (first.split()[-1] if first.split() else "anon")
    author = "".join(_ascii_words(family)) or "anon"
    if not author[0].isalpha():
        author = "a" + author
    words = [w for w in _ascii_words(title) if w not in _SKIP_WORDS] or ["paper"]
    year = str(year)
    for word in words:
        key = f"{author}{year}{word if word[0].isalpha() else 'n' + word}"
        if key not in taken:
            return key
    base = f"{author}{year}{words[0] if words[0][0].isalpha() else 'n' + words[0]}"
    for suffix in "bcdefghijklmnopqrstuvwxyz":
        if base + suffix not in taken:
            return base + suffix
    raise ValueError(f"no free key for {base!r}")


def is_safe_key(key: str) -> bool:
    """A key that is a plain file name stem: no path separators, dots or spaces."""
    return bool(re.fullmatch(r"[A-Za-z0-9_:-]+", key))
