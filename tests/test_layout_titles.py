"""Chapter titles and their contents entries on constructed pages: a title whose first line has no
descenders (a low box) is one heading with the line under it, and a contents entry whose last title
words OCR read as leader soup or as a figure takes the title of the heading it names."""

from __future__ import annotations

from dataclasses import replace

from ingest.export.text import render_text
from ingest.layout import clean_volume, headings
from ingest.layout.geometry import PageFrame, VolumeMetrics
from ingest.model import BBox, Block, BlockKind, Line, Page, Word
from tests.test_layout_helpers import BODY_H, CHAR, HEIGHT, LEFT, RIGHT, WIDTH, Row, body, line, page
from tests.test_layout_named import FILL, _chapter, _folio, _unsure

TITLE = "Marxism and the relation between proletarian and peasant revolution"


def _descenders(p: Page, depth: int) -> Page:
    """The page with every word holding a descender letter reaching `depth` px lower, as OCR boxes
    them (a line without such letters has a lower box than its type's full height)."""
    blocks = []
    for b in p.blocks:
        lines = []
        for ln in b.lines:
            words = tuple(
                replace(w, bbox=BBox(w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1 + depth))
                if any(c in "gjpqy" for c in w.text)
                else w
                for w in ln.words
            )
            lines.append(Line(words, BBox.enclosing([w.bbox for w in words])))
        blocks.append(Block(b.id, b.kind, tuple(lines), BBox.enclosing([ln.bbox for ln in lines])))
    return replace(p, blocks=tuple(blocks))


def _opening(index: int, folio: int) -> Page:
    # the title set at 1.4 times the body's type; its first line has no descender
    rows = [
        Row("Marxism and the relation between", 245, height=56, centred=True),
        Row("proletarian and peasant revolution", 245 + 84, height=56, centred=True),
        Row("December 1928", 245 + 84 + 170, full=False),
    ]
    text = body(["¶" + FILL[0], FILL[1], FILL[2], FILL[3] + "."], top=245 + 84 + 170 + 58)
    return _descenders(_folio(page(index, rows + text), folio), 14)


def test_a_title_whose_first_line_has_no_descenders_is_one_heading() -> None:
    # seed 1717 clean-a5-chapter-spreads: "Marxism and the relation between" (no descender, so its
    # box was no taller than a body line's) was a centred heading of its own, and the title's second
    # line a large heading of its own: the title was found as two headings, neither the title
    pages = [_opening(3, 1), _descenders(_chapter(4, None, 2), 14)]
    out = clean_volume(pages)
    heads = [b for b in out[0].blocks if b.kind is BlockKind.HEADING]
    assert [b.text.replace("\n", " ") for b in heads] == [TITLE]
    assert heads[0].level == 1
    assert render_text(out).clean.startswith(TITLE + "\n\nDecember 1928\n\n")


def test_a_full_line_over_a_tall_line_is_no_title() -> None:
    # the same rule must not make a page's first body line (the measure's full width, heavily
    # inked) and a line OCR boxed tall under it a heading (seed 1550 heavy-octavo-volume: "of
    # centrism, thereby creating a real proletarian bulwark against the" / "right danger. …")
    rows = [Row(FILL[0], 245, height=50), Row(FILL[1], 245 + 58, height=56)]
    rows += body([FILL[2], FILL[3] + "."], top=245 + 2 * 58)
    p = _descenders(_folio(page(3, rows), 1), 14)
    out = clean_volume([p, _descenders(_chapter(4, None, 2), 14)])
    assert not [b for b in out[0].blocks if b.kind is BlockKind.HEADING]
    assert render_text(out).clean.startswith(FILL[0] + " " + FILL[1])


def test_a_centred_line_boxed_tall_closer_under_an_open_sentence_than_the_pitch_is_no_title() -> None:
    # a clean photographed a5 of chapter endnotes: a note's second line, its words boxed 45 px tall
    # in 25 px type, set in from both edges by the notes' hanging indent and its short end, stood
    # 44 px under the note's first line ('… leader of the October' / 'Revolution, head of the
    # first Soviet government, founder of the Comintern.') at a pitch of 49: it was a title
    rows = body(["¶" + FILL[0], FILL[1]])
    rows.append(Row("the miller and his sons, who kept the wheel, the race and", 245 + 2 * 58, full=False))
    rows.append(Row("Valley Mill, founder of the guild.", 245 + 2 * 58 + 50, height=60, centred=True))
    rows += body(["¶" + FILL[2], FILL[3] + "."], top=245 + 2 * 58 + 50 + 60)
    out = clean_volume([_folio(page(3, rows), 1), _chapter(4, None, 2)])
    assert not [b for b in out[0].blocks if b.kind is BlockKind.HEADING]
    assert "the race and Valley Mill, founder of the guild." in render_text(out).clean
    # a title under a line that ends its sentence, a title's space above it, is a title
    rows = body(["¶" + FILL[0], FILL[1]])
    rows.append(Row("the miller and his sons, who kept the wheel and the race.", 245 + 2 * 58, full=False))
    rows.append(Row("Valley Mill", 245 + 2 * 58 + 110, height=60, centred=True))
    rows += body(["¶" + FILL[2], FILL[3] + "."], top=245 + 2 * 58 + 110 + 120)
    out = clean_volume([_folio(page(3, rows), 1), _chapter(4, None, 2)])
    assert [b.text for b in out[0].blocks if b.kind is BlockKind.HEADING] == ["Valley Mill"]


