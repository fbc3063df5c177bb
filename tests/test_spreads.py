"""Two-page spreads: the gutter is found and cut, single pages (wide ones too) are left whole."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from ingest import spreads
from ingest.ink import binarise
from tests.conftest import shared_path
from tests.test_quarter_turn_check import contents_with_shadow

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _page(n: int, width: int | None = None) -> np.ndarray:
    gray = cv2.imread(str(SAMPLES / "scan" / f"page-{n:02d}.jpg"), cv2.IMREAD_GRAYSCALE)
    assert gray is not None
    if width is not None:
        gray = cv2.resize(gray, (width, gray.shape[0]), interpolation=cv2.INTER_AREA)
    return gray


def _text_extent(gray: np.ndarray) -> tuple[int, int]:
    cols = np.flatnonzero((binarise(gray) == 0).mean(axis=0) > 0.01)
    return int(cols[0]), int(cols[-1])


def make_spread(left: np.ndarray, right: np.ndarray, *, shadow: float = 0.0, surround: int = 0) -> np.ndarray:
    """Two real page scans side by side as a book scanner sees them: a gutter shadow `shadow`
    grey levels deep (a soft fold, widest on the right page's side) and a dark surround."""
    h = max(left.shape[0], right.shape[0])
    pad = lambda g: np.vstack([g, np.full((h - g.shape[0], g.shape[1]), 245, np.uint8)])  # noqa: E731
    spread = np.hstack([pad(left), pad(right)]).astype(np.float64)
    cut = left.shape[1]
    if shadow:
        x = np.arange(spread.shape[1], dtype=np.float64)
        width = np.where(x < cut, 60.0, 110.0)  # an asymmetric fold, as a tilted book gives
        spread -= shadow * np.exp(-(((x - cut) / width) ** 2))[None, :]
    spread = np.clip(spread, 0, 255).astype(np.uint8)
    if surround:
        spread = cv2.copyMakeBorder(
            spread, surround, surround, surround, surround, cv2.BORDER_CONSTANT, value=30
        )
    return spread


@pytest.mark.parametrize(
    ("left_width", "right_width", "shadow"),
    [(None, None, 0.0), (None, None, 120.0), (1500, 1900, 150.0), (1900, 1450, 0.0)],
    ids=["plain", "dark-gutter", "unequal-dark-gutter", "unequal-no-shadow"],
)
def test_spread_is_cut_in_its_gutter(left_width, right_width, shadow):
    left, right = _page(4, left_width), _page(5, right_width)
    spread = make_spread(left, right, shadow=shadow, surround=40)
    gutter = spreads.find_gutter(spread)
    assert gutter is not None
    # the cut lies between the last letter of the left page and the first of the right one
    left_end = 40 + _text_extent(left)[1]
    right_start = 40 + left.shape[1] + _text_extent(right)[0]
    assert left_end < gutter.x < right_start, (left_end, gutter.x, right_start)
    if shadow:
        assert gutter.shadow > 40
        # a dark fold is cut at its darkest column, where the two leaves meet
        assert abs(gutter.x - (40 + left.shape[1])) < 0.01 * spread.shape[1]


@pytest.mark.parametrize("n", [1, 4, 7, 8])
def test_single_pages_are_not_cut(n):
    assert spreads.find_gutter(_page(n)) is None


def test_a_wide_single_page_is_not_cut():
    # a real page turned on its side is wider than tall but is one page: text crosses the middle
    landscape = cv2.rotate(_page(4), cv2.ROTATE_90_CLOCKWISE)
    assert spreads.find_gutter(landscape) is None


def test_an_uncut_spread_of_a_contents_page_and_a_page_in_columns_is_cut():
    """A sparse contents page beside a page set in two narrow columns: the lettering's column profile
    (margins, the column gap, the empty contents page) is sharper than its row profile, as on a page
    fed sideways; the deep fold between them, with lettering on both sides, makes it a spread."""
    p4 = _page(4)
    h, w = p4.shape
    contents = cv2.resize(contents_with_shadow(0, band_w=1), (w, h), interpolation=cv2.INTER_AREA)
    columns = np.full_like(p4, 245)
    col, gap = w // 3, w // 4
    x0 = (w - 2 * col - gap) // 2
    columns[:, x0 : x0 + col] = cv2.resize(p4, (col, h), interpolation=cv2.INTER_AREA)
    right = cv2.resize(_page(7), (col, h), interpolation=cv2.INTER_AREA)
    columns[:, x0 + col + gap : x0 + 2 * col + gap] = right
    spread = make_spread(contents, columns, shadow=120)
    ink = binarise(spread) == 0
    cols, _, rows = spreads._text_columns(ink)
    assert spreads._lines_run_down(cols, rows)  # the profile alone would take it for a sideways page
    gutter = spreads.find_gutter(spread)
    assert gutter is not None
    assert abs(gutter.x - w) < 0.01 * spread.shape[1]


def test_the_sample_scan_fed_sideways_is_not_cut():
    """Regression: the sample's page 5, scanned on its side with a shadowed edge, was cut as a
    spread at 34% of its width (a fold 13.6 grey levels dark), so the sample had 11 pages."""
    path = SAMPLES / "scan" / "page-05.jpg"
    with Image.open(path) as im:
        size = im.size
    assert size[0] > size[1]
    assert spreads.find_spread(path.read_bytes(), *size) is None


def test_modes_no_and_yes():
    spread = make_spread(_page(4), _page(5), shadow=120)
    assert spreads.find_gutter(spread, mode="no") is None
    # `yes` cuts an image wider than tall even without a gutter, never a tall one
    landscape = cv2.rotate(_page(4), cv2.ROTATE_90_CLOCKWISE)
    assert spreads.find_gutter(landscape, mode="yes") is not None
    assert spreads.find_gutter(_page(4), mode="yes") is None


def _shared_gray(name: str) -> np.ndarray:
    path = shared_path("scans", "pages", name)  # skips the test when the shared scans are absent
    return np.array(Image.open(path).convert("L"))


def _title_across(spread: np.ndarray, cut: int) -> np.ndarray:
    """`spread` with a title over both pages: lines of the sample's type, set twice as large,
    centred on column `cut` in a white band added at the top (a magazine's headline over the fold)."""
    page = _page(4)
    ink_rows = np.flatnonzero((binarise(page) == 0).mean(axis=1) > 0.02)
    top = int(ink_rows[len(ink_rows) // 2])
    while top > 0 and (binarise(page[top - 1 : top]) == 0).mean() > 0.002:
        top -= 1  # up to the white above the line
    bottom = top + 1
    while (binarise(page[bottom : bottom + 1]) == 0).mean() > 0.002:
        bottom += 1
    x0, x1 = _text_extent(page)
    strip = cv2.resize(page[top:bottom, x0:x1], None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    pad = strip.shape[0] // 4
    band = np.full((strip.shape[0] + 2 * pad, spread.shape[1]), 245, np.uint8)
    w = min(strip.shape[1], spread.shape[1] - 2)
    a = max(0, min(spread.shape[1] - w, cut - w // 2))
    band[pad : pad + strip.shape[0], a : a + w] = strip[:, :w]
    return np.vstack([band, spread])


def test_a_title_across_the_fold_makes_one_layout_not_two_pages():
    left, right = _page(4), _page(6)
    spread = make_spread(left, right)
    assert spreads.find_gutter(spread) is not None  # two pages side by side are cut ...
    titled = _title_across(spread, left.shape[1])
    assert spreads.find_gutter(titled) is None  # ... not when a line of type runs across the cut
    assert spreads.find_gutter(titled, mode="yes") is not None  # the user's word still cuts it


def test_unlv_magazine_spread_with_its_headline_across_the_fold_is_not_cut():
    """Regression: the UNLV magazine spread was cut in its fold, through the headline set over
    both pages ('What Kids | Need Most in a Dad'); OCR of the two halves found 90% of the truth's
    words where Tesseract on the whole image finds 97%. One layout over the image is not cut."""
    assert spreads.find_gutter(_shared_gray("tess_8071_093.3B.tif")) is None
    assert spreads.find_gutter(_shared_gray("tess_8087_054.3B.tif")) is None
    # a typewritten recipe scanned landscape is one page (its aligned spaces are no gutter)
    assert spreads.find_gutter(_shared_gray("ocrmypdf_typewriter.png")) is None
