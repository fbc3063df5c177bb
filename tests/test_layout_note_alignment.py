"""Calls aligned with their notes when OCR lost a call's figure or a possessive looks like a call:
the links after it must not move. Constructed pages; every call below is read as OCR reads a raised
figure (a quote, a stray glyph), never as the figure itself."""

from __future__ import annotations

import dataclasses
import random

from ingest.layout import clean_volume
from ingest.layout.calls import (
    Call,
    _bands,
    align_calls,
    call_candidates,
    implied_numbers,
    repeated_possessives,
)
from ingest.layout.geometry import align_in_order
from ingest.model import BBox, Line, Word
from tests.test_layout_helpers import MILL, Row, body, footnote_blocks, line, note_calls, note_rows, page

FILL = MILL[:4]

CHAPTER = [
    "¶during the coldest winter that the valley° had known in all",
    "the years of the mill, the workers’ wheel stood still and the",
    "foreman sent his groupings’ of men from top to bottom.'+ The",
    "river rose again in the spring, and the workers’ houses were",
    "flooded for the first time in the upcoming months. '¢",
    "¶nobody in the town could remember the great flood.® It took",
    "the bridge and the road to the market with it.",
]
NOTES = [
    "¶1. The valley of the river.",
    "¶2. The men of one shift.",
    "¶3. The mill's own survey.",
    "¶4. The winter of that year.",
    "¶5. The flood of that year.",
]


def _section() -> list:
    p1 = page(1, [Row("Chapter One", 300, height=60, centred=True)] + body(CHAPTER, top=480))
    p2 = page(2, [Row("Notes", 300, centred=True)] + body(NOTES, top=420))
    return clean_volume([p1, p2])


def test_endnote_calls_misread_as_glyphs_keep_their_notes() -> None:
    # five calls, every one misread: a degree sign, a quote after a plural (the possessive's
    # shape), a quote and a cross after a stop ('+' for the raised figure), a quote and a cent sign
    # standing alone after a stop, and a registered sign. 'workers’' comes twice: a possessive.
    # Before: the cross and the lone cent sign were no calls and the first 'workers’' took note 2,
    # so notes 2 to 5 each took the call of the note before.
    out = _section()
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2", "3", "4", "5"]
    called = note_calls(out)
    assert [called.get(b.id) for b in notes] == ["valley", "groupings", "bottom.", "", "flood."]
    text = "\n".join(w.text for p in out for w in p.words)
    assert text.count("workers’") == 2  # the possessives keep their apostrophe


def test_a_possessive_the_text_sets_again_is_no_call() -> None:
    cands = call_candidates(
        [
            line(Row("the workers’ wheel and the groupings’ of men", 300)),
            line(Row("and the workers’ houses by the river", 360)),
        ]
    )
    assert [(c.text, c.marker) for c in cands] == [("workers", "’"), ("groupings", "’"), ("workers", "’")]
    assert repeated_possessives([c for c in cands]) == {0, 2}
    # one note, on the page of the three: the possessive's first use is the likelier in order, but
    # the word comes back, so the other takes the note
    assert align_calls([(0, "1")], [(0, c, False) for c in cands]) == [1]


def test_a_lone_glyph_after_a_stop_is_a_call_even_boxed_as_tall_as_the_line() -> None:
    ln = line(Row("in the upcoming months. '¢ And then", 300))
    assert [(c.text, c.marker) for c in call_candidates([ln])] == [("", "'¢")]
    # a quote alone is prose (a closing quote set apart), not a call
    assert call_candidates([line(Row("he said “so it was. ’ And then", 300))]) == []


def test_a_cross_after_a_stop_and_quote_is_a_call() -> None:
    calls = call_candidates([line(Row("from top to bottom.'+ The attention", 300))])
    assert [(c.text, c.marker) for c in calls] == [("bottom.", "'+")]
    assert isinstance(calls[0], Call)


