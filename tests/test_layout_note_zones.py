"""Note zones and notes as OCR reads them on constructed pages: a symbol read as a figure, a marker
read with a mark beside it, a block in the notes' type set above them, a speck after a note's last
stop; and short lines that end with a note call or sit between spaced paragraphs, which are no
headings."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ingest.layout import clean_volume
from ingest.layout.undo import undo
from ingest.model import BBox, Block, BlockKind, Line, Page, Word
from tests.test_layout_helpers import (
    LEFT,
    MILL,
    PITCH,
    Row,
    body,
    footnote_blocks,
    line,
    note_calls,
    note_rows,
    page,
)

FILL = MILL[:2]


def _next_page(index: int = 2) -> Page:
    return page(index, body(["¶" + FILL[0], FILL[1] + "."]))


def test_a_dagger_read_as_a_letter_that_is_a_figure_opens_the_next_symbol_note() -> None:
    # 't' for † read as the figure 1, after a note's last line that is nearly full: the second
    # symbol note of the page, not a note numbered 1 (which took the next note in with it); its
    # call in the text read as a 't' glued after a comma
    rows = body(
        [
            "¶the river ran past the old mill* where the men met every day",
            "morning before the wheel turned and nobody in the town knew",
            "a time when Krestinsky,t and the others had stood quite still",
            "in the winter of the year the valley flooded and the water rose",
            "over the bridge that the workers had built with their own hands.",
        ]
    )
    rows += note_rows(
        [
            "* The mill by the river, built by the workers of the valley in the year",
            "of the great flood, when the water rose over the old bridge of the town",
            "t Krestinsky, N. (1883-1938) - Old Bolshevik and Soviet ambassador to",
            "Berlin until the year of the flood.",
        ],
        full=3,
    )
    out = clean_volume([page(1, rows), _next_page()])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "†"]
    assert notes[1].text.startswith("t Krestinsky") and notes[1].text.endswith("flood.")
    # its call, read as a 't' glued after the comma, calls it
    assert note_calls(out) == {notes[0].id: "mill", notes[1].id: "Krestinsky,"}


def test_a_symbol_marker_read_with_a_mark_after_a_short_note_of_the_same_length() -> None:
    # two one-line notes of the same text: the second's '‡' read as 't+'; the first line is not
    # shorter than the zone's widest, yet it ends a sentence and 't+' is no prose
    rows = body(
        [
            "¶the river ran past the old mill where the men met every day",
            "morning before the party* turned and nobody in the party† knew",
            "a time when the river had stood quite still in the winter.",
        ]
    )
    rows += note_rows(["* AUCP - All-Union Communist Party.", "t+ AUCP - All-Union Communist Party."])
    out = clean_volume([page(1, rows), _next_page()])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "†"]
    assert [b.text for b in notes] == [
        "* AUCP - All-Union Communist Party.",
        "t+ AUCP - All-Union Communist Party.",
    ]


def _quote_abovefootnotes() -> Page:
    rows = body(
        [
            "¶the river ran past the old mill where the men met every day",
            "morning before the wheel turned and nobody in the town knew",
            "a time when the river had stood quite still in the winter.1",
        ]
    )
    # a document quoted whole, in the notes' smaller type, set in from both edges, numbered
    # by its own points: '4.' reads like a note's number misread
    quote = [
        "4. The enclosed declaration of the leaders of the valley to the",
        "committee of the mill cannot leave any more room for doubts and",
        "vacillations, and the workers will have to treat it as such.",
    ]
    top = rows[-1].y + int(1.6 * PITCH)
    rows += [Row(t, top + 40 * i, x0=LEFT + 60, height=28, full=False) for i, t in enumerate(quote)]
    rows += note_rows(
        [
            "1. The mill by the river, built by the workers of the valley in the year",
            "of the great flood.",
        ],
        top=top + 2 * 40 + 110,
        full=1,
    )
    return page(1, rows)


def test_a_block_in_the_notes_type_above_them_stays_in_the_text() -> None:
    out = clean_volume([_quote_abovefootnotes(), _next_page()])
    notes = footnote_blocks(out)
    assert [" ".join(b.text.split()) for b in notes] == [
        "1. The mill by the river, built by the workers of the valley in the year of the great flood."
    ]
    paras = [b.text for b in out[0].blocks if b.kind is BlockKind.PARAGRAPH]
    assert any(t.startswith("4. The enclosed declaration") for t in paras)
    assert note_calls(out) == {notes[0].id: "winter."}


def test_a_speck_after_a_notes_last_stop_leaves_its_text_and_comes_back_on_undo() -> None:
    rows = body(
        [
            "¶the river ran past the old mill where the men met every day",
            "morning before the wheel turned and nobody in Klim1 knew",
            "a time when the river had stood quite still in the winter.",
        ]
    )
    rows += note_rows(["1. Klim - See Voroshilov. |"])
    out = clean_volume([page(1, rows), _next_page()])
    notes = footnote_blocks(out)
    assert [b.text for b in notes] == ["1. Klim - See Voroshilov."]
    noise = [b for b in out[0].blocks if b.kind is BlockKind.OTHER]
    assert [b.text for b in noise] == ["|"]
    (decision,) = [d for d in out[0].decisions if d.kind == "note_speck"]
    back = undo(out[0], decision)
    assert [b.text for b in back.blocks if b.kind is BlockKind.FOOTNOTE] == ["1. Klim - See Voroshilov. |"]
    assert not [b for b in back.blocks if b.kind is BlockKind.OTHER]
    # a mark that is part of a note's text stays: no stop before it
    rows[-1] = Row("1. Klim - See Voroshilov, p. 12 ff. and the note -", rows[-1].y, height=28, full=False)
    out = clean_volume([page(1, rows), _next_page()])
    assert [b.text for b in footnote_blocks(out)] == ["1. Klim - See Voroshilov, p. 12 ff. and the note -"]


def test_several_specks_after_a_notes_last_stop_all_leave_its_text() -> None:
    # seed 1569 heavy a5: 'AUCP - All-Union Communist Party. | ; ; .', four specks of dust read
    # after the note's stop. Only the last was taken out (the word before it was a speck, not a
    # stop), and the note no longer matched its text
    rows = body(
        [
            "¶the river ran past the old mill where the men met every day",
            "morning before the wheel turned and nobody in Klim1 knew",
            "a time when the river had stood quite still in the winter.",
        ]
    )
    rows += note_rows(["1. Klim - See Voroshilov. | ; ; ."])
    out = clean_volume([page(1, rows), _next_page()])
    assert [b.text for b in footnote_blocks(out)] == ["1. Klim - See Voroshilov."]
    decisions = [d for d in out[0].decisions if d.kind == "note_speck"]
    assert sorted(d.data["speck"] for d in decisions) == sorted(["|", ";", ";", "."])
    back = out[0]
    for d in decisions:
        back = undo(back, d)
    notes = [b.text for b in back.blocks if b.kind is BlockKind.FOOTNOTE]
    assert [sorted(t.split()) for t in notes] == [sorted("1. Klim - See Voroshilov. | ; ; .".split())]


def test_a_speck_read_as_a_line_of_its_own_beside_a_notes_last_stop_leaves_its_text() -> None:
    # heavy-a5 two columns: a dot of dust right of a note's last line, read as a line of its own
    # (','), ended the note's text ('Klim - See Voroshilov. ,'), which the note then no longer
    # matched; undone, it comes back as the line it was read as
    from ingest.layout.drafts import Draft
    from ingest.layout.footnotes import trailing_speck

    last = line(Row("1. Klim - See Voroshilov.", 1900, height=28, full=False))
    speck = line(Row(",", 1900, x0=1200, height=4, full=False))
    assert trailing_speck(Draft(BlockKind.FOOTNOTE, [last, speck])) == (1, 0)
    # not after a note going on: no stop before it
    going = line(Row("1. Klim - See Voroshilov and", 1900, height=28, full=False))
    assert trailing_speck(Draft(BlockKind.FOOTNOTE, [going, speck])) is None


def _spaced(paragraphs: list[list[str]], *, top: int = 245, space: float = 1.45) -> list[Row]:
    """Paragraphs set apart by `space` pitches, not indented, each one's last line short."""
    rows: list[Row] = []
    y = top
    for para in paragraphs:
        for i, t in enumerate(para):
            rows.append(Row(t, y, full=i + 1 < len(para)))
            y += PITCH
        y += int((space - 1) * PITCH)
    return rows


