"""Where a note starts when OCR misread its marker into a token prose never opens a line with ('{'
for ¶, 'J' for ¶, 'tt' for ††, '$-' for 5.): after a note's short last line that ends a sentence,
such a token opens the next note; inside a note's text, a line opening with a word does not.
Constructed pages."""

from __future__ import annotations

import dataclasses

from ingest.layout import clean_volume, notemarkers
from ingest.model import BlockKind, Line, Page
from tests.test_layout_helpers import MILL, Row, body, footnote_blocks, line, note_calls, page

FILL = MILL[:2]
LONG = "of the valley in the year of the great flood, when the water rose over the bridge"


def _next_page(index: int = 2) -> Page:
    return page(index, body(["¶" + FILL[0], FILL[1] + "."]))


def _notes(firsts: list[str], terms: list[str]) -> list[Row]:
    """Two lines a note: the first full, the second short and ending a sentence."""
    texts = []
    for first, term in zip(firsts, terms, strict=True):
        texts += [f"{first} {term.capitalize()} - the {term} {LONG}", "that the workers built."]
    rows = []
    for i, t in enumerate(texts):
        rows.append(Row(t, 1500 + 36 * i, height=28, full=i % 2 == 0))
    return rows


TERMS = ["mill", "wheel", "town", "bridge", "valley", "river", "flood", "spring"]


def _symbol_page(firsts: list[str]) -> Page:
    calls = ["*", "†", "‡", "§", "‖", "¶", "**", "††"]
    words = [f"{t}{c}" for t, c in zip(TERMS, calls, strict=True)]
    rows = body(
        [
            f"¶the river ran past the old {words[0]} where the men met every day",
            f"morning before the {words[1]} turned and nobody in the {words[2]} knew",
            f"a time when the {words[3]} had stood quite still in the {words[4]} and",
            f"the {words[5]} had flooded in the year of the {words[6]} and the water",
            f"rose over the bridge that the workers built in the {words[7]} that year.",
        ]
    )
    return page(1, rows + _notes(firsts, TERMS))


def test_symbol_notes_whose_marks_ocr_read_as_a_brace_a_letter_or_two_letters() -> None:
    # ¶ read as '{' and as 'J', †† as 'tt': each after a note's short last line ending a sentence
    firsts = ["*", "+", "t+", "§", "||", "{", "**", "tt"]
    out = clean_volume([_symbol_page(firsts), _next_page()])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["*", "†", "‡", "§", "‖", "¶", "**", "††"]
    assert all(b.text.endswith("that the workers built.") for b in notes)
    called = note_calls(out)
    assert [called.get(b.id) for b in notes] == TERMS

    firsts[5] = "J"
    notes = footnote_blocks(clean_volume([_symbol_page(firsts), _next_page()]))
    assert [b.marker for b in notes] == ["*", "†", "‡", "§", "‖", "¶", "**", "††"]


def test_a_line_of_a_symbol_note_that_opens_with_a_word_stays_in_its_note() -> None:
    # a note whose second sentence starts a new line after a short one: 'A' and 'In' are words
    rows = body(
        [
            "¶the river ran past the old mill* where the men met every day",
            "morning before the wheel† turned and nobody in the town knew",
            "a time when the river had stood quite still in the winter.",
        ]
    )
    notes_text = [
        f"* Mill - the mill {LONG}",
        "that the workers built.",
        "A second word on the mill, which stood by the river for a hundred years",
        "and more.",
        f"+ Wheel - the wheel {LONG}",
        "that the workers built.",
    ]
    rows += [Row(t, 1500 + 36 * i, height=28, full=i % 2 == 0) for i, t in enumerate(notes_text)]
    notes = footnote_blocks(clean_volume([page(1, rows), _next_page()]))
    assert [b.marker for b in notes] == ["*", "†"]
    assert "A second word on the mill" in notes[0].text


