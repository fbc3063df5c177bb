"""Folios on constructed pages: a lone folio at the foot of a page that keeps Tesseract's reading
comes out of its text when the rest of the volume prints that sequence, and marks read with doubt
under a foot folio do not hide it."""

from __future__ import annotations

import statistics
from dataclasses import replace

from ingest.export.text import render_text
from ingest.layout import clean_volume, order
from ingest.model import BBox, BlockKind, Line, Page, Word
from tests.test_layout_order import BODY, LEFT_TEXT, RIGHT_TEXT, magazine_page, page, row

FOOT = 3150  # the folio's line, well under the last row of text
BOOK_TEXT = LEFT_TEXT + RIGHT_TEXT


def _book_page(index: int, folio: str | None) -> Page:
    rows = [row(t, 500 + k * 58, 300, 2260) for k, t in enumerate(BOOK_TEXT * 2)]
    rows[-1] = row(BOOK_TEXT[-1] + ".", rows[-1].bbox.y0, 300)
    groups = [rows] + ([[row(folio, FOOT, 1260)]] if folio else [])
    return page(index, groups)


def _magazine_with_folio(index: int, folio: str) -> Page:
    p = magazine_page()
    return page(index, [list(b.lines) for b in p.blocks] + [[row(folio, FOOT, 1260)]])


def test_a_lone_folio_on_a_page_kept_as_read_leaves_its_text_when_the_volume_agrees() -> None:
    # seed 1717 clean-a5-2col-chapter: a chapter's opening page kept Tesseract's reading (its
    # columns did not fit the column model), and its folio "1", alone at the foot, ran into the next
    # page's first paragraph ("1 Bukharin supporters were…")
    mag = _magazine_with_folio(2, "2")
    assert not order.read_page(mag).book
    out = clean_volume([_book_page(1, "1"), mag, _book_page(3, "3"), _book_page(4, "4")])
    assert [p.label for p in out] == ["1", "2", "3", "4"]
    kept = out[1]
    assert [b.kind for b in kept.blocks][-1] is BlockKind.PAGE_NUMBER
    assert [b.text for b in kept.blocks if b.kind is BlockKind.PARAGRAPH] == [b.text for b in mag.blocks][:-1]
    clean = render_text(out).clean
    assert "\n2\n" not in f"\n{clean}\n" and not any(p.strip() == "2" for p in clean.split("\n\n"))
    # the page's own text is Tesseract's, every word of it
    assert sum(len(b.words) for b in kept.blocks) == sum(len(b.words) for b in mag.blocks)


def test_a_page_kept_as_read_keeps_a_number_the_volume_does_not_vouch_for() -> None:
    # the same page alone, or among pages that print no folios: nothing says "2" is a folio
    mag = _magazine_with_folio(1, "2")
    alone = clean_volume([mag])[0]
    assert {b.kind for b in alone.blocks} == {BlockKind.PARAGRAPH}
    assert "2" in [b.text for b in alone.blocks]
    out = clean_volume([_book_page(1, None), _magazine_with_folio(2, "2"), _book_page(3, None)])
    assert "2" in [b.text for b in out[1].blocks]


def _doubtful(ln: Line, confidences: list[float]) -> Line:
    words = tuple(replace(w, confidence=c) for w, c in zip(ln.words, confidences, strict=True))
    return Line(words, ln.bbox)


def test_a_foot_folio_over_marks_read_with_doubt_is_the_folio() -> None:
    # seed 1717 heavy-a5-volume-camera: under the photographed page's folio "[3]" (read "3)", with
    # doubt) OCR read the page's edge as ". | Soe. <n"; that line hid the folio, which then opened
    # the next page's first paragraph ("3) an extremely eclectic character…")
    pages = [_book_page(i, f"[{i}]") for i in range(1, 5)]
    p = pages[2]
    folio = _doubtful(row("3)", FOOT, 1260), [0.3])
    edge = _doubtful(row(". | Soe. <n", FOOT + 100, 1000), [0.06, 0.53, 0.0, 0.34])
    pages[2] = page(3, [list(p.blocks[0].lines), [folio], [edge]])
    out = clean_volume(pages)
    assert [p.label for p in out] == ["1", "2", "3", "4"]
    clean = render_text(out).clean
    assert "3)" not in clean and "Soe." not in clean
    assert [b.text for b in out[2].blocks if b.kind is BlockKind.PAGE_NUMBER] == ["3)"]
    assert any(d.kind == "noise" for d in out[2].decisions)


