"""A two-column volume whose gutter stands further right on one side of the spread than on the
other (a book's inner margin is wider than its outer), and a page whose rows Tesseract read as
lines across the gutter, dust in the gutter's white read as marks between the columns: the page
is read in columns with its own side's gutter as the hint, the marks left out. Constructed pages.

Seed 1569 light-a5-2col-volume: the versos' gutter stood 48 px right of the rectos'; the volume's
hint, the median of all its pages' gutters, was a recto's, and fell inside a verso's left column;
that verso's rows, read across the gutter with '_' and '—' in its white, were read line by line
across both columns ('…in which the bur- _‘ Pathfinder, 1970, 1977], p. 719')."""

from __future__ import annotations

from ingest.export.text import render_text
from ingest.layout import clean_volume
from ingest.model import BBox, Line, Word
from tests.test_layout_order import LEFT_TEXT, PITCH, RIGHT_TEXT, page, row

COLS = [(300, 1230), (1330, 2260)]
SHIFT = 120  # the rectos' columns stand this far left of the versos' (the gutter is 100 px)


def _cols(index: int) -> list[tuple[int, int]]:
    dx = -SHIFT if index % 2 else 0
    return [(a + dx, b + dx) for a, b in COLS]


def _page(index: int, *, across: bool = False):  # type: ignore[no-untyped-def]
    """A page of two justified columns on the side of `index`; `across`: each row read as one line
    across the gutter, a mark read in the gutter's white on every row."""
    (l0, l1), (r0, r1) = _cols(index)
    groups = []
    rows = []
    for k, (a, b) in enumerate(zip(LEFT_TEXT * 3, RIGHT_TEXT * 3, strict=True)):
        y = 400 + k * PITCH
        left, right = row(a, y, l0, l1), row(b, y, r0, r1)
        if not across:
            rows.append((left, right))
            continue
        mid = (l1 + r0) // 2
        speck = Word("—" if k % 2 else "_‘", BBox(mid - 20, y + 15, mid + 12, y + 25), 0.4)
        words = [*left.words, speck, *right.words]
        groups.append([Line(tuple(words), BBox.enclosing([w.bbox for w in words]))])
    if not across:
        groups = [[ln for ln, _ in rows], [ln for _, ln in rows]]
    return page(index, groups)


def test_a_verso_read_across_its_gutter_is_read_in_columns_by_its_side_s_gutter() -> None:
    pages = [_page(i, across=i == 4) for i in range(1, 8)]
    out = clean_volume(pages)
    text = " ".join(render_text([out[3]]).clean.split())
    left = " ".join(LEFT_TEXT[:3])
    right = " ".join(RIGHT_TEXT[:2])
    assert left in text and right in text, text[:400]
    assert text.index(left) < text.index(right)
    assert "—" not in text and "_" not in text


def test_a_last_page_of_two_rows_read_across_the_gutter_is_read_in_columns() -> None:
    # seed 1566 clean-a5-2col-chapter: a letter's last page held two rows, its last sentence in
    # the left column and its closing in the right ('That is the best reply I can With
    # anticapitulationist / give you in a few words. greetings, L. Trotsky'), each row read as one
    # line across the gutter; a page of under four lines was not read again with the volume's gutter
    (l0, l1), (r0, r1) = _cols(6)
    rows = [
        ("That is the best reply I can", "With anticapitulationist"),
        ("give you in a few words.", "greetings."),
    ]
    lines = []
    for k, (a, b) in enumerate(rows):
        left, right = row(a, 400 + k * PITCH, l0, None), row(b, 400 + k * PITCH, r0, None)
        words = [*left.words, *right.words]
        lines.append(Line(tuple(words), BBox.enclosing([w.bbox for w in words])))
    pages = [*(_page(i) for i in range(1, 6)), page(6, [lines])]
    text = " ".join(render_text([clean_volume(pages)[5]]).clean.split())
    assert "That is the best reply I can give you in a few words." in text, text
    assert "With anticapitulationist greetings." in text, text