def test_a_numbered_note_whose_number_ocr_read_as_marks() -> None:
    # '5.' read as '$-' after note 4's short last line ending a sentence
    rows = body(
        [
            "¶the river ran past the old mill4 where the men met every day",
            "morning before the wheel5 turned and nobody in the town knew",
            "a time when the river had stood quite still in the winter.",
        ],
        top=245,
    )
    notes_text = [
        f"4. Mill - the mill {LONG}",
        "that the workers built.",
        f"$- Wheel - the wheel {LONG}",
        "that the workers built.",
    ]
    rows += [Row(t, 1500 + 36 * i, height=28, full=i % 2 == 0) for i, t in enumerate(notes_text)]
    first = page(
        1,
        body(["¶" + FILL[0], "the end of it all1 and of the days2 and nights3 too."])
        + [
            Row("1. All - the first note of the book.", 1500, height=28, full=False),
            Row("2. Days - the second note of the book.", 1536, height=28, full=False),
            Row("3. Nights - the third note of the book.", 1572, height=28, full=False),
        ],
    )
    out = clean_volume([first, page(2, rows), _next_page(3)])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2", "3", "4", "5"]
    assert notes[4].text.startswith("$- Wheel")
    assert note_calls(out)[notes[4].id] == "wheel"


def test_a_line_opening_with_the_pronoun_i_opens_no_note_1() -> None:
    # 'I' before a lower-case word is the pronoun, not note 1 read as 'I' ('I. Kamenev', 'I Kamenev')
    def at(text: str) -> Line:
        return line(Row(text, 1500, height=28, full=False))

    assert not notemarkers.starts_note(at("I will end with that for now. I firmly shake your hand"), 1)
    assert not notemarkers.opens_note(at("I will end with that for now. I firmly shake your hand"), 1)
    assert notemarkers.starts_note(at("I. Kamenev - one of the leaders of the valley."), 1)
    assert notemarkers.starts_note(at("I Kamenev - one of the leaders of the valley."), 1)
    notes = notemarkers.split_notes([at("I will end with that for now."), at("“ Mill - the mill.")], 1)
    assert [n.marker for n in notes][:1] == [None]


def test_symbol_notes_whose_first_mark_ocr_read_as_a_quote_below_a_paragraph_opening_with_i() -> None:
    # the page before ended its notes; this page's zone opens with its '*' read as a quote standing
    # apart, below a paragraph in smaller type that opens with the pronoun 'I'
    rows = body(
        [
            "¶the river ran past the old mill* where the men met every day",
            "morning before the wheel† turned and nobody in the town knew",
            "a time when the river had stood quite still in the winter and",
            "the valley had flooded in the year of the great flood and the water",
            "rose over the bridge that the workers built in the spring that year.",
        ]
    )
    top = rows[-1].y + 2 * 58
    rows += [
        Row("I will end with that for now. I firmly shake your hand and", top, full=True),
        Row("the same for the whole colony of the valley.", top + 58, full=False),
        Row("“ Mill - the mill by the river, built by the workers.", 1500, height=28, full=False),
        Row("+ Wheel - the wheel of the mill, which turned for a hundred years.", 1536, height=28),
    ]
    first = _symbol_page(["*", "+", "t+", "§", "||", "¶", "**", "††"])
    out = clean_volume([first, page(2, rows), _next_page(3)])
    notes = [b for b in out[1].blocks if b.kind is BlockKind.FOOTNOTE]
    assert [b.marker for b in notes] == ["*", "†"]
    assert notes[0].text.startswith("“ Mill")
    assert [note_calls(out).get(b.id) for b in notes] == ["mill", "wheel"]
    assert any(b.text.startswith("I will end") for b in out[1].blocks if b.kind is BlockKind.PARAGRAPH)


def test_a_first_zone_whose_first_number_ocr_read_as_a_quote_and_whose_third_repeats_the_second() -> None:
    # a spread's first page of notes (1935 heavy-a5-chapter-spreads): '1 AUCP' read '“AUC Pp', '3'
    # read '2'. No note continues onto the page, and the line under the first opens note 2: the
    # zone is the page's notes, its first line note 1; a number never comes twice, so the '2' under
    # note 2's short last line is note 3
    rows = body(
        [
            "¶the river ran past the old mill1 where the men met every day",
            "morning before the wheel2 turned and nobody in the town knew",
            "a time when the river3 had stood quite still in the winter.",
        ]
    )
    rows += [
        Row("“Mill Pp - the mill that the workers built.", 1500, height=28, full=False),
        Row("2 Wheel - the wheel that the workers built.", 1536, height=28, full=False),
        Row(f"2 River - the river {LONG}", 1572, height=28),
        Row("that the workers knew.", 1608, height=28, full=False),
    ]
    out = clean_volume([page(1, rows), _next_page()])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2", "3"]
    assert notes[1].text.endswith("wheel that the workers built.")
    assert notes[2].text.startswith("2 River") and notes[2].text.endswith("that the workers knew.")
    called = note_calls(out)
    assert [called.get(b.id) for b in notes] == ["mill", "wheel", "river"]
    body_text = " ".join(b.text for p in out for b in p.blocks if b.kind is BlockKind.PARAGRAPH)
    assert "workers built" not in body_text and "workers knew" not in body_text