def test_the_banded_alignment_gives_the_whole_tables_answer_ties_included() -> None:
    # scores drawn from a few values, so that many alignments tie: the band must pick the one the
    # whole table picks, not another of the same sum
    rng = random.Random(7)
    values = [0.5, 1.0, 1.05, 1.5, 2.0, 2.5, 10.0]
    for _ in range(3000):
        n, m = rng.randint(0, 10), rng.randint(0, 12)
        band = list(
            zip(
                sorted(rng.randint(0, m) for _ in range(n)),
                sorted(rng.randint(-1, m - 1) for _ in range(n)),
                strict=True,
            )
        )
        table = {
            (i, j): rng.choice(values) if band[i][0] <= j <= band[i][1] and rng.random() < 0.6 else None
            for i in range(n)
            for j in range(m)
        }

        def score(i: int, j: int, table: dict = table) -> float | None:
            return table[i, j]

        assert align_in_order(n, m, score, band) == align_in_order(n, m, score)


def test_calls_are_aligned_within_each_notes_pages() -> None:
    # a note a page, two candidates a page: each note reaches its page and the page before
    call = Call(0, 0, "word", "’", 1.5)
    cands = [(p, call, True) for p in range(4) for _ in range(2)]
    notes = [(p, str(p + 1)) for p in range(4)]
    assert _bands(notes, cands, 1) == [(0, 1), (0, 3), (2, 5), (4, 7)]
    assert _bands(list(reversed(notes)), cands, 1) is None  # not in page order: every pair scored


def _symbol_pages() -> list:
    # page 1: one symbol note whose last line is full and ends its sentence; page 2: two calls
    # read as glyphs, and a zone whose first mark OCR read into a word ('aula ~' for '* Kulak –')
    p1 = page(
        1,
        body(
            [
                "¶the river ran past the old mill where the Mensheviks* met",
                "every morning before the long shift began and nobody in the",
                "town could remember a time when the wheel had stood quite",
                "still for more than a day or two in the coldest of winters.",
            ]
        )
        + note_rows(
            [
                "* Mensheviks – Minority faction of the party after the split with the",
                "Bolsheviks; they were moderate socialists who met in the mill in October.",
            ],
            full=2,
        ),
    )
    p2 = page(
        2,
        body(
            [
                "¶the wheel stood still and every Kulak.” in the valley sold his",
                "grain to the town, and Klim,' the foreman, wrote it all down",
                "in the book of the mill that nobody in the town had ever read",
                "before the flood of that year took the bridge and the road.",
            ]
        )
        + note_rows(
            [
                "aula ~ Wealthy peasant who owned and rented out land or hired others to work",
                "+ Klim – See the foreman.",
            ],
            full=1,
        ),
    )
    return clean_volume([p1, p2])


def test_a_symbol_note_whose_mark_is_lost_at_the_top_of_the_zone_opens_the_pages_first_note() -> None:
    # the note before ended its sentence and the page's calls want notes: the zone's first line
    # opens the page's first note (it used to continue the note of the page before, taking the
    # page's second note with it: three notes became one)
    out = _symbol_pages()
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "*", "†"]
    assert notes[1].text.startswith("aula ~ Wealthy") and "Klim – See" in notes[2].text
    called = note_calls(out)
    assert [called.get(b.id) for b in notes] == ["Mensheviks", "Kulak.", "Klim,"]


# A chapter whose calls OCR read as glyphs; a quotation opens on the first page and closes on the
# next, in the same paragraph ('difficult.”' closes it: no call), and a paragraph ends with a
# question ('leading to?': a question, no call, though it closes its paragraph, not the page).
QUOTED_P1 = [
    "¶as the author of the theses on industry’, I pointed out to the",
    "committee that the plan was not kept. Comrades Rykov and Pyatakov,''",
    "who run the industry of the state, sent a report in which they say",
    "that “several of the decisions taken compel us to say that the",
    "direction of the state industry, which is entrusted to us, is",
]
QUOTED_P2 = [
    "becoming exceedingly difficult.” It is true that the comrades",
    "refused to send their letter any further than the office.®",
    "¶Where will this work end, and what is it leading to?",
    "¶The river rose again in the spring of that year.° And the",
    "rest of the town went on as before.",
]
QUOTED_NOTES = [
    "¶1. Written for the congress.",
    "¶2. Both members of the council.",
    "¶3. Kept in an archive.",
    "¶4. A flood remembered for long.",
]


