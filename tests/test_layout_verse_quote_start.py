"""Verse set in a column, a long line turned over: the stanza's next line opens with a quote that
OCR read glued to its first letter ('‘Thad' for 'I had', a speck before the 'I'), its box a quote's
width left of where the stanza's lines start and stretched tall by the speck. Its letters start
where the stanza's lines start: it goes on the stanza (no title cuts it), and the stanza goes on
after the turned line. A stanza's first line, with the stanza space above it, starting where the
stanza set in above it starts, is the verse's next stanza, however tall its box: a title set in
that far only by chance starts where the verse does."""

from __future__ import annotations

from ingest.model import BBox, Line, Word
from tests.test_layout_helpers import CHAR, LEFT, PITCH, Row, line
from tests.test_layout_paragraphs import _paragraphs
from tests.test_layout_turned_verse import _page, _prose

STANZA = LEFT + 100  # the verse is set in this far
TURNED = STANZA + 80


def _tall(words: list[tuple[str, int, int]], x0: int, y: int) -> Line:
    """A line of (text, top offset, height) words from `x0`, a letter `CHAR` wide."""
    out, x = [], x0
    for text, dy, h in words:
        w = len(text) * CHAR
        out.append(Word(text, BBox(x, y + dy, x + w, y + dy + h), 0.9))
        x += w + CHAR
    return Line(tuple(out), BBox.enclosing([w.bbox for w in out]))


def _verse_page(opening: Line, top: int) -> list[Line]:
    """Prose, a stanza whose second line is turned over, `opening` under the turned rest at the
    pitch, a stanza space, and two more lines of verse."""
    v = top
    rows = [
        line(Row("appearance of this letter,", v, x0=STANZA, full=False)),
        line(Row("you might perhaps think", v + PITCH, x0=STANZA, full=False)),
        line(Row("that", v + 2 * PITCH, x0=TURNED, full=False)),
        opening,
        line(Row("here but that is absolutely,", v + 5 * PITCH, x0=STANZA, full=False)),
        line(Row("absolutely not so.", v + 6 * PITCH, x0=STANZA, full=False)),
    ]
    return _prose(245) + rows + _prose(v + 8 * PITCH)


def test_a_verse_line_opening_with_a_glued_quote_goes_on_its_stanza() -> None:
    # heavy a5, two columns: "you might perhaps think / that / ‘Thad a secretary": the line's box
    # started a quote's width left of the stanza and a speck stretched it tall; set in, it looked
    # centred in the column and large, and was taken for a title that cut the stanza in two
    top = 245 + 4 * PITCH + 30
    opening = _tall(
        [("‘Thad", -12, 60), ("a", 0, 40), ("secretary,", -4, 56), ("friend", 0, 40)],
        STANZA - CHAR,
        top + 3 * PITCH,
    )
    paras = _paragraphs([_page(1, _verse_page(opening, top))])
    stanza = next(p for p in paras if p.startswith("appearance"))
    assert " ".join(stanza.split()) == (
        "appearance of this letter, you might perhaps think that ‘Thad a secretary, friend"
    ), paras


def test_a_stanza_opening_where_the_verse_above_starts_is_no_title() -> None:
    # "of the lost suitcases." / (stanza space) / "Right now, lam": the stanza's first line, its
    # words read tall on a heavy scan, set in as far as the verse above it, looked centred and
    # large, and was taken for a title
    top = 245 + 4 * PITCH + 30
    opening = _tall(
        [("Right", -6, 56), ("now,", 0, 40), ("I", -8, 48), ("am", 0, 40), ("here", -6, 50)],
        STANZA,
        top + 4 * PITCH,
    )
    rows = [
        line(Row("my books on India were", top, x0=STANZA, full=False)),
        line(Row("of the lost suitcases.", top + PITCH, x0=STANZA, full=False)),
        line(Row("Unfortunately, the roads", top + 2 * PITCH, x0=STANZA, full=False)),
        opening,
        line(Row("attempting to get a new", top + 5 * PITCH, x0=STANZA, full=False)),
        line(Row("of books from Moscow.", top + 6 * PITCH, x0=STANZA, full=False)),
    ]
    paras = _paragraphs([_page(1, _prose(245) + rows + _prose(top + 8 * PITCH))])
    stanza = next(p for p in paras if p.startswith("Right"))
    want = "Right now, I am here attempting to get a new of books from Moscow."
    assert " ".join(stanza.split()) == want, paras
