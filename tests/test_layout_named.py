"""Contents, headings and furniture on constructed pages: a contents line that names a heading is an
entry, an entry names a heading set like body text, a chapter label over a title is one heading, a
title read on into its leader takes the heading's text, leader dots are one mark, not text to
proofread, a head naming a contents title is a running head, and doubtful marks on a photograph's
edge are noise."""

from __future__ import annotations

from dataclasses import replace

from ingest.export.flow import reading_flow
from ingest.export.markdown import render_markdown
from ingest.export.text import render_text
from ingest.layout import clean_volume, headings
from ingest.layout.segment import LEADER
from ingest.model import BBox, BlockKind, Page, Word
from ingest.review.lines import page_lines
from tests.test_layout_helpers import HEIGHT, LEFT, MILL, Row, body, page

FILL = MILL[:4]


def _unsure(p: Page, tokens: set[str], confidence: float = 0.0) -> Page:
    """The page with the words in `tokens` read at `confidence` (leader dots read as letters)."""
    blocks = []
    for b in p.blocks:
        lines = tuple(
            replace(
                ln,
                words=tuple(replace(w, confidence=confidence) if w.text in tokens else w for w in ln.words),
            )
            for ln in b.lines
        )
        blocks.append(replace(b, lines=lines))
    return replace(p, blocks=tuple(blocks))


def _folio(p: Page, n: int) -> Page:
    return replace(p, blocks=p.blocks + page(p.index, [Row(str(n), 2300, x0=860, full=False)]).blocks)


def _chapter(index: int, title: str | None, folio: int) -> Page:
    rows = [Row(title, 400, height=70, centred=True)] if title else []
    return _folio(page(index, rows + body(["¶" + FILL[0], FILL[1], FILL[2], FILL[3] + "."], top=600)), folio)


def test_contents_lines_naming_later_headings_are_entries_not_notes() -> None:
    # endnotes-verse-octavo-heavy: OCR read neither leader nor page of the last two entries, which
    # were then taken for notes under the entry above (an author line) and left out of toc.tsv
    contents = page(
        2,
        [
            Row("Contents", 340, height=50, centred=True),
            Row("The mill on the river ........................ 1", 490),
            Row("A winter in the valley", 560, x0=LEFT + 60, height=34, full=False),
            Row("The long road north", 630, full=False),
        ],
    )
    pages = [contents, _chapter(3, "The mill on the river", 1), _chapter(4, "A winter in the valley", 2)]
    pages += [_chapter(5, "The long road north", 3)]
    out = clean_volume(pages)
    assert render_text(out).toc_tsv == (
        "1\tThe mill on the river\t1\n2\tA winter in the valley\t2\n1\tThe long road north\t3\n"
    )


def test_an_author_line_under_an_entry_stays_a_note() -> None:
    # the author's name printed under each entry, and under each chapter title as a heading of its
    # own: it names no one heading, so it is no entry
    contents = page(
        2,
        [
            Row("Contents", 340, height=50, centred=True),
            Row("The mill on the river ........................ 1", 490),
            Row("Henry David Thoreau", 548, x0=LEFT + 60, height=34, full=False),
            Row("A winter in the valley ........................ 2", 620),
            Row("Henry David Thoreau", 678, x0=LEFT + 60, height=34, full=False),
        ],
    )

    def opening(index: int, title: str) -> Page:
        rows = [Row(title, 400, height=70, centred=True), Row("Henry David Thoreau", 520, centred=True)]
        return _folio(page(index, rows + body(["¶" + FILL[0], FILL[1], FILL[2] + "."], top=700)), index - 2)

    out = clean_volume([contents, opening(3, "The mill on the river"), opening(4, "A winter in the valley")])
    assert render_text(out).toc_tsv == "1\tThe mill on the river\t1\n1\tA winter in the valley\t2\n"


