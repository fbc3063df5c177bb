"""Numbered notes on two-column pages and in notes sections, on constructed pages: a note set on
the page after its call when the call is anywhere in the last column, a short note under the
columns read in the first column's flow ahead of the zone's other notes, a note whose number OCR
read as its stop alone after a full line, and a number read with a speck and its stop apart."""

from __future__ import annotations

from ingest.layout import clean_volume
from ingest.layout.geometry import PageFrame, VolumeMetrics
from ingest.model import BlockKind, Line, Page
from tests.test_layout_helpers import LEFT, Row, footnote_blocks, line, note_calls
from tests.test_layout_order import COL, LEFT_TEXT, PITCH, RIGHT_TEXT, page, row

ROWS = 20  # lines of each column


def _column_page(index: int, *, right: list[str] | None = None, notes: list[Line] = ()) -> Page:  # type: ignore[assignment]
    """Two justified columns of `ROWS` lines from y=500 (the right column's texts `right`), the last
    line of each short, and `notes` under them."""
    texts = (LEFT_TEXT * 3)[:ROWS]
    rights = right or (RIGHT_TEXT * 3)[:ROWS]
    left = [
        row(t, 500 + k * PITCH, COL[0][0], COL[0][1] if k < ROWS - 1 else None) for k, t in enumerate(texts)
    ]
    rows = [
        row(t, 500 + k * PITCH, COL[1][0], COL[1][1] if k < ROWS - 1 else None) for k, t in enumerate(rights)
    ]
    lines = sorted([*left, *rows, *notes], key=lambda ln: (ln.bbox.y0, ln.bbox.x0))
    return page(index, [[ln] for ln in lines])


def test_a_note_set_on_the_next_page_called_high_in_the_last_column_of_the_page_before() -> None:
    # a two-column page's call (read as a degree sign) 15 lines above the foot of its column; its
    # note did not fit under the columns and opens the next page's note zone: before, a call was
    # looked for on the page before only in its last 8 lines, and the note went unlinked
    rights = (RIGHT_TEXT * 3)[:ROWS]
    rights[4] = "quarried from the hill behind the village°"
    first = _column_page(1, right=rights)
    foot = 500 + ROWS * PITCH + 120
    second = _column_page(
        2,
        notes=[
            row(
                "1 Written in a later hand in the margin of the parish book beside the entry",
                foot,
                300,
                2260,
                height=30,
            ),
            row("for the year of the great flood.", foot + 40, 300, height=30),
        ],
    )
    out = clean_volume([first, second])
    notes = footnote_blocks(out)
    assert [b.marker for b in notes] == ["1"]
    assert note_calls(out) == {notes[0].id: "village"}


def test_a_short_note_under_the_columns_read_in_the_first_column_opens_the_zone() -> None:
    # seed 1952 clean-a5-2col-volume-spreads: the zone under the columns opens with a one-line note
    # no wider than the first column (the reading order put it at that column's foot) and goes on
    # across the page with notes whose close-set lines' boxes overlap by a descender; the zone was
    # found at the wide notes alone and the short note stayed in the text
    from ingest.layout.segment import NoteCursor, _zone_below_the_columns

    left = [row(t, 500 + k * PITCH, COL[0][0], COL[0][1]) for k, t in enumerate(LEFT_TEXT[:7])]
    right = [row(t, 500 + k * PITCH, COL[1][0], COL[1][1]) for k, t in enumerate(RIGHT_TEXT)]
    foot = 500 + 7 * PITCH + 134
    short = row("3. AUCP - All-Union Communist Party.", foot, COL[0][0], height=30)
    wide = [
        row(
            "4. Anglo-Russian Committee - Formed by the British Trades Union Congress and the",
            foot + 40,
            300,
            2260,
            height=30,
        ),
        row("Soviet trade unions in 1925 to work together against the war.", foot + 68, 300, height=30),
        row(
            "5. Mensheviks - Minority faction of the Russian Social Democratic Labor Party after",
            foot + 96,
            300,
            2260,
            height=30,
        ),
        row("the split with the Bolsheviks in 1903.", foot + 124, 300, height=30),
    ]
    metrics = VolumeMetrics(line_height=40.0, pitch=58.0, type_height=30.0)
    read = [*left, short, *right, *wide]
    body, zone = _zone_below_the_columns(
        read, metrics, NoteCursor(next_number=3), found=len(read) - len(wide)
    )
    assert zone is not None and body[zone:] == [short, *wide] and body[:zone] == [*left, *right]
    # a last line of the first column that is no note stays where it was read, and so does the zone
    plain = row("and the mill stood still for a day.", foot, COL[0][0])
    read = [*left, plain, *right, *wide]
    body, zone = _zone_below_the_columns(
        read, metrics, NoteCursor(next_number=3), found=len(read) - len(wide)
    )
    assert body == read and zone == len(read) - len(wide)


