"""Symbol notes (* † ‡ … restarting on every page) whose markers OCR misread, and calls OCR read as
a mark of their own or before a word in capitals: constructed pages."""

from __future__ import annotations

from dataclasses import replace

from ingest.export.flow import plain, reading_flow
from ingest.layout import clean_volume
from ingest.layout.calls import call_candidates, likely_calls, single_quotes_nested
from ingest.layout.endnotes import is_notes_title
from ingest.layout.geometry import VolumeMetrics
from ingest.layout.lemmas import norm, note_head
from ingest.layout.notemarkers import split_notes
from ingest.model import BBox, BlockKind, Line, Page, Word
from tests.test_layout_helpers import (
    CHAR,
    LEFT,
    MILL,
    Row,
    body,
    footnote_blocks,
    line,
    note_calls,
    note_rows,
    page,
)
from tests.test_layout_helpers import PITCH as BODY_PITCH

FILL = MILL[:2]


def _unsure_first_word(p: Page, text: str, confidence: float) -> Page:
    """The page with the first word of the line starting with `text` read at `confidence`."""
    blocks = []
    for b in p.blocks:
        ln = b.lines[0]
        if ln.words[0].text == text:
            words = (replace(ln.words[0], confidence=confidence), *ln.words[1:])
            b = replace(b, lines=(Line(words, ln.bbox),))
        blocks.append(b)
    return replace(p, blocks=tuple(blocks))


#: A page's two symbol notes: '*' on the mill, '†' on Marx (the term of its note).
MILL_AND_MARX_NOTES = [
    "* The mill by the river.",
    "† Marx, K. (1818-1883) - With Engels, the founder of scientific socialism.",
]


def test_misread_symbols_open_the_next_note_and_a_figure_inside_a_note_does_not() -> None:
    # '+' for † after a full line that ends a sentence; 'I;' (read as a figure) opening a line of
    # the same note; '¥' for ‡ after the note's short last line
    rows = body(
        [
            "¶the river ran past the old mill* where the men met every day",
            "morning before the wheel† turned and nobody in the town‡ knew",
            "a time when the river had stood quite still in the winter of",
            "the year the valley flooded and the water rose over the bridge",
            "that the workers had built with their own hands in the spring.",
        ]
    )
    rows += note_rows(
        [
            "* The mill by the river, built by the workers of the valley in the year",
            "of the great flood, when the water rose over the old bridge of the town.",
            "+ The great wheel of the mill, which turned for a hundred years or more",
            "until the coldest of the winters froze the river over from its banks to",
            "I; the middle, and the wheel stood still for a week while the town was",
            "waiting for spring.",
            "¥ The town where the workers lived.",
        ]
    )
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "†", "‡"]
    assert notes[1].text.endswith("waiting for spring.")
    called = note_calls(out)
    assert [called.get(b.id) for b in notes] == ["mill", "wheel", "town"]


def _zone_page(first: str, *, last_height: int) -> Page:
    rows = body(
        [
            "¶the river ran past the old mill where the men met every day",
            "morning before the wheel turned and nobody in the town knew",
            "a time when the river had stood quite still in the winter*.",
        ]
    )
    rows += note_rows(
        [
            f"{first} Hundreds - the gangs that roamed the valley in the years of",
            "the flood, feared by the workers of the mill and by the whole of",
            "town.",
        ],
        pitch=54,  # a heavy scan's note lines, nearly as far apart as the body's
    )
    rows[-1] = Row("town.", rows[-1].y, height=last_height, full=False)
    return page(1, rows)


def test_a_note_zone_whose_last_line_is_one_tall_word() -> None:
    # heavy ink: the zone's last line holds one word measured as tall as body type (its ascender
    # and descender), so only two of its three lines looked small: it was kept in the body
    out = clean_volume([_zone_page("*", last_height=44)])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*"] and notes[0].text.endswith("town.")


def test_a_zone_opening_with_a_mark_read_unsure_where_its_symbol_was_printed() -> None:
    # the '*' of the page's only note read as '»' at confidence 0 (no note continues onto the page)
    p = _unsure_first_word(_zone_page("»", last_height=28), "»", 0.0)
    notes = footnote_blocks(clean_volume([p]))
    assert len(notes) == 1 and notes[0].text.startswith("» Hundreds")
    # read sure, a guillemet opens a quotation, not a note
    notes = footnote_blocks(clean_volume([_zone_page("»", last_height=28)]))
    assert notes == []


def test_a_call_read_as_a_raised_mark_of_its_own_or_before_a_word_in_capitals() -> None:
    ln = line(Row("A LETTER TO ALEKSANDR BELOBORODOV ^! IN UST-KULOM WHO WROTE", 500))
    calls = call_candidates([ln])
    assert [(c.word, c.text, c.marker) for c in calls] == [(5, "", "!")]
    # a '!' on the baseline (French spacing) is no call
    flat = line(Row("Bonjour ! dit-il", 500))
    assert call_candidates([flat]) == []
    caps = line(Row("THE SIXTH CONGRESS OF THE COMINTERN! WAS HELD IN MOSCOW", 500))
    assert [(c.text, c.marker) for c in call_candidates([caps])] == [("COMINTERN", "!")]
    # in lower case, '!' before a capital ends a sentence
    lower = line(Row("the congress met at last! The delegates came from far", 500))
    assert call_candidates([lower]) == []


def test_a_lemma_whose_comma_was_read_as_a_stop() -> None:
    assert note_head("Levi. P. (1883-1929) - A German lawyer") == ("levi",)
    assert note_head("Levi, P. (1883-1929) - A German lawyer") == ("levi",)


def test_a_notes_title_beside_a_speck() -> None:
    assert is_notes_title("_ Notes") and is_notes_title("NOTES")
    assert not is_notes_title("_ Notes from Underground")


def test_a_short_note_below_two_columns_is_found_though_it_fits_in_the_first() -> None:
    # a one-line note under the columns, no wider than the first column, read as that column's
    # last line with the second column after it (as the reading order of a real two-column page
    # gave it): no zone ended the page, so the note stayed in the text
    from ingest.layout.geometry import VolumeMetrics
    from ingest.layout.segment import NoteCursor, _zone_below_the_columns
    from tests.test_layout_order import COL, LEFT_TEXT, PITCH, RIGHT_TEXT
    from tests.test_layout_order import row as column_row

    left = [column_row(t, 500 + k * PITCH, COL[0][0], COL[0][1]) for k, t in enumerate(LEFT_TEXT[:7])]
    right = [column_row(t, 500 + k * PITCH, COL[1][0], COL[1][1]) for k, t in enumerate(RIGHT_TEXT)]
    note = column_row(
        "11. The mill by the river where the men met.", 500 + 7 * PITCH + 134, COL[0][0], height=30
    )
    metrics = VolumeMetrics(line_height=40.0, pitch=58.0, type_height=30.0)
    body, zone = _zone_below_the_columns([*left, note, *right], metrics, NoteCursor(next_number=11))
    assert zone is not None and body[zone:] == [note] and body[:zone] == [*left, *right]
    # a last line of the first column that is no note stays where it was read
    plain = column_row("and the mill stood still for a day.", 500 + 7 * PITCH + 134, COL[0][0])
    body, zone = _zone_below_the_columns([*left, plain, *right], metrics, NoteCursor(next_number=11))
    assert zone is None and body == [*left, plain, *right]


def test_a_raised_figure_wrapped_to_the_start_of_the_next_line_is_a_call() -> None:
    # a camera page: the call after 'Eastman.' came out at the start of the next line
    lines = [
        line(Row("translation from the Russian that may have been by Max Eastman.", 500)),
        line(Row("^2 This version is based on the Militant translation and on one", 558)),
        line(Row("^3 Raised at the start of a paragraph: no call to a word before.", 616)),
    ]
    calls = call_candidates(lines, starts=[0, 2])
    assert [(c.line, c.word, c.text, c.marker) for c in calls] == [(1, 0, "", "2")]