def test_an_entry_names_the_heading_set_like_body_text() -> None:
    # a photographed two-column book: a section title set at body size, indented like a paragraph,
    # was read as the first line of a paragraph; its contents entry named no heading
    contents = page(
        2,
        [
            Row("Contents", 340, height=50, centred=True),
            Row("The mill on the river ........................ 1", 490),
            Row("Portrait of a capitulator ........................ 2", 560),
        ],
    )
    section = page(
        4, body(["¶" + FILL[0], FILL[1] + ".", "¶Portrait of a capitulator", "May 26, 1928"], top=300)
    )
    section = _folio(
        replace(
            section, blocks=section.blocks + page(4, body(["¶" + FILL[2], FILL[3] + "."], top=600)).blocks
        ),
        2,
    )
    out = clean_volume([contents, _chapter(3, "The mill on the river", 1), section])
    export = render_text(out)
    assert export.toc_tsv == "1\tThe mill on the river\t1\n1\tPortrait of a capitulator\t2\n"
    assert "\n\nPortrait of a capitulator\n\nMay 26, 1928" in export.clean
    heads = [b for b in out[2].blocks if b.kind is BlockKind.HEADING]
    assert [b.text for b in heads] == ["Portrait of a capitulator"]


def test_a_label_over_a_title_the_contents_name_is_one_heading() -> None:
    # a heavy photographed book: the label was found centred, the title under it (set not much
    # larger than the body) only through its contents entry: label and title came out as two blocks
    contents = page(
        2,
        [
            Row("Contents", 340, height=50, centred=True),
            Row("The mill on the river ........................ 1", 490),
            Row("Analogy with the long winter ........................ 2", 560),
        ],
    )
    rows = [Row("CHAPTER II", 300, height=33, centred=True)]
    section = page(4, rows + body(["¶Analogy with the long winter", "¶" + FILL[0], FILL[1] + "."], top=380))
    out = clean_volume([contents, _chapter(3, "The mill on the river", 1), _folio(section, 2)])
    export = render_text(out)
    assert export.toc_tsv == "1\tThe mill on the river\t1\n1\tAnalogy with the long winter\t2\n"
    heads = [b for b in out[2].blocks if b.kind is BlockKind.HEADING]
    assert [b.text for b in heads] == ["CHAPTER II\nAnalogy with the long winter"]
    assert "\n\nCHAPTER II Analogy with the long winter\n\n" in export.clean


def test_a_label_over_a_two_line_title_is_one_heading() -> None:
    # random books: "CHAPTER |" was no label ("|" for I), and a title's first line running the column's
    # full width (or without descenders, so with a low box) was no heading: label, the title's first
    # line and its second came out as three blocks
    rows = [
        Row("CHAPTER |", 400, height=33, centred=True),
        Row("Marxism and the relation between proletarian", 510, x0=LEFT - 4, height=60, full=False),
        Row("and peasant revolution", 594, height=60, centred=True),
    ]
    opening = _folio(page(3, rows + body(["¶" + FILL[0], FILL[1], FILL[2] + "."], top=800)), 1)
    out = clean_volume([opening, _chapter(4, None, 2)])
    first = out[0].blocks[0]
    assert first.kind is BlockKind.HEADING
    assert first.text.split("\n")[1:] == [
        "Marxism and the relation between proletarian",
        "and peasant revolution",
    ]
    assert render_text(out).clean.startswith(
        "CHAPTER I Marxism and the relation between proletarian and peasant"
    )


