"""A quotation set in as far as the paragraph indent, in smaller type at a closer pitch than the
body, ragged to its own measure: a line that fills the quotation's measure and ends a sentence,
with the line above it set in alike, ends no paragraph; the next line at the same inset goes on
the quotation. One-line paragraphs at the indent (dialogue, a list) stay apart."""

from __future__ import annotations

from dataclasses import replace

from ingest.export.text import render_text
from ingest.layout import clean_volume, paragraphs
from ingest.layout.geometry import VolumeMetrics, page_frame
from ingest.model import Block, BlockKind, Line, Page, block_id
from tests.test_layout_helpers import BODY_H, PITCH, body, justified, page
from tests.test_layout_paragraphs import FILL

# a quotation in a narrow column (the column's edge at 178, 637 px wide), as OCR boxed it on the
# seed-1930 render: set in 63 px, as far as the paragraphs are indented, in smaller type (30 px)
# at a closer pitch (51), ragged to its own measure (the longest line ends at 752)
COLUMN, MEASURE, INDENT = 178, 637, 57
QUOTE = [
    (241, 716, "Trotsky continued to assess"),
    (242, 752, "the Sixth Congress as new in-"),
    (242, 708, "formation about it reached"),
    (241, 722, "him. On August 22 the con-"),
    (241, 743, "gress had heard reports from"),
    (241, 720, "Varga and Manuisky on the"),
    (241, 734, "state of the USSR, endorsing"),
    (241, 678, "the policies of the leaders."),
    (241, 722, "leadership and condemning"),
    (241, 663, "the expelled Opposition."),
    (241, 632, "Earlier, Kuusinen had"),
    (241, 735, "presented long theses on the"),
    (241, 685, "colonial and semicolonial"),
    (241, 409, "countries."),
]
TYPE, STEP, TOP = 30, 51, 720
BODY = [
    "The citation from Lenin about",
    "obedient idiots that Bukharin",
    "read at the Sixth Congress was",
    "intended to minimize the con-",
    "cession that Bukharin had made",
    "in agreeing that the right devi-",
    "ation was the main danger. He",
    "hoped an impersonal deviation",
    "would be opposed by ideologi-",
    "cal means, rather than by or-",
    "ganizational ones directed",
    "against individuals.",
]
HEAD = [
    "In this letter, Trotsky ex-",
    "plains the dynamic of the left",
    "turn in terms of the pressure",
    "brought on the Stalinists by the",
    "leftward movement of the work-",
    "ers in Europe.",
]


def column_paragraph(texts: list[str], top: int) -> list[Line]:
    """A paragraph of body lines of the narrow column from `top`: its first line indented, its last
    short (the filler around a set-in run; `test_layout_glued_speck` sets its list item in it too)."""
    last = len(texts) - 1
    return [
        justified(
            t,
            top + k * PITCH,
            COLUMN + (INDENT if k == 0 else 0),
            COLUMN + (MEASURE if k < last else 12 * len(t)),
            BODY_H,
        )
        for k, t in enumerate(texts)
    ]


def _page() -> Page:
    head = column_paragraph(HEAD, TOP - len(HEAD) * PITCH - 40)
    quote = [justified(t, TOP + k * STEP, x0, x1, TYPE) for k, (x0, x1, t) in enumerate(QUOTE)]
    rows = column_paragraph(BODY, TOP + len(QUOTE) * STEP + 45)
    lines = head + quote + rows
    blocks = tuple(Block(block_id(1, k), BlockKind.PARAGRAPH, (ln,), ln.bbox) for k, ln in enumerate(lines))
    return replace(page(1, []), blocks=blocks)


def test_the_quotation_is_set_as_the_test_says() -> None:
    p = _page()
    lines = sorted((ln for b in p.blocks for ln in b.lines), key=lambda ln: ln.bbox.y0)
    q = [ln for ln in lines if ln.bbox.height == TYPE]
    edge = max(ln.bbox.x1 for ln in q)
    # the line ending "Opposition." stops short of the quotation's edge by less than "Earlier,"
    k = next(k for k, ln in enumerate(q) if ln.text.endswith("Opposition."))
    assert edge - q[k].bbox.x1 < q[k + 1].words[0].bbox.width
    assert {ln.bbox.x0 - COLUMN for ln in q} <= {63, 64}


def test_a_quotation_line_ending_a_sentence_at_its_edge_ends_no_paragraph() -> None:
    # the seed-1930 render light-a5-2col-endnotes-dropcap (Charis SIL, ragged) page 1: a
    # quotation set in at the paragraph indent, "...the state of the USSR, endorsing the
    # policies of the AUCP!" / "leadership and condemning the expelled Opposition." /
    # "Earlier, Kuusinen had presented...": every line after one ending a sentence was taken for
    # a one-line paragraph at the indent, and the quotation was cut in three
    p = _page()
    lines = sorted((ln for b in p.blocks for ln in b.lines), key=lambda ln: ln.bbox.y0)
    frame = page_frame(lines, p.width)
    metrics = VolumeMetrics(line_height=BODY_H, pitch=PITCH, type_height=34, indent=float(INDENT))
    starts = dict(paragraphs.paragraph_starts(lines, frame, metrics, learned=False))
    first = next(k for k, ln in enumerate(lines) if ln.text.startswith("Trotsky"))
    assert [k for k in dict(starts) if first <= k < first + len(QUOTE)] == [first], starts
    # the paragraph after it still starts a block
    assert first + len(QUOTE) in starts, starts
    paras = [
        " ".join(b.split()) for b in render_text(clean_volume([_page()])).clean.split("\n\n") if b.strip()
    ]
    assert sum(1 for para in paras if "Trotsky" in para and "countries." in para) == 1, paras


def test_one_line_paragraphs_at_the_indent_stay_apart() -> None:
    # dialogue: short lines at the paragraph indent, each ending a sentence, are paragraphs
    rows = body(["¶" + FILL[0], FILL[1] + "."]) + body(
        [
            "¶“Yes, it was the mill.”",
            "¶“And the wheel?”",
            "¶“It stood still all winter.”",
            "¶" + FILL[2],
            FILL[3] + ".",
        ],
        top=245 + 2 * PITCH,
    )
    out = clean_volume([page(1, rows)])
    paras = [" ".join(b.split()) for b in render_text(out).clean.split("\n\n") if b.strip()]
    assert "“And the wheel?”" in paras and "“It stood still all winter.”" in paras, paras
