"""A verse line whose words a warped scan set at staggered heights has a box taller than the
body's and words of a larger median height, and in a narrow column, set in by as much on the
right as on the left, it looks like a centred title: it goes on the lines above it, at the
body's pitch under them and starting where they start, and is no title."""

from __future__ import annotations

from ingest.layout import clean_volume
from ingest.model import BBox, Line, Page, Word
from tests.test_layout_column_measure import STANZAS
from tests.test_layout_column_measure import _prose_page as prose_page
from tests.test_layout_order import BODY, CHAR, COL, PITCH, RIGHT_TEXT, row
from tests.test_layout_order import page as column_page

INSET = COL[0][0] + 100


def _warped(text: str, y: int, x0: int, x1: int, *, lift: int) -> Line:
    """A row justified from x0 to x1, each word set `lift` px higher than the one before it (a
    page warped near the gutter) and a little taller than the body's words (ink spread)."""
    toks = text.split()
    widths = [len(t) * CHAR for t in toks]
    gap = (x1 - x0 - sum(widths)) // (len(toks) - 1)
    words, x = [], x0
    for k, (t, w) in enumerate(zip(toks, widths, strict=True)):
        top = y - k * lift
        words.append(Word(t, BBox(x, top, x + w, top + BODY + 6), 0.9))
        x += w + gap
    return Line(tuple(words), BBox.enclosing([w.bbox for w in words]))


def _page(index: int, *, warped: bool) -> Page:
    """Right column prose; left column a date line at its edge, then three stanzas set in by
    100 px, each with one line turned over (set in deeper); the first stanza's second line set in
    by 100 px from both edges (centred in the column), warped when `warped`."""
    right = [row(t, 500 + k * PITCH, COL[1][0], COL[1][1]) for k, t in enumerate(RIGHT_TEXT * 2)]
    lines = [row("the twelfth of March, 1929", 500, COL[0][0])]
    top = 500 + PITCH + 30
    for s, stanza in enumerate(STANZAS):
        for k, t in enumerate(stanza):
            y = top + (4 * s + k) * PITCH + 30 * s
            if s == 0 and k == 1:
                lines.append(_warped(t, y, INSET, COL[0][1] - 100, lift=3 if warped else 0))
            elif k == 2:
                lines.append(row(t, y, INSET + 60))
            else:
                lines.append(row(t, y, INSET, COL[0][1]))
    rows = sorted([*right, *lines], key=lambda ln: (ln.bbox.y0, ln.bbox.x0))
    return column_page(index, [[ln] for ln in rows])


def _page_blocks(warped: bool) -> list[tuple[str, list[str]]]:
    pages = [prose_page(1), prose_page(2), _page(3, warped=warped), prose_page(4)]
    return [(b.kind.value, [ln.text for ln in b.lines]) for b in clean_volume(pages)[2].blocks]


def test_a_warped_verse_line_centred_in_a_narrow_column_is_no_title() -> None:
    # para8 heavy-a5-2col-endnotes p. 4 ("leadership, Molotov"), own render b1989 p. 26
    # ("mature, self-possessed"), dev twocol-chapnotes-heavy: a stanza line's words at staggered
    # heights made its box 1.3 body lines tall or more and its words' median height 1.15 times the body
    # type's, and the line, centred in its column, was read as a chapter title under the line
    # above it at the body's pitch, cutting the stanza
    blocks = _page_blocks(True)
    line = STANZAS[0][1]
    kind, lines = next((k, ls) for k, ls in blocks if line in ls)
    assert kind == "paragraph", blocks
    assert lines.index(line) > 0 and lines[lines.index(line) - 1] == STANZAS[0][0], blocks
    assert sum(1 for k, _ in blocks if k == "heading") == sum(
        1 for k, _ in _page_blocks(False) if k == "heading"
    )
