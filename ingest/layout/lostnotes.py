"""Footnotes OCR lost: a note line Tesseract's page layout left out, read again from the image.

Reading a whole page, Tesseract's layout analysis sometimes drops a short note at the foot
entirely (often a one-line note under the rule over the notes): the page's text holds no word of
it, so its note is neither found nor linked. The volume's numbering says a note is missing: the
notes read run ..., n-1, n+1, ... with nothing numbered n between them. On the pages from n-1's
to n+1's (the page of either, or one between them), the page image's ink that no word covers,
below the page's last line of text read above the place (n-1's last line, or the body's), and
above n+1's first line or the foot's furniture, is searched for rows of letters: each such row
is read again on its own as one line. A row whose reading opens with the number n alone (a stop
or a bracket after it) and goes on with words opens note n; the rows right under it that open
with no number are its next lines. When no page of that range holds exactly one such reading,
nothing changes: the page keeps Tesseract's reading.

The line dropped may also be a note's first, its number's, while the lines under it were read: the
note then opens in lower case ('insurrection; after…'), which no note's text does. The ink between
the last line read above the note and its first line read is searched the same way: a row whose
reading opens with the note's number (and a stop, a comma or a bracket) and goes on with words is
set back at the head of the note, with the rows under it that open with no number.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from ingest.ink import binarise, to_gray
from ingest.layout.drafts import Draft, PageWork
from ingest.layout.geometry import letter_height
from ingest.layout.lostcalls import PageImages
from ingest.model import BBox, BlockKind, Line, Word, WordOrigin, line_of


@dataclass(frozen=True)
class _Numbered:
    pos: int  # the page's place in the volume
    draft: Draft
    number: int


def reread_lost_notes(works: list[PageWork], *, images: PageImages | None, lang: str = "eng") -> None:
    """Open the footnotes of the volume's numbering that OCR read no word of, where a second
    reading of a page image finds them (see the module). Each note opened is recorded on its
    page as a `note_reread` decision."""
    if images is None:
        return
    numbered = [
        _Numbered(pos, d, int(d.marker))
        for pos, w in enumerate(works)
        for d in w.drafts
        if d.kind is BlockKind.FOOTNOTE and d.region == "notes" and d.marker and d.marker.isdigit()
    ]
    # how far apart (in pages) two notes in a row of the numbering are at most in this volume
    reach = max(
        (b.pos - a.pos for a, b in zip(numbered, numbered[1:], strict=False) if b.number == a.number + 1),
        default=1,
    )
    reach = max(1, reach)
    wanted: list[tuple[int, int, int, _Numbered | None, _Numbered | None]] = []
    ends: list[_Numbered | None] = [None, *numbered, None]
    for a, b in zip(ends, ends[1:], strict=False):
        if a is not None and b is not None and b.number == a.number + 2:
            wanted.append((a.number + 1, a.pos, b.pos, a, b))  # a note missing between two
        elif a is not None and (b is None or b.number <= a.number):
            # the last note of the volume, or of a numbering that restarts after it
            last = len(works) - 1 if b is None else b.pos
            wanted.append((a.number + 1, a.pos, min(last, a.pos + reach), a, b))
        if b is not None and b.number == 2 and (a is None or a.number >= b.number):
            # the first note of the volume, or of a numbering that restarts
            first = 0 if a is None else a.pos
            wanted.append((1, max(first, b.pos - reach), b.pos, a, b))
    for number, lo, hi, a, b in wanted:
        found = []
        for pos in range(lo, hi + 1):
            above = a if a is not None and a.pos == pos else None
            below = b if b is not None and b.pos == pos else None
            lines = _lost_note(works[pos], images, number, above, below, lang)
            if lines:
                found.append((pos, lines, below))
        if len(found) != 1:
            continue  # not found, or found on two pages: the image does not say which
        pos, lines, below = found[0]
        _open_note(works[pos], lines, str(number), before=below.draft if below is not None else None)
    for n in numbered:
        if _headless(n.draft):
            head = _lost_head(works[n.pos], images, n, lang)
            if head:
                _prepend(works[n.pos], n.draft, head)


def _headless(d: Draft) -> bool:
    """Whether a numbered note's first line read opens in lower case: a note's text opens with its
    number, a capital or a figure, so its first line (its number's) was lost ('insurrection; after
    Lenin's death…' for note 1, whose line '1. Kamenev, L. … opposed the October' OCR left out)."""
    words = [wd for wd in d.lines[0].words if any(c.isalnum() for c in wd.text)]
    return bool(words) and words[0].text[:1].islower()


def _lost_head(w: PageWork, images: PageImages, n: _Numbered, lang: str) -> list[Line]:
    """The first lines of note `n` read again from the page image between the last line read above
    the note and its first line read (`_search`), opening with its number; [] when not found."""
    text = [d for d in w.drafts if d.region in ("body", "notes") and d.lines]
    size = letter_height([ln for d in text for ln in d.lines])
    first = n.draft.lines[0]
    above = [ln.bbox.y1 for d in text for ln in d.lines if (ln.bbox.y0 + ln.bbox.y1) / 2 < first.bbox.y0]
    if size is None or not above:
        return []
    top, bottom = max(above), first.bbox.y0
    if bottom - top < size:
        return []
    return _search(w, images, n.number, top, bottom, size, lang)


def _prepend(w: PageWork, d: Draft, lines: Sequence[Line]) -> None:
    """Set `lines` read again at the head of note `d`, and record the decision."""
    d.lines[:0] = list(lines)
    w.decide(
        "note_head_reread",
        (d.id,),
        f"note {d.marker}'s first line read again from the image: {lines[0].text[:50]!r}",
        {"block": d.id, "marker": d.marker, "lines": len(lines)},
    )


def _lost_note(
    w: PageWork,
    images: PageImages,
    number: int,
    above: _Numbered | None,
    below: _Numbered | None,
    lang: str,
) -> list[Line]:
    """The lines of note `number` read again from the page's image between the note above (the
    page's text when None) and the note below (the foot when None); [] when not found there."""
    text = [d for d in w.drafts if d.region in ("body", "notes") and d.lines]
    size = letter_height([ln for d in text for ln in d.lines])
    if size is None:
        return []
    if above is not None:
        top = max(ln.bbox.y1 for ln in above.draft.lines)
    else:
        top = max(ln.bbox.y1 for d in text for ln in d.lines)
    foot = [ln.bbox.y0 for d in w.drafts if d.region == "foot" for ln in d.lines if ln.bbox.y0 > top]
    bottom: float | None = min(foot) if foot else None
    if below is not None:
        first = min(ln.bbox.y0 for ln in below.draft.lines)
        bottom = first if bottom is None else min(bottom, first)
    if any(ln.bbox.y1 > top and (bottom is None or ln.bbox.y0 < bottom) for d in text for ln in d.lines):
        return []  # text read between the two places: nothing was dropped there
    return _search(w, images, number, top, bottom, size, lang)


