"""Paragraph breaks on books nobody tuned on, on constructed pages: a line opening on a spaced dash
read as '-', and a line beside a drop capital that OCR read a speck into, are no paragraph
indents; a stanza is cut at the volume's own stanza space; a notes section's hanging indents are
not the paragraph indent of a volume that spaces its paragraphs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ingest.export.text import render_text
from ingest.layout import clean_volume, paragraphs
from ingest.layout.geometry import PageFrame, VolumeMetrics
from ingest.layout.measures import ends_sentence
from ingest.model import BBox, BlockKind, Line, Page, Word
from tests.test_layout_dropcaps_skew import _cap_page
from tests.test_layout_helpers import (
    BODY_H,
    CHAR,
    LEFT,
    MILL,
    PITCH,
    RIGHT,
    Row,
    body,
    boxed_line,
    justified,
    line,
    page,
)
from tests.test_layout_paragraphs import FILL


def _paragraphs(pages: list[Page]) -> list[str]:
    return [b.strip() for b in render_text(clean_volume(pages)).clean.split("\n\n") if b.strip()]


def _patched(p: Page, text: str, fix: Callable[[list[Word]], list[Word]]) -> Page:
    """The page with the words of the line reading `text` changed by `fix` (its box refitted)."""
    blocks = []
    for b in p.blocks:
        lines = []
        for ln in b.lines:
            if ln.text == text:
                words = tuple(fix(list(ln.words)))
                ln = Line(words, BBox.enclosing([w.bbox for w in words]))
            lines.append(ln)
        blocks.append(replace(b, lines=tuple(lines), bbox=BBox.enclosing([ln.bbox for ln in lines])))
    return replace(p, blocks=tuple(blocks))


def test_a_line_opening_on_a_spaced_dash_read_as_a_hyphen_is_no_paragraph_indent() -> None:
    # light-a5-page-symbols: "…In any case this course / — the course of a reform…": OCR read the
    # dash as '-', which was skipped as a speck, so the line started at its first word, one dash
    # and a space in from the edge, and looked like a paragraph's indented first line
    dashed = "- the course of a reform through the pressure of"

    def thin(words: list[Word]) -> list[Word]:
        d = words[0].bbox  # a dash: as wide as a letter, a few pixels high at mid-height
        return [replace(words[0], bbox=BBox(d.x0, d.y0 + 18, d.x1, d.y0 + 21)), *words[1:]]

    rows = body(["¶" + FILL[0], FILL[1], FILL[2]])
    rows.append(Row(dashed, 245 + 3 * PITCH, full=False))
    rows += body([FILL[3], FILL[4] + "."], top=245 + 4 * PITCH, indent_first=False)
    rows += body(["¶" + FILL[0], FILL[1] + "."], top=245 + 6 * PITCH)
    paras = _paragraphs([_patched(page(1, rows), dashed, thin)])
    assert len(paras) == 2, paras
    assert "the coldest" in paras[0] and "- the course of a reform" in paras[0]


def test_a_speck_read_beside_a_drop_capital_does_not_set_its_line_in() -> None:
    # heavy-letter-endnotes: OCR read a speck ('~') into the second line beside a drop capital; the
    # line's start skipped it and landed on its first word, right of the capital, so the line
    # looked indented against the capital's edge it is measured from and started a paragraph
    p = _cap_page(1, "he " + FILL[0][4:], "T")
    y = 245 + PITCH + 36

    def speck(words: list[Word]) -> list[Word]:
        return [Word("~", BBox(LEFT + 45, y, LEFT + 49, y + 3), 0.0), *words]

    paras = _paragraphs([_patched(p, FILL[1], speck)])
    assert len(paras) == 2, paras
    assert paras[0].startswith("The river ran past the old mill")
    assert paras[0].endswith(FILL[4] + ".")


def test_a_stanza_is_cut_at_the_volume_s_own_stanza_space_not_at_a_wider_step_inside_it() -> None:
    # heavy-letter-endnotes: stanzas stand 1.5 pitches apart, and on a heavy scan one short verse
    # line stood 1.17 pitches under the one above it (the line boxes of short lines vary more);
    # the fixed stanza space of 1.15 pitches cut the stanza there
    inset = LEFT + 110
    stanzas = [
        [
            "the wheel turns in the water",
            "of the river and its daughter and its hill",
            "and the miller sings",
        ],
        [
            "the miller walks the water",
            "to the river and its daughter and the hill",
            "till the light is gone",
        ],
        [
            "the water turns the wheel",
            "the wheel turns the grey stone of the mill",
            "the stone grinds the corn",
        ],
        ["and the valley keeps its song", "for the children of the town who came after", "and wrote it down"],
        [
            "in the great book of the mill",
            "that the miller kept in a room above the race",
            "for the years to come",
        ],
    ]
    rows = body(["¶" + FILL[0], FILL[1], FILL[2] + "."])
    y = 245 + 2 * PITCH
    for s, stanza in enumerate(stanzas):
        for k, text in enumerate(stanza):
            y += round(1.5 * PITCH) if k == 0 else round(1.18 * PITCH) if (s, k) == (1, 2) else PITCH
            rows.append(Row(text, y, x0=inset, full=False))
    rows += body(["¶" + FILL[3], FILL[4] + "."], top=y + round(1.5 * PITCH))
    paras = _paragraphs([page(1, rows)])
    assert paras[1:6] == ["\n".join(stanza) for stanza in stanzas], paras
    assert len(paras) == 7


def test_a_notes_sections_hanging_indents_are_no_paragraph_indent_of_a_spaced_volume() -> None:
    # heavy-letter-endnotes, light-octavo-endnotes (paragraphs spaced, not indented): each note of
    # the chapter's Notes section runs over with its lines set in under its number, so a note's
    # last line, set in, followed by the next note's number, flush, looked like a paragraph's
    # indented first line above its second: the volume took that hang for its paragraph indent
    spaced: list[Line] = []
    top = 245
    for _ in range(4):  # paragraphs set apart by space, never indented
        spaced += [line(Row(FILL[0], top)), line(Row(FILL[1], top + PITCH))]
        spaced.append(line(Row(FILL[2] + ".", top + 2 * PITCH, full=False)))
        top += 3 * PITCH + 25
    notes = [line(Row("Notes", 245, centred=True))]
    for n in range(1, 8):
        y = 245 + (2 * n) * PITCH
        notes.append(line(Row(f"{n}. Name, A. (1880-1940) - a member of the committee who", y)))
        notes.append(line(Row("later left the party.", y + PITCH, x0=LEFT + 50, full=False)))
    frame = PageFrame(LEFT, RIGHT)
    metrics = VolumeMetrics(line_height=BODY_H, pitch=PITCH, type_height=BODY_H)
    assert len(paragraphs.indent_samples(notes, frame, metrics)) == 6  # the page's own reading
    assert paragraphs.volume_indent([(spaced, frame), (notes, frame)], metrics) is None


def test_a_date_line_stopping_short_over_a_capital_ends_its_paragraph_without_a_stop() -> None:
    # clean-a5-2col-chapter (1616): "December 1928" above the chapter's first paragraph, in a narrow
    # column (more than 0.4 of its width): no stop ends it, but the next line's first word, a
    # capital, would have fitted after it with room to spare
    date = "Written in Alma-Ata in the month of December 1928"
    rows = body(["¶" + FILL[0], FILL[1], FILL[2] + "."])
    rows.append(Row(date, 245 + 3 * PITCH, x0=LEFT + 57, full=False))
    rows += body(["The " + FILL[3], FILL[4] + "."], top=245 + 4 * PITCH, indent_first=False)
    paras = _paragraphs([page(1, rows)])
    assert date in paras, paras
    assert paras[-1].startswith("The " + FILL[3][:20]), paras


def test_a_date_line_and_a_salutation_at_the_indent_are_two_paragraphs() -> None:
    # light-letter-2col-endnotes (1717): "Alma-Ata, October 21, 1928" / "Dear Comrades:", both at the
    # paragraph indent: a run of two lines set in alike has no right edge of its own (the longer
    # line would fill the measure it sets), so the date line is no full line of a block quote
    date = "Alma-Ata, October 21, 1928"
    rows = body(["¶" + FILL[0], FILL[1], FILL[2] + "."])
    rows.append(Row(date, 245 + 3 * PITCH, x0=LEFT + 57, full=False))
    rows.append(Row("Dear Comrades:", 245 + 4 * PITCH, x0=LEFT + 57, full=False))
    rows += body(["I am writing " + FILL[3], FILL[4] + "."], top=245 + 5 * PITCH, indent_first=False)
    paras = _paragraphs([page(1, rows)])
    assert date in paras and "Dear Comrades:" in paras, paras
    assert len(paras) == 4, paras
    # the rules' own answer, before the learned second opinion
    metrics = VolumeMetrics(line_height=BODY_H, pitch=PITCH, type_height=BODY_H, indent=57.0)
    starts = paragraphs.paragraph_starts(
        [line(r) for r in rows], PageFrame(LEFT, RIGHT), metrics, learned=False
    )
    assert (4, "indent") in starts, starts


SPACED_OPENERS = [
    "Pyatakova had become head of the State Bank after his long",
    "Throughout the year the only figure publicly named as part",
    "Nevertheless the letters that reached the colony were few",
    "Meanwhile the workers of the mill went on with their lives",
]
SPACED_LAST = "made him an easy target for the campaign of the centre."


def _spaced_page(index: int) -> list[Row]:
    """A page of a volume that sets its paragraphs apart with space (one and a half pitches), flush
    left: each paragraph's last line stops short of the edge by less than the next one's first
    word (so only the space sets it off)."""
    rows, y = [], 245
    for opener in SPACED_OPENERS:
        for k, t in enumerate([opener, FILL[1], SPACED_LAST]):
            rows.append(Row(t, y, full=k < 2))
            y += PITCH
        y += PITCH // 2
    return rows


def test_a_speck_stretching_a_paragraphs_first_word_does_not_hide_the_space_above_it() -> None:
    # heavy-a5-chapter (spaced paragraphs): dust above 'Pyatakova' stretched that word's box up
    # by half a line, and with it the line's box: its top stood a pitch below the line above, the
    # space between the paragraphs was hidden and the two were read as one
    def dust(words: list[Word]) -> list[Word]:
        b = words[0].bbox
        return [replace(words[0], bbox=BBox(b.x0, b.y0 - 28, b.x1, b.y1)), *words[1:]]

    pages = [page(i, _spaced_page(i)) for i in (1, 2, 3)]
    pages[1] = _patched(pages[1], SPACED_OPENERS[2], dust)
    paras = _paragraphs(pages)
    assert len(paras) == 12, paras
    assert all(p.startswith(tuple(SPACED_OPENERS)) for p in paras), paras


def test_verse_ending_at_the_foot_does_not_run_into_the_prose_on_the_next_page() -> None:
    # the lines of a stanza set in at the foot of a page (of a volume that spaces its paragraphs,
    # flush left), the last one long enough that the next page's first word would not have fitted
    # after it: the prose at the edge on the next page ran into the stanza and kept its printed
    # lines as verse
    inset = LEFT + 110
    verse = [
        "the wheel turns in the water",
        "and the miller sings along",
        "of the river and the miller's daughter and all the valley's",
    ]
    p1 = _spaced_page(1)
    y = p1[-1].y + PITCH + PITCH // 2
    p1 += [Row(t, y + k * PITCH, x0=inset, full=False) for k, t in enumerate(verse)]
    paras = _paragraphs([page(1, p1), page(2, _spaced_page(2)), page(3, _spaced_page(3))])
    assert len(paras) == 13, paras
    assert paras[4] == "\n".join(verse)
    assert paras[5].startswith(SPACED_OPENERS[0]) and "\n" not in paras[5]


def test_specks_stretching_two_lines_apart_do_not_open_a_space_between_them() -> None:
    # heavy-a5-page-symbols (spaced paragraphs): dust above 'international' stretched the top of
    # a paragraph's line up by most of a line, and dust under 'movement' stretched the bottom of
    # the line below down as far: the lines' boxes stood a pitch and a half apart, top to top and
    # bottom to bottom, while their words stood a pitch apart; the space read between them cut
    # the paragraph in two
    def dust_above(words: list[Word]) -> list[Word]:
        b = words[4].bbox
        return [*words[:4], replace(words[4], bbox=BBox(b.x0, b.y0 - 34, b.x1, b.y1)), *words[5:]]

    def dust_below(words: list[Word]) -> list[Word]:
        b = words[1].bbox
        return [words[0], replace(words[1], bbox=BBox(b.x0, b.y0, b.x1, b.y1 + 34)), *words[2:]]

    pages = [page(i, _spaced_page(i)) for i in (1, 2, 3)]
    pages[1] = _patched(_patched(pages[1], SPACED_OPENERS[2], dust_above), FILL[1], dust_below)
    paras = _paragraphs(pages)
    assert len(paras) == 12, paras
    assert all(p.startswith(tuple(SPACED_OPENERS)) for p in paras), paras


def test_a_speck_taken_into_an_indented_first_word_does_not_set_the_line_flush() -> None:
    # heavy-a5-endnotes: OCR took a speck of dust left of the column's edge into the box of the
    # indented 'Can' opening a paragraph, and read the word with next to no confidence; the line
    # started at the speck, looked flush left, and its paragraph ran on from the one before, whose
    # last line reached the edge
    opener = "Can there be any objections in principle to such a slogan on our"
    rows = [Row(FILL[0], 245, x0=LEFT + 57), Row(FILL[1], 245 + PITCH), Row(FILL[2] + ".", 245 + 2 * PITCH)]
    rows += body(["¶" + opener, FILL[3], FILL[4] + "."], top=245 + 3 * PITCH)

    def speck(words: list[Word]) -> list[Word]:
        b = words[0].bbox
        return [replace(words[0], bbox=BBox(LEFT - 30, b.y0, b.x1, b.y1), confidence=0.02), *words[1:]]

    paras = _paragraphs([_patched(page(1, rows), opener, speck)])
    assert len(paras) == 2, paras
    assert paras[1].startswith("Can there be")


def test_a_short_line_under_a_curled_line_is_measured_from_the_curled_line_s_near_end() -> None:
    # heavy-letter-2col-camera (spaced paragraphs): a photographed page curled near the gutter, and
    # a paragraph's last full line rose along its length, half a line higher at its end than at its
    # start; the paragraph's last line, one word at the column's edge, stood a pitch under that
    # line's start but a pitch and a third under where most of its words stood, and that step,
    # past the volume's paragraph space, cut the word off as a paragraph of its own
    curled = "drought nothing can be done about it and the miller must have"

    def curl(words: list[Word]) -> list[Word]:
        n = len(words) - 1
        return [
            replace(w, bbox=BBox(w.bbox.x0, w.bbox.y0 - 36 * k // n, w.bbox.x1, w.bbox.y1 - 36 * k // n))
            for k, w in enumerate(words)
        ]

    pages = [page(i, _spaced_page(i)) for i in (1, 2, 3)]
    rows = _spaced_page(2)
    y = rows[5].y  # the second paragraph's last line
    rows[5] = Row(curled, y)
    rows.insert(6, Row("patience.", y + PITCH, full=False))
    for r in rows[7:]:
        r.y += PITCH
    pages[1] = _patched(page(2, rows), curled, curl)
    paras = _paragraphs(pages)
    assert len(paras) == 12, paras
    assert all(p.startswith(tuple(SPACED_OPENERS)) for p in paras), paras
    assert paras[5].endswith("must have patience."), paras[5]


def test_a_speck_stretching_a_block_quote_line_does_not_make_it_a_title() -> None:
    # heavy-a5-chapter: a two-line note set in from the left under a chapter's opening paragraph,
    # its words read a little taller than the body's; dust under 'Translated' stretched its first
    # line's box down by most of a line, the box looked a title's height, and the line, set in
    # and stopping short of the right edge, looked centred: it was taken for a heading, and the
    # note was cut in two
    quote = "By permission of the Harvard College Library. Translated from the Russian"
    rest = "for this volume by George Saunders."
    rows = body(["¶" + FILL[0], FILL[1], FILL[2] + "."])
    y = 245 + 3 * PITCH
    rows.append(Row(quote, y, x0=LEFT + 110, height=46, char=13, full=False))
    rows.append(Row(rest, y + 50, x0=LEFT + 110, height=46, char=13, full=False))
    rows += body(["¶" + FILL[3], FILL[4], FILL[0] + "."], top=y + 50 + 3 * PITCH // 2)

    def dust(words: list[Word]) -> list[Word]:
        b = words[7].bbox
        return [*words[:7], replace(words[7], bbox=BBox(b.x0, b.y0, b.x1, b.y1 + 30)), *words[8:]]

    out = clean_volume([_patched(page(1, rows), quote, dust)])
    assert not [b for b in out[0].blocks if b.kind is BlockKind.HEADING], out[0].blocks
    paras = _paragraphs([_patched(page(1, rows), quote, dust)])
    assert f"{quote} {rest}" in paras, paras


def test_dust_read_as_a_line_at_the_foot_neither_ends_nor_breaks_the_paragraph() -> None:
    # heavy-letter-2col-camera: OCR read a speck under a column's last line as a line of its own,
    # '.', set in like a paragraph's first line: it started a paragraph of its own, and the
    # paragraph going on at the head of the next column was judged against the speck (a short
    # line) instead of the text line above it
    rows1 = body(["¶" + FILL[0], FILL[1], FILL[2] + ".", "¶" + FILL[3], FILL[4]], last_short=False)
    rows1.append(Row(".", 245 + 5 * PITCH + 10, x0=LEFT + 60, full=False))
    rows2 = body([FILL[0], FILL[1] + ".", "¶" + FILL[2], FILL[3] + "."], indent_first=False)
    paras = _paragraphs([page(1, rows1), page(2, rows2)])
    assert len(paras) == 3, paras
    assert paras[1].startswith(FILL[3]) and paras[1].endswith(FILL[1] + "."), paras[1]


def test_a_stanza_line_opening_on_a_quote_left_of_the_stanza_is_no_title() -> None:
    # heavy-a5-2col-endnotes: a stanza's first line in a narrow column opened on a quote OCR read
    # from a speck left of its first word, a letter's width left of the stanza's edge; the line,
    # set in and short, looked centred with space above it, and not starting where the line under
    # it starts, it was taken for a title, with the rest of the stanza under it
    inset = LEFT + 420
    first = ["the wheel turns in the water", "and the miller sings along", "totally and completely"]
    second = [
        "‘confirmed. Revolutions",
        "in the new historical",
        "era will either combine",
        "they will roll back",
    ]
    rows = body(["¶" + FILL[0], FILL[1], FILL[2] + "."])
    y = 245 + 3 * PITCH + PITCH // 2
    rows += [Row(t, y + k * PITCH, x0=inset, full=False) for k, t in enumerate(first)]
    y += 3 * PITCH + PITCH // 2
    rows += [Row(t, y + k * PITCH, x0=inset, full=False) for k, t in enumerate(second)]
    rows += body(["¶" + FILL[3], FILL[4] + "."], top=y + 4 * PITCH + PITCH // 2)

    def hang(words: list[Word]) -> list[Word]:
        b = words[0].bbox
        return [replace(words[0], bbox=BBox(b.x0 - CHAR, b.y0, b.x1, b.y1)), *words[1:]]

    out = clean_volume([_patched(page(1, rows), second[0], hang)])
    assert not [b for b in out[0].blocks if b.kind is BlockKind.HEADING], out[0].blocks


def test_a_paragraphs_last_line_of_short_words_and_descenders_is_no_space_under_a_full_line() -> None:
    # heavy a5 two-column book (spaced paragraphs): a line of two words, x-height letters and
    # descenders but for one ascender ('peasantry dialectically.'), has its words' median top and
    # bottom lower on the line than a line of ascenders has: read by those medians, the step from
    # the line above stood a fifth of a pitch over the pitch, taken for the space that sets
    # paragraphs (or stanzas) apart
    last = "peasantry dialectically."

    def shaped(words: list[Word]) -> list[Word]:
        # a word with no ascender stands from the x-height, a descender reaches below the line
        return [
            replace(
                w,
                bbox=BBox(
                    w.bbox.x0,
                    w.bbox.y0 + (0 if set(w.text) & set("bdfhkl") else 14),
                    w.bbox.x1,
                    w.bbox.y1 + (12 if set(w.text) & set("gjpqy") else 0),
                ),
            )
            for w in words
        ]

    def page_rows(index: int) -> list[Row]:
        # as `_spaced_page`, the paragraphs 1.4 pitches apart
        rows, y = [], 245
        for opener in SPACED_OPENERS:
            for k, t in enumerate([opener, FILL[1], SPACED_LAST]):
                rows.append(Row(t, y, full=k < 2))
                y += PITCH
            y += round(0.4 * PITCH)
        if index == 2:
            rows[5] = replace(rows[5], text=last)
        return rows

    pages = [page(i, page_rows(i)) for i in (1, 2, 3)]
    pages[1] = _patched(pages[1], last, shaped)
    paras = _paragraphs(pages)
    assert len(paras) == 12, paras
    assert paras[5] == f"{SPACED_OPENERS[1]} {FILL[1]} {last}", paras
    # the rules' own answer, before the learned second opinion: the line goes on its paragraph
    lines = [ln for b in pages[1].blocks for ln in b.lines]
    assert lines[5].text == last
    metrics = VolumeMetrics(line_height=BODY_H, pitch=PITCH, type_height=BODY_H, para_gap=1.2, para_space=1.4)
    starts = dict(paragraphs.paragraph_starts(lines, PageFrame(LEFT, RIGHT), metrics, learned=False))
    assert sorted(starts) == [0, 3, 6, 9], starts


def test_dust_over_a_stanzas_first_line_does_not_set_it_apart_as_a_title() -> None:
    # heavy a5 two-column book: a stanza set in after a paragraph, its first line short enough to
    # look centred in the column; dust over 'essence' stretched that word's box up by half a line:
    # read from the line boxes' tops, the stanza's next line stood 1.35 pitches under it, so the
    # line, with space above it, stood apart from the line it aligns with, and was taken for a title
    stanza = ["In essence your letter", "is the temporary,", "brief platform of a new"]
    inset = LEFT + 420
    rows = body(["¶" + FILL[0], FILL[1], FILL[2] + "."])
    y = 245 + 3 * PITCH + PITCH // 2
    rows += [Row(t, y + k * PITCH, x0=inset, full=False) for k, t in enumerate(stanza)]
    rows += body(["¶" + FILL[3], FILL[4] + "."], top=y + 3 * PITCH + PITCH // 2)

    def dust(words: list[Word]) -> list[Word]:
        b = words[1].bbox
        return [words[0], replace(words[1], bbox=BBox(b.x0, b.y0 - 22, b.x1, b.y1 + 6)), *words[2:]]

    p = _patched(page(1, rows), stanza[0], dust)
    out = clean_volume([p])
    assert not [b for b in out[0].blocks if b.kind is BlockKind.HEADING], out[0].blocks
    paras = _paragraphs([p])
    assert "\n".join(stanza) in paras, paras


def test_a_note_set_in_at_the_indent_goes_on_after_an_abbreviation_in_an_open_parenthesis() -> None:
    # light-letter-2col (1530): an editor's note set in by the paragraph indent in closer type;
    # its first line ended 'in My Life (pp.' and the next went on '716-17), Trotsky identifies…':
    # the stop made the first line end a sentence, and the second, at the indent, opened a
    # paragraph of its own (the note's lines as OCR boxed them on that page)
    def at(text: str, y: int, x1: int) -> Line:
        return justified(text, y, 301, x1, 34)

    first = at("In the version of the excerpt that is in My Life (pp.", 1696, 1092)
    second = at("716-17), Trotsky identifies the letter filled with rotten", 1747, 1160)
    assert not ends_sentence(first)
    assert ends_sentence(at("that is in My Life (pp. 716-17).", 1696, 1092))
    assert ends_sentence(at("as the congress (1923) decided.", 1696, 1092))
    frame = PageFrame(237.0, 1199.0)
    metrics = VolumeMetrics(line_height=43.0, pitch=59.0, type_height=34.0, indent=64.0)
    assert paragraphs.in_inset_run(first, second, frame, metrics, 64.0, edge=1160.0)


def test_a_ragged_introduction_set_in_ends_a_paragraph_at_a_short_line() -> None:
    # seed 1567 heavy-octavo-page-symbols: a chapter's introduction set in from the left and
    # ragged right went on over '1929, pp. 486-90.' into 'From the Militant…': inside a run set in
    # alike, lines go on (a stanza's do) unless space sets them off. The line above it was broken
    # where the next word would not fit, as prose is; a stanza's lines end where the verse does.
    inset = LEFT + 100
    intro = [
        Row("An assessment of the leadership of the mill, written after the", 245, x0=inset),
        Row("great flood. The miller's preface to the later edition, called", 245 + PITCH, x0=inset),
        Row("The Wheel Turns, is in the second book of the parish,", 245 + 2 * PITCH, x0=inset),
        Row("1929, pp. 486-90.", 245 + 3 * PITCH, x0=inset, full=False),
        Row("From the records of the town, August 15, 1929, in a copy made", 245 + 4 * PITCH, x0=inset),
        Row("by the clerk of the parish.", 245 + 5 * PITCH, x0=inset, full=False),
    ]
    text = body(["¶" + MILL[0], *MILL[1:4], MILL[4] + "."], top=245 + 7 * PITCH)
    paras = _paragraphs([page(1, [*intro, *text]), page(2, body(["¶" + MILL[0], MILL[1] + "."]))])
    assert paras[0].endswith("1929, pp. 486-90."), paras
    assert paras[1].startswith("From the records") and paras[1].endswith("by the clerk of the parish."), paras


def test_a_line_at_the_volume_s_indent_is_at_the_paragraph_indent_where_the_page_measures_another() -> None:
    # seed 1572 heavy-octavo-2col-endnotes: 'January 1928' over 'Meeting in December 1927,', both
    # at the paragraph indent under a letter's title, in a narrow column of a skewed page (its
    # lines start 3 px further left at the top than at the foot). The page measured its indent
    # 59.5 px, the volume's is 57; the two lines stood 50.5 and 53.5 px in, just over a fifth of a
    # line height from the page's indent: taken for a run set in alike (a stanza), they ran into
    # one paragraph. At the volume's indent, they are two paragraphs (the lines as OCR boxed them)
    date = justified("January 1928", 657, 241, 545, 42)
    first = justified("Meeting in December 1927,", 715, 244, 834, 42)
    frame = PageFrame(190.5, 840.0)
    metrics = VolumeMetrics(line_height=43.0, pitch=59.0, type_height=33.0, indent=57.0, justified=True)
    assert not paragraphs.in_inset_run(date, first, frame, metrics, 59.5)
    # away from both indents, two lines set in alike are a run (a stanza, a block quote)
    assert paragraphs.in_inset_run(date, first, frame, replace(metrics, indent=70.0), 59.5)


def test_a_line_at_the_indent_whose_text_goes_on_at_the_edge_opens_a_paragraph_after_a_full_one() -> None:
    # seed 1585 light octavo chapter: 'Charges that we broke the promise given at the Fifteenth', a
    # paragraph of one line filling the measure without ending a sentence, over 'Congress are rude
    # and disloyal nonsense. We spoke hon-' at the same indent and 'estly and sincerely …' at the
    # column's edge. The two indented lines were taken for a run set in at the indent (a block quote
    # there goes on at the indent); the second's text going on at the edge makes it a body
    # paragraph's first line
    rows = body(
        [
            "¶the river ran past the old mill where the workers met every",
            "morning before the long shift began, and nobody in the town.",
            "¶could remember a time when the wheel had stood quite still for",
            "¶More than a day or two during the coldest of the winters that the",
            "valley had known in all the years of its history and the owners.",
        ]
    )
    rows[2] = replace(rows[2], full=True)
    pages = [page(1, rows), page(2, body(["¶" + MILL[0], MILL[1] + "."]))]
    text = render_text(clean_volume(pages)).clean
    assert "quite still for\n\nMore than a day" in text
    # a run set in at the indent whose last line goes on at the indent is still one block
    quote = rows[:2] + [
        replace(rows[2], full=True),
        replace(rows[3], text="more than a day or two during the coldest of the winters that"),
        replace(rows[4], x0=rows[3].x0, text="the valley had known in all its history."),
    ]
    assert "still for more than a day" in render_text(clean_volume([page(1, quote), pages[1]])).clean
    # nor does a line at the indent holding the rest of a word broken at the line above open one
    # (seed 1567 heavy letter chapter: three lines of a paragraph set in, 'rapproche-' / 'ment with')
    broken = rows[:2] + [
        replace(rows[2], full=True, text="could remember a time when the wheel had stood quite still, un-"),
        replace(rows[3], text="til more than a day or two during the coldest of the winters that the"),
        rows[4],
    ]
    assert "still, until more than a day" in render_text(clean_volume([page(1, broken), pages[1]])).clean


def test_a_stanza_line_ending_mid_sentence_goes_on_with_the_next_that_opens_with_a_capital() -> None:
    # seed 1587 heavy letter volume (paragraphs flush and spaced, no indent measured): a stanza
    # set in, 'is given by attributing this to the' over 'Turkish government.' at the body's pitch,
    # as the page read them. Two short lines, the second opening with a capital (a name) as a
    # list's lines do: the rules cut a paragraph there. A line ending on a word in small letters,
    # no mark after it, ends mid-sentence: the next line goes on its stanza
    prev = boxed_line(
        ("is", 273, 452, 301, 484),
        ("given", 312, 452, 410, 494),
        ("by", 423, 451, 466, 494),
        ("attributing", 477, 451, 683, 494),
        ("this", 693, 445, 763, 485),
        ("to", 774, 458, 810, 485),
        ("the", 821, 452, 880, 485),
    )
    ln = boxed_line(("Turkish", 272, 513, 417, 547), ("government.", 429, 520, 662, 557))
    frame = PageFrame(left=171.5, right=2201.0)
    metrics = VolumeMetrics(
        line_height=43,
        pitch=62,
        type_height=33,
        para_gap=1.25,
        para_space=1.5,
        stanza_lines=3,
        justified=False,
    )
    ctx = paragraphs.PairContext(step=63)
    assert paragraphs.rule_start(prev, ln, frame, metrics, ctx) is None
    # a list of names set in alike, each line ending on a capital, is a list of lines
    names = boxed_line(("Comrade", 273, 452, 430, 494), ("Zinoviev", 445, 452, 620, 494))
    assert paragraphs.rule_start(names, ln, frame, metrics, ctx) is not None
