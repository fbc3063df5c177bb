"""Verse stanzas where a page, a column or space cuts them, on constructed pages: a stanza's first
line alone at a page's foot, a line turned over at a stanza's end, a verse passage followed by a
paragraph across a volume's paragraph space, and a column made mostly of verse."""

from __future__ import annotations

from ingest.export.text import render_text
from ingest.layout import clean_volume, order
from ingest.model import BlockKind, Page
from tests.test_layout_helpers import PITCH, Row, body, page
from tests.test_layout_order import COL, LEFT_TEXT, row
from tests.test_layout_order import page as column_page
from tests.test_layout_paragraphs import FILL, VERSE

STANZA = [
    "the miller walks the water",
    "and the wheel sings on",
    "to the river and its daughter and the hill",
    "till the light is gone",
]
SONG = [
    "the wheel turns in the water",
    "and the miller sings",
    "of the river and its daughter and its hill",
    "and the valley's song",
]


def _paragraphs(pages: list[Page]) -> list[str]:
    return [b.strip() for b in render_text(clean_volume(pages)).clean.split("\n\n") if b.strip()]


def test_a_stanzas_first_line_alone_at_the_foot_goes_on_over_the_page_break() -> None:
    # light-a5-2col: the next stanza's first line, last on the page across a stanza's space and
    # looking centred (a verse line set in), was taken for a centred heading, and the stanza it
    # opens was cut at the page break
    inset = 600  # set in so far that a line of the stanza looks centred on the page
    top = 245 + 3 * PITCH + 30
    rows = body(["¶" + FILL[0], FILL[1], FILL[2] + "."])
    rows += [Row(t, top + k * PITCH, x0=inset, full=False) for k, t in enumerate(SONG)]
    rows += [Row(STANZA[0], top + 4 * PITCH + 30, x0=inset, full=False)]
    p2 = [Row(t, 245 + k * PITCH, x0=inset, full=False) for k, t in enumerate(STANZA[1:])]
    p2 += body(["¶" + FILL[3], FILL[4] + "."], top=245 + 3 * PITCH + 30)
    paras = _paragraphs([page(1, rows), page(2, p2)])
    assert paras[1:3] == ["\n".join(SONG), "\n".join(STANZA)], paras
    assert len(paras) == 4


def test_a_line_turned_over_at_a_stanzas_end_stays_in_its_stanza() -> None:
    # light-a5-2col: the last line of a stanza too long for the column was turned over (set in
    # deeper) and the paragraph after the stanza starts flush; the turned line was a paragraph
    inset = 200 + 80
    long = "the wheel turns in the water and the miller sings along the river"
    top = 245 + 3 * PITCH + 30
    rows = body(["¶" + FILL[0], FILL[1], FILL[2] + "."])
    rows += [
        Row(VERSE[0], top, x0=inset, full=False),
        Row(VERSE[1], top + PITCH, x0=inset, full=False),
        Row(long, top + 2 * PITCH, x0=inset, full=True),
        Row("all the day.", top + 3 * PITCH, x0=inset + 60, full=False),
    ]
    rows += body(["¶" + FILL[3], FILL[4] + "."], top=top + 4 * PITCH + 30)
    paras = _paragraphs([page(1, rows)])
    assert len(paras) == 3, paras
    assert paras[1].split("\n") == [VERSE[0], VERSE[1], long, "all the day."]


