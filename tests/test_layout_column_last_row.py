"""A two-column volume's last page whose right column holds a single line, level with the left
column's first (a stanza's last line carried over the column break), drawn here and read by real
Tesseract. With only that one row on both sides of the volume's gutter, the page was read as one
column and the two lines of the row as one ('you yourself replied to or two years ago.'), across
the gutter; Tesseract alone keeps them apart."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from ingest.export.text import render_text
from ingest.layout import clean_volume
from ingest.model import Page, SourceRef
from ingest.pagework import OcrTask, ocr_page
from tests.test_layout_column_folios import FONT, GUTTER, HEIGHT, LEFT, PROSE, RIGHT, WIDTH
from tests.test_layout_column_folios import _column_lines as column_lines
from tests.test_layout_column_folios import _font as font

pytestmark = pytest.mark.skipif(not FONT.exists(), reason="DejaVu Serif (fonts-dejavu) not installed")

LEFT_LINES = ["the miller sat by the wheel", "and waited", "for the water to rise", "and the flood to come"]
RIGHT_LINE = "all through the night."
COL = (RIGHT - LEFT - GUTTER) / 2


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def _full(number: int) -> bytes:
    """A page of two full columns of prose."""
    img = Image.new("L", (WIDTH, HEIGHT), 255)
    d = ImageDraw.Draw(img)
    words = (PROSE * 6).split()[number * 9 :]
    for x in (LEFT, LEFT + COL + GUTTER):
        for i, text in enumerate(column_lines(d, words, COL, 30)):
            d.text((x, 320 + i * 62), text, font=font(36), fill=0)
    return _png(img)


def _last(*, crossing: bool) -> bytes:
    """The volume's last page: the stanza's lines in the left column, its last line alone at the
    head of the right one; or (`crossing`) that row under a paragraph set across the whole page."""
    img = Image.new("L", (WIDTH, HEIGHT), 255)
    d = ImageDraw.Draw(img)
    top = 320
    if crossing:
        words = PROSE.split()
        for i, text in enumerate(column_lines(d, words, RIGHT - LEFT, 6)):
            d.text((LEFT, top + i * 62), text, font=font(36), fill=0)
        top += 7 * 62
    for i, text in enumerate(LEFT_LINES):
        d.text((LEFT + (60 if i == 1 else 0), top + i * 62), text, font=font(36), fill=0)
    d.text((LEFT + COL + GUTTER, top), RIGHT_LINE, font=font(36), fill=0)
    return _png(img)


def _read(images: list[bytes]) -> list[Page]:
    pages = []
    for i, png in enumerate(images):
        res = ocr_page(OcrTask(i + 1, i + 1, png, SourceRef(f"p{i + 1}.png", 1, ""), 300))
        assert res.page is not None, res.error
        pages.append(res.page)
    return pages


@pytest.mark.slow
def test_a_last_page_with_one_row_beside_the_gutter_is_read_in_columns() -> None:
    pages = _read([_full(1), _full(2), _last(crossing=False)])
    text = " ".join(render_text(clean_volume(pages)).clean.split())
    assert " ".join(LEFT_LINES) in text
    assert text.index(LEFT_LINES[-1]) < text.index(RIGHT_LINE)
    assert "wheel all through" not in text


@pytest.mark.slow
def test_one_such_row_under_lines_across_the_gutter_stays_as_read() -> None:
    # lines across the volume's gutter: the page is not in columns, one row does not make it so
    pages = _read([_full(1), _full(2), _last(crossing=True)])
    raw = [ln.text for b in pages[-1].blocks for ln in b.lines]
    out = clean_volume(pages)
    rows = [ln.text for b in out[-1].blocks for ln in b.lines]
    together = [t for t in raw if LEFT_LINES[0] in t and RIGHT_LINE in t]
    assert together, raw
    assert together == [t for t in rows if LEFT_LINES[0] in t and RIGHT_LINE in t]
