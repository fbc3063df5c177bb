"""Places where a sentence goes on although a rule would cut it, on constructed pages: a line
ending on a name's initial ('…by John G.' / 'Wright.'), a note's number read as a letter under
a word broken at the foot ('…not in-' / 'u. AUCP – …'), a note numbered 11 read as '1,' and a
stanza going on over a page break mid-sentence where the next page's frame puts its line at the
paragraph indent."""

from __future__ import annotations

from ingest.export.text import render_text
from ingest.layout import clean_volume
from ingest.layout.measures import ends_sentence
from ingest.model import Page
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


def _paragraphs(pages: list[Page]) -> list[str]:
    return [b.strip() for b in render_text(clean_volume(pages)).clean.split("\n\n") if b.strip()]


def test_a_line_ending_on_a_names_initial_ends_no_sentence() -> None:
    assert not ends_sentence(line(Row("a translation made later by John G.", 300)))
    assert not ends_sentence(line(Row("the letter was signed (Leon D.", 300)))
    # an inverted name after a comma ends a reference; a stop after a small letter or a word ends
    # a sentence; so does a pronoun after a small letter
    assert ends_sentence(line(Row("Lyova - See Sedov, L.", 300)))
    assert ends_sentence(line(Row("the mill stood still.", 300)))
    assert ends_sentence(line(Row("nobody knew it but I.", 300)))


def test_a_comma_inside_a_closing_quote_ends_no_sentence() -> None:
    # seed 1568 heavy-a5-2col-volume: a stanza's line 'line to a centrist line,’' (a quote OCR read
    # off a speck) ended a sentence, and the stanza was cut before 'which, until very recently,'
    assert not ends_sentence(line(Row("line to a centrist line,’", 300)))
    assert not ends_sentence(line(Row("“as the miller said,”", 300)))
    assert not ends_sentence(line(Row("(the old mill at the weir;)", 300)))
    assert ends_sentence(line(Row("“the wheel stood still.”", 300)))
    assert ends_sentence(line(Row("the mill (by the weir)", 300)))


def test_a_set_in_block_whose_line_ends_on_an_initial_goes_on_with_the_name() -> None:
    # heavy-letter: an editor's note set in at the paragraph indent, closer than the body; its
    # full line ending 'by John G.' was read as a sentence's end and the next line 'Wright.', at
    # the same inset, as an indented paragraph of one word
    inset = LEFT + 57
    step = 52  # closer than the body's pitch
    top = 245 + 3 * PITCH + 40
    rows = body(["¶" + MILL[0], MILL[1], MILL[2] + "."])
    note = [
        ("From the Militant of 1929, in a translation that may have been made", inset + 50, True),
        ("by Max Eastman. This version is based on that one and on a later one by John G.", inset, True),
        ("Wright.", inset, False),
    ]
    rows += [Row(t, top + k * step, x0=x0, full=full) for k, (t, x0, full) in enumerate(note)]
    rows += body(["¶" + MILL[3], MILL[4] + "."], top=top + 3 * step + 40)
    paras = _paragraphs([page(1, rows)])
    assert any(p.endswith("by John G.\nWright.") or p.endswith("by John G. Wright.") for p in paras), paras
    assert "Wright." not in paras, paras


def test_a_notes_number_read_as_a_letter_under_a_broken_word_opens_the_note() -> None:
    # light-octavo: the body's last line broke 'in-' over the page; the note under it, '11.' read
    # as 'u.', was taken for the rest of that word, and the note stayed in the text between the
    # two halves ('not inu. AUCP – All-Union Communist Party.' / 'dulgent with…')
    rows = body(
        [
            "¶the river ran past the old mill where the workers of the AUCP ^1 met",
            MILL[1],
            MILL[2],
            "for more than a day and the facts testify that we were not in-",
        ]
    )
    rows += note_rows(["u. AUCP - All-Union Communist Party."], top=245 + 4 * PITCH + 40)
    p2 = body(
        ["dulgent with those who tried to stop the wheel in the winter of the", MILL[4] + "."],
        indent_first=False,
    )
    out = clean_volume([page(1, rows), page(2, p2)])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1"], [b.text for b in notes]
    assert "All-Union" in notes[0].text
    text = render_text(out).clean
    assert "not indulgent with" in text, text
    assert set(note_calls(out)) == {notes[0].id}  # the call in the text links to it


