"""A speck OCR read as a word of its own before a line's first word (a dot and an underscore,
'._', or a lone '-', two pixels wide) is no word a typesetter could have fitted on the line above:
a ragged line stopping short of the edge by less than the real first word goes on its paragraph."""

from __future__ import annotations

from ingest.export.text import render_text
from ingest.layout import clean_volume
from ingest.model import BBox, Block, BlockKind, Line, Page, PageStatus, SourceRef, Word, block_id
from tests.test_layout_helpers import BODY_H, CHAR, HEIGHT, LEFT, PITCH, WIDTH, Row, line

# ragged right: each line set at its natural width (21 px a letter), most ending within a few
# letters of 1502 px, the column's right edge as measured
TEXT = [
    "¶the river ran past the old mill where the workers met each day",
    "in the morning before the long shift began and nobody in town",
    "could remember a time when the wheel had stood quite still for",
    "a day or two during the coldest of the winters that the valley",
    "had known in all the years of its history.",
    "¶We referred in particular to the decision of the month",
    "December that said the mill should stand where it stood and the",
    "wheel should turn for as long as the water still ran down from",
    "the hills through the valley to the sea.",
    "¶the town grew and the river did not change its course though",
    "the many people who lived on its banks had wished it would in",
    "the years of the floods that came every spring after the snow.",
]
SPECK_ROW = 6  # the line opening on "December", after a line stopping short of it


def _page(*, speck: str | None) -> Page:
    lines = []
    for i, t in enumerate(TEXT):
        para = t.startswith("¶")
        y = 245 + i * PITCH
        ln = line(Row(t.lstrip("¶"), y, x0=LEFT + 57 if para else LEFT, full=False))
        if i == SPECK_ROW and speck is not None:
            # OCR's speck left of the line's first word, near the baseline, two pixels wide
            mark = Word(speck, BBox(LEFT - 15, y + BODY_H - 8, LEFT - 13, y + BODY_H - 6), 0.3)
            ln = Line((mark, *ln.words), BBox.enclosing([mark.bbox, ln.bbox]))
        lines.append(ln)
    blocks = tuple(
        Block(block_id(1, n), BlockKind.PARAGRAPH, (ln,), ln.bbox) for n, ln in enumerate(lines, start=1)
    )
    return Page(1, SourceRef("test.pdf", 1, "0" * 64), WIDTH, HEIGHT, 300, blocks, status=PageStatus.OCR_DONE)


def _paragraphs(p: Page) -> list[str]:
    return [" ".join(b.split()) for b in render_text(clean_volume([p])).clean.split("\n\n") if b.strip()]


def test_the_page_is_set_as_the_test_says() -> None:
    # the line above the speck's stops short of the edge by less than "December" and a space,
    # by more than the speck and a space
    above = line(Row(TEXT[SPECK_ROW - 1].lstrip("¶"), 0, x0=LEFT + 57, full=False))
    right = max(ln.bbox.x1 for ln in (line(Row(t, 0, full=False)) for t in TEXT[6:8]))
    room = right - above.bbox.x1
    assert 2 + 1.5 * BODY_H < room < len("December") * CHAR + 0.5 * BODY_H


def test_a_speck_before_a_lines_first_word_does_not_end_the_paragraph_above() -> None:
    # own render u1924-heavy-a5-2col-endnotes pages 9 and 12 (ragged right): "...to the
    # resolution of" / "._ December 5, 1923, which said..." and "...support of all the |" /
    # "- Bolshevik-Leninists (Opposition)." were cut into two paragraphs: the speck, read as the
    # next line's first word, would have fitted on the line above, so that line looked like a
    # paragraph's end
    want = [" ".join(t.lstrip("¶") for t in TEXT[a:b]) for a, b in ((0, 5), (5, 9), (9, 12))]
    assert _paragraphs(_page(speck=None)) == want
    for speck in ("._", "-"):
        got = _paragraphs(_page(speck=speck))
        assert [p.replace(f"{speck} ", "") for p in got] == want, got


def test_a_doubtful_first_word_boxed_over_the_next_word_starts_at_its_box() -> None:
    # heavy a5 photographed, two columns: 'dangerously' read unsure in a box running on over
    # '— preparing'; its letters were taken to end where the box ends, to start well right of
    # the column's edge, and the line was read as a paragraph's indented first line
    p = _page(speck=None)
    blocks = list(p.blocks)
    row = 2  # "could remember a time ...", inside the first paragraph
    ln = blocks[row].lines[0]
    first, second = ln.words[0], ln.words[1]
    assert second.bbox.x0 < first.bbox.x1 + 200
    wide = Word(first.text, BBox(first.bbox.x0, first.bbox.y0, second.bbox.x0 + 100, first.bbox.y1), 0.1)
    new = Line((wide, *ln.words[1:]), BBox.enclosing([wide.bbox, ln.bbox]))
    blocks[row] = Block(blocks[row].id, BlockKind.PARAGRAPH, (new,), new.bbox)
    paras = _paragraphs(Page(1, p.source, p.width, p.height, 300, tuple(blocks), status=PageStatus.OCR_DONE))
    assert len(paras) == 3, paras
    assert paras[0].startswith("the river ran") and "could remember a time" in paras[0], paras
