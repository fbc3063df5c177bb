"""Constructed pages: a volume that justifies its lines and sets its paragraphs apart with space; a
paragraph ending at the foot of a page on a line that stops short of the edge, the next page's first
word too wide to have fitted there."""

from __future__ import annotations

import dataclasses

from ingest.export.text import render_text
from ingest.layout import clean_volume
from ingest.model import Page
from tests.test_layout_helpers import MILL, PITCH, Row, body, page

FILL = list(MILL)
# a sentence's end stopping short of the edge by more than a line height, by less than the next word
LAST = "that the valley had known in all the years of its longer past."
NEXT = "Notwithstanding the mill ran on through the summer and the wheel turned"


def _paragraphs(pages: list[Page]) -> list[str]:
    return [b.strip() for b in render_text(clean_volume(pages)).clean.split("\n\n") if b.strip()]


def _page(index: int, *, last: str, first: str) -> Page:
    """Four spaced paragraphs of three justified lines, the last line of each short; the page's first
    line `first`, its last line `last` (not justified)."""
    rows: list[Row] = []
    top = 245
    for k in range(4):
        texts = [first if k == 0 else FILL[k], FILL[k + 1], FILL[k + 2] + "."]
        if k == 3:
            texts[-1] = last
        rows += body(texts, top=top, indent_first=False)
        top += 2 * PITCH + int(1.3 * PITCH)
    return page(index, rows)


def test_a_justified_line_ending_a_sentence_short_of_the_edge_ends_its_paragraph_at_the_foot() -> None:
    # heavy a5, spaced paragraphs, justified: the page's last line ended a sentence a line height
    # and more short of the edge, the next page's first word too wide for that room; over the
    # break no space is seen, and the two paragraphs were read as one
    pages = [
        _page(1, last=LAST, first=FILL[0]),
        _page(2, last=LAST, first=NEXT),
        _page(3, last=LAST, first=NEXT),
    ]
    paras = _paragraphs(pages)
    assert any(p.endswith("its longer past.") for p in paras), paras
    assert sum(1 for p in paras if p.startswith("Notwithstanding")) == 2, paras
    assert len(paras) == 12, paras


def test_a_ragged_volume_s_line_short_of_the_edge_runs_on_over_the_break() -> None:
    # the same pages set ragged (no line stretched to the edge): a line ending a sentence short of
    # the edge by less than the next word goes on over the break, as before
    def ragged(index: int, first: str) -> Page:
        p = _page(index, last=LAST, first=first)
        rows = []
        for b in p.blocks:
            for ln in b.lines:
                text = " ".join(w.text for w in ln.words)
                rows.append(Row(text, ln.bbox.y0, x0=ln.bbox.x0, full=False))
        return page(index, rows)

    paras = _paragraphs([ragged(1, FILL[0]), ragged(2, NEXT), ragged(3, NEXT)])
    assert not any(p.startswith("Notwithstanding") for p in paras), paras


def _ragged(index: int, first: str, last: str, *, short: bool = False) -> Page:
    """`_page` set ragged; with `short`, its last paragraph is its last line alone, set where that
    paragraph's first line stands: the page ends two lines higher than the others."""
    p = _page(index, last=last, first=first)
    lines = [ln for b in p.blocks for ln in b.lines]
    if short:
        lines = [*lines[:-3], dataclasses.replace(lines[-1], bbox=lines[-3].bbox)]
    rows = [Row(ln.text, ln.bbox.y0, x0=ln.bbox.x0, full=False) for ln in lines]
    return page(index, rows)


def test_a_ragged_volume_s_page_ending_short_of_the_foot_ends_its_paragraph() -> None:
    # seed 1576 light octavo, spaced paragraphs set ragged: three pages ended a paragraph on a
    # sentence's end, their last lines 1.3-1.9 body pitches above where the volume's pages end
    # (pages whose text runs on mid-sentence end within 0.44 of it), and the next page opened
    # flush with a capital. Nothing on the line says the paragraph ends (ragged: no line is full;
    # the next word would not have fitted), but the page ran short: a new paragraph did not
    # start at its foot. The three paragraphs ran on over the break
    runs_on = LAST.removesuffix(" past.")
    goes_on = "past and the mill ran on through the summer, and the wheel"
    pages = [_ragged(1, FILL[0], runs_on)]
    pages += [_ragged(i, goes_on, runs_on) for i in (2, 3)]
    pages += [_ragged(4, goes_on, LAST, short=True), _ragged(5, NEXT, runs_on)]
    pages += [_ragged(i, goes_on, runs_on) for i in (6, 7)]
    paras = _paragraphs(pages)
    assert [p for p in paras if p.startswith("Notwithstanding")], paras  # after the short page 4
    assert any(p.endswith("its longer past.") for p in paras), paras
    # where the pages end mid-sentence as low as a paragraph's end, the text runs on
    level = [_ragged(i, goes_on if i > 1 else FILL[0], runs_on) for i in range(1, 8)]
    level[4] = _ragged(5, NEXT, runs_on)
    level[3] = _ragged(4, goes_on, LAST)
    assert not [p for p in _paragraphs(level) if p.startswith("Notwithstanding")]
    # a volume whose pages end that high mid-sentence too (a scan's crop, a warp): its foot says
    # nothing, and the text runs on
    uneven = [_ragged(1, FILL[0], runs_on)]
    uneven += [_ragged(i, goes_on, runs_on, short=True) for i in (2, 3)]
    uneven += [_ragged(4, goes_on, LAST, short=True), _ragged(5, NEXT, runs_on)]
    uneven += [_ragged(i, goes_on, runs_on, short=i == 6) for i in (6, 7)]
    assert not [p for p in _paragraphs(uneven) if p.startswith("Notwithstanding")]