def test_label_numbers_as_ocr_misreads_them() -> None:
    assert (
        headings.is_label("CHAPTER |") and headings.is_label("CHAPTER I]") and headings.is_label("CHAPTER [")
    )
    assert headings.is_label("CHAPTER IV") and headings.is_label("Part 3")
    assert not headings.is_label("Chapter one") and not headings.is_label("CHAPTER Six")
    # a speck read as a mark of its own after the numeral, a later stroke read in lower case under a
    # label in capitals (not under a capitalised word: "About It" is no label)
    assert headings.is_label("CHAPTER IIT |") and headings.is_label("CHAPTER It")
    assert not headings.is_label("About It") and not headings.is_label("THE END |")
    # a stroke or speck glued to the label word's end ("CHAPTER! |" for CHAPTER I)
    assert headings.is_label("CHAPTER! |") and headings.is_label("CHAPTER. II")
    assert not headings.is_label("Stop! Now") and not headings.is_label("Fire! 1914")
    assert not headings.is_label("I. Where") and not headings.is_label("III. Of")
    # the numeral they show, in a run of labelled chapters: a speck beside "I" is not a second "I"
    fixes = headings.renumber_sections([(1, "CHAPTER I]"), (1, "CHAPTER |"), (1, "CHAPTER [II")])
    assert fixes == {0: "CHAPTER I", 1: "CHAPTER II", 2: "CHAPTER III"}
    assert headings.renumber_sections([(1, "CHAPTER! |"), (1, "CHAPTER II")]) == {0: "CHAPTER I"}


def test_a_title_read_on_into_its_leader_takes_the_heading_text() -> None:
    # a heavy scan: "Too conciliatory a line? scene ese" (the leader read as words, with doubt)
    contents = _unsure(
        page(
            2,
            [
                Row("Contents", 340, height=50, centred=True),
                Row("Too conciliatory a line? scene ese vesseceesteteseestes 1", 490),
                Row("The mill on the river sseeeesseeseeeesesssessee 2", 560),
            ],
        ),
        {"scene", "ese", "vesseceesteteseestes", "sseeeesseeseeeesesssessee"},
        0.2,
    )
    pages = [contents, _chapter(3, "Too conciliatory a line?", 1), _chapter(4, "The mill on the river", 2)]
    out = clean_volume(pages)
    assert render_text(out).toc_tsv == "1\tToo conciliatory a line?\t1\n1\tThe mill on the river\t2\n"
    # the leader is one mark in line-by-line proofreading, not letters to correct; the entry's line
    # reads as printed, its title, leader and page in the entry
    rows = [r.text for r in page_lines(out[0]) if r.kind is BlockKind.TOC_ENTRY]
    assert rows == [f"Too conciliatory a line? scene ese {LEADER} 1", f"The mill on the river {LEADER} 2"]
    assert not [b for b in out[0].blocks if b.kind is BlockKind.OTHER]
    assert all(
        w.confidence == 1.0 for b in out[0].blocks for ln in b.lines for w in ln.words if w.text == LEADER
    )
    assert clean_volume(out) == out  # a cleaned contents page fed back stays as it is


def test_a_scanned_entry_keeps_its_leader_and_page_and_the_contents_stay_one_list() -> None:
    # the sample scan: OCR reads a contents line's leader as words of its own, and the entry's
    # leader and page became an "other" block after each entry, so that a Markdown (or TEI) export
    # listed the entries one by one with "… 1" between them
    contents = _unsure(
        page(
            2,
            [
                Row("Contents", 340, height=50, centred=True),
                Row("I. The mill on the river... ccccccccsccsccsecce 1", 490),
                Row("II. The long shift ccccccccsccsccsecceccsscscs 2", 560),
            ],
        ),
        {"ccccccccsccsccsecce", "ccccccccsccsccsecceccsscscs"},
    )
    pages = [contents, _chapter(3, "I. The mill on the river", 1), _chapter(4, "II. The long shift", 2)]
    out = clean_volume(pages)
    assert [b.kind for b in out[0].blocks] == [BlockKind.HEADING, BlockKind.TOC_ENTRY, BlockKind.TOC_ENTRY]
    assert [b.text for b in out[0].blocks[1:]] == [
        f"I. The mill on the river {LEADER} 1",
        f"II. The long shift {LEADER} 2",
    ]
    assert render_text(out).toc_tsv == "1\tI. The mill on the river\t1\n1\tII. The long shift\t2\n"
    md = render_markdown(reading_flow(out))
    parts = md.split("\n\n")
    title = next(k for k, x in enumerate(parts) if x.endswith("Contents"))
    assert parts[title + 1 : title + 4] == [
        "- [I. The mill on the river](#p0003-b01) — 1",
        "- [II. The long shift](#p0004-b01) — 2",
        '<a id="p0003"></a><!-- page 1, scan 3 -->',
    ]
    assert clean_volume(out) == out