#: The column and measures the hanging-indent notes below are cut in (`endnotes.note_starts`).
NOTES_FRAME = PageFrame(LEFT, 1550)
NOTES_METRICS = VolumeMetrics(line_height=40.0, pitch=58.0, type_height=30.0, para_gap=1.22, para_space=1.44)


def _hanging(rows: list[tuple[str, int, bool]]) -> list[Line]:
    return [
        line(Row(t, 300 + 49 * k, x0=LEFT + dx, height=32, full=full)) for k, (t, dx, full) in enumerate(rows)
    ]


def test_an_endnote_whose_number_ocr_read_as_its_stop_alone_after_a_full_line_opens_a_note() -> None:
    # seed 1972 heavy-octavo-2col-endnotes: '3. Balabolkin' read '. Balabolkin', the stop out where
    # the numbers hang, after the note before ended on a full line: before, it was taken for that
    # note's next line (and the notes after it numbered one short)
    from ingest.layout.endnotes import note_starts

    lines = _hanging(
        [
            ("1. Kamenev, L. (1883-1936) - Old Bolshevik CC member; in", 0, True),
            ("1917 he initially opposed the October insurrection and", 45, True),
            ("was readmitted to the party in 1928.", 45, False),
            ("2. Mekhlis, L. (1889-1953) - A personal secretary to Stalin", 0, True),
            ("in the late twenties; in 1930 he would become a member of", 45, True),
            ("the editorial board of the paper in the capital itself.", 45, True),
            (". Balabolkin, Kolya or Kolechka - Derived from the Russian", 5, True),
            ("word for blabbermouth, the name he gave to his rival.", 45, False),
            ("4. Bonapartism - The Marxist term for a political regime", 0, True),
            ("basing itself on the military and police.", 45, False),
        ]
    )
    lines[6] = Line(lines[6].words, lines[6].bbox)
    starts = note_starts(lines, NOTES_FRAME, NOTES_METRICS)
    assert [i for i, _ in starts] == [0, 3, 6, 8]
    assert starts[2] == (6, "note-hang")


def test_an_endnote_whose_number_ocr_read_as_a_letter_after_a_full_line_opens_a_note() -> None:
    # seed 1554 heavy-letter-2col-endnotes: '11. Marx, K.' read 'a. Marx, K.' out where the numbers
    # hang, after note 10's last line, which ended its sentence filling the measure: it was taken
    # for that note's next line. A continuation line out there with no such token stays in its note
    from ingest.layout.endnotes import note_starts

    rows = [
        ("10. Kuomintang (KMT) - Nationalist Party of China, a party", 0, True),
        ("founded in 1912; in 1926 it began a campaign to defeat the", 45, True),
        ("warlords of the north and became the ruling party of China.", 45, True),
        ("a. Marx, K. (1818-1883) - With Engels, the founder of scientific", 0, True),
        ("socialism and a leader of the First International.", 45, False),
    ]
    assert [i for i, _ in note_starts(_hanging(rows), NOTES_FRAME, NOTES_METRICS)] == [0, 3]
    rows[3] = ("and Marx, K. (1818-1883) with Engels, the founder of scientific", 0, True)
    assert [i for i, _ in note_starts(_hanging(rows), NOTES_FRAME, NOTES_METRICS)] == [0]


def test_a_speck_read_as_a_stop_after_a_full_line_going_on_with_its_sentence_opens_no_note() -> None:
    # heavy octavo endnotes: note 7's last line '. imprison Oppositionists and other dissidents.'
    # opened with a speck read as a stop, out where the numbers hang, under the full line 'against
    # the Soviet state; Stalin used it to exile and': it was taken for note 8's number's stop, and
    # the note was cut in two
    from ingest.layout.endnotes import note_starts

    lines = _hanging(
        [
            ("1. Kamenev, L. (1883-1936) - Old Bolshevik CC member; in", 0, True),
            ("1917 he initially opposed the October insurrection and", 45, True),
            ("was readmitted to the party in 1928.", 45, False),
            ("2. Article 58 (of the Penal Code) - Provided for punishment", 0, True),
            ("of those engaged in activity against the state; Stalin used", 45, True),
            ("it against the Oppositionists and in the end to exile and", 45, True),
            (". imprison Oppositionists and other dissidents.", 5, False),
            ("3. Bonapartism - The Marxist term for a political regime", 0, True),
            ("basing itself on the military and police.", 45, False),
        ]
    )
    assert [i for i, _ in note_starts(lines, NOTES_FRAME, NOTES_METRICS)] == [0, 3, 7]