def _misread_first_notes() -> list[Row]:
    """Notes 1 and 2, their numbers read '.' (the figure lost) and '‘i'."""
    return [
        Row(". Mill - the mill that the workers built.", 1500, height=28, full=False),
        Row("‘i Wheel - the wheel that the workers built in the flood year.", 1536, height=28, full=False),
    ]


def test_a_first_zone_whose_numbers_ocr_read_as_a_stop_alone_and_a_quote_beside_a_letter() -> None:
    # a chapter's first page of notes on a spread (seed 1949 heavy-a5-chapter-spreads): '1. AUCP'
    # read '. AUCP' (the figure lost), '2. Kuusinen' read '‘i Kuusinen'. No note continues onto the
    # page, the body above holds two calls, and the line under the first opens a note as a
    # misread number does: the zone is the page's notes 1 and 2, not two paragraphs of the body
    rows = body(
        [
            "¶the river ran past the old mill1 where the men met every day",
            "morning before the wheel2 turned and nobody in the town knew",
            "a time when the river had stood quite still in the winter.",
        ]
    )
    rows += _misread_first_notes()
    out = clean_volume([page(1, rows), _next_page()])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1", "2"]
    assert notes[0].text.endswith("mill that the workers built.")
    assert notes[1].text.startswith("‘i Wheel")
    called = note_calls(out)
    assert [called.get(b.id) for b in notes] == ["mill", "wheel"]
    body_text = " ".join(b.text for p in out for b in p.blocks if b.kind is BlockKind.PARAGRAPH)
    assert "workers built" not in body_text


def test_a_small_block_at_a_first_page_foot_without_calls_above_stays_in_the_body() -> None:
    # the same two lines under a body that calls no note: nothing says they are notes
    rows = body(
        [
            "¶the river ran past the old mill where the men met every day",
            "morning before the wheel turned and nobody in the town knew",
            "a time when the river had stood quite still in the winter.",
        ]
    )
    rows += _misread_first_notes()
    out = clean_volume([page(1, rows), _next_page()])
    assert footnote_blocks(out) == []
    body_text = " ".join(b.text for p in out for b in p.blocks if b.kind is BlockKind.PARAGRAPH)
    assert "workers built" in body_text


def test_a_small_block_whose_line_opens_with_a_dash_mid_sentence_stays_in_the_body() -> None:
    # a first page whose body calls notes, over a block in smaller type that holds no note: its
    # line opening with a dash ('— existing notes…', a dash misread numbers are read as) goes on
    # the sentence of the line above, so it opens no second note, and the block is no note zone
    rows = body(
        [
            "¶the river ran past the old mill1 where the men met every day",
            "morning before the wheel2 turned and nobody in the town knew",
            "a time when the river had stood quite still in the winter.",
        ]
    )
    rows += [
        Row("To record a sequence, simply press the key and play your", 1500, height=28),
        Row("keyboard in time to the click track of the machine, and", 1536, height=28),
        Row("— existing notes are not erased while recording.", 1572, height=28, full=False),
    ]
    first = page(1, rows)
    last = first.blocks[-1]
    dash = dataclasses.replace(last.lines[0].words[0], confidence=0.3)  # read unsure, as on the scan
    unsure = Line((dash, *last.lines[0].words[1:]), last.lines[0].bbox)
    blocks = (*first.blocks[:-1], dataclasses.replace(last, lines=(unsure,)))
    first = dataclasses.replace(first, blocks=blocks)
    assert notemarkers.opens_note(unsure, 2)
    out = clean_volume([first, _next_page()])
    assert footnote_blocks(out) == []
    body_text = " ".join(b.text for p in out for b in p.blocks if b.kind is BlockKind.PARAGRAPH)
    assert "existing notes are not erased" in body_text
