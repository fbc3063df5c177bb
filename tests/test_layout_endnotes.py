"""Chapter endnote sections ("Notes" heading + numbered notes) are linked like footnotes: a
constructed two-chapter volume, each chapter ending in its own notes section numbered from 1, one
note running over a page break. Golden rendering in tests/layout_golden/endnotes.txt (regenerate
with QUIRE_UPDATE_GOLDEN=1 and review the diff)."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from ingest.export.text import render_text
from ingest.layout import calls as calls_mod
from ingest.layout import clean_volume, lostcalls
from ingest.layout.endnotes import is_notes_title
from ingest.layout.undo import undo
from ingest.model import BBox, Block, BlockKind, Line, Page, Word
from tests.test_layout_helpers import LEFT, MILL, PITCH, Row, body, footnote_blocks, page, with_words

GOLDEN = Path(__file__).parent / "layout_golden"
FILL = MILL[:4]


def volume() -> list[Page]:
    p1 = page(
        1,
        [Row("Chapter One", 300, height=60, centred=True)]
        + body(
            ["¶" + FILL[0], "morning before the long shift ^1 began and nobody in the", FILL[2], FILL[3]],
            top=480,
            last_short=False,
        ),
    )
    p2 = page(
        2,
        body(["that the valley had known in all the years of the mill2 and", "its wheel, until the end."])
        + [Row("Notes", 520, centred=True)]
        + body(
            [
                "¶1. The first note, on the shift.",
                "¶2. The second note, which tells more about the mill than",
                "the text could and goes on past the end of the page into",
            ],
            top=640,
            last_short=False,
        ),
    )
    p3 = page(
        3,
        body(["the next one, where it ends."], top=245)
        + [Row("Chapter Two", 500, height=60, centred=True)]
        + body(["¶" + FILL[1], "and the river1 ran on."], top=680)
        + [Row("Notes", 900, centred=True)]
        + body(["¶1. A note of the second chapter."], top=1020),
    )
    return [p1, p2, p3]


@pytest.fixture(scope="module")
def cleaned() -> list[Page]:
    return clean_volume(volume())


def test_notes_title_names() -> None:
    assert is_notes_title("NOTES") and is_notes_title("Notes.") and is_notes_title("Notes to Chapter 3")
    assert not is_notes_title("Notes from Underground") and not is_notes_title("Chapter One")


def test_endnote_sections_become_notes_linked_to_their_chapter(cleaned: list[Page]) -> None:
    notes = [b for p in cleaned for b in p.blocks if b.kind is BlockKind.FOOTNOTE]
    expected = [("1", False), ("2", False), (None, True), ("1", False)]
    assert [(b.marker, b.continues) for b in notes] == expected
    calls = {w.note_id: w.text for p in cleaned for w in p.words if w.marker}
    first, second, _, third = notes
    assert calls[first.id] == "" and calls[second.id] == "mill" and calls[third.id] == "river"
    titles = [b for p in cleaned for b in p.blocks if b.kind is BlockKind.OTHER]
    assert [b.text for b in titles] == ["Notes", "Notes"]


def test_undo_endnote_section_title(cleaned: list[Page]) -> None:
    p2 = cleaned[1]
    d = next(d for d in p2.decisions if d.kind == "notes_title")
    assert undo(p2, d).block(d.targets[0]).kind is BlockKind.HEADING


def test_golden_endnotes(cleaned: list[Page]) -> None:
    out = render_text(cleaned)
    path = GOLDEN / "endnotes.txt"
    if os.environ.get("QUIRE_UPDATE_GOLDEN") or not path.exists():
        path.write_text(out.clean, encoding="utf-8")
    assert out.clean == path.read_text(encoding="utf-8")


def test_cleaned_pages_fed_back_keep_their_endnote_links(cleaned: list[Page]) -> None:
    # a corrected page is cleaned again as its current (cleaned) revision beside raw neighbours: an
    # endnote's call is then read from the word's marker, and the link must keep what the first
    # cleanup read (the word with its call, whether the call was exact) as a footnote's link does
    links = [d.data for p in cleaned for d in p.decisions if d.kind == "footnote_link"]
    assert [(x["marker"], x["text_before"], x["exact"]) for x in links] == [
        ("1", "1", True),
        ("1", "1", True),
        ("2", "mill2", True),
        ("1", "river1", True),
    ]
    assert clean_volume(cleaned) == cleaned
    raw = volume()
    for k in range(len(raw)):
        again = clean_volume(raw[:k] + [cleaned[k]] + raw[k + 1 :])
        assert again == cleaned, f"page {k + 1} fed back"


def _calling_page(last: str) -> Page:
    """Chapter One's first page: calls 1 to 4 on the shift, the mill, the town and the wheel in
    its first three lines, then `last`."""
    return page(
        1,
        [Row("Chapter One", 300, height=60, centred=True)]
        + body(
            [
                "¶the river ran past the old shift1 where the workers met every",
                "morning before the long mill2 began and nobody in the town3",
                "could remember a time when the wheel4 had stood quite still",
                last,
            ],
            top=480,
        ),
    )


def test_an_endnote_that_lost_its_number_before_one_set_out_without_its_figure() -> None:
    # seed 1903, two-column camera endnotes: note 4 read with no number ('The XIIth Congress…',
    # a paragraph start inside the column), note 5 with its stop alone ('. This refers…'), then
    # '6.' read: note 5 took the 4, note 4 went on note 3, and note 5's number was lost. The next
    # number read leaves one number more than the paragraphs set out: the paragraph before opens
    # a note too.
    p1 = _calling_page("for more than a day or two during the coldest river5 winters.")
    p2 = page(
        2,
        [Row("Notes", 300, centred=True)]
        + body(
            [
                "¶1. The first note, on the shift, which the workers began when",
                "the mill opened.",
                "¶2. The second note, on the mill, that stood by the river until",
                "the great flood.",
                "¶The third note, on the town, where the workers lived through",
                "the long winters.",
                "¶. The fourth note, on the wheel, that turned in every season",
                "but the coldest.",
                "¶5. The fifth note, on the river, which ran past the old mill",
                "into the valley.",
            ],
            top=420,
        ),
    )
    out = clean_volume([p1, p2])
    notes = [b for p in out for b in p.blocks if b.kind is BlockKind.FOOTNOTE]
    assert [b.marker for b in notes] == ["1", "2", "3", "4", "5"]
    calls = {w.note_id: w.text for p in out for w in p.words if w.marker}
    assert [calls.get(b.id) for b in notes] == ["shift", "mill", "town", "wheel", "river"]
    assert [b.text.split(", on the ")[1].split(",")[0] for b in notes] == [
        "shift",
        "mill",
        "town",
        "wheel",
        "river",
    ]


@pytest.mark.parametrize("opening", [". ", "« ", ""])
def test_the_first_endnote_under_the_title_that_lost_its_figures_opens_note_one(opening: str) -> None:
    # heavy letter two-column endnotes: OCR read every note's number as its stop alone ('.
    # Beloborodov, A. …'). Each note after the first opened after a line ending a sentence; the
    # first, right under the section's title, has no line above it on the page, so it went on no
    # note (a paragraph 'first' carried over) and the notes after it took its number and the
    # next: every link shifted by one. A run under the title opens with a note, whatever OCR read
    # of its number (its stop, a speck, or nothing).
    p1 = _calling_page("for more than a day or two during the coldest of the winters.")
    p2 = page(
        2,
        [Row("Notes", 300, centred=True)]
        + body(
            [
                f"¶{opening}The first note, on the shift, which the workers began when",
                "the mill opened.",
                "¶. The second note, on the mill, that stood by the river until",
                "the great flood.",
                "¶. The third note, on the town, where the workers lived through",
                "the long winters.",
                "¶. The fourth note, on the wheel, that turned in every season",
                "but the coldest.",
            ],
            top=420,
        ),
    )
    out = clean_volume([p1, p2])
    notes = [b for p in out for b in p.blocks if b.kind is BlockKind.FOOTNOTE]
    assert [b.marker for b in notes] == ["1", "2", "3", "4"]
    _assert_terms_called(out, notes)


def test_a_weak_glyph_call_read_again_as_a_lost_number_anchors_its_note(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # heavy letter endnotes: OCR read every call as a quote glued to its word. The first,
    # 'groupings’' (a plural's quote, weak), lost to a later plural read less sure ('workers’'),
    # and every link shifted by one over the whole section. The page image read again with figures
    # only reads the first note's number at 'groupings’': no call read as a number says so, and the
    # word held a candidate already, so the reading was dropped. It now makes that candidate the
    # note's own number.
    p1 = page(
        1,
        [Row("Chapter One", 300, height=60, centred=True)]
        + body(
            [
                "¶the river ran past the old groupings’ where the workers met every",
                "morning before the long mill.‘ began and nobody in the town.’",
                "could remember a time when the wheel had stood still for workers’",
                "and the day was long.",
            ],
            top=480,
        ),
    )
    # the later plural read less sure: a stronger candidate than the first
    p1 = with_words(p1, lambda w: dataclasses.replace(w, confidence=0.4) if w.text == "workers’" else w)
    notes = [
        "¶1. The first note, on the groupings of the workers.",
        "¶2. The second note, on the mill by the river.",
        "¶3. The third note, on the town where they lived.",
    ]
    p2 = page(2, [Row("Notes", 300, centred=True)] + body(notes, top=420))

    def read_again(image, lines, covered, markers, found, **kw):  # type: ignore[no-untyped-def]
        # the figures-only reading of the raised ink at the end of 'groupings’': a 1
        return [
            calls_mod.Call(li, wi, w.text, "1", 2.0, True, reread=True)
            for li, ln in enumerate(lines)
            for wi, w in enumerate(ln.words)
            if w.text == "groupings’" and "1" in markers
        ]

    monkeypatch.setattr(lostcalls, "lost_calls", read_again)
    blank = np.full((2482, 1750), 255, dtype=np.uint8)
    out = clean_volume([p1, p2], images=lambda index: blank)
    linked = {w.note_id: w.text for p in out for w in p.words if w.marker}
    got = [linked.get(b.id) for p in out for b in p.blocks if b.kind is BlockKind.FOOTNOTE]
    assert got == ["groupings", "mill.", "town."]


def test_a_call_read_with_its_leading_figure_lost_does_not_bound_the_pages_read_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # heavy octavo endnotes: note 12's call read '2' alone, its 1 lost, on the second page of
    # the text. Read as note 2's, it said the calls of notes 3 and on stand on that page or after
    # it, and the first page was read again for note 1 alone: its calls read as quotes stayed
    # glyphs, and a call lost there shifted the links before the '2'. A number read may be the
    # end of a larger one (OCR loses leading figures, never adds them): it bounds only the numbers
    # above every note's number it may end
    texts = [f"the old mills’ where the workers of the {w} met every" for w in MILL[0].split()[:11]]
    p1 = page(1, [Row("Chapter One", 300, height=60, centred=True)] + body(texts, top=480))
    p2 = page(2, body(["¶and the river ran on past the mill ^2 where they met.", *MILL[1:3]], top=245))
    notes = [f"¶{n}. Note {n}, on the mills of the valley." for n in range(1, 13)]
    p3 = page(3, [Row("Notes", 300, centred=True)] + body(notes, top=420))
    asked: dict[int, set[str]] = {}

    def read_again(image, lines, covered, markers, found, **kw):  # type: ignore[no-untyped-def]
        asked.setdefault(len(lines), set()).update(markers)
        return []

    monkeypatch.setattr(lostcalls, "lost_calls", read_again)
    blank = np.full((2482, 1750), 255, dtype=np.uint8)
    clean_volume([p1, p2, p3], images=lambda index: blank)
    first = asked[max(asked)]  # the first page: the most lines
    assert {"1", "4", "11"} <= first


def test_endnotes_whose_figures_a_spreads_gutter_took_are_numbered_by_their_count() -> None:
    # seed 1935 light-a5-endnotes-spreads: a right-hand page's notes 1 to 3 hung their figures in
    # the margin by the gutter, and OCR read none of them; '4.' read on the next note. Between the
    # section's title and '4.' three paragraphs open (each after a note's short last line): the
    # notes of the three numbers skipped, in order. Before, the first paragraph went on no note
    # and the others joined it or the note before.
    p1 = _calling_page("for more than a day or two during the coldest of the winters.")
    texts = [
        "Shift - the first note, on the shift, which the workers began when",
        "the mill opened.",
        "Mill - the second note, on the mill, that stood by the river until",
        "the great flood.",
        "Town - the third note, on the town, where the workers lived through",
        "the long winters.",
        "4. Wheel - the fourth note, on the wheel, that turned in every season",
        "but the coldest.",
    ]
    rows = [Row(x, 420 + 58 * k, full=k % 2 == 0) for k, x in enumerate(texts)]
    p2 = page(2, [Row("Notes", 300, centred=True), *rows])
    out = clean_volume([p1, p2])
    notes = [b for p in out for b in p.blocks if b.kind is BlockKind.FOOTNOTE]
    assert [b.marker for b in notes] == ["1", "2", "3", "4"]
    _assert_terms_called(out, notes)


def _hung_notes_page(lines: list[tuple[str, int, bool]]) -> Page:
    """Page 2: a "Notes" title over notes whose numbers hang in the margin, one row a line; each
    line is its text, its offset in from the numbers and whether it runs to the edge."""
    rows = [Row(t, 420 + 58 * k, x0=200 + dx, full=full) for k, (t, dx, full) in enumerate(lines)]
    return page(2, [Row("Notes", 300, centred=True), *rows])


HANG = 60  # a hung note's text and its following lines: in from the numbers


def _clean_hung_notes(
    second: list[tuple[str, int, bool]],
    third: str = "3. The third note, on the town, where the workers lived through",
    change: Callable[[Page], Page] | None = None,
) -> tuple[list[Page], list[Block]]:
    """A calling page and a page of four notes hung in the margin, cleaned: note 2 goes on after
    its first line with the lines `second` (text, offset in, runs to the edge) and note 3's first
    line reads `third`; `change` alters the notes' page as OCR read it. The cleaned pages and their
    footnote blocks."""
    lines = [
        ("1. The first note, on the shift, which the workers began when", 0, True),
        ("the mill opened.", HANG, False),
        ("2. The second note, on the mill, that stood by the river until", 0, True),
        *second,
        (third, 0, True),
        ("the long winters.", HANG, False),
        ("4. The fourth note, on the wheel, that turned in every season", 0, True),
        ("but the coldest.", HANG, False),
    ]
    p2 = _hung_notes_page(lines)
    out = clean_volume(
        [
            _calling_page("for more than a day or two during the coldest of the winters."),
            (change or (lambda p: p))(p2),
        ]
    )
    return out, [b for p in out for b in p.blocks if b.kind is BlockKind.FOOTNOTE]


def _assert_terms_called(out: list[Page], notes: list[Block]) -> None:
    """The notes explain the shift, the mill, the town and the wheel, in that order, and each is
    linked to the call on its term in the body."""
    terms = ["shift", "mill", "town", "wheel"]
    assert [b.text.split(", on the ")[1].split(",")[0] for b in notes] == terms
    calls = {w.note_id: w.text for p in out for w in p.words if w.marker}
    assert [calls.get(b.id) for b in notes] == terms


@pytest.mark.parametrize(
    "above",
    [
        # the line before it goes on with its sentence: the speck opens no note (`note_starts`)
        "the great flood, as the old workers of the valley and",
        # the line before it ends a sentence: the speck opens a note, which gives way
        "the great flood, as the old workers of the valley said.",
    ],
)
def test_a_note_numbered_on_a_stop_gives_way_to_the_number_read_after_it(above: str) -> None:
    # seed 1946 heavy-a5-2col-endnotes (Liberation Serif, heavy scan): notes hung their numbers in
    # the margin, and a speck left of a note's third line read as a stop alone ('. I.V. Stalin and
    # others'), where the numbers' stops stand. That line opened note 26 and the next note, read
    # '26.', took 27: every note after it was numbered one on. The number read after it in its
    # place in the count wins: the line goes on the note before.
    out, notes = _clean_hung_notes(
        [(above, HANG, True), (". their children remembered it.", HANG - 2 * 21, False)]
    )
    assert [b.marker for b in notes if b.marker] == ["1", "2", "3", "4"]
    opened = [b for b in notes if b.marker]
    _assert_terms_called(out, opened)
    # the line goes on note 2: in its paragraph, or in a paragraph of its own continuing it
    second = notes.index(opened[1])
    assert "remembered" in " ".join(b.text for b in notes[second : notes.index(opened[2])])
    assert "remembered" not in opened[0].text + opened[2].text
    assert not any(w.text.startswith("3.") and w.text != "3." for p in out for w in p.words)


def test_a_speck_in_the_margin_before_a_notes_line_after_a_line_running_on_opens_no_note() -> None:
    # heavy letter endnotes set ragged, numbers hung in the margin: a speck read as a quote out
    # where the numbers hang ("' theses of its first four congresses…"), before the third line of
    # a note, the line above ending short (ragged) on 'the'. The line was taken for a note whose
    # number OCR lost: a note too many, every note after it numbered one on. A line above that
    # runs on with no sentence's end is no note's last line
    out, found = _clean_hung_notes(
        [
            ("the great flood of the year, when the", HANG, False),
            ("' waters rose over the wheel and the town, and the workers", HANG - 2 * 21, True),
            ("left the valley.", HANG, False),
        ]
    )
    notes = [b for b in found if b.marker]
    assert [b.marker for b in notes] == ["1", "2", "3", "4"]
    assert "waters rose" in notes[1].text
    _assert_terms_called(out, notes)


def test_a_note_whose_number_ocr_read_as_a_speck_opens_after_a_last_line_with_a_speck_past_its_end() -> None:
    # seed 1567 heavy a5 endnotes, numbers hung in the margin: note 5 read '$- Leninbund – Founded
    # …' out where the numbers hang, under note 4's last line 'Stalin's imperialist allies in World
    # War II. ;', a speck read far out past its end. The speck made the short last line look full,
    # so the line out in the margin went on note 4: a note lost, its call left to the note after.
    # A note's last line is short whatever specks OCR read past its end
    def speck_past_the_end(p2: Page) -> Page:  # the ';': 2 px, read at 0.0, at the measure's edge
        speck = next(w for w in p2.words if w.text == ";")
        box = BBox(speck.bbox.x1 - 2, speck.bbox.y1 - 2, speck.bbox.x1, speck.bbox.y1)
        return with_words(p2, lambda w: dataclasses.replace(w, bbox=box, confidence=0.0) if w is speck else w)

    out, found = _clean_hung_notes(
        [("the great flood of that year. ;", HANG, True)],
        third="$- The third note, on the town, where the workers lived through",
        change=speck_past_the_end,
    )
    notes = [b for b in found if b.marker]
    assert [b.marker for b in notes] == ["1", "2", "3", "4"]
    _assert_terms_called(out, notes)
    assert notes[2].text.startswith("3. The third note")


def test_a_note_whose_number_ocr_glued_to_its_first_word_opens_under_a_full_line() -> None:
    # heavy octavo endnotes, numbers hung in the margin: note 24 read '24..Valerian V.
    # Kuibyshev', its number glued to its first word, under note 23's last line running full to
    # the edge. The line was no number's, and no short line stood above it: it went on note 23,
    # and note 25 took note 24's call. A number glued to the first word opens the note as a
    # number alone does
    out, found = _clean_hung_notes(
        [("the great flood of that year, which the whole valley remembered.", HANG, True)],
        third="3..The third note, on the town, where the workers lived through",
    )
    notes = [b for b in found if b.marker]
    assert [b.marker for b in notes] == ["1", "2", "3", "4"]
    _assert_terms_called(out, notes)


def test_an_item_of_a_notes_own_list_that_skips_a_number_gives_way_to_the_number_read_after_it() -> None:
    # seed 1946 heavy-a5-2col-endnotes: note 1 counts its own points, '1) … 2) … 3) the
    # noticeable activation…', and '3)' opened a line after a paragraph break read in the note.
    # It was taken for note 3 (note 2 lost), and '2.' and '3.' read after it went on it: notes 2
    # and 3 were lost and note 1 cut in two. A number read after a skip, in its place in the
    # count, wins over the number that skipped it.
    p1 = _calling_page("for more than a day or two during the coldest of the winters.")
    p2 = page(
        2,
        [Row("Notes", 300, centred=True)]
        + body(
            [
                "¶1. The first note, on the shift, in three parts: 1) the dawn, 2)",
                "the long day at the mill, and",
                "¶3) the evening, when the workers went home.",
                "¶2. The second note, on the mill, that stood by the river until",
                "the great flood.",
                "¶3. The third note, on the town, where the workers lived through",
                "the long winters.",
                "¶4. The fourth note, on the wheel, that turned in every season",
                "but the coldest.",
            ],
            top=420,
        ),
    )
    out = clean_volume([p1, p2])
    notes = [b for p in out for b in p.blocks if b.kind is BlockKind.FOOTNOTE]
    opened = [b for b in notes if b.marker]
    assert [b.marker for b in opened] == ["1", "2", "3", "4"]
    _assert_terms_called(out, opened)


def test_the_next_item_of_a_notes_own_list_after_a_short_line_goes_on_with_the_note() -> None:
    # seed 1576 heavy octavo two-column endnotes: note 1 counts its points, '… conditions of 1)
    # the' / '…' / '2) the growing bureaucratization…', and a line the narrow column left short
    # stood above '2)'. The line opened note 2; the note '2. Dzerzhinsky' after it went without
    # its number, and every later note took the next one's
    p1 = _calling_page("for more than a day or two during the coldest of the winters.")
    rows = [Row("Notes", 300, centred=True)]
    texts = [
        ("1. The first note, on the shift, in two parts: 1) the", True),
        ("dawn at the mill;", False),
        ("2) the long day at the mill, which the workers", True),
        ("began when the mill opened.", False),
        ("2. The second note, on the mill, that stood by the river", True),
        ("until the great flood.", False),
        ("3. The third note, on the town, where the workers lived", True),
        ("through the long winters.", False),
        ("4. The fourth note, on the wheel, that turned in every", True),
        ("season but the coldest.", False),
    ]
    rows += [Row(t, 420 + PITCH * k, full=full) for k, (t, full) in enumerate(texts)]
    out = clean_volume([p1, page(2, rows)])
    notes = [b for b in footnote_blocks(out) if b.marker]
    assert [b.marker for b in notes] == ["1", "2", "3", "4"]
    assert "2) the long day" in notes[0].text
    _assert_terms_called(out, notes)


def test_the_note_on_a_term_with_two_calls_takes_the_first_and_a_lost_call_leaves_its_note_unlinked() -> None:
    # seed 1946 heavy-a5-2col-endnotes: note 1's call was lost ('CC and CCC'), then
    # 'Dzerzhinsky[^2]'s[^3]' was read with both calls ('Dzerzhinsky”s?'). The note on
    # Dzerzhinsky took the second call for its term, so note 1 took the first and every note up
    # to the next spurious candidate took the call before its own. The note on a term is called
    # right after the term: the call OCR left inside the word.
    p1 = page(
        1,
        [Row("Chapter One", 300, height=60, centred=True)]
        + body(
            [
                "¶To the members of the party CC and CCC the letter was sent when",
                "one of the proposals of comrade Dzerzhinsky”s? commission stated",
                "that the opposition groupings* had met in the town by the river",
                "for more than a day or two during the coldest of the winters.",
            ],
            top=480,
        ),
    )
    p2 = page(
        2,
        [Row("Notes", 300, centred=True)]
        + body(
            [
                "¶1. The letter was written in the crisis of the year, in the autumn.",
                "¶2. Dzerzhinsky, F. - A founder of the party of Poland and the head",
                "of the commission.",
                "¶3. This refers to the commission of the party on the crisis.",
                "¶4. This refers to the groups of the workers in the town.",
            ],
            top=420,
        ),
    )
    out = clean_volume([p1, p2])
    notes = [b for p in out for b in p.blocks if b.kind is BlockKind.FOOTNOTE]
    assert [b.marker for b in notes] == ["1", "2", "3", "4"]
    calls = {w.note_id: w.text for p in out for w in p.words if w.marker}
    assert [calls.get(b.id) for b in notes] == [None, "Dzerzhinsky’s", "", "groupings"]


def _called_chapter(lines: list[str], notes: list[str]) -> list[Page]:
    """A chapter's page of `lines` and a notes section of `notes` on the next page."""
    p1 = page(1, [Row("Chapter One", 300, height=60, centred=True)] + body(lines, top=480))
    p2 = page(2, [Row("Notes", 300, centred=True)] + body(notes, top=420))
    return [p1, p2]