def test_a_speck_left_of_a_line_in_a_hanging_notes_section_is_its_lost_number() -> None:
    # endnotes set with a hanging indent; OCR lost the numbers of notes 2 and 3 and kept only their
    # stops, set apart as dust: the stop where the number stood opens the note
    from ingest.layout.endnotes import note_starts
    from ingest.layout.geometry import PageFrame, VolumeMetrics
    from ingest.model import BBox, Word

    def at(text: str, y: int, x0: int) -> Line:
        return line(Row(text, y, x0=x0, full=False))

    run = [
        at("1. Kamenev, L. (1883-1936) - Old Bolshevik", 600, 200),
        at("and member of the Central Committee until", 658, 250),
        at("the year of his expulsion.", 716, 250),
        at("Kalinin, M. (1875-1946) - President of the", 774, 246),
        at("Soviet Central Executive Committee.", 832, 250),
        at("Mekhlis, L. (1889-1953) - A secretary to", 890, 247),
        at("Stalin in the late twenties.", 948, 250),
    ]
    frame = PageFrame(200, 1150)
    metrics = VolumeMetrics(line_height=40.0, pitch=58.0, type_height=30.0)
    dust = [Word(".", BBox(226, 800, 232, 808), 0.2), Word(".", BBox(226, 916, 232, 924), 0.2)]
    assert [i for i, _ in note_starts(run, frame, metrics, marks=dust)] == [0, 3, 5]
    assert [i for i, _ in note_starts(run, frame, metrics)] == [0]


def test_a_notes_title_off_the_centre_and_a_note_number_that_lost_a_figure() -> None:
    from ingest.layout import footnotes

    # 'Notes |': a speck beside the title moved it off the centre, and '|' was later read 'I'
    p = page(
        1,
        body(["¶" + FILL[0], "morning before the long shift¹ began in the town."])
        + [Row("Notes |", 700, x0=800, full=False)]
        + body(["1, The shift – the morning's work at the mill, from six."], top=800),
    )
    out = clean_volume([p])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1"] and note_calls(out) == {notes[0].id: "shift"}
    assert [d.kind for d in out[0].decisions if d.kind in ("notes_title", "endnote")] == [
        "notes_title",
        "endnote",
    ]
    # '4.' opening the zone where note 14 is expected: its leading 1 was lost
    rows = body(["¶" + FILL[0], FILL[1], "and the wheel stood still.", "the end of the day."])
    zone = [line(r) for r in note_rows(["4. The mill by the river, built by the", "workers of the valley."])]
    lines = [line(r) for r in rows] + zone
    metrics = VolumeMetrics(line_height=40.0, pitch=58.0, type_height=30.0)
    assert footnotes.zone_by_marker(lines, metrics, next_number=14) == len(rows)


def _first_page_with_a_symbol_note() -> Page:
    """A page whose one symbol note ends on it: the volume marks its notes with symbols."""
    rows = body(["¶the river ran past the old mill* where the men met every", FILL[1] + "."])
    rows += note_rows(["* The mill by the river."])
    return page(1, rows)


def test_a_zone_whose_first_mark_ocr_read_as_letters_opens_the_page_s_first_note() -> None:
    # the '*' of the page's only note read as 'bd' (no word, but frequent enough as a token to
    # look like one) and the call as a quote: the body's call says the page has a note
    rows = body(
        [
            "¶the basic teachings of Marx’ and of the men who met every",
            "morning before the wheel turned and nobody in the town knew",
            "a time when the river had stood quite still in the winter.",
        ]
    )
    rows += note_rows(["bd Marx, K. (1818-1883) - With Engels, the founder of the", "First International."])
    out = clean_volume([_first_page_with_a_symbol_note(), page(2, rows)])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "*"]
    assert notes[1].text.startswith("bd Marx") and note_calls(out).get(notes[1].id) == "Marx"


def test_a_zone_opening_with_a_mark_read_beside_a_letter() -> None:
    # 't+' for ‡ (a note carried over from the page before keeps its mark): no word, and a mark
    # no prose opens a line with
    rows = body(
        [
            "¶the river ran past the old mill where the men met every day",
            "morning before the wheel turned and nobody in the town knew",
            "a time when the river had stood quite still in the winter.",
        ]
    )
    rows += note_rows(["t+ Marx, K. (1818-1883) - With Engels, the founder of the", "First International."])
    notes = footnote_blocks(clean_volume([_first_page_with_a_symbol_note(), page(2, rows)]))
    assert [b.marker for b in notes] == ["*", "*"] and notes[1].text.startswith("t+ Marx")


def test_the_body_s_calls_open_notes_whose_short_last_line_ocr_lost() -> None:
    # five calls: a '‡' read 't+' after a full line (OCR lost the short last line of the note
    # before) opens the third note, and '‖' read as two strokes ('ll') the fifth
    rows = body(
        [
            "¶the river ran past the old mill* where the men met every day",
            "morning before the wheel† turned and nobody in the town‡ knew",
            "a time when the river§ had stood quite still in the winter of",
            "the year the valley flooded and the water rose over the bridge‖",
            "that the workers had built with their own hands in the spring.",
        ]
    )
    notes_at = [
        ("* The mill by the river.", False),
        ("+ The great wheel of the mill, which turned for a hundred years or more", True),
        ("until the coldest of the winters froze the river over from its banks to", True),
        ("t+ The town where the workers lived, by the river and the old mill,", True),
        ("under the hill.", False),
        ("§ The river of the valley.", False),
        ("ll The bridge the workers built.", False),
    ]
    rows += [Row(t, 1800 + 36 * i, height=28, full=f) for i, (t, f) in enumerate(notes_at)]
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "†", "‡", "§", "‖"]
    assert notes[2].text.startswith("t+ The town") and notes[4].text.startswith("ll The bridge")
    called = note_calls(out)
    assert [called.get(b.id) for b in notes] == ["mill", "wheel", "town", "river", "bridge"]


def test_a_zone_whose_first_line_is_curled() -> None:
    # a photographed page's foot: the zone's first line curls, its box and its words' boxes
    # taller than body type, and its box's top is further from the next line's than the notes'
    # pitch; the line after it is the notes' small type
    rows = body(
        [
            "¶the river ran past the old mill where the men met every day",
            "morning before the wheel turned and nobody in the town knew",
            "a time when the river had stood quite still in the winter*.",
        ]
    )
    rows += [
        Row("* Hundreds - the gangs that roamed the valley in the years of", 1900, height=60),
        Row("the flood, feared by the town.", 1964, height=28, full=False),
    ]
    out = clean_volume([page(1, rows)])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*"] and notes[0].text.endswith("the town.")
    assert note_calls(out).get(notes[0].id) == "winter."


def test_a_dagger_call_read_as_a_letter_glued_to_its_word() -> None:
    # 'Marxt' for Marx†: no word of English, 'Marx' one; the note's term is the word, so only the
    # misread dagger links them. 'cialist' (a hyphenated word's second half) is no call
    rows = body(
        [
            "¶the river ran past the old mill* where the men met every day so-",
            "cialist and free. We have correctly foreseen it. Marxt says in his",
            "book that at the time of the town the workers ended up being",
            "forced to do exactly the opposite of what they had wanted.",
        ]
    )
    rows += note_rows(MILL_AND_MARX_NOTES)
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "†"]
    assert [note_calls(out).get(b.id) for b in notes] == ["mill", "Marx"]


def test_a_dagger_call_read_as_a_letter_after_a_name_s_possessive() -> None:
    # seed 1566 light octavo page symbols: "comrade Dzerzhinsky'st commission" for Dzerzhinsky's†.
    # The language knows the name (zipf 1.6) but not its possessive, so the 't' was taken for the
    # word's letter: the dagger note went to the page's next call ('groupings?', which was the
    # double dagger's) and every symbol after it moved on by one
    rows = body(
        [
            "¶the river ran past the old mill* where the men met every day so",
            "that one of the proposals of comrade Dzerzhinsky'st commission on",
            "book that at the time of the town the workers ended up being",
            "forced to do exactly the opposite of what they had wanted.",
        ]
    )
    rows += note_rows(
        [
            "* The mill by the river, built by the workers of the valley.",
            "t The commission formed to look into the state of the town.",
        ]
    )
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "†"]
    assert [note_calls(out).get(b.id) for b in notes] == ["mill", "Dzerzhinsky's"]