TEXT = [
    "the river ran past the old mill where the workers met every",
    "morning before the long shift began and nobody in the town",
    "knew of a time when the river had stood quite still at all.",
]


def _headings(out: list[Page]) -> list[str]:
    return [b.text for p in out for b in p.blocks if b.kind is BlockKind.HEADING]


def test_a_salutation_between_spaced_paragraphs_is_no_heading() -> None:
    # a volume that sets its paragraphs apart with space: a short line alone between two of them
    # has no more space around it than any paragraph, and is one
    first = _spaced([TEXT[:2], ["Dear Comrade Eltsin"], TEXT, TEXT[1:], TEXT])
    second = _spaced([TEXT, TEXT[:2], TEXT, TEXT[1:], TEXT])
    out = clean_volume([page(1, first), page(2, second)])
    assert _headings(out) == []
    paras = [b.text for b in out[0].blocks if b.kind is BlockKind.PARAGRAPH]
    assert "Dear Comrade Eltsin" in paras
    # with more space above it than a paragraph has, the same line is a heading
    first = _spaced([TEXT[:2]]) + _spaced(
        [["Dear Comrade Eltsin"], TEXT, TEXT[1:], TEXT], top=245 + 5 * PITCH
    )
    out = clean_volume([page(1, first), page(2, second)])
    assert _headings(out) == ["Dear Comrade Eltsin"]


def test_a_line_ending_in_a_colon_and_a_note_call_is_no_heading() -> None:
    # an indented volume: the salutation has space above and below, but ends with ':' and its
    # note's call ("Eltsin:2"), which does not make it a title
    rows = body(["¶" + TEXT[0], TEXT[1], TEXT[2]])
    rows.append(Row("Dear Comrade Eltsin:1", rows[-1].y + int(1.6 * PITCH), full=False))
    rows += body(["¶" + TEXT[0], TEXT[1], TEXT[2]], top=rows[-1].y + int(1.6 * PITCH))
    rows += note_rows(["1. Eltsin, B. (1875-1937) - An Old Bolshevik."], top=rows[-1].y + 130)
    out = clean_volume([page(1, rows), _next_page()])
    assert _headings(out) == []
    assert [b.text for b in footnote_blocks(out)] == ["1. Eltsin, B. (1875-1937) - An Old Bolshevik."]
    # without its call the same line is no heading either; a line without end punctuation is one
    rows[3] = Row("The Letters from Alma-Ata", rows[3].y, full=False)
    assert _headings(clean_volume([page(1, rows), _next_page()])) == ["The Letters from Alma-Ata"]


def test_a_long_note_set_on_the_page_after_its_call_far_up_that_page() -> None:
    # the call (read as the note's own number) is the page's second line of fourteen; the note
    # did not fit under it and was set whole at the foot of the next page
    words = "the river ran past the old mill where the workers met every day".split()
    texts = [" ".join(words[k % 3 :] + words[: k % 3]) for k in range(14)]
    texts[1] = "morning before the long shift began in Germany1 and the town"
    first = page(1, body(["¶" + texts[0], *texts[1:-1], texts[-1] + "."]))
    rows = body(["¶" + FILL[0], FILL[1] + "."])
    rows += note_rows(
        [
            "1. This refers to the revolutionary events in the valley which began to develop in the",
            "summer of the year of the great flood, when the water rose over the bridge.",
        ],
        full=1,
    )
    out = clean_volume([first, page(2, rows), _next_page(3)])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1"]
    assert note_calls(out) == {notes[0].id: "Germany"}


def test_a_note_set_apart_by_space_whose_number_ocr_lost_opens_a_note() -> None:
    # endnotes with a hanging indent, set apart with a little space (more than their own line
    # step, less than the body's paragraph space); OCR lost note 7's number and its stop: the
    # space after note 6's short last line opens it
    from ingest.layout.endnotes import note_starts
    from ingest.layout.geometry import PageFrame, VolumeMetrics

    texts = [
        "6. Mekhlis, L. (1889-1953) - A personal secretary to",
        "Stalin in the late twenties; in 1930 he would become",
        "a member of the editorial board of Pravda.",
        "Bubnov, A. (1883-1940) - Old Bolshevik, was on the",
        "Military Revolutionary Committee that organized the",
        "October insurrection; in 1923 he lined up with Stalin.",
    ]

    def run(ys: list[int]) -> list[Line]:
        return [
            line(Row(t, y, x0=LEFT if k == 0 else LEFT + 50, height=32, full=k not in (2, 5)))
            for k, (t, y) in enumerate(zip(texts, ys, strict=True))
        ]

    frame = PageFrame(LEFT, 1550)
    metrics = VolumeMetrics(line_height=40.0, pitch=58.0, type_height=30.0, para_gap=1.22, para_space=1.44)
    spaced = run([600, 649, 699, 757, 806, 856])  # 49-50 within a note, 58 between notes
    assert [i for i, _ in note_starts(spaced, frame, metrics)] == [0, 3]
    # set solid, the same lines are one note: its second paragraph
    solid = run([600 + 49 * k for k in range(6)])
    assert [i for i, _ in note_starts(solid, frame, metrics)] == [0]