def test_a_leader_run_into_the_last_title_word_is_cut_off_it() -> None:
    contents = page(
        2,
        [
            Row("Contents", 340, height=50, centred=True),
            Row("Portrait of a capitulator.......scscsescsss 1", 490),
        ],
    )
    out = clean_volume([contents, _chapter(3, "Portrait of a capitulator", 1)])
    lines = [(r.kind, r.text) for r in page_lines(out[0])]
    assert (BlockKind.TOC_ENTRY, f"Portrait of a capitulator {LEADER} 1") in lines
    entry = next(b for b in out[0].blocks if b.kind is BlockKind.TOC_ENTRY)
    assert entry.title == "Portrait of a capitulator" and entry.target_label == "1"
    title_end = entry.lines[0].words[-3]
    assert title_end.text == "capitulator" and title_end.bbox.x1 <= entry.lines[0].words[-2].bbox.x0


def test_an_entry_wrapped_short_of_the_measure_is_one_entry() -> None:
    # a photographed letter-size book: the first line of a wrapped entry ended short of the width a
    # wrap is told by (the contents page's frame was the volume's), so it was an entry of its own
    long = "A letter to the central committee and the control commission of the party"
    contents = page(
        2,
        [
            Row("Contents", 340, height=50, centred=True),
            Row("A letter to the central committee and the control", 490, full=False),
            Row("commission of the party .......................... 1", 548),
        ],
    )
    rows = [
        Row("A letter to the central committee and the", 400, height=60, centred=True),
        Row("control commission of the party", 470, height=60, centred=True),
    ]
    opening = _folio(page(3, rows + body(["¶" + FILL[0], FILL[1], FILL[2] + "."], top=700)), 1)
    out = clean_volume([contents, opening, _chapter(4, None, 2)])
    assert render_text(out).toc_tsv == f"1\t{long}\t1\n"


def test_a_head_naming_a_contents_title_is_a_running_head_even_printed_once() -> None:
    # a photographed book: the recto head ("[3] 'PRAVDA' SOUNDS THE ALARM") was printed on one page
    # only and its chapter's title did not measure large on pages of changing scale, so it repeated
    # nothing and stayed in the text with its folio
    contents = page(
        2,
        [
            Row("Contents", 340, height=50, centred=True),
            Row("The mill on the river ........................ 1", 490),
            Row("A winter in the valley ........................ 4", 560),
        ],
    )
    pages = [contents]
    heads = {2: "2 THE BOOK OF THE MILL", 3: "THE MILL ON THE RIVER 3", 4: None, 5: "THE BOOK OF THE MILL 5"}
    for n, head in ((1, None), *heads.items()):
        rows = [Row(head, 105, height=35, full=False)] if head else []
        title = (
            [Row("The mill on the river" if n == 1 else "A winter in the valley", 400)] if n in (1, 4) else []
        )
        top = 520 if title else 245
        p = page(n + 2, rows + title + body(["¶" + FILL[0], FILL[1], FILL[2], FILL[3] + "."], top=top))
        pages.append(p if head else _folio(p, n))
    export = render_text(clean_volume(pages))
    assert "THE MILL ON THE RIVER" not in export.clean and "BOOK OF THE MILL" not in export.clean
    assert export.pages_tsv.splitlines()[1:] == ["3\t1", "4\t2", "5\t3", "6\t4", "7\t5"]