def test_a_line_after_a_note_s_short_last_line_opens_the_next_note_the_calls_want() -> None:
    # the '†' read glued to the next note's first word ('TCE.,' for '† Cf.,'): after the first
    # note's short last line, which ends its sentence, the body's second call wants a second note
    rows = body(
        [
            "¶the river ran past the old mill* where the men met every day",
            "morning before the wheel† turned and nobody in the town knew",
            "a time when the river had stood quite still in the winter.",
        ]
    )
    rows += note_rows(
        ["* The mill by the river, see pp. 816-820.", "TCE., the great wheel of the mill, pp. 675-688."]
    )
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "†"] and notes[1].text.startswith("TCE.,")
    assert [note_calls(out).get(b.id) for b in notes] == ["mill", "wheel"]
    # a line opening in lower case goes on with the note (a speck read as a stop before it)
    low = [
        *rows[:-1],
        Row("against the great wheel of the mill, pp. 675-688.", rows[-1].y, height=28, full=False),
    ]
    notes = footnote_blocks(clean_volume([page(1, low), page(2, body(["¶" + FILL[0], FILL[1] + "."]))]))
    assert [b.marker for b in notes] == ["*"]
    # with one call in the body, the line stays in the note
    rows[0] = Row(rows[0].text.replace("mill*", "mill"), rows[0].y, rows[0].x0, full=rows[0].full)
    notes = footnote_blocks(clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))]))
    assert [b.marker for b in notes] == ["*"]


def test_notes_carried_over_and_set_first_take_the_marks_after_the_one_read_as_printed() -> None:
    # two notes called at the foot of page 2 did not fit there; page 3 sets them first in its zone,
    # the dagger's note above the asterisk's ('t+' and '*' as OCR read them), then its own note
    first = page(
        1,
        body(["¶the river ran past the old mill* where the men met every day", FILL[1] + "."])
        + note_rows(["* The mill by the river, built by the workers of the valley."]),
    )
    called = page(
        2,
        body(
            [
                "¶" + FILL[0],
                FILL[1],
                "a time when the river had stood still and the slogan of",
                "the day [Bukharin*] was heard in every house of the valley",
                "and the workers met at the mill to hear what was said of",
                "the flood, the wheel and the long winter that was to come",
                "over the river and the town and the fields of the valley.",
                "¶Our advantage is that we have correctly foreseen. Marxt",
                "says in his book that the mill was built by the workers of",
            ],
            last_short=False,
        ),
    )
    zone = page(
        3,
        body(["¶the same held in the case of the Canton uprising.‡ We were", FILL[1] + "."])
        + note_rows(
            [
                "t+ Marx, K. (1818-1883) - With Engels, the founder of scientific socialism and a",
                "leader of the First International.",
                "* Bukharin, N. (1888-1938) - Old Bolshevik; became the major spokesman after",
                "1923 for the policies of the right wing of the party.",
                "+ Canton uprising (December 1927) - A putsch instigated so as to refute the",
                "charge of the Left Opposition.",
            ],
            top=1700,
        ),
    )
    out = clean_volume([first, called, zone])
    notes = footnote_blocks(out)
    assert [b.text.split()[1] for b in notes] == ["The", "Marx,", "Bukharin,", "Canton"]
    assert [b.marker for b in notes] == ["*", "†", "*", "‡"]
    calls = note_calls(out)
    assert [calls.get(b.id) for b in notes] == ["mill", "Marx", "[Bukharin]", "uprising."]


def test_the_volumes_first_notes_carried_over_out_of_order_with_the_first_mark_misread() -> None:
    # the volume's first two notes, called in the last lines of page 1, did not fit under it; page 2
    # sets the dagger's note first, its mark read '+', then the asterisk's: the '+' is no note
    # number 1 (the volume's first note) but a symbol, as the asterisk read below says
    called = page(
        1,
        body(
            [
                "¶" + FILL[0],
                FILL[1],
                "a time when the river had stood still and the slogan of",
                "the day was heard in every house of the valley and the",
                "workers met at the old mill* to hear what was said of",
                "the flood and the great wheel† that was to turn again",
                "over the river and the town and the fields of the valley.",
            ],
            last_short=False,
        ),
    )
    zone = page(
        2,
        body(["¶the same held in the case of the Canton uprising as well, and", FILL[1] + "."])
        + note_rows(
            [
                "+ The great wheel of the mill, which turned for a hundred years or more",
                "until the coldest of the winters froze the river over.",
                "* The mill by the river, built by the workers of the valley in the year",
                "of the great flood.",
            ],
            top=1700,
        ),
    )
    out = clean_volume([called, zone])
    notes = footnote_blocks(out)
    assert [b.text.split()[2] for b in notes] == ["great", "mill"]
    calls = note_calls(out)
    assert [calls.get(b.id) for b in notes] == ["wheel", "mill"]


def test_a_second_call_read_as_a_letter_after_a_comma_and_an_extra_quote_after_a_quotation() -> None:
    # 'AUCP* ,†' read as 'AUCP*,t': two notes called at one word, on a page of symbol notes
    ln = line(Row("on the right wing of the AUCP*,t using its banner for camouflage", 500))
    found = call_candidates([ln], lang="en")
    assert [(c.word, c.text, c.marker) for c in found] == [(6, "AUCP,", "*"), (6, "AUCP*,", "t")]
    assert call_candidates([ln]) == []  # a page of numbered notes: no dagger to misread
    # the word is a mention of the notes' term all the same
    assert norm("AUCP*,t") == "aucp" and norm("Krestinsky,t") == "krestinsky"
    assert norm("don't") == "don't"
    # 'Rooshian"†' read as 'Rooshian"\'': the quotation opened once, closed twice
    ln = line(Row('a short bridge to a "grand R-R-Rooshian"\' Bonapartism sweeping', 500))
    found = call_candidates([ln], lang="en")
    assert [(c.word, c.text, c.marker) for c in found] == [(6, 'R-R-Rooshian"', "'")]
    assert call_candidates([ln]) == []
    # a quotation in a quotation, closed together: no call
    for text in ("he wrote 'the \"grand\"' bridge and left", "he wrote \"the 'grand'\" bridge and left"):
        assert call_candidates([line(Row(text, 500))], lang="en") == []


def test_the_rest_of_a_word_broken_in_a_note_behind_a_speck_opens_no_note() -> None:
    from ingest.layout.notemarkers import split_notes

    rows = note_rows(
        [
            "* Marx, K. (1818-1883) - With Engels, the founder of scientific socialism.",
            "t Canton uprising (December 1927) - A putsch instigated by Stalin so as to",
            "refute the charge; it was crushed in less than three days with a loss of thou-",
            "’ sand lives.",
            "+ Canton uprising (December 1927) - A putsch instigated by Stalin so as to",
            "refute the charge of the Left Opposition.",
        ]
    )
    zone = [line(r) for r in rows]
    speck = zone[3].words[0]
    zone[3] = Line((replace(speck, confidence=0.3), *zone[3].words[1:]), zone[3].bbox)
    notes = split_notes(zone, 1, may_continue=False, symbols=True, calls=4)
    assert [n.marker for n in notes] == ["*", "†", "‡"]
    assert [len(n.lines) for n in notes] == [1, 3, 2]


def test_a_dagger_read_as_a_letter_before_the_stop_and_the_next_call() -> None:
    # 'uprising† .‡' read as "uprising't.*": two notes called at one word
    ln = line(Row("the case of the Canton uprising't.* We were told that soviets", 500))
    found = call_candidates([ln], lang="en")
    assert [(c.text, c.marker) for c in found] == [("uprising.", "'t"), ("uprising't.", "*")]
    # a word the language knows with its 't' keeps it: "didn't." is no dagger
    ln = line(Row("the man who said he didn't.* We were told that soviets", 500))
    assert [(c.text, c.marker) for c in call_candidates([ln], lang="en")] == [("didn't.", "*")]


