"""A page the ink profile takes for one fed sideways is read upright when Tesseract, reading it turned,
runs its lines down the image (ingest/pagework.py). Real Tesseract on constructed page images: a
sparse contents page beside the dark, mottled shadow of a book's gutter (or of an uncut spread's
fold), which makes the column profile sharper than the row profile, stays upright; the same page fed
sideways is still turned."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest import contents_pass, ink, preprocess
from ingest.model import Page, SourceRef
from ingest.pagework import OcrTask, ocr_page, tall_share

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
ENTRIES = (("The international factor", "1"), ("To a few exiled friends", "5"))
WIDTH, HEIGHT = 1660, 2480

pytestmark = pytest.mark.skipif(not FONT.exists(), reason="DejaVu Serif (fonts-dejavu) not installed")


def contents_with_shadow(band_x: int, band_w: int = 60) -> np.ndarray:
    """A contents page (title, two entries with dotted leaders, a roman folio) with a gutter's
    shadow `band_w` px wide from `band_x`: darkest in its middle and mottled, as a scanner sees the
    fold of a book pressed on its glass."""
    img = Image.new("L", (WIDTH, HEIGHT), 255)
    d = ImageDraw.Draw(img)
    d.text((700, 340), "Contents", font=ImageFont.truetype(str(FONT), 44), fill=0)
    font = ImageFont.truetype(str(FONT), 34)
    for k, (text, page) in enumerate(ENTRIES):
        y = 470 + 80 * k
        d.text((190, y), text, font=font, fill=0)
        dot = 190 + d.textlength(text, font=font) + 10
        while dot < 1420:
            d.text((dot, y), ".", font=font, fill=0)
            dot += 14
        d.text((1440, y), page, font=font, fill=0)
    d.text((800, 2340), "ii", font=font, fill=0)
    a = np.array(img)
    depth = 1 - np.abs(np.arange(band_w) - band_w / 2) / (band_w / 2)
    shade = 255 - 200 * depth[None, :] + np.random.default_rng(2).normal(0, 40, (HEIGHT, band_w))
    band = a[:, band_x : band_x + band_w]
    a[:, band_x : band_x + band_w] = np.clip(np.minimum(band, shade), 0, 255).astype(np.uint8)
    return a


def _read(gray: np.ndarray) -> Page:
    buf = io.BytesIO()
    Image.fromarray(gray).save(buf, "PNG")
    page = ocr_page(OcrTask(1, 2, buf.getvalue(), SourceRef("book.pdf", 2, "0" * 64), 300)).page
    assert page is not None
    return page


def _rotation(page: Page) -> int:
    return int(next(s for s in page.steps if s.name == "preprocess").options["rotation"])


def _assert_contents_read(page: Page) -> None:
    text = "\n".join(ln.text for b in page.blocks for ln in b.lines)
    assert "international factor" in text and "exiled friends" in text
    assert contents_pass.entry_lines(page) == 2
    assert (page.width, page.height) == (WIDTH, HEIGHT)  # the boxes refer to the upright page
    assert tall_share(page) == 0.0


@pytest.mark.parametrize("band_x", [1560, 60], ids=["verso-gutter", "recto-gutter"])
def test_sparse_page_beside_a_dark_band_stays_upright(band_x: int) -> None:
    gray = contents_with_shadow(band_x)
    # the profile alone takes the page for one on its side: the band is most of its ink
    assert preprocess.detect_quarter_turn(ink.binarise(gray))
    page = _read(gray)
    assert _rotation(page) == 0
    assert next(s for s in page.steps if s.name == "preprocess").options.get("turn_refused") is True
    _assert_contents_read(page)


@pytest.mark.parametrize("turns", [1, 3])
def test_the_same_page_fed_sideways_is_turned(turns: int) -> None:
    """Fed sideways, the band runs across the page and the profile sees no turn (its rows are now
    the sharper): the reading runs down the image, and the page is turned and read again."""
    gray = preprocess.quarter_turn(contents_with_shadow(1560), turns)
    page = _read(gray)
    assert _rotation(page) == (4 - turns) * 90
    assert "turn_refused" not in next(s for s in page.steps if s.name == "preprocess").options
    _assert_contents_read(page)
