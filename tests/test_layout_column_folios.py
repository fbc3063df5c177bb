"""Folios centred over a two-column page's gutter, on page images drawn here and read by real
Tesseract: the folio is page furniture (with the running head beside it at the head), never a
line of the right column's text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest.export.text import render_text
from ingest.layout import clean_volume, order
from ingest.model import BlockKind, Page, SourceRef
from ingest.pagework import OcrTask, ocr_page

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
PROSE = (
    "The river ran past the old mill where the workers met every morning before the long shift "
    "began, and nobody in the town could remember a time when the wheel had stood quite still for "
    "more than a day or two during the coldest of the winters that the valley had known in all the "
    "years of its history. The owners came and went, the prices of grain rose and fell, and the "
    "children of the millers grew up to be millers in their turn, walking the same road down to the "
    "water in the grey light and home again at dusk with flour in their hair and their boots. "
)
HEAD = "A HISTORY OF THE MILL"
LEFT, RIGHT, GUTTER = 200, 1550, 90  # the text block's edges and the white between the columns
WIDTH, HEIGHT = 1750, 2480

pytestmark = pytest.mark.skipif(not FONT.exists(), reason="DejaVu Serif (fonts-dejavu) not installed")


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


def _column_lines(draw: ImageDraw.ImageDraw, words: list[str], width: float, n: int) -> list[str]:
    out: list[str] = []
    while words and len(out) < n:
        line = words.pop(0)
        while words and draw.textlength(f"{line} {words[0]}", font=_font(36)) <= width:
            line += " " + words.pop(0)
        out.append(line)
    return out


def _page(number: int, *, folio_at_head: bool) -> bytes:
    """A two-column page; its folio centred over the gutter at the head (the running head on the
    outer side of the same row) or alone at the foot."""
    img = Image.new("L", (WIDTH, HEIGHT), 255)
    d = ImageDraw.Draw(img)
    col = (RIGHT - LEFT - GUTTER) / 2
    centre = LEFT + col + GUTTER / 2
    words = (PROSE * 6).split()[number * 7 :]
    for x in (LEFT, LEFT + col + GUTTER):
        for i, text in enumerate(_column_lines(d, words, col, 30)):
            d.text((x, 320 + i * 62), text, font=_font(36), fill=0)
    folio = str(number)
    fw = d.textlength(folio, font=_font(36))
    if folio_at_head:
        hw = d.textlength(HEAD, font=_font(30))
        d.text((LEFT if number % 2 == 0 else RIGHT - hw, 176), HEAD, font=_font(30), fill=0)
        d.text((centre - fw / 2, 170), folio, font=_font(36), fill=0)
    else:
        d.text((centre - fw / 2, 2300), folio, font=_font(36), fill=0)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def _read(numbers: range, *, folio_at_head: bool) -> list[Page]:
    pages = []
    for i, n in enumerate(numbers):
        task = OcrTask(
            i + 1, i + 1, _page(n, folio_at_head=folio_at_head), SourceRef(f"p{n}.png", 1, ""), 300
        )
        res = ocr_page(task)
        assert res.page is not None, res.error
        pages.append(res.page)
    return pages


@pytest.mark.slow
@pytest.mark.parametrize("folio_at_head", [True, False], ids=["head", "foot"])
def test_a_folio_centred_over_the_gutter_is_furniture_not_the_right_columns_text(folio_at_head: bool) -> None:
    numbers = range(6, 9)
    pages = _read(numbers, folio_at_head=folio_at_head)
    for p, n in zip(pages, numbers, strict=True):
        o = order.read_page(p)
        assert len(o.gutters) == 1
        folio = [ln for f in o.flows for ln in f.lines if str(n) in ln.text.split()]
        assert folio, f"page {n}: the folio was not read"
        # the folio's row spans the columns: it is read apart from both columns' text
        assert all(f.column is None for f in o.flows if any(str(n) in ln.text.split() for ln in f.lines))
    out = clean_volume(pages)
    assert [p.label for p in out] == [str(n) for n in numbers]
    text = render_text(out).clean
    assert not any(str(n) in text.split() for n in numbers)
    if folio_at_head:
        assert HEAD.split()[-1] not in text
        assert all(any(b.kind is BlockKind.RUNNING_HEAD for b in p.blocks) for p in out)
