"""Note numbers OCR misread into other numbers, told by the numbering around them (seed 1904, a
two-column volume of numbered notes scanned as spreads: the zone of notes 5-8 read '9.', '6.',
'7.', '5', and notes 6-8 went into note '9'; the volume's count then ran one ahead). Constructed
zones."""

from __future__ import annotations

from ingest.export.flow import plain, reading_flow
from ingest.layout import clean_volume, notemarkers
from ingest.model import Line, Page
from tests.test_layout_helpers import Row, body, footnote_blocks, line, note_calls, note_rows, page

LONG = "Trotsky is referring to the work of the commission of the congress that met in Moscow"


def _zone(firsts: list[str]) -> list[Line]:
    """One note a first: a full line and a short last line ending a sentence, in 28 px type."""
    rows = []
    y = 2000
    for first in firsts:
        rows.append(Row(f"{first} {LONG}", y, height=28))
        rows.append(Row("in the spring of that year.", y + 36, height=28, full=False))
        y += 72
    return [line(r) for r in rows]


def test_a_first_number_past_the_numbers_below_is_the_expected_one_misread() -> None:
    notes = notemarkers.split_notes(_zone(["9.", "6.", "7.", "8."]), 5)
    assert [n.marker for n in notes] == ["5", "6", "7", "8"]
    assert all(len(n.lines) == 2 for n in notes)


def test_a_first_number_the_lines_below_go_on_from_resynchronises_the_count() -> None:
    # '9.' over '10.': the volume's count was behind (a note it did not see), not a misread
    notes = notemarkers.split_notes(_zone(["9.", "10."]), 5)
    assert [n.marker for n in notes] == ["9", "10"]


def test_a_number_going_back_after_a_note_that_ended_is_the_expected_one_misread() -> None:
    notes = notemarkers.split_notes(_zone(["5.", "6.", "7.", "5"]), 5)
    assert [n.marker for n in notes] == ["5", "6", "7", "8"]
    assert all(len(n.lines) == 2 for n in notes)


def test_a_number_going_back_inside_a_note_is_its_text() -> None:
    # after a full line the note goes on: '3 Moscow…' is its text, not a note
    zone = _zone(["5.", "6."])
    inner = line(Row(f"3 {LONG}", zone[0].bbox.y1 + 4, height=28))
    notes = notemarkers.split_notes([zone[0], inner, *zone[1:]], 5)
    assert [n.marker for n in notes] == ["5", "6"]
    assert len(notes[0].lines) == 3
    # and a 1 after a note that ended is no misread the numbering can tell (a restart, or not)
    notes = notemarkers.split_notes(_zone(["5.", "6.", "1"]), 5)
    assert [n.marker for n in notes][:2] == ["5", "6"] and notes[-1].marker != "7"


def test_a_five_read_as_a_section_sign_behind_a_speck_is_the_expected_number() -> None:
    # seed 1575 heavy a5 volume: note 5 read '.§. Fischer, R. …' under note 4's short last line.
    # The speck took the line's first token for a speck of its own, and note 5 went into note 4
    notes = notemarkers.split_notes(_zone(["4.", ".§.", "6."]), 4)
    assert [n.marker for n in notes] == ["4", "5", "6"]
    assert all(len(n.lines) == 2 for n in notes)
    # where the count expects another number, the mark is not read as 5
    notes = notemarkers.split_notes(_zone(["3.", ".§."]), 3)
    assert "5" not in [n.marker for n in notes]


def test_an_item_of_the_notes_own_list_after_a_short_line_is_its_text() -> None:
    # seed 1576 heavy octavo two-column endnotes: note 1 counts its points, '1) the sharpening
    # economic crisis…' and, at a line's start under a line the narrow column left short, '2) the
    # growing bureaucratization…'. The short line looked like the note's end, so '2)' opened note
    # 2, and every note after it took the next one's number
    rows = [
        Row("1. Trotsky's letter was written under conditions of 1) the", 2000, height=28),
        Row("sharpening crisis in the country;", 2036, height=28, full=False),
        Row("2) the growing bureaucratization of the party apparatus.", 2072, height=28, full=False),
        Row("2. Dzerzhinsky, F. (1877-1926) - A founder of the party of", 2108, height=28),
        Row("Poland and Lithuania.", 2144, height=28, full=False),
    ]
    notes = notemarkers.split_notes([line(r) for r in rows], 1)
    assert [n.marker for n in notes] == ["1", "2"]
    assert [len(n.lines) for n in notes] == [3, 2]