def test_endnotes_set_apart_whose_numbers_ocr_lost_are_notes_of_their_own() -> None:
    # a notes section with a hanging indent, its notes set apart by a little space; OCR lost the
    # numbers of notes 2 and 3 and their stops: each opens a note, linked to its call
    rows = body(
        [
            "¶the river ran past the old mill1 where the workers met every",
            "morning before the long shift began and nobody in the town2",
            "could remember a time when the river3 had stood quite still.",
        ]
    )
    rows.append(Row("Notes", 520, centred=True))
    notes = [
        ("1. The mill by the river, built by the workers of the valley", True),
        ("in the year of the great flood.", False),
        ("The town where the workers lived, on the hill above the", True),
        ("valley and the mill.", False),
        ("The river that ran past the mill and the town to the sea in", True),
        ("the south.", False),
    ]
    y = 640
    for i, (text, full) in enumerate(notes):
        if i and full:
            y += 58 - 49  # the space between two notes
        rows.append(Row(text, y, x0=LEFT if i == 0 else LEFT + 50, height=32, full=full))
        y += 49
    out = clean_volume([page(1, rows)])
    found = footnote_blocks(out)
    assert [b.marker for b in found] == ["1", "2", "3"]
    assert note_calls(out) == {found[0].id: "mill", found[1].id: "town", found[2].id: "river"}


def test_a_call_reading_the_number_of_a_note_set_on_the_next_page_far_up_its_page() -> None:
    # note 14, set whole on the page after its call; the call, far up that page (not among its
    # last lines), read "'4": its leading 1 as a quote. It is the note's call; a bare '4' is not
    from ingest.layout.calls import Call, align_calls

    quoted = Call(1, 3, "Ovseenko,'", "4", 2.0, True)
    assert align_calls([(1, "14")], [(0, quoted, False)]) == [0]
    bare = Call(1, 3, "Ovseenko,", "4", 2.0, True)
    assert align_calls([(1, "14")], [(0, bare, False)]) == [None]
    # on the note's own page either may be its call
    assert align_calls([(1, "14")], [(1, bare, False)]) == [0]


def test_a_paragraph_numbered_on_its_setting_alone_gives_way_to_the_number_read_after_it() -> None:
    # endnotes with a hanging indent, set apart by a little space; note 1's last word stands on a
    # line of its own a little further down than its line step (as a note carried over a page
    # does under the next page's head): taken for note 2 whose number OCR lost, until the next
    # paragraph reads "2.". The number read wins: the line goes back to note 1, and notes 2 and 3
    # keep their own numbers and calls (they were numbered 3 and 4, each linked to the wrong call)
    rows = body(
        [
            "¶the river ran past the old mill1 where the workers met every",
            "morning before the long shift began and nobody in the town2",
            "could remember a time when the river3 had stood quite still.",
        ]
    )
    rows.append(Row("Notes", 520, centred=True))
    notes = [
        ("1. The mill by the river, built by the workers of the valley", True, 0),
        ("in the year of the great flood, when the water rose over the", True, 0),
        ("old bridge of the town and the mill was shut for a", False, 0),
        ("winter.", False, 9),
        ("2. The town where the workers lived, on the hill above the", True, 9),
        ("valley and the mill, where the river bends to the south and", True, 0),
        ("the road runs down.", False, 0),
        ("3. The river that ran past the mill and the town to the sea in", True, 9),
        ("the south.", False, 0),
    ]
    y = 640
    for text, full, space in notes:
        y += space
        numbered = text[0].isdigit()
        rows.append(Row(text, y, x0=LEFT if numbered else LEFT + 50, height=32, full=full))
        y += 49
    out = clean_volume([page(1, rows)])
    found = footnote_blocks(out)
    assert [b.marker for b in found if b.marker] == ["1", "2", "3"]
    first = [b for b in found if b.marker == "1" or (b.marker is None and b.continues)]
    assert " ".join(b.text for b in first).endswith("shut for a winter.")
    ids = {b.marker: b.id for b in found if b.marker}
    assert note_calls(out) == {ids["1"]: "mill", ids["2"]: "town", ids["3"]: "river"}


def test_endnotes_whose_numbers_ocr_read_as_their_stop_alone_open_notes() -> None:
    # seed 1970 clean-octavo-endnotes, the second page of a notes section: the one-figure numbers
    # read as their stop alone ('. Leninbund'), which stands halfway between the two-figure
    # numbers read ('10.') and the text; each such line after a note's end opens a note (the
    # first was taken for the rest of the note before, the second for a paragraph of the first)
    from ingest.layout.endnotes import note_starts
    from ingest.layout.geometry import PageFrame, VolumeMetrics

    rows = [
        (". Leninbund - Founded by Maslow, Fischer, and Urbahns in 1928,", 25, True),
        ("after their expulsions from the German CP; it took positions", 50, True),
        ("close to the Left Opposition until 1930.", 50, False),
        (". Fischer, R. (1895-1961) - With Maslow, a central leader of the", 25, True),
        ("German CP after Brandler's disgrace in 1924.", 50, False),
        ("10. Antonov-Ovseenko, V. (1884-1938) - A leader of the Petrograd", 0, True),
        ("Soviet's Military Revolutionary Committee in October 1917.", 50, False),
        ("11. AUCP - All-Union Communist Party.", 0, False),
        ("12. Krestinsky, N. (1883-1938) - Old Bolshevik and Soviet ambas-", 0, True),
        ("sador to Berlin until the year of the Fifteenth Congress.", 50, False),
    ]
    lines = [
        line(Row(t, 300 + 49 * k, x0=LEFT + dx, height=32, full=full)) for k, (t, dx, full) in enumerate(rows)
    ]
    frame = PageFrame(LEFT, 1550)
    metrics = VolumeMetrics(line_height=40.0, pitch=58.0, type_height=30.0, para_gap=1.22, para_space=1.44)
    starts = note_starts(lines, frame, metrics)
    assert [i for i, _ in starts] == [0, 3, 5, 7, 8]
    assert starts[0] == (0, "note-hang")


def _notes_run(after: str, stop_as_word: bool, hanging: bool) -> tuple[list[Line], list[Word]]:
    """A notes run whose fifth note's figure OCR lost: only its stop was read, as the line's first
    word or as a speck set apart in the line's row; the line above it is `after`, a full line.
    Set with a hanging indent, or (not `hanging`) a column's top that no number read places: the
    run opens inside a note and the fourth note's number is lost with no trace."""
    rows = [
        ("3. Mensheviks - Minority faction of the Russian Social Democratic", 0, True)
        if hanging
        else ("Labor Party after the split with the Bolsheviks in the year of", 50, True),
        ("Labor Party after the split with the Bolsheviks in the year of", 50, True),
        ("they existed only in emigration.", 50, False),
        (". Korsch, K. (1886-1961) - Member of the German CP until the", 25, True)
        if hanging
        else ("Korsch, K. (1886-1961) - Member of the German CP until the", 64, True),
        (after, 50, True),
        (
            (". " if stop_as_word else "") + "Comintern (Communist International) - Founded 1919",
            25 if stop_as_word else 50,
            not stop_as_word,  # a justified line would set the stop apart from its word
        ),
        ("under the leadership of Lenin.", 50, False),
    ]
    lines = [
        line(Row(t, 300 + 49 * k, x0=LEFT + dx, height=32, full=full)) for k, (t, dx, full) in enumerate(rows)
    ]
    marks = (
        []
        if stop_as_word
        else [Word(".", BBox(LEFT + 28, 300 + 49 * 5 + 24, LEFT + 34, 300 + 49 * 5 + 30), 0.9)]
    )
    return lines, marks


