"""Numbers OCR read as two figure groups, on constructed pages: "February 1 928" (the "1" cut off
its number) is "February 1928" when the volume prints 1928 as one word and the white between the
groups is narrower than the page's spaces between words; the join is a decision undo takes back."""

from __future__ import annotations

from dataclasses import replace

from ingest.export.text import render_text
from ingest.layout import clean_volume
from ingest.layout.undo import undo
from ingest.model import BBox, Block, Line, Page
from tests.test_layout_helpers import Row, body, page

TEXT = [
    "¶the river ran past the old mill where the workers met every",
    "morning before the long shift began and nobody in the town",
    "could remember a time when the wheel had stood quite still",
    "for more than a day or two during the winter of 1928 when",
    "the snow came down over the valley and the roads were closed.",
]


def _split_at(p: Page, first: str, second: str, gap: int) -> Page:
    """The page with the word `second` moved to stand `gap` px right of the word `first` before it."""
    blocks = []
    for b in p.blocks:
        lines = []
        for ln in b.lines:
            words = list(ln.words)
            for k in range(1, len(words)):
                if words[k - 1].text == first and words[k].text == second:
                    x0 = words[k - 1].bbox.x1 + gap
                    bx = words[k].bbox
                    words[k] = replace(words[k], bbox=BBox(x0, bx.y0, x0 + bx.width, bx.y1))
            lines.append(Line(tuple(words), BBox.enclosing([w.bbox for w in words])))
        blocks.append(Block(b.id, b.kind, tuple(lines), BBox.enclosing([ln.bbox for ln in lines])))
    return replace(p, blocks=tuple(blocks))


def _dated(index: int, date: str, gap: int, text: list[str] = TEXT) -> Page:
    rows = [Row(date, 245, full=False)] + body(text, top=245 + 2 * 58)
    return _split_at(page(index, rows), "1", "928", gap)


def test_a_number_read_as_two_figure_groups_is_one_number() -> None:
    # seed 1919 heavy-a5-page-symbols: the dateline "February 1928" was read "February 1 928" (the
    # "1" cut off, 9 px from the "9" where the page's words stand 16 px apart); the lone "1" was
    # scored a page number left in the text
    out = clean_volume([_dated(3, "February 1 928", 8), _dated(4, "March 2, 1928", 21)])
    text = render_text(out).clean
    assert text.startswith("February 1928\n\n")
    decision = next(d for d in out[0].decisions if d.kind == "figures_joined")
    undone = undo(out[0], decision)
    assert render_text([undone]).clean.startswith("February 1 928\n\n")
    assert not [d for d in undone.decisions if d.kind == "figures_joined"]


def test_figure_groups_a_space_apart_or_making_no_number_of_the_volume_stay_apart() -> None:
    # two numbers a word space apart, and groups making a number the volume never prints as one
    # word (a thousands separator, "1 928 copies" in a volume that prints no 1928), are left as read
    spaced = clean_volume([_dated(3, "February 1 928", 21), _dated(4, "March 2, 1928", 21)])
    assert render_text(spaced).clean.startswith("February 1 928\n\n")
    never = [t.replace("1928", "1927") for t in TEXT]
    unprinted = clean_volume([_dated(3, "February 1 928", 8, never), _dated(4, "March 2, 1927", 21, never)])
    assert render_text(unprinted).clean.startswith("February 1 928\n\n")
    assert not [d for p in spaced + unprinted for d in p.decisions if d.kind == "figures_joined"]