def test_two_calls_on_a_possessive_the_first_read_into_its_apostrophe_each_take_their_note() -> None:
    # light A5 endnotes: 'Dzerzhinsky[^2]'s[^3]' read "Dzerzhinsky's?", the first call lost in the
    # possessive's apostrophe; notes 2 and 3 had one call between them, note 3 took the call of
    # note 4 ('groupings*') and note 4 was left without one. The apostrophe may hold a call: the
    # notes' count, five notes for four other calls, says it does
    out = clean_volume(
        _called_chapter(
            [
                "¶To the members of the party CC and CCC! the letter was sent when",
                "one of the proposals of comrade Dzerzhinsky's? commission stated",
                "that the opposition groupings* had met in the town by the river",
                "for more than a day or two when the congress was convened.5 The",
                "members of the party met in the coldest of the winters.",
            ],
            [
                "¶1. The letter was written in the crisis of the year, in the autumn.",
                "¶2. Dzerzhinsky, F. - A founder of the party of Poland and the head",
                "of the commission.",
                "¶3. This refers to the commission of the party on the crisis.",
                "¶4. This refers to the groups of the workers in the town.",
                "¶5. The congress met in the spring of the year in the town.",
            ],
        )
    )
    notes = [b for p in out for b in p.blocks if b.kind is BlockKind.FOOTNOTE]
    assert [b.marker for b in notes] == ["1", "2", "3", "4", "5"]
    calls = {w.note_id: w.text for p in out for w in p.words if w.marker}
    assert [calls.get(b.id) for b in notes] == ["CCC", "Dzerzhinsky's", "", "groupings", "convened."]