@pytest.mark.parametrize("hanging", [True, False], ids=["hanging", "column-top"])
@pytest.mark.parametrize("stop_as_word", [False, True], ids=["speck", "word"])
def test_an_endnote_whose_figure_ocr_lost_opens_after_a_full_last_line(
    stop_as_word: bool, hanging: bool
) -> None:
    # two-column light A5 endnotes books: '5. Comintern' read '. Comintern' (or its stop set apart
    # as a speck), after note 4's last line 'posed the united front tactic.', which fills the
    # column: the note was read as the rest of note 4, its call had no note to link to, and at a
    # column's top with no number read every later note took the number before its own
    from ingest.layout.endnotes import note_starts
    from ingest.layout.geometry import PageFrame, VolumeMetrics

    frame = PageFrame(LEFT, 1550)
    metrics = VolumeMetrics(line_height=40.0, pitch=58.0, type_height=30.0, para_gap=1.22, para_space=1.44)
    lines, marks = _notes_run(
        "treaty of April 1926; also opposed the united front tactic.", stop_as_word, hanging
    )
    starts = note_starts(lines, frame, metrics, marks=marks)
    assert (5, "note-stop") in starts
    if hanging:
        assert [i for i, _ in starts] == [0, 3, 5]
    # a line running on above: the mark is no number's stop (a speck, or a stray stop read in
    # the margin); in a hanging indent the line goes on with the note above
    lines, marks = _notes_run(
        "treaty of April 1926; also opposed the united front of the", stop_as_word, hanging
    )
    starts = note_starts(lines, frame, metrics, marks=marks)
    assert (5, "note-stop") not in starts
    if hanging:
        assert [i for i, _ in starts] == [0, 3]


def test_the_rule_over_the_notes_read_as_a_mark_does_not_hide_the_zone() -> None:
    # a page whose note opens right under the rule, which OCR read as a line of its own ('_'), on
    # a page after one without notes (no note goes on from it): the mark's small box sat between
    # the body and the note's smaller type, and the note stayed in the text
    first = page(1, body(["¶" + FILL[0], FILL[1] + "."]))
    rows = body(
        [
            "¶the river ran past the old mill where the men met every day",
            "morning before the wheel turned and nobody in the town knew",
            "a time when Bukharin5 and the others had stood quite still",
            "in the winter of the year the valley flooded and the water rose",
            "over the bridge that the workers had built with their own hands.",
        ]
    )
    rows.append(Row("_", 1868, height=6, full=False))
    rows += note_rows(
        [
            "5. Bukharin, N. (1888-1938) - Old Bolshevik; became the major spokesman",
            "after 1923 for the policies outlined in the notes of an economist of the year.",
        ],
        full=1,
    )
    out = clean_volume([first, page(2, rows), _next_page(3)])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["5"]
    assert notes[0].text.startswith("5. Bukharin") and notes[0].text.endswith("year.")
    assert note_calls(out) == {notes[0].id: "Bukharin"}
    body_text = " ".join(b.text for b in out[1].blocks if b.kind is BlockKind.PARAGRAPH)
    assert "Bukharin, N." not in body_text


def test_a_numbered_block_in_smaller_type_set_in_at_the_foot_is_no_note_zone() -> None:
    # seed 1979 heavy-octavo-endnotes: a letter quoted whole, in smaller type and set in from both
    # edges, its points numbered; its '5.' at the page's foot, with no footnote on the page (the
    # volume's notes are endnotes), was taken for note 1's number misread, and the block for a
    # note zone
    rows = body(
        [
            "¶the river ran past the old mill where the men met every day",
            "morning before the wheel turned and nobody in the town knew",
            "a time when the river had stood quite still in the winter.",
        ]
    )
    quote = [
        "5. We must distribute as widely as possible the declaration of the",
        "leaders of the valley to the committee of the mill, so that no one",
        "can leave any more room for doubts and vacillations, and the men",
        "will have to treat it as such.",
    ]
    top = rows[-1].y + int(1.6 * PITCH)
    rows += [Row(t, top + 40 * i, x0=LEFT + 60, height=28, full=False) for i, t in enumerate(quote)]
    out = clean_volume([page(1, rows), _next_page()])
    assert footnote_blocks(out) == []
    paras = [b.text for b in out[0].blocks if b.kind is BlockKind.PARAGRAPH]
    assert any(t.startswith("5. We must distribute") for t in paras)


@pytest.mark.parametrize("hanging", [True, False], ids=["hanging", "column-top"])
@pytest.mark.parametrize("stop_as_word", [False, True], ids=["speck", "word"])
def test_a_speck_after_a_notes_last_word_does_not_hide_its_sentences_end(
    stop_as_word: bool, hanging: bool
) -> None:
    # seed 1103 heavy-a5-2col-endnotes, the last page: note 2's last line 'in emigration.' was
    # read with a speck after it as a dash ('emigration. —') and note 3's figure lost ('.
    # Beloborodov'): the line above did not end a sentence, and note 3 was read as the rest of 2
    from ingest.layout.endnotes import note_starts
    from ingest.layout.geometry import PageFrame, VolumeMetrics

    frame = PageFrame(LEFT, 1550)
    metrics = VolumeMetrics(line_height=40.0, pitch=58.0, type_height=30.0, para_gap=1.22, para_space=1.44)
    lines, marks = _notes_run(
        "treaty of April 1926; also opposed the united front tactic. —", stop_as_word, hanging
    )
    assert (5, "note-stop") in note_starts(lines, frame, metrics, marks=marks)
    # a dash after a word that ends no sentence: the line runs on
    lines, marks = _notes_run(
        "treaty of April 1926; also opposed the united front of the —", stop_as_word, hanging
    )
    assert (5, "note-stop") not in note_starts(lines, frame, metrics, marks=marks)


