"""Verse in a measure too narrow for its lines (a column of a two-column book): a long verse line is
turned over, its rest set in deeper than the stanza. A stanza that runs over a page break just
after such a turned line goes on as one stanza: the lines either side of the
break are not set in alike, but the line that goes on starts where its stanza's lines start."""

from __future__ import annotations

from ingest.model import Block, BlockKind, Page, PageStatus, SourceRef, block_id
from tests.test_layout_helpers import HEIGHT, LEFT, PITCH, WIDTH, Row, justified, line
from tests.test_layout_paragraphs import _paragraphs

COL = 640  # a narrow measure: one column of a two-column page
STANZA = LEFT + 60  # the stanza's lines start here
TURNED = STANZA + 80  # a turned line's rest, two body line heights deeper
PROSE = [
    "the river ran past the old mill",
    "where the workers met every day",
    "before the long shift began and",
    "nobody in the town could recall",
    "a time when the wheel had stood",
]
# (text, turned over): the first line of each pair fills the measure from the stanza's inset, so
# its rest's first word would not have fitted after it
VERSE = [
    ("Here the writer raises the", False),
    ("demand", True),
    ("for the secret ballot as it", False),
    ("something", True),
    ("that the workers, intimidated", False),
    ("would see as a means of", False),
    ("fighting back.", False),
]


def _prose(top: int, n: int = 4) -> list:
    """A paragraph of `n` lines justified to the column, its first line indented, its last short."""
    out = []
    for k in range(n):
        text = PROSE[k % len(PROSE)] + ("." if k == n - 1 else "")
        x0 = LEFT + 40 if k == 0 else LEFT
        x1 = LEFT + COL if k < n - 1 else LEFT + len(text) * 21
        out.append(justified(text, top + k * PITCH, x0, x1, 40))
    return out


def _verse(verse: list[tuple[str, bool]], top: int) -> list:
    return [
        line(Row(text, top + k * PITCH, x0=TURNED if turned else STANZA, full=False))
        for k, (text, turned) in enumerate(verse)
    ]


def _page(index: int, lines: list) -> Page:
    blocks = tuple(
        Block(block_id(index, n), BlockKind.PARAGRAPH, (ln,), ln.bbox) for n, ln in enumerate(lines, start=1)
    )
    return Page(
        index, SourceRef("test.pdf", index, "0" * 64), WIDTH, HEIGHT, 300, blocks, status=PageStatus.OCR_DONE
    )


def _pages(verse: list[tuple[str, bool]], cut: int) -> list[Page]:
    """Prose, the stanza's first `cut` lines at the page's foot; its other lines, then prose."""
    top = 245 + 4 * PITCH + 30
    p1 = _prose(245) + _verse(verse[:cut], top)
    p2 = _verse(verse[cut:], 245) + _prose(245 + (len(verse) - cut) * PITCH + 30)
    return [_page(1, p1), _page(2, p2)]


def test_a_stanza_turned_over_in_a_narrow_measure_runs_on_over_a_page_break() -> None:
    # seed 1962 heavy-a5-2col-endnotes: "Here Trotsky raises the / demand - / for the secret ballot
    # as / something" at the foot of a page, "that the workers," at the head of the next: the
    # stanza was cut in two at the break (the line after the break read as an indented paragraph)
    paras = _paragraphs(_pages(VERSE, 4))
    assert len(paras) == 3, paras
    assert paras[1].split("\n") == [text for text, _ in VERSE]


def test_a_turned_rest_ending_a_sentence_ends_its_stanza_over_the_break() -> None:
    # the same stanza, but the turned rest at the page's foot ends a sentence: over the break no
    # stanza space can be seen, and a sentence's end is where a stanza may end
    verse = [*VERSE[:3], ("something.", True), *VERSE[4:]]
    paras = _paragraphs(_pages(verse, 4))
    assert len(paras) == 4, paras
    assert paras[1].split("\n") == [text for text, _ in verse[:4]]
