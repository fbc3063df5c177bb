"""A column set in on one page (verse with a single line of prose at the column's edge) is given
the measure the volume sets its columns on, measured on its other pages read in columns."""

from __future__ import annotations

import pytest

from ingest.export.text import render_text
from ingest.layout import clean_volume, order
from ingest.model import Line, Page
from tests.test_layout_order import COL, LEFT_TEXT, RIGHT_TEXT, row
from tests.test_layout_order import page as column_page

STANZAS = [
    [
        "the wheel turns in the water and",
        "the miller sings along the weir and",
        "the road",
        "and its song by the mill",
    ],
    [
        "the miller walks by the wheel and",
        "the wheel sings on and on past the",
        "dark",
        "till the dark of the night",
    ],
    [
        "the water turns the wheel and the",
        "wheel turns the grey stone and the",
        "corn",
        "the corn of the long year",
    ],
]
INSET = COL[0][0] + 100


def _stanzas(top: int, *, ragged: bool = False) -> list[Line]:
    """The three stanzas of the left column from `top`, set in by 100 px, each with its third line
    turned over (set in deeper); `ragged`: the other lines stop short of the column's right edge
    by differing lengths, else they reach it."""
    verse = []
    for s, stanza in enumerate(STANZAS):
        for k, t in enumerate(stanza):
            y = top + (4 * s + k) * 58 + 30 * s
            if k == 2:
                verse.append(row(t, y, INSET + 60))
            else:
                verse.append(row(t, y, INSET, COL[0][1] - (40 + 30 * k if ragged else 0)))
    return verse


def _prose_page(index: int) -> Page:
    lines = [row(t, 500 + k * 58, COL[0][0], COL[0][1]) for k, t in enumerate(LEFT_TEXT)]
    lines += [row(t, 500 + k * 58, COL[1][0], COL[1][1]) for k, t in enumerate(RIGHT_TEXT)]
    return column_page(index, [[ln] for ln in sorted(lines, key=lambda ln: (ln.bbox.y0, ln.bbox.x0))])


def _verse_page(index: int, *, prose: int = 1) -> Page:
    """Right column prose; left column `prose` lines of prose at its edge (a date line), then
    three stanzas set in by 100 px, their lines filling the column to the gutter, each with one
    line turned over (set in deeper): the left column's left edge is shown by the date line
    only."""
    right = [row(t, 500 + k * 58, COL[1][0], COL[1][1]) for k, t in enumerate(RIGHT_TEXT * 2)]
    head: list[Line] = [row("the twelfth of March, 1929", 500, COL[0][0])][:prose]
    verse = _stanzas(500 + 58 * prose + 30)
    lines = sorted([*right, *head, *verse], key=lambda ln: (ln.bbox.y0, ln.bbox.x0))
    return column_page(index, [[ln] for ln in lines])


def _paragraphs(pages: list[Page]) -> list[str]:
    return [b.strip() for b in render_text(clean_volume(pages)).clean.split("\n\n") if b.strip()]


def test_a_column_of_verse_with_one_line_at_its_edge_takes_the_volumes_measure() -> None:
    # light-octavo-2col-endnotes (1818) page 11: only a date line stood at the left column's real
    # edge, the stanza under it set in; the page alone measured the column from the stanza, and
    # every verse line turned over looked like a new paragraph
    p = _verse_page(3)
    alone = next(f for f in order.read_page(p).flows if f.column == 0)
    assert abs(alone.frame.left - INSET) < 10  # the page's own evidence is thin
    paras = _paragraphs([_prose_page(1), _prose_page(2), p, _prose_page(4)])
    # each stanza one block, its turned line in it (the last stanza runs on into the next
    # column's lines, which this page does not set apart)
    assert paras[2:4] == ["\n".join(STANZAS[0]), "\n".join(STANZAS[1])], paras
    assert paras[4].startswith("\n".join(STANZAS[2]) + "\n"), paras


def test_a_column_without_a_line_at_the_measures_edge_keeps_its_frame() -> None:
    # the safe default: no line of the column's own at the edge the volume's measure puts there,
    # no evidence the column is set in; its frame stands
    o = order.read_page(_verse_page(3, prose=0))
    assert order.remeasured(o) is o
    o = order.read_page(_verse_page(3, prose=1))
    left = next(f for f in order.remeasured(o).flows if f.column == 0)
    assert abs(left.frame.left - COL[0][0]) < 10


