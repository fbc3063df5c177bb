"""Reading order on constructed pages: columns are read one after the other, titles and note zones
spanning them where they stand, and a page that is not a book page keeps Tesseract's reading."""

from __future__ import annotations

from ingest.export.text import render_text
from ingest.layout import clean_volume, order
from ingest.model import BBox, Block, BlockKind, Line, Page, PageStatus, SourceRef, Word, block_id

W, H = 2550, 3300
COL = [(300, 1230), (1330, 2260)]  # two columns, a 100 px gutter
PITCH, BODY, CHAR = 58, 40, 21


def row(text: str, y: int, x0: int, x1: int | None = None, *, height: int = BODY) -> Line:
    """A printed row from x0, justified to x1 when given (else set at its natural width)."""
    toks = text.split()
    widths = [len(t) * CHAR * height // BODY for t in toks]
    gap = CHAR
    if x1 is not None and len(toks) > 1:
        gap = max(CHAR // 2, (x1 - x0 - sum(widths)) // (len(toks) - 1))
    words, x = [], x0
    for t, w in zip(toks, widths, strict=True):
        words.append(Word(t, BBox(x, y, x + w, y + height), 0.95))
        x += w + gap
    return Line(tuple(words), BBox.enclosing([w.bbox for w in words]))


def page(index: int, groups: list[list[Line]]) -> Page:
    """A page whose blocks are `groups` in the order given (as Tesseract would hand them over)."""
    blocks = tuple(
        Block(block_id(index, n), BlockKind.PARAGRAPH, tuple(g), BBox.enclosing([ln.bbox for ln in g]))
        for n, g in enumerate(groups, start=1)
    )
    return Page(index, SourceRef("t.pdf", index, "0" * 64), W, H, 300, blocks, status=PageStatus.OCR_DONE)


LEFT_TEXT = [
    "the river ran past the old mill where the",
    "workers met every morning before the long",
    "shift began and nobody in the town could",
    "remember a time when the wheel had stood",
    "quite still for more than a day or two in",
    "the coldest of the winters that the valley",
    "had known in all the years of its long and",
    "quiet history as the lords of the land had",
]
RIGHT_TEXT = [
    "told it to the children who came after them",
    "and wrote it down in the great book kept at",
    "the church where anyone could read it.",
    "The mill itself was built of the grey stone",
    "quarried from the hill behind the village",
    "and roofed with slates brought up the river",
    "on barges in the spring when the water was",
    "high enough to carry them over the shoals.",
]


def two_column_page(index: int = 1) -> Page:
    title = row("The Mill on the River", 300, 860, height=70)
    left = [
        row(t, 500 + k * PITCH, COL[0][0] + (57 if k == 0 else 0), COL[0][1]) for k, t in enumerate(LEFT_TEXT)
    ]
    right = [
        row(t, 500 + k * PITCH, COL[1][0] + (57 if k == 3 else 0), None if k in (2, 7) else COL[1][1])
        for k, t in enumerate(RIGHT_TEXT)
    ]
    note = (
        "1 The mill stood until the great flood of the year in which the old bridge over the river"
        " was also lost",
        "to the water, and it was never built again in stone; the records of the parish say so in a"
        " later hand.",
    )
    notes = [
        row(note[0], 2900, 300, height=30),
        row(note[1], 2940, 300, height=30),
        row("2 Ibid.", 2985, 300, height=30),
    ]
    # Tesseract's blocks, deliberately in row order (left and right lines interleaved): the order
    # must come from the page, not from the blocks
    rows = sorted([title, *left, *right, *notes], key=lambda ln: (ln.bbox.y0, ln.bbox.x0))
    return page(index, [[ln] for ln in rows])


def test_two_columns_are_read_one_after_the_other_under_a_spanning_title() -> None:
    p = two_column_page()
    o = order.read_page(p)
    assert o.book and len(o.gutters) == 1
    assert COL[0][1] - 10 <= o.gutters[0][0] < o.gutters[0][1] <= COL[1][0]  # the white band between
    texts = [ln.text for ln in o.lines]
    assert texts[0] == "The Mill on the River"
    assert texts[1 : 1 + len(LEFT_TEXT)] == LEFT_TEXT
    assert texts[1 + len(LEFT_TEXT) : 1 + len(LEFT_TEXT) + len(RIGHT_TEXT)] == RIGHT_TEXT
    assert texts[-3].startswith("1 The mill") and texts[-1] == "2 Ibid."  # the notes after the columns


def test_the_next_column_continues_the_paragraph_and_the_notes_run_across_the_foot() -> None:
    out = clean_volume([two_column_page()])[0]
    kinds = [b.kind for b in out.blocks]
    assert kinds[0] is BlockKind.HEADING
    notes = [b for b in out.blocks if b.kind is BlockKind.FOOTNOTE]
    assert [b.marker for b in notes] == ["1", "2"]
    clean = render_text([out]).clean
    paras = clean.split("\n\n")
    # the left column's paragraph runs on into the right column's first three lines
    assert paras[1] == " ".join(LEFT_TEXT + RIGHT_TEXT[:3])
    assert paras[2] == " ".join(RIGHT_TEXT[3:])
    assert any(d.kind == "paragraph_join" for d in out.decisions)


def test_every_word_of_a_column_page_is_exported_or_set_apart_by_a_decision() -> None:
    p = two_column_page()
    out = clean_volume([p])[0]
    exported = render_text([out]).clean
    kept = [w.text for b in out.blocks for w in b.words]
    assert sorted(kept) == sorted(w.text for b in p.blocks for w in b.words)
    for w in (w for ln in LEFT_TEXT + RIGHT_TEXT for w in ln.split()):
        assert w in exported


def _first(text: str, n: int) -> str:
    return " ".join(text.split()[:n])


def magazine_page() -> Page:
    """Two columns with a caption box set in the middle of them, text on both sides of it."""
    cap_y = 500 + 16 * PITCH  # level with a row of each column
    left = [row(t, 500 + k * PITCH, 300, 1230) for k, t in enumerate(LEFT_TEXT * 3)]
    right = [row(t, 500 + k * PITCH, 1330, 2260) for k, t in enumerate(RIGHT_TEXT * 3)]
    # the columns narrow around the caption
    left = [
        row(_first(ln.text, 5), ln.bbox.y0, 300, 1000) if cap_y - 20 <= ln.bbox.y0 <= cap_y + 150 else ln
        for ln in left
    ]
    right = [
        row(_first(ln.text, 5), ln.bbox.y0, 1560, 2260) if cap_y - 20 <= ln.bbox.y0 <= cap_y + 150 else ln
        for ln in right
    ]
    caption = [
        row("THE MILL WHEEL", cap_y, 1080, height=30),
        row("RESTORED IN 1990", cap_y + PITCH, 1060, height=30),
    ]
    return page(1, [left, right, caption])


def test_a_magazine_page_keeps_tesseract_order_and_every_word() -> None:
    p = magazine_page()
    o = order.read_page(p)
    assert not o.book and "no column explains" in o.why
    out = clean_volume([p])[0]
    assert [b.text for b in out.blocks] == [b.text for b in p.blocks]
    assert {b.kind for b in out.blocks} == {BlockKind.PARAGRAPH}
    assert not [d for d in out.decisions if d.kind in ("running_head", "page_number", "heading", "noise")]
    assert render_text([out]).clean.split("\n\n")[0].startswith(LEFT_TEXT[0])


def three_column_page_with_a_short_column() -> Page:
    """Three narrow columns, the first stopping after a few rows (a picture under it): the white
    between the first two columns is beside too few rows to be found as a gutter among all the
    rows that have text side by side."""
    cols = [(200, 800), (870, 1470), (1540, 2140)]
    words = " ".join(LEFT_TEXT + RIGHT_TEXT).split()
    text = [" ".join(words[(6 * k) % 90 : (6 * k) % 90 + 6]) for k in range(70)]
    first = [row(text[k], 500 + k * PITCH, *cols[0]) for k in range(7)]
    second = [row(text[10 + k], 500 + k * PITCH, *cols[1]) for k in range(30)]
    third = [row(text[40 + k], 500 + k * PITCH, *cols[2]) for k in range(30)]
    return page(1, [first, second, third])


def test_a_column_with_an_unseen_gutter_inside_it_keeps_tesseract_order() -> None:
    # tess_8071 (four magazine columns, the first short above a picture): reading the first two
    # columns as one column joined their rows ("S* MopED. She sighed. She cause of her sadness.")
    p = three_column_page_with_a_short_column()
    o = order.read_page(p)
    assert not o.book and "no column explains" in o.why
    out = clean_volume([p])[0]
    assert [b.text for b in out.blocks] == [b.text for b in p.blocks]


def test_a_drop_capital_read_after_its_lines_on_a_magazine_page_goes_first() -> None:
    # tess_8071: Tesseract read the row of a drop capital ("S* MopED. She sighed. She") as a block
    # of its own and handed it over after the paragraph it opens; the page keeps Tesseract's
    # reading, so the capital's row was exported after "…until he learned the"
    p = magazine_page()
    left, right, caption = ([ln for ln in b.lines] for b in p.blocks)
    cap_h = 2 * PITCH + BODY
    cap = Word("S*", BBox(300, 500, 410, 500 + cap_h), 0.3)
    first = row("HE MOPED. " + LEFT_TEXT[0], 500, 440, 1230)
    beside = [row(ln.text, ln.bbox.y0, 440, 1230) for ln in left[1:3]]
    cap_row = Line((cap, *first.words), cap.bbox.union(first.bbox))
    q = page(1, [beside, left[3:], [cap_row], right, caption])
    assert not order.read_page(q).book
    paras = render_text(clean_volume([q])).clean.split("\n\n")
    assert paras[0].startswith("S* HE MOPED. " + LEFT_TEXT[0]), paras[:2]
    assert paras[0].endswith(LEFT_TEXT[2]), paras[0]
    assert paras[1].startswith(left[3].text), paras[1]
    # every word is still there, each once
    words = sorted(w for para in paras for w in para.split())
    assert words == sorted(w.text for b in q.blocks for ln in b.lines for w in ln.words)


def test_a_capital_row_with_no_lines_beside_it_stays_where_it_was_read() -> None:
    # a large capital with nothing set beside it (a title's initial): Tesseract's order is kept
    p = magazine_page()
    left, right, caption = ([ln for ln in b.lines] for b in p.blocks)
    cap = Word("T", BBox(1400, 2900, 1520, 3056), 0.9)
    title = Line((cap, *row("HE END", 2900, 1560).words), BBox(1400, 2900, 1800, 3056))
    q = page(1, [left, right, caption, [title]])
    out = clean_volume([q])[0]
    assert [b.text for b in out.blocks] == [b.text for b in q.blocks]


def test_a_page_read_sideways_keeps_tesseract_text() -> None:
    # a page Tesseract read turned by 90 degrees: every word is taller than wide
    lines = []
    for k, t in enumerate(LEFT_TEXT):
        words, y = [], 300
        for tok in t.split():
            h = len(tok) * CHAR
            words.append(Word(tok, BBox(400 + k * PITCH, y, 400 + k * PITCH + BODY, y + h), 0.9))
            y += h + CHAR
        lines.append(Line(tuple(words), BBox.enclosing([w.bbox for w in words])))
    p = page(1, [lines])
    out = clean_volume([p])[0]
    assert [b.text for b in out.blocks] == [p.blocks[0].text]
    assert out.steps[-1].options.get("as_read") == "the text runs vertically"


def test_a_column_of_page_numbers_is_not_a_column() -> None:
    # a contents page whose page numbers Tesseract read as lines of their own, far right
    lines = []
    for k in range(12):
        lines.append(row(f"Chapter {k + 1} of the long story", 400 + k * PITCH, 300))
        lines.append(row(str(3 + 11 * k), 400 + k * PITCH, 2200))
    assert order.find_gutters(lines, 30.0) == []
    o = order.read_page(page(1, [[ln] for ln in lines]))
    assert o.book and [ln.text for ln in o.lines][:2] == [
        "Chapter 1 of the long story 3",
        "Chapter 2 of the long story 14",
    ]


def test_a_few_lines_read_vertically_are_kept_not_taken_for_a_dark_edge() -> None:
    # camera book: a chapter's last three lines, alone on a photographed page read sideways, were
    # set apart as scanner noise (tall, narrow lines) and lost from the export
    texts = ["if the course of events allows.", "I firmly shake your hand and", "wish you all the best."]
    lines = []
    for k, t in enumerate(texts):
        words, y = [], 150
        for tok in t.split():
            h = len(tok) * CHAR
            words.append(Word(tok, BBox(1200 - k * 32, y, 1232 - k * 32, y + h), 0.93))
            y += h + CHAR
        lines.append(Line(tuple(words), BBox.enclosing([w.bbox for w in words])))
    out = clean_volume([page(1, [lines])])[0]
    assert render_text([out]).clean.split() == " ".join(texts).split()


def test_a_chapters_last_page_with_few_rows_is_read_in_the_volumes_columns() -> None:
    # three rows per column are too few to show the gutter on the page itself; the volume's other
    # pages show it, and the two columns must not be merged row by row
    full = [two_column_page(1), two_column_page(2)]
    left = [row(t, 500 + k * PITCH, COL[0][0], COL[0][1]) for k, t in enumerate(LEFT_TEXT[:3])]
    right = [
        row(t, 500 + k * PITCH, COL[1][0], None if k == 2 else COL[1][1])
        for k, t in enumerate(RIGHT_TEXT[:3])
    ]
    last = page(3, [[ln] for ln in sorted(left + right, key=lambda ln: (ln.bbox.y0, ln.bbox.x0))])
    assert not order.read_page(last).gutters
    out = clean_volume([*full, last])[2]
    assert render_text([out]).clean.split() == " ".join(LEFT_TEXT[:3] + RIGHT_TEXT[:3]).split()


def test_a_chapters_last_rows_read_as_lines_across_the_gutter_are_cut_at_the_volumes_gutter() -> None:
    # clean-octavo-2col (1414): a chapter's last rows, short verse lines in both columns, were read
    # by Tesseract as single lines across the gutter ("I firmly shake your colony, to whom I hope"),
    # and the page showed no gutter of its own; the widest line each side is a column's
    full = [two_column_page(1), two_column_page(2)]
    left = ["I firmly shake your", "hand and the same for your", "whole", "colony of friends"]
    right = ["to whom I hope", "you will show", "this letter", "before the winter."]
    rows = []
    for k, (a, b) in enumerate(zip(left, right, strict=True)):
        la, lb = row(a, 500 + k * PITCH, COL[0][0]), row(b, 500 + k * PITCH, COL[1][0])
        rows.append(Line(la.words + lb.words, BBox.enclosing([la.bbox, lb.bbox])))
    last = page(3, [rows])
    assert not order.read_page(last).gutters
    out = clean_volume([*full, last])[2]
    assert render_text([out]).clean.split() == " ".join(left + right).split()


def test_a_speck_in_the_gutter_does_not_pull_a_right_column_line_into_the_left_column() -> None:
    # heavy scans: OCR read a speck in the gutter as the first mark of a right-column line ("-"
    # before "Bukharinist"), or glued it to the line's first word ("'-mintang" starting just left of
    # the gutter's middle); the line crossed the gutter and was read as one row with the left
    # column's line beside it. A third row was read as one line across the gutter.
    p = two_column_page()
    mid = (COL[0][1] + COL[1][0]) // 2
    blocks = []
    for b in p.blocks:
        ln = b.lines[0]
        if ln.text == RIGHT_TEXT[1]:
            speck = Word("-", BBox(mid - 8, ln.bbox.y0 + 15, mid - 4, ln.bbox.y0 + 20), 0.3)
            ln = Line((speck, *ln.words), BBox.enclosing([speck.bbox, ln.bbox]))
        elif ln.text == RIGHT_TEXT[4]:
            first = ln.words[0]
            glued = Word("'-" + first.text, BBox(mid - 2, first.bbox.y0, first.bbox.x1, first.bbox.y1), 0.6)
            ln = Line((glued, *ln.words[1:]), BBox.enclosing([glued.bbox, ln.bbox]))
        blocks.append(Block(b.id, b.kind, (ln,), ln.bbox))
    # the left and right lines of the sixth row as one OCR line
    y = 500 + 5 * PITCH
    pair = [b.lines[0] for b in blocks if b.lines[0].bbox.y0 == y]
    assert len(pair) == 2
    both = Line(
        tuple(w for ln in sorted(pair, key=lambda x: x.bbox.x0) for w in ln.words),
        BBox.enclosing([x.bbox for x in pair]),
    )
    blocks = [b for b in blocks if b.lines[0] not in pair] + [
        Block(block_id(1, 99), BlockKind.PARAGRAPH, (both,), both.bbox)
    ]
    o = order.read_page(page(1, [[b.lines[0]] for b in sorted(blocks, key=lambda b: (b.bbox.y0, b.bbox.x0))]))
    assert o.book and len(o.gutters) == 1
    texts = [ln.text for ln in o.lines]
    assert texts[1 : 1 + len(LEFT_TEXT)] == LEFT_TEXT, texts
    right = texts[1 + len(LEFT_TEXT) : 1 + len(LEFT_TEXT) + len(RIGHT_TEXT)]
    assert right[1] == RIGHT_TEXT[1] and right[4] == "'-" + RIGHT_TEXT[4] and right[5] == RIGHT_TEXT[5], right
    assert [w.text for w in o.noise] == ["-"]


def test_a_note_number_set_out_into_the_gutter_and_a_speck_before_it_stay_in_their_column() -> None:
    # a notes section in two columns whose numbers hang out into the gutter: one reaches a little
    # past the gutter's middle, another line starts with a speck OCR read in the gutter. Both are
    # lines of the right column, not rows of the left one (which the left line beside them would
    # have taken in, "… the valley 18. The mill …")
    p = two_column_page()
    mid = (COL[0][1] + COL[1][0]) // 2
    lines = [ln for b in p.blocks for ln in b.lines]
    out = []
    for ln in lines:
        if ln.text == RIGHT_TEXT[3]:
            ln = row("18. " + ln.text, ln.bbox.y0, mid - 8, COL[1][1])
        elif ln.text == RIGHT_TEXT[5]:
            rest = row(ln.text, ln.bbox.y0, COL[1][0], COL[1][1])
            speck = Word("_", BBox(mid - 40, ln.bbox.y0 + 30, mid - 25, ln.bbox.y0 + 36), 0.3)
            ln = Line((speck, *rest.words), BBox.enclosing([speck.bbox, rest.bbox]))
        out.append([ln])
    o = order.read_page(page(1, out))
    assert o.book and len(o.gutters) == 1
    texts = [ln.text for ln in o.lines]
    assert texts[1 : 1 + len(LEFT_TEXT)] == LEFT_TEXT
    right = texts[1 + len(LEFT_TEXT) : 1 + len(LEFT_TEXT) + len(RIGHT_TEXT)]
    assert right[3] == "18. " + RIGHT_TEXT[3] and right[5] == RIGHT_TEXT[5]  # the speck set apart


def test_a_running_head_beside_a_folio_standing_in_the_gutter_is_read_before_the_columns() -> None:
    # a page scanned askew: its folio, centred on the page, stands in the gutter right of the
    # gutter's middle, level with the running head over the left column. The row is the page's
    # head, read before the columns (not the folio as the right column's first line)
    p = two_column_page()
    mid = (COL[0][1] + COL[1][0]) // 2
    head = row("THE MILL ON THE RIVER", 200, COL[0][0])
    folio = row("12", 205, mid + 10)
    lines = [head, folio] + [ln for b in p.blocks for ln in b.lines if ln.text != "The Mill on the River"]
    o = order.read_page(page(1, [[ln] for ln in lines]))
    assert o.book and len(o.gutters) == 1
    assert o.flows[0].column is None
    texts = [ln.text for ln in o.lines]
    assert texts[0] == "THE MILL ON THE RIVER 12"
    assert texts[1 : 1 + len(LEFT_TEXT)] == LEFT_TEXT
    assert texts[1 + len(LEFT_TEXT) : 1 + len(LEFT_TEXT) + len(RIGHT_TEXT)] == RIGHT_TEXT


def test_the_columns_first_lines_over_a_paragraph_space_are_no_running_head() -> None:
    # spaced paragraphs in two columns: each column's first line ends a paragraph and the space
    # under it is as wide as a head's; the row was read as the page's head, across the columns,
    # before them ("the end of the last one. and so it ended there."), the right column's first
    # line ahead of the left column's text
    lines = [row("the end of the last one.", 200, COL[0][0]), row("and so it ended there.", 200, COL[1][0])]
    lines += [row(t, 200 + (2 + k) * PITCH, COL[0][0], COL[0][1]) for k, t in enumerate(LEFT_TEXT)]
    lines += [row(t, 200 + (2 + k) * PITCH, COL[1][0], COL[1][1]) for k, t in enumerate(RIGHT_TEXT)]
    o = order.read_page(page(1, [[ln] for ln in sorted(lines, key=lambda ln: (ln.bbox.y0, ln.bbox.x0))]))
    assert o.book and len(o.gutters) == 1
    assert [f.column for f in o.flows] == [0, 1]
    texts = [ln.text for ln in o.lines]
    assert texts == ["the end of the last one.", *LEFT_TEXT, "and so it ended there.", *RIGHT_TEXT]


def test_a_column_row_tesseract_cut_at_a_wide_word_space_is_one_row() -> None:
    # heavy-letter-2col-chapter (seed 1985), page 12: the right column's first row, justified wide,
    # was read as two lines 'in his case. He began,' / 'I believe, as a' with more than a type
    # height of white between them, so the page was taken for one with two lines side by side in
    # a column: it kept Tesseract's reading and its note across the foot stayed in the text. The
    # row below has a word across the whole of that white: a word space, no gutter.
    p = two_column_page()
    lines = [ln for b in p.blocks for ln in b.lines]
    first, second = (next(ln for ln in lines if ln.text == RIGHT_TEXT[k]) for k in (0, 1))
    y0, y1 = first.bbox.y0, second.bbox.y0
    cut = [row("told it to the children", y0, COL[1][0], 1880), row("as it was so", y0, 1960)]
    below = row("and wrote it down in the remarkable book at", y1, *COL[1])
    assert any(w.bbox.x0 <= 1880 and w.bbox.x1 >= 1960 for w in below.words)
    swap = {id(first): cut, id(second): [below]}
    q = page(1, [[x] for ln in lines for x in swap.get(id(ln), [ln])])
    o = order.read_page(q)
    assert o.book and len(o.gutters) == 1, o.why
    out = clean_volume([q])[0]
    notes = [b for b in out.blocks if b.kind is BlockKind.FOOTNOTE]
    assert [b.marker for b in notes] == ["1", "2"]
    # the same white in the row below too (two narrow columns, one gutter unseen) stays a misfit
    open_below = [row("and wrote it down in the", y1, COL[1][0], 1870), row("book at", y1, 1975, 2260)]
    swap[id(second)] = open_below
    r = page(1, [[x] for ln in lines for x in swap.get(id(ln), [ln])])
    assert not order.read_page(r).book


def _bent(line: Line, cut: int, dy: int) -> list[Line]:
    """A row OCR cut in two where it bends near a spread's fold: its first `cut` words a line of
    their own, `dy` pixels lower than the rest."""
    left = [
        Word(w.text, BBox(w.bbox.x0, w.bbox.y0 + dy, w.bbox.x1, w.bbox.y1 + dy), w.confidence)
        for w in line.words[:cut]
    ]
    right = list(line.words[cut:])
    return [Line(tuple(ws), BBox.enclosing([w.bbox for w in ws])) for ws in (left, right)]


def test_a_note_zone_cut_along_a_slant_where_its_rows_bend_is_read_row_by_row() -> None:
    # light-a5-2col-chapter-spreads (seed 1947), a recto's foot: the rows of its note zone across
    # the columns bend near the fold, and OCR read each row as two lines, cut further right on
    # each row ('3. There' / 'Trotsky uses rassels' / ...), the left pieces half a line lower than
    # the rest. The left pieces were read as a column of their own, out of their rows: note 3's
    # number stood in its second line and its first line was lost to it.
    p = two_column_page()
    lines = [ln for b in p.blocks for ln in b.lines]
    body = [ln for ln in lines if ln.bbox.y0 < 2800]
    notes = [
        row(
            "1 The mill stood until the great flood of the year in which the old bridge over",
            2900,
            300,
            height=30,
        ),
        row(
            "the river was also lost to the water, and it was never built again in stone; the",
            2940,
            300,
            height=30,
        ),
        row(
            "records of the parish say so in a later hand and the stones went to the church.",
            2980,
            300,
            height=30,
        ),
        row(
            "2 Ibid., the same hand, a few pages further on in the book of the parish.", 3020, 300, height=30
        ),
    ]
    pieces = [x for k, ln in enumerate(notes) for x in _bent(ln, 2 + k, 14)]
    q = page(1, [body, pieces[0::2], pieces[1::2]])
    out = clean_volume([q])[0]
    zone = [b for b in out.blocks if b.kind is BlockKind.FOOTNOTE]
    assert [b.marker for b in zone] == ["1", "2"]
    assert [ln.text for ln in zone[0].lines] == [ln.text for ln in notes[:3]]
    assert [ln.text for ln in zone[1].lines] == [notes[3].text]


NAMES = [
    "L. Sosnovsky",
    "N. Muralov",
    "G. Valentinov",
    "Nevelson-Man",
    "V. Eltsin",
    "V. Vaganyan",
    "Y. Malyuta",
    "V. Kasparova",
    "S. Kavtaradze",
    "Vilensky (Sibiryakov)",
]


def test_a_column_of_short_lines_over_full_ones_keeps_its_full_lines_in_the_column() -> None:
    # heavy-a5-2col-endnotes (seed 1103), the last page: the left column lists the signatories
    # of a letter, one short name a row, then a note's full lines at its foot, beside the right
    # column's notes. Most rows end where the names do, so the white between the columns was
    # measured from there to the right column's start, and the note's lines, which run into that
    # white but never reach the right column, were taken for lines across the columns with text
    # beside them: the page was not read as a book page, and its notes were not found.
    left = [row(t, 300 + k * PITCH, COL[0][0]) for k, t in enumerate(NAMES)]
    # the note's first line at the column's edge, its next ones set in (a hanging indent)
    foot = [
        row(t, 300 + (len(NAMES) + k) * PITCH, COL[0][0] + (60 if k else 0), COL[0][1])
        for k, t in enumerate(LEFT_TEXT[:2])
    ]
    right_text = RIGHT_TEXT + LEFT_TEXT[2:6]  # as many rows as the left column
    right = [row(t, 300 + k * PITCH, *COL[1]) for k, t in enumerate(right_text)]
    o = order.read_page(page(1, [left + foot, right]))
    assert o.book, o.why
    assert [ln.text for ln in o.lines] == NAMES + LEFT_TEXT[:2] + right_text


def test_two_columns_whose_gutter_slants_are_read_one_after_the_other() -> None:
    # seed 1926 heavy-a5-2col-endnotes (Linux Libertine O), a warped page: the lines lean, the
    # right column's foot starting left of where the left column's head ends, so that no upright
    # white runs between the columns. The page was read as one with lines no column explains and
    # kept Tesseract's order, which interleaved the two columns' rows ('... to sign a mutu: /
    # to publish an encyclopedia ...'). The white between the columns, row by row, follows one
    # slanting line: the page is read along it.
    slope = -0.2
    texts = LEFT_TEXT + RIGHT_TEXT  # sixteen rows a column
    words = " ".join(texts).split()
    right_texts = [" ".join(words[k + 3 : k + 11]) for k in range(16)]

    def lean(ln: Line) -> Line:
        return Line(
            tuple(
                Word(
                    w.text,
                    BBox(
                        w.bbox.x0 + round(slope * (w.bbox.y0 - 500)),
                        w.bbox.y0,
                        w.bbox.x1 + round(slope * (w.bbox.y0 - 500)),
                        w.bbox.y1,
                    ),
                    w.confidence,
                )
                for w in ln.words
            ),
            BBox(
                ln.bbox.x0 + round(slope * (ln.bbox.y0 - 500)),
                ln.bbox.y0,
                ln.bbox.x1 + round(slope * (ln.bbox.y0 - 500)),
                ln.bbox.y1,
            ),
        )

    left = [lean(row(t, 500 + k * PITCH, *COL[0])) for k, t in enumerate(texts)]
    right = [lean(row(t, 500 + k * PITCH, *COL[1])) for k, t in enumerate(right_texts)]
    assert left[0].bbox.x1 > right[-1].bbox.x0  # no upright white between the columns
    rows = sorted([*left, *right], key=lambda ln: (ln.bbox.y0, ln.bbox.x0))
    o = order.read_page(page(1, [[ln] for ln in rows]))
    assert o.book and len(o.gutters) == 1, o.why
    assert [ln.text for ln in o.lines] == texts + right_texts
    # the lines keep their places on the page
    assert {ln.bbox for ln in o.lines} == {ln.bbox for ln in rows}


def _lettered_row(text: str, y: int, x0: int, *, scale: float = 1.0) -> Line:
    """A row whose words are as tall as their letters: a word of x-height letters alone (no
    ascender, capital, figure or descender) stands 0.65 of the type's height."""
    words, x = [], x0
    for t in text.split():
        short = not set(t.lower()) & set("bdfhkltgjpqy0123456789") and t.islower()
        h = round((0.65 if short else 1.0) * BODY * scale)
        w = len(t) * CHAR
        words.append(Word(t, BBox(x, y + BODY - h, x + w, y + BODY), 0.95))
        x += w + CHAR
    return Line(tuple(words), BBox.enclosing([w.bbox for w in words]))


def test_a_columns_last_line_of_short_words_below_the_other_column_stays_in_its_column() -> None:
    # heavy a5 two-column book: the left column ran one line lower than the right one, and its last
    # line, 'was not completed as a democratic re-', had so many words of x-height letters alone
    # that its median word stood under 0.85 of the body's: it was taken for a note in smaller type
    # under the columns and read after the right column, splitting its paragraph
    last = "was not completed as a democratic re-"
    left = [row(t, 500 + k * PITCH, COL[0][0], COL[0][1]) for k, t in enumerate(LEFT_TEXT)]
    right = [row(t, 500 + k * PITCH, COL[1][0], COL[1][1]) for k, t in enumerate(RIGHT_TEXT[:7])]
    tail = _lettered_row(last, 500 + len(LEFT_TEXT) * PITCH, COL[0][0])
    rows = sorted([*left, *right, tail], key=lambda ln: (ln.bbox.y0, ln.bbox.x0))
    texts = [ln.text for ln in order.read_page(page(1, [[ln] for ln in rows])).lines]
    assert texts == [*LEFT_TEXT, last, *RIGHT_TEXT[:7]]
    # the same line in smaller type (a short note under the columns) is still read after them
    small = _lettered_row(last, 500 + len(LEFT_TEXT) * PITCH, COL[0][0], scale=0.7)
    rows = sorted([*left, *right, small], key=lambda ln: (ln.bbox.y0, ln.bbox.x0))
    texts = [ln.text for ln in order.read_page(page(1, [[ln] for ln in rows])).lines]
    assert texts == [*LEFT_TEXT, *RIGHT_TEXT[:7], last]


def test_a_columns_first_line_going_on_in_lower_case_is_no_title_however_tall() -> None:
    # heavy letter two-column book: the right column's first line, 'most "conspicuous" figures
    # that personify the', had words stretched tall by the scan's ink, a box a title's height,
    # and stood a little in from the column's edges (the column's frame measured askew): it was
    # taken for a title, with the line under it, and the paragraph running on from the left
    # column's last line, which ends no sentence, was cut at the column break
    left = [row(t, 500 + k * PITCH, COL[0][0], COL[0][1]) for k, t in enumerate(LEFT_TEXT)]
    first = row("most conspicuous figures that", 500, COL[1][0] + 30, COL[1][1] - 57, height=58)
    right = [first] + [
        row(t, 500 + (k + 1) * PITCH + 8, COL[1][0], COL[1][1]) for k, t in enumerate(RIGHT_TEXT[:7])
    ]
    lines = sorted([*left, *right], key=lambda ln: (ln.bbox.y0, ln.bbox.x0))
    out = clean_volume([page(1, [[ln] for ln in lines])])[0]
    assert not [b for b in out.blocks if b.kind is BlockKind.HEADING], [b.text for b in out.blocks]
    paras = render_text([out]).clean.split("\n\n")
    assert paras[0].startswith(LEFT_TEXT[0]) and first.text in paras[0], paras


def test_two_columns_whose_rows_tesseract_read_as_one_line_each_are_read_one_after_the_other() -> None:
    # a photographed two-column volume: on most pages Tesseract read each row of both columns as
    # one line across the narrow gutter ('scapegoat trials, in which the bur- Trotsky's reference
    # in point 6 to'), and the page showed no gutter of its own: the columns were read row by row
    # across. The white all those lines hold at one place is the gutter; a speck read in it on one
    # row ('until _ tions') does not hide it.
    merged = []
    for k, (a, b) in enumerate(zip(LEFT_TEXT, RIGHT_TEXT, strict=True)):
        y = 500 + k * PITCH
        la, lb = row(a, y, COL[0][0], COL[0][1]), row(b, y, COL[1][0], None if k in (2, 7) else COL[1][1])
        speck = (Word("_", BBox(1270, y + 30, 1290, y + 36), 0.4),) if k == 4 else ()
        merged.append(Line(la.words + speck + lb.words, BBox.enclosing([la.bbox, lb.bbox])))
    title = row("The Mill on the River", 300, 860, height=70)
    p = page(1, [[title], merged])
    o = order.read_page(p)
    assert o.book and len(o.gutters) == 1
    assert COL[0][1] - 10 <= o.gutters[0][0] < o.gutters[0][1] <= COL[1][0] + 10
    texts = [ln.text for ln in o.lines]
    assert texts == ["The Mill on the River", *LEFT_TEXT, *RIGHT_TEXT]
    out = clean_volume([p])[0]
    assert (
        render_text([out]).clean.split()
        == " ".join(["The Mill on the River", *LEFT_TEXT, *RIGHT_TEXT]).split()
    )
    # one column of justified prose, its lines as wide: no white runs down inside its lines
    wide = [
        row(a + " " + b, 500 + k * PITCH, COL[0][0], COL[1][1])
        for k, (a, b) in enumerate(zip(LEFT_TEXT, RIGHT_TEXT, strict=True))
    ]
    assert not order.read_page(page(2, [[title], wide])).gutters
