"""Typographic variations of printed books, each on constructed pages: symbol notes restarting on
every page, a bracketed folio at the foot, a chapter label over its title, chapter endnotes set with
a hanging indent whose numbers OCR lost, and a head set close over a rule."""

from __future__ import annotations

import dataclasses

from ingest.export.text import render_text
from ingest.layout import calls, clean_volume, furniture, notemarkers
from ingest.layout.geometry import VolumeMetrics
from ingest.model import BBox, BlockKind, Line, Word
from tests.test_layout_helpers import BODY_H, LEFT, MILL, PITCH, RIGHT, Row, body, line, page

FILL = MILL[:5]
METRICS = VolumeMetrics(line_height=40, pitch=58, type_height=40)


def test_symbol_notes_restart_on_every_page_and_a_misread_dagger_opens_the_second() -> None:
    # spaced-symbols-light: '† Canton uprising' came out of OCR as '+ Canton uprising' and was
    # taken for the rest of the '*' note; the calls read as a quote ('Marx’') or as '*'
    pages = []
    for i in range(1, 4):
        rows = body(
            [
                "¶" + FILL[0],
                FILL[1].replace("shift", "shift’"),
                FILL[2].replace("wheel", "wheel*"),
                FILL[3] + ".",
            ],
            top=245,
        )
        rows += [
            Row("* The first note of the page, which runs on to a", 2000, height=28),
            Row("second line.", 2036, height=28, full=False),
            Row("+ The second note of the page, on the wheel.", 2090, height=28, full=False),
        ]
        rows.append(Row(f"[{i}]", 2300, x0=RIGHT - 60, height=30, full=False))
        pages.append(page(i, rows))
    out = clean_volume(pages)
    for p in out:
        notes = [b for b in p.blocks if b.kind is BlockKind.FOOTNOTE]
        assert [b.marker for b in notes] == ["*", "†"]
        assert all(b.ref for b in notes)
    text = render_text(out).clean
    assert "shift[^1]" in text and "wheel[^2]" in text and "wheel[^6]" in text
    assert "[^2]: The second note of the page, on the wheel." in text
    assert [p.label for p in out] == ["1", "2", "3"]  # '[12]' folios at the foot, outer corner
    assert "[1]" not in text and "[3]" not in text


def test_doubled_symbol_marker_is_the_seventh_note() -> None:
    assert notemarkers.note_marker(line(Row("** A note", 100)).words[0], None) == "**"
    assert calls.SYMBOL_SEQUENCE[:7] == ("*", "†", "‡", "§", "‖", "¶", "**")


def test_decorated_folios_are_read() -> None:
    for token, value in (("[12]", 12), ("—12—", 12), ("(7)", 7), ("[l4]", 14)):
        assert any(f.kind == "arabic" and f.value == value for f in furniture.parse_folio(token)), token


def test_chapter_label_over_its_title_is_one_heading() -> None:
    # endnotes-verse-octavo-heavy: "CHAPTER I" (small) over the large title came out as two headings
    pages = []
    for i, (label, title) in enumerate((("CHAPTER I", "The First Part"), ("CHAPTER II", "The Second Part"))):
        rows = [
            Row(label, 480, height=32, centred=True),
            Row(title, 570, height=70, centred=True),
        ] + body(["¶" + FILL[0], FILL[1], FILL[2], FILL[3] + "."], top=760)
        pages.append(page(i + 1, rows))
    out = clean_volume(pages)
    heads = [b.text.replace("\n", " ") for p in out for b in p.blocks if b.kind is BlockKind.HEADING]
    assert heads == ["CHAPTER I The First Part", "CHAPTER II The Second Part"]
    assert render_text(out).clean.startswith("CHAPTER I The First Part\n\n")


def test_endnotes_with_a_hanging_indent_and_lost_numbers() -> None:
    # endnotes-verse-octavo-heavy: OCR read the numbers of a notes section as '.' (or 'Oo .'); the
    # notes start out in the margin, their following lines in line, and were joined into one
    hang, inner = LEFT, LEFT + 30

    def note(texts: list[str], top: int) -> list[Row]:
        return [
            Row(t, top + k * 50, x0=hang if k == 0 else inner, height=32, full=k + 1 < len(texts))
            for k, t in enumerate(texts)
        ]

    p1 = page(
        1,
        [Row("The Chapter", 300, height=70, centred=True)]
        + body(["¶" + FILL[0], FILL[1].replace("shift", "shift1"), FILL[2].replace("wheel", "wheel2") + "."])
        + [Row("Notes", 900, centred=True)]
        + note([". The first note, on the shift, which runs over", "two lines."], 1000)
        + note(["Oo . The second note, on the wheel of the mill", "and its long story."], 1110),
    )
    out = clean_volume([p1])
    notes = [b for b in out[0].blocks if b.kind is BlockKind.FOOTNOTE]
    assert [b.marker for b in notes] == ["1", "2"] and all(b.ref for b in notes)
    text = render_text(out).clean
    assert "[^1]: The first note, on the shift, which runs over two lines." in text
    assert "shift[^1]" in text and "wheel[^2]" in text
    assert any(d.kind == "ocr_misread" for d in out[0].decisions)  # the '.' read as '1.', undoable