def test_a_quotation_closed_on_the_next_page_and_a_question_are_no_calls() -> None:
    # Before: the closing quote on the second page was taken for a call (the quotation it closes
    # opened on the page before) and 'to?' ending its paragraph scored as a misread call, so the
    # quote after 'industry' lost note 1 and every note after it took the next note's call.
    title = Row("Chapter One", 300, height=60, centred=True)
    p1 = page(1, [title] + body(QUOTED_P1, top=480, last_short=False))
    p2 = page(2, body(QUOTED_P2, top=245, indent_first=False))
    p3 = page(3, [Row("Notes", 300, centred=True)] + body(QUOTED_NOTES, top=420))
    out = clean_volume([p1, p2, p3])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2", "3", "4"]
    called = note_calls(out)
    assert [called.get(b.id) for b in notes] == ["industry,", "Pyatakov,", "office.", "year."]
    text = "\n".join(w.text for p in out for w in p.words)
    assert "difficult.”" in text and "to?" in text  # the quote and the question stay as read


def test_a_call_whose_raised_zero_is_read_as_a_degree_sign_before_a_second_call() -> None:
    # two notes called at one word, the first call's 0 read as '°' ('Bolsheviks2°.?!' for 20, 21):
    # before, the word gave one call only and the second note went without
    cands = call_candidates([line(Row("of the Old Bolsheviks2°.?! It is absolutely obvious", 300))])
    assert [(c.text, c.marker) for c in cands] == [("Bolsheviks.", "2°"), ("Bolsheviks2°.", "?!")]


