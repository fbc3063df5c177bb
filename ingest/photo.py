"""Photographed pages: the page's outline and perspective, the size of the type, curled lines.

Each function decides one thing from the page's own measurements and says so in its docstring.
`find_page_quad` and `dewarp` return None or the image unchanged when the page does not need them,
so flat scans pay only for the look (a few tens of milliseconds on a small copy).

Curl is modelled as a smooth vertical displacement d(x, y) (a polynomial of degree 3 in x and 3
in y, without pure-y terms) fitted by least squares to the centre lines of the text lines, each
line keeping its own height: `y_point = y_line + d(x, y_point)`. Straightening samples the page at
`y + d(x, y)`. This is the text-line flattening that page-dewarp's cubic sheet and OCR-D's
dewarping processors do, reduced to one linear fit (page-dewarp itself needs the GUI build of
OpenCV, which Quire's servers leave out).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ingest.ink import binarise, components, count_glyphs, downscale, ink_blobs, ink_mask, letter_blobs

#: Median letter height (pixels) of book type scanned at 300 dpi (10–12 pt; measured on the
#: bench renders: 22–27 px). Used to express a page's resolution in dpi.
GLYPH_PX_AT_300_DPI = 24.0


def _order_corners(pts: np.ndarray) -> np.ndarray:
    """Top-left, top-right, bottom-right, bottom-left."""
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]], np.float32)


def find_page_quad(
    gray: np.ndarray,
    *,
    min_area: float = 0.25,
    max_area: float = 0.92,
    min_contrast: float = 25.0,
) -> np.ndarray | None:
    """The four corners of a bright page lying on a darker surround (a photo on a table), in the
    image's pixels, or None when the page fills the picture (a scan) or no clear outline shows.
    The page must cover between `min_area` and `max_area` of the image and be at least
    `min_contrast` grey levels brighter than what lies around it."""
    small, f = downscale(gray, 800)
    blur = cv2.GaussianBlur(small, (5, 5), 0)
    t, mask = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15)))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    c = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(c) / (small.shape[0] * small.shape[1])
    if not (min_area <= area <= max_area):
        return None
    hull = cv2.convexHull(c)
    quad = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
    if len(quad) != 4:
        rect = cv2.minAreaRect(hull)
        quad = cv2.boxPoints(rect)
    quad = _order_corners(quad.reshape(-1, 2).astype(np.float32))
    inside = np.zeros(small.shape, np.uint8)
    cv2.fillConvexPoly(inside, quad.astype(np.int32), 255)
    page_level = float(np.median(small[inside > 0]))
    surround = small[inside == 0]
    if surround.size == 0 or page_level - float(np.median(surround)) < min_contrast:
        return None
    if print_outside(small, quad):
        return None
    return quad / f


def print_outside(
    small: np.ndarray, quad: np.ndarray, *, share: float = 0.005, least: int = 10, size_off: float = 0.3
) -> bool:
    """Whether lines of print lie outside `quad` (corners on the grey page `small`): at least
    `least`, and `share` of the page's letters (`ink.letter_blobs`), are centred more than a
    letter's height outside it, are of the page's letter height (within `size_off` of its median)
    and stand in a row with another such letter (at most three letter heights apart). Then the
    outline is not the page's edge but uneven light on a scan (a darker corner of a flatbed page
    taken for the surround), and flattening it would warp the print. Specks and the texture of a
    table or of a book's edge around a photographed page vary in size and stand in no rows."""
    stats = ink_blobs(binarise(small))
    letters = stats[letter_blobs(stats, small.shape[0])]
    if len(letters) < least:
        return False
    h = letters[:, cv2.CC_STAT_HEIGHT].astype(np.float64)
    size = float(np.median(h))
    contour = quad.reshape(-1, 1, 2).astype(np.float32)
    cx = letters[:, cv2.CC_STAT_LEFT] + letters[:, cv2.CC_STAT_WIDTH] / 2
    cy = letters[:, cv2.CC_STAT_TOP] + h / 2
    depth = np.array(
        [cv2.pointPolygonTest(contour, (float(x), float(y)), True) for x, y in zip(cx, cy, strict=True)]
    )
    out = (depth < -size) & (np.abs(h - size) <= size_off * size)
    x, y = cx[out], cy[out]
    near = (np.abs(y[:, None] - y[None, :]) < size / 2) & (np.abs(x[:, None] - x[None, :]) <= 3 * size)
    rowed = int((near.sum(axis=1) > 1).sum())  # each letter is near itself
    return rowed >= max(least, share * len(letters))


