"""A second reading of a contents page whose entries Tesseract's page reading left out.

Reading a whole page (page segmentation mode 3), Tesseract can take a sparse page of short lines
and long leader dots for a picture and read nothing under the contents title. When a page opens with
a contents title and shows fewer than `MIN_ENTRIES` entry lines under it (two words read with
confidence, or one before a leader: a bare numeral "I ....... 2" is an entry), the page is read again
as sparse text (mode 11, which looks for every word wherever it is); the pieces that mode reads of
one printed line (title, leader soup, page) are joined into that line. The second reading is taken
only when it finds more entry lines under the title than the first; the page is otherwise left as
it was.

A page of which the page reading read no word at all (a photographed contents page: grey paper
lit unevenly, a dark table round it) is read sparse too, and that reading is kept when it finds a
contents title with an entry under it.

Tesseract can also drop a line whose leader runs the width of the page under a short title (a bare
section numeral, "I ........ 3"), in both modes: the dots take the line for a rule. So the page's
rows of leader dots are found in the image (`leader_runs`: runs of dot-sized round marks on one
level, sizes measured against the page's own letters), and when there are more of them than entry
lines read, the page is also read sparse with the dots whited out; each run then enters the line on
its level as one leader word (read as OCR reads dots: no confidence), so the line is an entry, and
the page-number pass finds the number after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import cv2
import numpy as np

from ingest.ink import count_glyphs, ink_mask
from ingest.layout.toc import has_leader, is_contents_title
from ingest.model import BBox, Line, Page, Word, WordOrigin, paragraph_blocks

#: Fewer lines of words than this under a contents title send the page to a second reading.
MIN_ENTRIES = 2
PSM_SPARSE = 11
#: A page without a contents title read as at most this many lines of words is read again as sparse
#: text (`read_contents`).
FEW_LINES = 3
#: A run of leader dots has at least this many.
MIN_DOTS = 6


def entry_lines(page: Page, *, min_confidence: float = 0.6, min_words: int = 2) -> int | None:
    """How many lines under the page's contents title (among its first three lines) have at least
    `min_words` words with letters read at `min_confidence` (or one, the first, before a leader: see
    `is_entry_line`); None when the page has no such title."""
    lines = [ln for b in page.blocks for ln in b.lines]
    title = next((i for i, ln in enumerate(lines[:3]) if is_contents_title(ln)), None)
    if title is None:
        return None
    return sum(
        1
        for ln in lines[title + 1 :]
        if is_entry_line(ln, min_confidence=min_confidence, min_words=min_words)
    )


def read_anything(page: Page, *, min_confidence: float = 0.5) -> bool:
    """Whether the page reading found a word with a letter or figure read at `min_confidence` (a
    page without is blank to the pipeline)."""
    return any(w.confidence >= min_confidence and any(c.isalnum() for c in w.text) for w in page.words)


def reads_little(page: Page, *, min_confidence: float = 0.5) -> bool:
    """Whether the page reading found at most `FEW_LINES` lines holding a word with a letter or figure
    read at `min_confidence`: a title page, a chapter's last lines, or a sparse page of which the
    page reading lost most lines."""
    read = [
        ln
        for b in page.blocks
        for ln in b.lines
        if any(w.confidence >= min_confidence and any(c.isalnum() for c in w.text) for w in ln.words)
    ]
    return len(read) <= FEW_LINES


def is_entry_line(line: Line, *, min_confidence: float = 0.6, min_words: int = 2) -> bool:
    """Whether a line under the contents title reads as an entry: `min_words` words with letters read
    with confidence, or one such word followed by a leader (a bare section numeral, "I ....... 2",
    has a single word of title)."""
    read = [w for w in line.words if w.confidence >= min_confidence and any(c.isalpha() for c in w.text)]
    return len(read) >= min_words or (bool(read) and line.words[0] is read[0] and has_leader(line))


def read_contents(
    page: Page, binary: np.ndarray, read: Callable[[np.ndarray, int], Page]
) -> tuple[Page, bool]:
    """The page, read again (`read(image, psm)`) when it is a contents page whose entries the first
    reading left out, with the pieces of each printed line joined (see the module); and whether a
    second reading was taken. `binary` is the image the page was read from."""
    found = entry_lines(page)
    if found is None:
        if read_anything(page) and not reads_little(page):
            return page, False
        # nothing read at all (a photographed contents page whose grey, unevenly lit paper the
        # page reading took for a picture), or a line or few (a photographed contents page of
        # which page reading kept the last entry, its title and the entries over it lost): the page
        # is read sparse, and that reading is taken only when it finds a contents title with an
        # entry under it
        again = _joined(read(binary, PSM_SPARSE))
        return (again, True) if entry_lines(again) else (page, False)
    title = next(ln for ln in [ln for b in page.blocks for ln in b.lines][:3] if is_contents_title(ln))
    runs = [r for r in leader_runs(binary) if r.y0 > title.bbox.y1]
    if found >= MIN_ENTRIES and found >= len(runs):
        return page, False
    best, most = page, found
    if found < MIN_ENTRIES:
        best, most = _more_entries(best, most, _joined(read(binary, PSM_SPARSE)))
    if len(runs) > found:
        erased = with_leaders(_joined(read(without(binary, runs), PSM_SPARSE)), runs)
        # the lines around the entries (the title, a folio) are kept as the best reading so far has them
        best, most = _more_entries(best, most, _spliced(best, erased, title, runs))
    return best, best is not page


def leader_runs(binary: np.ndarray, *, min_dots: int = MIN_DOTS, spacing: float = 2.5) -> list[BBox]:
    """Rows of leader dots on a 0/255 page (black text): at least `min_dots` marks of a dot's height
    (at most 0.4 of the page's letter height, at least a twelfth of it) whose middles share a level,
    each at most `spacing` times the run's usual step (its usual gap and a dot's height) from the
    next. A mark is round, or dots run together: a blurred or photographed leader's dots
    touch in twos and threes, and a mark as wide as several dots counts for as many (a dot and its
    gap are about twice its height wide)."""
    _, letter = count_glyphs(binary)
    if letter is None:
        return []
    n, _, stats, centres = cv2.connectedComponentsWithStats(ink_mask(binary), connectivity=8)
    x, y, w, h = (stats[1:n, k] for k in range(4))
    dot = (
        (h <= 0.4 * letter)
        & (h >= max(2.0, letter / 12))
        & (w >= max(2.0, letter / 12))
        & (h <= 2 * w)
        & (w <= 3 * letter)
    )
    dots = np.maximum(1, np.where(w <= 2 * h, 1, w // np.maximum(1, 2 * h)))
    idx = np.flatnonzero(dot)
    rows: list[list[int]] = []
    for k in idx[np.argsort(centres[1:n, 1][idx])]:
        if rows and abs(centres[1 + k, 1] - centres[1 + rows[-1][-1], 1]) <= max(2, h[k]):
            rows[-1].append(int(k))
        else:
            rows.append([int(k)])
    runs: list[BBox] = []
    for row in rows:
        row.sort(key=lambda k: x[k])
        if sum(int(dots[k]) for k in row) < min_dots:
            continue
        gaps = [int(x[b] - (x[a] + w[a])) for a, b in zip(row, row[1:], strict=False)]
        # the usual step from a dot to the next: its gap and a dot's size
        usual = max(float(np.median(gaps)) if gaps else 0.0, 0.0) + float(np.median(h[row]))
        start = 0
        for i in range(1, len(row) + 1):
            if i == len(row) or gaps[i - 1] > spacing * usual:
                part = row[start:i]
                if sum(int(dots[k]) for k in part) >= min_dots:
                    runs.append(
                        BBox(
                            int(min(x[k] for k in part)),
                            int(min(y[k] for k in part)),
                            int(max(x[k] + w[k] for k in part)),
                            int(max(y[k] + h[k] for k in part)),
                        )
                    )
                start = i
    return runs


def without(binary: np.ndarray, runs: list[BBox]) -> np.ndarray:
    """The page with the leader runs whited out."""
    out = binary.copy()
    for r in runs:
        out[r.y0 : r.y1, r.x0 : r.x1] = 255
    return out


def with_leaders(page: Page, runs: list[BBox]) -> Page:
    """The page (one line per block, as `_joined` gives it) with each leader run entered, as one word
    of dots read with no confidence, into the line whose box holds the run's middle (dots sit on the
    baseline: a run's height of slack below); a run with no line on its level is left out."""
    lines = [ln for b in page.blocks for ln in b.lines]
    for r in runs:
        mid = (r.y0 + r.y1) / 2
        level = [i for i, ln in enumerate(lines) if ln.bbox.y0 <= mid <= ln.bbox.y1 + r.height]
        if not level:
            continue
        i = min(level, key=lambda k: abs((lines[k].bbox.y0 + lines[k].bbox.y1) / 2 - mid))
        dots = Word("." * max(3, r.width // max(1, 2 * r.height)), r, confidence=0.0, origin=WordOrigin.OCR)
        words = tuple(sorted((*lines[i].words, dots), key=lambda wd: wd.bbox.x0))
        lines[i] = Line(words=words, bbox=BBox.enclosing([lines[i].bbox, r]))
    return replace(page, blocks=paragraph_blocks(page.index, [[ln] for ln in lines]))


def _more_entries(best: Page, most: int, again: Page) -> tuple[Page, int]:
    """`again` and its entry lines when it has more than `most`, else `best` and `most`."""
    n = entry_lines(again)
    return (again, n) if n is not None and n > most else (best, most)


def _spliced(page: Page, again: Page, title: Line, runs: list[BBox]) -> Page:
    """`again`'s lines between the contents title and the last leader run, `page`'s lines elsewhere
    (the title, a folio at the foot: a sparse reading can read a lone folio worse), top to bottom,
    one block per line."""
    top, bottom = title.bbox.y1, max(r.y1 + r.height for r in runs)

    def inside(ln: Line) -> bool:
        return top < (ln.bbox.y0 + ln.bbox.y1) / 2 <= bottom

    lines = [ln for b in again.blocks for ln in b.lines if inside(ln)]
    lines += [ln for b in page.blocks for ln in b.lines if not inside(ln)]
    lines.sort(key=lambda ln: ln.bbox.y0)
    return replace(again, blocks=paragraph_blocks(again.index, [[ln] for ln in lines]))


def _joined(page: Page, *, overlap: float = 0.5) -> Page:
    """The page's lines with the pieces that share a level (boxes overlapping by `overlap` of the
    lower one's height) joined left to right into one line, top to bottom, one block per line."""
    rows: list[list[Line]] = []
    for ln in sorted((ln for b in page.blocks for ln in b.lines if ln.words), key=lambda x: x.bbox.y0):
        for row in rows:
            ref = row[0].bbox
            shared = min(ref.y1, ln.bbox.y1) - max(ref.y0, ln.bbox.y0)
            if shared >= overlap * min(ref.height, ln.bbox.height):
                row.append(ln)
                break
        else:
            rows.append([ln])
    lines = []
    for row in rows:
        words = tuple(w for piece in sorted(row, key=lambda x: x.bbox.x0) for w in piece.words)
        lines.append(Line(words=words, bbox=BBox.enclosing([p.bbox for p in row])))
    return replace(page, blocks=paragraph_blocks(page.index, [[ln] for ln in lines]))
