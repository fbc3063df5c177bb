"""Notes and their calls on constructed pages: a call OCR lost must not shift the links after it,
endnote calls are linked once (by their section), a hanging indent survives a speck in the margin
and a skewed line, and a letter's closing lines at a page's foot are not a note zone."""

from __future__ import annotations

import pytest

from ingest.export.text import render_text
from ingest.layout import clean_volume, lemmas
from ingest.layout.calls import Call, align_calls, call_candidates
from ingest.layout.undo import undo
from ingest.model import Page
from tests.test_layout_helpers import (
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

FILL = MILL[:4]


def _foot(texts: list[str], top: int = 2000) -> list[Row]:
    return note_rows(texts, top=top)


def test_a_lost_call_does_not_shift_the_links_after_it() -> None:
    # the call of note 2 was not read at all; calls 1 and 3 came out as quotes, and a possessive
    # 'workers’' after them looks like one more: in order alone, notes 2 and 3 would take the calls
    # of 3 and of the possessive. Each note names its term, and the term is where its call is.
    pages = []
    for i in (1, 2):
        rows = body(
            [
                "¶the river ran past the old Hartwell’ where the men met every",
                "morning before the Kessington shift began and nobody in the",
                "town could remember a time when the Ardley’ wheel stood still",
                "for more than a day or two during the workers’ coldest winter.",
            ]
        )
        rows += _foot(
            [
                f"{3 * i - 2}. Hartwell – the mill by the river.",
                f"{3 * i - 1}. Kessington, J. – the foreman of the mill.",
                f"{3 * i}. Ardley – a village upstream.",
            ]
        )
        pages.append(page(i, rows))
    out = clean_volume(pages)
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2", "3", "4", "5", "6"]
    called = note_calls(out)
    assert [called.get(b.id) for b in notes] == ["Hartwell", "Kessington", "Ardley"] * 2
    text = render_text(out).clean
    assert "Kessington[^2] shift" in text and "workers’ coldest" in text


def test_note_lemma_and_its_mentions() -> None:
    assert lemmas.note_head("Kessington, J. – the foreman of the mill.") == ("kessington",)
    assert lemmas.note_head("General Council – Leadership body of the TUC.") == ("general", "council")
    assert lemmas.note_head("Comintern (Communist International) – Founded 1919") == ("comintern",)
    # notes that do not open with a term name nothing
    assert lemmas.note_head("This refers to the commission composed of five members, formed") is None
    assert lemmas.note_head("Cf., ibid., pp. 675-688.") is None
    ln = [line(Row("the General Council’ met where Lenin's friends and Comintem5 sat", 300))]
    assert lemmas.mentions(ln, ("general", "council")) == [(0, 2)]
    assert lemmas.mentions(ln, ("lenin",)) == [(0, 5)]
    assert lemmas.mentions(ln, ("comintern",)) == [(0, 8)]  # read with one letter wrong
    assert lemmas.norm("_Eastman.?") == "eastman" and lemmas.norm("Lenin’s") == "lenin"
    broken = [line(Row("a letter from Zinoviev and Kame-", 300)), line(Row("nev (the two) in", 358))]
    assert lemmas.mentions(broken, ("kamenev",)) == [(1, 0)]


def test_question_mark_after_a_comma_is_a_call() -> None:
    calls = call_candidates([line(Row("members of the group,? Ashkinazi signed it", 300))])
    assert [(c.word, c.text, c.marker) for c in calls] == [(3, "group,", "?")]


def test_endnote_calls_are_linked_once_by_their_section() -> None:
    # the notes section shares its page with the end of the chapter; footnote linking must leave
    # the endnotes and their calls alone (it used to link them again, to other words)
    first = [
        "¶during the coldest winter that the valley1 had known in all",
        "the years of the mill and its wheel, until the great flood.2",
    ]
    p1 = page(1, [Row("Chapter One", 300, height=60, centred=True)] + body(first + FILL * 3, top=480))
    p2 = page(
        2,
        body(["¶the workers’ wheel had stood quite still for a day or two", "and the brothers’ mill."])
        + [Row("Notes", 520, centred=True)]
        + body(["¶1. The valley of the river.", "¶2. The flood of that year."], top=640),
    )
    out = clean_volume([p1, p2])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2"]
    assert [note_calls(out).get(b.id) for b in notes] == ["valley", "flood."]
    links = [d for p in out for d in p.decisions if d.kind == "footnote_link"]
    assert sorted({d.id for d in links}) == sorted(f"footnote_link:{b.id}" for b in notes)
    assert not [d for p in out for d in p.decisions if d.kind == "footnote_unlinked"]


def test_hanging_indent_with_a_margin_speck_and_a_skewed_line() -> None:
    # numbers out at the margin, text 60 px in; OCR read a speck far out in the margin before one
    # continuation line, and a skewed scan moved another 15 px out: neither opens a note
    hang = LEFT + 60
    rows = [Row("Chapter One", 300, height=60, centred=True)] + body(["¶" + FILL[0], FILL[1] + "1."], top=480)
    rows += [Row("Notes", 800, centred=True)]
    rows += [
        Row("1. Dzerzhinsky, F. – A founder of the party of Poland and", 920),
        Row("’_ Russia; member of the Central Committee and first chair", 978, x0=LEFT - 20),
        Row("of the commission.", 1036, x0=hang, full=False),
        Row("2. The second note, which runs over three lines of the", 1094),
        Row("text and was set on a page that the scanner skewed", 1152, x0=hang - 15),
        Row("a little.", 1210, x0=hang, full=False),
    ]
    out = clean_volume([page(1, rows)])
    got = footnote_blocks(out)
    assert [b.marker for b in got] == ["1", "2"]
    assert "first chair of the commission" in " ".join(got[0].text.split())
    assert got[1].text.endswith("a little.")


def test_closing_lines_at_the_foot_of_a_page_without_notes_are_not_a_note_zone() -> None:
    # a letter's closing, set in short lines closer than the text, at the foot of a page in a
    # volume with no footnote before it: 'In' is no misread '1'
    closing = ["In view of the situation which has been", "created, I consider it not only", "my right."]
    rows = body(["¶" + FILL[0], FILL[1], FILL[2], FILL[3] + "."])
    rows += [Row(t, 700 + 50 * k, x0=LEFT + 400, full=False) for k, t in enumerate(closing)]
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    assert not footnote_blocks(out)
    assert "In view of the situation" in render_text(out).clean


def test_a_note_pushed_over_the_page_break_is_called_where_its_term_is_mentioned() -> None:
    # the call after 'Kamenev,' (mid-page, OCR lost it) belongs to the note set on the next page;
    # the quote closing a title there is no call of it
    p1 = page(
        1,
        body(
            [
                "¶the river ran past the old mill where the workers met every",
                "morning with Zinoviev and Kamenev, before the long shift began",
            ]
            + FILL * 3
        ),
    )
    rows = body(["¶they read the “Two Letters)” aloud and the river ran on past the", "mill to the sea."])
    rows += _foot(["* Kameney, L. (1883–1936) – Old Bolshevik, member of the CC."])
    out = clean_volume([p1, page(2, rows)])
    (note,) = footnote_blocks(out)
    assert note.marker == "*" and note_calls(out)[note.id] == "Kamenev,"


def test_notes_numbered_per_chapter_restart_at_one_read_as_a_letter() -> None:
    # the second chapter numbers its notes from 1 again, and OCR read that '1' as 'L'
    p1 = page(
        1,
        body(
            [
                "¶" + FILL[0].replace("mill", "mill1"),
                FILL[1],
                FILL[2].replace("wheel", "wheel2"),
                FILL[3] + ".",
            ]
        )
        + _foot(["1. The mill by the river, built long ago.", "2. The great wheel of the mill."]),
    )
    p2 = page(
        2,
        [Row("Chapter Two", 300, height=60, centred=True)]
        + body(
            ["¶" + FILL[0].replace("river", "river1"), FILL[1].replace("town", "town2"), FILL[2] + "."],
            top=480,
        )
        + _foot(["L The river that ran past the mill.", "2. The town where the workers lived."]),
    )
    out = clean_volume([p1, p2])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2", "1", "2"]
    assert [note_calls(out).get(b.id) for b in notes] == ["mill", "wheel", "river", "town"]


def test_two_calls_left_on_one_word_each_keep_their_note() -> None:
    # 'Dzerzhinsky[^1]'s[^2]' came out as one word with both calls in it: the word keeps the first
    # call, the second becomes a call of its own right after it, and the note after them still
    # takes its own call ('groupings‘'), not the possessive 'workers’' after it
    rows = body(
        [
            "¶one of the proposals of comrade Dzerzhinsky’'s* commission states",
            "that the illegal opposition groupings‘ have formed within the",
            "party and speak for the workers’ interests in every town.",
        ]
    )
    rows += _foot(
        [
            "1. The founder of the party of Poland and of the commission.",
            "2. This refers to the commission composed of five members.",
            "3. This refers to two groups formed within the party in 1921.",
        ]
    )
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2", "3"]
    called = note_calls(out)
    assert [called.get(b.id) for b in notes] == ["Dzerzhinsky's", "", "groupings"]
    body_text = render_text(out).clean.split("\nNotes\n")[0]
    assert "comrade Dzerzhinsky's[^1][^2] commission" in body_text


def test_two_calls_on_a_word_in_parentheses_one_inside_and_one_after_each_keep_their_note() -> None:
    # '(Gosizdat[^5])[^6],': the first call set inside the closing parenthesis, the second after
    # it, both read as a glyph ('(Gosizdat®)®,'). The word kept the second call and the first
    # stayed in its text as a '®': note 5 took the word and note 6 was left without a call
    rows = body(
        [
            "¶he reviews the history of his relations with the State House",
            "(Gosizdat®)®, which had published fifteen volumes of the works",
            "before the house ceased publication in the winter of the year.",
        ]
    )
    rows += _foot(
        [
            "1. Gosizdat – The State Publishing House of the republic.",
            "2. Gosizdat – The State Publishing House of the republic.",
        ]
    )
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2"]
    called = note_calls(out)
    assert [called.get(b.id) for b in notes] == ["(Gosizdat),", ""]
    text = render_text(out).clean
    assert "®" not in text


def test_a_glyph_call_inside_the_parenthesis_and_figures_after_it_are_two_calls() -> None:
    # '(Gosizdat[^1])[^2],' read '(Gosizdat*)2,': the call inside the parenthesis came out as an
    # asterisk, the one after it as its figure. The figure was not seen as a call before the
    # comma (a glyph stood between the letters and the parenthesis): one note went uncalled
    rows = body(
        [
            "¶he reviews the history of his relations with the State House",
            "(Gosizdat*)2, which had published fifteen volumes of the works",
            "before the house ceased publication in the winter of the year.",
        ]
    )
    rows += _foot(
        [
            "1. Gosizdat – The State Publishing House of the republic.",
            "2. Gosizdat – The State Publishing House of the republic.",
        ]
    )
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2"]
    called = note_calls(out)
    assert [called.get(b.id) for b in notes] == ["(Gosizdat),", ""]
    body_text = render_text(out).clean.split("\nNotes\n")[0]
    assert "House (Gosizdat),[^1][^2] which" in body_text


def test_a_call_read_with_a_quote_for_its_one_and_two_calls_after_one_word() -> None:
    # note 15's raised '15' came out as "'5"; notes 16 and 17 are both called at 'Bolsheviks'
    # (before and after the comma), read as one token "Bolsheviks'°,'!"
    rows = body(
        [
            "¶the market was closing fast. Closing the scissors,'5 that is, the",
            "gap between the prices of goods and grain, was the first task of",
            "the Bolsheviks'°,'! we were obliged to fight and win the town",
            "for more than a day or two during the workers’ coldest winter.",
        ]
    )
    rows += _foot(
        [
            "15. The price scissors – the growing gap between the prices.",
            "16. Bolsheviks – Majority faction of the party after the split.",
            "17. Bolsheviks – Majority faction of the party after the split.",
        ]
    )
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["15", "16", "17"]
    called = note_calls(out)
    assert [called.get(b.id) for b in notes] == ["scissors,", "Bolsheviks,", ""]
    text = render_text(out).clean
    assert "Closing the scissors,[^1] that" in text and "the Bolsheviks,[^2][^3] we were" in text
    assert "workers’ coldest" in text
    # undoing the second call leaves the word's first call and no stray text
    second = next(d for d in out[0].decisions if d.kind == "footnote_link" and d.data.get("inserted"))
    p1 = undo(out[0], second)
    assert "the Bolsheviks,[^2] we were" in render_text([p1, out[1]]).clean


def test_an_enumeration_inside_a_note_does_not_open_the_next_one() -> None:
    # note 1 enumerates "1) … 2) … 3)"; its '2)' starts a line after a full one, in a zone whose
    # notes are numbered '1.': the text of note 1, and note 2 still opens the next page's zone
    rows = body(["¶" + FILL[0].replace("mill", "mill1"), FILL[1], FILL[2], FILL[3] + "."])
    rows += [
        Row(
            "1. The letter was written under conditions of 1) the sharpening economic crisis of",
            2000,
            height=28,
        ),
        Row(
            "2) the growing bureaucratization of the party apparatus; and 3) the activation of",
            2036,
            height=28,
        ),
        Row("the ruling troika against him.", 2072, height=28, full=False),
    ]
    p2 = body(["¶" + FILL[0].replace("river", "river2"), FILL[1], FILL[2] + "."])
    p2 += _foot(["2. The river that ran past the mill and the town."])
    out = clean_volume([page(1, rows), page(2, p2)])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2"]
    assert "2) the growing" in " ".join(ln.text for ln in notes[0].lines)
    assert [note_calls(out).get(b.id) for b in notes] == ["mill", "river"]


def test_a_note_pushed_over_the_break_takes_the_call_after_its_term_on_the_page_before() -> None:
    # the call of note 2 (on 'Kessington’', mid-page) was read as a quote; the note did not fit
    # and went to the next page, whose text never names the term
    p1 = body(
        [
            "¶the river ran past the old Hartwell’ where the men met every",
            "morning before the Kessington’ shift began and nobody in the",
            FILL[1],
            FILL[2],
            FILL[3],
            FILL[1],
            FILL[2],
            FILL[3],
            FILL[1],
            FILL[2] + ".",
        ]
    ) + _foot(["1. Hartwell – the mill by the river."], top=2300)
    p2 = body(["¶" + FILL[0], FILL[1], FILL[2] + "."]) + _foot(
        ["2. Kessington, J. – the foreman of the mill."]
    )
    out = clean_volume([page(1, p1), page(2, p2)])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2"]
    assert [note_calls(out).get(b.id) for b in notes] == ["Hartwell", "Kessington"]


def test_a_call_before_a_possessive_that_took_its_apostrophe() -> None:
    # 'Dzerzhinsky[^2]'s[^3]' read "Dzerzhinsky”s?": two calls; "Dzerzhinsky's?" is one call after
    # a real possessive
    two = call_candidates([line(Row("the proposals of comrade Dzerzhinsky”s? commission", 300))])
    assert [(c.text, c.marker) for c in two] == [("Dzerzhinsky’s", "”"), ("Dzerzhinsky”s", "?")]
    one = call_candidates([line(Row("the proposals of comrade Dzerzhinsky's? commission", 300))])
    assert [(c.text, c.marker) for c in one] == [("Dzerzhinsky's", "?")]


@pytest.mark.parametrize(
    ("read", "first"),
    [("Dzerzhinsky*s'", "*"), ("Kornilov'®s”", "'®")],
)
def test_a_call_before_a_possessive_read_with_its_apostrophe_as_a_glyph(read: str, first: str) -> None:
    # 'Dzerzhinsky[^2]'s[^3]' read "Dzerzhinsky*s'" (the call and the apostrophe read as one '*'),
    # 'Kornilov[^19]'s[^20]' read "Kornilov'®s”" (the apostrophe, then the call as '®') on
    # photographed pages: two calls, the first on the word before its possessive
    word = read.rstrip("'”")
    cands = call_candidates([line(Row(f"the proposals of comrade {read} commission", 300))])
    assert [(c.text, c.marker) for c in cands] == [
        (word[: word.index(first)] + "’s", first),
        (word, read[len(word) :]),
    ]


@pytest.mark.parametrize("glued", ["2.Kessington,", "2..Kessington,", "2.,Kessington,"])
def test_a_note_number_glued_to_its_first_word(glued: str) -> None:
    # OCR lost the space after '2.' (and read its stop twice, or a speck as a second stop):
    # "2.Kessington" still opens note 2, and its text keeps the word
    rows = body(
        [
            "¶the river ran past the old Hartwell’ where the men met every",
            "morning before the Kessington* shift began and nobody in the",
            FILL[2] + ".",
        ]
    )
    rows += _foot(["1. Hartwell – the mill by the river.", f"{glued} J. – the foreman of the mill."])
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2"]
    assert [note_calls(out).get(b.id) for b in notes] == ["Hartwell", "Kessington"]
    assert "[^2]: Kessington, J. – the foreman of the mill." in render_text(out).clean


def _ended_note_page() -> Page:
    """A page whose zone holds notes 12 and 13, note 13 ending on a short line: no note goes on."""
    rows = body(
        [
            "¶" + FILL[0].replace("mill", "mill12"),
            FILL[1],
            FILL[2].replace("wheel", "wheel13"),
            FILL[3] + ".",
        ]
    )
    rows += [
        Row("12. The mill by the river, built of the grey stone of the hill behind", 2000, height=28),
        Row("the village.", 2036, height=28, full=False),
        Row("13. The great wheel of the mill, which turned until the flood of the", 2080, height=28),
        Row("year the bridge was lost.", 2116, height=28, full=False),
    ]
    return page(1, rows)


def test_after_a_note_that_ended_the_next_zone_opens_a_note_with_its_number_misread() -> None:
    # note 13 ends on its page (its last line is short), so the next page's zone opens note 14,
    # whose '14.' OCR read as 'M4,' (no word, no continuation of note 13)
    p2 = body(["¶" + FILL[0].replace("river", "river14"), FILL[1].replace("town", "town15"), FILL[2] + "."])
    p2 += _foot(
        ["M4, The river that ran past the mill and the town.", "15. The town where the workers lived."]
    )
    out = clean_volume([_ended_note_page(), page(2, p2)])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["12", "13", "14", "15"]
    assert [note_calls(out).get(b.id) for b in notes] == ["mill", "wheel", "river", "town"]
    assert "[^3]: The river that ran past the mill and the town." in render_text(out).clean


def test_smaller_type_at_the_foot_after_a_note_that_ended_is_no_note() -> None:
    # a quotation set in smaller type at the foot of the page after one whose last note ended:
    # no note continues onto this page, and the quotation opens none, so it stays in the text
    p2 = body(["¶" + FILL[0], FILL[1], FILL[2] + "."])
    p2 += _foot(
        [
            "The considerations above, as well as the recent experience in the",
            "valley, argue against our presenting a candidate of our own; it is",
        ]
    )
    out = clean_volume([_ended_note_page(), page(2, p2)])
    assert [b.marker for b in footnote_blocks(out)] == ["12", "13"]
    assert "The considerations above" in render_text(out).clean.split("\nNotes\n")[0]


def test_an_endnote_whose_number_was_lost_is_found_where_the_numbers_skip() -> None:
    # OCR lost the '2.' of the second endnote: its paragraph would have run on as part of note 1,
    # and note 3 would have taken the call of note 2
    p1 = page(
        1,
        [Row("Chapter One", 300, height=60, centred=True)]
        + body(
            [
                "¶during the coldest winter that the valley1 had known in all",
                "the years of the mill’ and its wheel, until the great flood.3",
            ]
            + FILL * 3,
            top=480,
        ),
    )
    p2 = page(
        2,
        body(["¶the workers’ wheel had stood quite still for a day or two", "and the brothers’ mill."])
        + [Row("Notes", 520, centred=True)]
        + body(
            [
                "¶1. The valley of the river, which the mill was built in, and",
                "the town that grew up around it.",
                "¶Hartwell’s mill, the first one built of stone, stood by the",
                "bridge until the flood.",
                "¶3. The flood of that year.",
            ],
            top=640,
        ),
    )
    out = clean_volume([p1, p2])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2", "3"]
    assert [note_calls(out).get(b.id) for b in notes] == ["valley", "mill", "flood."]
    assert (
        "[^2]: Hartwell’s mill, the first one built of stone, stood by the bridge" in render_text(out).clean
    )


def test_a_call_read_without_the_leading_one_of_its_number_does_not_take_the_shorter_note() -> None:
    # notes 7, 8 and 18 all reach the page; the calls of 7 and 8 came out as quotes, and the call
    # of 18 lost its raised 1 ('8'). Read as note 8's own number it would push note 8 past the
    # calls of 7 and 8 and leave note 18 without one
    cands = [
        (0, Call(0, 2, "industry", "’", 1.5), False),
        (0, Call(1, 0, "Politburo.", "’", 1.6), False),
        (0, Call(5, 3, "", "8", 2.0, True), False),
    ]
    assert align_calls([(0, "7"), (0, "8"), (0, "18")], cands) == [0, 1, 2]
    # with no note 18 in reach, the '8' is note 8's
    assert align_calls([(0, "7"), (0, "8")], cands)[1] == 2


def test_a_head_line_taken_for_a_heading_does_not_end_the_notes_section() -> None:
    # the notes run over a page whose head line (a running head OCR could not match) was taken
    # for a heading: the notes after it, opening with the number the section expects, go on
    p1 = page(
        1,
        [Row("Chapter One", 300, height=60, centred=True)]
        + body(
            [
                "¶during the coldest winter that the valley1 had known in all",
                "the years of the mill2 and its wheel, until the great flood.3",
            ]
            + FILL * 3,
            top=480,
        ),
    )
    p2 = page(
        2,
        body(["¶the workers’ wheel had stood quite still for a day or two", "and the brothers’ mill."])
        + [Row("Notes", 520, centred=True)]
        + body(["¶1. The valley of the river.", "¶2. The mill of the brothers."], top=640),
    )
    p3 = page(
        3,
        [Row("LETTER OF OCTOBER 31, 1930", 245, height=60, centred=True)]
        + body(["¶3. The flood of that year, which took the bridge and the", "mill with it."], top=420),
    )
    out = clean_volume([p1, p2, p3])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2", "3"]
    assert [note_calls(out).get(b.id) for b in notes] == ["valley", "mill", "flood."]


def test_a_figure_read_for_a_symbol_opens_the_next_note_of_a_symbol_zone() -> None:
    # notes marked * † ‡ § ‖ ¶ on the page; OCR read the ¶ as '4' after the short last line of the
    # note before: the sixth note, not a line of the fifth
    rows = body(
        [
            "¶the river ran past the old mill* where the men met every day",
            "morning before the wheel† turned and nobody in the town‡ knew",
            "a time when the river§ had stood quite still in the winter‖ of",
            "the year the valley¶ flooded.",
        ]
    )
    rows += _foot(
        [
            "* The mill by the river.",
            "† The great wheel of the mill.",
            "‡ The town where the workers lived.",
            "§ The river that ran past the mill.",
            "‖ The coldest winter in the valley.",
            "4 The valley of the river, which the mill was built in.",
        ]
    )
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "†", "‡", "§", "‖", "¶"]
    assert note_calls(out).get(notes[-1].id) == "valley"


