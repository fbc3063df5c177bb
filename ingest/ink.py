"""A page's ink: its grey and small copies, black on white with the uneven background divided out,
its ink as a mask and as blobs, and which blobs are letters.

These are the measurements every decision about a page is made from (`preprocess.prepare`,
`photo` for curled and photographed pages, `spreads` for the gutter of two facing pages,
`numbers_pass` for page numbers); none of them decides anything itself.
"""

from __future__ import annotations

import cv2
import numpy as np


def to_gray(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return image
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def downscale(gray: np.ndarray, max_side: int) -> tuple[np.ndarray, float]:
    """The image shrunk to at most `max_side` pixels a side (never enlarged), and the factor."""
    h, w = gray.shape[:2]
    f = min(1.0, max_side / max(h, w))
    if f >= 1.0:
        return gray, 1.0
    return cv2.resize(gray, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA), f


def binarise(
    gray: np.ndarray, *, background_kernel: int = 41, small: tuple[np.ndarray, float] | None = None
) -> np.ndarray:
    """Black text on white: divide out the uneven background (a large dilation of the page),
    then Otsu's threshold. Handles shading and faint show-through better than a global threshold.
    `small`: the page's copy at most 1200 pixels a side and its scale (`downscale(gray, 1200)`),
    when already made; the background is measured on it."""
    copy, f = downscale(gray, 1200) if small is None else small
    return _divided(gray, _background(copy, f, background_kernel))[1]


def binarise_image(image: np.ndarray) -> np.ndarray:
    """A page image (grey or colour, as decoded) binarised (`binarise` of its grey, 0/255): the ink
    the layout checks measure marks and glyphs on."""
    return binarise(np.ascontiguousarray(to_gray(image)))


def _background(small: np.ndarray, f: float, background_kernel: int) -> np.ndarray:
    """The page's background on its small copy (scale `f`): a dilation by the kernel scaled alike."""
    kk = max(3, round((background_kernel | 1) * f) | 1)
    return cv2.medianBlur(cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (kk, kk))), 5)


def _divided(gray: np.ndarray, bg_small: np.ndarray) -> tuple[float, np.ndarray]:
    """Otsu's threshold of the page divided by its background (measured small, enlarged), and the
    page so thresholded."""
    bg = cv2.resize(bg_small, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    norm = cv2.divide(gray, np.maximum(bg, 1), scale=255)
    t, out = cv2.threshold(norm, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return t, out


def binarise_with_preview(
    gray: np.ndarray, *, background_kernel: int = 41
) -> tuple[np.ndarray, np.ndarray, float]:
    """`binarise`, plus the same done on the copy at most 1200 pixels high that the background is
    measured on (for cheap measurements of the page) and that copy's scale."""
    small, f = downscale(gray, 1200)
    bg_small = _background(small, f, background_kernel)
    t, out = _divided(gray, bg_small)
    if f >= 1.0:
        return out, out, 1.0
    _, preview = cv2.threshold(
        cv2.divide(small, np.maximum(bg_small, 1), scale=255), t, 255, cv2.THRESH_BINARY
    )
    return out, preview, f


def binarise_small(
    small: np.ndarray, f: float, gray: np.ndarray, *, background_kernel: int = 41, sample: int = 3
) -> np.ndarray:
    """`binarise` of the page's small copy (`f`: its scale against the page `gray`), its background
    measured with the kernel scaled alike: the copy every decision about the page is made on. The
    threshold is Otsu's on every `sample`-th pixel of the full page divided by its background, as
    `binarise` sets it (the small copy's own histogram is blurred by the shrinking, which thickens
    the letters)."""
    bg = _background(small, f, background_kernel)
    if f < 1.0:
        few = gray[::sample, ::sample]
        few_bg = cv2.resize(bg, (few.shape[1], few.shape[0]), interpolation=cv2.INTER_LINEAR)
        t, _ = cv2.threshold(
            cv2.divide(few, np.maximum(few_bg, 1), scale=255), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU
        )
        kind = cv2.THRESH_BINARY
    else:
        t, kind = 0, cv2.THRESH_BINARY + cv2.THRESH_OTSU
    return cv2.threshold(cv2.divide(small, np.maximum(bg, 1), scale=255), t, 255, kind)[1]


def ink_mask(binary: np.ndarray) -> np.ndarray:
    """1 where a 0/255 (or grey) page has ink, darker than 128, else 0: `(binary < 128)` as uint8,
    in one pass."""
    return cv2.threshold(binary, 127, 1, cv2.THRESH_BINARY_INV)[1]


#: Most set pixels a mask may have to be labelled with 16 bits: each blob has one at least, and
#: OpenCV needs its count of labels, the background's included, under 65,535.
_MAX_16BIT_LABELS = 65534


def components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """`cv2.connectedComponentsWithStats(mask, connectivity=8)` (8-bit mask, nonzero = set): the
    number of labels, the label image and each label's statistics. The labels are 16-bit when the
    mask has too few set pixels to need more (a blob has at least one): the same labels and
    statistics, for a third of the CPU time on a page-sized mask (labelling an almost empty page
    with 32-bit labels took 27 ms, with 16-bit 8 ms)."""
    ltype = cv2.CV_16U if cv2.countNonZero(mask) <= _MAX_16BIT_LABELS else cv2.CV_32S
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=ltype)
    return n, labels, stats


def ink_blobs(binary: np.ndarray) -> np.ndarray:
    """Statistics (x, y, width, height, area) of the 8-connected ink blobs of a 0/255 page (black
    text), one row each: what the letter count, the letter size and the line-bend measure read."""
    return components(ink_mask(binary))[2][1:]


def letter_blobs(stats: np.ndarray, page_height: int) -> np.ndarray:
    """Which of a page's `ink_blobs` (`stats`, on a page `page_height` pixels high) are letter-like:
    not specks, not rules or pictures (the test `count_glyphs` counts)."""
    h = stats[:, cv2.CC_STAT_HEIGHT]
    w = stats[:, cv2.CC_STAT_WIDTH]
    area = stats[:, cv2.CC_STAT_AREA]
    min_h = max(3, round(0.004 * page_height))  # ~5 pt type at any resolution
    return np.asarray((h >= min_h) & (h <= 0.06 * page_height) & (w <= 5 * h) & (area >= 0.15 * h * w))


def count_glyphs(preview: np.ndarray, blobs: np.ndarray | None = None) -> tuple[int, float | None]:
    """Letter-like ink blobs on a 0/255 page (not specks, not rules or pictures), and their median
    height in its pixels (None if too few to tell). `blobs`: the page's `ink_blobs`, if known.
    The one definition of a letter: whether a page is blank, the size of its type (enlarging, the
    dpi warning) and the letter height curled lines are traced with (`photo.text_lines`)."""
    stats = ink_blobs(preview) if blobs is None else blobs
    if not len(stats):
        return 0, None
    h = stats[:, cv2.CC_STAT_HEIGHT]
    letters = letter_blobs(stats, preview.shape[0])
    count = int(letters.sum())
    if count < 30:
        return count, None
    hl = h[letters]
    hl = hl[hl >= 0.4 * np.quantile(hl, 0.9)]  # not dots, commas, dotted leaders
    return count, float(np.median(hl))
