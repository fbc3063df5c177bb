"""Scan cleanup before OCR (OpenCV): a photo's page outline and perspective, dark scanner borders,
90° orientation, skew, the size of the type, curled lines, binarisation.

Every function takes and returns numpy images and says in its docstring what it decides; the
measurements they decide from (grey and small copies, binarisation, ink blobs, letters) are in
`ingest.ink`, the photographed page's outline and curl in `ingest.photo`. The
cleaned *display* image (orientation fixed, deskewed, borders cropped, not binarised) is what the
word boxes refer to; the binarised image only feeds Tesseract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from ingest import photo as photo_
from ingest.ink import binarise, binarise_small, count_glyphs, downscale, ink_blobs, to_gray

VERSION = "4"
#: Longest side (pixels) of the small copy of a page that every decision about it is made on.
DETECT_SIDE = 1200


@dataclass(frozen=True)
class Prepared:
    display: np.ndarray  # grey or BGR, what the reader sees; boxes refer to it
    binary: np.ndarray  # 0/255 uint8, for Tesseract
    rotation: int  # clockwise quarter turns applied (0, 90, 180, 270)
    skew: float  # degrees the page was turned to straighten it
    crop: tuple[int, int, int, int]  # x0, y0, x1, y1 of the kept part in the oriented image
    notes: dict[str, Any] = field(default_factory=dict)
    scale: float = 1.0  # the page was enlarged by this factor (small type); dpi grows with it
    blank: bool = False  # no lettering at all: nothing for OCR to read
    warnings: tuple[str, ...] = ()

    @property
    def untouched(self) -> bool:
        """The display image is the page as given: nothing cut, turned, enlarged or flattened."""
        h, w = self.display.shape[:2]
        return (
            self.rotation == 0
            and not self.skew
            and self.scale == 1.0
            and self.crop == (0, 0, w, h)
            and "page_outline" not in self.notes
            and "dewarped" not in self.notes
        )

    def record(self) -> dict[str, Any]:
        rec = {"rotation": self.rotation, "skew": round(self.skew, 2), "crop": list(self.crop), **self.notes}
        if self.scale != 1.0:
            rec["scale"] = round(self.scale, 3)
        return rec


def find_dark_borders(
    gray: np.ndarray,
    *,
    dark_level: int = 90,
    min_dark_share: float = 0.6,
    max_border: float = 0.25,
    edge_slack: float = 0.02,
) -> tuple[int, int, int, int]:
    """Box of the page without dark scanner borders: a band of rows/columns that are mostly darker
    than `dark_level`, starting within `edge_slack` of an edge (scanner edges are often a little
    lighter) and reaching at most `max_border` into the page, is cut off. Returns x0, y0, x1, y1."""
    small, f = downscale(gray, 1000)
    dark = small < dark_level
    h, w = dark.shape

    def cut(share: np.ndarray, size: int) -> int:
        limit, slack = int(size * max_border), max(1, int(size * edge_slack))
        start = next((i for i in range(slack) if share[i] >= min_dark_share), None)
        if start is None:
            return 0
        n = start
        while n < limit and share[n] >= min_dark_share:
            n += 1
        return min(limit, n + 2)  # a little margin past the edge of the dark band

    col = dark.mean(axis=0)
    row = dark.mean(axis=1)
    left, right = cut(col, w), cut(col[::-1], w)
    top, bottom = cut(row, h), cut(row[::-1], h)
    H, W = gray.shape[:2]
    return (round(left / f), round(top / f), W - round(right / f), H - round(bottom / f))


def _full_box(box: tuple[int, int, int, int], f: float, width: int, height: int) -> tuple[int, int, int, int]:
    """A box measured on the small copy (scale `f`) in the page's own pixels; an edge of the copy
    is the page's edge."""
    x0, y0, x1, y1 = box
    sw, sh = round(width * f), round(height * f)
    return (
        round(x0 / f),
        round(y0 / f),
        width - round((sw - x1) / f),
        height - round((sh - y1) / f),
    )


def _ink_points(binary: np.ndarray, max_side: int = 1400) -> tuple[np.ndarray, np.ndarray]:
    small, _ = downscale(cv2.bitwise_not(binary), max_side)
    ys, xs = np.nonzero(small > 127)
    if len(xs) > 200_000:  # plenty for a projection; keeps the search fast on dense pages
        step = len(xs) // 200_000 + 1
        xs, ys = xs[::step], ys[::step]
    return xs.astype(np.float64), ys.astype(np.float64)