def test_a_heavy_first_line_of_a_quotation_whose_sentence_goes_on_below_is_no_title() -> None:
    # a heavy two-column letter: a quotation's first line, set in from both edges and inked heavy
    # ('By surrendering his political position Stalin split the right', boxed 56 px tall in 31 px
    # type, 38 px its words), over 'wing. He “broke loose” from it…' in the body's size: a title
    rows = body(["¶" + FILL[0], FILL[1] + "."])
    top = 245 + 2 * 58 + 20
    rows.append(Row("the mill by the river and the miller kept", top, x0=LEFT + 60, height=52, full=False))
    below = "wheel. He knew it and so did the whole of the town by then."
    rows.append(Row(below, top + 64, x0=LEFT + 60, full=False))
    rows += body(["¶" + FILL[2], FILL[3] + "."], top=top + 64 + 78)
    out = clean_volume([_folio(page(3, rows), 1), _chapter(4, None, 2)])
    assert not [b for b in out[0].blocks if b.kind is BlockKind.HEADING]
    clean = render_text(out).clean
    assert clean.index("the miller kept") < clean.index("wheel. He knew it")
    # a title over a line opening in capitals is still a title
    rows[3] = Row(below.capitalize(), top + 64, x0=LEFT + 60, full=False)
    out = clean_volume([_folio(page(3, rows), 1), _chapter(4, None, 2)])
    heads = [b.text for b in out[0].blocks if b.kind is BlockKind.HEADING]
    assert heads == ["the mill by the river and the miller kept"], heads
    # so is one over a line opening with one letter in lower case: a note's number misread ('t.
    # Levi, P. …' for '1.' under a 'Notes' title)
    rows[3] = Row("t. Hartwell, J. was the miller of the valley.", top + 64, x0=LEFT + 60, full=False)
    out = clean_volume([_folio(page(3, rows), 1), _chapter(4, None, 2)])
    heads = [b.text for b in out[0].blocks if b.kind is BlockKind.HEADING]
    assert heads == ["the mill by the river and the miller kept"], heads


def test_an_entry_whose_last_title_word_passed_for_the_leader_takes_the_heading_title() -> None:
    # seed 1717 light-letter-endnotes: "Reply to two COnCIIAtOrs 0... eessescsss" (the title's last
    # word read with no confidence, its letters those leader dots are read as) left the entry
    # "Reply to two", which named no title well enough to be scored as this one
    contents = _unsure(
        page(
            2,
            [
                Row("Contents", 340, height=50, centred=True),
                Row("Reply to two COnCIIAtOrs 0... eessescsssssecsessses 1", 490),
                Row("The mill on the river ........................ 2", 560),
            ],
        ),
        {"COnCIIAtOrs", "0...", "eessescsssssecsessses"},
        0.0,
    )
    pages = [contents, _chapter(3, "Reply to two conciliators", 1), _chapter(4, "The mill on the river", 2)]
    out = clean_volume(pages)
    assert render_text(out).toc_tsv == "1\tReply to two conciliators\t1\n1\tThe mill on the river\t2\n"


def test_an_entry_read_short_keeps_its_title_when_no_heading_goes_on_like_it() -> None:
    # "Reply to two" followed by soup that does not read as the rest of any heading stays as read
    contents = _unsure(
        page(
            2,
            [
                Row("Contents", 340, height=50, centred=True),
                Row("Reply to two eessescsssssecsessses 1", 490),
            ],
        ),
        {"eessescsssssecsessses"},
        0.0,
    )
    out = clean_volume([contents, _chapter(3, "Reply to two conciliators", 1)])
    assert render_text(out).toc_tsv == "1\tReply to two\t1\n"


def _short_contents(first: str, unsure: set[str]) -> Page:
    return _unsure(
        page(
            2,
            [
                Row("Contents", 340, height=50, centred=True),
                Row(first, 490),
                Row("To a few exiled friends ........................ 2", 560),
            ],
        ),
        unsure,
        0.0,
    )


def test_an_entry_whose_last_title_word_was_misread_past_recognition_takes_the_heading_title() -> None:
    # seed 1919 heavy-a5-page-symbols: "The international factor ....... 1" was read "The
    # international ¢-\e1 ke) sessss… 1" (the last word read as two tokens OCR gave no confidence,
    # neither of them leader soup): the entry kept "The international", which named no title
    # well enough to be scored as this one
    unread = "¢-\\e1"
    contents = _short_contents(
        f"The international {unread} ke) sessssstessessesetelesciaseessaee 1",
        {unread, "ke)", "sessssstessessesetelesciaseessaee"},
    )
    pages = [contents, _chapter(3, "The international factor", 1), _chapter(4, "To a few exiled friends", 2)]
    out = clean_volume(pages)
    assert render_text(out).toc_tsv == "1\tThe international factor\t1\n1\tTo a few exiled friends\t2\n"