def test_a_quotation_set_in_at_the_foot_after_a_note_that_goes_on_is_no_note() -> None:
    # folio8 seed 1951 heavy-octavo-chapter-spreads: a page whose note runs to its last line (it
    # may go on), then on the next page a quotation in smaller type at the foot, set in from both
    # edges of the text: it was taken for the rest of the note and left the text. The rest of a
    # note runs on at the notes' full measure.
    rows = body(["¶" + FILL[0].replace("mill", "mill12"), FILL[1], FILL[2], FILL[3] + "."])
    rows += [
        Row("12. The mill by the river, built of the grey stone of the hill behind", 2000, height=28),
        Row("the village, and roofed with the slates brought up the river on the", 2036, height=28),
    ]
    p2 = body(["¶" + FILL[0], FILL[1], FILL[2] + "."])
    quote = [
        "I will end with that for now. I shake your hand, and the",
        "same for the whole colony, to whom I hope you will show",
        "this letter.",
    ]
    p2 += [Row(t, 2000 + 36 * i, x0=LEFT + 80, height=28, full=False) for i, t in enumerate(quote)]
    out = clean_volume([page(1, rows), page(2, p2)])
    assert [b.marker for b in footnote_blocks(out)] == ["12"]
    body_text = render_text(out).clean.split("\nNotes\n")[0]
    assert "I will end with that for now." in body_text
    # the same lines at the notes' full measure are the rest of note 12
    p3 = body(["¶" + FILL[0], FILL[1], FILL[2] + "."])
    p3 += [
        Row("barges in the spring when the water was high enough to carry them", 2000, height=28),
        Row("over the shoals.", 2036, height=28, full=False),
    ]
    out = clean_volume([page(1, rows), page(2, p3)])
    assert [b.marker for b in footnote_blocks(out)] == ["12", None]


