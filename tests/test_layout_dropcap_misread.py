"""Constructed pages: a drop capital OCR read in part (its box holds one stroke of the letter), glued
to the word beside it, or as a mark with no letter; the lines beside it are its paragraph's first
lines, whatever their inset."""

from __future__ import annotations

from dataclasses import replace

from ingest.export.text import render_text
from ingest.layout import clean_volume
from ingest.model import BBox, Block, BlockKind, Line, Page, Word, block_id
from tests.test_layout_helpers import BODY_H, CHAR, LEFT, PITCH, Row, body, line, page

FILL = [
    "river ran past the old mill where the workers met every",
    "morning before the long shift began and nobody in the town",
    "could remember a time when the wheel had stood quite still",
    "for more than a day or two during the coldest of the winters",
    "that the valley had known in all the years of its history",
    "and the miller kept his books in a small room above the race",
]
BESIDE = 110  # the lines beside the capital start this far in
TOP = 245


def _paragraphs(pages: list[Page]) -> list[str]:
    return [b.strip() for b in render_text(clean_volume(pages)).clean.split("\n\n") if b.strip()]


def _with_word(p: Page, word: Word) -> Page:
    """The page with `word` read by OCR as a block of its own."""
    ln = Line((word,), word.bbox)
    return replace(p, blocks=p.blocks + (Block(block_id(p.index, 99), BlockKind.PARAGRAPH, (ln,), ln.bbox),))


def _rows(beside: int = 3) -> list[Row]:
    """`beside` lines set in by the capital's width, then the paragraph's rest at the edge, then an
    indented paragraph."""
    rows = [Row(FILL[k], TOP + k * PITCH, x0=LEFT + BESIDE) for k in range(beside)]
    rows += body([FILL[3], FILL[4] + "."], top=TOP + beside * PITCH, indent_first=False)
    rows += body(["¶" + FILL[5], FILL[0] + "."], top=TOP + (beside + 2) * PITCH)
    return rows


def test_lines_beside_a_capital_read_in_part_go_on_its_paragraph() -> None:
    # heavy pages: OCR boxed one stroke of the 'A' (narrow, short of the third line beside it),
    # and the third line, set in by the capital's width, opened a paragraph of its own
    stroke = Word("A", BBox(LEFT + 55, TOP, LEFT + 80, TOP + int(1.85 * BODY_H)), 0.9)
    paras = _paragraphs([_with_word(page(1, _rows()), stroke)])
    assert len(paras) == 2, paras
    assert paras[0].startswith("A river ran past the old mill")
    assert paras[0].endswith(FILL[4] + ".")


def test_lines_beside_a_capital_glued_to_the_word_beside_it_go_on_its_paragraph() -> None:
    # the 'A' read with the first word of the second line beside it as one tall word ('Amorning'),
    # no capital: the first and third lines looked indented and the third opened a paragraph
    rows = _rows()
    second = line(rows[1])
    glued = Word(
        "Amorning", BBox(LEFT, TOP, LEFT + BESIDE + len("morning") * CHAR, TOP + PITCH + BODY_H), 0.6
    )
    words = (glued, *second.words[1:])
    p = page(1, rows)
    blocks = list(p.blocks)
    blocks[1] = replace(blocks[1], lines=(Line(words, BBox.enclosing([w.bbox for w in words])),))
    paras = _paragraphs([replace(p, blocks=tuple(blocks))])
    assert len(paras) == 2, paras
    assert paras[0].startswith(FILL[0] + " Amorning before the long shift")
    assert paras[0].endswith(FILL[4] + ".")


def test_lines_beside_a_capital_read_as_a_mark_go_on_its_paragraph() -> None:
    # the 'A' read as a backslash (its right stroke), two lines tall: the lines beside it looked
    # indented, and the one after the mark's foot opened a paragraph
    mark = Word("\\", BBox(LEFT + 40, TOP + 5, LEFT + 70, TOP + int(1.9 * BODY_H) + 5), 0.4)
    paras = _paragraphs([_with_word(page(1, _rows()), mark)])
    assert len(paras) == 2, paras
    assert FILL[1] + " " + FILL[2] in paras[0]
    assert paras[0].endswith(FILL[4] + ".")