def _search(
    w: PageWork, images: PageImages, number: int, top: float, bottom: float | None, size: float, lang: str
) -> list[Line]:
    """The lines of note `number` read again from the page image's ink no word covers, between
    `top` and `bottom` (the foot when None), in text of letter height `size`: a row opening with
    the number and going on with words, and the rows right under it set under it that open with no
    number; [] when none."""
    image = images(w.page.index)
    if image is None:
        return []
    gray = to_gray(image)
    height, width = gray.shape
    y0, y1 = int(top), int(height if bottom is None else bottom)
    x0 = max(0, int(min(w.frame.left_at(y0), w.frame.left_at(y1)) - size))
    x1 = min(width, int(max(w.frame.right_at(y0), w.frame.right_at(y1)) + size))
    if y1 - y0 < size or x1 - x0 < 4 * size:
        return []
    ink = binarise(np.ascontiguousarray(gray)) < 128
    for d in w.drafts:  # the ink of every word read is not searched
        for ln in d.lines:
            for wd in ln.words:
                b = wd.bbox
                ink[max(0, b.y0) : max(0, b.y1), max(0, b.x0) : max(0, b.x1)] = False
    rows = _rows(ink[y0:y1, x0:x1], size)
    lines: list[Line] = []
    for r0, r1 in rows:
        line = _read_row(gray, (x0, y0 + r0, x1, y0 + r1), size, lang)
        if line is None:
            if lines:
                break
            continue
        opens = re.fullmatch(r"\d{1,3}[.,)]?", line.words[0].text)
        if not lines:
            if not opens or int(line.words[0].text.rstrip(".,)")) != number:
                continue
            if sum(any(c.isalpha() for c in wd.text) for wd in line.words[1:]) < 2:
                continue  # a number and no words: a folio, not a note
        elif opens or abs(line.bbox.x0 - lines[0].bbox.x0) > 3 * size:
            break  # another note's number, or a line not set under the note's
        lines.append(line)
    return lines


