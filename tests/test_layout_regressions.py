"""Regression tests, each named after the bug it pins down (found on the benchmark books and the
sample book in round 2)."""

from __future__ import annotations

from dataclasses import replace

from ingest.export.text import render_text
from ingest.layout import clean_volume, dropcaps, footnotes, headings, notemarkers, order, segment, toc
from ingest.layout.calls import call_candidates
from ingest.layout.drafts import PageWork
from ingest.layout.geometry import (
    PageFrame,
    VolumeMetrics,
    floating_specks,
    page_frame,
    split_margin_specks,
)
from ingest.model import BBox, Block, BlockKind, Line, Page, Word
from tests.test_layout_helpers import LEFT, MILL, RIGHT, WIDTH, Row, body, line, note_rows, page

FILL = MILL[:5]
METRICS = VolumeMetrics(line_height=40, pitch=58, type_height=40)


def test_folio_right_under_footnotes_is_a_page_number_not_a_heading() -> None:
    # sample book: the folio sat closer to the notes above it than a body pitch
    pages = []
    for i in range(1, 4):
        notes = [Row(f"{i}. A note in smaller type that runs to the end of the", 2150, height=30)]
        rows = body(["¶" + FILL[0], FILL[1].replace("began", f"^{i} began"), FILL[2] + "."], top=245) + notes
        # 82 px below the note: less than 1.45 body pitches, but 52 px of blank space
        rows.append(Row(str(i), 2232, x0=(LEFT + RIGHT) // 2 - 10, height=30, full=False))
        pages.append(page(i, rows))
    out = clean_volume(pages)
    assert [p.label for p in out] == ["1", "2", "3"]
    for p in out:
        assert [b.kind for b in p.blocks][-2:] == [BlockKind.FOOTNOTE, BlockKind.PAGE_NUMBER]


def test_folio_on_its_own_line_between_two_head_lines() -> None:
    # text layer: a larger folio between the two lines of a long recto head is a line of its own
    pages = []
    for i in range(1, 5):
        rows = [
            Row("A Very Long Chapter Title That Needs", 76, height=30, full=False),
            Row(str(i), 92, x0=RIGHT - 25, height=36, full=False),
            Row("Two Lines In The Head", 124, height=30, full=False),
        ] + body(FILL, top=245)
        pages.append(page(i, rows))
    out = clean_volume(pages)
    assert [p.label for p in out] == ["1", "2", "3", "4"]
    assert all(p.blocks[0].kind is BlockKind.RUNNING_HEAD for p in out)
    assert "Two Lines" not in render_text(out).clean


def test_note_zone_found_by_type_size_when_line_pitch_is_uneven() -> None:
    # heavy scan: one warped note line broke the "all lines closer than body lines" run
    lines = [line(r) for r in body(FILL, top=245)]
    notes = [Row("2 This refers to the commission composed of several", 660, height=28)]
    notes += [Row("members of the party in the autumn", 760 + k * 40, height=28) for k in range(3)]
    zone = footnotes.note_zone_start(lines + [line(r) for r in notes], METRICS, next_number=2)
    assert zone == len(lines)


def test_numbered_paragraph_is_not_a_note_zone_without_smaller_type() -> None:
    lines = [line(r) for r in body(["¶1. One of the proposals of the commission states", *FILL], top=245)]
    assert footnotes.note_zone_start(lines, METRICS, next_number=1, may_continue=False) is None


def test_note_start_after_a_speck_and_with_a_lost_digit() -> None:
    zone = [
        line(Row('" 8. Here Trotsky is referring to the work on planning', 2000, height=28, full=False)),
        line(Row("1. Trotsky is referring to the Secretariat of the party", 2040, height=28, full=False)),
        line(Row("16. Trotsky is referring to the removal of the chairman", 2080, height=28, full=False)),
    ]
    assert [n.marker for n in notemarkers.split_notes(zone[:1], 8)] == ["8"]
    assert [n.marker for n in notemarkers.split_notes(zone[1:], 15)] == ["15", "16"]


def test_contents_author_lines_are_not_entries() -> None:
    # sample book: "Henry David Thoreau" under each entry came out as a level-1 contents entry
    rows = [
        Row("I. Where I Lived, and What I Lived For......................1", 645),
        Row("Henry David Thoreau", 703, height=36, full=False),
        Row("II. Self-Reliance............................................4", 814),
        Row("Ralph Waldo Emerson", 872, height=36, full=False),
    ]
    lines = [line(r) for r in rows]
    entries = toc.parse_entries(lines, page_frame(lines, WIDTH), METRICS)
    assert [(e.title, e.label) for e in entries] == [
        ("I. Where I Lived, and What I Lived For", "1"),
        ("II. Self-Reliance", "4"),
    ]


def test_contents_number_before_leader_is_not_a_page() -> None:
    # letters-light scan: "Letter of October 31, 1930..." gave page 1930 (and hid the next entry)
    idx, label = toc.split_entry_line(line(Row("Letter of October 31, 1930...", 492, full=False)))
    assert label is None and len(idx) == 5


def test_contents_title_repaired_from_ocr_specks() -> None:
    assert toc.repair_title("I. | |") == "I"
    assert toc.repair_title('"The international factor') == "The international factor"
    assert toc.repair_title("‘Pravda’ sounds the alarm.") == "‘Pravda’ sounds the alarm"


def test_section_number_misread_in_a_run_of_numbered_headings() -> None:
    # challenge books: the heading "II" OCRed as "I" (or "IT") was lost, and its contents entry with it
    fixes = headings.renumber_sections(
        [(1, "Problems"), (2, "I"), (2, "IT"), (1, "Next"), (2, "I"), (2, "I")]
    )
    assert fixes == {2: "II", 5: "II"}


def test_a_run_s_first_number_misread_as_letters_is_its_first_numeral() -> None:
    # a heavy two-column book: the section "I" read "Tr" and the section "II" read "I"; with no run
    # before it, "I" stayed "I", and both headings were lost. One token right before a run opening
    # at one or two, that OCR can have read for the first numeral, is that numeral
    items = [(1, "Problems"), (2, "Tr"), (2, "I"), (1, "Next")]
    assert headings.renumber_sections(items) == {1: "I", 2: "II"}
    assert headings.renumber_sections([(1, "Problems"), (2, "Tr"), (2, "II")]) == {1: "I"}
    # a word that no misreading makes the numeral, or a heading between, is no number
    assert headings.renumber_sections([(2, "Preface"), (2, "I"), (2, "II")]) == {}
    assert headings.renumber_sections([(2, "Tr"), (1, "Part"), (2, "I")]) == {}
    assert headings.renumber_sections([(2, "Tr"), (2, "III")]) == {}


def test_scanner_border_read_as_letters_does_not_hide_the_running_head() -> None:
    # challenge-heavy: a dark border read as tall "words" joined the head line, which then failed
    # as a running head and came out as a heading
    noise = Word("ETE", BBox(1600, 0, 1654, 314), 0.2)
    pages = []
    for i in range(1, 5):
        p = page(i, [Row(f"{i} The Challenge of the Left", 105, height=35, full=False)] + body(FILL, top=247))
        if i == 3:
            head = p.blocks[0]
            ln = Line(head.lines[0].words + (noise,), head.lines[0].bbox.union(noise.bbox))
            p = replace(p, blocks=(replace(head, lines=(ln,), bbox=ln.bbox),) + p.blocks[1:])
        pages.append(p)
    assert "ETE" not in order.read_page(pages[2]).lines[0].text  # the reading order leaves it out
    out = clean_volume(pages)
    assert out[2].blocks[0].kind in (BlockKind.PAGE_NUMBER, BlockKind.RUNNING_HEAD)
    assert any(b.kind is BlockKind.OTHER and b.text == "ETE" for b in out[2].blocks)
    assert "ETE" not in render_text(out).clean and "Challenge" not in render_text(out).clean


def test_closed_em_dash_broken_at_line_end_is_joined_without_space() -> None:
    pages = [page(1, body(["¶none were necessary", "—just as none were needed."], top=245))]
    assert "necessary—just" in render_text(clean_volume(pages)).clean


def test_word_broken_over_page_with_notes_between_is_joined() -> None:
    # sample book: "per-" / notes of page 3 / "formed" on page 4 came out as "per- formed"
    p1 = body(["¶" + FILL[0], FILL[1], "the story was well per-"], top=245, last_short=False)
    p1 += [Row("1. A note at the foot of the page.", 1900, height=28, full=False)]
    p1[1] = Row(FILL[1].replace("began", "^1 began"), p1[1].y)
    p2 = body(["formed and the mill went on turning.", FILL[2]], top=245)
    text = render_text(clean_volume([page(1, p1), page(2, p2)])).clean
    assert "performed" in text and "per- formed" not in text


def test_warped_tall_line_box_does_not_start_a_paragraph() -> None:
    # challenge-heavy: a line box stretched by a warp (78 px instead of 44) looked like a gap above
    # the next line, splitting the paragraph
    from ingest.layout import paragraphs

    rows = body([FILL[0], FILL[1], FILL[2]], top=245, last_short=False)
    lines = [line(r) for r in rows]
    tall = lines[1]
    lines[1] = Line(tall.words, BBox(tall.bbox.x0, tall.bbox.y0 - 34, tall.bbox.x1, tall.bbox.y1))
    frame = page_frame(lines, WIDTH)
    assert [s for s, _ in paragraphs.paragraph_starts(lines, frame, METRICS)] == [0]


def test_margin_specks_beside_the_running_head_do_not_hide_it() -> None:
    # challenge-heavy page 8: "%", "x", "BE" read from the dark border left of the head made the
    # head group three lines; the head and its folio were glued into the last paragraph
    pages = []
    for i in range(1, 5):
        rows = [Row(f"{i} The Challenge of the Left", 89, height=35, full=False)] + body(FILL, top=247)
        if i == 3:
            rows[1:1] = [
                Row("%", 144, x0=9, height=26, full=False),
                Row("BE", 206, x0=10, height=13, full=False),
            ]
        pages.append(page(i, rows))
    out = clean_volume(pages)
    assert out[2].label == "3" and out[2].blocks[0].kind in (BlockKind.PAGE_NUMBER, BlockKind.RUNNING_HEAD)
    text = render_text(out).clean
    assert "Challenge" not in text and "BE" not in text and "%" not in text
    assert any(b.kind is BlockKind.OTHER and "BE" in b.text for b in out[2].blocks)


def test_an_unsure_mark_in_the_margin_beside_a_line_is_a_speck_not_text() -> None:
    # seed 1951 heavy-a5-chapter: dust far right of the column beside a page's first line, read as
    # "8" with doubt, joined its row ("newspaper Kharkov 8 Proletarian") and was taken for a page
    # number left in the text; a folio hanging in the outer margin beside the head, read sure, stays
    # the folio
    pages = []
    for i in range(1, 5):
        rows = [Row("The Challenge of the Left", 89, height=35, full=False, centred=True)] + body(
            FILL, top=247
        )
        p = page(i, rows)
        folio = Word(str(i), BBox(RIGHT + 120, 89, RIGHT + 140, 124), 0.95)
        extra = [folio]
        if i == 3:
            extra.append(Word("8", BBox(RIGHT + 150, 240, RIGHT + 167, 276), 0.43))
        blocks = tuple(
            Block(f"p{i:04d}-x{k}", BlockKind.PARAGRAPH, (Line((wd,), wd.bbox),), wd.bbox)
            for k, wd in enumerate(extra)
        )
        pages.append(replace(p, blocks=p.blocks + blocks))
    out = clean_volume(pages)
    assert [p.label for p in out] == ["1", "2", "3", "4"]
    text = render_text(out).clean
    assert " 8 " not in text and "the workers met every morning" in text
    assert any(b.kind is BlockKind.OTHER and b.text == "8" for b in out[2].blocks)


def test_a_mark_in_the_margin_read_far_less_sure_than_the_page_is_a_speck() -> None:
    # a heavy letter-size book: dust far right of the column, read as "4" at 0.51 (just over the
    # 0.5 OCR's doubt is told by) on a page read at 0.95 and into the row of a line ending "ques-",
    # stayed in the text ("the ques- 4 tion") and counted as a page number left in it
    pages = []
    for i in range(1, 5):
        p = page(
            i,
            [Row("The Challenge of the Left", 89, height=35, full=False, centred=True)] + body(FILL, top=247),
        )
        folio = Word(str(i), BBox(RIGHT + 120, 89, RIGHT + 140, 124), 0.95)
        blocks = list(p.blocks) + [
            Block(f"p{i:04d}-x0", BlockKind.PARAGRAPH, (Line((folio,), folio.bbox),), folio.bbox)
        ]
        if i == 3:
            row = blocks[3]  # the body's third line
            ln = row.lines[0]
            speck = Word("4", BBox(RIGHT + 120, ln.bbox.y0 + 10, RIGHT + 137, ln.bbox.y0 + 46), 0.51)
            wide = Line(ln.words + (speck,), ln.bbox.union(speck.bbox))
            blocks[3] = replace(row, lines=(wide,), bbox=wide.bbox)
        pages.append(replace(p, blocks=tuple(blocks)))
    out = clean_volume(pages)
    assert [p.label for p in out] == ["1", "2", "3", "4"]
    assert " 4 " not in render_text(out).clean
    assert any(b.kind is BlockKind.OTHER and b.text == "4" for b in out[2].blocks)


def test_an_unsure_mark_in_the_margin_beside_a_column_s_line_leaves_the_column_whole() -> None:
    # the same speck beside a line of a two-column page: the line without it must be the one the
    # column is read with (twocol-chapnotes-heavy lost such lines and split paragraphs)
    from tests.test_layout_order import COL, LEFT_TEXT, RIGHT_TEXT, two_column_page

    pages = [two_column_page(i) for i in (1, 2, 3)]
    speck = Word("8", BBox(COL[1][1] + 150, 558, COL[1][1] + 167, 594), 0.43)
    extra = Block("p0002-x1", BlockKind.PARAGRAPH, (Line((speck,), speck.bbox),), speck.bbox)
    pages[1] = replace(pages[1], blocks=pages[1].blocks + (extra,))
    out = clean_volume(pages)

    def paragraphs(p: Page) -> list[str]:
        return [b.text for b in p.blocks if b.kind is BlockKind.PARAGRAPH]

    assert paragraphs(out[1]) == paragraphs(out[0])
    assert "\n".join(paragraphs(out[1])).split("\n") == LEFT_TEXT + RIGHT_TEXT
    assert any(b.kind is BlockKind.OTHER and b.text == "8" for b in out[1].blocks)


def test_warped_tall_line_box_in_body_type_is_not_a_large_heading() -> None:
    # challenge-heavy page 20: an indented short paragraph line stretched by a warp (box 1.23 body
    # line heights, words of body size) became a level-1 heading with the next paragraph's line
    rows = body(["¶" + FILL[0], FILL[1] + "."], top=245)
    rows += [Row("We must not lose even a minute, for there is time.", 361, x0=LEFT + 57, full=False)]
    rows += body(
        ["¶19. We must also begin preparation now for the congress", FILL[2], FILL[3] + "."], top=419
    )
    p = page(1, rows)
    tall = p.blocks[2].lines[0]
    words = tuple(
        replace(w, bbox=BBox(w.bbox.x0, w.bbox.y0 - 12, w.bbox.x1, w.bbox.y1)) for w in tall.words[:1]
    )
    ln = Line(words + tall.words[1:], BBox(tall.bbox.x0, tall.bbox.y0 - 12, tall.bbox.x1, tall.bbox.y1))
    p = replace(p, blocks=p.blocks[:2] + (replace(p.blocks[2], lines=(ln,), bbox=ln.bbox),) + p.blocks[3:])
    out = clean_volume([p])
    assert not any(b.kind is BlockKind.HEADING for b in out[0].blocks)


def test_very_short_line_without_full_stop_ends_its_paragraph() -> None:
    # challenge-heavy page 3: the date line "January 1928" above a letter, with the letter's first
    # line barely indented on the warped scan, was merged into the letter's first paragraph
    rows = [Row("January 1928", 575, full=False)] + body(FILL[:3], top=633)
    lines = [line(r) for r in rows]
    from ingest.layout import paragraphs

    starts = paragraphs.paragraph_starts(lines, page_frame(lines, WIDTH), METRICS)
    assert [s for s, _ in starts] == [0, 1]


def test_floating_speck_beside_a_short_last_line_is_not_text() -> None:
    # ll-heavy: dust read as '.' and '7' (unsure, small, above the baseline) after "other way."
    # left a folio-like "7" in the paragraph
    rows = body(
        ["¶" + FILL[0], FILL[1], "the problem in any other way.", "¶" + FILL[2], FILL[3] + "."], top=245
    )
    p = page(1, rows)
    ln = p.blocks[2].lines[0]
    dot = Word(".", BBox(781, ln.bbox.y0 - 12, 783, ln.bbox.y0 - 10), 0.1)
    seven = Word("7", BBox(996, ln.bbox.y0 - 14, 1025, ln.bbox.y0 - 1), 0.34)
    new = Line(ln.words + (dot, seven), ln.bbox.union(dot.bbox).union(seven.bbox))
    p = replace(p, blocks=p.blocks[:2] + (replace(p.blocks[2], lines=(new,), bbox=new.bbox),) + p.blocks[3:])
    text = render_text(clean_volume([p])).clean
    assert "other way.\n" in text and " 7" not in text


def test_spaced_dash_read_unsure_stays_in_the_text() -> None:
    # letters-light: the rule above must keep a spaced en dash, which floats at mid-height
    rows = body(["¶" + FILL[0], "fact that according to a story", FILL[2] + "."], top=245)
    p = page(1, rows)
    ln = p.blocks[1].lines[0]
    w0, w1 = ln.words[1], ln.words[2]
    dash = Word("–", BBox(w0.bbox.x1 + 10, ln.bbox.y0 + 18, w1.bbox.x0 - 10, ln.bbox.y0 + 21), 0.4)
    new = Line(ln.words[:2] + (dash,) + ln.words[2:], ln.bbox)
    p = replace(p, blocks=p.blocks[:1] + (replace(p.blocks[1], lines=(new,)),) + p.blocks[2:])
    assert "fact that – according" in render_text(clean_volume([p])).clean


def test_line_opening_on_a_closing_quote_does_not_start_a_paragraph() -> None:
    # ll-heavy: OCR lost "war." at the start of a line, leaving '” Naturally ...' indented
    from ingest.layout import paragraphs

    rows = body([FILL[0], FILL[1]], top=245, last_short=False)
    rows.append(
        Row("” Naturally there is in these words also a certain boasting", 245 + 2 * 58, x0=LEFT + 68)
    )
    lines = [line(r) for r in rows]
    assert [s for s, _ in paragraphs.paragraph_starts(lines, page_frame(lines, WIDTH), METRICS)] == [0]


def test_unsure_word_ending_in_a_stop_may_hide_a_lost_call() -> None:
    # oct-light: 'rights.' read at confidence 0.15 had swallowed the raised 8 after it
    lines = [line(Row("management) rights. In actual fact, the", 245))]
    w = lines[0].words[1]
    lines[0] = Line((lines[0].words[0], replace(w, confidence=0.15)) + lines[0].words[2:], lines[0].bbox)
    calls = call_candidates(lines)
    assert [(c.word, c.text) for c in calls] == [(1, "rights.")]


def test_note_with_misread_marker_on_a_page_after_no_notes_is_a_new_note() -> None:
    # ll-heavy: the only note began "L There is a pun" (1 read as L) and was taken as continuing
    zone = [line(Row("L There is a pun in the original. Instead of the word", 2042, height=28))]
    zone.append(line(Row("uses another, mocking the way it is said.", 2083, height=28, full=False)))
    assert [n.marker for n in notemarkers.split_notes(zone, 1, may_continue=False)] == ["1"]
    assert [n.marker for n in notemarkers.split_notes(zone, 1, may_continue=True)] == [None]


def test_dust_after_a_question_ending_a_paragraph_does_not_make_it_a_call() -> None:
    # ll-heavy: 'tion?' then a '.' speck (confidence 0) far right: the speck counted as the next
    # word, so the question mark looked like a call before punctuation
    rows = body(["¶" + FILL[0], "tion?", "¶" + FILL[2]], top=245)
    lines = [line(r) for r in rows]
    speck = Word(".", BBox(1192, 245 + 58 - 15, 1194, 245 + 58 - 13), 0.0)
    lines[1] = Line(lines[1].words + (speck,), lines[1].bbox.union(speck.bbox))
    calls = call_candidates(lines, starts=[0, 2])
    assert all(c.strength < 1.5 for c in calls)


def _with_words(p: Page, k: int, extra: tuple[Word, ...]) -> Page:
    ln = p.blocks[k].lines[0]
    words = tuple(sorted(ln.words + extra, key=lambda w: w.bbox.x0))
    new = Line(words, BBox.enclosing([w.bbox for w in words]))
    return replace(
        p, blocks=p.blocks[:k] + (replace(p.blocks[k], lines=(new,), bbox=new.bbox),) + p.blocks[k + 1 :]
    )


def test_cleaned_scan_pages_fed_back_give_the_same_volume() -> None:
    # heavy scans: a cleaned page fed back was segmented differently (noise and dust judged again
    # out of their lines, a contents line split into title and leader no longer one row)
    contents = page(
        1,
        [
            Row("Contents", 300, full=False, centred=True),
            Row("The mill on the river cccsessccscsssesscsecsecs 1", 450),
            Row("A winter in the valley cccsesscsessceseccseecsesees 2", 520),
        ],
    )
    quote = Word("'", BBox(LEFT - 30, 455, LEFT - 24, 462), 0.3)
    contents = _with_words(contents, 1, (quote,))
    pages = [contents]
    for i, title in ((2, "The mill on the river"), (3, "A winter in the valley")):
        rows = [Row(title, 300, height=60, full=False, centred=True)] + body(
            ["¶" + FILL[0], *FILL[1:]], top=450
        )
        rows.append(Row(str(i - 1), 2300, x0=(LEFT + RIGHT) // 2 - 10, height=30, full=False))
        p = page(i, rows)
        dust = Word(".", BBox(1200, 452, 1202, 454), 0.05)
        pages.append(_with_words(p, 1, (dust,)))
    once = clean_volume(pages)
    assert render_text(once).toc_tsv == "1\tThe mill on the river\t1\n1\tA winter in the valley\t2\n"
    assert clean_volume(once) == once
    for k in range(len(pages)):
        assert clean_volume(pages[:k] + [once[k]] + pages[k + 1 :]) == once, f"page {k + 1} fed back"


def test_name_ending_a_page_in_a_list_of_signatures_does_not_run_on() -> None:
    # re-rendered challenge (heavy, seed 17): "N. Muralov" ending a page was joined with
    # "G. Valentinov" opening the next
    from ingest.layout import paragraphs

    last, first = line(Row("N. Muralov", 2178, x0=LEFT + 37, full=False)), line(Row("G. Valentinov", 156))
    frame = page_frame([line(r) for r in body(FILL)], WIDTH)
    assert not paragraphs.continues_over_break(last, frame, first, frame, METRICS)


def test_contents_entry_ocr_left_without_letters_takes_the_heading_between_its_neighbours() -> None:
    # re-rendered challenge (heavy, seed 17): entry "I" read as "- —" and "II" as "I...": the
    # second took heading I and heading II went missing from the contents
    def entry(title: str) -> toc.Entry:
        return toc.Entry(title, (), None, 2, (0,))

    entries = [entry("Problems"), entry("- —"), entry("I"), entry("The international factor")]
    heads = [
        toc.HeadingRef(f"h{k}", t, 2, None)
        for k, t in enumerate(["Problems", "I", "II", "The international factor"])
    ]
    assert toc.link_entries(entries, heads) == [0, 1, 2, 3]


def test_paragraph_number_that_lost_its_stop_takes_its_neighbours() -> None:
    # re-rendered challenge (heavy, seed 17): "1. The GPU is banishing us" read "1 The GPU ...", a
    # folio-like "1" in the text
    rows = body(["¶1 The GPU is banishing us on the basis of an article", FILL[1] + "."], top=245)
    rows += body(["¶2. This banishment of veteran militants by order", FILL[2] + "."], top=245 + 2 * 58)
    rows += body(["¶1928 was the year in which all this began to change", FILL[3] + "."], top=245 + 4 * 58)
    out = clean_volume([page(1, rows)])
    text = render_text(out).clean
    assert "1. The GPU" in text and "1928 was" in text
    assert clean_volume(out) == out


def _with_confidence(p: Page, first_rows: int, confidence: float) -> Page:
    """`p` with the words of its first `first_rows` input blocks read at `confidence`."""
    blocks = tuple(
        replace(
            b,
            lines=tuple(
                replace(ln, words=tuple(replace(w, confidence=confidence) for w in ln.words))
                for ln in b.lines
            ),
        )
        if n < first_rows
        else b
        for n, b in enumerate(p.blocks)
    )
    return replace(p, blocks=blocks)


def test_a_rule_over_the_text_read_as_letters_is_set_apart_not_read() -> None:
    # Kant 1784 p. 17 (a one-page volume): the printed rule over the journal title, with the faint
    # folio in it, came out of OCR as 'ns : <<. uuumumueuanue el' (confidence 0.14-0.68 on a page
    # read at 0.94) and was read as the first paragraph of the text
    rows = [Row("ns <<. uuumumueuanue el", 100, height=44)] + body(["¶" + FILL[0]] + FILL[1:4], top=245)
    junk = _with_confidence(page(1, rows), 1, 0.45)
    out = clean_volume([junk])[0]
    text = render_text([out]).clean
    assert "uuumumueuanue" not in text and text.startswith("the river ran")
    kept = [b for b in out.blocks if b.kind is BlockKind.OTHER]
    assert [w.text for b in kept for w in b.words] == ["ns", "<<.", "uuumumueuanue", "el"]  # nothing lost
    assert any(d.kind == "noise" for d in out.decisions)
    # the same line read as surely as the page is text, and stays in the reading
    sure = clean_volume([page(1, rows)])[0]
    assert "uuumumueuanue" in render_text([sure]).clean
    # a line read as unsure in the body, not set off at the head, stays in the reading
    below = body(["¶" + FILL[0]] + FILL[1:4] + ["ns <<. uuumumueuanue el"], top=245)
    mid = _with_confidence(page(1, below[::-1]), 1, 0.45)
    assert "uuumumueuanue" in render_text(clean_volume([mid])).clean


def test_a_note_number_read_as_two_tokens_opens_its_note() -> None:
    # seed 1944 heavy-a5-volume-spreads: note 13's number read "1 3." (OCR cut it between its
    # figures, a hair apart): it opens note 13, not a note 1 that swallows note 14 under it
    first = line(Row("1 3. Trotsky is referring to the September Plenum of the Central", 2000, height=28))
    one, three = first.words[0], first.words[1]
    three = replace(three, bbox=BBox(one.bbox.x1 + 4, three.bbox.y0, one.bbox.x1 + 4 + 30, three.bbox.y1))
    split = Line((one, three, *first.words[2:]), first.bbox)
    zone = [
        split,
        line(Row("mittee of the party.", 2040, height=28, full=False)),
        line(Row("14. Stenograficheskii otchet 12-ogo s'ezda, pp. 680-681.", 2080, height=28, full=False)),
    ]
    assert [n.marker for n in notemarkers.split_notes(zone, 13)] == ["13", "14"]
    assert notemarkers.starts_note(split, 13)


def _close_up(ln: Line, gap: int = 4) -> Line:
    """The line with its second word moved up to `gap` pixels after its first (OCR cut one token)."""
    one, two = ln.words[0], ln.words[1]
    width = two.bbox.x1 - two.bbox.x0
    two = replace(two, bbox=BBox(one.bbox.x1 + gap, two.bbox.y0, one.bbox.x1 + gap + width, two.bbox.y1))
    return Line((one, two, *ln.words[2:]), ln.bbox)


def test_a_note_number_read_as_two_tokens_is_linked_and_exported_without_it() -> None:
    # the page's notes 12 and 13, 13 read "1 3.": both linked to their calls, and the export
    # writes note 13's text without either piece of its number
    rows = body(
        [
            "¶the river ran past the old mill12 where the workers met every",
            "morning before the long shift began and nobody in the town13",
            "could remember a time when the river had stood quite still.",
        ]
    )
    rows += note_rows(["12. The mill by the river, built in the flood year.", "1 3. The town on the hill."])
    pg = page(1, rows)
    blocks = tuple(
        replace(b, lines=(_close_up(b.lines[0]),)) if b.text.startswith("1 3.") else b for b in pg.blocks
    )
    out = clean_volume([replace(pg, blocks=blocks)])
    assert [b.marker for b in out[0].blocks if b.kind is BlockKind.FOOTNOTE] == ["12", "13"]
    text = render_text(out).clean
    assert "town[^2]" in text
    assert "[^2]: The town on the hill." in text


def test_a_numeral_read_whole_is_not_renumbered_into_the_run() -> None:
    # a book titled "Chapter 1" on its title page, then "CHAPTER I" over the title "Chapter 1": each
    # was read right, yet the run (1 on the title page) made them "CHAPTER 2" and "Chapter 3",
    # and the exported "2" counted as a page number left in the text
    assert headings.renumber_sections([(1, "Chapter 1"), (1, "CHAPTER I"), (1, "Chapter 1")]) == {}
    assert headings.renumber_sections([(1, "Chapter 1"), (1, "Chapter 1")]) == {}
    assert headings.renumber_sections([(1, "Part 3"), (1, "Part 5")]) == {}
    # a numeral OCR lost a stroke of, or read with look-alike strokes, is still the run's
    assert headings.renumber_sections([(1, "CHAPTER I"), (1, "CHAPTER 11")]) == {1: "CHAPTER II"}
    assert headings.renumber_sections([(1, "CHAPTER I"), (1, "CHAPTER I")]) == {1: "CHAPTER II"}
    assert headings.renumber_sections([(1, "Part 9"), (1, "Part 1")]) == {1: "Part 10"}


def test_a_word_whose_box_is_a_speck_but_whose_reading_is_a_word_stays_in_its_line() -> None:
    # seed 1585 heavy octavo two-column contents page: Tesseract read the entry '“Reply to an
    # ultimatum … 1' but gave its first word the 3-pixel box of a speck before it, left of the
    # column: the word was peeled off as a margin speck and the entry lost its first word. A
    # box far too narrow for the letters read in it is OCR's box gone wrong, not dust; dust read
    # as a mark of one or two characters still goes
    frame = PageFrame(left=357.0, right=1607.0)
    words = [
        Word('"Reply', BBox(217, 499, 220, 502), 0.27),
        Word("to", BBox(357, 499, 391, 545), 0.94),
        Word("an", BBox(410, 483, 444, 562), 0.94),
        Word("ultimatum", BBox(463, 493, 679, 558), 0.88),
        Word("1", BBox(1591, 501, 1607, 534), 0.94),
    ]
    entry = Line(tuple(words), BBox.enclosing([w.bbox for w in words]))
    dusty = [Word("8", BBox(217, 600, 227, 610), 0.27)] + [
        replace(w, bbox=replace(w.bbox, y0=w.bbox.y0 + 100, y1=w.bbox.y1 + 100)) for w in words[1:]
    ]
    dust = Line(tuple(dusty), BBox.enclosing([w.bbox for w in dusty]))
    kept, specks, _ = split_margin_specks([entry, dust], frame, 45, width=1801)
    assert [ln.text for ln in kept] == ['"Reply to an ultimatum 1', "to an ultimatum 1"]
    assert [ln.text for ln in specks] == ["8"]
    # nor is it dust floating in its row, far from the words after it
    assert floating_specks(entry, 34) == []
    assert [w.text for w in floating_specks(dust, 34)] == ["8"]
    # dust read as letters at a line's end is dust, whatever its box: october-letter-heavy, 'ed'
    # and 'MGT' (a 7-pixel box) at the image's right edge, read into the row of 'forever re-'
    row = [
        Word("forever", BBox(1391, 714, 1509, 747), 0.93),
        Word("re-", BBox(1521, 725, 1569, 746), 0.93),
        Word("ed", BBox(1734, 724, 1745, 774), 0.28),
        Word("MGT", BBox(1738, 779, 1745, 788), 0.35),
    ]
    line_end = Line(tuple(row), BBox.enclosing([w.bbox for w in row]))
    kept, specks, _ = split_margin_specks([line_end], PageFrame(left=225.0, right=1569.0), 45, width=1750)
    assert [ln.text for ln in kept] == ["forever re-"]
    assert sorted(w.text for ln in specks for w in ln.words) == ["MGT", "ed"]


def test_a_pages_first_line_going_on_with_the_sentence_the_page_before_left_open_is_no_heading() -> None:
    # seed 1585 light octavo chapter: a stanza set in ran over the page break mid-sentence ('forces
    # that took place over the last' / 'several years, specifically from 1923 to 1928.'); the next
    # page's first line, set in alone with space under it before the prose, looked a centred
    # heading and split the stanza. A line going on in lower case with the sentence the page
    # before left open is its text, as a column's first line is
    inset = LEFT + 90
    first = body(FILL[:4], top=245)
    y = first[-1].y + 2 * 58
    for text in ("Why were we crushed organizationally?", "We have already answered that question."):
        first.append(Row(text, y, x0=inset, full=False))
        y += 58
    y += 58
    for text in ("enormous shift in the worldwide balance of", "forces that took place over the last"):
        first.append(Row(text, y, x0=inset, full=False))
        y += 58
    second = [Row("several years, specifically from 1923 to 1928.", 245, x0=inset, full=False, char=23)]
    second += body(
        ["¶More than once in history the vanguard has ensured the taking", FILL[1] + "."], top=245 + 2 * 58
    )
    out = clean_volume([page(1, first), page(2, second), page(3, body(["¶" + FILL[2], FILL[3] + "."]))])
    assert not any(b.kind is BlockKind.HEADING for b in out[1].blocks)
    text = render_text(out).clean
    assert "over the last\nseveral years, specifically" in text


def test_a_line_whose_first_word_ocr_boxed_two_lines_tall_is_no_drop_capital() -> None:
    # seed 1588 heavy octavo volume: 'But there is not the slightest trace …' mid-paragraph under a
    # line ending 'qualified worker.'; the ink showing through from the page's back stretched the
    # box of 'But' to 63 px, 1.85 of the volume's type height (34), a drop capital's size, and the
    # line opened a paragraph. A drop capital stands well over its line's other words; 'But'
    # stood 1.4 times its line's words with ascenders. The line's words as the page read them:
    heights = [63, 44, 30, 27, 43, 33, 26, 33, 65, 42, 23, 69, 32]
    texts = "But there is not the slightest trace of revolutionary will or physical strength".split()
    words, x = [], 191
    for t, h in zip(texts, heights, strict=True):
        words.append(Word(t, BBox(x, 1457 - h, x + 14 * len(t), 1457), 0.96))
        x += 14 * len(t) + 14
    ln = Line(tuple(words), BBox.enclosing([w.bbox for w in words]))
    assert dropcaps.is_drop_cap(ln.words[0], 34)  # its size alone says drop capital
    assert not dropcaps.towers_over_its_line(ln)
    metrics = VolumeMetrics(line_height=47, pitch=61, type_height=34)
    work = PageWork(page(1, []), [], PageFrame(191.0, 1562.0))
    assert segment._with_drop_caps([(0, "first")], [words_line(), ln], work, metrics) == [(0, "first")]
    # a drop capital three lines tall beside the first words of its paragraph does
    cap = replace(words[0], text="T", bbox=BBox(191, 1457 - 150, 290, 1457))
    capped = Line((cap, *words[1:]), BBox.enclosing([cap.bbox, *(w.bbox for w in words[1:])]))
    assert dropcaps.towers_over_its_line(capped)
    assert segment._with_drop_caps([(0, "first")], [words_line(), capped], work, metrics) == [
        (0, "first"),
        (1, "drop-cap"),
    ]


def words_line() -> Line:
    w = Word("worker.", BBox(191, 1300, 300, 1340), 0.96)
    return Line((w,), w.bbox)


def test_dust_read_as_a_line_of_its_own_at_the_foot_is_no_heading() -> None:
    # seed 1589 heavy octavo camera spreads: a crease at a photographed page's foot read as '_', a
    # line of its own two body lines under the text, centred-ish and boxed as tall as a line; it
    # was taken for a heading, and the paragraph going on over the break ('… these moods are' /
    # 'unalterably bound …') was cut there
    rows = body(["¶" + FILL[0], FILL[1], FILL[2], "for more than a day or two during the coldest of the"])
    first = page(1, rows)
    speck = Word("_", BBox(874, rows[-1].y + 2 * 58, 878, rows[-1].y + 2 * 58 + 43), 0.52)
    first = replace(
        first,
        blocks=first.blocks
        + (Block("p0001-x1", BlockKind.PARAGRAPH, (Line((speck,), speck.bbox),), speck.bbox),),
    )
    second = page(
        2, body(["winters that the valley had known in all the years of its history.", "¶" + FILL[0] + "."])
    )
    out = clean_volume([first, second, page(3, body(["¶" + FILL[1], FILL[2] + "."]))])
    assert not any(b.kind is BlockKind.HEADING for b in out[0].blocks)
    assert "coldest of the _ winters that" in render_text(out).clean.replace("\n", " ")


def test_an_italic_section_number_read_as_a_lower_case_numeral_is_the_next_of_its_run() -> None:
    # seed 1590 heavy octavo endnotes: the italic section number "II" read "vi" (confidence 0.15)
    # after the section "I". A numeral read whole was taken for a numeral of its own, and the
    # heading was lost; a roman numeral of the other case is OCR's reading of the run's strokes
    assert headings.renumber_sections([(1, "Problems"), (2, "I"), (2, "vi")]) == {2: "II"}
    # a numeral of the run's own case read whole stays what it reads (the run restarts there)
    assert headings.renumber_sections([(1, "Problems"), (2, "I"), (2, "VI")]) == {}