def test_a_term_whose_dash_ocr_glued_to_it_names_the_lost_call() -> None:
    # a heavy scan read 'AUCP – All-Union …' as 'AUCP-- All-Union …': the note named no term, and
    # took the possessive 'workers’' for its call, lost after 'AUCP.'
    assert lemmas.note_head("AUCP-- All-Union Communist Party.") == ("aucp",)
    assert lemmas.note_head("Kessington, J.— the foreman of the mill.") == ("kessington",)
    # a hyphen glued to a word is no dash
    assert lemmas.note_head("Anglo- Russian trade") is None
    rows = body(
        [
            "¶the river ran past the old mill where the workers’ union met",
            "every morning before the shift, and the AUCP. During the long",
            *FILL[2:],
            FILL[0] + ".",
        ]
    )
    rows += _foot(["1. AUCP-- All-Union Communist Party."])
    out = clean_volume([page(1, rows)])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1"]
    assert note_calls(out).get(notes[0].id) == "AUCP."


def test_a_notes_title_off_the_centre_over_a_note_whose_figure_ocr_lost_opens_the_section() -> None:
    # seed 1461 light-a5-2col-endnotes: 'Notes' set in a column, read off its centre and close
    # to the lines around it (no heading by its setting), over '. Marx, K. …': the figures of the
    # numbers hung in the margin lost, their stops read alone. A notes title off the centre was
    # taken only over a line opening with a 1, so the section's notes stayed paragraphs of the
    # text and none of the chapter's calls was linked
    first = [
        "¶during the coldest winter that the valley1 had known in all",
        "the years of the mill and its wheel, until the great flood.2",
    ]
    p1 = page(1, [Row("Chapter One", 300, height=60, centred=True)] + body(first + FILL * 3, top=480))
    p2 = page(
        2,
        body(["¶the workers’ wheel had stood quite still for a day or two", "and the brothers’ mill.3"])
        + [Row("Notes", 400, x0=LEFT + 500, full=False)]
        + [
            Row(". The valley of the river, where the mill", 460, height=34),
            Row("stood for a hundred years.", 505, x0=LEFT + 40, height=34, full=False),
            Row(". The flood of that year, which took the", 550, height=34),
            Row("bridge and the road with it.", 595, x0=LEFT + 40, height=34, full=False),
            Row("3. The mill of the two brothers.", 640, height=34, full=False),
        ],
    )
    out = clean_volume([p1, p2])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2", "3"]
    assert [note_calls(out).get(b.id) for b in notes] == ["valley", "flood.", "mill."]
    # a line opening with a stop alone under a short line that names no notes section opens none
    p2 = page(
        2,
        body(["¶the workers’ wheel had stood quite still for a day or two", "and the brothers’ mill."])
        + [Row("Mill", 400, x0=LEFT + 500, full=False), Row(". The valley of the river.", 460, full=False)],
    )
    assert footnote_blocks(clean_volume([p1, p2])) == []


