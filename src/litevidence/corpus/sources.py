"""New papers from files a researcher has: BibTeX, RIS, CSL-JSON and PDF → candidate entries.

A candidate is a dict of BibTeX fields (``ENTRYTYPE`` plus lower-case field names, values as
plain text), where it came from (``_key``: its key or item id, ``_line``: its line) and, for a PDF,
the extracted ``_fulltext``. Each reader returns the candidates and a problem for every entry it
skipped; a file that cannot be read at all raises ``SourceError``.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import LitevidenceError
from ..registry import Registry
from ._quiet import captured
from .bibtex import parse_library
from .problems import Problem

SOURCES: Registry = Registry("paper source")


class SourceError(LitevidenceError):
    """A source that cannot be read; the message names the file and what to do."""


@SOURCES.register(".bib")
def read_bib(path: Path) -> tuple[list[dict], list[Problem]]:
    """Entries of a BibTeX file; an unparsable entry or a second entry with a key already seen is a problem."""
    library, problems = parse_library(Path(path).read_text(encoding="utf-8"), str(path))
    out = []
    for entry in library.entries:
        fields = {f.key.lower(): str(f.value).strip() for f in entry.fields}
        out.append({"ENTRYTYPE": entry.entry_type.lower(), "_key": entry.key, "_line": entry.start_line + 1,
                    "_latex": True, **fields})
    if not out and not problems:
        raise SourceError("no BibTeX entry found", path, todo="entries start with @type{key, ...}")
    return out, problems


_RIS_TYPES = {"JOUR": "article", "CONF": "inproceedings", "CPAPER": "inproceedings", "RPRT": "techreport",
              "BOOK": "book", "CHAP": "incollection", "THES": "phdthesis"}
_RIS_FIELDS = {"TI": "title", "T1": "title", "PY": "year", "Y1": "year", "DA": "year", "JO": "journal", "JF": "journal",
               "T2": "journal", "BT": "booktitle", "DO": "doi", "UR": "url", "AB": "abstract", "N2": "abstract",
               "PB": "publisher", "VL": "volume", "SP": "pages"}


@SOURCES.register(".ris")
def read_ris(path: Path) -> tuple[list[dict], list[Problem]]:
    """Records of a RIS file; a line that is not RIS stops the reading (the file is damaged)."""
    out, current = [], None
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        m = re.match(r"^([A-Z][A-Z0-9])  - ?(.*)$", line)
        if not m:
            if line.strip():
                raise SourceError(f"not a RIS line ('TAG  - value'): {line[:40]!r}", path, n)
            continue
        tag, value = m.group(1), m.group(2).strip()
        if tag == "TY":
            current = {"ENTRYTYPE": _RIS_TYPES.get(value, "misc"), "_line": n, "_authors": [], "_keywords": []}
        elif current is None:
            raise SourceError("a record must start with 'TY  - '", path, n)
        elif tag == "ID":
            current["_key"] = value
        elif tag == "ER":
            out.append(_finish_ris(current))
            current = None
        elif tag in ("AU", "A1"):
            current["_authors"].append(value)
        elif tag == "KW":
            current["_keywords"].append(value)
        elif tag in _RIS_FIELDS and _RIS_FIELDS[tag] not in current:
            current[_RIS_FIELDS[tag]] = value[:4] if _RIS_FIELDS[tag] == "year" else value
    if current is not None:
        raise SourceError("the last record has no 'ER  - ' line", path, current["_line"])
    return out, []


def _finish_ris(record: dict) -> dict:
    authors, keywords = record.pop("_authors"), record.pop("_keywords")
    if authors:
        record["author"] = " and ".join(authors)
    if keywords:
        record["keywords"] = ", ".join(keywords)
    if record["ENTRYTYPE"] == "inproceedings" and "journal" in record:
        record.setdefault("booktitle", record.pop("journal"))
    return record


_CSL_TYPES = {"article-journal": "article", "paper-conference": "inproceedings", "report": "techreport",
              "book": "book", "chapter": "incollection", "thesis": "phdthesis"}


@SOURCES.register(".json")
def read_csl_json(path: Path) -> tuple[list[dict], list[Problem]]:
    """Items of a CSL-JSON file (a list, or one item); a malformed item is a problem naming it, the others go on."""
    try:
        items = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise SourceError(f"not valid JSON ({e.msg})", path, e.lineno) from None
    items = items if isinstance(items, list) else [items]
    out, problems = [], []
    for i, item in enumerate(items, 1):
        name = f"item {i}" + (f" (id {item['id']!r})" if isinstance(item, dict) and item.get("id") else "")
        try:
            fields = csl_to_fields(item, f"{path} {name}")
        except SourceError as e:
            problems.append(Problem(str(path), None, None, "error", f"{name}: {e.what} — skipped"))
            continue
        out.append({**fields, "_key": name})
    return out, problems


def csl_to_fields(item: object, where: str) -> dict:
    """A CSL-JSON item (also Crossref's 'message') as BibTeX fields; a field of the wrong shape is a SourceError."""
    if not isinstance(item, dict):
        raise SourceError(f"expected a CSL-JSON object, found {type(item).__name__}", where)
    title = _csl_text(item, "title", where)
    container = _csl_text(item, "container-title", where)
    entry_type = _CSL_TYPES.get(str(item.get("type", "")), "misc")
    fields = {"ENTRYTYPE": entry_type, "title": title}
    people = item.get("author", [])
    if not isinstance(people, list) or not all(isinstance(a, dict) for a in people):
        raise SourceError("'author' must be a list of objects with 'family' and 'given' (or 'literal')", where)
    authors = [f"{a.get('family', '')}, {a.get('given', '')}".strip(", ") if "family" in a else str(a.get("literal", ""))
               for a in people]
    if any(authors):
        fields["author"] = " and ".join(a for a in authors if a)
    for key in ("issued", "published-print", "published-online", "published"):
        year = _csl_year(item.get(key), key, where)
        if year:
            fields["year"] = year
            break
    if container:
        fields["booktitle" if entry_type == "inproceedings" else "journal" if entry_type == "article" else "howpublished"] = container
    for src, dst in (("DOI", "doi"), ("URL", "url"), ("abstract", "abstract"), ("publisher", "publisher")):
        if item.get(src):
            fields[dst] = re.sub(r"<[^>]+>", "", str(item[src])).strip()
    return fields


def _csl_text(item: dict, key: str, where: str) -> str:
    """A CSL text field, which Crossref gives as a list of strings."""
    value = item.get(key)
    if isinstance(value, list):
        value = value[0] if value else ""
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)):
        raise SourceError(f"'{key}' must be text, found {type(value).__name__}", where)
    return str(value)