def test_a_misread_first_folio_does_not_outvote_the_front_matter() -> None:
    # seed 1550 heavy-octavo-endnotes: "— 1 —" on the first text page read "7", the next page's "2"
    # read right: one vote each for two sequences, and the first one counted put "6" on the contents
    # page that prints "ii" (labels 5, 6, 7, 8 for -, ii, 1, 2; its contents entry said page 7)
    from ingest.layout.furniture import infer_labels, parse_folio

    readings = [[], parse_folio("ii"), parse_folio("7"), parse_folio("2")]
    assert infer_labels(readings) == [None, "ii", "1", "2"]
    # with the front matter unread, nothing tells the two apart: the first sequence counted stands
    assert infer_labels([[], [], parse_folio("7"), parse_folio("2")])[2:] == ["7", "8"]
    # and a sequence with more votes wins whatever the front matter says
    more = [[], parse_folio("ii"), parse_folio("7"), parse_folio("8"), parse_folio("9")]
    assert infer_labels(more)[2:] == ["7", "8", "9"]


HEAD = 200  # a folio centred in the head, well over the first row of text


def _head_folio_page(index: int) -> Page:
    rows = [row(t, 500 + k * 58, 300, 2260) for k, t in enumerate(BOOK_TEXT * 2)]
    rows[-1] = row(BOOK_TEXT[-1] + ".", rows[-1].bbox.y0, 300)
    return page(index, [[row(str(index), HEAD, 1260)], rows])


def test_a_head_folio_under_marks_read_as_letters_is_the_folio() -> None:
    # seed 1981 heavy-letter-page-symbols: over the folio "2" centred in the head, the scan's top
    # edge was read as a line of letters ("MUIR TEE LIS", read with doubt); the head group began at
    # those marks, named no heading and repeated nothing, so the folio stayed in the text between
    # the two halves of a paragraph
    pages = [_head_folio_page(i) for i in range(1, 6)]
    p = pages[2]
    edge = _doubtful(row("MUIR TEE LIS", HEAD - 120, 0), [0.0, 0.19, 0.23])
    pages[2] = page(3, [[edge], *[list(b.lines) for b in p.blocks]])
    out = clean_volume(pages)
    assert [p.label for p in out] == ["1", "2", "3", "4", "5"]
    assert [b.text for b in out[2].blocks if b.kind is BlockKind.PAGE_NUMBER] == ["3"]
    clean = render_text(out).clean
    assert not any(par.strip() == "3" for par in clean.split("\n\n"))
    assert "MUIR" not in clean
    assert any(d.kind == "noise" for d in out[2].decisions)


def test_marks_over_the_head_apart_from_it_do_not_hide_the_folio() -> None:
    # the same marks a gap over the folio: the head group is the folio under them
    pages = [_head_folio_page(i) for i in range(1, 6)]
    p = pages[2]
    edge = _doubtful(row("MUIR TEE LIS", 20, 0), [0.0, 0.19, 0.23])
    pages[2] = page(3, [[edge], *[list(b.lines) for b in p.blocks]])
    out = clean_volume(pages)
    assert [b.text for b in out[2].blocks if b.kind is BlockKind.PAGE_NUMBER] == ["3"]
    clean = render_text(out).clean
    assert not any(par.strip() == "3" for par in clean.split("\n\n")) and "MUIR" not in clean


def test_a_sure_mark_with_no_letter_over_the_head_does_not_hide_the_folio() -> None:
    # seed 1958 heavy-letter-page-symbols-camera: the photographed page's corner was read, sure, as
    # a '|' at the image's top edge; it stood for the head, and the running head and folio under
    # it were left in the text as a heading between the two halves of a paragraph
    def headed(index: int) -> Page:
        rows = [row(t, 500 + k * 58, 300, 2260) for k, t in enumerate(BOOK_TEXT * 2)]
        return page(index, [[row(f"{index} The Mill on the River", HEAD, 300)], rows])

    pages = [headed(i) for i in range(1, 6)]
    edge = Word("|", BBox(2370, 12, 2545, 24), 0.93)  # a flat mark, read sure, in the top corner
    pages[2] = page(3, [*[list(b.lines) for b in pages[2].blocks], [Line((edge,), edge.bbox)]])
    out = clean_volume(pages)
    assert [b.text for b in out[2].blocks if b.kind is BlockKind.PAGE_NUMBER] == ["3"]
    assert [b.text for b in out[2].blocks if b.kind is BlockKind.RUNNING_HEAD] == ["The Mill on the River"]
    clean = render_text(out).clean
    assert "Mill on the River" not in clean and "|" not in clean


