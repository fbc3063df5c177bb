"""Footnotes: the note zone at the page bottom, the notes in it, and the calls in the body.

The note zone is the run of bottom lines set closer than body lines (smaller type), set off from the
body by a gap (often with a rule). Notes in it start with their marker ("4.", "4", "*"); a zone whose
first line has no marker continues the previous page's last note. Calls in the body are superscript
markers that OCR glues to the word ("Centrism1", "convened.4") or reads as a small separate token, or
misreads as a quote or question mark; they are matched to the page's notes in order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.layout.furniture import parse_folio
from ingest.layout.geometry import VolumeMetrics
from ingest.model import Line, Word

SYMBOL_MARKERS = ("*", "†", "‡", "§", "¶")
_GLUED_CALL = re.compile(r"^(.*[A-Za-z\)\]\.,;:!?\"'’”])(\d{1,3})$")
_MISREAD_CALL = re.compile(r"^(.*[A-Za-z\)\]\.,;:])([’'‘`?°\^!\*¹²³]+)$")


def note_zone_start(lines: Sequence[Line], metrics: VolumeMetrics, *, pitch_ratio: float = 0.86,
                    height_ratio: float = 0.86, gap_factor: float = 1.25) -> int | None:
    """Index of the first line of the note zone among the page's body lines, or None.

    The zone is the longest run of bottom lines whose pitch is below `pitch_ratio` body pitches (a
    single bottom line: lower than `height_ratio` body line heights), preceded by a gap of at least
    `gap_factor` body pitches from the line above."""
    n = len(lines)
    if n < 2:
        return None
    start = n - 1
    while start > 0:
        a, b = lines[start - 1], lines[start]
        if b.bbox.y0 - a.bbox.y0 <= pitch_ratio * metrics.pitch:
            start -= 1
        else:
            break
    if start == n - 1 and lines[-1].bbox.height > height_ratio * metrics.line_height:
        return None
    if start == 0:
        return None
    gap = lines[start].bbox.y0 - lines[start - 1].bbox.y0
    if gap < gap_factor * metrics.pitch:
        return None
    zone_heights = sorted(ln.bbox.height for ln in lines[start:])
    if zone_heights[len(zone_heights) // 2] > height_ratio * metrics.line_height * 1.05:
        return None
    return start


def note_marker(word: Word, expected: int | None) -> str | None:
    """The marker a note line starts with: a symbol, digits ("4", "4."), or OCR look-alikes of the
    `expected` number ("s." for 5). None when the line does not start a note."""
    t = word.text
    if t and t[0] in SYMBOL_MARKERS:
        return t[0]
    core = t.rstrip(".)")
    if core.isdigit() and len(core) <= 3:
        return core
    if expected is not None and len(core) <= 3:
        if any(f.kind == "arabic" and f.value == expected for f in parse_folio(core)):
            return str(expected)
    return None


@dataclass(frozen=True)
class Note:
    """One note (or piece of a note) found in a zone: its marker (None = continues the previous
    page's note) and its lines."""

    marker: str | None
    lines: tuple[Line, ...]


def split_notes(zone: Sequence[Line], next_number: int) -> list[Note]:
    """Split the zone's lines into notes at lines starting with a marker. Digit markers must be the
    expected next number (or the one after, if one was missed) to count, so that a line of note text
    that happens to start with a number is not taken for a new note."""
    notes: list[Note] = []
    cur: list[Line] = []
    marker: str | None = None
    expected = next_number
    for ln in zone:
        m = note_marker(ln.words[0], expected) if ln.words and len(ln.words) > 1 else None
        if m is not None and m.isdigit() and int(m) not in (expected, expected + 1) and (cur or notes):
            m = None
        if m is not None:
            if cur or marker is not None:
                notes.append(Note(marker, tuple(cur)))
            marker, cur = m, [ln]
            if m.isdigit():
                expected = int(m) + 1
        else:
            cur.append(ln)
    if cur:
        notes.append(Note(marker, tuple(cur)))
    return notes


@dataclass(frozen=True)
class Call:
    """A footnote call found in the body: line and word index, the word's text without the call,
    the marker as printed and how sure the match is (2 exact, 1 a misread glyph)."""

    line: int
    word: int
    text: str
    marker: str
    strength: float


def call_candidates(lines: Sequence[Line], *, superscript_ratio: float = 0.7) -> list[Call]:
    """Every word that may carry a footnote call, in reading order: digits glued after letters or
    punctuation, a small separate digit token (less than `superscript_ratio` of the line's height)
    or symbol, and trailing glyphs OCR makes of superscripts (’ ' ? ° *)."""
    out: list[Call] = []
    for li, ln in enumerate(lines):
        for wi, w in enumerate(ln.words):
            t = w.text
            m = _GLUED_CALL.match(t)
            if m and not re.search(r"\d", m.group(1)[-1:]):
                out.append(Call(li, wi, m.group(1), m.group(2), 2.0))
                continue
            if (t.isdigit() and len(t) <= 3 and wi > 0
                    and w.bbox.height < superscript_ratio * ln.bbox.height):
                out.append(Call(li, wi, "", t, 2.0))
                continue
            if t and t[-1] in SYMBOL_MARKERS and len(t) > 1 and t[-2].isalpha():
                out.append(Call(li, wi, t.rstrip("".join(SYMBOL_MARKERS)), t[-1], 2.0))
                continue
            m = _MISREAD_CALL.match(t)
            if m and not _quote_closes(ln, wi, m.group(2)):
                out.append(Call(li, wi, m.group(1), m.group(2), 1.0 + (1.0 - w.confidence)))
    return out


def _quote_closes(line: Line, wi: int, tail: str) -> bool:
    """Whether a trailing quote on word `wi` closes a quotation opened earlier on the line, or is a
    possessive/elision apostrophe (so it is no footnote call)."""
    if tail[0] not in "’'‘`":
        return False
    if line.words[wi].text[:-len(tail)].endswith(("s", "S")) and tail in ("’", "'"):
        return True
    return any(w.text[:1] in "‘'`" for w in line.words[: wi + 1])


def match_calls(markers: Sequence[str], candidates: Sequence[Call]) -> list[Call | None]:
    """Assign each note marker (in page order) a call, keeping calls in reading order: an exact
    marker match wins; otherwise the strongest misread glyph between the neighbouring matches."""
    result: list[Call | None] = [None] * len(markers)
    pos = 0
    exact_idx: list[int | None] = []
    for m in markers:
        found = None
        for k in range(pos, len(candidates)):
            if candidates[k].strength >= 2 and candidates[k].marker == m:
                found = k
                break
        exact_idx.append(found)
        if found is not None:
            pos = found + 1
    for i, m in enumerate(markers):
        k = exact_idx[i]
        if k is not None:
            c = candidates[k]
            result[i] = Call(c.line, c.word, c.text, m, c.strength)
    for i, m in enumerate(markers):
        if result[i] is not None:
            continue
        lo = max((exact_idx[j] for j in range(i) if exact_idx[j] is not None), default=-1)
        hi = min((exact_idx[j] for j in range(i + 1, len(markers)) if exact_idx[j] is not None),
                 default=len(candidates))
        taken = {(r.line, r.word) for r in result if r is not None}
        window = [c for c in candidates[lo + 1: hi] if c.strength < 2 and (c.line, c.word) not in taken]
        if window:
            best = max(window, key=lambda c: c.strength)
            result[i] = Call(best.line, best.word, best.text, m, best.strength)
    return result