def _rows(
    ink: np.ndarray, size: float, *, min_height: float = 0.5, max_height: float = 2.0
) -> list[tuple[int, int]]:
    """The rows of letters in the window `ink` (True: ink), as (top, bottom) pixel rows: runs of
    rows with ink, gaps under a fifth of the letter height `size` closed, `min_height`..
    `max_height` letter heights tall (a rule or a speck is thinner; a block of lines taller)."""
    counts = ink.sum(axis=1)
    marked = counts >= max(2, 0.1 * size)
    runs: list[list[int]] = []
    for y in np.flatnonzero(marked):
        if runs and y - runs[-1][1] <= max(1, int(0.2 * size)):
            runs[-1][1] = int(y)
        else:
            runs.append([int(y), int(y)])
    return [(a, b + 1) for a, b in runs if min_height * size <= b + 1 - a <= max_height * size]


def _read_row(gray: np.ndarray, box: tuple[int, int, int, int], size: float, lang: str) -> Line | None:
    """The row `box` (x0, y0, x1, y1) of the page read again as one line, its words' boxes in the
    page's pixels; None when the reading is unsure (mean confidence under 0.6) or empty."""
    from ingest import ocr

    x0, y0, x1, y1 = box
    m = max(2, int(0.4 * size))
    top, bottom = max(0, y0 - m), min(gray.shape[0], y1 + m)
    cut = gray[top:bottom, x0:x1]
    scale = 2.0 if size < 20 else 1.0
    if scale != 1.0:
        cut = cv2.resize(cut, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    read = ocr.read_words(cut, lang=lang, psm=ocr.PSM_SINGLE_LINE)
    if not read or statistics.fmean(c for _, _, c in read) < 0.6:
        return None
    words = [
        Word(
            text=t,
            bbox=BBox(
                x0 + int(b.x0 / scale),
                top + int(b.y0 / scale),
                x0 + int(b.x1 / scale),
                top + int(b.y1 / scale),
            ),
            confidence=c,
            origin=WordOrigin.OCR,
        )
        for t, b, c in read
    ]
    return line_of(words)


def _open_note(w: PageWork, lines: Sequence[Line], marker: str, *, before: Draft | None) -> None:
    """Add note `marker` of `lines` to the page, before the draft `before` (else before the foot's
    furniture), and record the decision."""
    d = Draft(BlockKind.FOOTNOTE, list(lines), marker=marker, region="notes", reason="read again")
    d.id = w.next_block_id()
    at = next(
        (i for i, x in enumerate(w.drafts) if x is before or (before is None and x.region == "foot")),
        len(w.drafts),
    )
    w.drafts.insert(at, d)
    w.decide(
        "note_reread",
        (d.id,),
        f"note {marker} read again from the image: {d.text[:50]!r}",
        {"block": d.id, "marker": marker},
    )