def test_a_doubtful_head_line_over_a_head_that_is_no_furniture_stays_text() -> None:
    # pages without folios or heads: a doubtful first line over a line of text is the page's text
    pages = [_book_page(i, None) for i in range(1, 4)]
    p = pages[1]
    first = _doubtful(row("the old mill", HEAD - 120, 300), [0.2, 0.2, 0.2])
    pages[1] = page(2, [[first, row("stood still", HEAD, 300)], *[list(b.lines) for b in p.blocks]])
    out = clean_volume(pages)
    clean = render_text(out).clean
    assert "the old mill" in clean and "stood still" in clean


def test_a_foot_folio_over_a_line_of_marks_with_a_numeral_among_them_is_the_folio() -> None:
    # camera spreads (seed 1993 render): under the folio "{8}" the table's edge was read as a line
    # of seven marks with doubt, one of them '“i' (a roman numeral once its quote is set aside), so
    # it was not taken for marks: the folio stayed in the text and the marks opened the next page
    pages = [_book_page(i, f"[{i}]") for i in range(1, 5)]
    p = pages[2]
    folio = _doubtful(row("{3}", FOOT, 300), [0.59])
    edge = _doubtful(row("WB cte ve baw ie wo “i", FOOT + 75, 1300), [0.18, 0.0, 0.0, 0.51, 0.18, 0.03, 0.28])
    pages[2] = page(3, [list(p.blocks[0].lines), [folio], [edge]])
    out = clean_volume(pages)
    assert [p.label for p in out] == ["1", "2", "3", "4"]
    assert [b.text for b in out[2].blocks if b.kind is BlockKind.PAGE_NUMBER] == ["{3}"]
    clean = render_text(out).clean
    assert "{3}" not in clean and "baw" not in clean


def _headed_page(index: int, head_y: int = 250) -> Page:
    rows = [row(t, 400 + k * 58, 300, 2260) for k, t in enumerate(BOOK_TEXT * 2)]
    rows[-1] = row(BOOK_TEXT[-1] + ".", rows[-1].bbox.y0, 300)
    head = row(f"The Mill on the River [{index}]", head_y, 300, 2260)
    return page(index, [[head], rows])


def _reaching_up(ln: Line, words: int, by: int) -> Line:
    """The line with its last `words` words boxed `by` px higher and taller (a curled line's end, or
    a rule under the head boxed with them)."""
    ws = list(ln.words)
    for k in range(len(ws) - words, len(ws)):
        b = ws[k].bbox
        ws[k] = replace(ws[k], bbox=BBox(b.x0, b.y0 - by, b.x1, b.y1))
    return Line(tuple(ws), BBox.enclosing([w.bbox for w in ws]))


def test_a_running_head_over_a_line_whose_box_reaches_up_is_furniture() -> None:
    # a render of seed 1992 (camera, a5, "[3]" folios in the head with the running head, a rule
    # under it): on curled pages the first body line's box reached up with two of its words to
    # within a line's height of the head (its top 50 px under the head's, the body's pitch 52), so
    # the head was not set off from the body; head and folio stayed in the text, inside a paragraph
    pages = [_headed_page(i) for i in range(1, 6)]
    p = pages[2]
    head, *body_lines = [ln for b in p.blocks for ln in b.lines]
    body_lines[0] = _reaching_up(body_lines[0], 2, 110)
    assert body_lines[0].bbox.y0 - head.bbox.y0 < 58  # by the boxes, closer than a line's pitch
    pages[2] = page(3, [[head], body_lines])
    out = clean_volume(pages)
    assert [b.kind for b in out[2].blocks][:2] == [BlockKind.RUNNING_HEAD, BlockKind.PAGE_NUMBER]
    assert "Mill on the River" not in render_text(out).clean


def test_a_running_head_over_a_line_most_of_whose_words_the_rule_reaches_is_furniture() -> None:
    # seed 1147 heavy-letter-endnotes (TeX Gyre Pagella, a rule under capital running heads): on one
    # page OCR boxed the rule with nine of the fourteen words of the line under it, whose tops all
    # stood at the rule ('proletarian' 80 px tall in 35 px type); the line's median top was less
    # than a pitch under the head's, so the head was not set off from the body, and head and folio
    # ran into the paragraph ('found in a 10 DECL ARATION TO THE SIXTH COMINTERN CONGRESS proletarian')
    pages = [_headed_page(i) for i in range(1, 6)]
    p = pages[2]
    head, *body_lines = [ln for b in p.blocks for ln in b.lines]
    first = body_lines[0]
    body_lines[0] = _reaching_up(first, len(first.words) - 2, 110)
    assert statistics.median(w.bbox.y0 for w in body_lines[0].words) - head.bbox.y0 < 58
    pages[2] = page(3, [[head], body_lines])
    out = clean_volume(pages)
    assert [b.kind for b in out[2].blocks][:2] == [BlockKind.RUNNING_HEAD, BlockKind.PAGE_NUMBER]
    clean = render_text(out).clean
    assert "Mill on the River" not in clean and "[3]" not in clean
    assert BOOK_TEXT[0] in clean  # the line under the head keeps every word