def _verse_columns_page(index: int) -> Page:
    """Both columns verse set in by 100 px (each stanza with one line turned over, set in deeper),
    a single line of prose at each column's real edge: a date line over the left column, a line
    under the right one. The page's widest column is as narrow as the other."""
    lines: list[Line] = [row("the twelfth of March, 1929", 500, COL[0][0])]
    for c, (x0, x1) in enumerate(COL):
        top = 500 + 58 + 30 if c == 0 else 500
        for s, stanza in enumerate(STANZAS[:2]):
            for k, t in enumerate(stanza):
                y = top + (4 * s + k) * 58 + 30 * s
                lines.append(row(t, y, x0 + 160) if k == 2 else row(t, y, x0 + 100, x1))
    lines.append(row("and so it went on for years", 500 + 9 * 58 + 60, COL[1][0]))
    lines.sort(key=lambda ln: (ln.bbox.y0, ln.bbox.x0))
    return column_page(index, [[ln] for ln in lines])


def test_columns_all_set_in_on_a_page_take_the_width_the_volume_sets_its_columns_to() -> None:
    # own render b1989-2col-symbols page 27: verse in both columns, each column measured from
    # its stanzas; no column of the page is wider than the other, so the page's own widest
    # measure said nothing, and every verse line turned over was cut off as a paragraph. The
    # width the volume's pages on one measure set their columns to puts each column's edge at
    # its line of prose
    p = _verse_columns_page(3)
    alone = [f for f in order.read_page(p).flows if f.column is not None]
    assert [round(f.frame.left) for f in alone] == [COL[0][0] + 100, COL[1][0] + 100]
    paras = _paragraphs([_prose_page(1), _prose_page(2), p, _prose_page(4)])
    # each stanza, in both columns, one verse block with its turned line (the left column's last
    # stanza runs on into the right column's first, which nothing on the page sets apart)
    text = "\n\n".join(paras)
    for stanza in STANZAS[:2]:
        assert text.count("\n".join(stanza)) == 2, paras


def _verse_only_page(index: int, *, ragged: bool) -> Page:
    """Right column prose; left column nothing but three stanzas set in by 100 px, each with one
    line turned over (set in deeper); `ragged`: the stanzas' lines stop short of the column's
    right edge by differing lengths (no line of the column at either of its edges)."""
    right = [row(t, 500 + k * 58, COL[1][0], COL[1][1]) for k, t in enumerate(RIGHT_TEXT * 2)]
    verse = _stanzas(500, ragged=ragged)
    lines = sorted([*right, *verse], key=lambda ln: (ln.bbox.y0, ln.bbox.x0))
    return column_page(index, [[ln] for ln in lines])


@pytest.mark.parametrize("ragged", [False, True], ids=["to-the-gutter", "ragged"])
def test_a_column_of_nothing_but_verse_is_placed_by_the_volumes_gutter(ragged: bool) -> None:
    # own render b1989-2col-symbols page 7 and 1975 light-a5-2col-endnotes: a left column
    # holding only a verse passage, set in from both edges, measured its frame from the stanzas;
    # no line of its own stood at either edge the volume's measure puts there, the stanzas'
    # lines stood at the frame's left edge and every turned-over line was cut off as a paragraph.
    # The right column is on the measure, and the white the volume sets between its columns
    # places the left one beside it
    p = _verse_only_page(3, ragged=ragged)
    alone = next(f for f in order.read_page(p).flows if f.column == 0)
    assert abs(alone.frame.left - INSET) < 10  # the page's own evidence is thin
    paras = _paragraphs([_prose_page(1), _prose_page(2), p, _prose_page(4)])
    text = "\n\n".join(paras)
    for stanza in STANZAS[:2]:
        assert "\n".join(stanza) in paras, paras
    assert "\n".join(STANZAS[2]) in text, paras


def test_a_column_the_volumes_gutter_would_not_hold_keeps_its_frame() -> None:
    # the safe default: where the column on the measure and the volume's white would put a frame
    # that the column's own lines run out of, the column is not what the volume's other columns
    # are; its frame stands
    o = order.read_page(_verse_only_page(3, ragged=True))
    white = COL[1][0] - COL[0][1]
    placed = next(f for f in order.remeasured(o, gutter=white).flows if f.column == 0)
    assert abs(placed.frame.left - COL[0][0]) < 10 and abs(placed.frame.right - COL[0][1]) < 10
    # 200 px more white: the frame would end left of the stanzas' line ends
    assert order.remeasured(o, gutter=white + 200) is o


QUOTE = [
    "I received your letter of the eleventh",
    "yesterday, which is a very short time for",
    "the post to take, really exceptional, and",
    "today I answered you with a telegram in",
    "which I said that a letter would follow",
    "by the first post leaving the town after",
    "the market day, as the roads are closed",
    "on the other days of the week and no cart",
    "goes down the valley while the snow lies",
    "deep on the pass, so that I have promised",
    # the column ends here, mid-sentence; the quotation goes on at the top of the next
    "to write at length. I am fulfilling that",
    "promise with this letter to you.",
]
SET_IN = 65
QUOTE_PITCH = 50  # a quotation set closer than the body's pitch (58)