def test_a_note_number_read_with_a_speck_and_its_stop_apart_leaves_the_note_text_clean() -> None:
    # seed 1995 light-a5-endnotes-spreads: '7. Cf., ibid.' read '7~ . Cf, ibid.'; the speck and the
    # stop were kept as the note's first words ('~ . Cf, ibid.')
    from ingest.export.flow import _note_words
    from ingest.model import BBox, Block, Word

    words = ["7~", ".", "Cf.,", "ibid.,", "pp.", "675-688."]
    ws = tuple(Word(t, BBox(100 + 80 * k, 100, 170 + 80 * k, 130), 0.9) for k, t in enumerate(words))
    b = Block(
        "p0001-b01",
        BlockKind.FOOTNOTE,
        (Line(ws, BBox.enclosing([w.bbox for w in ws])),),
        ws[0].bbox,
        marker="7",
    )
    assert [w.text for w in _note_words(b)] == ["Cf.,", "ibid.,", "pp.", "675-688."]
    # a number glued to the note's first word keeps the word
    ws2 = (Word("12Kamenev,", BBox(100, 100, 300, 130), 0.9), Word("L.", BBox(320, 100, 360, 130), 0.9))
    b2 = Block(
        "p0001-b02", BlockKind.FOOTNOTE, (Line(ws2, BBox(100, 100, 360, 130)),), ws2[0].bbox, marker="12"
    )
    assert [w.text for w in _note_words(b2)] == ["Kamenev,", "L."]


def test_glyphs_before_a_dash_are_no_call() -> None:
    # 'Bukharin³—as we know—' read 'Bukharin?-—as' (seed 1953) links its note when glyphs before a
    # dash are taken for a call, but on a held-out book that cost a link: a question or a
    # quotation closed before a dash is as likely, and nothing on the line tells them apart
    from ingest.layout.calls import call_candidates

    for text in ("of the ECCI that Bukharin?-— as we know— chose", "what did he say?—and then the men came"):
        assert call_candidates([line(Row(text, 500))]) == []
    # a word broken at the line's end with a hyphen after a quote is no call
    ln = line(Row("and so the men said: ‘we shall not come in- to the mill", 500))
    assert call_candidates([ln]) == []


def _first_page_with_a_zone(zone: list[Line]) -> Page:
    """A volume's first two-column page whose right column calls note 1 ('village¹', read as a
    degree sign), with `zone` under the columns."""
    rights = (RIGHT_TEXT * 3)[:ROWS]
    rights[4] = "quarried from the hill behind the village°"
    return _column_page(1, right=rights, notes=zone)


FOOT = 500 + ROWS * PITCH + 120


def test_a_zone_across_the_columns_whose_first_line_ocr_lost_is_the_pages_notes() -> None:
    # seed 1946 heavy-a5-2col-chapter-camera (TeX Gyre Bonum, photographed): under the rule over
    # the notes OCR lost the first line of a chapter's first note ('1. Kamenev, L. …'); its other
    # lines, in smaller type across the page under both columns, were left in the text as a
    # paragraph (no note continues onto the page, and the zone's first line opens none). A
    # two-column page's body lines are a column wide: lines in smaller type at the foot that run
    # across the gutter, set off below the columns, are its notes.
    zone = [
        row(
            "opposed the plan of the mill owners in the spring and was readmitted to the guild",
            FOOT,
            300,
            2260,
            height=30,
        ),
        row("in the year of the great flood.", FOOT + 40, 300, height=30),
    ]
    out = clean_volume([_first_page_with_a_zone(zone)])
    notes = footnote_blocks(out)
    assert [(b.marker, b.text.split()[0]) for b in notes] == [("1", "opposed")]
    assert note_calls(out) == {notes[0].id: "village"}
    body = " ".join(b.text for p in out for b in p.blocks if b.kind is BlockKind.PARAGRAPH)
    assert "flood" not in body and "opposed" not in body
    # a line in the body's own type under the columns is no note
    plain = [
        row(
            "and so the mill stood still for the whole of the long winter of the great flood.",
            FOOT,
            300,
            2260,
        )
    ]
    out = clean_volume([_first_page_with_a_zone(plain)])
    assert footnote_blocks(out) == []