def test_two_calls_on_one_word_inside_a_double_quotation_the_second_read_as_a_single_quote() -> None:
    # seed 1574 heavy a5 volume: 'As Bolsheviks®,’ we were obliged…' for Bolsheviks⁶,⁷ inside a
    # quotation opened with a double quote. The '’' was taken to close that quotation, so neither
    # call was a candidate, and note 6 took a possessive further up. The volume quotes with double
    # quotes: a single one closes only a quotation a single one opened
    rows = body(
        [
            "¶the river ran past the old mill1 where the men met every day so",
            "that the foreman said: “When and by whom was such a ratio ever",
            "established? As Bolsheviks®,’ we were obliged to fight against the",
            "backsliding of the town, and of the “mill” too.” The workers",
            "met again the next morning before the long shift began.",
        ]
    )
    rows += note_rows(["1. The mill by the river.", "2. Bolsheviks - The majority.", "3. Bolsheviks."])
    out = clean_volume([page(1, rows), page(2, body(["¶" + FILL[0], FILL[1] + "."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2", "3"]
    # the second call on the word is a word of its own, empty, right after the first
    assert [note_calls(out).get(b.id) for b in notes] == ["mill", "Bolsheviks,", ""]
    words = [w for p in out for w in p.words]
    first = next(i for i, w in enumerate(words) if w.note_id == notes[1].id)
    assert words[first + 1].note_id == notes[2].id


def test_a_mark_before_the_rest_of_a_broken_word_opens_no_quotation() -> None:
    # 'reinforce-' / '‘ment': a speck read with the rest of the broken word. Before, it opened a
    # quotation that the call after 'Pyatakov,' (read as a quote) then closed: no call there.
    lines = [
        line(Row("the strengthening and the reinforce-", 300)),
        line(Row("‘ment of the plan. Comrades Rykov and Pyatakov,’ who are", 358)),
    ]
    assert [(c.text, c.marker) for c in call_candidates(lines)] == [("Pyatakov,", "’")]
    # a quotation opened at a line's start after a whole word stays open: its close is no call
    lines[0] = line(Row("the strengthening and the reinforcement", 300))
    assert call_candidates(lines) == []


def test_a_figure_misread_as_the_note_before_takes_its_place_in_the_sequence() -> None:
    # four notes; notes 1 and 2 are called by misread glyphs, note 3 by a raised 3 read as '2',
    # note 4 by its own figure: the count of calls from the start to the 4 says the '2' is note 3's
    lines = [
        line(Row("the revolution! and then Lenin's? work with En-", 300)),
        line(Row("gels.2 and Lassalle,4 who wrote more", 360)),
    ]
    cands = call_candidates(lines)
    assert [(c.text, c.marker) for c in cands] == [
        ("revolution", "!"),
        ("Lenin's", "?"),
        ("gels.", "2"),
        ("Lassalle,", "4"),
    ]
    notes = [(0, "1"), (0, "2"), (0, "3"), (0, "4")]
    pairs = [(0, c, False) for c in cands]
    assert implied_numbers(notes, pairs) == {2: "3"}
    assert align_calls(notes, pairs) == [0, 1, 2, 3]
    # one more likely call before the 4 (a lost call, or a speck taken for one): the count does
    # not hold, and the figures read decide as before
    extra = pairs[:2] + [(0, dataclasses.replace(cands[1], word=9), False)] + pairs[2:]
    assert implied_numbers(notes, extra) == {}
    # symbol notes name no number: nothing is implied on their pages
    assert implied_numbers([(0, "*"), (0, "†"), (0, "‡"), (0, "§")], pairs) == {}


def test_a_calls_last_figure_one_read_as_an_exclamation_mark_is_still_its_number() -> None:
    # two notes called at one word ("Bolsheviks²⁰.²¹"), read "Bolsheviks?°.2!": the raised 20 as
    # '?°', the raised 21 as '2!' (its 1 as '!'); both calls are found, each note keeps its own
    ln = line(Row("the direction of the Old Bolsheviks?°.2! It is absolutely obvious", 300))
    cands = call_candidates([ln])
    assert [(c.text, c.marker, c.exact) for c in cands] == [
        ("Bolsheviks.", "?°", False),
        ("Bolsheviks?°.", "21", True),
    ]
    assert align_calls([(0, "20"), (0, "21")], [(0, c, False) for c in cands]) == [0, 1]
    # figures before an exclamation mark that follow no word are no call ("in 1812!")
    assert call_candidates([line(Row("the year of the fire in 1812! And then", 300))]) == []


SCISSORS = [
    "¶the commission for reducing expenses and lowering prices.'! This",
    "very fact is a sign of the times, and the reports on costs and",
    "trade expenses were carried unanimously.” The organizations that",
    "opposed it asked only one thing: what was the essence of this abuse?",
    "Of course nobody answered, and the effect on the peasant market",
    "was what everyone expected. Closing the scissors,}> that is, the",
    'gap between prices, fell to the managers from top to bottom."! The',
    "work went on all through the winter of that year.",
]
SCISSORS_NOTES = [
    "¶1. The commission of the spring.",
    "¶2. The plenum of that year.",
    "¶3. The gap between the prices of goods.",
    "¶4. The officials of the trusts.",
]


def test_a_raised_one_read_as_a_brace_is_a_call() -> None:
    # four endnotes called by raised figures OCR read as glyphs: "'!" (11), '”' (12), '}>' (13:
    # the raised 1 read as a closing brace) and '"!' (14); the line before the third call ends
    # with a question whose next line opens with a capital (a weak candidate only). Before: the
    # brace was no call, so note 3 took the call of note 4 or the question, and note 4 went
    # without its own
    title = Row("Chapter One", 300, height=60, centred=True)
    p1 = page(1, [title] + body(SCISSORS, top=480))
    p2 = page(2, [Row("Notes", 300, centred=True)] + body(SCISSORS_NOTES, top=420))
    out = clean_volume([p1, p2])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2", "3", "4"]
    called = note_calls(out)
    assert [called.get(b.id) for b in notes] == ["prices.", "unanimously.", "scissors,", "bottom."]
    text = "\n".join(w.text for p in out for w in p.words)
    assert "abuse?" in text  # the question stays as read


def test_a_brace_that_closes_a_bracket_is_no_call() -> None:
    # a bracket or parenthesis the text opened, closed by a brace (OCR's reading of ']' or ')'), in
    # the word or before it
    for text in (
        "the Congress [in Britain} and then",
        "the Congress {Britain} and then",
        "as much as a pood (36 pounds} of grain",
    ):
        assert call_candidates([line(Row(text, 300))]) == []
    # figures after a brace: the brace is a raised 1 ('Adler,}3' for 13), unless it closes a bracket
    cands = call_candidates([line(Row("such leaders as Victor Adler,}3 and others", 300))])
    assert [(c.text, c.marker, c.exact) for c in cands] == [("Adler,}", "3", True)]
    assert align_calls([(0, "3"), (0, "13")], [(0, cands[0], False)]) == [None, 0]
    cands = call_candidates([line(Row("the Congress [in Britain}2 and then", 300))])
    assert [(c.text, c.marker) for c in cands] == [("Britain]", "2")]
    # a parenthesis opened and closed inside the bracket leaves the bracket open: seed 1577 clean
    # octavo camera, '[Rossiiskii … (RGASPI), fond 17, … typewritten copy}' took note 29 from its
    # call ('half”') two lines up
    lines = [
        line(Row("[Rossiiskii gosudarstvennyi arkhiv istorii", 300)),
        line(Row("(RGASPI), fond 17, delo 685; typewritten copy}", 360)),
    ]
    assert call_candidates(lines, ends=True) == []
    lines = [line(Row("[Rossiiskii (RGASPI), fond 17, delo 685; copy}2 and", 300))]
    assert [(c.text, c.marker) for c in call_candidates(lines)] == [("copy]", "2")]
    assert align_calls([(0, "2"), (0, "12")], [(0, cands[0], False)]) == [0, None]
    # a question mark at a line's end is a call when the sentence goes on in lower case
    lines = [line(Row("the theses on the policies of Lenin?", 300)), line(Row("were read to them", 360))]
    assert [(c.text, c.marker) for c in call_candidates(lines, ends=True)] == [("Lenin", "?")]


def test_a_figure_standing_on_the_baseline_among_descenders_is_not_raised() -> None:
    # 'posed of “independent” 15 people.' as OCR boxed it: three of the five words reach below the
    # baseline ('p' and 'p'), so the median foot is a descender's; the figures stand on the
    # baseline with 'of'. Before: the figures were taken for a raised call read exactly (15) and
    # took note 15 from its call further on.
    def w(text: str, x0: int, y0: int, x1: int, y1: int) -> Word:
        return Word(text, BBox(x0, y0, x1, y1), 0.97)

    words = [
        w("posed", 225, 1657, 328, 1698),
        w("of", 341, 1656, 378, 1688),
        w("“independent”", 388, 1655, 640, 1698),
        w("15", 657, 1660, 691, 1688),
        w("people.", 705, 1656, 830, 1698),
    ]
    ln = Line(tuple(words), BBox.enclosing([x.bbox for x in words]))
    assert call_candidates([ln]) == []
    # a line set askew (its feet lower to the right): the figure after 'that' stands on the
    # baseline of 'China.' and 'They'; against the one word without descenders beside it, whose
    # foot the skew lowered, it would look raised
    askew = [
        w("China.", 1204, 571, 1345, 611),
        w("They", 1377, 573, 1487, 623),
        w("say", 1510, 587, 1587, 624),
        w("that", 1613, 574, 1703, 628),
        w("4", 1722, 578, 1742, 615),
    ]
    assert call_candidates([Line(tuple(askew), BBox.enclosing([x.bbox for x in askew]))]) == []
    # the same figures raised above the baseline are a call
    raised = [*words[:3], w("15", 645, 1650, 667, 1672), *words[4:]]
    ln = Line(tuple(raised), BBox.enclosing([x.bbox for x in raised]))
    assert [(c.marker, c.exact) for c in call_candidates([ln])] == [("15", True)]


def test_two_calls_on_a_possessive_the_second_read_with_a_cent_sign() -> None:
    # seed 1949 heavy-a5-volume (TeX Gyre Schola): 'Bukharin¹⁵'s¹⁶' read "Bukharin!'s!¢": the cent
    # sign was no call glyph, so the word held no call read; the image read again gave note 16
    # its call and note 15 went without one. Both calls are on the word as read
    rows = body(
        [
            "¶the river ran past the old mill where the men met every day",
            "and the programmatic differences were great. Yet Bukharin!'s!¢",
            "draft is, at best, a caricature of what the workers wanted.",
        ]
    )
    rows += note_rows(
        [
            "1. Bukharin, N. (1888-1938) - Old Bolshevik; editor of Pravda.",
            "2. The draft program of the congress of the year.",
        ]
    )
    out = clean_volume([page(1, rows), page(2, body(["¶the end of it all."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2"]
    called = note_calls(out)
    assert [called.get(b.id) for b in notes] == ["Bukharin's", ""], called
    # glued to a figure a cent sign is a price, to a letter a 'ć' (seed 1948 heavy-a5-chapter-camera)
    assert call_candidates([line(Row("the bread cost 25¢ and the milk more", 300))]) == []
    assert call_candidates([line(Row("the party was created. Vujovi¢ had told me", 300))]) == []


def test_a_question_before_an_ellipsis_is_a_weak_candidate() -> None:
    # seed 1949 heavy-a5-volume (TeX Gyre Schola): '“Is it conceivable to speak of the
    # inevitability of defeat? ... What will they say?”' in the last lines of a page whose notes
    # 8 to 10 were called at the two calls of 'Bolsheviks⁸,⁹' and at 'Council,¹⁰'. The question
    # scored as a call read as a glyph (1.9), and the notes' links shifted by one from note 9 on
    for after in ("...", "…", ". . ."):
        ln = line(Row(f"“Is it conceivable to speak of defeat? {after} What will they", 300))
        found = call_candidates([ln, line(Row("say?” asked the foreman.", 358, full=False))])
        assert [(c.text, c.marker, c.strength) for c in found][0] == ("defeat?", "?", 1.05), after
    # before a word in lower case, the same glyph is a call read as a glyph
    found = call_candidates([line(Row("to speak of the inevitability of defeat? and of the", 300))])
    assert [(c.marker, c.strength >= 1.9) for c in found] == [("?", True)]


def test_a_quotation_opened_right_after_a_dash_closes_with_no_call() -> None:
    # seed 1949 heavy-octavo-chapter-camera (TeX Gyre Bonum): 'on a sharp question—"under the
    # fishbowl" (i.e., with the GPU reading...)': the quote after the dash opened no quotation, so
    # the one after 'fishbowl' closed none and was taken for a call; it took note 3, whose call
    # ('Centrosoyuz²,³', the second) stood at the foot of the page before
    lines = [
        line(Row('on a sharp question—"under the fishbowl" (i.e., with the GPU', 300)),
        line(Row("reading all the letters) the men went on.", 358, full=False)),
    ]
    assert call_candidates(lines, ends=True) == []
    # a quote closing no quotation is still a call read as a quote
    lines[0] = line(Row('on a sharp question under the fishbowl" (i.e., with the GPU', 300))
    assert [c.marker for c in call_candidates(lines, ends=True)] == ['"']


def test_two_notes_on_one_term_take_two_calls_where_ocr_read_one() -> None:
    # 'Alexinsky¹⁵.¹⁶', two notes explaining one term called at one word (the second after the
    # stop), read "Alexinsky.16": the raised 15 before the stop read as nothing. The word took note
    # 15 alone (its one call) and note 16 went without one; the notes' term puts both calls there
    rows = body(
        [
            "¶the river ran past the old mill where the men met every day",
            "and for a long time he strove to remain attached to... Alexinsky.2",
            "During the war the workers of the mill did not conduct themselves badly.",
        ]
    )
    rows += note_rows(
        [
            "1. Alexinsky, G. (b. 1879) - A Bolshevik in 1905, thereafter opposing the mill.",
            "2. Alexinsky, G. (b. 1879) - A Bolshevik in 1905, thereafter opposing the mill.",
        ]
    )
    out = clean_volume([page(1, rows), page(2, body(["¶the end of it all."]))])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2"]
    called = note_calls(out)
    assert [called.get(b.id) for b in notes] == ["Alexinsky.", ""], called
    # one note on the term, one call read on it: no second call
    rows = body(
        [
            "¶the river ran past the old mill where the men met every day",
            "and for a long time he strove to remain attached to... Alexinsky.1",
            "During the war the workers of the mill did not conduct themselves badly.",
        ]
    )
    rows += note_rows(["1. Alexinsky, G. (b. 1879) - A Bolshevik in 1905, thereafter opposing the mill."])
    out = clean_volume([page(1, rows), page(2, body(["¶the end of it all."]))])
    (note,) = footnote_blocks(out)
    assert note_calls(out) == {note.id: "Alexinsky."}
    assert len([w for p in out for w in p.words if w.marker]) == 1


def test_a_parenthesis_closing_none_after_a_calls_glyphs_is_the_calls_raised_one() -> None:
    # seed 1581 light octavo chapter: 'Bolsheviks²⁰.²¹' read 'Bolsheviks?°.?)': the ')' closing no
    # parenthesis was taken for one after the call '?', so the word held one call ending '.)', and
    # the call OCR left inside it ('?°' before the stop) was not seen: note 21 went unlinked
    cands = call_candidates([line(Row("set a course toward the Old Bolsheviks?°.?) It is obvious", 300))])
    found = [(c.word, c.text, c.marker) for c in cands]
    assert found == [(6, "Bolsheviks.", "?°"), (6, "Bolsheviks?°.", "?)")]
    # a parenthesis the text opened closes it, after the call as before it
    cands = call_candidates([line(Row("the press (in Gosizdat®) and then", 300))])
    assert [(c.text, c.marker) for c in cands] == [("Gosizdat)", "®")]