def test_a_head_naming_the_title_set_over_two_lines_on_the_title_page_is_a_running_head() -> None:
    # seed 1950 light-octavo-endnotes: a four-page book whose verso head, the book's title on one
    # line ("THE CHALLENGE OF THE LEFT OPPOSITION (1928-29)"), was printed once; the title page sets
    # that title over two large lines, so the head named no heading and stayed in the text
    title_page = page(1, [Row("The Book of the Mill", 600, height=70, centred=True)])
    title_page = replace(
        title_page,
        blocks=title_page.blocks
        + page(1, [Row("and the River (1928-29)", 690, height=70, centred=True)]).blocks,
    )
    pages = [title_page]
    for n in range(1, 4):
        head = (
            [Row("THE BOOK OF THE MILL AND THE RIVER (1928-29)", 105, height=35, full=False)]
            if n == 2
            else []
        )
        title = [Row("A winter in the valley", 400, height=70, centred=True)] if n == 1 else []
        top = 520 if title else 245
        p = page(n + 1, head + title + body(["¶" + FILL[0], FILL[1], FILL[2], FILL[3] + "."], top=top))
        pages.append(_folio(p, n))
    out = clean_volume(pages)
    export = render_text(out)
    assert "BOOK OF THE MILL" not in export.clean
    assert [b.kind for b in out[2].blocks if "MILL" in b.text] == [BlockKind.RUNNING_HEAD]
    assert export.pages_tsv.splitlines()[1:] == ["2\t1", "3\t2", "4\t3"]
    # the title page's title stays its heading
    assert [(b.kind, b.text) for b in out[0].blocks] == [
        (BlockKind.HEADING, "The Book of the Mill\nand the River (1928-29)")
    ]


def test_doubtful_marks_at_the_image_edge_are_noise() -> None:
    # camera pages: "7 ress" read with doubt on the photograph's top edge hid the running head and
    # joined the paragraph above as text; "sass" under the foot folio hid the folio
    pages = []
    for i in range(1, 5):
        rows = [Row(f"{i} THE BOOK OF THE MILL", 105, height=35, full=False)]
        p = page(i, rows + body(["¶" + FILL[0], FILL[1], FILL[2] + "."], top=245))
        if i == 3:
            edge = _unsure(page(i, [Row("7 ress", 0, x0=5, height=50, full=False)]), {"7", "ress"}, 0.4)
            foot = _unsure(page(i, [Row("sass", 2450, x0=300, height=25, full=False)]), {"sass"}, 0.26)
            p = replace(p, blocks=edge.blocks + p.blocks + foot.blocks)
        pages.append(p)
    out = clean_volume(pages)
    export = render_text(out)
    assert "ress" not in export.clean and "sass" not in export.clean and "BOOK" not in export.clean
    assert [p.label for p in out] == ["1", "2", "3", "4"]
    assert any(d.kind == "noise" for d in out[2].decisions)


def test_small_marks_at_the_image_edge_are_noise_however_sure() -> None:
    # seed 1959 heavy-octavo-chapter-camera: under the last line of a page, two marks 14-17 px tall
    # (under half a body line) on the photograph's bottom edge were read "ay" (0.49) and "Pa" (0.56):
    # the second, not read with doubt, stayed a paragraph of its own between two halves of one
    pages = []
    for i in range(1, 4):
        rows = [Row(f"{i} THE BOOK OF THE MILL", 105, height=35, full=False)]
        p = page(i, rows + body(["¶" + FILL[0], FILL[1], FILL[2] + "."], top=245))
        if i == 2:
            marks = page(i, [Row("ay Pa", HEIGHT - 17, x0=350, height=15, full=False)])
            p = replace(p, blocks=p.blocks + _unsure(marks, {"Pa"}, 0.56).blocks)
        pages.append(p)
    out = clean_volume(pages)
    assert "Pa" not in render_text(out).clean
    assert [b.kind for b in out[1].blocks if "Pa" in b.text] == [BlockKind.OTHER]