def test_note_eleven_read_as_one_and_a_comma_opens_its_own_note() -> None:
    # light-letter: notes 10 and 11 on one page, 11 read as '1,' after note 10's short last line;
    # note 11 was read as the rest of note 10 and the numbering shifted by one below it
    rows = body(
        [
            "¶the river ran past the old mill where the Council ^10 met every day",
            "morning before the long shift began and the Committee ^11 came to",
            MILL[2],
            MILL[3] + ".",
        ]
    )
    zone = [
        "10. General Council - Leadership body of the unions of the valley; called off",
        "the strike of May after nine days.",
        "1, Anglo-Russian Committee - Formed by the unions of the valley and those of",
        "the town; the town's members walked out in September.",
    ]
    rows += [Row(t, 1900 + 36 * i, height=28, full=i in (0, 2)) for i, t in enumerate(zone)]
    earlier = [
        page(i, body(["¶" + MILL[0] + f" ^{i}", MILL[1] + "."]) + note_rows([f"{i}. A note on the mill."]))
        for i in range(1, 10)
    ]
    out = clean_volume([*earlier, page(10, rows)])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes][-2:] == ["10", "11"], [(b.marker, b.text) for b in notes]
    assert notes[-1].text.startswith("1, Anglo-Russian") or notes[-1].text.startswith("Anglo-Russian")
    assert notes[-2].text.endswith("nine days.")


def test_a_stanza_going_on_at_the_paragraph_indent_over_the_break_is_not_a_new_paragraph() -> None:
    # clean-octavo photographed: a letter set as verse went on over the page mid-sentence ('…very
    # sharp' / 'conflicts. But now things'); the next page's frame, taken askew, put that line at
    # the paragraph indent, and it opened a paragraph of its own
    rows = body(["¶" + MILL[0], MILL[1] + "."])
    verse = [
        "as far as our regimen is concerned,",
        "an excess of zeal was seen which",
        "led to several very sharp",
    ]
    rows += [Row(t, 245 + (2 + k) * PITCH + 30, x0=LEFT + 80, full=False) for k, t in enumerate(verse)]
    p2 = [
        Row("conflicts. But now things", 245, x0=LEFT + 57, full=False),
        Row("have settled down and I cannot", 245 + PITCH, x0=LEFT + 57, full=False),
        Row("complain in this regard.", 245 + 2 * PITCH, x0=LEFT + 57, full=False),
    ]
    p2 += body(["¶" + MILL[4], MILL[5] + "."], top=245 + 3 * PITCH + 30)
    paras = _paragraphs([page(1, rows), page(2, p2)])
    assert any("led to several very sharp\nconflicts. But now things" in p for p in paras), paras


def test_a_sentence_running_on_across_a_curled_step_is_one_paragraph() -> None:
    # light-octavo photographed, two columns: a curled page set two lines of one sentence a step
    # and a half apart ('…half-amnesty which denies' / 'them all political life…'); the step read
    # as a paragraph's space. Only a blank line's space parts a sentence running on unmarked
    texts = ["¶" + MILL[0], MILL[1], "for more than a day or two in the winter which denies"]
    rows = body(texts, last_short=False)
    rows += body(
        ["them all a life of their own in the valley and the town", MILL[4] + "."], top=245 + 2 * PITCH + 87
    )
    rows += body(
        ["¶The miller kept his books in a small room above the race and", MILL[0] + "."],
        top=245 + 4 * PITCH + 87,
    )
    paras = _paragraphs([page(1, rows)])
    assert any("which denies them all" in p for p in paras), paras
    assert len(paras) == 2, paras
    # a blank line's space does part them
    rows = body(texts, last_short=False)
    rows += body(
        ["them all a life of their own in the valley and the town", MILL[4] + "."], top=245 + 4 * PITCH
    )
    assert len(_paragraphs([page(1, rows)])) == 2
