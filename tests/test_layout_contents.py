"""Contents pages on constructed pages: leader dots that OCR read as letters it did not believe in
(confidence 0), a title page that prints the only chapter's title, and a chapter title long enough
to fill the column at the head of its page."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ingest.export.text import render_text
from ingest.layout import clean_volume, pagefurniture, toc
from ingest.model import BBox, Line, Page, Word
from tests.test_layout_helpers import MILL, Row, body, page, with_words

FILL = MILL[:4]


def _unsure(p: Page, tokens: set[str]) -> Page:
    """The page with the words in `tokens` read at confidence 0 (leader dots read as letters)."""
    blocks = []
    for b in p.blocks:
        lines = tuple(
            replace(ln, words=tuple(replace(w, confidence=0.0) if w.text in tokens else w for w in ln.words))
            for ln in b.lines
        )
        blocks.append(replace(b, lines=lines))
    return replace(p, blocks=tuple(blocks))


def _chapter(index: int, title: str | None) -> Page:
    rows = [Row(title, 400, height=70, centred=True)] if title else []
    return page(index, rows + body(["¶" + FILL[0], FILL[1], FILL[2], FILL[3] + "."], top=600))


def _foliated(pages: list[Page], first: int) -> list[Page]:
    """The pages with folios 1, 2, ... printed at the foot from `pages[first]` on."""
    return pages[:first] + [
        replace(p, blocks=p.blocks + page(p.index, [Row(str(n), 2300, x0=860, full=False)]).blocks)
        for n, p in enumerate(pages[first:], start=1)
    ]


def test_leader_read_as_letters_with_no_confidence_ends_the_title() -> None:
    # twocol-chapnotes-heavy: "The conflicts are still ahead seuss seteesesssenseeeeeeseees ...
    # vevovel" (all at confidence 0) went into the title, which then named no heading
    soup = {"seuss", "seteesesssenseeee", "deseesessenees", "vevovel", "aebeneeeees", "1)", "<r", "ne"}
    contents = _unsure(
        page(
            2,
            [
                Row(". Contents ..", 340, height=50, centred=True),  # specks read around the title
                Row("The Conflicts Ahead ne seuss seteesesssenseeee deseesessenees vevovel", 490),
                Row("The Law of Zigzags aebeneeeees deseesessenees 3", 560),
                Row("The Sixth Congress Tasks 1) <r seteesesssenseeee 5", 630),
            ],
        ),
        soup,
    )
    pages = [contents, _chapter(3, "The Conflicts Ahead"), _chapter(4, None)]
    pages += [_chapter(5, "The Law of Zigzags"), _chapter(6, None), _chapter(7, "The Sixth Congress Tasks")]
    pages = _foliated(pages, 1)
    out = clean_volume(pages)
    assert render_text(out).toc_tsv == (
        "1\tThe Conflicts Ahead\t1\n1\tThe Law of Zigzags\t3\n1\tThe Sixth Congress Tasks\t5\n"
    )


def test_a_title_word_read_with_doubt_stays_in_the_title() -> None:
    line = page(1, [Row("The danger of Bonapartism and the Opposition's role...", 490)]).blocks[0].lines[0]
    words = list(line.words)
    words[-2] = replace(words[-2], confidence=0.27)  # "Opposition's": mostly letters dots are read as
    words[-1] = replace(words[-1], confidence=0.0)
    idx, _ = toc.split_entry_line(replace(line, words=tuple(words)))
    assert (
        toc.title_text(replace(line, words=tuple(words)), idx)
        == "The danger of Bonapartism and the Opposition's role"
    )
    soup = Word("vevovel", BBox(0, 0, 10, 10), 0.0)
    assert toc.is_unread_soup(soup) and not toc.is_unread_soup(replace(soup, confidence=0.9))
    assert not toc.is_unread_soup(Word("Ryazanov", BBox(0, 0, 10, 10), 0.1))  # its letters vary


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # the title's last word glued to its leader, all read at confidence 0: the word is no soup
        (
            "On the Situation in Russia................cccccescecsscescecescscueecsetasseces 1",
            "On the Situation in Russia",
        ),
        # the leader's first dots read as round marks, glued to the dots
        ("What is the 'smychka'? «ooo...... ci eeeeeeesteeseecccsenseneaceese 1", "What is the 'smychka'?"),
    ],
)
def test_title_word_glued_to_its_leader_stays_and_misread_leader_start_goes(text: str, title: str) -> None:
    line = page(2, [Row(text, 490)]).blocks[0].lines[0]
    words = tuple(replace(w, confidence=0.0) if len(w.text) > 6 and "." in w.text else w for w in line.words)
    line = replace(line, words=words)
    idx, label = toc.split_entry_line(line)
    assert toc.title_text(line, idx) == title
    assert label == "1"


def test_title_page_naming_the_only_chapter_is_not_its_contents_entry() -> None:
    # a one-chapter book without a folio OCR could read: the title page prints the chapter's title
    # as the book's; the contents entry was linked to the title page's heading, so no page label
    # could be inferred from it and the entry's page stayed empty
    title = page(1, [Row("Reply to an Ultimatum", 700, height=90, centred=True)])
    contents = page(
        2,
        [Row("Contents", 340, height=50, centred=True), Row("Reply to an Ultimatum ............... 1", 490)],
    )
    out = clean_volume([title, contents, _chapter(3, "Reply to an Ultimatum"), _chapter(4, None)])
    assert render_text(out).toc_tsv == "1\tReply to an Ultimatum\t1\n"
    link = next(d for d in out[1].decisions if d.kind == "toc_link")
    assert link.data["target"].startswith("p0003")
    assert [p.label for p in out[2:]] == ["1", "2"]


def test_a_long_title_filling_the_column_opens_its_chapter() -> None:
    # a spreads book: the chapter title ran from edge to edge of the column at the head of the page,
    # was not taken for centred, so not for a heading, and the contents entry named no heading
    long = "The Oppositionists' errors, real and alleged"
    contents = page(2, [Row("Contents", 340, height=50, centred=True), Row(long + " ........ 1", 490)])
    title = Row(long, 400, x0=230, height=59, full=False)  # not flush left, ends 12 px short
    opening = page(3, [title] + body(["¶" + FILL[0], FILL[1] + "."], top=600))
    out = clean_volume([contents, opening])
    assert out[1].blocks[0].kind.value == "heading"
    assert render_text(out).toc_tsv == f"1\t{long}\t1\n"  # linked: the page labelled from it


def _folio_pages(folio_x0: int, marks: Row) -> list[Page]:
    """Three pages of text under a folio alone at the head (from `folio_x0`); over the second
    page's folio, `marks` (the top edge or corner of a photographed page, read as letters)."""
    pages = []
    for i in range(1, 4):
        text = body(["¶" + FILL[0], FILL[1], FILL[2] + "."], top=420)
        p = page(i, [Row(str(i), 181, x0=folio_x0, full=False), *text])
        if i == 2:
            p = replace(p, blocks=page(i, [marks]).blocks + p.blocks)
        pages.append(p)
    return pages


