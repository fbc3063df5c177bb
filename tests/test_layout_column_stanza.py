"""A two-column page whose left column opens with a stanza of short lines set in, drawn here and
read by real Tesseract: the gutter is the white between the columns' full lines (not the wider
white the stanza's short lines leave), the columns are read one after the other, and the prose
paragraph that runs from the foot of the left column to the head of the right is one paragraph."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest.export.text import render_text
from ingest.layout import clean_volume, order
from ingest.model import Page, SourceRef
from ingest.pagework import OcrTask, ocr_page

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
STANZA = [
    "When the wheel stood still",
    "and the water ran past,",
    "the miller sat waiting",
    "for the flood at last;",
    "the children came running",
    "down the lane to the shore,",
    "and the grey stones listened",
    "as they listened before.",
    "Now the wheel is turning",
    "and the flour is white,",
    "and the lamps of the valley",
    "are lit for the night.",
]
PROSE = (
    "The river ran past the old mill where the workers met every morning before the long shift "
    "began, and nobody in the town could remember a time when the wheel had stood quite still for "
    "more than a day or two during the coldest of the winters that the valley had known in all the "
    "years of its history. The owners came and went, the prices of grain rose and fell, and the "
    "children of the millers grew up to be millers in their turn, walking the same road down to "
    "the water in the grey light and home again at dusk with flour in their hair and their boots, "
    "until the last of them sold the wheel to a man from the city who never came to see it turn. "
    "He paid for it with a cheque drawn on a bank in the capital, and the clerk who brought the "
    "papers down on the morning train stayed only long enough to have them signed at the inn by "
    "the bridge, where the landlord remembered him for years as the only guest who had ever asked "
    "for tea instead of beer, and who had left before the rain came down the valley that evening "
    "and the river rose higher than anyone had seen it rise since the old wheel was first set turning."
)
LEFT, RIGHT, GUTTER = 200, 1550, 80
WIDTH, HEIGHT = 1750, 2480
PITCH, SIZE = 50, 34

pytestmark = pytest.mark.skipif(not FONT.exists(), reason="DejaVu Serif (fonts-dejavu) not installed")


def _font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), SIZE)


def _justify(d: ImageDraw.ImageDraw, words: list[str], width: float, n: int) -> list[list[str]]:
    out: list[list[str]] = []
    while words and len(out) < n:
        line = [words.pop(0)]
        while words and d.textlength(" ".join([*line, words[0]]), font=_font()) <= width:
            line.append(words.pop(0))
        out.append(line)
    return out


def _draw_justified(d: ImageDraw.ImageDraw, x: float, y: float, words: list[str], width: float) -> None:
    widths = [d.textlength(w, font=_font()) for w in words]
    space = (width - sum(widths)) / max(1, len(words) - 1)
    for w, wd in zip(words, widths, strict=True):
        d.text((x, y), w, font=_font(), fill=0)
        x += wd + space


def _layout() -> tuple[list[list[str]], list[list[str]]]:
    """The paragraph's rows in the left column (under the stanza) and in the right column."""
    d = ImageDraw.Draw(Image.new("L", (10, 10), 255))
    col = (RIGHT - LEFT - GUTTER) / 2
    words = PROSE.split()
    left = _justify(d, words, col, 8)
    return left, _justify(d, words, col, len(STANZA) + 1 + len(left))


def _page(*, offset: int) -> bytes:
    """Left column: the stanza set in by two ems, then the paragraph; right column: the rest of
    the paragraph, its rows `offset` pixels below the left column's (0: one baseline grid)."""
    img = Image.new("L", (WIDTH, HEIGHT), 255)
    d = ImageDraw.Draw(img)
    col = (RIGHT - LEFT - GUTTER) / 2
    y = 300
    for line in STANZA:
        d.text((LEFT + 2 * SIZE, y), line, font=_font(), fill=0)
        y += PITCH
    y += PITCH
    left, right = _layout()
    for line in left:
        _draw_justified(d, LEFT, y, line, col)
        y += PITCH
    for i, line in enumerate(right):
        _draw_justified(d, LEFT + col + GUTTER, 300 + offset + i * PITCH, line, col)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def _read(offset: int) -> Page:
    res = ocr_page(OcrTask(1, 1, _page(offset=offset), SourceRef("p.png", 1, ""), 300))
    assert res.page is not None, res.error
    return res.page


@pytest.fixture(scope="module", params=[0, PITCH // 2], ids=["one-grid", "half-line-apart"])
def page(request: pytest.FixtureRequest) -> Page:
    return _read(request.param)


def test_the_gutter_is_the_white_between_the_columns_full_lines(page: Page) -> None:
    o = order.read_page(page)
    col = (RIGHT - LEFT - GUTTER) / 2
    assert o.book, o.why
    assert len(o.gutters) == 1
    gl, gr = o.gutters[0]
    # the left column's justified lines end at LEFT + col; the stanza's lines end far short of it
    assert LEFT + col - 20 <= gl < gr <= LEFT + col + GUTTER + 10
    flows = [f for f in o.flows if f.column is not None]
    assert [f.column for f in flows] == [0, 1]
    assert flows[0].lines[0].text.startswith("When the wheel")
    first = " ".join(_layout()[1][0][:3])
    assert flows[1].lines[0].text.startswith(first)


def test_the_paragraph_runs_on_from_the_left_column_into_the_right(page: Page) -> None:
    text = render_text(clean_volume([page])).clean
    paras = [p for p in text.split("\n\n") if p.strip()]
    prose = [p for p in paras if p.startswith("The river")]
    assert len(prose) == 1, paras
    flat = " ".join(prose[0].split())
    assert flat.endswith(" ".join(_layout()[1][-1]))
    assert "wheel stood still" not in flat  # no stanza line read into the paragraph
    assert not any("When the wheel" in p and "The river" in p for p in paras)
