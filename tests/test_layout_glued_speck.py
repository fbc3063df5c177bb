"""A list item set in on a heavy scan, one of its lines opening on a speck OCR read glued to its
first word ('-finding'): the line starts where its letters do, and stays in the item's run of
lines set in; the next line, back at the item's inset, is no indented paragraph."""

from __future__ import annotations

from dataclasses import replace

from ingest.export.text import render_text
from ingest.layout import clean_volume
from ingest.model import BBox, Block, BlockKind, Line, Page, block_id
from tests.test_layout_helpers import PITCH, justified, page
from tests.test_layout_quote_sentences import BODY, COLUMN, HEAD, STEP, TOP, TYPE, column_paragraph

# the narrow column of the quotation tests (its edge at 178, 637 px wide, paragraphs indented 57 px),
# their filler paragraphs, and their set-in type (30 px at a pitch of 51)

# a list item set in 65 px and justified to its own measure on a heavy scan, one of its lines
# opening on a speck read glued to its first word ('-finding'): the line's box starts 13 px left
# of the item's other lines
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


def _item_page() -> Page:
    x0, x1 = COLUMN + 64, COLUMN + 588
    item = []
    for k, t in enumerate(ITEM):
        ln = justified(t, TOP + k * STEP, x0, x1 if k < len(ITEM) - 1 else x0 + 12 * len(t), TYPE)
        if t.startswith("-"):
            first = ln.words[0]
            words = (replace(first, bbox=replace(first.bbox, x0=first.bbox.x0 - 13)), *ln.words[1:])
            ln = Line(words, BBox.enclosing([w.bbox for w in words]))
        item.append(ln)
    head = column_paragraph(HEAD, TOP - len(HEAD) * PITCH - 40)
    rows = column_paragraph(BODY, TOP + len(ITEM) * STEP + 45)
    lines = head + item + rows
    blocks = tuple(Block(block_id(1, k), BlockKind.PARAGRAPH, (ln,), ln.bbox) for k, ln in enumerate(lines))
    return replace(page(1, []), blocks=blocks)


def test_a_speck_glued_to_a_set_in_lines_first_word_does_not_cut_the_run() -> None:
    # the seed-1930 render heavy-a5-2col-endnotes (Linux Libertine) page 5: before, the line read
    # '-finding' started 13 px left of the item's lines, which ended the run there, and the next
    # line, back at the item's inset, was taken for an indented paragraph
    out = clean_volume([_item_page()])
    paras = [" ".join(b.split()) for b in render_text(out).clean.split("\n\n") if b.strip()]
    item = [p for p in paras if "Isn't it possible to get" in p]
    assert len(item) == 1 and item[0].endswith("relying on the buffer."), paras