def test_a_rule_over_the_notes_read_as_a_word_is_left_out() -> None:
    # seed 1946 heavy-a5-2col-chapter-camera: the rule over a page's notes, blurred on the
    # photograph, was read as a word 'We' 314 px wide and 17 px high (confidence 0.29), and went
    # into the note before as its last word ('Lyova – See Sedov, L. We'): a word read unsure, flat,
    # and several type heights wide for each of its letters is a rule
    from ingest.model import BBox, Word

    rule = Line(
        (Word("We", BBox(300, FOOT - 40, 614, FOOT - 23), 0.29),), BBox(300, FOOT - 40, 614, FOOT - 23)
    )
    zone = [
        rule,
        row(
            "1 Written in a later hand in the margin of the parish book beside the entry",
            FOOT,
            300,
            2260,
            height=30,
        ),
        row("for the year of the great flood.", FOOT + 40, 300, height=30),
    ]
    out = clean_volume([_first_page_with_a_zone(zone)])
    kept = (BlockKind.PARAGRAPH, BlockKind.FOOTNOTE, BlockKind.HEADING)
    words = [w.text for p in out for b in p.blocks if b.kind in kept for w in b.words]
    assert "We" not in words
    notes = footnote_blocks(out)
    assert [b.text.split()[-1] for b in notes] == ["flood."]


def test_a_paragraph_opening_with_a_figure_at_the_foot_of_the_last_column_beside_text_is_no_note() -> None:
    # seed 1946 heavy-a5-2col-chapter-camera: at the foot of a page's second column a quotation in
    # smaller type opened 'I am now translating…', read '1 am_ now'; the chapter's notes count
    # from 1, and it was taken for the page's note 1 though the first column's text runs on
    # beside it. A book's notes run under the columns: a zone read at the foot of one
    # column with a line of an earlier column beside it, in the text's type, is text.
    left = [row(t, 500 + k * PITCH, COL[0][0], COL[0][1]) for k, t in enumerate((LEFT_TEXT * 3)[:ROWS])]
    rights = (RIGHT_TEXT * 3)[: ROWS - 5]
    right = [row(t, 500 + k * PITCH, COL[1][0], COL[1][1]) for k, t in enumerate(rights)]
    right[-1] = row(rights[-1], 500 + (len(rights) - 1) * PITCH, COL[1][0])
    top = 500 + len(rights) * PITCH + 40
    tail = [
        "1 am now translating the book of the parish",
        "for the keepers of the old mill by the river",
        "where the workers met in the long winters.",
    ]
    foot = [
        row(t, top + k * 44, COL[1][0] + 60, COL[1][1] - 60 if k < 2 else None, height=30)
        for k, t in enumerate(tail)
    ]
    lines = sorted([*left, *right, *foot], key=lambda ln: (ln.bbox.y0, ln.bbox.x0))
    out = clean_volume([page(1, [[ln] for ln in lines])])
    assert footnote_blocks(out) == []
    body = " ".join(b.text for p in out for b in p.blocks if b.kind is BlockKind.PARAGRAPH)
    assert "translating the book" in body


def test_a_note_line_cut_after_its_number_does_not_make_the_next_note_line_a_misfit() -> None:
    # seed 1549 heavy-octavo-2col-chapter-spreads: the zone across the foot of a two-column page,
    # its first line cut after a few words ('21. This refers ¢' / 'o the revolutionary events…',
    # the piece a little lower than the rest), the line under it sharing a third of its height
    # with that piece. The piece counted as a column's text beside the line under it: a misfit,
    # and the whole page kept Tesseract's order, its running head and folio read as text
    from ingest.layout import order

    foot = 500 + ROWS * PITCH + 80
    notes = [
        row("o the revolutionary events in Germany which began to develop in", foot, 640, height=30),
        row("21. This refers t", foot + 12, 300, height=34),
        row("Schwarz, The German October: the missed revolution of that year", foot + 31, 700, height=30),
        row("and its lessons for the parties of the International.", foot + 84, 300, height=30),
    ]
    p = _column_page(1, notes=notes)
    o = order.read_page(p)
    assert o.book and len(o.gutters) == 1
    spanning = [ln.text for f in o.flows if f.column is None for ln in f.lines]
    assert spanning[0].startswith("21. This refers t o the revolutionary")
    assert spanning[1].startswith("Schwarz")