def test_a_note_set_two_pages_after_its_call_over_a_page_without_notes_keeps_its_call() -> None:
    # seed 1586 light a5 volume: "Lenin's⁶" near the foot of a page setting notes 4 and 5; the
    # next page set no note and held no call; note 6 was set on the page after it, with notes 7
    # to 9. Only the page right before a note's may send it calls beyond its own notes, so note 6
    # could not reach "Lenin's", took the next page's first call, and every link after shifted
    first = body(
        [
            "¶the river ran past the old mill° where the workers met every",
            "morning before the long shift began and nobody in the town",
            "could remember a time when the wheel had stood quite still",
            "during the coldest of the winters in the city® and the valley",
        ]
    )
    first += _foot(["1. The mill was rebuilt twice after floods in the last century."])
    second = body(["¶" + FILL[0], FILL[1], FILL[2], FILL[3] + "."])
    third = body(
        [
            "¶the owners came once a year to look at the books and to walk",
            "along the race with the foreman, who showed them the lintel°",
            "and the new gates and the sluice that was built for the flood.",
        ]
    )
    third += _foot(
        [
            "2. The records are kept in the county archive at the castle.",
            "3. The lintel was moved when the road was widened in 1931.",
        ]
    )
    out = clean_volume([page(1, first), page(2, second), page(3, third), page(4, body(["¶the end."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2", "3"]
    called = note_calls(out)
    assert [called.get(b.id) for b in notes] == ["mill", "city", "lintel"]


def test_figures_glued_after_a_stop_that_read_another_number_are_still_a_call() -> None:
    # seed 1566 light a5 two-column volume: 'rights.⁸' read 'rights.2'. A call read as another
    # note's number scored as little as a misread figure anywhere, too little to be linked: note
    # 8 took the next call ('Pyatakov,®') and note 9 went uncalled. Figures glued after a word's
    # stop are a call whatever figure OCR made of them
    rows = body(
        [
            "¶the river ran past the old mill° where the workers met every",
            "morning before the long shift began and nobody in the town",
            "could remember a time when the wheel had stood quite still for",
            "more than a day or two in the coldest winters of the city.5 The",
            "owners lived far away and came once a year to see the lintel°",
        ]
    )
    rows += _foot(
        [
            "1. The mill was rebuilt twice after floods in the last century.",
            "2. The records are kept in the county archive at the castle.",
            "3. The lintel was moved when the road was widened in 1931.",
        ]
    )
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2", "3"]
    called = note_calls(out)
    assert [called.get(b.id) for b in notes] == ["mill", "city.", "lintel"]