def test_a_dagger_read_as_a_letter_glued_to_a_word_after_an_opening_bracket() -> None:
    # seed 1548 heavy-a5-page-symbols-spreads: '[Maslow†' read '[Maslowt'; the bracket hid the
    # word from the glued dagger's pattern
    ln = line(Row("the behaviour of M. and R. [Maslowt and Ruth Fischer] was bad", 500))
    assert [(c.text, c.marker) for c in call_candidates([ln], lang="en")] == [("[Maslow", "t")]
    ln = line(Row("the behaviour of M. and R. (Marxt, and Engels) was bad", 500))
    assert [(c.text, c.marker) for c in call_candidates([ln], lang="en")] == [("(Marx,", "t")]
    # a word the language knows with its 't' keeps it, bracket or not: '[Most' is no call
    ln = line(Row("the behaviour of M. and R. [Most of them] was bad", 500))
    assert call_candidates([ln], lang="en") == []


def test_a_dagger_read_as_a_quote_and_a_letter_glued_to_its_word() -> None:
    # 'uprising†,' read as "uprising't,": the quote goes with the call as it does before a second
    # call ("uprising't.*"); the note's text names no word of the body, so only the call links it
    ln = line(Row("the case of the Canton uprising't, we were told that soviets", 500))
    assert [(c.text, c.marker) for c in call_candidates([ln], lang="en")] == [("uprising,", "'t")]
    # a word the language knows with its quote and 't' is no call: "didn't,"
    ln = line(Row("the man who said he didn't, we were told that soviets", 500))
    assert call_candidates([ln], lang="en") == []
    rows = body(
        [
            "¶the river ran past the old mill* where the men met every day and",
            "spoke of the case of the Canton uprising't, which they had heard of",
            "from the workers who came back at the time of the town's great",
            "fair, and were forced to do exactly the opposite of what they wanted.",
        ]
    )
    rows += note_rows(["* The mill by the river.", "† See the minutes of the eighth session, pp. 12-14."])
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "†"]
    assert [note_calls(out).get(b.id) for b in notes] == ["mill", "uprising,"]


def _mill_pages(who: str) -> tuple[list[Row], list[Row]]:
    """Rows of two pages: the first ends on a symbol note; the second's four body lines (the last
    one's subject `who`) call a note set two body pitches under them, in narrower letters (char 16
    against the body's 21) at the body's height and pitch."""
    first = body(["¶" + FILL[0], FILL[1], FILL[0], FILL[1] + "."])
    first += note_rows(["* The river and its mill, as the town remembers them."])
    rows = body(
        [
            "¶the river ran past the old mill* where the men met every day and",
            "spoke of the case of the town and of the workers who came back at",
            "the time of the great fair, and were forced to do exactly the",
            f"opposite of what they had wanted, and {who} in the town knew why.",
        ]
    )
    top = rows[-1].y + 2 * BODY_PITCH
    rows += [
        Row("* The mill stood by the river from the year of the great flood until the", top, char=16),
        Row(
            "fire of the winter after the fair, when the town rebuilt it in stone.", top + BODY_PITCH, char=16
        ),
    ]
    return first, rows


def test_a_note_zone_whose_boxes_blur_made_as_tall_as_the_body_s() -> None:
    # a heavy scan: the notes' word boxes grew with the blur to the body's height and their lines
    # to its pitch, so neither tells the notes from the text; their letters still take less width
    first, rows = _mill_pages("nobody")
    out = clean_volume([page(1, first), page(2, rows), page(3, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = [b for b in footnote_blocks(out) if b.id.startswith("p0002")]
    assert [b.marker for b in notes] == ["*"] and notes[0].text.endswith("rebuilt it in stone.")
    assert note_calls(out).get(notes[0].id) == "mill"
    # the same lines in the body's own letters are text, not a note
    rows[-2:] = [replace(r, char=CHAR) for r in rows[-2:]]
    out = clean_volume([page(1, first), page(2, rows), page(3, body(["¶" + FILL[0], FILL[1] + "."]))])
    assert not [b for b in footnote_blocks(out) if b.id.startswith("p0002")]


def test_a_quote_after_a_possessive_s_is_a_call() -> None:
    # "Marx's’": the word is a possessive already, the quote after it closes no quotation; not a
    # plural's possessive ("workers’"), the weakest call, which says nothing of the page's notes
    ln = line(Row("the history of Marx's’ thinking and of the workers’ state in the", 500))
    found = call_candidates([ln])
    assert [(c.text, c.marker) for c in found] == [("Marx's", "’"), ("workers", "’")]
    assert found[0].strength >= 1.5 > found[1].strength
    assert likely_calls([ln]) == 1


def test_a_mark_read_glued_to_the_next_note_s_first_word_opens_it() -> None:
    # '‡ Cf., ibid.' read as "+Cf., ibid." after the note above's short last line: the next note,
    # whose text loses the mark in the export
    rows = body(
        [
            "¶the river ran past the old mill* where the men met every day and",
            "spoke of the case of the town and of the workers who came back at",
            "the time of the great fair,† and were forced to do exactly the",
            "opposite of what they had wanted,‡ and nobody in the town knew why.",
        ]
    )
    rows += note_rows(
        [
            "* The mill stood by the river from the year of the great flood until the",
            "fire of the winter after the fair.",
            "† For a part of this correspondence, see the minutes, pp. 816-820.",
            "+Cf., ibid., pp. 675-688.",
        ],
        full=1,
    )
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "†", "‡"]
    assert [note_calls(out).get(b.id) for b in notes] == ["mill", "fair,", "wanted,"]
    text = {n.block_id: plain(n.inlines) for n in reading_flow(out).notes.values()}
    assert text[notes[2].id] == "Cf., ibid., pp. 675-688."


def test_an_opening_quote_after_a_word_s_stop_is_a_call() -> None:
    # 'rights.*' read as "rights.“": an opening quote ends no word of prose, as '‘' does not; a
    # quote opening the next word still opens a quotation
    ln = line(Row("the management rights.“ In actual fact, however, the “plan” had", 500))
    found = call_candidates([ln])
    assert [(c.text, c.marker) for c in found] == [("rights.", "“")]
    assert found[0].strength >= 1.5


def test_a_call_after_a_note_s_term_broken_over_the_page_break_is_its_first_mention() -> None:
    # seed 1906 light octavo (EB Garamond): 'Comin-' ends a page, 'tern’' (the asterisk read as a
    # quote) opens the next, whose note explains 'Comintern'; the term's first mention on the note's
    # page is the broken word's second part, not the 'Comintern' further down
    first = body(["¶" + FILL[0], FILL[1], "the experience of the past years that a decision of a Comin-"])
    first[-1].full = True
    second = body(
        [
            "tern’ congress is more easily annulled than a decision of a provincial",
            "executive committee of the town and the river.",
            "¶This is what they told the congress: the fate of the Comintern depends",
            "on the fate of the town, and the fate of the town on the mill.",
        ]
    )
    second += note_rows(["* Comintern (Communist International) - Founded 1919 as the successor."])
    out = clean_volume([page(1, first), page(2, second)])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*"]
    assert note_calls(out).get(notes[0].id) == "tern"


def test_a_call_read_as_a_quote_before_a_bracket_read_as_a_brace() -> None:
    # seed 1909 heavy octavo camera (Caladea): '[Fischer’}' for '[Fischer*]'
    words = ["the", "mistakes", "of", "the", "leaders", "[Fischer’}", "had", "a", "character"]
    found = call_candidates([line(Row(" ".join(words), 245))], lang="en")
    assert [(c.word, c.text, c.marker) for c in found] == [(5, "[Fischer}", "’")]


def test_a_call_read_as_a_quote_before_a_bracket_read_as_a_parenthesis() -> None:
    # seed 1574 heavy letter endnotes: '[Maslow and Ruth Fischer’)' for 'Fischer⁸]': no candidate
    # was taken off a word ending in a parenthesis, and note 8 stayed without its call. A call
    # stands before a closing parenthesis as before a bracket
    words = ["M.", "and", "R.", "[Maslow", "and", "Ruth", "Fischer’)", "in", "this", "regard"]
    found = call_candidates([line(Row(" ".join(words), 245))])
    assert [(c.word, c.text, c.marker) for c in found] == [(6, "Fischer)", "’")]
    # a quotation closing inside a parenthesis is no call
    quoted = ["the", "(‘left", "turn’)", "of", "the", "centre"]
    assert call_candidates([line(Row(" ".join(quoted), 245))]) == []


def test_a_single_opening_quote_outside_any_quotation_in_a_volume_quoting_with_double_quotes() -> None:
    # a heavy a5 book of symbol notes (DejaVu Serif): a speck before 'smychka' read as '‘' opened a
    # quotation that the asterisk call after 'industry', read as '’', then closed: the page's three
    # notes took the two calls left, one each too early. The volume quotes with double quotes, so
    # a single one opens a quotation only within one
    rows = body(
        [
            "¶the congress gathered under the slogan of the ‘smychka between the",
            "workers and the peasants. As the author of the theses on industry’ I",
            "pointed out the “enormous danger” of our tasks to the Politburo.* I",
            "proved that the report on the mill would be robbed of its meaning.",
            "¶the resolution on industry? demands the strengthening of the plan.",
        ]
    )
    rows += note_rows(["* A part of the theses was printed.", "† For a part of this letter.", "‡ Cf., ibid."])
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], "“the " + FILL[1] + ".”"]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "†", "‡"]
    assert [note_calls(out).get(b.id) for b in notes] == ["industry", "Politburo.", "industry"]
    # the first page alone opens one quotation with each kind: neither is the text's, the '‘'
    # opens a quotation, which the '’' closes: no call
    alone = [line(r) for r in rows[:4]]
    assert single_quotes_nested(alone) is False
    assert "industry" not in [c.text for c in call_candidates(alone, lang="en")]