def test_a_possessive_with_one_call_after_it_takes_one_note() -> None:
    # as many calls as notes: the apostrophe of "Lenin's*" holds no call, the note on Lenin takes
    # the call after it and the next note its own
    out = clean_volume(
        _called_chapter(
            [
                "¶To the members of the party CC and CCC the letter was sent when",
                "the illness of comrade Lenin's* was known to all of the members",
                "and the opposition groupings? had met in the town by the river",
                "for more than a day or two during the coldest of the winters.",
            ],
            [
                "¶1. Lenin, V. I. - Founder of the party and head of the government.",
                "¶2. This refers to the groups of the workers in the town.",
            ],
        )
    )
    notes = [b for p in out for b in p.blocks if b.kind is BlockKind.FOOTNOTE]
    assert [b.marker for b in notes] == ["1", "2"]
    calls = {w.note_id: w.text for p in out for w in p.words if w.marker}
    assert [calls.get(b.id) for b in notes] == ["Lenin's", "groupings"]
    assert not any(w.marker and not w.text for p in out for w in p.words)


def test_a_call_on_a_short_line_set_apart_by_space_links_its_endnote() -> None:
    # heavy letter endnotes: the letter's salutation 'To Members of the CC and CCC¹' stood alone
    # between space (read as a heading set apart); its call was not looked for, and note 1 was
    # left without one
    p1 = page(
        1,
        [Row("Chapter One", 300, height=60, centred=True)]
        + body(["¶" + FILL[0], FILL[1], "could remember a time when the wheel stood still."], top=480)
        + [Row("To the Members of the Committee1", 480 + 3 * 58 + 60, full=False)]
        + body(["¶" + FILL[2], "for more than a day or two when the mill2 was", "shut."], top=854),
    )
    p2 = page(
        2,
        [Row("Notes", 300, centred=True)]
        + body(
            [
                "¶1. The committee of the mill, which met in the town in the autumn.",
                "¶2. The mill stood by the river until the great flood of the year.",
            ],
            top=420,
        ),
    )
    out = clean_volume([p1, p2])
    title = next(b for b in out[0].blocks if "Members" in b.text)
    assert title.kind is BlockKind.HEADING  # set apart by space: read as a heading
    notes = [b for p in out for b in p.blocks if b.kind is BlockKind.FOOTNOTE]
    assert [b.marker for b in notes] == ["1", "2"]
    calls = {w.note_id: w.text for p in out for w in p.words if w.marker}
    assert [calls.get(b.id) for b in notes] == ["Committee", "mill"]