def test_a_head_folio_under_noise_at_the_image_edge_is_read() -> None:
    # a photographed chapter opening: letters of the page's top edge, read at y=0 and taller than a
    # line, stopped the search for the head, so the folio under them stayed in the text
    out = clean_volume(_folio_pages(225, Row("en", 0, x0=1274, height=111, full=False)))
    assert [p.label for p in out] == ["1", "2", "3"]
    assert not any(b.text == "2" for b in out[1].blocks if b.kind.value != "page_number")


def test_a_head_folio_under_marks_too_tall_for_a_head_line_is_read() -> None:
    # seed 1573 light-a5-chapter-camera: over a chapter opening's folio, the photograph's dark
    # corner was read '_—', 129 px tall in 42 px type and 15 px down from the image's top. A line
    # taller than a head line ended the head group before it started: the folio '1' and the marks
    # stayed in the text over the chapter's title
    out = clean_volume(_folio_pages(1480, Row("_—", 15, x0=0, height=129, full=False)))
    assert [p.label for p in out] == ["1", "2", "3"]
    text = render_text(out).clean
    assert "_" not in text and "—" not in text
    assert not any(b.text == "2" for b in out[1].blocks if b.kind.value != "page_number")


def test_a_sentence_ending_in_content_at_the_head_of_a_page_is_no_contents_title() -> None:
    # a paragraph carried over a page break ended with the line "content." at the top of the next
    # page; "content" is 93% like "contents", so the page was taken as a contents page and every line
    # on it (a heading, the notes after it) became contents entries
    assert not toc.is_contents_title(page(1, [Row("content.", 300)]).blocks[0].lines[0])
    assert toc.is_contents_title(page(1, [Row("Contents", 300, centred=True)]).blocks[0].lines[0])
    assert toc.is_contents_title(page(1, [Row("CONTENTS", 300, centred=True)]).blocks[0].lines[0])
    assert toc.is_contents_title(page(1, [Row("contents", 300, centred=True)]).blocks[0].lines[0])
    first = page(1, body(["¶" + FILL[0], FILL[1], FILL[2], FILL[3] + " and were"], top=400))
    rest = body(["¶" + FILL[0], FILL[1], FILL[2] + "."], top=480)
    second = page(2, [Row("content.", 400, full=False)] + rest)
    out = clean_volume([first, second])
    text = render_text(out)
    assert text.toc_tsv == ""
    assert "winters and were content." in text.clean
    assert "¶" not in text.clean and FILL[2] + "." in text.clean