def test_verse_followed_by_a_paragraph_across_a_narrow_paragraph_space_is_not_the_indent() -> None:
    # heavy-letter (spaced paragraphs 1.24 pitches apart): the last line of a verse passage followed
    # by a flush paragraph across that space was taken for a paragraph's indented first line, and
    # every line of the verse (at that inset) became a paragraph
    space = 14  # a step of 1.24 pitches between paragraphs

    def spaced(n: int) -> list[Row]:
        rows, top = [], 245
        for _ in range(n):
            rows += [
                Row(FILL[0], top),
                Row(FILL[1], top + PITCH),
                Row(FILL[2] + ".", top + 2 * PITCH, full=False),
            ]
            top += 3 * PITCH + space
        return rows

    inset = 200 + 100
    rows = [Row(FILL[0], 245), Row(FILL[1] + ".", 245 + PITCH, full=False)]
    top = 245 + 2 * PITCH + space
    rows += [Row(t, top + k * PITCH, x0=inset, full=False) for k, t in enumerate(VERSE)]
    top += 4 * PITCH + space
    rows += [Row(FILL[2], top), Row(FILL[3] + ".", top + PITCH, full=False)]
    out = clean_volume([page(1, spaced(5)), page(2, rows), page(3, spaced(5))])
    paras = [b.strip() for b in render_text([out[1]]).clean.split("\n\n") if b.strip()]
    assert len(paras) == 3, paras
    assert paras[1] == "\n".join(VERSE)


def test_a_column_mostly_of_verse_is_measured_to_the_columns_measure() -> None:
    # light-a5-2col: the right column held a few lines of prose and a long verse passage set in;
    # its frame was measured from the verse, so the prose lines hung out of it and every verse
    # line stood at the column's edge (a paragraph of its own)
    inset = COL[1][0] + 100
    stanzas = [
        [
            "the wheel turns in the water",
            "and the miller sings along the weir",
            "of the river",
            "and its song",
        ],
        ["the miller walks", "and the wheel sings on and on", "to the hill", "till the dark"],
        ["the water turns the wheel", "the wheel turns the grey stone", "the stone grinds", "the corn"],
    ]
    left = [row(t, 500 + k * 58, COL[0][0], COL[0][1]) for k, t in enumerate(LEFT_TEXT * 2)]
    prose = [
        row("told it to the children who came after them", 500, COL[1][0], COL[1][1]),
        row("and wrote it down in the great book.", 558, COL[1][0]),
    ]
    verse = [
        row(t, 646 + (4 * s + k) * 58 + 30 * s, inset)
        for s, stanza in enumerate(stanzas)
        for k, t in enumerate(stanza)
    ]
    lines = sorted([*left, *prose, *verse], key=lambda ln: (ln.bbox.y0, ln.bbox.x0))
    p = column_page(1, [[ln] for ln in lines])
    o = order.read_page(p)
    assert len(o.gutters) == 1
    right = next(f for f in o.flows if f.column == 1)
    assert abs(right.frame.left - COL[1][0]) < 10
    paras = _paragraphs([p])
    assert all("\n".join(stanza) in paras for stanza in stanzas), paras


def test_verse_lines_turned_over_in_a_narrow_column_are_no_centred_headings() -> None:
    # heavy-a5-2col-page-symbols (1616): in a column too narrow for its verse, a line turned over
    # (set in deeper) at a stanza's end, and the stanza's line after a turned line (back at the
    # stanza's inset), stand centred in the column with a stanza's space under them; each was
    # taken for a centred heading, cutting its stanza in three
    inset = COL[1][0] + 100
    stanzas = [
        [
            row("Besides that, and for the record,", 646, inset),
            row("I am sending you as an appendix an", 704, inset, COL[1][1] - 20),
            row("excerpt from another old work", 762, inset + 60),  # turned over
        ],
        [
            row("another work of yours, The Thermidorian", 849, inset, COL[1][1] - 20),
            row("Danger to the revolution now", 907, inset + 60),  # turned over
            row("and the Opposition that we all made", 965, inset),  # back at the inset
        ],
    ]
    left = [row(t, 500 + k * 58, COL[0][0], COL[0][1]) for k, t in enumerate(LEFT_TEXT * 2)]
    prose = [
        row("told it to the children who came after them", 500, COL[1][0], COL[1][1]),
        row("and wrote it down in the great book.", 558, COL[1][0]),
        row("The mill itself was built of the grey stone", 1052, COL[1][0], COL[1][1]),
        row("quarried from the hill behind the village", 1110, COL[1][0], COL[1][1]),
        row("and roofed with slates from the river.", 1168, COL[1][0]),
    ]
    lines = sorted(
        [*left, *prose, *(ln for s in stanzas for ln in s)], key=lambda ln: (ln.bbox.y0, ln.bbox.x0)
    )
    out = clean_volume([column_page(1, [[ln] for ln in lines])])
    assert not [b.text for b in out[0].blocks if b.kind is BlockKind.HEADING]
    texts = [b.text for b in out[0].blocks]
    for stanza in stanzas:
        assert any(all(ln.text in t for ln in stanza) for t in texts), texts


