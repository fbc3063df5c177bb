"""A two-column page whose left column ends with a stanza's first line and whose right column opens
with that stanza's last line, each alone in its column, drawn here and read by real Tesseract: the
stanza is one block over the column break. Another stanza, a stanza's space away, stands either
above the line at the foot (the last line of the block before it shows the run set in that the
line belongs to) or below the line at the head (the first line of the block after it shows it);
on the other side of the break is prose."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from ingest.export.text import render_text
from ingest.layout import clean_volume
from ingest.model import Page, SourceRef
from ingest.pagework import OcrTask, ocr_page
from tests.test_layout_column_stanza import FONT, GUTTER, HEIGHT, LEFT, PITCH, PROSE, RIGHT, SIZE, WIDTH
from tests.test_layout_column_stanza import _draw_justified as draw_justified
from tests.test_layout_column_stanza import _font as font
from tests.test_layout_column_stanza import _justify as justify

FIRST = [
    "When the wheel stood still",
    "and the water ran past,",
    "the miller sat waiting",
    "for the flood at last.",
]
SECOND = [
    "The children came running",  # alone at the foot of the left column
    "down to the shore.",  # alone at the head of the right one
]
FOOT = 2200  # the left column's last line

pytestmark = pytest.mark.skipif(not FONT.exists(), reason="DejaVu Serif (fonts-dejavu) not installed")


TURNED = [
    "and the lanes of the valley ran",  # turned over: its last words set deeper
    "down to",
    "the river and the shore",  # at the foot of the left column
]


def _prose(d: ImageDraw.ImageDraw, x: float, top: int, bottom: int, words: list[str]) -> None:
    """Justified rows of `words` from `top` to `bottom`, the last row ragged."""
    col = (RIGHT - LEFT - GUTTER) / 2
    rows = justify(d, words, col, (bottom - top) // PITCH + 1)
    for i, line in enumerate(rows):
        if i == len(rows) - 1:
            d.text((x, top + i * PITCH), " ".join(line), font=font(), fill=0)
        else:
            draw_justified(d, x, top + i * PITCH, line, col)


def _page(*, other_above: bool) -> bytes:
    """Left column: prose, then a stanza whose last line stands at FOOT; right column: that
    stanza's last line alone at the head, then prose. The left column's stanza is the first stanza
    and the second's first line, a stanza's space between them (`other_above`), or a stanza whose
    line above the foot is a long line's last words turned over (deeper than the stanza), with the
    first stanza below the line at the head, a stanza's space between them."""
    img = Image.new("L", (WIDTH, HEIGHT), 255)
    d = ImageDraw.Draw(img)
    col = (RIGHT - LEFT - GUTTER) / 2
    x = LEFT + col + GUTTER
    top, set_in, turn = 300, 2 * SIZE, 3 * SIZE
    if other_above:
        left = [(set_in, ln) for ln in FIRST] + [(set_in, "")] + [(set_in, SECOND[0])]
        right = [SECOND[1]]
    else:
        left = [(set_in, TURNED[0]), (turn, TURNED[1]), (set_in, TURNED[2])]
        right = [SECOND[1], "", *FIRST]
    lines = [ln for _, ln in left if ln]
    y = FOOT - PITCH * (len(lines) - 1) - PITCH // 2 * (len(left) - len(lines))
    _prose(d, LEFT, top, y - 2 * PITCH, (PROSE + " " + PROSE).split())
    for dx, line in left:
        if line:
            d.text((LEFT + dx, y), line, font=font(), fill=0)
        y += PITCH if line else PITCH // 2
    y = top
    for line in right:
        if line:
            d.text((x + set_in, y), line, font=font(), fill=0)
        y += PITCH if line else PITCH // 2
    _prose(d, x, y + PITCH // 2, FOOT, (PROSE + " " + PROSE).split())
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture(scope="module", params=[True, False], ids=["stanza-above-the-foot", "stanza-below-the-head"])
def read(request: pytest.FixtureRequest) -> tuple[bool, Page]:
    res = ocr_page(OcrTask(1, 1, _page(other_above=request.param), SourceRef("p.png", 1, ""), 300))
    assert res.page is not None, res.error
    return request.param, res.page


def test_the_stanza_runs_on_over_the_column_break(read: tuple[bool, Page]) -> None:
    other_above, page = read
    text = render_text(clean_volume([page])).clean
    blocks = [" ".join(b.split()) for b in text.split("\n\n") if b.strip()]
    stanza = SECOND if other_above else [*TURNED, SECOND[1]]
    assert " ".join(stanza) in blocks, blocks
    assert " ".join(FIRST) in blocks, blocks