def test_a_question_mark_ending_a_line_before_a_capital_is_no_call_for_the_next_page_s_note() -> None:
    # seed 1909 heavy octavo camera (Caladea): 'attacked?' ends a line in the last lines of a page,
    # 'Not' opens the next; the next page's asterisk note, its call '[Fischer’}' read as a quote
    # before a brace, took the question mark instead. A question mark before a capital is a
    # question at a line's end as within a line
    first = body(
        [
            "¶" + FILL[0],
            FILL[1],
            "the group is farthest of all from the mill. What kind of mill? The kind",
            "they preached until yesterday? Or the kind that they attacked?",
            "Not a word about that, and no wonder: the town went quiet.",
        ]
    )
    second = body(
        [
            "¶the congress met again. The mistakes of the Maslow-Ruth [Fischer’} lead-",
            "ership already had a derivative character, and the town knew it well.",
            "¶People thought that the rungs of the ladder led up and not down.",
        ]
    )
    second += note_rows(["* A leader of the party in the town, expelled in the spring of 1926."])
    out = clean_volume([page(1, first), page(2, second)])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*"]
    assert note_calls(out).get(notes[0].id) == "[Fischer}"


def _stretched(p: Page, grow: dict[str, tuple[int, int]]) -> Page:
    """The page with the words whose text `grow` names stretched up by its first number and down by
    its second (ink read into their boxes), their lines' boxes with them."""
    blocks = []
    for b in p.blocks:
        lines = []
        for ln in b.lines:
            words = tuple(
                replace(
                    w, bbox=replace(w.bbox, y0=w.bbox.y0 - grow[w.text][0], y1=w.bbox.y1 + grow[w.text][1])
                )
                if w.text in grow
                else w
                for w in ln.words
            )
            lines.append(Line(words, BBox.enclosing([w.bbox for w in words])))
        blocks.append(replace(b, lines=tuple(lines), bbox=BBox.enclosing([x.bbox for x in lines])))
    return replace(p, blocks=tuple(blocks))


def test_a_note_zone_under_a_rule_read_into_its_boxes_and_show_through_read_into_the_text() -> None:
    # a heavy scan (the seed-1960 render heavy-letter, Charis SIL, page 15): the rule over the notes
    # and the show-through behind it were read into the tops of the first note line's words, and
    # the show-through under the body's last line into one of its words ('Bonapartists,' 94 px
    # high against 35): the boxes left the notes 54 px under that line, less than a body pitch,
    # and the page's one note stayed in the body. Where most of the lines' words have their edges
    # the notes stand two pitches under it
    first, rows = _mill_pages("everybody")
    first_note = rows[-2].text.split()
    grow = {t: (40, 0) for t in first_note} | {"everybody": (0, 62)}
    out = clean_volume(
        [page(1, first), _stretched(page(2, rows), grow), page(3, body(["¶" + FILL[0], FILL[1] + "."]))]
    )
    notes = [b for b in footnote_blocks(out) if b.id.startswith("p0002")]
    assert [b.marker for b in notes] == ["*"] and notes[0].text.endswith("rebuilt it in stone."), notes
    assert note_calls(out).get(notes[0].id) == "mill"


def test_two_daggers_on_a_possessive_read_as_a_double_quote_and_a_letter() -> None:
    # the seed-1938 render heavy-letter (Charis SIL), page 3: 'Dzerzhinsky†'s‡' read
    # 'Dzerzhinsky"st', the dagger and the apostrophe as one double quote, the double dagger as a
    # 't'. 'Dzerzhinskyst' is no word and 'Dzerzhinsky' one: two calls, each keeping its note
    rows = body(
        [
            "¶the river ran past the old mill* where the men of comrade",
            'Dzerzhinsky"st commission met every day and the workers ended',
            "up being forced to do exactly the opposite of what they wanted.",
        ]
    )
    rows += note_rows(
        [
            "* The mill by the river.",
            "† Dzerzhinsky, F. (1877-1926) - A founder of the party of Poland.",
            "‡ This refers to the commission composed of five members.",
        ]
    )
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "†", "‡"]
    called = note_calls(out)
    assert [called.get(b.id) for b in notes] == ["mill", "Dzerzhinsky’s", ""], called


def _hug(ln: Line, wi: int, gap: int) -> Line:
    """The line with word `wi` moved to stand `gap` px after the word before it."""
    words = list(ln.words)
    w, before = words[wi], words[wi - 1]
    x0 = before.bbox.x1 + gap
    words[wi] = replace(w, bbox=BBox(x0, w.bbox.y0, x0 + w.bbox.width, w.bbox.y1))
    return Line(tuple(words), BBox.enclosing([x.bbox for x in words]))


