"""A two-column page's running head over the right column with the folio beside it, the page scanned
askew: the folio's figures, shorter than the head's capitals, stand a little higher than the head,
so the two share half of the folio's height but not half of the head's. They are one row above the
columns' text, read before the columns, not as the right column's first lines."""

from __future__ import annotations

from ingest.layout.columns import cut_bands
from ingest.model import BBox, Line, Word
from tests.test_layout_helpers import justified

WORDS = "the party fearing the proletarian core and still restrained by the past".split()


def _column(x0: int, x1: int, top: int, n: int) -> list[Line]:
    return [justified(" ".join(WORDS[k % 4 : k % 4 + 5]), top + 58 * k, x0, x1, 40) for k in range(n)]


def _word_line(text: str, x0: int, y0: int, x1: int, y1: int) -> Line:
    box = BBox(x0, y0, x1, y1)
    return Line((Word(text, box, 0.95),), box)


def test_a_folio_and_head_askew_over_the_right_column_are_read_before_the_columns() -> None:
    # seed 1962 heavy-a5-2col-endnotes page 9: folio '7' at y 102-131 over the gutter's right
    # edge, 'THE DANGER' at y 116-155 over the right column, the columns' text from y 235; the
    # head was read between the left column's last line and the right column's first
    left = _column(200, 840, 235, 12)
    right = _column(880, 1520, 250, 12)
    folio = _word_line("7", 871, 102, 890, 131)
    head = _word_line("THE DANGER", 1307, 116, 1551, 155)
    bands, misfit = cut_bands([*left, *right, folio, head], [(845, 868)], 30.0)
    assert not misfit
    assert bands[0] == [(None, [folio, head])]
    assert [[(c, len(ls)) for c, ls in band] for band in bands[1:]] == [[(0, 12), (1, 12)]]


def test_a_columns_first_line_level_with_the_other_columns_text_stays_in_its_column() -> None:
    # a right column's first line (its text level with the left column's first line) is no head
    # row, however short the line beside it
    left = _column(200, 840, 235, 12)
    right = _column(880, 1520, 235, 12)
    short = _word_line("7", 871, 240, 890, 268)
    bands, _ = cut_bands([*left, *right, short], [(845, 868)], 30.0)
    assert all(c is not None for band in bands for c, _ in band)