def test_a_note_zone_under_a_body_word_that_took_the_rule_into_its_box() -> None:
    # seed 1114 heavy-a5-volume (TeX Gyre Termes): the body's last word, read unsure, took the
    # rule over the notes into its box ('Opposition.' 80 px high against 35): the boxes put the
    # notes' first line one body pitch under the body's, no gap, and the page's three notes stayed
    # in the text. Where most of the body line's words have their edges the notes stand apart
    first = page(1, body(["¶" + FILL[0], FILL[1] + "."]))
    rows = body(
        [
            "¶the river ran past the old mill1 where the men met every day",
            "morning before the wheel turned and nobody in the town knew",
            "a time when Bukharin2 and the others had stood quite still",
            "in the winter of the year the valley flooded and the water rose",
            "over the bridge that the workers had built with their Opposition.",
        ]
    )
    rows += note_rows(
        [
            "1. The mill was rebuilt twice after the floods of the last century, and",
            "again when the road was widened in the year of the great fair.",
            "2. Bukharin, N. (1888-1938) - Old Bolshevik; became the major spokesman",
            "after 1923 for the policies outlined in the notes of an economist.",
        ],
        top=rows[-1].y + int(1.7 * PITCH),
        full=1,
    )
    p = page(2, rows)
    blocks = []
    for b in p.blocks:
        lines = []
        for ln in b.lines:
            words = tuple(
                replace(w, bbox=replace(w.bbox, y1=w.bbox.y1 + 60), confidence=0.09)
                if w.text == "Opposition."
                else w
                for w in ln.words
            )
            lines.append(Line(words, BBox.enclosing([w.bbox for w in words])))
        blocks.append(replace(b, lines=tuple(lines), bbox=BBox.enclosing([x.bbox for x in lines])))
    out = clean_volume([first, replace(p, blocks=tuple(blocks)), _next_page(3)])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2"]
    assert notes[1].text.endswith("of an economist.")
    assert note_calls(out) == {notes[0].id: "mill", notes[1].id: "Bukharin"}
    body_text = " ".join(b.text for b in out[1].blocks if b.kind is BlockKind.PARAGRAPH)
    assert "rebuilt" not in body_text and body_text.endswith("Opposition.")


def _set_in_type(ln: Line) -> Line:
    """A line whose word boxes are those of set type: a word with a descender reaches 10 px below
    the baseline (a comma or a semicolon 4 px), a word of x-height letters only starts 9 px below
    the capitals' top."""
    words = []
    for w in ln.words:
        y0, y1 = w.bbox.y0, w.bbox.y1
        if set(w.text) & set("gjpqy"):
            y1 += 10
        elif set(w.text) & set(",;"):
            y1 += 4
        if all(c in "acemnorsuvwxz.,;" for c in w.text):
            y0 += 9
        words.append(replace(w, bbox=BBox(w.bbox.x0, y0, w.bbox.x1, y1)))
    return Line(tuple(words), BBox.enclosing([w.bbox for w in words]))


def _lost_number_run(before: int) -> list[Line]:
    """Notes 5 to 8 set with a hanging indent and space between them, note 7's number lost with
    no trace; `before`: the step from note 6's last line to note 7's first."""
    rows = [
        ("5. Balabolkin, Kolya or Kolechka - Derived from the Russian", 0, 0, True),
        ("word for the chatterbox, the name for Bukharin after he", 50, 49, True),
        ("learned that Bukharin had met with Kamenev.", 50, 49, False),
        ("6. Budenny, S. (1883-1973) - Civil war hero and commander of the", 0, 58, True),
        ("cavalry; then a leading military figure.", 50, 49, False),
        ("Bubnov, A. Old Bolshevik, was on the Central Committee that", 50, before, True),
        ("organized the October insurrection in the north.", 50, 49, False),
        ("8. Centrism - the term for a tendency in the radical movement", 0, 58, True),
        ("that stands or wavers between reform and the revolution.", 50, 49, False),
    ]
    y, lines = 300, []
    for text, dx, step, full in rows:
        y += step
        lines.append(_set_in_type(line(Row(text, y, x0=LEFT + dx, height=32, full=full))))
    return lines


def test_an_endnote_that_lost_its_number_in_line_with_the_text_opens_after_the_space_before_it() -> None:
    # heavy two-column A5 endnotes: note 7's number lost with no trace ('Bubnov, A. ...' set in line
    # with the notes' text), after note 6's short last line; the notes are set apart by space, but
    # between a line whose words mostly descend ('cavalry; then a leading military figure.') and
    # one of capitals and ascenders both box readings of the step fall short of it: the note was
    # read as the rest of note 6 and every call after it shifted. The baselines give the space
    from ingest.layout.endnotes import note_starts
    from ingest.layout.geometry import PageFrame, VolumeMetrics

    frame = PageFrame(LEFT, 1550)
    metrics = VolumeMetrics(line_height=40.0, pitch=58.0, type_height=30.0, para_gap=1.22, para_space=1.44)
    starts = note_starts(_lost_number_run(58), frame, metrics)
    assert [i for i, _ in starts] == [0, 3, 5, 7]
    assert (5, "note-space") in starts
    # set solid, no space before it: the line goes on with note 6 (a second paragraph of it)
    assert [i for i, _ in note_starts(_lost_number_run(49), frame, metrics)] == [0, 3, 7]


@pytest.mark.parametrize("hanging", [True, False], ids=["hanging", "column-top"])
def test_an_endnote_whose_figure_and_stop_ocr_read_as_a_semicolon_opens_after_a_full_last_line(
    hanging: bool,
) -> None:
    # heavy two-column A5 endnotes: '4. This refers to ...' read '; This refers to ...' (the stop
    # with a trace of the figure above it) after note 3's last line, full: the note was read as
    # the rest of note 3, and every note after it took the number before its own
    from ingest.layout.endnotes import note_starts
    from ingest.layout.geometry import PageFrame, VolumeMetrics

    frame = PageFrame(LEFT, 1550)
    metrics = VolumeMetrics(line_height=40.0, pitch=58.0, type_height=30.0, para_gap=1.22, para_space=1.44)
    for after, opens in (
        ("treaty of April 1926; also opposed the united front tactic.", True),
        ("treaty of April 1926; also opposed the united front of the", False),
    ):
        lines, _ = _notes_run(after, True, hanging)
        first = lines[5].words[0]
        lines[5] = replace(lines[5], words=(replace(first, text=";"), *lines[5].words[1:]))
        assert ((5, "note-stop") in note_starts(lines, frame, metrics)) is opens