def test_head_over_a_rule_set_closer_than_a_paragraph_gap_is_still_the_running_head() -> None:
    # twocol-chapnotes-heavy and endnotes-verse-octavo-heavy: the head sat 1.33–1.38 body pitches
    # above the text (a rule between), under the fixed 1.45 the head group needed
    pages = []
    for i in range(1, 6):
        rows = [Row(f"{i} THE CHAPTER TITLE", 170, height=28, full=False)]
        rows += body(["¶" + FILL[0]] + FILL[1:] + ["and so the story of the river went on."], top=170 + 78)
        pages.append(page(i, rows))
    out = clean_volume(pages)
    assert [p.label for p in out] == ["1", "2", "3", "4", "5"]
    assert all(p.blocks[0].kind in (BlockKind.PAGE_NUMBER, BlockKind.RUNNING_HEAD) for p in out)
    assert "THE CHAPTER TITLE" not in render_text(out).clean
    # the measured gap stays between a body step and the old constant
    gap = furniture.head_gap([([line(r) for r in [Row("H", 170)] + body(FILL, top=248)], 2482)] * 3, METRICS)
    assert 1.15 <= gap < 1.45


VERSE = [
    "the wheel turns in the water",
    "and the miller sings along",
    "of the river and its daughter",
    "and the valley and its song",
]


def test_verse_stanza_keeps_together_over_a_page_break() -> None:
    # endnotes-verse-octavo-heavy: every line of a stanza (short, set in from the edge) came out as
    # a paragraph of its own, and a stanza broken by the page was not joined
    inset = LEFT + 110
    p1 = page(
        1,
        body(["¶" + FILL[0], FILL[1], FILL[2] + "."], top=245)
        + [Row(t, 245 + (3 + k) * 58 + 20, x0=inset, full=False) for k, t in enumerate(VERSE[:2])],
    )
    p2 = page(
        2,
        [Row(t, 245 + k * 58, x0=inset, full=False) for k, t in enumerate(VERSE[2:])]
        + body(["¶" + FILL[3], FILL[4] + "."], top=245 + 2 * 58 + 20),
    )
    blocks = [b for b in render_text(clean_volume([p1, p2])).clean.split("\n\n") if b.strip()]
    assert len(blocks) == 3
    assert " ".join(blocks[1].split()) == " ".join(VERSE)


def test_lines_beside_a_drop_capital_are_one_paragraph() -> None:
    # endnotes-verse-octavo-heavy: the two lines beside a drop capital (its letter lost by OCR)
    # are set in alike and each started a paragraph
    cap = LEFT + 60
    rows = [Row(FILL[0], 245, x0=cap), Row(FILL[1], 303, x0=cap)] + body(
        FILL[2:] + ["and so it went on."], top=361
    )
    rows += body(["¶" + FILL[0], FILL[1], "and there it ended."], top=361 + 4 * 58)
    out = clean_volume([page(1, rows)])
    paras = [b for b in out[0].blocks if b.kind is BlockKind.PARAGRAPH]
    assert [len(b.lines) for b in paras] == [6, 3]


def test_one_line_paragraphs_at_the_paragraph_indent_stay_apart() -> None:
    # dialogue: lines at the page's own paragraph indent, each ending a sentence short of the edge
    rows = body(
        ["¶" + FILL[0], FILL[1] + ".", "¶“Yes,” he said.", "¶“No,” she said.", "¶" + FILL[2], FILL[3] + "."]
    )
    out = clean_volume([page(1, rows)])
    assert len([b for b in out[0].blocks if b.kind is BlockKind.PARAGRAPH]) == 4


