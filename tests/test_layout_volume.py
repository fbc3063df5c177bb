"""Layout cleanup on a small constructed volume: the hard cases, each pinned by a test, plus a
golden rendering of the whole volume (tests/layout_golden/small_volume.txt; regenerate with
QUIRE_UPDATE_GOLDEN=1 and review the diff)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.export.text import render_text
from ingest.layout import clean_volume, cleaned_pages
from ingest.layout.segment import LEADER
from ingest.layout.undo import undo
from ingest.model import BlockKind, HyphenPart, Page
from tests.test_layout_helpers import HEIGHT, LEFT, MILL, PITCH, RIGHT, Row, body, page

GOLDEN = Path(__file__).parent / "layout_golden"
FILL = MILL[:5]


def note_rows(texts: list[str], top: int, *, runs_on: bool = False) -> list[Row]:
    """Note lines, justified but the last (unless the note `runs_on` over the page break: a
    justified line then ends the page's part of it)."""
    return [Row(t, top + i * 42, height=30, full=runs_on or i + 1 < len(texts)) for i, t in enumerate(texts)]


def volume() -> list[Page]:
    p1 = page(
        1,
        [Row("A Small Book", 800, height=80, centred=True), Row("An Author", 1000, height=50, centred=True)],
    )
    p2 = page(
        2,
        [
            Row("Contents", 340, height=50, centred=True),
            Row("First Chapter ...................................... 1", 490),
            Row("The Second Chapter with a Title Long Enough to Wrap Over", 560),
            Row("Two Lines ......................................... i7", 620, full=True),
        ],
    )
    p3 = page(
        3,
        [
            Row("1", 110, x0=RIGHT - 25, height=25, full=False),
            Row("First Chapter", 460, height=60, centred=True),
        ]
        + body(
            ["¶" + FILL[0], FILL[1], "a well- ", "meaning clerk kept the books of the mill and con-"],
            top=640,
            last_short=False,
        ),
    )
    p3 = page(
        3,
        [
            Row("1", 110, x0=RIGHT - 25, height=25, full=False),
            Row("First Chapter", 460, height=60, centred=True),
        ]
        + body(
            ["¶" + FILL[0], FILL[1], "and a well-", "meaning clerk kept the books of the mill and con-"],
            top=640,
            last_short=False,
        ),
    )
    p4 = page(
        4,
        [Row("2 A Small Book", 110, height=28, full=False)]
        + body(
            [
                "tinued to do so while the Centrism1 of the owners grew",
                FILL[2],
                FILL[3],
                "¶" + FILL[4],
                FILL[0],
            ],
            last_short=False,
        )
        + note_rows(
            ["1. A note that runs over the page break and its text", "goes on"],
            2000,
            runs_on=True,
        ),
    )
    p5 = page(
        5,
        [Row("First Chapter 3", 110, height=28, full=False, x0=900)]
        + body(
            [
                "and the story went on from the previous page as ^2 told",
                FILL[1],
                "the mill closed in the end and that was the end of it.",
            ],
            last_short=False,
        )
        + note_rows(["to the next page where it ends.", "2. A second note."], 2000),
    )
    p6 = page(
        6,
        [Row("4 A Small Book", 110, height=28, full=False)]
        + body(["¶" + FILL[2], FILL[3], "after the flood."]),
    )
    p7 = page(
        7,
        [
            Row("S", 110, x0=RIGHT - 25, height=25, full=False),
            Row("The Second Chapter with a Title", 460, height=60, centred=True),
            Row("Long Enough to Wrap Over Two Lines", 540, height=60, centred=True),
        ]
        + body(["¶" + FILL[4], FILL[0], "and so it ended."], top=700),
    )
    return [p1, p2, p3, p4, p5, p6, p7]


@pytest.fixture(scope="module")
def cleaned() -> list[Page]:
    return clean_volume(volume())


def kinds(p: Page) -> list[str]:
    return [b.kind.value for b in p.blocks]


def test_labels_roman_front_and_misread_folio(cleaned: list[Page]) -> None:
    assert [p.label for p in cleaned] == [None, "ii", "1", "2", "3", "4", "5"]


def test_running_head_that_is_also_a_chapter_title(cleaned: list[Page]) -> None:
    p3, p5 = cleaned[2], cleaned[4]
    assert kinds(p3)[:2] == ["page_number", "heading"]  # the chapter title on its opening page
    assert p3.blocks[1].text == "First Chapter" and p3.blocks[1].level == 1
    assert kinds(p5)[:2] == ["running_head", "page_number"]  # the same words as the recto head
    assert p5.blocks[0].text == "First Chapter"


def test_folio_glued_to_head_line_is_split_off(cleaned: list[Page]) -> None:
    p4 = cleaned[3]
    assert [(b.kind.value, b.text) for b in p4.blocks[:2]] == [
        ("page_number", "2"),
        ("running_head", "A Small Book"),
    ]


def test_compound_keeps_hyphen_and_break_is_joined_over_page(cleaned: list[Page]) -> None:
    words = [w for p in cleaned for w in p.words if w.hyphen]
    by_joined = {}
    for w in words:
        by_joined.setdefault(w.joined, []).append(w.hyphen)
    assert by_joined["well-meaning"] == [HyphenPart.START, HyphenPart.END]
    assert by_joined["continued"] == [HyphenPart.START, HyphenPart.END]  # con- | tinued over the page
    start = next(w for w in cleaned[2].words if w.joined == "continued")
    assert start.text == "con-"  # the START half keeps its hyphen as printed


def test_paragraph_continued_and_ended_at_page_end(cleaned: list[Page]) -> None:
    first = {p.index: next(b for b in p.blocks if b.kind is BlockKind.PARAGRAPH) for p in cleaned[3:7]}
    assert first[4].continues  # "tinued ..." goes on the paragraph of page 3
    assert first[5].continues  # not indented, previous page ends mid-sentence
    assert not first[6].continues  # previous page ends with a full stop, this one is indented


def test_footnote_glued_call_raised_call_and_note_over_page(cleaned: list[Page]) -> None:
    p4, p5 = cleaned[3], cleaned[4]
    notes4 = [b for b in p4.blocks if b.kind is BlockKind.FOOTNOTE]
    notes5 = [b for b in p5.blocks if b.kind is BlockKind.FOOTNOTE]
    assert [b.marker for b in notes4] == ["1"]
    assert notes5[0].continues and notes5[0].marker is None
    assert notes5[1].marker == "2"
    call = next(w for w in p4.words if w.marker == "1")
    assert call.text == "Centrism" and call.note_id == notes4[0].id
    assert notes4[0].ref is not None and notes4[0].ref.startswith(p4.blocks[2].id.split("-")[0])
    raised = next(w for w in p5.words if w.marker == "2")
    assert raised.note_id == notes5[1].id


def test_two_line_contents_entry_linked_to_heading(cleaned: list[Page]) -> None:
    entries = [b for b in cleaned[1].blocks if b.kind is BlockKind.TOC_ENTRY]
    assert len(entries) == 2
    title = "The Second Chapter with a Title Long Enough to Wrap Over Two Lines"
    assert entries[1].title == title
    # the entry's lines as printed: the leader (one mark) and the page as read close its last line
    assert entries[1].text.replace("\n", " ") == f"{title} {LEADER} i7"
    heading = next(b for b in cleaned[6].blocks if b.kind is BlockKind.HEADING)
    assert entries[0].target == cleaned[2].blocks[1].id and entries[0].target_label == "1"
    assert (
        entries[1].target == heading.id and entries[1].target_label == "5"
    )  # "i7" misread, fixed by the link


def test_every_page_records_decisions_and_step(cleaned: list[Page]) -> None:
    for p in cleaned:
        assert p.steps[-1].name == "layout"
    kinds_ = {d.kind for p in cleaned for d in p.decisions}
    assert {
        "running_head",
        "page_number",
        "hyphen_join",
        "paragraph_join",
        "footnote_link",
        "toc_link",
        "heading",
        "page_label",
    } <= kinds_
    ids = [b.id for p in cleaned for b in p.blocks]
    assert len(ids) == len(set(ids))


def test_undo_restores_word_and_kind(cleaned: list[Page]) -> None:
    p4 = cleaned[3]
    link = next(d for d in p4.decisions if d.kind == "footnote_link")
    undone = undo(p4, link)
    assert any(w.text == "Centrism1" and w.marker is None for w in undone.words)
    assert link not in undone.decisions
    head = next(d for d in p4.decisions if d.kind == "running_head")
    assert undo(p4, head).block(head.targets[0]).kind is BlockKind.PARAGRAPH
    join = next(d for d in p4.decisions if d.kind == "hyphen_join")
    assert join.data["pages"] == [3, 4]
    both = [undo(cleaned[2], join), undo(p4, join)]
    assert not any(w.hyphen for p in both for w in p.words if w.text in ("con-", "tinued"))


def test_golden_text(cleaned: list[Page]) -> None:
    out = render_text(cleaned)
    text = out.clean + "--- pages.tsv\n" + out.pages_tsv + "--- toc.tsv\n" + out.toc_tsv
    path = GOLDEN / "small_volume.txt"
    if os.environ.get("QUIRE_UPDATE_GOLDEN") or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_render_is_deterministic(cleaned: list[Page]) -> None:
    assert render_text(cleaned) == render_text(clean_volume(volume()))


def test_pages_taken_and_handed_on_one_at_a_time(cleaned: list[Page]) -> None:
    """The store feeds cleanup a page at a time and stores each cleaned page as it comes: from a
    one-pass iterator, every input page is read exactly once, and the pages handed on one by
    one are the volume's cleaned pages, in order."""
    read: list[int] = []

    def once() -> Iterator[Page]:
        for p in volume():
            read.append(p.index)
            yield p

    out = cleaned_pages(once())
    first = next(out)
    assert read == [p.index for p in volume()]  # the whole volume is read before a page is out
    assert [first, *out] == cleaned


_ = (HEIGHT, LEFT, PITCH)
