"""A list item set in on a heavy scan, one of its lines opening on a speck OCR read glued to its
first word as a hyphen ('-finding'): the page image shows the mark much smaller than the page's
own hyphens, so the speck is dropped and the line starts where its letters do, staying in the
item's run of lines set in; the next line, back at the item's inset, is no indented paragraph.
A dash printed at a line's start and read glued the same way ('—and' read '-and') is as wide as a
hyphen or wider: the word keeps it, and the line starts at its box. Without the page image
nothing tells the two apart, and the page keeps what OCR read."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest.export.text import render_text
from ingest.layout import clean_volume
from ingest.layout.undo import undo
from ingest.model import BBox, Block, BlockKind, Line, Page, block_id
from tests.test_layout_helpers import BODY_H, HEIGHT, PITCH, WIDTH, justified, page
from tests.test_layout_quote_sentences import (
    BODY,
    COLUMN,
    HEAD,
    INDENT,
    MEASURE,
    STEP,
    TOP,
    TYPE,
    column_paragraph,
)

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")

# the narrow column of the quotation tests (its edge at 178, 637 px wide, paragraphs indented 57 px),
# their filler paragraphs, and their set-in type (30 px at a pitch of 51)

# a list item set in 65 px and justified to its own measure on a heavy scan, one of its lines
# opening on a mark read glued to its first word ('-finding')
ITEM = [
    "13. Isn't it possible to get the",
    "Belgian Central Committee to",
    "publish our materials for the in-",
    "formation of the Belgian party?",
    "As far as we know, this committee",
    "is vaguely inclined toward a",
    "buffer position. Isn't it possible",
    "to pressure the CC from below,",
    "-finding a point of support there?",
    "It is necessary to pay special at-",
    "tention to Belgium, without,",
    "however, relying on the buffer.",
]


def _item_page(left: int) -> Page:
    """The page, the glued word's box starting `left` px left of the item's other lines."""
    x0, x1 = COLUMN + 64, COLUMN + 588
    item = []
    for k, t in enumerate(ITEM):
        ln = justified(t, TOP + k * STEP, x0, x1 if k < len(ITEM) - 1 else x0 + 12 * len(t), TYPE)
        if t.startswith("-"):
            first = ln.words[0]
            words = (replace(first, bbox=replace(first.bbox, x0=first.bbox.x0 - left)), *ln.words[1:])
            ln = Line(words, BBox.enclosing([w.bbox for w in words]))
        item.append(ln)
    head = column_paragraph(HEAD, TOP - len(HEAD) * PITCH - 40)
    rows = column_paragraph(BODY, TOP + len(ITEM) * STEP + 45)
    lines = head + item + rows
    blocks = tuple(Block(block_id(1, k), BlockKind.PARAGRAPH, (ln,), ln.bbox) for k, ln in enumerate(lines))
    return replace(page(1, []), blocks=blocks)


def _ink(text: str, width: int, height: int) -> np.ndarray:
    """`text` set in DejaVu Serif and scaled to fill a box `width` by `height` (grey, black ink)."""
    font = ImageFont.truetype(str(FONT), 60)
    x0, y0, x1, y1 = font.getbbox(text)
    im = Image.new("L", (x1 - x0 + 4, y1 - y0 + 4), 255)
    ImageDraw.Draw(im).text((2 - x0, 2 - y0), text, font=font, fill=0)
    return cv2.resize(np.asarray(im), (width, height), interpolation=cv2.INTER_AREA)


def _image(p: Page, glued: str) -> np.ndarray:
    """The page's image: each word's text in its box; the glued word's box opens on `glued`, a
    speck (a dot 2 px across, the letters 13 px right of it) or a dash (an em dash before them)."""
    im = np.full((HEIGHT, WIDTH), 255, np.uint8)
    for b in p.blocks:
        for ln in b.lines:
            for w in ln.words:
                x0, y0, x1, y1 = w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1
                text = w.text
                if text.startswith("-"):
                    text = text[1:]
                    if glued == "speck":
                        im[(y0 + y1) // 2 : (y0 + y1) // 2 + 2, x0 : x0 + 2] = 0
                        x0 += 13
                    else:
                        text = "—" + text
                im[y0:y1, x0:x1] = np.minimum(im[y0:y1, x0:x1], _ink(text, x1 - x0, y1 - y0))
    return im


def _item(p: Page, image: np.ndarray | None) -> list[str]:
    out = clean_volume([p], images=(lambda k: image) if image is not None else None)
    paras = [" ".join(b.split()) for b in render_text(out).clean.split("\n\n") if b.strip()]
    return [q for q in paras if "Isn't it possible to get" in q or "a point of support" in q]


def test_a_speck_glued_to_a_set_in_lines_first_word_does_not_cut_the_run() -> None:
    # the seed-1930 render heavy-a5-2col-endnotes (Linux Libertine) page 5: the line read
    # '-finding' started 13 px left of the item's lines (a speck 2 px across), which ended the
    # run there, and the next line, back at the item's inset, was taken for an indented paragraph
    p = _item_page(13)
    item = _item(p, _image(p, "speck"))
    assert len(item) == 1 and item[0].endswith("relying on the buffer."), item
    assert "below, finding a point" in item[0], item


def test_undoing_the_dropped_speck_gives_the_word_back_as_read() -> None:
    p = _item_page(13)
    out = clean_volume([p], images=lambda k: _image(p, "speck"))[0]
    (d,) = [d for d in out.decisions if d.kind == "ocr_misread"]
    assert (d.data["text_before"], d.data["text"]) == ("-finding", "finding")
    back = undo(out, d)
    read = [w for b in back.blocks for ln in b.lines for w in ln.words if "finding" in w.text]
    assert [(w.text, w.bbox.x0) for w in read] == [("-finding", d.data["bbox_before"][0])]
    # the letters were drawn 13 px right of the speck: the box now starts at their ink
    assert d.data["bbox"][0] - d.data["bbox_before"][0] >= 13


@pytest.mark.parametrize("left", [0, 13])
def test_a_dash_read_glued_to_a_lines_first_word_is_kept(left: int) -> None:
    # an em dash opening the line ('—finding'), read glued to the word as a hyphen: its ink is
    # wider than the page's hyphens, so it is no speck; the word keeps it
    p = _item_page(left)
    item = _item(p, _image(p, "dash"))
    assert any("below, -finding a point" in q for q in item), item


# a ragged paragraph of the narrow column (every other line stopping 60 px short), one of its
# lines opening on an em dash read glued to its first word ('—I' read '-I', the box 80 px wide)
RAGGED = [
    "Trotsky continued to assess the Sixth",
    "Congress as new information about it",
    "reached him. On August 22 the congress",
    "had heard reports from the delegations",
    "-I but who, in the end, would not",
    "be able to say anything about it at all.",
    "Then the session closed and the dele-",
    "gates went home to their own parties.",
]


def _ragged_page() -> Page:
    last = len(RAGGED) - 1
    rows = []
    for k, t in enumerate(RAGGED):
        x1 = COLUMN + MEASURE - (60 if k % 2 else 0) if k < last else COLUMN + 12 * len(t)
        ln = justified(t, 700 + k * PITCH, COLUMN + (INDENT if k == 0 else 0), x1, BODY_H)
        if t.startswith("-"):
            first = ln.words[0]
            words = (replace(first, bbox=replace(first.bbox, x1=first.bbox.x0 + 80)), *ln.words[1:])
            ln = Line(words, BBox.enclosing([w.bbox for w in words]))
        rows.append(ln)
    lines = column_paragraph(HEAD, 300) + rows
    blocks = tuple(Block(block_id(1, k), BlockKind.PARAGRAPH, (ln,), ln.bbox) for k, ln in enumerate(lines))
    return replace(page(1, []), blocks=blocks)


def test_a_dash_opening_a_flush_line_keeps_it_flush() -> None:
    # before, a hyphen glued to a line's first word was taken for a speck whatever its ink, and
    # the line started a letter's width right of its box: a flush line of a ragged paragraph
    # opening on a dash looked set in, and the paragraph was cut there
    p = _ragged_page()
    out = clean_volume([p], images=lambda k: _image(p, "dash"))
    paras = [" ".join(b.split()) for b in render_text(out).clean.split("\n\n") if b.strip()]
    mine = [q for q in paras if q.startswith("Trotsky continued")]
    assert len(paras) == 2 and mine and mine[0].endswith("their own parties."), paras
    assert "delegations -I but who" in mine[0], paras


def test_without_the_image_the_page_keeps_the_glued_hyphen() -> None:
    p = _item_page(13)
    item = _item(p, None)
    assert any("-finding a point" in q for q in item), item