def test_a_numbered_title_read_right_keeps_its_number() -> None:
    # the sample scan: "I. Where I Lived, and What I Lived For" (its last word run into the leader,
    # read with doubt) looked like the heading's title read on into the leader, and lost its "I."
    contents = _unsure(
        page(
            2,
            [
                Row("Contents", 340, height=50, centred=True),
                Row("I. Where I Lived, and What I Lived For.............. 1", 490),
            ],
        ),
        {"For.............."},
        0.2,
    )
    out = clean_volume([contents, _chapter(3, "Where I Lived, and What I Lived For", 1)])
    assert render_text(out).toc_tsv == "1\tI. Where I Lived, and What I Lived For\t1\n"


def test_an_entry_whose_section_number_the_run_corrects_names_its_heading() -> None:
    # seed 1942 heavy-octavo-page-symbols: the entries "I ..... 2" and "II ..... 3" under the
    # chapter's entry, the second read "H ....." with its page lost; the run of numbered entries
    # corrected its title to "II", but the entry was linked on its title as read, named no
    # heading, and had no page
    contents = page(
        2,
        [
            Row("Contents", 340, height=50, centred=True),
            Row("The mill on the river ........................ 1", 490),
            Row("I ........................................... 2", 560, x0=LEFT + 60),
            Row("H ...........................................", 630, x0=LEFT + 60),
        ],
    )
    pages = [contents, _chapter(3, "The mill on the river", 1), _chapter(4, "I", 2), _chapter(5, "II", 3)]
    out = clean_volume(pages)
    assert render_text(out).toc_tsv == "1\tThe mill on the river\t1\n2\tI\t2\n2\tII\t3\n"


def _descenders_below(p: Page, factor: float = 1.3) -> Page:
    """The page with every word holding a glyph below the baseline ('g', 'p', 'y'...) reaching
    that far below it: its box `factor` times as tall, its top where it was."""

    def low(w: Word) -> Word:
        if not set(w.text) & set("gjpqy"):
            return w
        b = w.bbox
        return replace(w, bbox=BBox(b.x0, b.y0, b.x1, b.y0 + round(b.height * factor)))

    blocks = []
    for b in p.blocks:
        lines = tuple(
            replace(
                ln, words=(ws := tuple(low(w) for w in ln.words)), bbox=BBox.enclosing([w.bbox for w in ws])
            )
            for ln in b.lines
        )
        blocks.append(replace(b, lines=lines, bbox=BBox.enclosing([ln.bbox for ln in lines])))
    return replace(p, blocks=tuple(blocks))


def test_a_title_s_last_line_of_one_word_with_a_descender_goes_on_the_title() -> None:
    # 'Congress' alone under 'Declaration to the Sixth Council': its box reaches the descender's
    # depth below the baseline, 1.3 times the height of the line above, whose words have none;
    # measured over the baseline (the page's words with descenders are 1.3 times as tall) it is
    # the title's type, and the title one heading
    rows = [
        Row("CHAPTER I", 400, height=33, centred=True),
        Row("Declaration to the Sixth Council", 510, height=60, centred=True),
        Row("Congress", 594, height=60, centred=True),
    ]
    opening = _descenders_below(
        _folio(page(3, rows + body(["¶" + FILL[0], FILL[1], FILL[2] + "."], top=800)), 1)
    )
    out = clean_volume([opening, _chapter(4, None, 2)])
    first = out[0].blocks[0]
    assert first.kind is BlockKind.HEADING
    assert first.text.split("\n")[1:] == ["Declaration to the Sixth Council", "Congress"]
    assert render_text(out).clean.startswith("CHAPTER I Declaration to the Sixth Council Congress\n")


