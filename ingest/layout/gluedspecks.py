"""Hyphens read glued to a line's first word ('-finding'), measured on the page image.

A printed word opens with no hyphen, so OCR reading one glued to a line's first word has read
either a speck of dust before the word (heavy scans) or a dash printed at the line's start
('—and for “order,”', '–L. Trotsky' read '-and', '-L.'). The two differ on the image only: the
ink at the word box's left is a speck when it is much smaller than the page's own hyphens (the
hyphens ending its lines, `body_hyphen`), and the ink after it is a letter. Then the word's text
loses the hyphen and its box starts at its letters, so the line starts where its text does (a
line set in stays in its run of lines, `measures.start`). Otherwise, and on a page without an
image or without hyphens of its own to measure against, the page keeps what OCR read and the
line starts at its box: a dash opening a flush line keeps it flush.
"""

from __future__ import annotations

import dataclasses
import re
import statistics
from collections.abc import Sequence

import numpy as np

from ingest.ink import binarise_image, components, ink_mask
from ingest.model import BBox, Line, Page, Word

#: a hyphen glued to a letter or figure
_GLUED = re.compile(r"-(?=[^\W_])")
#: a word broken at the line's end by a hyphen after a letter
_BROKEN = re.compile(r"[^\W\d_]-$")


@dataclasses.dataclass(frozen=True)
class Unglued:
    """A speck read as a hyphen before a line's first word, dropped: the word's text and box
    before and after."""

    before: str
    after: str
    bbox_before: tuple[int, int, int, int]
    bbox: tuple[int, int, int, int]


def unglue_specks(page: Page, image: np.ndarray | None) -> tuple[Page, list[Unglued]]:
    """The page with every hyphen read glued to a line's first word that the image shows is a
    speck dropped from the word (its box then starts at its letters), and those dropped. Without
    the image, or hyphens of the page's own to measure the mark against, the page as it is."""
    spots = [
        (bi, li)
        for bi, b in enumerate(page.blocks)
        for li, ln in enumerate(b.lines)
        if ln.words and _GLUED.match(ln.words[0].text) and len(ln.words[0].text) > 1
    ]
    if not spots or image is None:
        return page, []
    ink = ink_mask(binarise_image(image))
    hyphen = body_hyphen(ink, [ln for b in page.blocks for ln in b.lines])
    if hyphen is None:
        return page, []
    blocks = list(page.blocks)
    done: list[Unglued] = []
    for bi, li in spots:
        ln = blocks[bi].lines[li]
        w = ln.words[0]
        letters = _letters_after_speck(ink, w, ln, hyphen)
        if letters is None:
            continue
        word = dataclasses.replace(w, text=w.text[1:], bbox=dataclasses.replace(w.bbox, x0=letters))
        words = (word, *ln.words[1:])
        line = Line(words, BBox.enclosing([v.bbox for v in words]))
        lines = list(blocks[bi].lines)
        lines[li] = line
        blocks[bi] = dataclasses.replace(
            blocks[bi], lines=tuple(lines), bbox=BBox.enclosing([x.bbox for x in lines])
        )
        done.append(Unglued(w.text, word.text, _box(w.bbox), _box(word.bbox)))
    return dataclasses.replace(page, blocks=tuple(blocks)), done


def body_hyphen(ink: np.ndarray, lines: Sequence[Line], *, least: int = 2) -> tuple[float, float] | None:
    """The width and ink area of the hyphens the page prints (the median over the hyphens ending
    its lines: the rightmost ink of a last word read '...letter-', wider than high), or None when
    fewer than `least` are found."""
    found = []
    for ln in lines:
        if not ln.words or not _BROKEN.search(ln.words[-1].text):
            continue
        b = ln.words[-1].bbox
        blobs = _blobs(ink, b.x0, b.y0, b.x1 + 2, b.y1)
        if not blobs:
            continue
        x, _, bw, bh, area = max(blobs, key=lambda s: s[0] + s[2])
        if bw > bh:
            found.append((bw, area))
    if len(found) < least:
        return None
    return statistics.median(f[0] for f in found), statistics.median(f[1] for f in found)


def _letters_after_speck(
    ink: np.ndarray,
    w: Word,
    line: Line,
    hyphen: tuple[float, float],
    *,
    share: float = 0.25,
    tall: float = 0.5,
) -> int | None:
    """Where the letters of `w` start, when the ink at its box's left is a speck: no wider than
    `share` of the page's hyphens' width and no more than `share` of their ink, followed by a
    letter (ink at least `tall` of the line's word height high: a dash is flat). None otherwise."""
    b = w.bbox
    blobs = sorted(_blobs(ink, b.x0, b.y0, b.x1, b.y1))
    if len(blobs) < 2:
        return None
    x, _, bw, _, area = blobs[0]
    if bw > share * hyphen[0] or area > share * hyphen[1]:
        return None
    heights = sorted(v.bbox.height for v in line.words)
    usual = heights[len(heights) // 2]
    after = [s for s in blobs[1:] if s[0] >= x + bw]
    if not after or max(s[3] for s in after[:2]) < tall * usual:
        return None
    # the letters start where the first ink after the speck does, measured from the box's left
    return int(b.x0 + min(s[0] for s in after))


def _blobs(ink: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> list[tuple[int, int, int, int, int]]:
    """The ink blobs of the page's mask within a box (clipped to the page): x, y (in the box),
    width, height, area."""
    h, w = ink.shape[:2]
    x0, y0, x1, y1 = max(0, int(x0)), max(0, int(y0)), min(w, int(x1)), min(h, int(y1))
    if x1 <= x0 or y1 <= y0:
        return []
    _, _, stats = components(np.ascontiguousarray(ink[y0:y1, x0:x1]))
    return [tuple(int(v) for v in s[:5]) for s in stats[1:]]  # type: ignore[misc]


def _box(b: BBox) -> tuple[int, int, int, int]:
    return (b.x0, b.y0, b.x1, b.y1)