def _volume(heading: bool) -> list[Page]:
    """Two pages of one note each; the second page's note number read 'i”' (a look-alike of 1),
    the second page opening with a chapter title when `heading`."""
    pages = []
    for i, (call, first) in enumerate([("mill1", "1."), ("wheel2", "i”")], start=1):
        rows = [Row("Chapter Two", 245, height=60, centred=True)] if heading and i == 2 else []
        rows += body(
            [
                f"¶the river ran past the old {call} where the men met every",
                "morning before the long shift began and nobody in the",
                "town could remember a time when the wheel stood still",
                "for more than a day or two during the coldest winter.",
            ],
            top=420,
        )
        rows += note_rows([f"{first} Hartwell – the mill by the river, rebuilt twice."], top=2000)
        pages.append(page(i, rows))
    return pages


def test_a_look_alike_of_1_restarts_the_numbering_only_after_a_heading() -> None:
    # seed 1904: a volume numbering its notes through, note 14 read 'i” Stenograficheskii…' at
    # a page's foot with no chapter begun: it was taken for a chapter's note 1
    line_i = line(Row("i” Stenograficheskii otchet 12-ogo s'ezda, p. 673.", 2000, height=28, full=False))
    assert [n.marker for n in notemarkers.split_notes([line_i], 14, may_continue=False)] == ["1"]
    assert [n.marker for n in notemarkers.split_notes([line_i], 14, restart=False)] == ["14"]
    assert [b.marker for b in footnote_blocks(clean_volume(_volume(heading=False)))] == ["1", "2"]
    assert [b.marker for b in footnote_blocks(clean_volume(_volume(heading=True)))] == ["1", "1"]


def test_a_single_figure_leaping_ahead_after_a_note_that_ended_is_the_expected_one_misread() -> None:
    # a note's number read '9.' under note 1's short last line, where 2 is expected: note 2 went
    # into note 1
    notes = notemarkers.split_notes(_zone(["1.", "9."]), 1)
    assert [n.marker for n in notes] == ["1", "2"]
    assert all(len(n.lines) == 2 for n in notes)
    # after a full line the note goes on: '9. Moscow…' is its text, not a note
    zone = _zone(["1.", "2."])
    inner = line(Row(f"9. {LONG}", zone[0].bbox.y1 + 4, height=28))
    notes = notemarkers.split_notes([zone[0], inner, *zone[1:]], 1)
    assert [n.marker for n in notes] == ["1", "2"]
    assert len(notes[0].lines) == 3


def test_a_stop_left_of_a_lost_number_after_a_note_that_ended_opens_the_next_note() -> None:
    # a heavy scan of chapter notes: note 2 read '. Lenin, V.1. (1870-1924) - Founder …' under note
    # 1's short last line, the figure lost and its stop read alone: note 2 went into note 1
    notes = notemarkers.split_notes(_zone(["1.", "."]), 1)
    assert [n.marker for n in notes] == ["1", "2"]
    assert all(len(n.lines) == 2 for n in notes)
    # a spaced-out ellipsis run over the line ('… the race . .' / '. In …') goes on with the note
    zone = _zone(["1."])
    end = line(Row("in the spring of that year . .", zone[1].bbox.y0, height=28, full=False))
    on = line(Row(f". In {LONG}", end.bbox.y1 + 8, height=28))
    notes = notemarkers.split_notes([zone[0], end, on], 1)
    assert [n.marker for n in notes] == ["1"]