def test_an_entry_short_of_a_heading_by_words_read_sure_keeps_its_title() -> None:
    # a contents may name a chapter shorter than its heading: words read with confidence after the
    # title (here none; the leader follows) leave the entry as printed
    contents = _short_contents("The international ........................ 1", set())
    pages = [contents, _chapter(3, "The international factor", 1), _chapter(4, "To a few exiled friends", 2)]
    out = clean_volume(pages)
    assert render_text(out).toc_tsv == "1\tThe international\t1\n1\tTo a few exiled friends\t2\n"


def test_a_wrapped_entry_whose_last_word_was_read_as_a_figure_takes_the_heading_title() -> None:
    # seed 1717 clean-a5-chapter-spreads: the entry's second line "revolution ....... 1" was read
    # "TEVOIITION 2.02... ee cece 1"; the soup word went and "2.02" took the place of "revolution"
    contents = _unsure(
        page(
            2,
            [
                Row("Contents", 340, height=50, centred=True),
                Row("Marxism and the relation between proletarian and peasant", 490),
                Row("TEVOIITION 2.02... ee cece eect eee 1", 548),
            ],
        ),
        {"TEVOIITION", "2.02...", "ee", "cece", "eect", "eee"},
        0.2,
    )
    out = clean_volume([contents, _opening(3, 1), _descenders(_chapter(4, None, 2), 14)])
    assert render_text(out).toc_tsv == f"1\t{TITLE}\t1\n"


