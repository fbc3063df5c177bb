"""A drop capital whose first line beside it opens with a speck OCR read as a word of its own:
the capital is joined to the word after the speck, and the lines beside it and under it stay in
its paragraph."""

from __future__ import annotations

from dataclasses import replace

from ingest.model import BBox, Line, Page, Word
from tests.test_layout_dropcaps_skew import FILL, _cap_page, _paragraphs


def _specked(p: Page, x: int) -> Page:
    """The page with a speck ('¥', two pixels wide, near the baseline) read as the first word of
    the line opening "he river", at `x`."""
    blocks = []
    for b in p.blocks:
        lines = []
        for ln in b.lines:
            if ln.text.startswith("he river"):
                y = ln.bbox.y1 - 4
                mark = Word("¥", BBox(x, y - 2, x + 2, y), 0.2)
                ln = Line((mark, *ln.words), BBox.enclosing([mark.bbox, ln.bbox]))
            lines.append(ln)
        blocks.append(replace(b, lines=tuple(lines), bbox=BBox.enclosing([ln.bbox for ln in lines])))
    return replace(p, blocks=tuple(blocks))


def test_a_speck_between_a_drop_capital_and_its_word_does_not_part_them() -> None:
    # 1961 heavy-a5-page-symbols: "S" (a drop capital) / "¥ osnovsky was one of the firmest…":
    # the speck, read as the first line's first word, made no word with the capital, which was
    # kept apart ("S ¥ osnovsky"), and the third line, set in under the capital as far as the
    # lines beside it, was measured against the speck and cut off as a new paragraph
    p = _cap_page(1, "he " + FILL[0][4:], "T")
    x = p.blocks[0].lines[0].bbox.x0 - 30  # between the capital's right edge and the line's word
    paras = _paragraphs([_specked(p, x)])
    assert len(paras) == 2, paras
    # the capital joined to its word; the speck, OCR's reading, stays where OCR read it
    assert paras[0].startswith("The ¥ river ran past the old mill"), paras
    assert paras[0].endswith(FILL[4] + "."), paras
