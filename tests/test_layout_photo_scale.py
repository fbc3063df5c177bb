"""A page photographed at a lower resolution than the rest of its volume, its ink spread by blur: at
the page's scale (the volume's measures times the ratio of the resolutions) its lines are boxed as
tall as its pitch, a good third taller than the volume's body line at that scale. Constructed pages.

Seed 1549 heavy-a5-endnotes-camera: a page at 158 dpi in a volume at 233 set a block quotation in
smaller type, space above it; its first two lines measured large against the page's scale and were
taken for a title (the quotation split, its last line a paragraph of its own)."""

from __future__ import annotations

import dataclasses

from ingest.layout import clean_volume
from ingest.model import BlockKind, Page
from tests.test_layout_helpers import LEFT, MILL, PITCH, Row, body, page

QUOTE = [
    "these are the general conditions which according to the board",
    "offer no obstacle at all to the work of the opposition in",
    "general and to mine in particular.",
]


def _volume(*, title: bool) -> list:
    pages = [page(i, body(["¶" + MILL[0], *(MILL * 4)[1:20], MILL[5] + "."])) for i in range(1, 4)]
    pitch, top = 40, 245  # 58 px at 300 dpi, photographed at 200 dpi: 39 px; boxes 40 px (blur)
    rows = [Row(t, top + k * pitch, height=40, full=True) for k, t in enumerate(["¶" + MILL[0], *MILL[1:5]])]
    rows[0] = dataclasses.replace(rows[0], text=MILL[0], x0=LEFT + 38)
    y = top + 5 * pitch + 20
    if title:
        rows.append(Row("THE MILL", y, height=80, centred=True))
        y += 140
    else:
        for k, t in enumerate(QUOTE):
            rows.append(Row(t, y + k * 36, x0=LEFT + 60, height=38, full=False, char=19))
        y += len(QUOTE) * 36 + 24
    rows += [Row(t, y + k * pitch, height=40, full=k < 4) for k, t in enumerate(MILL[:5])]
    rows[-5] = dataclasses.replace(rows[-5], x0=LEFT + 38)
    last = dataclasses.replace(page(4, rows), dpi=200)
    return [*pages, last, page(5, body(["¶" + MILL[0], MILL[1] + "."]))]


def test_a_quotation_on_a_page_photographed_at_lower_resolution_is_no_title() -> None:
    out = clean_volume(_volume(title=False))
    blocks = out[3].blocks
    assert not [b for b in blocks if b.kind is BlockKind.HEADING]
    quoted = [b for b in blocks if QUOTE[0].split()[0] in b.text and QUOTE[-1].split()[-1] in b.text]
    assert len(quoted) == 1, [b.text for b in blocks]


def test_a_title_on_such_a_page_is_still_a_title() -> None:
    out = clean_volume(_volume(title=True))
    assert [b.text for b in out[3].blocks if b.kind is BlockKind.HEADING] == ["THE MILL"]


def _scaled(rows: list[Row], k: float) -> list[Row]:
    """The rows with every length scaled by `k` (a page photographed from further away: k < 1),
    none justified."""
    return [
        dataclasses.replace(
            r,
            y=round(r.y * k),
            x0=round(r.x0 * k),
            height=round(r.height * k),
            char=max(1, round(r.char * k)),
            full=False,
        )
        for r in rows
    ]


def _scaled_page(index: int, k: float, dpi: int) -> Page:
    """A page with a running head over its text, every length scaled by `k` (photographed from
    further away: k < 1), at resolution `dpi`."""
    head = Row(f"{index} THE MILL AND THE RIVER", 158, height=34, full=False)
    rows = [head, *body(["¶" + MILL[0], *(MILL * 4)[1:18], MILL[5] + "."])]
    scaled = _scaled(rows, k)
    return dataclasses.replace(page(index, scaled), dpi=dpi)


def test_a_running_head_on_a_page_photographed_closer_than_its_resolution_says() -> None:
    # seed 1551 heavy-octavo-volume-spreads-camera: pages of one volume photographed at several
    # resolutions; a page whose resolution was the volume's set its lines 33 px apart where the
    # volume's pitch at that resolution is 52. Its running head, a pitch and a half over the
    # text by its own lines, was under the volume's head gap by the resolution's measure, and read
    # as the first line of the text
    pages = [
        _scaled_page(1, 1.0, 300),
        _scaled_page(2, 0.67, 200),
        _scaled_page(3, 1.0, 300),
        _scaled_page(4, 0.65, 300),  # photographed from further away than its resolution says
        _scaled_page(5, 1.0, 300),
    ]
    out = clean_volume(pages)
    for p in out:
        heads = [b.text for b in p.blocks if b.kind is BlockKind.RUNNING_HEAD]
        assert heads == ["THE MILL AND THE RIVER"], (p.index, [(b.kind, b.text[:40]) for b in p.blocks])


NOTES = [
    "1 The mill stood on the lower race until the flood of that spring carried",
    "its wheel away and the miller moved his books to the house in the town,",
    "where they were kept until the last of the family sold the house and land.",
    "2 The workers met in the yard of the mill before the shift began, and the",
    "foreman read out the names of those the owner wanted for the day's work.",
    "3 No record of the wheel standing still for longer than a week survives,",
    "though the miller's books speak of a winter when the race froze over.",
]


def _ragged(index: int, texts: list[str], *, k: float, dpi: int, notes: bool = False) -> Page:
    """A ragged-right page photographed at scale `k` and resolution `dpi`: its body lines (none
    justified), and under them, when `notes`, notes set closer than the body."""
    rows = [dataclasses.replace(r, full=False) for r in body(texts)]
    if notes:
        top = rows[-1].y + 2 * PITCH
        # set smaller and closer, the notes' words boxed taller than the body's by a heavy blur
        rows += [Row(t, top + 36 * i, height=44, full=False, char=16) for i, t in enumerate(NOTES * 2)]
    scaled = _scaled(rows, k)
    return dataclasses.replace(page(index, scaled), dpi=dpi)


def test_a_page_of_notes_photographed_closer_keeps_its_body_lines_text() -> None:
    # seed 1564 light-a5-volume-camera: a photographed page held five body lines over fourteen
    # lines of notes, set closer; the median step between its lines was the notes' pitch, 0.67 of
    # the volume's, and taken for the page's scale: its body lines, 1.4 scaled pitches apart, each
    # stood apart from the next like a title, and five lines in the middle of a sentence were
    # read as headings. Its steps fall into two runs, the body's and the notes'; the body's is the
    # one the page's resolution leads to expect, whatever the blur made of the words' heights.
    text = ["¶" + MILL[0], *(MILL * 4)[1:19], MILL[5] + "."]
    pages = [
        _ragged(1, text, k=1.0, dpi=300),
        _ragged(2, text, k=0.85, dpi=255),
        _ragged(3, text, k=1.0, dpi=300),
        _ragged(4, [MILL[0], *MILL[1:5]], k=0.85, dpi=255, notes=True),
        _ragged(5, text, k=1.0, dpi=300),
        _ragged(6, text, k=0.85, dpi=255),
    ]
    out = clean_volume(pages)
    for p in out:
        heads = [b.text for b in p.blocks if b.kind is BlockKind.HEADING]
        assert not heads, (p.index, heads)
    texts = [b.text for b in out[3].blocks if b.kind is BlockKind.PARAGRAPH]
    assert len(texts) == 1 and texts[0].startswith(MILL[0]) and texts[0].endswith(MILL[4]), texts