def flatten_perspective(image: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The page inside `quad` warped to an upright rectangle whose sides are the quad's longer
    opposite sides (no resolution is lost)."""
    tl, tr, br, bl = quad
    w = int(round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))))
    h = int(round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))))
    dst = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
    m = cv2.getPerspectiveTransform(quad.astype(np.float32), dst)
    return cv2.warpPerspective(image, m, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


def effective_dpi(glyph: float) -> int:
    """The resolution book type of median letter height `glyph` pixels was captured at."""
    return int(round(300 * glyph / GLYPH_PX_AT_300_DPI))


@dataclass(frozen=True)
class LineCurves:
    """Sampled centre points of the page's text lines (x, y) and the line each belongs to."""

    x: np.ndarray
    y: np.ndarray
    line: np.ndarray
    glyph: float  # median letter height, pixels

    @property
    def count(self) -> int:
        return int(self.line.max()) + 1 if self.line.size else 0


def text_lines(
    binary: np.ndarray, *, min_width: float = 0.2, step: float = 1.0, blobs: np.ndarray | None = None
) -> LineCurves | None:
    """Centre points of the long text lines of a 0/255 page: letters are smeared along the line
    into one blob per line; each blob at least `min_width` of the page wide is sampled every
    `step` letter heights (the mean height of its ink there). `blobs`: the page's ink blobs."""
    glyph = count_glyphs(binary, blobs)[1]
    if glyph is None:
        return None
    ink = ink_mask(binary)
    k = max(3, int(round(glyph * 1.6)))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1))
    smear = cv2.morphologyEx(cv2.morphologyEx(ink, cv2.MORPH_CLOSE, kernel), cv2.MORPH_OPEN, kernel)
    n, labels, stats = components(smear)
    W = binary.shape[1]
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    good = (w >= min_width * W) & (h <= 3.5 * glyph) & (h >= 0.5 * glyph)
    good[0] = False
    if good.sum() < 3:
        return None
    ys, xs = np.nonzero(ink)
    lab = labels[ys, xs]
    on = good[lab]
    ys, xs, lab = ys[on], xs[on], lab[on]
    bin_w = max(2, int(round(glyph * step)))
    nb = W // bin_w + 1
    key = lab.astype(np.int64) * nb + xs // bin_w
    cnt = np.bincount(key)
    sy = np.bincount(key, weights=ys)
    keys = np.flatnonzero(cnt >= glyph)  # a bin holding only a space's edge tells nothing
    line_of = keys // nb
    _, line = np.unique(line_of, return_inverse=True)
    if line.size == 0 or line.max() < 2:
        return None
    x = (keys % nb + 0.5) * bin_w
    y = sy[keys] / cnt[keys]
    return LineCurves(x.astype(np.float64), y, line, glyph)


def _terms(x: np.ndarray, y: np.ndarray, w: float, h: float) -> np.ndarray:
    u, v = x / w - 0.5, y / h - 0.5
    cols = [u**a * v**b for b in range(4) for a in (1, 2, 3)]
    return np.stack(cols, axis=1)


N_TERMS = 12


def fit_curl(lines: LineCurves, width: int, height: int) -> np.ndarray | None:
    """Coefficients of the displacement d(x, y) (see the module docstring), fitted robustly (the
    worst tenth of the points, misread blobs and figures, are dropped and the fit redone)."""
    n = lines.count
    keep = np.ones(lines.x.size, bool)
    coef = None
    for _ in range(2):
        x, y, li = lines.x[keep], lines.y[keep], lines.line[keep]
        a = np.zeros((x.size, n + N_TERMS))
        a[np.arange(x.size), li] = 1.0
        a[:, n:] = _terms(x, y, width, height)
        sol, *_ = np.linalg.lstsq(a, y, rcond=None)
        coef = sol[n:]
        res = np.abs(a @ sol - y)
        if keep.sum() < 50:
            break
        cut = np.quantile(res, 0.9)
        idx = np.flatnonzero(keep)
        keep[idx[res > cut]] = False
    return coef


def curl_extent(lines: LineCurves, *, quantile: float = 0.8) -> float:
    """How far the text lines bend, in letter heights: the median over lines of the largest
    distance of a line's centre from the straight line (chord) through its ends, after the tilt
    is taken out, at the `quantile` of the page's lines (a photo often curls only near its top or
    foot). About 0.1–0.2 on a flat scan; a curled photo measures 1 or more."""
    bends = []
    for i in range(lines.count):
        m = lines.line == i
        if m.sum() < 5:
            continue
        x, y = lines.x[m], lines.y[m]
        p = np.polyfit(x, y, 1)
        r = y - np.polyval(p, x)
        q = np.polyfit(x, r, 2)  # the bow, without the letters' own up and down
        fit = np.polyval(q, x)
        bends.append(float(fit.max() - fit.min()))
    if not bends:
        return 0.0
    return float(np.quantile(bends, quantile)) / max(lines.glyph, 1.0)