def _boxed_down(ln: Line, by: int) -> Line:
    """The line with every word's box reaching `by` px further down (a rule under it boxed with them)."""
    ws = [replace(w, bbox=BBox(w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1 + by)) for w in ln.words]
    return Line(tuple(ws), BBox.enclosing([w.bbox for w in ws]))


def test_a_running_head_boxed_down_to_its_rule_is_furniture() -> None:
    # heavy letter-size scan, a rule under the section title heading the rectos: on one page OCR
    # boxed the rule with every word of the head ('_Analogy with Thermidor', 82 px tall over 34 px
    # type), so the head measured as a line set larger than the body and was no head group; it ran
    # into the text as a heading. Its letters are as wide as the body's, as a larger title's are not
    pages = [_headed_page(i) for i in range(1, 6)]
    head, *body_lines = [ln for b in pages[2].blocks for ln in b.lines]
    boxed = _boxed_down(head, 45)
    assert boxed.bbox.height > 2 * 40  # the head's box, against a body line 40 px high
    pages[2] = page(3, [[boxed], body_lines])
    out = clean_volume(pages)
    assert [b.kind for b in out[2].blocks][:2] == [BlockKind.RUNNING_HEAD, BlockKind.PAGE_NUMBER]
    clean = render_text(out).clean
    assert "Mill on the River" not in clean and "[3]" not in clean
    # a title set larger than the body, boxed as tall, stays text: its letters are wider
    title = row("The Mill on the River", 250, 300, height=85)
    pages[2] = page(3, [[title], body_lines])
    out = clean_volume(pages)
    assert "The Mill on the River" in render_text(out).clean
    assert BlockKind.RUNNING_HEAD not in [b.kind for b in out[2].blocks]


def test_a_tiny_mark_read_as_a_figure_in_the_margin_beside_a_line_is_a_speck() -> None:
    # a render of seed 1991 (camera spreads, octavo): in the gutter shadow beside a recto's second
    # line, a mark a quarter of the type's height was read, sure (0.92), as "2" by the pass over
    # the ink no word covers; it opened the line ("im- 2 portant"), a leftover page number
    pages = [_headed_page(i) for i in range(1, 5)]
    p = pages[2]
    head, *body_lines = [ln for b in p.blocks for ln in b.lines]
    ln = body_lines[1]
    y = ln.bbox.y0
    mark = Word("2", BBox(60, y - 10, 70, y + 5), 0.92)
    body_lines[1] = Line((mark, *ln.words), BBox.enclosing([mark.bbox, ln.bbox]))
    pages[2] = page(3, [[head], body_lines])
    out = clean_volume(pages)
    clean = render_text(out).clean
    assert " 2 " not in clean and "\n2 " not in clean
    assert BOOK_TEXT[1] in clean  # the line itself keeps every word
    # a folio hanging in the margin at the type's size, read sure, stays where it stands
    big = Word("2", BBox(60, y, 90, y + 40), 0.92)
    body_lines[1] = Line((big, *ln.words), BBox.enclosing([big.bbox, ln.bbox]))
    pages[2] = page(3, [[head], body_lines])
    assert "2 " + BOOK_TEXT[1] in render_text(clean_volume(pages)).clean


def _skewed(ln: Line, slope: float) -> Line:
    """The line as on a page left skewed: each word raised `slope` px per px right of the line's start."""
    x0 = ln.bbox.x0
    ws = []
    for w in ln.words:
        b = w.bbox
        dy = round(slope * (b.x0 - x0))
        ws.append(replace(w, bbox=BBox(b.x0, b.y0 - dy, b.x1, b.y1 - dy)))
    return Line(tuple(ws), BBox.enclosing([w.bbox for w in ws]))


