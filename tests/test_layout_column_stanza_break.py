"""A two-column page whose left column ends with a stanza's first line, set off from the stanza
above it by a stanza's space, and whose right column opens with that stanza's last line, drawn
here and read by real Tesseract: the stanza is one block over the column break. The line alone at
the foot shows the run set in that it belongs to only with the stanza above it (the last line of
the block before it), as over a page break; the line at the head has prose below it."""

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
    "down the lane to the shore.",  # alone at the head of the right one, prose below it
]
FOOT = 2200  # the left column's last line

pytestmark = pytest.mark.skipif(not FONT.exists(), reason="DejaVu Serif (fonts-dejavu) not installed")


def _page() -> bytes:
    """Left column: prose, then the first stanza and the second's first line (a stanza's space
    between them), its last line at FOOT; right column: the second stanza's other lines at the
    head, then prose."""
    img = Image.new("L", (WIDTH, HEIGHT), 255)
    d = ImageDraw.Draw(img)
    col = (RIGHT - LEFT - GUTTER) / 2
    words = PROSE.split()
    top = 300
    stanza_y = FOOT - PITCH * len(FIRST) - PITCH // 2 - PITCH // 2
    rows = justify(d, words, col, (stanza_y - PITCH // 2 - top) // PITCH)
    y = top
    for i, line in enumerate(rows):
        if i == len(rows) - 1:
            d.text((LEFT, y), " ".join(line), font=font(), fill=0)
        else:
            draw_justified(d, LEFT, y, line, col)
        y += PITCH
    y = stanza_y
    for line in FIRST:
        d.text((LEFT + 2 * SIZE, y), line, font=font(), fill=0)
        y += PITCH
    d.text((LEFT + 2 * SIZE, FOOT), SECOND[0], font=font(), fill=0)
    x = LEFT + col + GUTTER
    y = top
    for line in SECOND[1:]:
        d.text((x + 2 * SIZE, y), line, font=font(), fill=0)
        y += PITCH
    y += PITCH // 2
    words = (PROSE + " " + PROSE).split()
    for line in justify(d, words, col, (FOOT - y) // PITCH + 1):
        draw_justified(d, x, y, line, col)
        y += PITCH
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def page() -> Page:
    res = ocr_page(OcrTask(1, 1, _page(), SourceRef("p.png", 1, ""), 300))
    assert res.page is not None, res.error
    return res.page


def test_the_stanza_runs_on_over_the_column_break(page: Page) -> None:
    text = render_text(clean_volume([page])).clean
    blocks = [b for b in text.split("\n\n") if b.strip()]
    second = [b for b in blocks if "children came" in b]
    assert len(second) == 1 and " ".join(second[0].split()) == " ".join(SECOND), blocks
    first = [b for b in blocks if "wheel stood still" in b]
    assert len(first) == 1 and " ".join(first[0].split()) == " ".join(FIRST), blocks
