"""Constructed pages: what the typesetting settles, the learned paragraph model does not turn over. In a
volume that indents its paragraphs, a line flush with the column after a page break goes on the
paragraph before it; a line that stops short by more than the next line's first word ends its
paragraph."""

from __future__ import annotations

from dataclasses import replace

from ingest.export.text import render_text
from ingest.layout import clean_volume
from ingest.model import BBox, Block, BlockKind, Line, Page, Word, block_id
from tests.test_layout_helpers import BODY_H, CHAR, LEFT, MILL, PITCH, Row, body, justified, page

FILL = list(MILL)
# a sentence's end a line height and a half short of the edge, the next page's first word a little
# too wide for that room
LAST = "that the valley had known in all the years of its past ages."
NEXT = "Yes the mill ran on through the summer and the wheel turned on"


def _paragraphs(pages: list[Page]) -> list[str]:
    return [b.strip() for b in render_text(clean_volume(pages)).clean.split("\n\n") if b.strip()]


def _page(index: int, *, first: str | None, last: str | None) -> Page:
    """Indented paragraphs; the page's first line `first` flush, going on the paragraph of the page
    before, and its last line `last` justified like a paragraph's inner line but for its length."""
    texts = ([first] if first else []) + [FILL[4], FILL[5] + "."]
    texts += ["¶" + FILL[0], FILL[1], FILL[2] + "."]
    texts += ["¶" + FILL[3], FILL[4], FILL[5] + "."]
    texts += ["¶" + FILL[0], FILL[1], FILL[2]]
    rows = body(texts, top=245, last_short=False)
    if last:
        rows.append(Row(last, 245 + len(texts) * PITCH, full=False))
    return page(index, rows)


def test_a_flush_line_after_a_page_break_goes_on_the_paragraph_in_a_volume_that_indents() -> None:
    # heavy octavo, indented paragraphs: the page's last line ended a sentence a little short of
    # the edge, the next page's first line flush; the model, seeing no space over the break, took
    # it for a paragraph's end, and the paragraph was cut at the page
    pages = [
        _page(1, first=None, last=LAST),
        _page(2, first=NEXT, last=LAST),
        _page(3, first=NEXT, last=None),
    ]
    paras = _paragraphs(pages)
    assert not any(p.startswith("Yes the mill") for p in paras), paras
    assert sum(1 for p in paras if LAST + " " + NEXT in p) == 2, paras


NARROW = [
    "the river ran past the old mill",
    "where the workers met every day",
    "before the long shift began and",
    "nobody in the town could recall",
    "a time when the wheel had stood",
    "still for a day in the winters",
]


def _narrow(texts: list[str], top: int, right: int, *, first_in: int = 0) -> list[Line]:
    """Lines justified from the column's edge to `right`, the first set in by `first_in`."""
    return [
        justified(t, top + k * PITCH, LEFT + (first_in if k == 0 else 0), right, BODY_H)
        for k, t in enumerate(texts)
    ]


def _placed(text: str, y: int, x0: int) -> Line:
    """A line of `text` set at its natural width from `x0`."""
    words, x = [], x0
    for t in text.split():
        words.append(Word(t, BBox(x, y, x + len(t) * CHAR, y + BODY_H), 0.95))
        x += len(t) * CHAR + CHAR
    return Line(tuple(words), BBox.enclosing([w.bbox for w in words]))


def test_a_date_line_at_the_indent_over_a_flush_paragraph_is_a_paragraph_of_its_own() -> None:
    # a narrow column: a letter's date at the paragraph indent, then its first paragraph flush,
    # opened by a drop capital joined to its line (wide), the line ending a little short of the
    # edge; the model took the date for a paragraph's first line, and the two were one
    right, indent = LEFT + 630, 50
    rows = _narrow(NARROW[:3], 245, right, first_in=indent)
    rows.append(_placed("October 21, 1928", 245 + 3 * PITCH, LEFT + indent))
    y = 245 + 4 * PITCH - 2
    rest = justified("circular letter from the", y, LEFT + 110, right - 26, BODY_H)
    cap = Word("A", BBox(LEFT, y, LEFT + 90, y + BODY_H), 0.95)
    rows.append(Line((cap, *rest.words), BBox(LEFT, y, right - 26, y + BODY_H)))
    rows += _narrow(NARROW[1:5], 245 + 5 * PITCH, right)
    rows.append(_placed(NARROW[5] + ".", 245 + 9 * PITCH, LEFT))
    blocks = tuple(
        Block(block_id(1, n), BlockKind.PARAGRAPH, (ln,), ln.bbox) for n, ln in enumerate(rows, start=1)
    )
    paras = _paragraphs([replace(page(1, []), blocks=blocks)])
    assert "October 21, 1928" in paras, paras
