"""Headings: lines set apart from the body by size, centring, capitals or spacing.

Level 1 is a large heading (chapter title, usually opening a page); level 2 a centred line at about
body size; level 3 a short flush-left line with space above and below. Levels named by the contents
override these (see `toc.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from ingest.layout.furniture import int_to_roman, roman_to_int
from ingest.layout.geometry import PageFrame, VolumeMetrics, type_height
from ingest.model import Line

_END_PUNCT = (".", ",", ";", ":")


@dataclass(frozen=True)
class Heading:
    """A heading found on a page: lines [start, end) of the page's body lines and its level."""

    start: int
    end: int
    level: int
    reason: str


def is_large(line: Line, metrics: VolumeMetrics, *, large: float = 1.22) -> bool:
    """Whether the line is at least `large` times the body line height."""
    return line.bbox.height >= large * metrics.line_height


def is_centred(
    line: Line, frame: PageFrame, metrics: VolumeMetrics, *, min_inset: float = 1.5, tolerance: float = 0.06
) -> bool:
    """Whether the line is inset at least `min_inset` body line heights from both column edges and
    its centre is within `tolerance` of the column width from the column's centre."""
    inset = min_inset * metrics.line_height
    return (
        line.bbox.x0 >= frame.left + inset
        and line.bbox.x1 <= frame.right - inset
        and abs(line.bbox.center_x - frame.center) <= tolerance * frame.width
    )


def find_headings(
    lines: Sequence[Line],
    frame: PageFrame,
    metrics: VolumeMetrics,
    *,
    max_words: int = 25,
    space_factor: float = 1.3,
    max_level3_words: int = 12,
    continued_type: float = 1.2,
) -> list[Heading]:
    """Headings among a page's body lines (furniture and notes already removed).

    Large centred lines (consecutive ones form one multi-line heading; a following line counts as
    large when its type is `continued_type` times the body's, since a line without descenders has a
    low box) are level 1; centred lines of
    body size with extra space above or below (at least `space_factor` body pitches) level 2; short
    flush-left lines without end punctuation, with extra space above and below, level 3."""
    out: list[Heading] = []
    i = 0
    n = len(lines)
    while i < n:
        ln = lines[i]
        words = len(ln.words)
        if words > max_words:
            i += 1
            continue
        above = ln.bbox.y0 - lines[i - 1].bbox.y0 if i > 0 else 10 * metrics.pitch
        if is_large(ln, metrics) and is_centred(ln, frame, metrics, min_inset=0.5, tolerance=0.1):
            j = i + 1
            while (
                j < n
                and (
                    is_large(lines[j], metrics, large=1.08)
                    or type_height(lines[j]) >= continued_type * metrics.type_height
                )
                and is_centred(lines[j], frame, metrics, min_inset=0.5, tolerance=0.1)
                and lines[j].bbox.y0 - lines[j - 1].bbox.y1 < 1.2 * lines[j].bbox.height
            ):
                j += 1
            out.append(Heading(i, j, 1, "large"))
            i = j
            continue
        if is_centred(ln, frame, metrics) and not ln.text.rstrip().endswith(_END_PUNCT[1:]):
            below = lines[i + 1].bbox.y0 - ln.bbox.y0 if i + 1 < n else 10 * metrics.pitch
            if max(above, below) >= space_factor * metrics.pitch:
                j = i + 1
                while (
                    j < n
                    and is_centred(lines[j], frame, metrics)
                    and lines[j].bbox.y0 - lines[j - 1].bbox.y0 < space_factor * metrics.pitch
                ):
                    j += 1
                out.append(Heading(i, j, 2, "centred"))
                i = j
                continue
        if i + 1 < n and words <= max_level3_words and not ln.text.rstrip().endswith(_END_PUNCT):
            below = lines[i + 1].bbox.y0 - ln.bbox.y0
            flush = abs(ln.bbox.x0 - frame.left) < 0.5 * metrics.line_height
            if flush and above >= space_factor * metrics.pitch and below >= space_factor * metrics.pitch:
                out.append(Heading(i, i + 1, 3, "spaced"))
        i += 1
    return out


_NUMERAL = re.compile(r"^(?P<num>[IVXLC]+|[ivxlc]+|\d{1,3})(?P<end>[.)]?)$")


def _numeral(text: str) -> tuple[int, str, str] | None:
    """(value, style, trailing punctuation) of a heading that is a bare section number ("II", "3.")."""
    m = _NUMERAL.match(text.strip())
    if m is None:
        return None
    num = m.group("num")
    if num.isdigit():
        return int(num), "arabic", m.group("end")
    value = roman_to_int(num)
    if value is None:
        return None
    return value, "upper" if num.isupper() else "lower", m.group("end")


def _format(value: int, style: str, end: str) -> str:
    if style == "arabic":
        return f"{value}{end}"
    r = int_to_roman(value)
    return (r.upper() if style == "upper" else r) + end


def renumber_sections(headings: Sequence[tuple[int, str]], *, max_edits: int = 1) -> dict[int, str]:
    """Section numbers misread by OCR ("I" or "IT" for "II") in a run of numbered sibling headings.

    `headings` are (level, text) in volume order. Headings that are bare numerals at one level
    form a run until a heading of a higher rank (lower level) ends it; each must be its
    predecessor plus one. A heading in a run that is not, but is within `max_edits` characters of
    the expected numeral (in the run's style), is taken as a misreading of it. Returns
    {position: corrected text}."""
    fixes: dict[int, str] = {}
    last: dict[int, tuple[int, str, str]] = {}  # level -> (value, style, end) of the run's last numeral
    for pos, (level, text) in enumerate(headings):
        for deeper in [lv for lv in last if lv > level]:
            del last[deeper]
        text = text.strip()
        num = _numeral(text)
        if level in last and (num is None or num[0] != last[level][0] + 1):
            value, style, end = last[level]
            want = _format(value + 1, style, end)
            if len(text) <= len(want) + max_edits and Levenshtein.distance(text, want) <= max_edits:
                fixes[pos] = want
                num = (value + 1, style, end)
        if num is not None:
            last[level] = num
        else:
            last.pop(level, None)  # a heading that is no numeral ends the run
    return fixes
