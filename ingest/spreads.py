"""Two facing pages in one image (a book scanner's or flatbed's spread): find the gutter and cut.

`find_gutter` looks at a page image the way a person does: is it wider than tall, is there a dark
fold (the gutter's shadow) or an empty valley between two blocks of text near the middle? It
returns the cut column, or None for a single page. It runs in the coordinator when files are
registered, on a small copy of the image, and only for images wider than tall.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ingest.ink import binarise, to_gray
from ingest.options import SpreadMode
from ingest.preprocess import find_dark_borders

VERSION = "1"

#: Width of the small copy the decision is made on (pixels).
WORK_WIDTH = 1000


@dataclass(frozen=True)
class Gutter:
    """Where a spread is cut, in pixels of the image given, and what showed it."""

    x: int
    shadow: float  # how much darker the fold is than the paper (grey levels, 0 = no shadow)
    valley: bool  # an empty column band with text on both sides
    forced: bool = False  # cut because the user said every wide image is a spread

    def record(self) -> dict[str, object]:
        return {"cut": self.x, "shadow": round(self.shadow, 1), "valley": self.valley, "forced": self.forced}


def _smooth(profile: np.ndarray, width: int) -> np.ndarray:
    k = max(1, width) | 1
    return np.convolve(np.pad(profile, k // 2, mode="edge"), np.ones(k) / k, mode="valid")


def _text_columns(ink: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
    """Share of each column's rows that hold text-sized ink (big blobs such as pictures, shadows
    and the scanner's surround, and single specks, are left out so that only lettering counts),
    the median height of the letters (pixels), and the same share for each row."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    h = ink.shape[0]
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    areas = stats[1:, cv2.CC_STAT_AREA]
    keep = np.zeros(n, bool)
    keep[1:] = (heights <= 0.05 * h) & (areas >= 3)
    glyph = float(np.median(heights[keep[1:]])) if keep.any() else 0.0
    lettering = keep[labels]
    return lettering.mean(axis=0), glyph, lettering.mean(axis=1)


def _lines_run_down(columns: np.ndarray, rows: np.ndarray, *, ratio: float = 1.6) -> bool:
    """True when the lettering's column profile is sharper than its row profile by `ratio`: the
    lines run down the image (a page turned on its side), as `preprocess.detect_quarter_turn`
    judges a page, but on lettering only, so a spread's dark fold does not count as a line."""
    if columns.sum() <= 0 or rows.sum() <= 0:
        return False
    c = float(np.var(columns / columns.mean()))
    r = float(np.var(rows / rows.mean()))
    return c > ratio * r