def test_a_running_head_on_a_page_left_skewed_is_furniture() -> None:
    # seed 1958 heavy-octavo-2col-endnotes: one page stayed skewed by about 2°, so the head line
    # "Declaration to the Sixth Comintern Congress 13", in body-sized type, climbed 40 px from its
    # first word to its folio and its box stood twice a body line high; taken for a line set larger
    # than the body, it was no head: head and folio "13" ran into the page's first paragraph
    pages = [_headed_page(i) for i in range(1, 6)]
    lines = [_skewed(ln, 0.02) for b in pages[2].blocks for ln in b.lines]
    assert lines[0].bbox.height > 1.8 * 40  # the head's box, against a body line 40 px high
    pages[2] = page(3, [lines[:1], lines[1:]])
    out = clean_volume(pages)
    assert [p.label for p in out] == ["1", "2", "3", "4", "5"]
    assert [b.kind for b in out[2].blocks][:2] == [BlockKind.RUNNING_HEAD, BlockKind.PAGE_NUMBER]
    clean = render_text(out).clean
    assert "Mill on the River" not in clean and "[3]" not in clean
    # a title set larger than the body at the head of a page stays text, skewed or not
    title = _skewed(row("The Mill on the River", 250, 300, height=80), 0.02)
    pages[2] = page(3, [[title], lines[1:]])
    out = clean_volume(pages)
    assert "The Mill on the River" in render_text(out).clean
    assert BlockKind.RUNNING_HEAD not in [b.kind for b in out[2].blocks]


_COLUMN_WORDS = (
    "the party fearing the proletarian core and still restrained by the past had to act with care "
    "while the workers in the mills and the yards waited for a word that never came from the top"
).split()


def _two_column_page(index: int) -> Page:
    """A two-column page: a running head of two lines in the outer corner and the folio centred
    over the gutter beside it, a little right of the gutter's middle (a page photographed askew)."""
    words = _COLUMN_WORDS[index:] + _COLUMN_WORDS[:index]
    cols = []
    for c, (x0, x1) in enumerate([(200, 1180), (1300, 2280)]):
        rows = []
        for k in range(30):
            at = (k * 7 + c * 3) % len(words)
            text = " ".join((words * 2)[at : at + 7])
            rows.append(row(text, 420 + k * 58, x0, x1))
        cols.append(rows)
    head = [row("The Challenge of the Left", 150, 200), row("Opposition", 198, 200)]
    folio = row(str(index), 162, 1262)
    return page(index, [head, [folio], *cols])


def test_a_folio_centred_over_the_gutter_beside_a_two_line_head_is_furniture() -> None:
    # a render of seed 1913 (light-a5-2col-endnotes-camera, folios centred at the head as
    # "— 2 —", the versos' running head wrapped over two lines in the outer corner): the folio,
    # read "2" right of the gutter's middle, was read as the right column's first line, so the head
    # group (the two lines of the head opening the left column) did not hold it; it was left in
    # the text, a heading "2" between two columns
    pages = [_two_column_page(i) for i in range(1, 6)]
    o = order.read_page(pages[1])
    assert len(o.gutters) == 1
    assert [ln.text for f in o.flows for ln in f.lines].index("2") > 2  # read with the right column
    out = clean_volume(pages)
    assert [p.label for p in out] == ["1", "2", "3", "4", "5"]
    for p in out:
        assert [b.kind for b in p.blocks].count(BlockKind.PAGE_NUMBER) == 1
    text = render_text(out).clean
    assert not any(str(i) in text.split() for i in range(1, 6))
    assert "Opposition" not in text


def test_a_head_no_other_page_repeats_is_the_head_when_its_folio_fits_the_sequence() -> None:
    # seed 1967 heavy-letter-page-symbols-camera: a chapter of two pages and a half, its title on
    # its opening page not measured large (a photographed page): the one page beyond the opening
    # had the head '3 ‘Pravda’ sounds the alarm', repeated by no other page and naming no heading
    # found, and the head with its folio stayed in the text
    heads = {2: "The Book of Mills 2", 3: "3 The old ford", 4: "The Book of Mills 4", 5: "5 The new bridge"}
    heads |= {6: "The Book of Mills 6", 7: "7 The new bridge"}

    def headed(index: int) -> Page:
        rows = [row(t, 500 + k * 58, 300, 2260) for k, t in enumerate(BOOK_TEXT * 2)]
        return page(index, [[row(heads[index], HEAD, 300)], rows])

    out = clean_volume([headed(i) for i in range(2, 8)])
    assert [p.label for p in out] == ["2", "3", "4", "5", "6", "7"]
    assert [b.text for b in out[1].blocks if b.kind is BlockKind.PAGE_NUMBER] == ["3"]
    assert [b.text for b in out[1].blocks if b.kind is BlockKind.RUNNING_HEAD] == ["The old ford"]
    assert "old ford" not in render_text(out).clean
    # the same line where the sequence wants another folio is no head: it stays in the text
    heads[3] = "8 The old ford"
    out = clean_volume([headed(i) for i in range(2, 8)])
    assert "8 The old ford" in render_text(out).clean