def test_a_numbered_paragraph_spaced_at_the_foot_whose_number_is_near_the_notes_stays_in_the_text() -> None:
    # A numbered document set with space between its paragraphs: point 10 opened at the foot of a
    # page whose next note is 16. '10.' is one figure off 16 (as an old-style '6' misread is), so
    # it was taken for the note's number and the point's two lines for the zone's first note, into
    # which note 16, set off under them by the gap over the notes, was then run
    first = page(
        1,
        body(["¶" + FILL[0], FILL[1] + " and the water rose in the spring.15"])
        + note_rows(["15. The mill by the river, built in the year of the great flood."]),
    )
    rows = _spaced(
        [
            [
                "9. As one of the most important tasks of the new committee of the",
                "valley, the men asked for the wheel.16 It turned at night.17",
            ],
            [
                "10. During the most severe moments of the long winter, the men of",
                "the mill met every morning before the long shift began and nobody",
            ],
        ]
    )
    top = rows[-1].y + int(1.7 * PITCH)
    # on a photographed page the notes' word boxes grow as tall as the body's: only their pitch and
    # the gap over them set them apart
    notes_text = [
        "16. The wheel of the mill, turned by the river in the great flood, built",
        "by the workers of the valley in the year the bridge fell.",
        "17. The night shift of the mill, kept by the men of the valley in the",
        "years before the war and after it, when the wheel turned again.",
    ]
    rows += [Row(t, top + 40 * i, height=38, full=i % 2 == 0) for i, t in enumerate(notes_text)]
    out = clean_volume([first, page(2, rows), page(3, body([FILL[1] + " in the town."], indent_first=False))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["15", "16", "17"]
    assert notes[1].text.startswith("16. The wheel")
    paras = [b.text for b in out[1].blocks if b.kind is BlockKind.PARAGRAPH]
    assert any(t.startswith("10. During") for t in paras)
    assert note_calls(out) == {notes[0].id: "spring.", notes[1].id: "wheel.", notes[2].id: "night."}


def _stretched_up(p: Page, first: str, top: int) -> Page:
    """The page with the line opening with the word `first` read as a curl reads it: its first two
    words' boxes stretched up to `top` and as far down below the line."""
    blocks = []
    for b in p.blocks:
        lines = []
        for ln in b.lines:
            if ln.words[0].text == first:
                words = [
                    replace(w, bbox=BBox(w.bbox.x0, top, w.bbox.x1, w.bbox.y1 + (w.bbox.y0 - top)))
                    if k < 2
                    else w
                    for k, w in enumerate(ln.words)
                ]
                ln = Line(tuple(words), BBox.enclosing([w.bbox for w in words]))
            lines.append(ln)
        blocks.append(replace(b, lines=tuple(lines), bbox=BBox.enclosing([ln.bbox for ln in lines])))
    return replace(p, blocks=tuple(blocks))


def test_a_notes_first_line_stretched_up_by_a_curl_is_read_after_the_short_line_above_it() -> None:
    # a heavy scan of an open book: note 2's first line ('2 stenograficheski otchet', its stop
    # lost) read with its first words' boxes stretched up past the top of note 1's last line
    # ('952.', its first figure lost), so it was read first; after note 1's full line before it,
    # a number read without the zone's stop is an item of the note's own text, and note 2 went
    # into note 1
    rows = body(
        [
            "¶the river ran past the old mill where the Bolsheviks1 met every",
            "morning before the long shift began and nobody in the town",
            "knew of a time when the congress2 had stood quite still.",
        ]
    )
    rows += note_rows(
        [
            "1. Bolsheviks - Majority faction of the Russian Social Democratic Labor Party",
            "after the split with the Mensheviks; became the Russian party in 1918, CPSU in",
            "952.",
            "2 stenograficheski otchet 12-ogo s'ezda RKP/b v Moskve, pp. 705-706.",
        ],
        full=2,
    )
    first = _stretched_up(page(1, rows), "2", 1900 + 2 * 36 - 4)
    out = clean_volume([first, _next_page()])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2"]
    assert notes[0].text.endswith("CPSU in\n952.") or notes[0].text.endswith("CPSU in 952.")
    assert notes[1].text.startswith("2 stenograficheski")


def _stretched(ln: Line, by: int) -> Line:
    """The line with two words of every three stretched by `by` px, up and down in turn (a heavy
    scan's blur and show-through run into their boxes): their median height grows, the median of
    their tops and of their bottoms stays."""
    words = []
    for i, w in enumerate(ln.words):
        b = w.bbox
        if i % 3 == 1:
            b = BBox(b.x0, b.y0 - by, b.x1, b.y1)
        elif i % 3 == 2:
            b = BBox(b.x0, b.y0, b.x1, b.y1 + by)
        words.append(replace(w, bbox=b))
    return Line(words=tuple(words), bbox=BBox.enclosing([w.bbox for w in words]))


def test_a_zone_whose_first_line_a_heavy_scan_stretched_opens_on_its_number() -> None:
    # a heavy scan of chapter notes: note 10 read '10: Bonaparte, Napoleon I (1769-1821) – …' with
    # the boxes of most of its words stretched (their median height the body's, its box's top a
    # body pitch over the next line's): neither type nor pitch found the zone of two lines, and
    # the note was read as text. Where most of the words have their edges, the zone's lines are
    # set closer than the body's, in smaller type
    first = page(
        1,
        body(["¶" + FILL[0], FILL[1] + " and the water rose in the spring.9"])
        + note_rows(["9. The mill by the river, built in the year of the great flood."]),
    )
    p2 = page(2, body(["¶" + FILL[0], FILL[1], FILL[0], FILL[1] + " under a Bonaparte,10 he would."]))
    zone = note_rows(
        [
            "10: Bonaparte, Napoleon I (1769-1821) – Emperor of France, 1804-15; suppressed the",
            "discontent after the Revolution and led campaigns of conquest.",
        ],
        top=700,
        pitch=46,
        full=1,
    )
    lines = (_stretched(line(zone[0]), 10), line(zone[1]))
    extra = tuple(Block(f"p0002-z{k}", BlockKind.PARAGRAPH, (ln,), ln.bbox) for k, ln in enumerate(lines))
    p2 = replace(p2, blocks=p2.blocks + extra)
    notes = footnote_blocks(clean_volume([first, p2, page(3, body(["¶" + FILL[0], FILL[1] + "."]))]))
    assert [b.marker for b in notes] == ["9", "10"]
    assert notes[1].text.endswith("campaigns of conquest.")
    # the same lines set in the body's type are a numbered point of the text over a gap, no note
    big = note_rows([r.text for r in zone], top=700, pitch=46, full=1)
    lines = tuple(line(replace(r, height=40)) for r in big)
    lines = (_stretched(lines[0], 10), lines[1])
    extra = tuple(Block(f"p0002-z{k}", BlockKind.PARAGRAPH, (ln,), ln.bbox) for k, ln in enumerate(lines))
    plain = page(2, body(["¶" + FILL[0], FILL[1], FILL[0], FILL[1] + "."]))
    p2 = replace(plain, blocks=plain.blocks + extra)
    notes = footnote_blocks(clean_volume([first, p2, page(3, body(["¶" + FILL[0], FILL[1] + "."]))]))
    assert [b.marker for b in notes] == ["9"]


def test_a_paragraph_at_the_foot_set_closer_in_the_body_type_is_no_note_carried_over() -> None:
    # a heavy scan of two pages an image, spaced paragraphs: under a page whose note ran on to
    # the next, that page's last paragraph, two lines in the body's type that the curl of the
    # spread set closer than the body's pitch, was taken for the rest of the note
    first = page(
        1,
        body(["¶" + FILL[0], FILL[1] + " and the water rose in the spring.1"])
        + note_rows(
            [
                "1. Hartwell – the mill by the river, which was rebuilt twice in the years",
                "of the great flood and of the long winter that came after it, and then",
            ],
            full=2,
        ),
    )
    rows = body(["¶" + FILL[0], FILL[1], FILL[0], FILL[1], FILL[0], FILL[1] + " in the spring."])
    rows += [Row(FILL[0], 633), Row(FILL[1], 683)]
    out = clean_volume([first, page(2, rows), page(3, body(["¶" + FILL[0], FILL[1] + "."]))])
    assert [b.marker for b in footnote_blocks(out)] == ["1"]
    last = out[1].blocks[-1]
    assert last.kind is BlockKind.PARAGRAPH and last.text.startswith(FILL[0])


def test_a_stretched_zone_ending_in_a_short_line_is_judged_on_its_full_line() -> None:
    # the same heavy scan: note 9's zone, its first line stretched, ended in 'nomic questions.',
    # the boxes of both words stretched down by show-through: two words measure their ascenders
    # and descenders, not the type, and the zone was judged as tall as the body
    first = page(
        1,
        body(["¶" + FILL[0], FILL[1] + " and the water rose in the spring.8"])
        + note_rows(["8. The mill by the river, built in the year of the great flood."]),
    )
    zone = note_rows(
        [
            "9. Ekonomicheskaya Zhizn (Economic Life) – A Soviet periodical devoted to the eco-",
            "nomic questions.",
        ],
        top=700,
        pitch=46,
        full=1,
    )
    short = line(zone[1])
    a, b = short.words
    words = (
        replace(a, bbox=BBox(a.bbox.x0, a.bbox.y0 + 2, a.bbox.x1, a.bbox.y1 + 14)),
        replace(b, bbox=BBox(b.bbox.x0, b.bbox.y0 - 2, b.bbox.x1, b.bbox.y1 + 12)),
    )
    lines = (_stretched(line(zone[0]), 10), Line(words=words, bbox=BBox.enclosing([w.bbox for w in words])))
    extra = tuple(Block(f"p0002-z{k}", BlockKind.PARAGRAPH, (ln,), ln.bbox) for k, ln in enumerate(lines))
    p2 = page(2, body(["¶" + FILL[0], FILL[1], FILL[0], FILL[1] + " and the Zhizn,9 he read."]))
    p2 = replace(p2, blocks=p2.blocks + extra)
    notes = footnote_blocks(clean_volume([first, p2, page(3, body(["¶" + FILL[0], FILL[1] + "."]))]))
    assert [b.marker for b in notes] == ["8", "9"]
    assert notes[1].text.endswith("questions.")


def test_a_one_line_note_opening_on_its_number_in_type_a_heavy_scan_swelled_is_a_note() -> None:
    # heavy letter-size scans: a note of one line at the foot, its words swollen by the scan's ink
    # to over 0.9 of the body's height, opened on note 1's number under a paragraph calling it; as
    # tall as the body's type it was read as text, the note lost
    rows = body(["¶" + FILL[0], FILL[1], FILL[0], FILL[1], FILL[0], FILL[1] + " in the spring.1"])
    rows.append(Row("1. Hartwell – the mill by the river, which was rebuilt twice.", 1900, height=38))
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    assert [b.marker for b in footnote_blocks(out)] == ["1"]
    assert note_calls(out) == {footnote_blocks(out)[0].id: "spring."}


def _quote_read_as_a_mark() -> list[Page]:
    first = page(
        1,
        body(["¶" + FILL[0], FILL[1] + " and the water rose in the spring.1"])
        + note_rows(["1. The mill by the river, built in the year of the great flood."]),
    )
    rows = body(
        [
            "¶the river ran past the old mill where the workers met every",
            "morning before the long shift began and Mekhlis2 was there",
            "with the others of the town.",
        ]
    )
    # a paragraph opening with a quotation, its quote read as '*', in type a little smaller than
    # the lines above it measure (a heavy scan's boxes vary): it reads like a symbol note's first
    # line set off under the body
    top = rows[-1].y + int(1.5 * PITCH)
    quoted = [
        "*Kolya Balabolkin3 was the name the workers of the mill gave the",
        "miller, who kept his books in a small room above the race and",
        "never came down to the wheel in all the years of its history.",
    ]
    rows += [
        Row(t, top + PITCH * i, x0=LEFT + 57 if i == 0 else LEFT, height=34, full=i < 2)
        for i, t in enumerate(quoted)
    ]
    rows += note_rows(
        [
            "2. Mekhlis, L. (1889-1953) - A secretary of the mill in the late twenties.",
            "3. Balabolkin - The name the workers gave the miller of the valley.",
        ]
    )
    return [first, page(2, rows), page(3, body([FILL[1] + " in the town."], indent_first=False))]


def test_a_paragraph_opening_with_a_quote_read_as_a_symbol_over_numbered_notes_stays_in_the_text() -> None:
    # In a volume numbering its notes, a paragraph whose opening quote OCR read as '*' ('*Kolya')
    # was taken for a symbol note opening the note zone, with the notes numbered 2 and 3 set off
    # under it by the gap over the notes: the paragraph went to the notes and its call with it
    out = clean_volume(_quote_read_as_a_mark())
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2", "3"]
    paras = [b.text for b in out[1].blocks if b.kind is BlockKind.PARAGRAPH]
    assert any(t.startswith("*Kolya") for t in paras)
    assert note_calls(out) == {notes[0].id: "spring.", notes[1].id: "Mekhlis", notes[2].id: "Balabolkin"}


def test_a_numbered_paragraph_at_the_foot_reading_the_next_notes_own_number_stays_in_the_text() -> None:
    # seed 1462 heavy-a5-chapter: points of a letter set with space between them, point 3 opening
    # at the foot of a page whose next note is 3 (a heavy scan's warp swelled its first line's box).
    # '3. You write' was taken for note 3's first line, and note 3 itself, set off under the
    # point by the gap over the notes, was run into it: the note's text was lost in the point's
    first = page(
        1,
        body(["¶" + FILL[0], FILL[1] + " and the water rose.1 The wheel2 turned."])
        + note_rows(
            [
                "1. The mill by the river, built in the year of the great flood.",
                "2. The wheel of the mill, turned by the river.",
            ]
        ),
    )
    rows = _spaced(
        [
            MILL[:5] + ["and the miller kept his books in a small room."],
            [
                "2. You write that the men of the valley met every morning before",
                "the long shift began, and that the Platform3 said so.",
            ],
            [
                "3. You write that the Platform correctly indicated the line between",
                "the workers of the mill and the men of the town who kept the books",
            ],
        ]
    )
    rows += note_rows(
        [
            "3. The Platform of the workers of the valley, written in the winter",
            "of the great flood by the men of the mill, who met every morning",
            "before the long shift began; nobody in the town could remember a",
            "time when the wheel had stood quite still for more than a day or",
            "two during the coldest of the winters the valley had known.",
        ],
        top=rows[-1].y + int(2.2 * PITCH),
        full=4,
    )
    second = _swelled(page(2, rows), rows[8].y, 32)
    out = clean_volume([first, second, page(3, body([FILL[1] + " in the town."], indent_first=False))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2", "3"]
    assert notes[2].text.startswith("3. The Platform of the workers")
    paras = [b.text for b in out[1].blocks if b.kind is BlockKind.PARAGRAPH]
    assert any(t.startswith("3. You write") for t in paras)
    assert note_calls(out)[notes[2].id] == "Platform"


def _swelled(p: Page, top: int, by: int) -> Page:
    """The page with the line whose top is at `top` read as a warp swells it: its first two words'
    boxes `by` px taller downwards."""
    blocks = []
    for b in p.blocks:
        lines = []
        for ln in b.lines:
            if ln.bbox.y0 == top:
                words = [
                    replace(w, bbox=BBox(w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1 + by)) if k < 2 else w
                    for k, w in enumerate(ln.words)
                ]
                ln = Line(tuple(words), BBox.enclosing([w.bbox for w in words]))
            lines.append(ln)
        blocks.append(replace(b, lines=tuple(lines), bbox=BBox.enclosing([ln.bbox for ln in lines])))
    return replace(p, blocks=tuple(blocks))


def test_a_document_s_numbered_points_at_the_foot_in_blurred_type_are_no_notes() -> None:
    # seed 1569 heavy-octavo-volume: a letter's points 15, 16 and 17, set like the point 14 over
    # them, came after a paragraph's space at the foot of a page of a heavy scan whose blur boxed
    # their words a tenth smaller than the lines above; the first, "15.", was read as note 1's
    # number misread, and the three points went to the notes unlinked. They follow each other, and
    # the body above calls no note.
    points = [
        "15. The workers met in the yard of the old mill before the shift began",
        "and the foreman read out the names of those the owner wanted that day.",
        "16. The miller kept his books in a small room above the race, where",
        "the water could be heard through the floor all the year round.",
        "17. No record of the wheel standing still for longer than a week is",
        "left in the books of the mill or in the archives of the town.",
    ]
    rows = body(["¶14. " + MILL[0], *MILL[1:4], MILL[4] + "."])
    top = rows[-1].y + 2 * PITCH
    for k, t in enumerate(points):  # each point after a paragraph's space, as the volume sets them
        rows.append(Row(t, top + k * PITCH + (k // 2) * PITCH // 2, height=35, full=not t.endswith(".")))
    out = clean_volume([page(1, rows), _next_page()])
    assert not footnote_blocks(out)
    texts = [b.text for b in out[0].blocks if b.kind is BlockKind.PARAGRAPH]
    assert [t[:3] for t in texts] == ["14.", "15.", "16.", "17."], texts


def test_a_line_of_slivers_is_a_rule_and_a_line_with_type_in_it_is_none() -> None:
    # seed 1572 clean letter page symbols: a first version took every sliver for a piece of a rule,
    # word by word. A contents page with no title of its own lost the leader dots its entries read
    # as runs of flat letters ('eee cccsesssecce…', confidence 0), and with them the evidence that
    # the page is contents: its entries became a paragraph and a footnote
    from ingest.layout.geometry import rule_pieces

    rule = Line(
        (Word("ee", BBox(400, 2319, 458, 2321), 0.23), Word("——", BBox(1495, 2312, 1613, 2320), 0.22)),
        BBox(400, 2312, 1613, 2321),
    )
    assert [w.text for w in rule_pieces(rule, 37.0)] == ["ee"]
    entry = Line(
        (
            Word("Pyatakov:", BBox(290, 900, 470, 935), 0.95),
            Word("ele", BBox(500, 930, 540, 933), 0.0),
            Word("eee", BBox(560, 930, 600, 933), 0.0),
            Word("7", BBox(2290, 902, 2308, 935), 0.9),
        ),
        BBox(290, 900, 2308, 935),
    )
    assert rule_pieces(entry, 37.0) == []
    # a speck read as a letter beside type goes
    specked = Line((*entry.words[:1], Word("a", BBox(480, 930, 495, 933), 0.1), *entry.words[1:]), entry.bbox)
    assert [w.text for w in rule_pieces(specked, 37.0)] == ["a"]
    # a flat word read with confidence is a word: a rule is read unsure
    sure = Line((Word("ee", BBox(400, 2319, 458, 2321), 0.9),), BBox(400, 2319, 458, 2321))
    assert rule_pieces(sure, 37.0) == []


def test_a_rule_over_a_lone_note_read_as_flat_letters_does_not_hide_the_note() -> None:
    # seed 1564 light a5 camera: the rule over a page's only note read 'ee' (boxed 58 by 2 px in
    # 37 px type, read unsure) and '——'. With a letter in it the line was no rule, the note zone
    # was not found over it, and the note's one line ran on in the text: 'perhaps, of ee——12.
    # Stenograficheskii …'. No letter is a stroke's thickness tall
    rows = body(
        [
            "¶the river ran past the old mill where the men met every day",
            "morning before the wheel turned and nobody in the town knew",
            "a time when the river had stood quite still in the winter.1",
        ]
    )
    y = rows[-1].y + 2 * PITCH
    rule = Line(
        (
            Word("ee", BBox(LEFT + 200, y, LEFT + 258, y + 2), 0.23),
            Word("——", BBox(1430, y - 6, 1548, y + 2), 0.22),
        ),
        BBox(LEFT + 200, y - 6, 1548, y + 2),
    )
    note = "1. The mill by the river, built by the workers of the valley."
    p = page(1, [*rows, *note_rows([note], top=y + 30)])
    blocks = list(p.blocks)
    blocks.insert(len(rows), Block("p0001-rule", BlockKind.PARAGRAPH, (rule,), rule.bbox))
    out = clean_volume([replace(p, blocks=tuple(blocks)), _next_page()])
    notes = footnote_blocks(out)
    assert [b.text for b in notes] == [note]
    assert note_calls(out) == {notes[0].id: "winter."}
    paras = [b.text for b in out[0].blocks if b.kind is BlockKind.PARAGRAPH]
    assert paras[0].endswith("in the winter.")
    assert not any("ee" in t.split() for t in paras)


def test_a_point_numbered_like_the_expected_note_set_in_small_at_the_foot_stays_in_the_text() -> None:
    # seed 1575 heavy a5 volume: at the foot of a page without notes, where note 15 was expected,
    # a point of the text in smaller type, set in ('11. In the document "At a New Stage," …'): '11.'
    # is one figure off 15, so it was taken for note 15's number misread, and every note after it
    # in the volume took the next one's number
    first = body(
        [
            "¶the river ran past the old mill13 where the men met every day",
            "morning before the wheel14 turned and nobody in the town knew",
            "a time when the river had stood quite still in the winter.",
        ]
    )
    first += note_rows(["13. The mill by the river.", "14. The wheel of the mill."])
    second = body(["¶" + MILL[0], MILL[1], MILL[2], MILL[3] + "."])
    top = second[-1].y + int(1.6 * PITCH)
    point = [
        '11. In the document "At a New Stage," if you remember, we said: the',
        "mill and the town stood together against the flood of that year.",
    ]
    second += [Row(t, top + 40 * i, x0=LEFT + 60, height=28, full=False) for i, t in enumerate(point)]
    out = clean_volume([page(1, first), page(2, second), page(3, body(["¶" + FILL[0], FILL[1] + "."]))])
    assert [b.marker for b in footnote_blocks(out)] == ["13", "14"]
    texts = [b.text for b in out[1].blocks if b.kind is BlockKind.PARAGRAPH]
    assert any(t.startswith("11. In the document") for t in texts)