def _projection_score(xs: np.ndarray, ys: np.ndarray, angle_deg: float) -> float:
    """Sharpness of the horizontal ink profile after turning the page by `angle_deg`."""
    a = np.deg2rad(angle_deg)
    y = ys * np.cos(a) - xs * np.sin(a)
    hist = np.bincount((y - y.min()).astype(np.int64))
    return float(np.sum(hist.astype(np.float64) ** 2))


def detect_quarter_turn(binary: np.ndarray, *, ratio: float = 1.6) -> bool:
    """True when text lines run vertically (page fed sideways): the column profile of the ink is
    sharper than the row profile by `ratio`."""
    xs, ys = _ink_points(binary, 1000)
    if len(xs) < 500:
        return False
    rows = np.bincount(ys.astype(np.int64)).astype(np.float64)
    cols = np.bincount(xs.astype(np.int64)).astype(np.float64)
    # normalise by mean so that page shape does not matter
    r = float(np.var(rows / max(rows.mean(), 1e-9)))
    c = float(np.var(cols / max(cols.mean(), 1e-9)))
    return c > ratio * r


def detect_skew(
    binary: np.ndarray,
    *,
    max_angle: float = 10.0,
    coarse_step: float = 0.5,
    fine_step: float = 0.05,
    coarse_points: int = 40_000,
    near: float | None = None,
    refine: bool = True,
) -> float:
    """Angle in degrees (counter-clockwise positive) by which the text lines are tilted, found by
    maximising the sharpness of the horizontal projection profile; 0.0 for pages without text.
    The coarse search uses a sample of `coarse_points` ink pixels, the fine search all of them.
    `near`: an angle already found on a smaller copy of the page; only the fine search is made,
    within one `coarse_step` of it. Without `refine`, the coarse search's angle is returned."""
    xs, ys = _ink_points(binary)
    if len(xs) < 500:
        return 0.0
    if near is None:
        step = max(1, len(xs) // coarse_points)
        cx, cy = xs[::step], ys[::step]
        coarse = np.arange(-max_angle, max_angle + 1e-9, coarse_step)
        best = max(coarse, key=lambda a: _projection_score(cx, cy, a))
        if not refine:
            return float(best)
    else:
        best = max(-max_angle, min(max_angle, near))
    fine = np.arange(best - coarse_step, best + coarse_step + 1e-9, fine_step)
    best = max(fine, key=lambda a: _projection_score(xs, ys, a))
    return float(round(best, 2))


def rotate(image: np.ndarray, angle_deg: float, *, fill: int = 255) -> np.ndarray:
    """Turn counter-clockwise by `angle_deg` about the centre, keeping the size; new corners white."""
    if abs(angle_deg) < 1e-3:
        return image
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle_deg, 1.0)
    border = fill if image.ndim == 2 else (fill, fill, fill)
    return cv2.warpAffine(
        image, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=border
    )


def quarter_turn(image: np.ndarray, turns_clockwise: int) -> np.ndarray:
    codes = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}
    t = turns_clockwise % 4
    return image if t == 0 else cv2.rotate(image, codes[t])


#: Type whose median letter is smaller than this (pixels) is enlarged for Tesseract ...
ENLARGE_BELOW = 17.0
#: ... to this median letter height, by at most MAX_ENLARGE.
ENLARGE_TO = 24.0
MAX_ENLARGE = 2.5
#: Below this resolution (dpi, from the size of the type) a page gets a warning: OCR will be poor.
MIN_GOOD_DPI = 150
#: Fewer letter-like blobs than this and the page is blank.
BLANK_MAX_GLYPHS = 3