def _line_across(ink: np.ndarray, x: int, glyph: float, *, reach: float = 2.0, similar: float = 1.6) -> bool:
    """Whether a line of lettering runs across column `x`: a letter ending left of `x` and one
    starting right of it on the same line (overlapping by half the smaller height, of heights
    within `similar` of each other, at least half the usual letter `glyph`), with less than
    `reach` times their height of white between them: a word space of a title set over both
    halves, where a book's gutter holds two page margins (many letter heights) and no line."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    h = ink.shape[0]
    xs, ys = stats[1:, cv2.CC_STAT_LEFT], stats[1:, cv2.CC_STAT_TOP]
    ws, hs = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    letter = (hs >= max(3.0, 0.5 * glyph)) & (hs <= 0.2 * h) & (ws <= 3 * hs)
    ends = xs + ws
    near = reach * hs
    left = np.flatnonzero(letter & (ends <= x) & (x - ends <= near))
    right = np.flatnonzero(letter & (xs >= x) & (xs - x <= near))
    for i in left:
        for j in right:
            lo, hi = min(hs[i], hs[j]), max(hs[i], hs[j])
            overlap = min(ys[i] + hs[i], ys[j] + hs[j]) - max(ys[i], ys[j])
            if hi <= similar * lo and overlap >= 0.5 * lo and xs[j] - ends[i] <= reach * lo:
                return True
    return False


#: A fold that overrides the look of a page fed sideways is at least this share of the way from
#: the paper's brightness to the ink's.
DEEP_FOLD = 0.25


def _deep_fold(
    gray: np.ndarray, ink: np.ndarray, shadow: float, paper_l: float, paper_r: float, min_shadow: float
) -> bool:
    """Whether a fold's shadow is deep: `min_shadow` grey levels and `DEEP_FOLD` of the way from the
    paper (the lighter side's) to the ink's median grey. A page's own faint shading is not."""
    if shadow < min_shadow or not ink.any():
        return False
    contrast = max(paper_l, paper_r) - float(np.median(gray[ink]))
    return shadow >= DEEP_FOLD * contrast


def find_gutter(
    image: np.ndarray,
    *,
    mode: SpreadMode = "auto",
    min_aspect: float = 1.12,
    band: tuple[float, float] = (0.3, 0.7),
    min_shadow: float = 12.0,
    valley_share: float = 0.15,
    min_text_share: float = 0.2,
    max_half_aspect: float = 1.05,
) -> Gutter | None:
    """The gutter of a two-page spread, or None for a single page.

    Only an image at least `min_aspect` times wider than tall (after its dark surround is cut
    off) can be a spread; `mode="no"` never cuts, `mode="yes"` cuts every such image (at the
    best gutter found, else the middle). In `auto` the cut needs, inside the middle `band` of the
    width, either a fold at least `min_shadow` grey levels darker than the paper on both sides,
    or a column band whose lettering is under `valley_share` of the text's usual density, with
    lettering on both sides of it inside the band and on at least `min_text_share` of the columns
    of each side, and no half wider than `max_half_aspect` × its height (a book's page is upright:
    a landscape table with two columns is not two pages). An image whose lines run down it (a
    single page fed sideways, its text turned 90°) is never cut in `auto`."""
    if mode == "no":
        return None
    gray = to_gray(image)
    H, W = gray.shape[:2]
    f = min(1.0, WORK_WIDTH / W)
    small = cv2.resize(gray, (round(W * f), round(H * f)), interpolation=cv2.INTER_AREA) if f < 1 else gray
    x0, y0, x1, y1 = find_dark_borders(small)
    if (x1 - x0) < small.shape[1] * 0.5 or (y1 - y0) < small.shape[0] * 0.5:
        x0, y0, x1, y1 = 0, 0, small.shape[1], small.shape[0]
    inner = small[y0:y1, x0:x1]
    h, w = inner.shape
    if w < min_aspect * h:
        return None
    lo, hi = int(w * band[0]), int(w * band[1])

    # the fold: a dark, narrow dip in the paper's brightness
    bright = _smooth(np.median(inner, axis=0).astype(np.float64), w // 200)
    fold = lo + int(np.argmin(bright[lo:hi]))
    paper_l = float(np.percentile(bright[: max(fold, 1)], 75))
    paper_r = float(np.percentile(bright[fold:], 75))
    shadow = max(0.0, min(paper_l, paper_r) - float(bright[fold]))

    # the valley: no lettering between two text blocks
    ink = binarise(inner) == 0
    columns, glyph, rows = _text_columns(ink)
    run_down = mode == "auto" and _lines_run_down(columns, rows)
    # smoothed over a few letters' width: the aligned spaces of typewritten lines are no gutter
    text = _smooth(columns, max(3, round(3 * glyph)))

    def lettered(x: int) -> bool:
        return bool(text[lo:x].max(initial=0) > 0 and text[x:hi].max(initial=0) > 0)

    usual = float(np.percentile(text[text > 0.005], 60)) if np.any(text > 0.005) else 0.0
    valley_x, valley = None, False
    if usual > 0:
        low = text[lo:hi] <= valley_share * usual
        if low.any():
            # the widest run of empty columns in the band, cut in its middle
            runs, start = [], None
            for i, v in enumerate(np.append(low, False)):
                if v and start is None:
                    start = i
                elif not v and start is not None:
                    runs.append((i - start, start, i))
                    start = None
            _, a, b = max(runs)
            valley_x = lo + (a + b) // 2
            # a gutter has lettering close by on both sides, inside the band
            inside = a > 0 and b < len(low)
            left_text = float(np.mean(text[:valley_x] > valley_share * usual))
            right_text = float(np.mean(text[valley_x:] > valley_share * usual))
            half_l = valley_x / h
            half_r = (w - valley_x) / h
            valley = (
                inside
                and min(left_text, right_text) >= min_text_share
                and half_l <= max_half_aspect
                and half_r <= max_half_aspect
            )

    if run_down and not (_deep_fold(inner, ink, shadow, paper_l, paper_r, min_shadow) and lettered(fold)):
        # one page fed sideways (its lines run down the image), not two upright pages; unless a
        # deep fold has lettering on both sides inside the band: two pages, one of them sparse (a
        # contents page) and the other in columns, make the column profile the sharper too
        return None
    if shadow >= min_shadow:
        x = fold
    elif valley and valley_x is not None:
        x = valley_x
    elif mode == "yes":
        x = valley_x if valley_x is not None else w // 2
    else:
        return None
    if mode == "auto" and _line_across(ink, x, glyph):
        return None  # one layout over the whole image (a magazine's title across the fold)
    return Gutter(
        x=round((x0 + x) / f),
        shadow=shadow,
        valley=valley,
        forced=mode == "yes" and shadow < min_shadow and not valley,
    )


def halves(width: int, height: int, cut: int) -> tuple[tuple[int, int, int, int], tuple[int, int, int, int]]:
    """The two page regions (x0, y0, x1, y1) of a spread cut at column `cut`, left page first
    (reading order of left-to-right scripts)."""
    cut = max(1, min(width - 1, cut))
    return (0, 0, cut, height), (cut, 0, width, height)


@dataclass(frozen=True)
class SpreadCut:
    """A spread found in a page image: the gutter and the two page regions, in pixels of the
    image as it is meant to be seen (its EXIF orientation applied)."""

    gutter: Gutter
    left: tuple[int, int, int, int]
    right: tuple[int, int, int, int]


def find_spread(data: bytes, width: int, height: int, *, mode: SpreadMode = "auto") -> SpreadCut | None:
    """Decide whether an encoded page image (`width` × `height` as stored) holds two pages. Images
    that are not wider than tall are never decoded (flat single-page scans pay nothing)."""
    from ingest.pagework import decode, exif_orientation

    if mode == "no":
        return None
    if exif_orientation(data) in (5, 6, 7, 8):
        width, height = height, width
    if width < height:
        return None
    small = decode(data, flags=cv2.IMREAD_REDUCED_GRAYSCALE_2)
    gutter = find_gutter(small, mode=mode)
    if gutter is None:
        return None
    f = width / small.shape[1]
    gutter = Gutter(round(gutter.x * f), gutter.shadow, gutter.valley, gutter.forced)
    left, right = halves(width, height, gutter.x)
    return SpreadCut(gutter, left, right)