def test_a_call_read_as_a_quote_of_its_own_after_a_word_in_small_capitals() -> None:
    # seed 1128 clean letter (Caladea), the chapter's first line in small capitals: the asterisk
    # after 'COMINTERN' read as a raised '“' standing alone ('THE COMINTERN “ WAS HELD'). A quote
    # opening a quotation hugs the word it opens; this one hugs the word before it, and no
    # quotation is open: on a page of symbol notes it is a call. The note's term is in the
    # chapter's title above too, where no call was read; the call read after the term wins
    from ingest.layout.calls import candidates_and_quotes

    caps = _hug(line(Row("THE SIXTH CONGRESS OF THE COMINTERN ^“ WAS HELD IN MOSCOW", 500)), 6, 3)
    found, _ = candidates_and_quotes([caps], lang="en")
    assert [(c.word, c.text, c.marker) for c in found] == [(6, "", "“")]
    # a quote nearer the word after it opens a quotation: no call
    opening = _hug(line(Row("THE SIXTH CONGRESS OF THE COMINTERN ^“ WAS HELD IN MOSCOW", 500)), 6, 40)
    assert candidates_and_quotes([opening], lang="en")[0] == []
    # not on a page of numbered notes, whose calls OCR reads as figures
    assert candidates_and_quotes([caps])[0] == []

    title = Row("Declaration to the Sixth Comintern Congress", 245, x0=420, height=50, full=False)
    rows = [
        title,
        *body(
            [
                "¶THE SIXTH CONGRESS OF THE COMINTERN ^“ WAS HELD IN MOSCOW IN",
                "the summer, and the river ran past the old mill† where the workers",
                "met every morning before the long shift began, and nobody in the",
                "town could remember a time when the wheel had stood quite still.",
            ],
            top=400,
        ),
        *note_rows(
            [
                "* Comintern (Communist International) - Founded 1919 under Lenin's leadership.",
                "† The mill by the river, built by the workers of the valley.",
            ]
        ),
    ]
    p = page(1, rows)
    blocks = list(p.blocks)
    b = blocks[1]
    blocks[1] = replace(b, lines=(_hug(b.lines[0], 6, 3),))
    p = replace(p, blocks=tuple(blocks))
    out = clean_volume([p, page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    calls = note_calls(out)
    marks = {b.id: b.marker for b in footnote_blocks(out)}
    assert {marks[k]: v for k, v in calls.items()} == {"*": "", "†": "mill"}
    star = next(w for w in out[0].words if w.marker == "*")
    words = list(out[0].words)
    assert words[words.index(star) - 1].text == "COMINTERN"
    assert not any(w.marker for w in out[0].words if w.text == "Comintern")  # the title's


def test_a_quotation_opened_inside_a_bracket_is_closed_by_its_quote_which_is_no_call() -> None:
    # '["Social Democratic"]': the quote after the bracket opens a quotation, so the quote before
    # the closing bracket closes it; taken for an asterisk read as a quote it outranked the dagger
    # read as a letter glued to 'Marx' and took the page's second note
    rows = body(
        [
            "¶the author of the slogan “Enrich yourselves” [the mill*] is offended",
            "by the layer of [“Social Democratic”] deviators in the town and its",
            "streets. We have correctly foreseen it. Marxt says in his book that",
            "the workers ended up being forced to do the opposite of their plan.",
        ]
    )
    rows += note_rows(MILL_AND_MARX_NOTES)
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "†"]
    assert [note_calls(out).get(b.id) for b in notes] == ["mill]", "Marx"]
    for opened in ("[“Social", '["Social', "(“Social"):
        ln = line(Row(f"the layer of {opened} Democratic”] deviators in the town", 245))
        assert call_candidates([ln], lang="en") == []


def test_a_dagger_read_as_two_letters_after_a_note_s_short_last_line_opens_the_next_note() -> None:
    # 'tT' for †: two of the letters OCR reads for a dagger, no common word, right under the first
    # note's short last line ending its sentence: the second note opens there. The same two notes
    # called at one word ('Kamenev*,t'): the two notes, not one run together
    rows = body(
        [
            "¶the river ran past the old mill where the men met every day and",
            "the miller*,t went into exile, but the wheel turned and nobody in",
            "the town knew a time when the river had stood quite still in the",
            "winter of the year the valley flooded over the old stone bridge.",
        ]
    )
    rows += note_rows(
        [
            "* Miller, L. (1883-1936) - Old worker of the mill by the river, built",
            "by the workers of the valley in the year of the great flood.",
            "tT Miller, L. (1883-1936) - Old worker of the mill by the river, built",
            "by the workers of the valley in the year of the great flood.",
        ]
    )
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "†"]
    assert all(b.text.endswith("great flood.") and b.text.count("Miller") == 1 for b in notes)
    # a common word of those letters ('ft') opens no note: it goes on with the first one
    rows[-2] = replace(rows[-2], text="ft" + rows[-2].text[2:])
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    assert [b.marker for b in footnote_blocks(out)] == ["*"]