def _stop_in_the_margin(p: Page, first_words: set[str], *, out: int = 30, size: int = 6) -> Page:
    """The page with a small stop read before each line opening with one of `first_words`, `out`
    px left of the line in the margin and on its baseline, as OCR reads a note number's stop when
    it loses the figures."""
    blocks = []
    for b in p.blocks:
        ln = b.lines[0]
        if ln.words[0].text in first_words:
            x1, y1 = ln.bbox.x0 - out, ln.words[0].bbox.y1
            stop = Word(".", BBox(x1 - size, y1 - size, x1, y1), 0.9)
            ln = Line((stop, *ln.words), BBox.enclosing([stop.bbox, ln.bbox]))
            b = dataclasses.replace(b, lines=(ln,), bbox=ln.bbox)
        blocks.append(b)
    return dataclasses.replace(p, blocks=tuple(blocks))


def test_endnotes_whose_numbers_left_only_their_stops_in_the_margin_each_open_a_note() -> None:
    # a clean octavo book, notes set flush and spaced apart: OCR lost every note's figures and
    # read each one's stop as a speck out in the margin ('. Kamenev, L. …'), which is split off the
    # line as a margin speck. Only the first note, under the title, opened; the others went into
    # it as its paragraphs. The stops left in the margin are the numbers' stops.
    p1 = _calling_page("for more than a day or two during the coldest of the winters.")
    texts = [
        ["The first note, on the shift, which the workers began when the", "mill opened in the spring"],
        ["The second note, on the mill, that stood by the river until", "the great flood"],
        ["The third note, on the town, where the workers lived through", "the long winters"],
        ["The fourth note, on the wheel, that turned in every season", "but the coldest"],
    ]
    rows = [Row("Notes", 300, centred=True)]
    y = 420
    for first, last in texts:
        for text, full in [(first, True), *((x, True) for x in FILL[:3]), (last + ".", False)]:
            rows.append(Row(text, y, LEFT, full=full))
            y += PITCH
        y += 20
    p2 = _stop_in_the_margin(page(2, rows), {"The"})
    out = clean_volume([p1, p2])
    found = [b for p in out for b in p.blocks if b.kind is BlockKind.FOOTNOTE]
    assert [b.marker for b in found] == ["1", "2", "3", "4"]
    _assert_terms_called(out, found)
