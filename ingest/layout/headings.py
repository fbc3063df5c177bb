"""Headings: lines set apart from the body by size, centring, capitals or spacing.

Level 1 is a large heading (chapter title, usually opening a page); level 2 a centred line at about
body size; level 3 a short flush-left line with space above and below. Levels named by the contents
override these (see `toc.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ingest.layout.geometry import PageFrame, VolumeMetrics
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
) -> list[Heading]:
    """Headings among a page's body lines (furniture and notes already removed).

    Large centred lines (consecutive ones form one multi-line heading) are level 1; centred lines of
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
                and is_large(lines[j], metrics, large=1.08)
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