def _csl_year(date: object, key: str, where: str) -> str:
    """The year of a CSL date ({"date-parts": [[2024, 5]]}), or "" when there is none."""
    if date in (None, "", {}):
        return ""
    parts = date.get("date-parts") if isinstance(date, dict) else None
    if not parts:
        if isinstance(date, dict) and date.get("raw"):
            m = re.search(r"\b(1[5-9]|20)\d\d\b", str(date["raw"]))
            return m.group(0) if m else ""
        raise SourceError(f"'{key}' must be a CSL date such as {{\"date-parts\": [[2024, 5]]}}", where)
    first = parts[0] if isinstance(parts, list) else None
    year = first[0] if isinstance(first, list) and first else None
    if year in (None, ""):
        return ""
    if not str(year).strip().isdigit():
        raise SourceError(f"'{key}' has year {year!r}, expected a number", where)
    return str(year).strip()


@SOURCES.register(".pdf")
def read_pdf(path: Path) -> tuple[list[dict], list[Problem]]:
    """The text and metadata of a PDF; pypdf's warnings about the file become warnings in the problems."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    with captured("pypdf") as messages:
        try:
            reader = PdfReader(str(path))
            text = "\n".join((page.extract_text() or "") for page in reader.pages)
            info = reader.metadata or {}
        except DependencyError as e:
            raise SourceError(f"the PDF is encrypted and pypdf needs another package to open it ({e})", path,
                              todo="install the project again (pip install -e .), which brings cryptography") from None
        except FileNotDecryptedError:
            raise SourceError("the PDF is encrypted with a password", path,
                              todo="save an unprotected copy (e.g. print it to PDF) and add that") from None
        except (PdfReadError, OSError, ValueError) as e:
            raise SourceError(f"not a readable PDF ({e})", path) from None
    problems = [Problem(str(path), None, None, "warning", f"pypdf: {m}") for m in dict.fromkeys(messages)]
    if not text.strip():
        raise SourceError("the PDF has no extractable text (a scan?)", path,
                          todo="add its metadata as a .bib entry and put any notes in corpus/texts/<key>.txt")
    fields = {"ENTRYTYPE": "misc", "_fulltext": text}
    if info.get("/Title"):
        fields["title"] = str(info["/Title"]).strip()
    if info.get("/Author"):
        fields["author"] = " and ".join(a.strip() for a in re.split(r";|,\s(?=\S+\s\S)| and ", str(info["/Author"])) if a.strip())
    date = str(info.get("/CreationDate") or "")
    m = re.search(r"(19|20)\d\d", date)
    if m:
        fields["year"] = m.group(0)
    return [fields], problems


def read_source(path: Path) -> tuple[list[dict], list[Problem]]:
    """Candidates from one file, chosen by suffix, and its problems; an unreadable file is one problem, not an exception."""
    path = Path(path)
    if path.suffix.lower() not in SOURCES.names():
        return [], [Problem(str(path), None, None, "error",
                            f"unknown file type {path.suffix!r}; use one of {', '.join(SOURCES.names())}, a DOI or an arXiv id")]
    try:
        return SOURCES.get(path.suffix.lower())(path)
    except SourceError as e:
        return [], [Problem(e.file or str(path), e.place if isinstance(e.place, int) else None, None, "error",
                            e.what + (f"; {e.todo}" if e.todo else ""))]
    except UnicodeDecodeError as e:
        return [], [Problem(str(path), None, None, "error", f"not UTF-8 text ({e.reason} at byte {e.start}); save it as UTF-8")]
    except OSError as e:
        return [], [Problem(str(path), None, None, "error", f"cannot be read ({e.strerror or e})")]