def test_a_zone_s_first_mark_read_as_a_figure_look_alike_in_a_volume_of_symbol_notes() -> None:
    # 't' for † opening the zone, where no note continues: 't' reads as the figure 1, but the
    # volume marks its notes with symbols, so it opens a symbol note; the note below reading '*'
    # as printed says the first was carried over from the page before and takes the dagger
    first = body(["¶the stone* lay on the road where the men met every day and", FILL[1] + "."])
    first += note_rows(["* The stone by the road."])
    rows = body(
        [
            "¶the river ran past the old mill* where the men met every day and",
            "the wheel turned and nobody in the town knew a time when it stood.",
            "We have correctly foreseen it. Marxt says in his book that the",
            "workers ended up being forced to do the opposite of their plan.",
        ]
    )
    rows += note_rows(
        [
            "t Marx, K. (1818-1883) - With Engels, the founder of scientific socialism.",
            "* The mill by the river.",
        ]
    )
    out = clean_volume([page(1, first), page(2, rows), page(3, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "†", "*"]
    assert [note_calls(out).get(b.id) for b in notes] == ["stone", "Marx", "mill"]


def test_numbered_points_in_the_body_s_type_on_a_photographed_page_s_foot_are_no_note_zone() -> None:
    from ingest.layout import footnotes

    # a photographed page: its lines close up towards its foot (54 px a line, under the volume's
    # 58), and numbered points of the text there, after a gap, are set at 51 px in the body's type:
    # closer than the volume's pitch, not than the page's own body, and no smaller (the points
    # spaced apart, as the text's paragraphs are)
    texts = [FILL[0], FILL[1], "and the wheel stood still while the men of the town", "the end of the day."]
    rows = [Row(t, 245 + 54 * i, full=i < 3) for i, t in enumerate(texts)]
    points = [
        "1. What is the main task of the workers at the mill by the",
        "river? To keep the wheel turning through the winter.",
        "2. For the town to have its bread the river must not",
        "freeze over in the coldest of the winters.",
    ]
    top = rows[-1].y + 78
    zone = [line(Row(t, top + 51 * i + 16 * (i // 2), full=i % 2 == 0)) for i, t in enumerate(points)]
    lines = [line(r) for r in rows] + zone
    metrics = VolumeMetrics(line_height=40.0, pitch=58.0, type_height=30.0)
    assert footnotes.zone_by_marker(lines, metrics, next_number=1) is None
    assert footnotes.note_zone_start(lines, metrics, next_number=1, may_continue=False) is None
    # the same points set as notes are (smaller type, closer lines) are a note zone
    small = [line(Row(t, top + 12 + 36 * i, height=28, full=i % 2 == 0)) for i, t in enumerate(points)]
    assert footnotes.zone_by_marker([line(r) for r in rows] + small, metrics, next_number=1) == len(rows)


def test_one_figure_read_at_a_zone_line_s_start_does_not_turn_a_volume_of_symbol_notes_to_numbers() -> None:
    # two pages of symbol notes, then a zone whose one note opens with a figure read whole ('1'
    # for the mark): the volume still marks its notes with symbols, so on the next page a zone
    # whose mark OCR read as letters ('bd' for *) opens the page's first note, called in the body
    first = body(
        [
            "¶the river ran past the old mill* where the men met every day and",
            "the wheel† turned and nobody in the town knew a time when it stood.",
        ]
    )
    first += note_rows(["* The mill by the river.", "† The wheel of the mill."])
    second = body(["¶the stone* lay on the road where the men met every day and", FILL[1] + "."])
    second += note_rows(["* The stone by the road."])
    third = body(["¶the cart* stood on the road where the men met every day and", FILL[1] + "."])
    third += note_rows(["1 The cart of the mill."])
    rows = body(
        [
            "¶the basic teachings of Marx’ and of the men who met every",
            "morning before the wheel turned and nobody in the town knew",
            "a time when the river had stood quite still in the winter.",
        ]
    )
    rows += note_rows(["bd Marx, K. (1818-1883) - With Engels, the founder of the", "First International."])
    out = clean_volume([page(1, first), page(2, second), page(3, third), page(4, rows)])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes][:4] == ["*", "†", "*", "1"]
    assert len(notes) == 5 and notes[4].marker == "*" and notes[4].text.startswith("bd Marx")
    assert note_calls(out).get(notes[4].id) == "Marx"


def test_doubled_marks_read_as_a_mark_and_a_figure_or_as_two_letters_open_the_notes_they_mark() -> None:
    # a page of nine symbol notes: after the seventh ('**'), '$4' for †† and 'ih' for ‡‡, each
    # under a note's short last line ending a sentence, open the eighth and ninth notes (the
    # first was taken into the note before, the second for a note numbered 1)
    rows = body(
        [
            "¶once the snow* fell on the old mill† where the men‡ met every day",
            "morning before the wheel§ turned and nobody in the town‖ knew",
            "a time when the bridge¶ had stood quite still in the winter** of",
            "the year the valley†† flooded and the water rose over the road‡‡",
            "that the workers had built with their own hands in the spring",
            *MILL,
            "and so the years went by.",
        ]
    )
    rows += note_rows(
        [
            "* The river of the valley, which ran past the old mill and the town to",
            "the sea.",
            "† The mill by the river.",
            "‡ The men of the mill.",
            "§ The great wheel of the mill.",
            "‖ The town where the workers lived.",
            "¶ The bridge the workers built.",
            "** The winter of the great flood.",
            "$4 The valley under the hill.",
            "ih The road by the river.",
        ],
        top=1800,
        full=1,
    )
    out = clean_volume([page(1, rows), page(2, body(["¶" + MILL[0], *MILL[1:], "and so on."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "†", "‡", "§", "‖", "¶", "**", "††", "‡‡"]
    assert notes[7].text.startswith("$4 The valley") and notes[8].text.startswith("ih The road")
    called = note_calls(out)
    assert [called.get(b.id) for b in notes] == [
        "snow",
        "mill",
        "men",
        "wheel",
        "town",
        "bridge",
        "winter",
        "valley",
        "road",
    ]


def test_a_mark_read_on_a_line_of_its_own_after_a_note_s_short_last_line_opens_the_next_note() -> None:
    # '§' read as 'S' set by OCR on a line of its own between the third note's short last line
    # and the fourth note's first line: it opens the fourth note, not a word of the third
    rows = body(
        [
            "¶once the snow* fell on the old mill† where the men met every day",
            "morning before the wheel‡ turned and nobody in the town§ knew",
            *MILL,
            "and so the years went by.",
        ]
    )
    rows += note_rows(
        [
            "* The snow of the valley, which fell on the old mill and the town to",
            "the sea.",
            "† The mill by the river.",
            "‡ The great wheel of the mill.",
            "S",
            "Town - The place where the workers lived.",
        ],
        full=1,
    )
    out = clean_volume([page(1, rows), page(2, body(["¶" + MILL[0], *MILL[1:], "and so on."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "†", "‡", "§"]
    assert notes[2].text == "‡ The great wheel of the mill." and notes[3].text.startswith("S")
    assert [note_calls(out).get(b.id) for b in notes] == ["snow", "mill", "wheel", "town"]


def test_a_single_closing_quote_inside_a_double_quotation_carried_over_the_page_is_a_call() -> None:
    # seed 1475 heavy a5 symbol notes (TeX Gyre Bonum): a quotation opened with a double quote on
    # one page went on over the break, and the asterisk call on the next page's first word, read
    # as '’' ('Committee’ must'), was taken for the quotation's close: no call, note '*' unlinked.
    # The volume quotes with double quotes; no single quotation was open for the quote to close
    first = body(
        [
            "¶" + FILL[0],
            FILL[1],
            "and the men ended with the words: “It goes without saying that the mill",
        ]
    )
    second = body(
        [
            "committee’ must be kept in the future as well.” As in the case of",
            "the fair, the town gave way only after a fight, and its theses ended",
            "with the words that the “town must, of course, remain within the",
            "valley.† ” Here it would make no concessions to the men of the mill.",
        ]
    )
    second += note_rows(["* The committee of the mill, formed in the spring.", "† The valley of the river."])
    out = clean_volume([page(1, first), page(2, second), page(3, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "†"]
    assert [note_calls(out).get(b.id) for b in notes] == ["committee", "valley."]


def test_a_speck_before_the_rest_of_a_word_broken_in_a_note_opens_no_note_whatever_its_case() -> None:
    # seed 1453 heavy a5 symbol notes (TeX Gyre Termes): 'who signed the state-' / '_ Ment to the
    # Sixth Congress.': a speck left of the note's margin read as '_' before the rest of the word,
    # itself read with a capital. With more calls on the page than notes opened so far the speck
    # opened the next note, and every note below took the mark after its own
    rows = body(
        [
            "¶the river ran past the old mill* where the men met every day",
            "morning before the wheel† turned and nobody in the town‡ knew",
            "a time when the river had stood quite still in the winter of",
            "the year the valley flooded and the water rose over the bridge.",
        ]
    )
    rows += note_rows(
        [
            "* The mill by the river, built by the workers of the valley, who signed the state-",
            "_ Ment to the town.",
            "† The great wheel of the mill.",
            "‡ The town where the workers lived.",
        ]
    )
    rows[-3] = replace(rows[-3], x0=LEFT - 22)  # the speck stands left of the notes' margin
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "†", "‡"]
    assert "Ment to the town." in notes[0].text
    called = note_calls(out)
    assert [called.get(b.id) for b in notes] == ["mill", "wheel", "town"]


def test_a_note_set_two_pages_after_its_call_over_a_page_without_notes_or_calls() -> None:
    # a heavy a5 book of symbol notes (DejaVu Serif): 'Comintern’' (the asterisk read as a quote)
    # near the foot of a page setting two notes for its three likely calls; the note on the
    # Comintern, too long for that foot or the next page's, is set two pages on, under a page
    # with neither notes nor calls. It took a weak candidate of its own page instead
    first = body(
        [
            "¶the Anglo-Russian Committee* was formed in the spring by the unions of the",
            "two countries, and the Kuomintang† took part in the work of the town.",
            FILL[0],
            FILL[1],
            "¶the delegates came to the Fifth Comintern’ Congress in the summer and",
            "spoke of the mill and of the town for many hours on end without a rest.",
        ]
    )
    first += note_rows(["* Formed by the unions of both countries.", "† Nationalist Party of China."])
    second = body(["¶" + FILL[0], FILL[1], "the town and the river and the mill and the road."])
    third = body(
        [
            "¶the congress gathered again, and the mill stood still. Why not? the",
            "workers of the town asked, and the river ran on below the mill.",
        ]
    )
    third += note_rows(["* Comintern (Communist International) - Founded 1919 as the successor."])
    out = clean_volume([page(1, first), page(2, second), page(3, third)])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "†", "*"]
    assert [note_calls(out).get(b.id) for b in notes] == ["Committee", "Kuomintang", "Comintern"]


def test_a_notes_term_is_read_without_its_mark_misread_as_letters() -> None:
    # a heavy scan of symbol notes: '* Beloborodov, A. (1891–1938) – …' read 'bd Beloborodov, A.';
    # the note's term was taken as 'bd beloborodov', which matched the signature 'A. Beloborodov’'
    # over the line break into 'A. Ishchenko', and the note took the call lost there instead of
    # the one read on 'Beloborodov’'
    from ingest.layout.drafts import Draft
    from ingest.layout.endnotes import note_text
    from ingest.model import BlockKind

    first = line(Row("bd Beloborodov, A. (1891-1938) - A Central Committee member and", 2000, height=28))
    d = Draft(BlockKind.FOOTNOTE, [first], marker="*")
    assert note_head(note_text(d)) == ("beloborodov",)
    # the export writes the note's text the same way
    assert note_text(d).startswith("Beloborodov, A.")
    # a word of the text after a mark read as a mark stays
    d = Draft(
        BlockKind.FOOTNOTE, [line(Row("+ Cf. Lenin, Collected Works, vol. 36", 2000, height=28))], marker="†"
    )
    assert note_text(d).startswith("Cf. Lenin")


def test_the_scans_edge_read_as_letters_under_the_last_note_is_not_its_text() -> None:
    # a heavy scan of a letter: the page's bottom edge read '“FY: BR RETIRE' (confidence 0.3-0.4),
    # in the notes' type, under the page's last note with no folio over it; it went into the note,
    # which the scorer then no longer found
    from tests.test_layout_helpers import HEIGHT

    rows = body(
        [
            "¶the river ran past the old mill1 where the men met every day",
            "morning before the wheel2 turned and nobody in the town knew",
            "a time when the river had stood quite still in the winter.",
        ]
    )
    rows += note_rows(
        [
            "1. Hundreds - the gangs that roamed the valley in the flood.",
            "2. The wheel of the mill, rebuilt twice.",
        ],
        top=2250,
    )
    rows.append(Row("“FY: BR RETIRE", HEIGHT - 36, x0=1450, height=24, full=False))

    def doubtful(p: Page) -> Page:
        blocks = []
        for b in p.blocks:
            ln = b.lines[0]
            if ln.text.startswith("“FY"):
                words = tuple(replace(w, confidence=0.35) for w in ln.words)
                b = replace(b, lines=(Line(words, ln.bbox),))
            blocks.append(b)
        return replace(p, blocks=tuple(blocks))

    out = clean_volume([doubtful(page(1, rows))])
    assert [n.text for n in footnote_blocks(out)] == [
        "1. Hundreds - the gangs that roamed the valley in the flood.",
        "2. The wheel of the mill, rebuilt twice.",
    ]
    assert [b.text for b in out[0].blocks if b.kind is BlockKind.OTHER] == ["“FY: BR RETIRE"]
    # read sure, the line is the page's text
    out = clean_volume([page(1, rows)])
    assert not any(b.kind is BlockKind.OTHER for b in out[0].blocks)


def test_a_symbol_mark_read_as_a_letter_before_a_notes_term_opens_the_next_note() -> None:
    # a heavy two-column letter of symbol notes: '‖ Lenin, V.I. (1870–1924) – Founder…' read 'A
    # Lenin, V.I. …' under the '§' note's short last line, its call lost as well; it went into
    # that note
    rows = body(
        [
            "¶the river ran past the old mill* where the men met every day",
            "morning before the wheel turned and nobody in the town knew",
            "a time when the river had stood quite still in the winter.",
        ]
    )
    first = note_rows(
        ["* Hartwell, J. (1801–1870) – The miller of the valley, who built the mill", "by the river."]
    )
    rows += first + note_rows(
        [
            "A Lenin, V.I. (1870–1924) – Founder of the Bolshevik faction and leader of",
            "the October Revolution.",
        ],
        top=1972,
    )
    notes = footnote_blocks(clean_volume([page(1, rows)]))
    assert [b.marker for b in notes] == ["*", "†"]
    assert notes[1].text.startswith("A Lenin")
    # a second paragraph of the note opening with the article before a word in capitals goes on
    # with it: no term opens that line
    rows = rows[:-2] + note_rows(["A Miller, they said, and a good one, who lived by the river."], top=1972)
    notes = footnote_blocks(clean_volume([page(1, rows)]))
    assert [b.marker for b in notes] == ["*"]


def test_a_web_address_bracket_opening_a_line_of_a_symbol_note_goes_on_with_it() -> None:
    # a heavy octavo of symbol notes: '‡ This refers to … of 1923. See also: … of 1923.' went on
    # with '<https://www.…>' on a line of its own, read '< https://…'; the bracket alone after a
    # sentence's end was taken for a misread mark and the address made a note of its own
    rows = body(
        [
            "¶the river ran past the old mill* where the men met every day",
            "morning before the wheel† turned and nobody in the town knew",
            "a time when the river had stood quite still in the winter.",
        ]
    )
    rows += note_rows(
        [
            "* Hartwell, J. (1801–1870) – The miller of the valley, who built the mill",
            "by the river.",
            "† This refers to the great flood which began to rise in the summer of 1823.",
            "See also: Anne Hartwell, The Year of the Flood and the Mill of 1823.",
            "< https://www.example.org/en/articles/2008/10/1823-o30.html>",
        ]
    )
    notes = footnote_blocks(clean_volume([page(1, rows)]))
    assert [b.marker for b in notes] == ["*", "†"]
    assert notes[1].text.endswith("1823-o30.html>")


def _numbered_point_pages(wheel: str, below: list[Row]) -> list[Page]:
    """A page of one symbol note, then a page calling at 'wheel' (`wheel`: the word as read) with a
    numbered point of the text set in smaller type and from both edges ('2. The extreme…'),
    `below` under it."""
    first = body(["¶the river ran past the old mill* where the men met every day", *MILL[1:4]])
    first += note_rows(["* Hartwell, J. (1801–1870) – The miller of the valley."], top=1972)
    rows = body([f"¶the {wheel} turned and nobody in the town knew of it", *MILL[2:5]])
    point = [
        "2. The extreme deterioration of the mill has two causes: a) the old",
        "wheel and b) the dry summers which have come not only as a result",
        "of the weather but of the dam built upstream.",
    ]
    rows += [Row(t, 1500 + 50 * i, x0=LEFT + 60, height=32, full=i < 2) for i, t in enumerate(point)]
    return [page(1, first), page(2, rows + below)]


def test_a_numbered_point_set_small_over_a_pages_symbol_notes_is_text() -> None:
    # a heavy photographed octavo of symbol notes: a numbered point of the letter set in smaller
    # type and from both edges ('2. The extreme deterioration…') stood over the page's one note
    # ('* The XIIth Congress…'); the note zone was taken from the point, which became note '2'
    below = note_rows(["* The wheel of the mill, rebuilt twice in the last century."], top=1972)
    out = clean_volume(_numbered_point_pages("wheel*", below))
    notes = [b for b in out[1].blocks if b.kind is BlockKind.FOOTNOTE]
    assert [b.marker for b in notes] == ["*"]
    assert notes[0].text.startswith("* The wheel")
    assert any(b.text.startswith("2. The extreme") for b in out[1].blocks if b.kind is BlockKind.PARAGRAPH)


def test_a_dagger_read_as_a_letter_after_a_note_filling_the_measure_opens_the_next_note() -> None:
    # a heavy a5 of symbol notes: '* Trotsky is referring to the September (1923) Plenum of the
    # Central Committee of the RCP(b).' filled the measure, the zone's longest line, so it did not
    # end short; under it '† Stenograficheskii otchet …' was read 't Stenograficheskii …' (the 't'
    # unsure, no figure for the count's next number) and went into the note above, though the
    # body calls two notes. The zone's lines as OCR boxed them
    def zone_line(text: str, x0: int, y0: int, x1: int) -> Line:
        toks = text.split()
        step = (x1 - x0) // len(toks)
        words = [
            Word(t, BBox(x0 + k * step, y0, x0 + (k + 1) * step - 10, y0 + 30), 0.21 if t == "t" else 0.95)
            for k, t in enumerate(toks)
        ]
        return Line(tuple(words), BBox.enclosing([w.bbox for w in words]))

    zone = [
        zone_line("* Hartwell is referring to the September (1823) flood of the river.", 181, 2083, 1447),
        zone_line("t Annals of the valley and of the mill, pp. 680-681.", 182, 2125, 1119),
    ]
    notes = split_notes(zone, 4, may_continue=False, want=2, symbols=True, calls=2, restart=False)
    assert [n.marker for n in notes] == ["*", "†"]
    # a note going on after a full line ending a sentence with a word of one letter ('A') does not
    zone[1] = zone_line("A second flood came in the spring, pp. 680-681.", 182, 2125, 1119)
    notes = split_notes(zone, 4, may_continue=False, want=2, symbols=True, calls=2, restart=False)
    assert [n.marker for n in notes] == ["*"]


def test_numbered_points_set_small_at_the_foot_of_a_page_without_notes_are_text() -> None:
    # a heavy a5 of symbol notes: on a page with no note, a numbered point of the letter set in
    # smaller type and from both edges ('2. The extreme deterioration…') and the next point in
    # the body's type ('3. The XIIth Congress…') were taken for the page's notes '2' and '3'
    below = body(["¶3. The miller gathered the town under the slogan of the wheel.", MILL[5] + "."], top=1700)
    out = clean_volume(_numbered_point_pages("wheel’", below))
    assert not [b for b in out[1].blocks if b.kind is BlockKind.FOOTNOTE]
    paras = [b.text for b in out[1].blocks if b.kind is BlockKind.PARAGRAPH]
    assert any(t.startswith("2. The extreme") for t in paras)
    assert any(t.startswith("3. The miller") for t in paras)


def test_a_dagger_call_read_as_a_letter_making_another_word_links_on_the_notes_term() -> None:
    # seed 1575 heavy a5 camera page symbols: 'Kliment Voroshilov ("Klimt")' for ("Klim†"). The
    # language knows 'Klimt' (the painter), so the 't' stayed the word's letter and the dagger
    # note 'Klim – See Voroshilov.' had no call. The note's own term, the word without its last
    # letter, says the letter is the call
    rows = body(
        [
            "¶the river ran past the old mill* where the men met every day so",
            'that Kalinin and Kliment Voroshilov ("Klimt") were at the mill',
            "book that at the time of the town the workers ended up being",
            "forced to do exactly the opposite of what they had wanted.",
        ]
    )
    rows += note_rows(["* The mill by the river, built by the workers.", "t Klim - See Voroshilov."])
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "†"]
    assert [note_calls(out).get(b.id) for b in notes] == ["mill", '("Klim")']