def test_bare_section_numbers_misread_in_contents_and_headings_follow_their_run() -> None:
    # a photographed book: the second section's heading "II" read "rH |", and the contents entries
    # "I" and "II" read "L" and "bt" ("L" counted as fifty, "bt" renumbered on from it to "LI")
    contents = page(
        2,
        [
            Row("Contents", 340, height=50, centred=True),
            Row("The mill on the river ........................ 1", 490),
            Row("L ........................ 2", 560, x0=LEFT + 60),
            Row("bt ........................ 3", 630, x0=LEFT + 60),
        ],
    )

    def section(index: int, number: str, folio: int) -> Page:
        rows = [Row(number, 300, centred=True, full=False)]
        return _folio(page(index, rows + body(["¶" + FILL[0], FILL[1], FILL[2] + "."], top=400)), folio)

    pages = [contents, _chapter(3, "The mill on the river", 1), section(4, "I", 2), section(5, "rH |", 3)]
    out = clean_volume(pages)
    export = render_text(out)
    assert export.toc_tsv == "1\tThe mill on the river\t1\n2\tI\t2\n2\tII\t3\n"
    heads = [b.text for b in out[3].blocks if b.kind is BlockKind.HEADING]
    assert heads == ["II"]
    assert "\n\nII\n\n" in export.clean
    # the speck goes back with its decision undone
    from ingest.layout.undo import undo

    speck = next(x for x in out[3].decisions if x.kind == "ink_speck")
    back = undo(out[3], speck)
    assert [b.text for b in back.blocks if b.kind is BlockKind.HEADING] == ["II |"]


def test_a_bare_entry_read_as_its_own_run_keeps_its_number() -> None:
    # entries "I" and "II" read right name headings read "I" and "I" (the second not renumbered):
    # the entries count their places in their run, the headings' numbers are not taken
    assert headings.counted_in_run([(1, "Title"), (2, "I"), (2, "II")]) == [False, True, True]
    assert headings.counted_in_run([(1, "Title"), (2, "L"), (2, "LI")]) == [False, False, False]
    assert headings.counted_in_run([(2, "I"), (1, "Next"), (2, "I |")]) == [True, False, True]
    assert headings.may_read("L", "I") and headings.may_read("LI", "II")
    assert not headings.may_read("Introduction", "I")


def _label_opening(numeral_box: tuple[int, int]) -> list[Page]:
    """A chapter opening under "CHAPTER |!" (the numeral's one stroke and its edge read as two
    marks), the numeral's ink box `numeral_box` (width, height) wide, and the next chapter's page."""
    rows = [
        Row("CHAPTER |!", 400, height=33, centred=True),
        Row("The mill on the river", 510, height=60, centred=True),
    ]
    opening = _folio(page(3, rows + body(["¶" + FILL[0], FILL[1], FILL[2] + "."], top=700)), 1)
    label = opening.blocks[0]
    words = list(label.lines[0].words)
    x0, y0 = words[1].bbox.x0, words[1].bbox.y0
    words[1] = replace(words[1], bbox=BBox(x0, y0, x0 + numeral_box[0], y0 + numeral_box[1]), confidence=0.67)
    ln = replace(label.lines[0], words=tuple(words), bbox=BBox.enclosing([w.bbox for w in words]))
    opening = replace(opening, blocks=(replace(label, lines=(ln,), bbox=ln.bbox), *opening.blocks[1:]))
    return [opening, _chapter(4, None, 2)]


def test_a_label_numeral_read_with_more_strokes_than_its_box_holds() -> None:
    # a light photographed book: the "I" of "CHAPTER I" came out as "|!", a box 10 px wide and 29
    # tall, and was corrected to "II", which is also a front-matter page's label
    out = clean_volume(_label_opening((10, 29)))
    first = out[0].blocks[0]
    assert first.kind is BlockKind.HEADING
    assert first.text.split("\n")[0] == "CHAPTER I"
    assert render_text(out).clean.startswith("CHAPTER I The mill on the river\n")
    assert any("the strokes its ink box holds" in d.detail for d in out[0].decisions)
    # a box as wide as two strokes keeps its two
    out = clean_volume(_label_opening((27, 29)))
    assert out[0].blocks[0].text.split("\n")[0] == "CHAPTER II"
    assert [headings.strokes_held(BBox(0, 0, w, 29)) for w in (10, 13, 27, 41)] == [1, 1, 2, 3]