def test_a_figure_read_with_doubt_at_the_foot_of_a_page_foliated_at_its_head_is_noise() -> None:
    # seed 1967 light-octavo-chapter-camera (folios '— 21 —' at the head): under a chapter's short
    # last page the edges of the photographed book's leaves were read as a '1' (0.56) far below
    # the text; not the page's folio, it stood as a paragraph of its own ahead of the notes
    def headed(index: int) -> Page:
        rows = [row(t, 500 + k * 58, 300, 2260) for k, t in enumerate(BOOK_TEXT)]
        return page(index, [[row(f"{index} The Mill on the River", HEAD, 300)], rows])

    pages = [headed(i) for i in range(1, 6)]
    edge = _doubtful(row("1", FOOT, 2000), [0.56])
    pages[2] = page(3, [*[list(b.lines) for b in pages[2].blocks], [edge]])
    out = clean_volume(pages)
    assert [p.label for p in out] == ["1", "2", "3", "4", "5"]
    assert [b.text for b in out[2].blocks if b.kind is BlockKind.OTHER] == ["1"]
    assert not any(par.strip() == "1" for par in render_text(out).clean.split("\n\n"))
    # read as sure as the page, it is print: the page keeps it in its text
    pages[2] = page(3, [*[list(b.lines) for b in headed(3).blocks], [row("1", FOOT, 2000)]])
    kept = clean_volume(pages)
    assert not any(b.kind is BlockKind.OTHER for b in kept[2].blocks)
    assert render_text([kept[2]]).clean.split()[-1] == "1"


def _foot_folio_page(
    index: int, last: str, folio: str, first: str = "¶the river ran past the old mill"
) -> Page:
    """A page of three body lines, the last `last` (a word broken at its end, or a sentence's end),
    and its folio read `folio` at the foot centre."""
    from tests.test_layout_helpers import Row, body
    from tests.test_layout_helpers import page as rows_page

    lines = [first, "where the workers met every morning before the long shift", last]
    rows = body(lines, top=300, last_short=not last.endswith("-"))
    return rows_page(index, rows + [Row(folio, 2300, x0=860, full=False)])


def _broken_over_page_two(second: Page) -> list[Page]:
    """Four pages with their folios at the foot centre, the second `second`, whose last word
    broken ('Ka-') the third's first line goes on ('menev')."""
    done = "began and nobody could remember it."
    return [
        _foot_folio_page(1, done, "1"),
        second,
        _foot_folio_page(3, done, "3", first="menev, and the river ran past the mill"),
        _foot_folio_page(4, done, "4"),
    ]


def test_a_folio_misread_as_letters_where_the_volume_s_folios_stand_is_the_folio() -> None:
    # a photographed book: the folio "2" at the foot centre read "w"; it stayed in the text as a
    # centred heading of its own, which kept the word broken over the page ("Ka-" / "menev") apart
    from tests.test_layout_helpers import Row, body
    from tests.test_layout_helpers import page as rows_page

    pages = _broken_over_page_two(_foot_folio_page(2, "began and it was not Zinoviev, Ka-", "w"))
    out = clean_volume(pages)
    assert [p.label for p in out] == ["1", "2", "3", "4"]
    assert [b.kind for b in out[1].blocks if b.text == "w"] == [BlockKind.PAGE_NUMBER]
    text = render_text(out).clean
    assert "not Zinoviev, Kamenev, and the river" in text and "\nw\n" not in text
    # a short word alone at the foot elsewhere than the folios stand stays text
    pages[1] = rows_page(
        2,
        body(
            ["¶the river ran past the old mill", "where the workers met every morning before the long shift"],
            top=300,
        )
        + [Row("end", 2300, x0=220, full=False)],
    )
    out = clean_volume(pages)
    assert [b.kind for b in out[1].blocks if b.text == "end"] != [BlockKind.PAGE_NUMBER]