def _entry(title: str, soup: str, number: str, y: int) -> list[Word]:
    """A contents line as OCR reads it on a heavy scan: the title's words at body size, its leader
    dots read as a row of tiny letters at confidence 0-0.1 (8 px tall where a title word is 46),
    then the page number, right-aligned."""
    words = [
        replace(w, bbox=BBox(w.bbox.x0, w.bbox.y0, w.bbox.x0 + 17, w.bbox.y1)) if w.text.isdigit() else w
        for w in page(2, [Row(title, y, full=False)]).blocks[0].lines[0].words
    ]  # a figure "1" is narrow: 17 px wide, 40 tall
    x = words[-1].bbox.x1 + 16
    for i, t in enumerate(soup.split()):
        w = 10 * len(t)
        words.append(Word(t, BBox(x, y + 30, x + w, y + 38), 0.1 if i % 3 == 0 else 0.0))
        x += w + 10
    words.append(Word(number, BBox(1530, y + 5, 1550, y + 40), 0.96))
    return words


def test_leader_dots_read_as_tiny_letters_neither_join_the_title_nor_make_its_figures_noise() -> None:
    # symbols-octavo-heavy: the leader read as "eee meee rere ... EEDE" 7 px tall at confidence 0
    # made the page's typical word height 7 px, so the title's "1" (35 px) was taken for scanner
    # noise ("Chapter" named no heading), and "Pee c cere er eeo" (soup no word test catches) ran
    # into the next title
    rows = [
        _entry("Chapter 1", "eee meee rere eee eee dee eae eH OE OOD OO EE EEO STO OE EEE DEE", "1", 490),
        _entry("The Law of Zigzags", "Pee c cere er eeo rere erereseeeeserees eee dee eae OE", "3", 560),
    ]
    title = page(2, [Row("Contents", 340, height=50, centred=True)])
    lines = [Line(tuple(ws), BBox.enclosing([w.bbox for w in ws])) for ws in rows]
    first = title.blocks[0]
    blocks = title.blocks + tuple(
        replace(first, id=f"p0002-b0{k}", lines=(ln,), bbox=ln.bbox) for k, ln in enumerate(lines, 2)
    )
    contents = replace(title, blocks=blocks)
    pages = [contents, _chapter(3, "Chapter 1"), _chapter(4, None), _chapter(5, "The Law of Zigzags")]
    pages = _foliated(pages, 1)
    out = clean_volume(pages)
    assert render_text(out).toc_tsv == "1\tChapter 1\t1\n1\tThe Law of Zigzags\t3\n"
    idx, label = toc.split_entry_line(lines[1])
    assert (toc.title_text(lines[1], idx), label) == ("The Law of Zigzags", "3")


def test_a_title_ending_in_a_figure_keeps_it_when_its_leader_and_page_are_lost() -> None:
    # endnotes-a5-heavy: "Chapter 1", its leader and page lost on a heavy scan, was the entry
    # "Chapter" for page 1, which named no heading; a page stands at its leader's end, not a word
    # space from the title
    contents = page(
        2,
        [
            Row("Contents", 340, height=50, centred=True),
            Row("Chapter 1", 490, full=False),
            Row("The Law of Zigzags .................................. 3", 560),
        ],
    )
    pages = [contents, _chapter(3, "Chapter 1"), _chapter(4, None), _chapter(5, "The Law of Zigzags")]
    pages = _foliated(pages, 1)
    out = clean_volume(pages)
    assert render_text(out).toc_tsv == "1\tChapter 1\t1\n1\tThe Law of Zigzags\t3\n"


def test_a_long_title_keeps_its_page_set_flush_right_a_word_space_after_it() -> None:
    # a held-out octavo book: titles long enough to run up to their pages, their leaders lost, lost
    # their pages as the titles' last words; a page stands flush right however close the title
    long1 = "The Reply of the Opposition to the Two Conciliators of the Party"
    long3 = "The Letter of the Opposition to the Congress of the Party in Moscow"
    contents = page(
        2,
        [
            Row("Contents", 340, height=50, centred=True),
            Row(long1 + " 1", 490, full=False),
            Row(long3 + " 3", 560, full=False),
        ],
    )
    pages = [contents, _chapter(3, long1), _chapter(4, None), _chapter(5, long3)]
    pages = _foliated(pages, 1)
    assert render_text(clean_volume(pages)).toc_tsv == f"1\t{long1}\t1\n1\t{long3}\t3\n"