def _scaled_opening(index: int, k: float) -> Page:
    """A page photographed from further away (its resolution `k` of the volume's) that holds only a
    chapter's label and title, centred on the page as the volume sets them."""
    centre = (LEFT + RIGHT) / 2 * k

    def centred(text: str, y: int, height: int) -> Row:
        width = sum(len(t) * CHAR * height // BODY_H for t in text.split()) + CHAR * (len(text.split()) - 1)
        return Row(text, y, x0=int(centre - width / 2), height=height, full=False)

    p = page(index, [centred("CHAPTER II", 270, 24), centred("Declaration to the Sixth Congress", 324, 36)])
    return replace(p, width=int(WIDTH * k), height=int(HEIGHT * k), dpi=int(300 * k))


def test_a_label_and_title_alone_on_a_page_at_another_scale_are_one_heading() -> None:
    # seed 1717 light-octavo-volume-camera: the last page, photographed from further away (172 dpi
    # against the volume's 291), held only "CHAPTER II" / "Declaration to the Sixth Comintern
    # Congress"; with too few lines for a frame of its own it took the volume's frame in the other
    # pages' pixels, so neither line was centred and both stayed paragraphs
    pages = [_descenders(_chapter(i, None, i - 1), 14) for i in range(2, 6)]
    out = clean_volume([*pages, _scaled_opening(6, 0.6)])
    heads = [b for b in out[-1].blocks if b.kind is BlockKind.HEADING]
    assert [b.text.replace("\n", " ") for b in heads] == ["CHAPTER II Declaration to the Sixth Congress"]


def test_a_contents_page_whose_title_was_lost_lists_its_entries() -> None:
    # seed 1717 light-octavo-volume-camera: the camera's light washed out "Contents"; the page's
    # three lines, each a title, a leader and a page in order, were read as paragraphs and toc.tsv
    # stayed empty
    contents = page(
        2,
        [
            Row("Preobrazhensky's proposal ..vsssscsussssssssssssseunemeessetes 1", 490),
            Row("Portrait of a capitulator ..........scsssssssssscnsssssessess 2", 560),
            Row("The mill on the river .........s-scsssesssserssessesesees 3", 630),
        ],
    )
    titles = ["Preobrazhensky's proposal", "Portrait of a capitulator", "The mill on the river"]
    out = clean_volume([contents] + [_chapter(3 + k, t, 1 + k) for k, t in enumerate(titles)])
    assert render_text(out).toc_tsv == "".join(f"1\t{t}\t{k + 1}\n" for k, t in enumerate(titles))


def test_a_contents_page_of_one_entry_whose_title_and_page_were_lost_lists_it() -> None:
    # seed 1919 heavy-a5-page-symbols-camera: the photographed contents page was read as one line,
    # "Reply to an ultimatum" and its leader, without the page's title or the entry's page; it
    # stayed a paragraph, toc.tsv was empty and the page had no label
    contents = page(2, [Row("Reply to an ultimatum .....scccscsssssssssssssssssessennnnessssna", 490)])
    out = clean_volume([contents, _chapter(3, "Reply to an ultimatum", 1), _chapter(4, None, 2)])
    assert render_text(out).toc_tsv == "1\tReply to an ultimatum\t1\n"
    assert out[0].label == "ii"


def _head_folio(p: Page, n: int) -> Page:
    """The page with its folio `n` in the head's outer corner."""
    x0 = RIGHT - 20 if n % 2 else LEFT
    return replace(p, blocks=page(p.index, [Row(str(n), 150, x0=x0, full=False)]).blocks + p.blocks)


def test_a_contents_page_of_one_entry_with_its_folio_misread_lists_it() -> None:
    # seed 1958 heavy-letter-page-symbols-camera: the photographed contents page of one entry ("Who
    # is leading ... ....sssscsc 1") had its folio "ii", at the foot where the front matter sets it,
    # read "i"; the body's folios stand in the head, so no folio sequence took the lone "i", which
    # was a line of the page that was no entry: the page was no contents page, its entry stayed a
    # paragraph and toc.tsv was empty
    title = page(
        1,
        [Row("Reply to an ultimatum", 400, height=70, centred=True), Row("Leon Trotsky", 560, centred=True)],
    )
    contents = page(
        2,
        [
            Row("Reply to an ultimatum ....sssscscccsesecesrsseussensenscsnsenscs 1", 490),
            Row("i", 2300, x0=860, full=False),
        ],
    )
    rows = [Row("Reply to an ultimatum", 400, height=70, centred=True)]
    opening = _head_folio(page(3, rows + body(["¶" + FILL[0], FILL[1], FILL[2], FILL[3] + "."], top=600)), 1)
    chapter = [
        _head_folio(page(k + 2, body(["¶" + FILL[0], FILL[1], FILL[2], FILL[3] + "."])), k) for k in (2, 3)
    ]
    out = clean_volume([title, contents, opening, *chapter])
    assert render_text(out).toc_tsv == "1\tReply to an ultimatum\t1\n"
    assert [p.label for p in out] == [None, "ii", "1", "2", "3"]
    assert not [b for b in out[1].blocks if b.kind is BlockKind.PARAGRAPH]


def test_lines_with_leaders_out_of_order_or_among_prose_are_no_contents() -> None:
    # a page of prose with one line of leader dots and a number, or leader lines whose numbers do
    # not run in order (a price list), is no contents page
    prose = page(
        2, body(["¶" + FILL[0], FILL[1], "The mill on the river .................. 3", FILL[2] + "."])
    )
    prices = page(
        2,
        [
            Row("Flour by the sack ......................... 12", 490),
            Row("Rye by the bushel ......................... 4", 560),
        ],
    )
    for p in (prose, prices):
        out = clean_volume([p, _chapter(3, "The mill on the river", 1)])
        assert render_text(out).toc_tsv == ""
        assert not [b for b in out[0].blocks if b.kind is BlockKind.TOC_ENTRY]


RAGGED = [
    "the river ran past the old mill where the workers met",
    "every morning before the long shift began and nobody in",
    "the town could remember a time when the wheel had stood",
    "quite still for more than a day or two during the",
    "coldest of the winters that the valley had ever known.",
]


def _ragged_chapter(index: int, folio: int, title: list[str] | None) -> Page:
    """A page of a volume set ragged right (its lines end where their words do), opening with a
    centred label and a long title in large type whose first lines fill the measure."""
    rows: list[Row] = []
    top = 245
    if title:
        rows.append(Row("CHAPTER I", 400, height=32, centred=True))
        rows += [Row(t, 500 + 84 * k, height=62, centred=True) for k, t in enumerate(title)]
        top = 500 + 84 * len(title) + 120
    rows += [Row(t, top + 58 * k, full=False) for k, t in enumerate(RAGGED * 2)]
    return _folio(page(index, rows), folio)


def test_a_long_title_under_a_label_filling_a_ragged_measure_is_one_heading() -> None:
    # seed 1818 clean-a5-endnotes: under "CHAPTER I" a four-line title whose first two lines fill
    # the measure ran past the ragged column's measured right edge (its most common line end) and
    # was read as a paragraph; only its short last line was a heading
    title = [
        "Letter from the workers of the old mill",
        "to the committee of the valley and the",
        "council of the river towns",
        "in winter",
    ]
    pages = [_ragged_chapter(3, 1, title), _ragged_chapter(4, 2, None), _ragged_chapter(5, 3, None)]
    first = pages[0].blocks[1].lines[0].bbox
    assert first.x1 > max(b.bbox.x1 for b in pages[1].blocks) + BODY_H  # past the ragged edge
    out = clean_volume(pages)
    heads = [b for b in out[0].blocks if b.kind is BlockKind.HEADING]
    assert [b.text.replace("\n", " ") for b in heads] == ["CHAPTER I " + " ".join(title)]
    assert heads[0].level == 1
    # the body's lines stay one paragraph each, none taken into the title
    assert render_text(out).clean.startswith("CHAPTER I " + " ".join(title) + "\n\nthe river ran past")


def test_a_centred_title_whose_first_line_fills_the_measure_is_one_heading() -> None:
    # seed 1962 clean-octavo-chapter (no label): a title's first line in large type, as wide as the
    # measure, fell short of the inset a centred line has by 2 px, so only the title's last two
    # lines, shorter and centred, were found (as a centred line and a large heading of their own)
    title = [
        ("Letter from the workers at the old millpond", 62),
        ("the committee of the valley and the councils of", 54),
        ("of the river towns and villages", 54),
        ("in winter", 60),
    ]
    rows = [Row(t, 500 + 84 * k, height=h, centred=True) for k, (t, h) in enumerate(title)]
    rows += body(["¶" + FILL[0], FILL[1], FILL[2], FILL[3] + "."], top=500 + 84 * 4 + 120)
    first = line(rows[0]).bbox
    assert first.x0 - LEFT < 0.5 * BODY_H  # not inset from the column's edge as a centred line is
    pages = [_folio(page(3, rows), 1), _chapter(4, None, 2), _chapter(5, None, 3)]
    out = clean_volume(pages)
    heads = [b for b in out[0].blocks if b.kind is BlockKind.HEADING]
    text = " ".join(t for t, _ in title)
    assert [(b.text.replace("\n", " "), b.level) for b in heads] == [(text, 1)]
    assert render_text(out).clean.startswith(text + "\n\n" + FILL[0])


def test_a_paragraph_in_large_type_set_full_is_no_title() -> None:
    # the same rule must not take lines of a block justified to the measure for a centred title:
    # only a shorter line centred on their axis shows a title set centred
    rows = [Row(FILL[k], 500 + 84 * k, height=54) for k in range(3)]
    rows += body(["¶" + FILL[0], FILL[1], FILL[2], FILL[3] + "."], top=500 + 84 * 3 + 120)
    pages = [_folio(page(3, rows), 1), _chapter(4, None, 2), _chapter(5, None, 3)]
    out = clean_volume(pages)
    assert not [b for b in out[0].blocks if b.kind is BlockKind.HEADING and b.level == 1]


def test_a_title_whose_first_line_fills_the_measure_over_a_taller_last_line_is_one_heading() -> None:
    # seed 1951 heavy-a5-2col-volume: a chapter opening alone on its page, "Declaration to the
    # Sixth Comintern" / "Congress" over the date line. The first line, without descenders, was not
    # large by its box and filled the measure, so it was not centred either: only "Congress" (its
    # 'g' makes its box large) was found, as a heading of its own, and the first line stayed a
    # paragraph (headings 2 of 3)
    first = "Declaration to the Sixth World Congress of the Comintern"
    rows = [
        Row(first, 415, height=48, centred=True),
        Row("Assembled", 500, height=58, centred=True),
        Row("July 12, 1928", 672, x0=LEFT + 57, full=False),
    ]
    title = line(rows[0]).bbox
    # it fills the measure
    assert abs(title.x0 - LEFT) < 0.5 * BODY_H and abs(RIGHT - title.x1) < 0.5 * BODY_H
    assert title.height < 1.22 * BODY_H  # and its box is not large
    pages = [_chapter(2, None, 1), _folio(page(3, rows), 2), _chapter(4, None, 3), _chapter(5, None, 4)]
    out = clean_volume(pages)
    heads = [b for b in out[1].blocks if b.kind is BlockKind.HEADING]
    assert [(b.text.replace("\n", " "), b.level) for b in heads] == [(first + " Assembled", 1)]


def _scaled_page(index: int, k: float, texts: list[tuple[str, int, int]]) -> Page:
    """A page photographed from further away (its resolution `k` of the volume's) holding only the
    centred lines `texts` (text, top, height in the page's own pixels)."""
    centre = (LEFT + RIGHT) / 2 * k
    rows = []
    for text, y, height in texts:
        width = sum(len(t) * CHAR * height // BODY_H for t in text.split()) + CHAR * (len(text.split()) - 1)
        rows.append(Row(text, y, x0=int(centre - width / 2), height=height, full=False))
    return replace(page(index, rows), width=int(WIDTH * k), height=int(HEIGHT * k), dpi=int(300 * k))


def test_a_running_head_naming_a_title_page_photographed_from_further_away_is_furniture() -> None:
    # seed 1979 light-a5-chapter-camera: the title page and the contents page were photographed
    # from further away (160 dpi against the body pages' 269-290). The book's title on the title
    # page, large at its page's scale, was not large in the body pages' pixels, so the one running
    # head repeating it ("The Challenge of the Left Opposition") named no heading and stayed in the
    # text; and the median resolution of the four pages (215) put the body pages themselves off scale
    title = "The Mill on the River"
    k = 0.55
    front = [
        _scaled_page(1, k, [(title, 500, 44), ("Anna Smith", 600, 22)]),
        _scaled_page(2, k, [("For my father", 400, 22)]),
    ]
    head = Row(title, 120, height=32, centred=True)
    assert line(head).bbox.height < 1.22 * BODY_H  # the title page's title is not large at 300 dpi
    text = [_chapter(3, "The Old Mill", 1), _folio(page(4, [head, *body(FILL * 6, top=245)]), 2)]
    out = clean_volume(front + text)
    assert [b.kind for b in out[3].blocks if b.text == title] == [BlockKind.RUNNING_HEAD]
    assert title not in render_text(out).clean.split("\n\n")[-1]


def test_a_wrapped_contents_entry_read_as_one_tall_line_does_not_swallow_the_next_entry() -> None:
    # seed 1979 heavy-octavo-endnotes: the contents entry "Problems of the International
    # Opposition (two letters)", wrapped over two lines with its leader and page on the second, was
    # read as one line two lines tall, its leader and page lost. Reaching the column's end without
    # a page, it was taken for the first line of a wrapped entry and joined to the next entry's line
    # ("… (two letters) I … 2"): contents 1 of 3
    title = "Letters on the mill on the river and the valley"
    tall = line(Row(title, 464))
    tall = Line(tall.words, BBox(tall.bbox.x0, tall.bbox.y0, tall.bbox.x1, tall.bbox.y0 + 92))
    contents = page(
        2,
        [
            Row("Contents", 340, height=50, centred=True),
            Row("I ....................................................... 2", 577, x0=LEFT + 60),
            Row("II ...................................................... 3", 642, x0=LEFT + 60),
        ],
    )
    first, rest = contents.blocks[0], contents.blocks[1:]
    contents = replace(
        contents, blocks=(first, Block(first.id + "t", BlockKind.PARAGRAPH, (tall,), tall.bbox), *rest)
    )
    out = clean_volume([contents, _chapter(3, title, 1), _chapter(4, "I", 2), _chapter(5, "II", 3)])
    toc = render_text(out).toc_tsv.splitlines()
    assert [row.split("\t")[1:] for row in toc] == [[title, "1"], ["I", "2"], ["II", "3"]]


def _speck_after(p: Page, text: str, *, at: int, speck: str = "|") -> Page:
    """The page with a speck of dust, read `speck`, two pixels tall, at `at` on the line `text`."""
    blocks = []
    for b in p.blocks:
        lines = []
        for ln in b.lines:
            if ln.text == text:
                x = at
                dust = Word(speck, BBox(x, ln.bbox.y0 - 4, x + 2, ln.bbox.y0 - 2), 0.58)
                ln = Line((*ln.words, dust), BBox.enclosing([*(w.bbox for w in ln.words), dust.bbox]))
            lines.append(ln)
        blocks.append(Block(b.id, b.kind, tuple(lines), BBox.enclosing([ln.bbox for ln in lines])))
    return replace(p, blocks=tuple(blocks))


def test_a_speck_read_beside_a_title_line_does_not_move_its_axis() -> None:
    # seed 1917 heavy-a5: a bar of dust read near the right edge beside the title's second line
    # ("and peasant revolution |") put that line's centre far off the axis of the line above,
    # which fills the measure; the title's second line was a heading of its own, its first line a
    # paragraph, and the contents entry named no heading
    first, second = "Letter from the workers of the old mill and of", "the valley"
    rows = [Row(first, 400, height=62, centred=True), Row(second, 484, height=62, centred=True)]
    opening = page(3, rows + body(["¶" + FILL[0], FILL[1], FILL[2], FILL[3] + "."], top=604))
    title = opening.blocks[0].lines[0].bbox
    assert title.x0 < LEFT + BODY_H // 2 and title.x1 > RIGHT - BODY_H // 2  # fills the measure
    opening = _speck_after(_folio(opening, 1), second, at=RIGHT - 60)
    contents = page(
        2, [Row("Contents", 340, height=50, centred=True), Row(f"{first} {second} ....... 1", 490)]
    )
    out = clean_volume([contents, opening, _chapter(4, None, 2), _chapter(5, None, 3)])
    heads = [b for b in out[1].blocks if b.kind is BlockKind.HEADING]
    assert [b.text.replace("\n", " ") for b in heads] == [f"{first} {second} |"]
    assert render_text(out).toc_tsv == f"1\t{first} {second}\t1\n"


def test_a_long_title_whose_lines_all_come_near_the_measure_is_one_heading() -> None:
    # seed 1945 heavy-a5-endnotes: a title of three lines in large type, the first filling the
    # measure, the next two set in from each edge by little more than a body line height (1315,
    # 1250 and 1257 px in a 1350 px column): its first line was left a paragraph, only the other
    # two were the heading, and the volume's one heading was not found
    lines = [
        "Letter from the workers of the old mill to the",
        "council and the committees of the valleys",
        "of the river and of all the hills round it",
    ]
    rows = [Row(t, 400 + 84 * k, height=62, centred=True) for k, t in enumerate(lines)]
    opening = _folio(page(3, rows + body(["¶" + FILL[0], FILL[1], FILL[2], FILL[3] + "."], top=700)), 1)
    title = " ".join(lines)
    contents = page(2, [Row("Contents", 340, height=50, centred=True), Row(f"{title} ....... 1", 490)])
    out = clean_volume([contents, opening, _chapter(4, None, 2), _chapter(5, None, 3)])
    heads = [b for b in out[1].blocks if b.kind is BlockKind.HEADING]
    assert [b.text.replace("\n", " ") for b in heads] == [title]
    assert render_text(out).toc_tsv == f"1\t{title}\t1\n"


def test_a_long_title_filling_a_ragged_measure_without_a_label_is_one_heading() -> None:
    # seed 1143 heavy-a5-volume (DejaVu Serif, ragged): a letter's four-line title opening its page,
    # no label over it; its first line filled the measure and ran past the ragged column's measured
    # right edge (the lines' most common end), so it was not centred, and the title's lines were
    # left as four paragraphs (headings 0 of 1)
    title = [
        "Letter from the workers at the old water mill",
        "to the committee of the valley and the",
        "council of the river towns",
        "in winter",
    ]
    rows = [Row(t, 500 + 84 * k, height=62, centred=True) for k, t in enumerate(title)]
    rows += [Row(t, 500 + 84 * 4 + 120 + 58 * k, full=False) for k, t in enumerate(RAGGED * 2)]
    opening = _folio(page(3, rows), 1)
    pages = [opening, _ragged_chapter(4, 2, None), _ragged_chapter(5, 3, None)]
    first = opening.blocks[0].lines[0].bbox
    assert first.x0 < LEFT + BODY_H // 2  # it fills the measure
    assert first.x1 > max(b.bbox.x1 for b in pages[1].blocks) + BODY_H  # past the ragged edge
    out = clean_volume(pages)
    heads = [b for b in out[0].blocks if b.kind is BlockKind.HEADING]
    assert [(b.text.replace("\n", " "), b.level) for b in heads] == [(" ".join(title), 1)]
    assert render_text(out).clean.startswith(" ".join(title) + "\n\nthe river ran past")


def _askew(p: Page, slope: float, y_ref: int, *, first: int = 0) -> Page:
    """The page as photographed askew: each line moved `slope` px right per px above `y_ref`; the
    page's first line moved `first` px more."""
    blocks = []
    for b in p.blocks:
        lines = []
        for ln in b.lines:
            dx = round(slope * (y_ref - (ln.bbox.y0 + ln.bbox.y1) / 2)) + (
                first if not blocks and not lines else 0
            )
            words = tuple(
                replace(w, bbox=BBox(w.bbox.x0 + dx, w.bbox.y0, w.bbox.x1 + dx, w.bbox.y1)) for w in ln.words
            )
            lines.append(Line(words, BBox.enclosing([w.bbox for w in words])))
        blocks.append(Block(b.id, b.kind, tuple(lines), BBox.enclosing([ln.bbox for ln in lines])))
    return replace(p, blocks=tuple(blocks))


def test_a_title_filling_the_measure_on_a_page_photographed_askew_is_one_heading() -> None:
    # a photographed spread: the column's edges drift left down the page (the frame measures the
    # slope); a title's first line, about as wide as the measure, stood more than a body line
    # height in from the left edge the frame gives at the page's middle and ran past its right
    # edge, while at the line's own height it stood within both: only the title's second line was
    # found, and the first stayed a paragraph of its own
    rows = [
        Row("Marxism and the relation between proletarian", 300, x0=LEFT + 35, height=56, full=True),
        Row("and peasant revolution", 300 + 84, height=56, centred=True),
        Row("December 1928", 300 + 84 + 150, full=False),
    ]
    texts = ["¶" + FILL[0], FILL[1], FILL[2], FILL[3] + "."] * 4
    rows += body(texts, top=300 + 84 + 150 + 70)
    opening = _askew(_folio(page(3, rows), 1), 0.04, 1500, first=-10)
    pages = [opening, _chapter(4, None, 2), _chapter(5, None, 3)]
    out = clean_volume(pages)
    heads = [b for b in out[0].blocks if b.kind is BlockKind.HEADING]
    assert [(b.text.replace("\n", " "), b.level) for b in heads] == [(TITLE, 1)]
    assert render_text(out).clean.startswith(TITLE + "\n\nDecember 1928\n\n")


def _labelled_chapter(index: int, label: str | None, title: str, folio: int) -> Page:
    """A chapter's first page: its label line ("CHAPTER I") and its title, given to cleanup as one
    block of two lines (as Tesseract reads a chapter opening), and four lines of text."""
    rows = [Row(label, 300, height=60, centred=True)] if label else []
    rows += [Row(title, 400, height=70, centred=True)]
    head = [line(r) for r in rows]
    p = page(index, body(["¶" + FILL[0], FILL[1], FILL[2], FILL[3] + "."], top=600))
    block = Block(
        f"p{index:04d}-b00", BlockKind.PARAGRAPH, tuple(head), BBox.enclosing([ln.bbox for ln in head])
    )
    return _folio(replace(p, blocks=(block, *p.blocks)), folio)


def test_an_entry_short_of_its_last_word_names_a_heading_with_a_speck_or_a_label_before_its_title() -> None:
    # seed 1531 heavy-a5-page-symbols: "Appeal of the deportees ...... 1" was read "Appeal of the
    # Aeportees..scscc…" (the last word glued to the leader, read at no confidence); the chapter's
    # heading was read "| Appeal of the deportees", a speck before it, and the speck counted as the
    # heading's first word: the entry kept "Appeal of the"
    unread = "Aeportees..scsccsescecscseecssensevensernnesnssenenecnnsennneee"
    contents = _short_contents(f"Appeal of the {unread} 1", {unread})
    for label, title in [(None, "| Appeal of the deportees"), ("CHAPTER I", "Appeal of the deportees")]:
        pages = [
            contents,
            _labelled_chapter(3, label, title, 1),
            _chapter(4, "To a few exiled friends", 2),
        ]
        toc = render_text(clean_volume(pages)).toc_tsv.splitlines()
        assert toc[0].split("\t")[1].lstrip("| ") == "Appeal of the deportees", (label, toc)
        assert toc[0].split("\t")[2] == "1"


def _set(text: str, y: int, x0: int, cap: int, drop: int) -> Line:
    """A line of words `cap` px tall over the baseline at `y + cap`, `drop` px more for a word
    with a descender, set a space apart from `x0`."""
    words, x = [], x0
    for t in text.split():
        w = len(t) * cap * 21 // BODY_H
        low = drop if set(t) & set("gjpqy,;") else 0
        words.append(Word(t, BBox(x, y, x + w, y + cap + low), 0.95))
        x += w + CHAR
    return Line(tuple(words), BBox.enclosing([w.bbox for w in words]))


def test_a_titles_last_line_of_one_word_with_a_descender_goes_on_the_title() -> None:
    # clean-a5-2col (1534): over two columns, the title's flow held its two lines alone, 'Declaration
    # to the Sixth Comintern' (no descender, type 46 px) and 'Congress' (58 px with its 'g'): too
    # few words there to measure how much a descender adds, and 'Congress' was a heading of its own
    body = [
        _set(
            "the river ran past the old mill where every morning the young men played",
            900 + 58 * k,
            LEFT,
            31,
            9,
        )
        for k in range(8)
    ]

    def centred(text: str, y: int) -> Line:
        ln = _set(text, y, 0, 46, 12)
        return _set(text, y, (LEFT + RIGHT - ln.bbox.width) // 2, 46, 12)

    label = centred("CHAPTER I", 466)
    first, last = centred("Declaration to the Sixth Comintern", 575), centred("Congress", 661)
    frame = PageFrame(float(LEFT), float(RIGHT))
    metrics = VolumeMetrics(line_height=40.0, pitch=58.0, type_height=31.0)
    title = [label, first, last]
    descent = headings.descent_ratio([*title, *body])
    assert descent is not None and headings.descent_ratio(title) is None
    split = headings.find_headings(title, frame, metrics)
    assert [(h.start, h.end) for h in split] == [(0, 2), (2, 3)]
    found = headings.find_headings(title, frame, metrics, descent=descent)
    assert [(h.start, h.end) for h in found] == [(0, 3)]


def test_an_entry_whose_last_words_were_read_sure_as_leader_soup_takes_the_heading_title() -> None:
    # seed 1534 heavy-a5-page-symbols: "Reply to two conciliators ....... 1" was read "Reply tO CWO
    # CONCIIIACOTS............ 1", the last two words read sure (0.8) but made of the letters a
    # leader is read as: they went with the leader, and the entry kept "Reply tO"
    contents = _short_contents("Reply tO CWO CONCIIIACOTS ........................ 1", set())
    pages = [contents, _chapter(3, "Reply to two conciliators", 1), _chapter(4, "To a few exiled friends", 2)]
    toc = render_text(clean_volume(pages)).toc_tsv
    assert toc == "1\tReply to two conciliators\t1\n1\tTo a few exiled friends\t2\n"
    # words after the title that are no misreading of the heading's leave the entry as printed
    contents = _short_contents("Reply tO CCC SSSSS ........................ 1", set())
    pages = [contents, _chapter(3, "Reply to two conciliators", 1), _chapter(4, "To a few exiled friends", 2)]
    assert "Reply to two conciliators" not in render_text(clean_volume(pages)).toc_tsv


def test_an_entry_read_on_into_its_leader_by_an_unsure_word_takes_the_heading_title() -> None:
    # a chapter-notes octavo: "Portrait of a capitulator ....... 4" was read "Portrait.of a
    # capitulator oer" and then the leader, 'oer' at confidence 0: near enough to the heading to
    # link it, and the entry kept 'oer' in its title
    contents = _short_contents("Portrait.of a capitulator oer ........................ 1", {"oer"})
    pages = [contents, _chapter(3, "Portrait of a capitulator", 1), _chapter(4, "To a few exiled friends", 2)]
    toc = render_text(clean_volume(pages)).toc_tsv
    assert toc == "1\tPortrait of a capitulator\t1\n1\tTo a few exiled friends\t2\n"
    # a word past the heading's title read sure is the entry's as printed
    contents = _short_contents("Portrait.of a capitulator now ........................ 1", set())
    pages = [contents, _chapter(3, "Portrait of a capitulator", 1), _chapter(4, "To a few exiled friends", 2)]
    assert "Portrait.of a capitulator now\t1" in render_text(clean_volume(pages)).toc_tsv