def test_a_word_stretched_tall_beside_a_capital_does_not_lift_its_line() -> None:
    # the capital's row is the second line, whose first word OCR read stretched over the capital's
    # height, its top above the first line's: the second line was put first
    rows = _rows(beside=2)
    cap = Word("A", BBox(LEFT, TOP + 4, LEFT + BESIDE - 30, TOP + PITCH + BODY_H + 4), 0.9)
    second = line(rows[1])
    first = second.words[0]
    tall = Word(first.text, BBox(first.bbox.x0, TOP - 2, first.bbox.x1, TOP + PITCH + BODY_H + 8), 0.1)
    words = (cap, tall, *second.words[1:])
    p = page(1, rows)
    blocks = list(p.blocks)
    blocks[1] = replace(blocks[1], lines=(Line(words, BBox.enclosing([w.bbox for w in words])),))
    paras = _paragraphs([replace(p, blocks=tuple(blocks))])
    assert len(paras) == 2, paras
    assert paras[0].startswith("A " + FILL[0] + " " + FILL[1])


def test_a_tall_mark_in_the_margin_beside_lines_at_the_edge_is_no_capital() -> None:
    # a shadow or a smear left of the column, read as a mark two lines tall beside a paragraph's
    # indented first line and lines at the edge: no capital, and the indent still starts it
    rows = body([FILL[0], FILL[1] + ".", "¶" + FILL[2], FILL[3], FILL[4] + "."], top=TOP)
    plain = _paragraphs([page(1, rows)])
    smear = Word("|", BBox(LEFT - 70, TOP + PITCH, LEFT - 50, TOP + 3 * PITCH), 0.3)
    assert _paragraphs([_with_word(page(1, rows), smear)]) == plain
    assert len(plain) == 2, plain


def test_a_third_line_beside_a_capital_glued_to_the_first_words_letters_goes_on_its_paragraph() -> None:
    # clean two-column book: the drop capital 'T' of 'The', two lines tall, read with the 'he' after
    # it as one tall word ('Ts') in the first line, whose next word starts further right than the
    # lines under it; the third line, set in as far as the second under the capital's foot, was
    # measured against the first line's start, left out of the capital's lines, and opened a
    # paragraph of its own
    rows = _rows()
    first = line(replace(rows[0], x0=LEFT + BESIDE + 60))
    cap = Word("Ts", BBox(LEFT, TOP, LEFT + BESIDE + 45, TOP + PITCH + BODY_H), 0.08)
    glued = Line((cap, *first.words), BBox.enclosing([cap.bbox, first.bbox]))
    p = page(1, rows)
    blocks = (replace(p.blocks[0], lines=(glued,), bbox=glued.bbox), *p.blocks[1:])
    paras = _paragraphs([replace(p, blocks=blocks)])
    assert len(paras) == 2, paras
    assert paras[0].endswith(FILL[4] + "."), paras


def test_a_drop_capital_opens_its_paragraph_under_a_short_date_line() -> None:
    # seed 1530 light-a5-2col (ragged right, drop capital openings): the letter's date line
    # 'October 20, 1928' over the paragraph its capital opens, in a narrow column; in ragged text a
    # short line ends no paragraph, and the capital's line, moved back to the column's edge, showed
    # no indent: the date ran on into the letter's first paragraph
    narrow = [
        "letter to Karl Radek. By",
        "the late summer it had",
        "become apparent that the",
        "rightward course taken at the",
        "July plenum (canceling the",
        "extraordinary measures, and",
        "allowing the price of bread",
        "to rise) was at an end.",
    ]
    rows = [Row("October 20, 1928", TOP, x0=LEFT + 60, full=False)]
    top = TOP + PITCH
    rows += [
        Row(t, top + k * PITCH, x0=LEFT + (BESIDE if k < 2 else 0), full=False) for k, t in enumerate(narrow)
    ]
    cap = Word("A", BBox(LEFT, top, LEFT + 130, top + int(2.4 * BODY_H)), 0.9)
    paras = _paragraphs([_with_word(page(1, rows), cap)])
    assert paras[0] == "October 20, 1928", paras
    assert paras[1] == "A " + " ".join(narrow)