def prepare(
    image: np.ndarray,
    *,
    rotation: int | None = None,
    deskew: bool = True,
    crop_borders: bool = True,
    max_skew: float = 10.0,
    photo: bool = True,
) -> Prepared:
    """Straighten a page for OCR. `rotation` (clockwise degrees) forces the orientation; otherwise
    a page with vertical text lines is turned 90° clockwise and the OCR step checks the result.
    With `photo`, a page lying on a darker surround is cut out and its perspective flattened, and
    curled lines are straightened; small type is enlarged (and a warning given when too small).

    Everything is decided on one small copy of the page (at most DETECT_SIDE pixels): the page
    outline, the dark borders, blank or not, the letter size, the quarter turn, curl and skew. The
    full-size page is then cropped, enlarged, turned and deskewed once (the display image too, only
    when it is in colour: a grey page is its own display image) and binarised once for Tesseract."""
    notes: dict[str, Any] = {}
    warnings: list[str] = []
    gray = to_gray(image)
    small, f = downscale(gray, DETECT_SIDE)
    if photo:
        quad = photo_.find_page_quad(small)
        if quad is not None:
            quad = quad / f
            image = photo_.flatten_perspective(image, quad)
            notes["page_outline"] = [[round(float(v)) for v in pt] for pt in quad]
            gray = to_gray(image)
            small, f = downscale(gray, DETECT_SIDE)
    H, W = gray.shape[:2]
    x0, y0, x1, y1 = _full_box(find_dark_borders(small), f, W, H) if crop_borders else (0, 0, W, H)
    if (x1 - x0) < W * 0.5 or (y1 - y0) < H * 0.5:
        x0, y0, x1, y1 = 0, 0, W, H  # a dark page, not a border
    if (x0, y0, x1, y1) != (0, 0, W, H):
        notes["borders_cropped"] = True
        image, gray = image[y0:y1, x0:x1], gray[y0:y1, x0:x1]
        small = small[round(y0 * f) : round(y1 * f), round(x0 * f) : round(x1 * f)]
    preview = binarise_small(small, f, gray)
    blobs = ink_blobs(preview)  # counted, measured and read for curl: one labelling of the copy
    glyphs, glyph = count_glyphs(preview, blobs)
    if glyph is not None:
        glyph /= f
    if glyphs < BLANK_MAX_GLYPHS:
        return Prepared(
            display=image,
            binary=binarise(gray),
            rotation=0,
            skew=0.0,
            crop=(x0, y0, x1, y1),
            notes={**notes, "blank": True},
            blank=True,
        )
    if rotation is None:
        rotation = 90 if detect_quarter_turn(preview) else 0
    turns = (rotation // 90) % 4
    if glyph is not None and turns % 2:
        # a page on its side: its blobs' heights are the letters' widths, so measure it upright
        upright = count_glyphs(quarter_turn(preview, turns))[1]
        glyph = upright / f if upright is not None else glyph
    scale = 1.0
    if glyph is not None:
        notes["letter_px"] = round(glyph, 1)
        if photo_.effective_dpi(glyph) < MIN_GOOD_DPI:
            warnings.append(
                f"the type is only {glyph:.0f} px high (about {photo_.effective_dpi(glyph)} dpi; "
                f"the image is {image.shape[1]}×{image.shape[0]} px): OCR will be poor; "
                "photograph or scan the page closer (300 dpi)"
            )
        if photo and 4 <= glyph < ENLARGE_BELOW:
            scale = min(MAX_ENLARGE, ENLARGE_TO / glyph)
    preview = quarter_turn(preview, turns)
    # curled lines are looked for on the preview (cheap); only a curled page is resampled
    curled = photo and photo_.line_bend(preview, None if turns else blobs) >= photo_.MIN_BEND
    # The angle is searched on the small copy and refined on the full page's binary: the small
    # copy's letters are thickened by the shrinking and smear the line profile, which moved the
    # angle by up to 0.2 degrees (4 px over a 1,000 px line) on real pages. The full binary is
    # Tesseract's image as it is when the page needs no turn, enlargement or skew.
    binary: np.ndarray | None = None
    skew = 0.0
    if deskew:
        uncut = (x0, y0, x1, y1) == (0, 0, W, H)  # then `small` is the page's own small copy
        binary = quarter_turn(binarise(gray, small=(small, f) if uncut else None), turns)
        # the fine search is made once, on the full binary, about the small copy's coarse angle
        # (the same angles as refining on both copies, on all 89 upright dev pages tried)
        near = detect_skew(preview, max_angle=max_skew, refine=False)
        skew = detect_skew(binary, max_angle=max_skew, near=near)
    grey_page = image.ndim == 2

    def straighten(img: np.ndarray) -> np.ndarray:
        if scale != 1.0:
            size = (round(img.shape[1] * scale), round(img.shape[0] * scale))
            img = cv2.resize(img, size, interpolation=cv2.INTER_CUBIC)
        return rotate(quarter_turn(img, turns), skew)

    gray = straighten(gray)
    display = gray if grey_page else straighten(image)
    # binarise the turned grey page: turning a binary image is faster but measurably worse for
    # Tesseract (10% more character errors on heavy bench pages)
    if binary is None or turns or skew or scale != 1.0:
        binary = binarise(gray)
    if curled:
        flat = photo_.dewarp(display, gray, binary)
        if flat is not None:
            display, gray, bend = flat
            binary = binarise(gray)
            notes["dewarped"] = round(bend, 2)
    return Prepared(
        display=display,
        binary=binary,
        rotation=turns * 90,
        skew=skew,
        crop=(x0, y0, x1, y1),
        notes=notes,
        scale=scale,
        warnings=tuple(warnings),
    )