def test_page_labels_from_the_contents_when_no_folio_was_read() -> None:
    # random heavy books: Tesseract did not see a single centred folio at the foot, so no page had a
    # label; the contents page says the first chapter starts on page 1 and the second on page 3
    contents = page(
        1,
        [
            Row("Contents", 340, height=50, centred=True),
            Row("The First Part ...................................... 1", 490),
            Row("The Second Part ..................................... 3", 560),
        ],
    )
    pages = [contents]
    for i, title in ((2, "The First Part"), (3, None), (4, "The Second Part"), (5, None)):
        rows = [Row(title, 400, height=70, centred=True)] if title else []
        rows += body(["¶" + FILL[0], FILL[1], FILL[2] + "."], top=600)
        pages.append(page(i, rows))
    out = clean_volume(pages)
    assert [p.label for p in out[1:]] == ["1", "2", "3", "4"]
    assert render_text(out).toc_tsv == "1\tThe First Part\t1\n1\tThe Second Part\t3\n"
    assert all(any(d.kind == "page_label" and "contents" in d.detail for d in p.decisions) for p in out[1:])


def test_contents_that_disagree_label_no_page() -> None:
    contents = page(
        1,
        [
            Row("Contents", 340, height=50, centred=True),
            Row("The First Part ...................................... 1", 490),
            Row("The Second Part ..................................... 9", 560),
        ],
    )
    pages = [contents]
    for i, title in ((2, "The First Part"), (3, "The Second Part")):
        pages.append(
            page(
                i, [Row(title, 400, height=70, centred=True)] + body(["¶" + FILL[0], FILL[1] + "."], top=600)
            )
        )
    assert [p.label for p in clean_volume(pages)[1:]] == [None, None]


def test_a_small_capital_head_set_off_by_its_baseline_on_a_short_volume_is_the_running_head() -> None:
    # a volume of two body pages measures no head gap of its own (the fixed 1.45 pitches stands);
    # its head in small capitals ('REPLY' capital, the rest small) has its words' tops 20 px under
    # the body's ascenders, so top to top it stood 1.38 pitches over the text, baseline to
    # baseline 1.72
    def head_line(y: int) -> Line:
        words, x = [], 700
        for k, t in enumerate("REPLY TO AN ULTIMATUM".split()):
            top = y if k == 0 else y + 8  # a capital, then small capitals 8 px shorter
            words.append(Word(t, BBox(x, top, x + 20 * len(t), y + 28), 0.95))
            x += 20 * len(t) + 16
        return Line(tuple(words), BBox.enclosing([w.bbox for w in words]))

    pages = []
    for i in (1, 2):
        p = page(i, [Row("HEAD", 170)] + body(["¶" + FILL[0]] + FILL[1:], top=258))
        head = head_line(170)
        first = dataclasses.replace(p.blocks[0], lines=(head,), bbox=head.bbox)
        pages.append(dataclasses.replace(p, blocks=(first, *p.blocks[1:])))
    assert (258 - 178) < 1.45 * PITCH <= (258 + BODY_H) - (170 + 28)  # top step short, baseline step not
    out = clean_volume(pages)
    assert [p.blocks[0].kind for p in out] == [BlockKind.RUNNING_HEAD] * 2
    assert "ULTIMATUM" not in render_text(out).clean


def test_a_dashed_folio_read_as_three_tokens_is_still_the_folio() -> None:
    # a chapter-notes book with '—12—' folios at the head: one page's read '— 18 —', three
    # tokens; it was not taken for the folio and stayed in the text, splitting a paragraph
    pages = []
    for i in range(1, 6):
        folio = f"— {i} —" if i == 3 else f"—{i}—"
        rows = [Row(folio, 170, x0=LEFT if i % 2 == 0 else RIGHT - 130, height=30, full=False)]
        rows += body([FILL[0]] + FILL[1:] + ["and so the story of the river went on."], top=170 + 78)
        pages.append(page(i, rows))
    out = clean_volume(pages)
    assert [p.label for p in out] == ["1", "2", "3", "4", "5"]
    assert all(p.blocks[0].kind is BlockKind.PAGE_NUMBER for p in out)
    text = render_text(out).clean
    assert "—" not in text and " 3 " not in text
    assert furniture.strip_folio(line(Row("— 18 —", 170, full=False)))[1] == [0, 1, 2]
    assert furniture.strip_folio(line(Row("— The Title —", 170, full=False)))[1] == []


def test_a_chapter_label_behind_a_speck_is_still_one_heading_with_its_title() -> None:
    # a heavy scan read the label '. CHAPTER I', a speck before it: the label was not taken for
    # one, and neither line was the chapter's heading the contents and the truth name
    rows = [
        Row(". CHAPTER I", 480, height=32, centred=True),
        Row("The First Part", 570, height=70, centred=True),
    ] + body(["¶" + FILL[0], FILL[1], FILL[2], FILL[3] + "."], top=760)
    out = clean_volume([page(1, rows)])
    heads = [b.text.replace("\n", " ") for p in out for b in p.blocks if b.kind is BlockKind.HEADING]
    assert heads == [". CHAPTER I The First Part"]