#: Lines bending less than this (letter heights, see `curl_extent`) are left as they are.
MIN_BEND = 0.35


def line_bend(binary: np.ndarray, blobs: np.ndarray | None = None) -> float:
    """`curl_extent` of a 0/255 page (0.0 when it has too few long text lines to tell); `blobs`:
    the page's `ink.ink_blobs`, when already made."""
    lines = text_lines(binary, blobs=blobs)
    return 0.0 if lines is None else curl_extent(lines)


def print_mask(binary: np.ndarray, reach: float) -> np.ndarray:
    """Where a 0/255 page has print: its letter-like blobs (`letter_blobs`), each box grown by
    `reach` pixels on every side (a dust speck or the page's edge is no letter)."""
    mask = np.zeros(binary.shape[:2], bool)
    stats = ink_blobs(binary)
    if not len(stats):
        return mask
    r = int(round(reach))
    for x, y, w, h in stats[letter_blobs(stats, binary.shape[0])][:, :4]:
        mask[max(0, y - r) : y + h + r, max(0, x - r) : x + w + r] = True
    return mask


def folds(xs: np.ndarray, ys: np.ndarray, rows: np.ndarray, print_at: np.ndarray, scale: float) -> bool:
    """Whether a sampling map turns back on itself where the page has print: on a grid of points
    `xs`, `ys` (rows of the grid top to bottom), `rows` gives the row each is read from, and one is
    read from no lower a row than the point above it, between two points of which `print_at`
    (`print_mask`, on a copy `scale` times the page's size) holds one. A paper's curl never folds
    it, so such a map is a fit gone wrong: a page of a few lines in one band (a contents page: a
    title and two entries a fifth of the way down) leaves the fit's terms in y unmeasured, and it
    bent the rest of the page by thousands of letter heights and folded the lines themselves over.
    A fold out in an empty margin (a chapter's last lines at the head of a page, the fit run on
    below them) touches no print and is let be."""
    turned = np.diff(rows, axis=0) <= 0
    if not turned.any():
        return False
    h, w = print_at.shape
    col = np.clip(np.round(xs * scale).astype(int), 0, w - 1)
    row = np.clip(np.round(ys * scale).astype(int), 0, h - 1)
    printed = print_at[row, col]
    return bool((turned & (printed[1:] | printed[:-1])).any())


def dewarp(
    display: np.ndarray, gray: np.ndarray, binary: np.ndarray, *, min_bend: float = MIN_BEND
) -> tuple[np.ndarray, np.ndarray, float] | None:
    """Straighten curled text lines: returns (display, grey) resampled and the bend measured (in
    letter heights), or None when the lines bend less than `min_bend` letter heights (flat page:
    nothing is resampled) or when the curl fitted would fold the page where it has print
    (`folds`: the lines do not measure it; the page is read as photographed). The three images
    share one size."""
    small_bin, f = downscale(binary, 1200)
    small_bin = np.where(small_bin < 128, 0, 255).astype(np.uint8)
    lines = text_lines(small_bin)
    if lines is None:
        return None
    bend = curl_extent(lines)
    if bend < min_bend:
        return None
    h, w = small_bin.shape
    coef = fit_curl(lines, w, h)
    if coef is None:
        return None
    H, W = binary.shape[:2]
    step = 8
    gx, gy = np.meshgrid(
        np.arange(0, W + step, step, dtype=np.float64), np.arange(0, H + step, step, dtype=np.float64)
    )
    d = (_terms(gx.ravel() * f, gy.ravel() * f, w, h) @ coef).reshape(gx.shape) / f
    # d is measured relative to the line's own height; take out its mean along each row so the
    # page does not drift up or down as a whole
    d -= d.mean(axis=1, keepdims=True)
    if folds(gx, gy, gy + d, print_mask(small_bin, lines.glyph), f):
        return None
    map_y = cv2.resize((gy + d).astype(np.float32), (W, H), interpolation=cv2.INTER_LINEAR)
    map_x = np.tile(np.arange(W, dtype=np.float32), (H, 1))

    def warp(img: np.ndarray) -> np.ndarray:
        return cv2.remap(img, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)

    return warp(display), warp(gray), bend
