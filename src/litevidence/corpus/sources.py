"""New papers from files a researcher has: BibTeX, RIS, CSL-JSON and PDF → candidate entries.

A candidate is a dict of BibTeX fields (``ENTRYTYPE`` plus lower-case field names, values as
plain text) and, for a PDF, the extracted ``_fulltext``.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser

from ..registry import Registry
from .problems import Problem

SOURCES: Registry = Registry("paper source")


class SourceError(ValueError):
    """A source that cannot be read; the message names the file and what to do."""


@SOURCES.register(".bib")
def read_bib(path: Path) -> list[dict]:
    library = bibtexparser.parse_string(Path(path).read_text(encoding="utf-8"))
    if library.failed_blocks and not library.entries:
        block = library.failed_blocks[0]
        raise SourceError(f"{path}:{block.start_line + 1}: no entry could be parsed; check braces and commas")
    out = []
    for entry in library.entries:
        fields = {f.key.lower(): str(f.value).strip() for f in entry.fields}
        out.append({"ENTRYTYPE": entry.entry_type.lower(), "_key": entry.key, "_latex": True, **fields})
    return out


_RIS_TYPES = {"JOUR": "article", "CONF": "inproceedings", "CPAPER": "inproceedings", "RPRT": "techreport",
              "BOOK": "book", "CHAP": "incollection", "THES": "phdthesis"}
_RIS_FIELDS = {"TI": "title", "T1": "title", "PY": "year", "Y1": "year", "DA": "year", "JO": "journal", "JF": "journal",
               "T2": "journal", "BT": "booktitle", "DO": "doi", "UR": "url", "AB": "abstract", "N2": "abstract",
               "PB": "publisher", "VL": "volume", "SP": "pages"}


@SOURCES.register(".ris")
def read_ris(path: Path) -> list[dict]:
    out, current = [], None
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        m = re.match(r"^([A-Z][A-Z0-9])  - ?(.*)$", line)
        if not m:
            if line.strip():
                raise SourceError(f"{path}:{n}: not a RIS line ('TAG  - value'): {line[:40]!r}")
            continue
        tag, value = m.group(1), m.group(2).strip()
        if tag == "TY":
            current = {"ENTRYTYPE": _RIS_TYPES.get(value, "misc"), "_authors": [], "_keywords": []}
        elif current is None:
            raise SourceError(f"{path}:{n}: a record must start with 'TY  - '")
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
        raise SourceError(f"{path}: the last record has no 'ER  - ' line")
    return out


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
def read_csl_json(path: Path) -> list[dict]:
    try:
        items = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise SourceError(f"{path}:{e.lineno}: not valid JSON ({e.msg})") from None
    items = items if isinstance(items, list) else [items]
    return [csl_to_fields(item, f"{path} item {i}") for i, item in enumerate(items, 1)]


def csl_to_fields(item: dict, where: str) -> dict:
    """A CSL-JSON item (also Crossref's 'message') as BibTeX fields."""
    if not isinstance(item, dict):
        raise SourceError(f"{where}: expected a CSL-JSON object")
    title = item.get("title")
    title = title[0] if isinstance(title, list) and title else title
    container = item.get("container-title")
    container = container[0] if isinstance(container, list) and container else container
    entry_type = _CSL_TYPES.get(item.get("type", ""), "misc")
    fields = {"ENTRYTYPE": entry_type, "title": title or ""}
    authors = [f"{a.get('family', '')}, {a.get('given', '')}".strip(", ") if "family" in a else a.get("literal", "")
               for a in item.get("author", []) if isinstance(a, dict)]
    if authors:
        fields["author"] = " and ".join(authors)
    for key in ("issued", "published-print", "published-online", "published"):
        parts = (item.get(key) or {}).get("date-parts")
        if parts and parts[0] and parts[0][0]:
            fields["year"] = str(parts[0][0])
            break
    if container:
        fields["booktitle" if entry_type == "inproceedings" else "journal" if entry_type == "article" else "howpublished"] = container
    for src, dst in (("DOI", "doi"), ("URL", "url"), ("abstract", "abstract"), ("publisher", "publisher")):
        if item.get(src):
            fields[dst] = re.sub(r"<[^>]+>", "", str(item[src])).strip()
    return fields


@SOURCES.register(".pdf")
def read_pdf(path: Path) -> list[dict]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        text = "\n".join((page.extract_text() or "") for page in reader.pages)
        info = reader.metadata or {}
    except (PdfReadError, OSError, ValueError) as e:
        raise SourceError(f"{path}: not a readable PDF ({e})") from None
    if not text.strip():
        raise SourceError(f"{path}: the PDF has no extractable text (a scan?); add its metadata as a .bib entry "
                          "and put any notes in corpus/texts/<key>.txt")
    fields = {"ENTRYTYPE": "misc", "_fulltext": text}
    if info.get("/Title"):
        fields["title"] = str(info["/Title"]).strip()
    if info.get("/Author"):
        fields["author"] = " and ".join(a.strip() for a in re.split(r";|,\s(?=\S+\s\S)| and ", str(info["/Author"])) if a.strip())
    date = str(info.get("/CreationDate") or "")
    m = re.search(r"(19|20)\d\d", date)
    if m:
        fields["year"] = m.group(0)
    return [fields]


def read_source(path: Path) -> tuple[list[dict], list[Problem]]:
    """Candidates from one file, chosen by suffix; an unreadable file is one problem, not an exception."""
    path = Path(path)
    try:
        return SOURCES.get(path.suffix.lower())(path), []
    except KeyError:
        return [], [Problem(str(path), None, None, "error",
                            f"unknown file type {path.suffix!r}; use one of {', '.join(SOURCES.names())}, a DOI or an arXiv id")]
    except (SourceError, UnicodeDecodeError, OSError) as e:
        return [], [Problem(str(path), None, None, "error", str(e))]