def test_a_speck_read_after_a_numbers_stop_still_opens_the_note() -> None:
    # a heavy scan: note 21 read '21.- This refers to…' under note 20's short last line; it went
    # into note 20, and every note after it took the call before its own
    notes = notemarkers.split_notes(_zone(["20.", "21.-", "22.,"]), 20)
    assert [n.marker for n in notes] == ["20", "21", "22"]
    assert all(len(n.lines) == 2 for n in notes)
    # a number and stop with a mark after it, but not the number the count expects, is text
    notes = notemarkers.split_notes(_zone(["20.", "35.-"]), 20)
    assert [n.marker for n in notes] == ["20"]
    # on a page: the note's text does not keep the speck
    rows = body(
        [
            "¶the river ran past the old mill1 where the men met every",
            "morning before the long shift began and nobody in the",
            "town could remember a time when the wheel2 stood still",
            "for more than a day or two during the coldest winter.",
        ],
        top=420,
    )
    rows += note_rows(["1. Hartwell – the mill by the river.", "2.- The wheel of the mill."], top=2000)
    out = clean_volume([page(1, rows)])
    assert [b.marker for b in footnote_blocks(out)] == ["1", "2"]
    flow = reading_flow(out)
    assert [plain(n.inlines) for n in flow.notes.values()] == [
        "Hartwell – the mill by the river.",
        "The wheel of the mill.",
    ]


def test_a_note_the_count_passed_over_found_below_the_next_one_keeps_its_number() -> None:
    # a chapter's notes where note 19, pushed over from the page before, is set first in the
    # zone, over 18, 20 and 21: '18.' was taken for note 20 misread, '20.' for 21, and note 21
    # went into note 20; the notes linked to each other's calls
    notes = notemarkers.split_notes(_zone(["19.", "18.", "20.", "21."]), 18)
    assert [n.marker for n in notes] == ["18", "19", "20", "21"]
    assert [n.lines[0].words[0].text for n in notes] == ["18.", "19.", "20.", "21."]
    assert all(len(n.lines) == 2 for n in notes)
    # a number the count did not pass over, going back, is still the expected one misread
    notes = notemarkers.split_notes(_zone(["18.", "19.", "17."]), 18)
    assert [n.marker for n in notes] == ["18", "19", "20"]
    # on a page: each note is linked to its own call
    rows = body(
        [
            "¶the river ran past the old mill1 where the men met every",
            "morning before the long shift began and nobody in the",
            "town could remember a time when the wheel2 stood still",
            "for more than a day or two during the coldest winter3.",
        ],
        top=420,
    )
    rows += note_rows(
        ["2. The wheel of the mill.", "1. Hartwell – the mill by the river.", "3. The winter of that year."],
        top=2000,
    )
    out = clean_volume([page(1, rows)])
    assert [b.marker for b in footnote_blocks(out)] == ["1", "2", "3"]
    texts = {b.id: " ".join(w.text for ln in b.lines for w in ln.words) for b in footnote_blocks(out)}
    assert {call: texts[nid][3:13] for nid, call in note_calls(out).items()} == {
        "mill": "Hartwell –",
        "wheel": "The wheel ",
        "winter.": "The winter",
    }


def test_one_mark_read_for_a_number_does_not_turn_a_volume_of_numbered_notes_to_symbols() -> None:
    # seed 1580 light octavo two-column spreads: on a curled page, note 2 read '* omintern …' under
    # note 1. One note marked with a figure and one with a symbol: the tie went to the last mark,
    # the volume was taken for one of symbol notes, and on the next page the notes '3. Lyova …'
    # and '4. Contre le courant …', on a page no note goes on to, were taken for numbered points
    # of the text set small: every later note of the volume stayed in the body. A tie is told by
    # the volume's look before any note was read: no page of it opens lines with symbols
    first = body(
        [
            "¶the river ran past the old mill1 where the men met every day and",
            "the wheel2 turned and nobody in the town knew a time when it stood.",
        ]
    )
    first += note_rows(
        ["1. The mill by the river was rebuilt twice after the floods of the last", "century.", "* A wheel."],
        full=1,
    )
    second = body(
        [
            "¶the stone3 lay on the road where the men met every day and the",
            "cart4 stood by the gate and nobody in the town knew who left it.",
        ]
    )
    second += note_rows(["3. The stone by the road.", "4. The cart of the mill."])
    out = clean_volume([page(1, first), page(2, second), page(3, body(["¶the end of it all."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes if b.id.startswith("p0002")] == ["3", "4"]
    texts = [n.text for n in notes if n.id.startswith("p0002")]
    assert texts == ["3. The stone by the road.", "4. The cart of the mill."]
