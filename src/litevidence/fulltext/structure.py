"""What a stretch of text is, whatever the format: a heading, a caption, a footnote, a references heading,
text a converter wrote rather than the authors, or a row of an aligned text table."""
from __future__ import annotations

import re

_CAPTION = re.compile(r"^[*_\s]*(?P<label>(?:Table|Tab\.|Figure|Fig\.|Listing|Algorithm)\s*[A-Z]?\d+[a-z]?)[*_]*\s*[.:|—–-]",
                      re.IGNORECASE)
_CONVERTER = re.compile(
    r"^[*_\s]*(?:figure description|image description|picture description|chart description|alt[- ]text|description of "
    r"(?:the )?(?:figure|image|chart|graph|plot)|\[image|\[figure|<!--\s*image|the (?:image|figure|chart|graph|plot|"
    r"diagram|picture|illustration|screenshot) (?:shows|depicts|displays|illustrates|presents|contains|is)|this "
    r"(?:image|figure|chart|graph|plot|diagram|picture) (?:shows|depicts|displays|illustrates|presents|contains)|"
    r"(?:a|an) (?:bar|line|pie|scatter|stacked)? ?(?:chart|graph|plot|diagram) (?:showing|depicting|with))",
    re.IGNORECASE)
_REFERENCES = re.compile(r"^[\s#*_\d.]*(?:references|bibliography|works cited|literature cited|reference list|cited works)"
                         r"[\s*_:]*$", re.IGNORECASE)
_NUMBERED_HEADING = re.compile(r"^(?P<number>(?:\d{1,2}(?:\.\d{1,2}){0,3}|[A-Z](?:\.\d{1,2}){0,2}|[IVX]{1,4})\.?)\s+"
                               r"(?P<title>[A-Z][^\n]{0,90})$")
_FOOTNOTE = re.compile(r"^(?:\[\^[^\]]+\]:|\d{1,2}\s(?=[A-Z])|[*†‡§]\s?(?=[A-Z]))")


def caption_label(text: str) -> str | None:
    """'Table 4' or 'Figure 3' when the text is a caption ('Table 4: Energy of ...'), else None."""
    m = _CAPTION.match(text)
    if not m:
        return None
    label = m.group("label").strip()
    label = re.sub(r"^(?i:tab\.)\s*", "Table ", label)
    label = re.sub(r"^(?i:fig\.)\s*", "Figure ", label)
    return label[0].upper() + label[1:]


_CHART_WORDS = re.compile(r"\b(?:x-axis|y-axis|horizontal axis|vertical axis|at the bottom|at the top|on the left|on the "
                          r"right|legend|bars?|bar chart|line chart|pie chart|scatter plot|heatmap|colou?red|shaded|"
                          r"tick marks?|gridlines?|labell?ed|depicted|visuali[sz]ation)\b", re.IGNORECASE)


def is_converter_text(text: str) -> bool:
    """Text a PDF-to-Markdown converter wrote about a figure (a description, alt text), not the authors: it says
    so at the start, or it describes a chart's layout (axes, bars, what is at the top and bottom)."""
    return bool(_CONVERTER.match(text)) or len(set(m.group(0).lower() for m in _CHART_WORDS.finditer(text))) >= 3


def is_references_heading(title: str) -> bool:
    return bool(_REFERENCES.match(title))


def numbered_heading(line: str) -> tuple[int, str] | None:
    """(level, title) of a numbered heading line in plain or PDF text ('4.1 Energy use' → (2, '4.1 Energy use'))."""
    line = line.strip()
    if len(line) > 100 or line.endswith((".", ",", ";")) and not re.match(r"^\d+\.\s", line):
        return None
    m = _NUMBERED_HEADING.match(line)
    if not m or sum(c.isdigit() for c in m.group("title")) > 6 or len(m.group("title").split()) > 12:
        return None
    number = m.group("number").rstrip(".")
    level = number.count(".") + 1 if number[0].isdigit() or "." in number else 1
    return level, f"{number} {m.group('title').strip()}"


_NAMED_SECTION = re.compile(r"^[*_#\s]*(?:abstract|introduction|background|related work|methods?|methodology|results|"
                            r"discussion|conclusions?|limitations|acknowledge?ments?|appendix(?:\s+[A-Z])?|"
                            r"supplementary (?:material|information))[*_\s.:]*$", re.IGNORECASE)


def named_heading(line: str) -> str | None:
    """An unnumbered heading line that names a usual section ('Abstract', 'Conclusions'), else None."""
    return line.strip().strip("*_#:. ") if _NAMED_SECTION.match(line) else None


def is_footnote(text: str) -> bool:
    return bool(_FOOTNOTE.match(text))


_ALIGNED_SPLIT = re.compile(r"\t+|\s{2,}")


def aligned_cells(line: str) -> list[str]:
    """The cells of a line of an aligned text table (columns apart by two or more spaces or tabs)."""
    return [c for c in _ALIGNED_SPLIT.split(line.strip()) if c]


_NUMERIC_ROW = re.compile(r"^(?P<label>\S.*?)\s+(?P<numbers>(?:[-−–]?[$€£]?[\d][\d.,]*%?\s+){1,}[-−–]?[$€£]?\d[\d.,]*%?)\s*$")


def numeric_row(line: str) -> tuple[str, list[str]] | None:
    """(label, numbers) of a table row as PDF text gives it, cells apart by single spaces ('Phone-2021 14.8 1.2 3.9')."""
    m = _NUMERIC_ROW.match(line.strip())
    if not m:
        return None
    numbers = m.group("numbers").split()
    return (m.group("label"), numbers) if len(numbers) >= 2 else None


def numeric_table(lines: list[str]) -> tuple[list[str], list[list[str]]] | None:
    """(header, rows) of a header line followed by at least two numeric rows with as many numbers each, or None.

    The header is split after each bracketed unit ('Energy per query (J) Power (W)'), its first word taken
    as the row labels' header when one part is missing; where it cannot be split so, columns have no header.
    """
    rows = [numeric_row(line) for line in lines[1:]]
    if len(rows) < 2 or any(r is None for r in rows) or len({len(r[1]) for r in rows}) != 1:
        return None
    width = len(rows[0][1]) + 1
    parts = [p for p in re.split(r"(?<=[)\]])\s+", lines[0].strip()) if p]
    if len(parts) == width - 1 and " " in parts[0]:
        first, rest = parts[0].split(" ", 1)
        parts = [first, rest, *parts[1:]]
    if len(parts) != width:
        words = lines[0].split()
        parts = words if len(words) == width else [""] * width
    return parts, [[label, *numbers] for label, numbers in rows]


def aligned_table(lines: list[str]) -> bool:
    """Do these lines form a simple aligned table: at least three rows of at least three cells, the same count,
    with numbers in the body?"""
    if len(lines) < 3:
        return False
    counts = {len(aligned_cells(line)) for line in lines}
    return len(counts) == 1 and min(counts) >= 3 and any(re.search(r"\d", line) for line in lines[1:])