def _quote_page(index: int) -> Page:
    """Left column: three lines of prose at its edge, then a quotation set in by `SET_IN` px from
    both edges, ten lines of it, running over the column's foot; right column: the quotation's
    last two lines, then prose at the column's edge. Most of the left column's lines are the
    quotation's."""
    x0, x1 = COL[0][0] + SET_IN, COL[0][1] - SET_IN
    left = [row(t, 500 + k * 58, COL[0][0], COL[0][1]) for k, t in enumerate(LEFT_TEXT[:2])]
    left.append(row("and so the story went.", 500 + 2 * 58, COL[0][0]))
    top = 500 + 3 * 58 + 30
    left += [row(t, top + k * QUOTE_PITCH, x0, x1) for k, t in enumerate(QUOTE[:10])]
    rx0, rx1 = COL[1][0] + SET_IN, COL[1][1] - SET_IN
    right = [row(QUOTE[10], 500, rx0, rx1), row(QUOTE[11], 500 + QUOTE_PITCH, rx0)]
    ptop = 500 + QUOTE_PITCH + 58 + 30
    right += [row(t, ptop + k * 58, COL[1][0], COL[1][1]) for k, t in enumerate(RIGHT_TEXT)]
    lines = sorted([*left, *right], key=lambda ln: (ln.bbox.y0, ln.bbox.x0))
    return column_page(index, [[ln] for ln in lines])


def test_a_column_mostly_of_a_quotation_is_measured_from_its_lines_at_the_edge() -> None:
    # own render s1971-light-a5-2col-volume-spaced page 7: a quotation set in from both sides
    # held most of the left column's lines, so the column's edges were measured from it, and its
    # lines stood at the frame's edge; carried over the column's foot, its first line in the right
    # column, set in, read as a new paragraph. The lines of prose left of that frame, from which
    # the other column's measure holds every line of the column, place its edge
    p = _quote_page(3)
    left = next(f for f in order.read_page(p).flows if f.column == 0)
    assert abs(left.frame.left - COL[0][0]) < 10 and abs(left.frame.right - COL[0][1]) < 10
    paras = _paragraphs([p, _prose_page(4)])
    assert " ".join(QUOTE) in [" ".join(b.split()) for b in paras], paras


def test_a_column_whose_lines_the_measure_would_not_hold_keeps_its_frame() -> None:
    # the safe default: lines left of the frame from which the other column's measure would
    # leave a line of the column outside it are no edge of the column
    p = _quote_page(3)
    wide = [
        row(" ".join(ln.text.split()[:3]), ln.bbox.y0, ln.bbox.x0 - 200) if ln.bbox.x0 == COL[0][0] else ln
        for b in p.blocks
        for ln in b.lines
    ]
    q = column_page(3, [[ln] for ln in wide])
    left = next(f for f in order.read_page(q).flows if f.column == 0)
    assert abs(left.frame.left - (COL[0][0] + SET_IN)) < 10


def _beside_ragged_page(index: int) -> Page:
    """Left column: a date line at its edge, then three stanzas set in by 100 px, ragged, each with
    one line turned over; right column: prose set ragged, most of its lines stopping 80 px short of
    the measure, two reaching it. Neither column is on the measure as the page alone measures it."""
    right = [
        row(t, 500 + k * 58, COL[1][0], COL[1][1] if k in (3, 9) else COL[1][1] - 80)
        for k, t in enumerate(RIGHT_TEXT * 2)
    ]
    verse = [row("the twelfth of March, 1929", 500, COL[0][0]), *_stanzas(500 + 58 + 30, ragged=True)]
    lines = sorted([*right, *verse], key=lambda ln: (ln.bbox.y0, ln.bbox.x0))
    return column_page(index, [[ln] for ln in lines])


def test_a_column_is_placed_beside_one_its_own_lines_put_on_the_measure() -> None:
    # own render of seed 1818 in EB Garamond, light-octavo-2col-endnotes page 9: the left column a
    # date line over a verse passage set in, the right one ragged prose measured short of its
    # right edge; the right column took the volume's measure from its lines reaching it, but the
    # left one was placed beside the right one as first measured, which was on no measure, and
    # kept the verse's edge: the verse lines turned over were cut off as paragraphs
    p = _beside_ragged_page(3)
    alone = {f.column: f.frame for f in order.read_page(p).flows if f.column is not None}
    assert abs(alone[0].left - INSET) < 10 and COL[1][1] - alone[1].right > 60  # the page alone
    o = order.remeasured(order.read_page(p), measure=930.0, gutter=100.0)
    placed = {f.column: f.frame for f in o.flows if f.column is not None}
    assert abs(placed[0].left - COL[0][0]) < 10 and abs(placed[1].right - COL[1][1]) < 10
    paras = _paragraphs([_prose_page(1), _prose_page(2), p, _prose_page(4)])
    for stanza in STANZAS[:2]:
        assert "\n".join(stanza) in paras, paras