def test_a_head_folio_misread_as_letters_where_the_volume_s_folios_stand_is_the_folio() -> None:
    # the same at the head of a volume without running heads: "lL" for "17" stayed as a heading
    from tests.test_layout_helpers import Row, body
    from tests.test_layout_helpers import page as rows_page

    def book_page(index: int, folio: str, x0: int = 840) -> Page:
        lines = [
            "¶the river ran past the old mill",
            "where the workers met every morning before the long shift",
        ]
        return rows_page(index, [Row(folio, 120, x0=x0, full=False)] + body(lines + ["began it."], top=300))

    out = clean_volume([book_page(i + 15, f) for i, f in enumerate(["15", "16", "lL", "18", "19"])])
    assert [p.label for p in out] == ["15", "16", "17", "18", "19"]
    assert [b.kind for b in out[2].blocks if b.text == "lL"] == [BlockKind.PAGE_NUMBER]
    assert "lL" not in render_text(out).clean
    # elsewhere than the folios stand, it stays text
    out = clean_volume(
        [
            book_page(i + 15, f, 200 if f == "lL" else 840)
            for i, f in enumerate(["15", "16", "lL", "18", "19"])
        ]
    )
    assert "lL" in render_text(out).clean


def test_a_speck_read_as_a_figure_under_the_foot_folio_does_not_take_its_place() -> None:
    # camera spreads: under the folio "[19]" (read with doubt) a speck a third of the type's height
    # was read "(2" with doubt; standing last on the page it was taken for the folio, and "[19]"
    # stayed in the text between two paragraphs
    pages = [_book_page(i, f"[{i}]") for i in range(1, 5)]
    p = pages[2]
    folio = _doubtful(row("[3]", FOOT, 2100), [0.36])
    speck = _doubtful(row("(2", FOOT + 90, 1260, height=BODY // 3), [0.23])
    pages[2] = page(3, [list(p.blocks[0].lines), [folio], [speck]])
    out = clean_volume(pages)
    assert [p.label for p in out] == ["1", "2", "3", "4"]
    assert [b.text for b in out[2].blocks if b.kind is BlockKind.PAGE_NUMBER] == ["[3]"]
    clean = render_text(out).clean
    assert "[3]" not in clean and "(2" not in clean


def _two_column_foot_page(index: int, *, speck: bool = False, folio_confidence: float = 0.95) -> Page:
    """A two-column page with its folio alone in the outer corner of the foot, under the left
    column; with `speck`, the page's edge read as a mark with doubt under the folio, at the corner."""
    p = _two_column_page(index)
    cols = [list(b.lines) for b in p.blocks[2:]]
    folio = _doubtful(row(f"[{index}]", FOOT, 200), [folio_confidence])
    groups: list[list[Line]] = [*cols, [folio]]
    if speck:
        groups.append([_doubtful(row("‘ae", FOOT + 70, 3, height=64), [0.24])])
    return page(index, groups)


def test_a_foot_folio_under_a_column_over_a_doubtful_mark_at_the_corner_is_the_folio() -> None:
    # a photographed two-column page: under the folio "[4]" in the foot's outer corner, the page's
    # edge was read '‘ae' with doubt, closer to the folio than a type height; reading the columns,
    # the folio stayed the left column's last line (the mark under it kept it there), not the
    # page's foot, and was left in the text between the two columns
    pages = [_two_column_foot_page(i, speck=i == 3) for i in range(1, 6)]
    o = order.read_page(pages[2])
    read = [ln.text for f in o.flows for ln in f.lines]
    assert read[-2:] == ["[3]", "‘ae"]  # after both columns, the mark last
    out = clean_volume(pages)
    assert [p.label for p in out] == ["1", "2", "3", "4", "5"]
    assert [b.text for b in out[2].blocks if b.kind is BlockKind.PAGE_NUMBER] == ["[3]"]
    clean = render_text(out).clean
    assert not any(f"[{i}]" in clean for i in range(1, 6)) and "‘ae" not in clean
    # a folio read with doubt itself, with no mark under it, is read after the columns as before
    pages[2] = _two_column_foot_page(3, folio_confidence=0.21)
    read = [ln.text for f in order.read_page(pages[2]).flows for ln in f.lines]
    assert read[-1] == "[3]"
    out = clean_volume(pages)
    assert [b.text for b in out[2].blocks if b.kind is BlockKind.PAGE_NUMBER] == ["[3]"]


def test_a_folio_read_as_doubtful_letters_alone_where_the_volume_s_folios_stand_is_the_folio() -> None:
    # a scanned two-column book: the folio "2" at the foot centre read "NR" with doubt (0.44). Taken
    # as marks under a folio, it was set aside; no folio stood over it, so it stayed in the text as
    # a heading of its own that cut the paragraph running on to the next page in two
    from tests.test_layout_helpers import Row, body
    from tests.test_layout_helpers import page as rows_page

    def doubtful_foot(p: Page, confidence: float) -> Page:
        last = p.blocks[-1]
        ln = _doubtful(last.lines[0], [confidence])
        return replace(p, blocks=p.blocks[:-1] + (replace(last, lines=(ln,)),))

    pages = _broken_over_page_two(
        doubtful_foot(_foot_folio_page(2, "began and it was not Zinoviev, Ka-", "NR"), 0.44)
    )
    out = clean_volume(pages)
    assert [p.label for p in out] == ["1", "2", "3", "4"]
    assert [b.kind for b in out[1].blocks if b.text == "NR"] == [BlockKind.PAGE_NUMBER]
    text = render_text(out).clean
    assert "not Zinoviev, Kamenev, and the river" in text and "NR" not in text
    # the same doubtful token alone at the foot elsewhere than the folios stand stays where it was
    pages[1] = doubtful_foot(
        rows_page(
            2,
            body(["¶the river ran past the old mill", "where the workers met every morning"], top=300)
            + [Row("NR", 2300, x0=220, full=False)],
        ),
        0.44,
    )
    out = clean_volume(pages)
    assert [b.kind for b in out[1].blocks if b.text == "NR"] != [BlockKind.PAGE_NUMBER]


def test_a_running_head_over_its_rule_read_as_a_dash_is_furniture() -> None:
    # a heavy photographed octavo with a rule under the running heads: on one page OCR read the
    # rule as a line of its own, '—' 7 px tall, half way between the head and the text. The head
    # group then ran on to the rule, with the text a short step under it, and was no head group:
    # the head stayed in the text as a heading, the rule as a paragraph '—', both mid-sentence
    pages = [_headed_page(i, head_y=310) for i in range(1, 6)]
    head, *body_lines = [ln for b in pages[2].blocks for ln in b.lines]
    rule = Line((Word("—", BBox(330, 365, 404, 372), 0.6),), BBox(330, 365, 404, 372))
    pages[2] = page(3, [[head], [rule], body_lines])
    out = clean_volume(pages)
    assert [b.kind for b in out[2].blocks][:2] == [BlockKind.RUNNING_HEAD, BlockKind.PAGE_NUMBER]
    clean = render_text(out).clean
    assert "Mill on the River" not in clean and "—" not in clean
    assert BOOK_TEXT[0] in clean
    # the rule read as letters boxed across the measure ('ee' 1345 px wide, a light two-column
    # page with its folio alone at the head): no type is set that wide
    wide = Line((Word("ee", BBox(300, 352, 2260, 385), 0.7),), BBox(300, 352, 2260, 385))
    pages[2] = page(3, [[head], [wide], body_lines])
    clean = render_text(clean_volume(pages)).clean
    assert "Mill on the River" not in clean and "ee" not in clean.split() and BOOK_TEXT[0] in clean
    # a dash printed as text, in a line of type's height, is no rule: it stays in the text
    dash = Line((Word("—", BBox(330, 352, 404, 385), 0.9),), BBox(330, 352, 404, 385))
    pages[2] = page(3, [[head], [dash], body_lines])
    assert "—" in render_text(clean_volume(pages)).clean


def test_a_date_line_at_the_foot_of_a_page_foliated_at_its_head_is_text() -> None:
    # seed 1571 clean-a5-2col-page-symbols-spreads: chapters open with their folio at the foot,
    # other pages carry it at the head. A letter's date line under its title, the last line of a
    # page whose folio was read at its head, stood set off at the foot: with two pages of the
    # volume foliated there, it was taken for the page's folio and left the text
    def headed(index: int) -> Page:
        rows = [row(t, 500 + k * 58, 300, 2260) for k, t in enumerate(BOOK_TEXT)]
        return page(index, [[row(f"{index} The Mill on the River", HEAD, 300)], rows])

    def opening(index: int) -> Page:
        rows = [row(t, 700 + k * 58, 300, 2260) for k, t in enumerate(BOOK_TEXT)]
        return page(index, [rows, [row(str(index), FOOT, 1260)]])

    pages = [opening(1), headed(2), headed(3), opening(4), headed(5), headed(6)]
    pages[2] = page(3, [*[list(b.lines) for b in headed(3).blocks], [row("May 26, 1928", FOOT, 300)]])
    out = clean_volume(pages)
    assert [p.label for p in out] == ["1", "2", "3", "4", "5", "6"]
    assert [b.text for b in out[2].blocks if b.kind is BlockKind.PAGE_NUMBER] == ["3"]
    assert render_text([out[2]]).clean.rstrip().endswith("May 26, 1928")
    # the opening pages' folios at the foot are still folios
    assert [b.text for b in out[3].blocks if b.kind is BlockKind.PAGE_NUMBER] == ["4"]
