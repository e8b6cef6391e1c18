"""Metadata of a DOI (Crossref) or an arXiv id (arXiv API), with timeouts, retries and clear offline errors.

The services' base URLs come from LITEVIDENCE_CROSSREF_URL and LITEVIDENCE_ARXIV_URL when set, so
tests replay recorded responses from a local server and never touch the network.
"""
from __future__ import annotations

import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

from .sources import SourceError, csl_to_fields

CROSSREF = "https://api.crossref.org/works/"
ARXIV = "https://export.arxiv.org/api/query"
DOI_FORM = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
ARXIV_FORM = re.compile(r"^(?:arxiv:|https?://arxiv\.org/abs/)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7})$",
                        re.IGNORECASE)
_ATOM = {"a": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}


def fetch(url: str, timeout: float = 10.0, retries: int = 2, backoff: float = 0.5) -> bytes:
    """GET ``url``; retries on timeouts and 5xx; a 404 or no network raises SourceError naming the URL."""
    request = urllib.request.Request(url, headers={"User-Agent": "litevidence (literature review workbench)"})
    for attempt in range(retries + 1):
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.read()
        except urllib.error.HTTPError as e:
            if e.code == 404:
                raise SourceError(f"{url}: not found (404); check the identifier") from None
            if e.code < 500 or attempt == retries:
                raise SourceError(f"{url}: the service answered {e.code} {e.reason}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as e:
            if attempt == retries:
                raise SourceError(f"{url}: cannot reach the service ({getattr(e, 'reason', e)}); are you offline? "
                                  "Add the paper from a .bib, .ris or CSL-JSON file instead") from None
        time.sleep(backoff * (2 ** attempt))
    raise AssertionError("unreachable")


def lookup_doi(doi: str, timeout: float = 10.0) -> dict:
    """BibTeX fields of a DOI from Crossref."""
    base = os.environ.get("LITEVIDENCE_CROSSREF_URL", CROSSREF)
    data = fetch(base + urllib.parse.quote(doi, safe="/"), timeout=timeout)
    try:
        message = json.loads(data)["message"]
    except (ValueError, KeyError, TypeError):
        raise SourceError(f"Crossref answer for {doi} is not the expected JSON") from None
    fields = csl_to_fields(message, f"Crossref {doi}")
    fields["doi"] = doi.lower()
    return fields


def lookup_arxiv(arxiv_id: str, timeout: float = 10.0) -> dict:
    """BibTeX fields of an arXiv id from the arXiv API (Atom)."""
    base = os.environ.get("LITEVIDENCE_ARXIV_URL", ARXIV)
    data = fetch(f"{base}?id_list={urllib.parse.quote(arxiv_id)}", timeout=timeout)
    try:
        entry = ET.fromstring(data).find("a:entry", _ATOM)
    except ET.ParseError:
        raise SourceError(f"arXiv answer for {arxiv_id} is not Atom XML") from None
    title = entry.findtext("a:title", "", _ATOM) if entry is not None else ""
    if entry is None or not title.strip() or title.strip().lower() == "error":
        raise SourceError(f"arXiv has no paper {arxiv_id}; check the identifier")
    bare = re.sub(r"v\d+$", "", arxiv_id)
    fields = {
        "ENTRYTYPE": "misc", "title": " ".join(title.split()),
        "author": " and ".join(_last_first(a.findtext("a:name", "", _ATOM)) for a in entry.findall("a:author", _ATOM)),
        "year": entry.findtext("a:published", "", _ATOM)[:4], "howpublished": "arXiv preprint",
        "eprint": bare, "archiveprefix": "arXiv", "url": f"https://arxiv.org/abs/{bare}",
        "abstract": " ".join(entry.findtext("a:summary", "", _ATOM).split()),
    }
    doi = entry.findtext("arxiv:doi", "", _ATOM)
    if doi:
        fields["doi"] = doi.lower()
    return fields


def _last_first(name: str) -> str:
    parts = name.split()
    return f"{parts[-1]}, {' '.join(parts[:-1])}" if len(parts) > 1 else name