def test_a_verse_line_whose_box_sits_low_opens_no_stanza() -> None:
    # heavy-a5-2col (1534): a stanza's line of x-height letters and a descender alone ('congress,')
    # has its box top well below the tops of its neighbours' ascenders: the step above it read
    # 69 px on a 59 px pitch (a stanza's space) and the step below it 48; the stanza was cut there
    inset = 200 + 80
    top = 245 + 3 * PITCH + 30
    rows = body(["¶" + FILL[0], FILL[1], FILL[2] + "."])
    rows += [
        Row(t, top + k * PITCH + (11 if k == 2 else 0), x0=inset, full=False) for k, t in enumerate(SONG)
    ]
    rows += body(["¶" + FILL[3], FILL[4] + "."], top=top + 4 * PITCH + 30)
    paras = _paragraphs([page(1, rows)])
    assert paras[1] == "\n".join(SONG), paras
    assert len(paras) == 3
    # a stanza's space above the line, the step below it as the pitch: two stanzas
    rows = body(["¶" + FILL[0], FILL[1], FILL[2] + "."])
    rows += [
        Row(t, top + k * PITCH + (30 if k >= 2 else 0), x0=inset, full=False) for k, t in enumerate(SONG)
    ]
    rows += body(["¶" + FILL[3], FILL[4] + "."], top=top + 4 * PITCH + 60)
    paras = _paragraphs([page(1, rows)])
    assert paras[1:3] == ["\n".join(SONG[:2]), "\n".join(SONG[2:])], paras


def test_a_stanzas_line_cut_at_the_foot_mid_sentence_goes_on_over_the_page_break() -> None:
    # a light octavo of spaced paragraphs: a stanza's first line ('My refusal to give an oral'),
    # last on the page under a stanza ending its sentence, ended no sentence; its next line
    # opened the next page in lower case at the verse's inset ('reply to the GPU was called
    # forth'), and the inset was taken for a paragraph's indent: the stanza was cut at the break
    inset = 300
    top = 245 + 3 * PITCH + 30
    song = [*SONG[:3], SONG[3] + "."]
    cut = ["the miller walks", *STANZA[1:]]  # its first line short of 0.4 of the column
    rows = body(["¶" + FILL[0], FILL[1], FILL[2] + "."])
    rows += [Row(t, top + k * PITCH, x0=inset, full=False) for k, t in enumerate(song)]
    rows += [Row(cut[0], top + 4 * PITCH + 30, x0=inset, full=False)]
    p2 = [Row(t, 245 + k * PITCH, x0=inset, full=False) for k, t in enumerate(cut[1:])]
    p2 += body(["¶" + FILL[3], FILL[4] + "."], top=245 + 3 * PITCH + 30)
    paras = _paragraphs([page(1, rows), page(2, p2)])
    assert paras[1:3] == ["\n".join(song), "\n".join(cut)], paras
    # a short line ending its sentence at the foot ends its stanza there
    rows[-1] = Row(cut[0] + ".", rows[-1].y, x0=inset, full=False)
    paras = _paragraphs([page(1, rows), page(2, p2)])
    assert paras[2] == cut[0] + ".", paras