def test_a_contents_page_whose_title_and_leaders_were_lost_is_known_by_its_pages() -> None:
    # light-octavo-chapter-camera: the camera's light washed out the page's title "Contents", its
    # leader dots and its folio; what is left, titles with pages flush right far from them in
    # order, was read as two paragraphs, the volume had no contents and the page no label
    rows = []
    for y, title, number in ((490, "Chapter 1", "1"), (560, "Reply to Two Conciliators", "3")):
        words = page(2, [Row(title, y, full=False)]).blocks[0].lines[0].words
        words += (Word(number, BBox(1530, y, 1550, y + 40), 0.96),)
        rows.append(Line(words, BBox.enclosing([w.bbox for w in words])))
    first = page(2, [Row("x", 490)]).blocks[0]
    contents = replace(
        page(2, []),
        blocks=tuple(
            replace(first, id=f"p0002-b0{k}", lines=(ln,), bbox=ln.bbox) for k, ln in enumerate(rows, 1)
        ),
    )
    title_page = page(1, [Row("Letters from Exile", 800, height=80, centred=True)])
    pages = [
        title_page,
        contents,
        _chapter(3, "Chapter 1"),
        _chapter(4, None),
        _chapter(5, "Reply to Two Conciliators"),
    ]
    pages = _foliated(pages, 2)
    text = render_text(clean_volume(pages))
    assert text.toc_tsv == "1\tChapter 1\t1\n1\tReply to Two Conciliators\t3\n"
    assert text.pages_tsv.splitlines()[:3] == ["1\t", "2\tii", "3\t1"]
    # the same lines ending in figures a word space from their text are no contents
    assert not pagefurniture.untitled_contents(
        [page(2, [Row("in the year 1917", 490, full=False)]).blocks[0].lines[0]] * 2
    )


def test_a_contents_page_left_with_its_titles_alone_is_known_by_the_titles_it_lists() -> None:
    # a photographed contents page (seed 1957, octavo, camera): the light washed out its title,
    # leader dots, pages and folio; "Chapter 1" / "Reply to Two Conciliators" were read as a
    # paragraph, the volume had no contents and the page no label
    contents = page(2, [Row("Chapter 1", 490, full=False), Row("Reply to Two Conciliators", 560, full=False)])
    title_page = page(1, [Row("Letters from Exile", 800, height=80, centred=True)])
    chapters = [_chapter(3, "Chapter 1"), _chapter(4, None), _chapter(5, "Reply to Two Conciliators")]
    pages = [title_page, contents, *chapters]
    pages = _foliated(pages, 2)
    text = render_text(clean_volume(pages))
    assert text.toc_tsv == "1\tChapter 1\t1\n1\tReply to Two Conciliators\t3\n"
    assert text.pages_tsv.splitlines()[:3] == ["1\t", "2\tii", "3\t1"]
    # titles in another order than the pages set them, or a line naming none, make no contents
    swapped = page(2, [Row("Reply to Two Conciliators", 490, full=False), Row("Chapter 1", 560, full=False)])
    text = render_text(clean_volume([title_page, swapped, *pages[2:]]))
    assert text.toc_tsv == "" and text.pages_tsv.splitlines()[1] == "2\t"
    other = page(2, [Row("Chapter 1", 490, full=False), Row("Leon Trotsky", 560, full=False)])
    assert render_text(clean_volume([title_page, other, *pages[2:]])).toc_tsv == ""


def _at(w: Word, confidences: dict[str, float]) -> Word:
    return replace(w, confidence=confidences.get(w.text, w.confidence))


def test_an_entry_word_misread_with_doubt_takes_the_heading_word() -> None:
    # seed 1968 heavy-letter-endnotes (TeX Gyre Pagella): the entry 'Letter to Ryazanov' was read
    # 'Letter to RyaZam0v', its last word at 0.51 beside 0.96 and 0.91, and the contents listed the
    # misreading; the chapter's heading read the word sure
    def contents(word: str, confidence: float) -> Page:
        rows = [
            Row("Contents", 340, height=50, centred=True),
            Row("The relation of criticism ............................ 1", 490),
            Row(f"Letter to {word} .................................. 3", 560),
        ]
        confidences = {word: confidence, "Letter": 0.96, "to": 0.91}
        return with_words(page(2, rows), lambda w: _at(w, confidences))

    def volume(entry: Page) -> list[Page]:
        pages = [entry, _chapter(3, "The relation of criticism"), _chapter(4, None)]
        pages += [_chapter(5, "Letter to Ryazanov"), _chapter(6, None)]
        return _foliated(pages, 1)

    out = clean_volume(volume(contents("RyaZam0v", 0.51)))
    assert render_text(out).toc_tsv == "1\tThe relation of criticism\t1\n1\tLetter to Ryazanov\t3\n"
    # the same misreading read sure stays as read: the contents may spell a name otherwise
    out = clean_volume(volume(contents("RyaZam0v", 0.9)))
    assert render_text(out).toc_tsv == "1\tThe relation of criticism\t1\n1\tLetter to RyaZam0v\t3\n"
