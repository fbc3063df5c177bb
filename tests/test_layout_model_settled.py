"""Constructed pages: what the typesetting settles, the learned paragraph model does not turn over. In a
volume that indents its paragraphs, a line flush with the column after a page break goes on the
paragraph before it."""

from __future__ import annotations

from ingest.export.text import render_text
from ingest.layout import clean_volume
from ingest.model import Page
from tests.test_layout_helpers import PITCH, Row, body, page

FILL = [
    "the river ran past the old mill where the workers met every",
    "morning before the long shift began and nobody in the town",
    "could remember a time when the wheel had stood quite still",
    "for more than a day or two during the coldest of the winters",
    "that the valley had known in all the years of its history",
    "and the miller kept his books in a small room above the race",
]
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
