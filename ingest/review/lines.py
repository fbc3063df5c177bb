"""Line-by-line proofreading: a page as a list of lines, each with the image region it was read
from, its kind, and its doubtful words; editing one line keeps every untouched word's box.

Line ids are "block_id:line" with a 0-based line number within the block, so a word id
("block:line:word", see `ingest.review`) names its line by dropping the word number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ingest.errors import InputError
from ingest.model import BBox, Block, BlockKind, Line, Page, WordOrigin
from ingest.review.editing import KIND_LABELS, _aligned_words, _replace_block
from ingest.store import LOW_CONFIDENCE

#: Kinds shown beside a line: everything but plain body text.
_QUIET_KINDS = frozenset({BlockKind.PARAGRAPH})


@dataclass(frozen=True)
class Doubt:
    """A doubtful word of a line: its word id, number in the line, text, confidence and where it
    sits in the line's text (character offsets, end excluded)."""

    id: str
    index: int
    text: str
    confidence: float
    start: int
    end: int


@dataclass(frozen=True)
class LineRow:
    """One line of a page as the line-by-line screen shows it."""

    id: str  # "block_id:line"
    block_id: str
    number: int  # 0-based within the block
    kind: BlockKind
    kind_label: str | None  # shown beside the line (None for body text)
    first_of_block: bool
    text: str
    bbox: BBox  # the line's own box (page pixels)
    strip: BBox  # the region of the page image shown above the line
    doubts: tuple[Doubt, ...]


def kind_label(block: Block) -> str | None:
    """What to call a line's block beside it: None for body text, "Heading 2", "Note 3", …"""
    if block.kind in _QUIET_KINDS:
        return None
    label = KIND_LABELS[block.kind]
    if block.kind is BlockKind.HEADING and block.level:
        return f"{label} {block.level}"
    if block.kind is BlockKind.FOOTNOTE:
        return "Note" + (f" {block.marker}" if block.marker else "")
    return label


def line_text(line: Line) -> str:
    return " ".join(w.text for w in line.words)


def _doubts(block_id: str, li: int, line: Line, threshold: float) -> tuple[Doubt, ...]:
    out, pos = [], 0
    for wi, w in enumerate(line.words):
        if w.confidence < threshold and w.origin is not WordOrigin.CORRECTED:
            out.append(Doubt(f"{block_id}:{li}:{wi}", wi, w.text, w.confidence, pos, pos + len(w.text)))
        pos += len(w.text) + 1
    return tuple(out)


def strip_box(page: Page, block: Block, line: Line) -> BBox:
    """The image region above a line: the line's height plus a third of it above and below (so
    ascenders, descenders and accents show), across its block's width (the lines of a block line
    up), clipped to the page."""
    h = max(1, line.bbox.height)
    pad = max(2, round(h / 3))
    x0 = min(block.bbox.x0, line.bbox.x0) - pad
    x1 = max(block.bbox.x1, line.bbox.x1) + pad
    return BBox(
        max(0, x0), max(0, line.bbox.y0 - pad), min(page.width, x1), min(page.height, line.bbox.y1 + pad)
    )


def page_lines(page: Page, threshold: float = LOW_CONFIDENCE) -> list[LineRow]:
    """Every line of the page in reading order (blocks in page order), empty lines left out."""
    rows = []
    for b in page.blocks:
        label = kind_label(b)
        first = True
        for li, ln in enumerate(b.lines):
            if not ln.words:
                continue
            rows.append(
                LineRow(
                    id=f"{b.id}:{li}",
                    block_id=b.id,
                    number=li,
                    kind=b.kind,
                    kind_label=label,
                    first_of_block=first,
                    text=line_text(ln),
                    bbox=ln.bbox,
                    strip=strip_box(page, b, ln),
                    doubts=_doubts(b.id, li, ln, threshold),
                )
            )
            first = False
    return rows


def line_of_word(word_id: str | None) -> str | None:
    """The line id of a word id ("b:2:5" → "b:2"); None for None or a malformed id."""
    if not word_id:
        return None
    parts = word_id.split(":")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    return f"{parts[0]}:{parts[1]}"


def word_span(page: Page, word_id: str) -> tuple[str, int, int] | None:
    """(line id, start, end): where a word sits in its line's text, or None when no such word."""
    try:
        bid, li, wi = word_id.split(":")
        line = page.block(bid).lines[int(li)]
        n = int(wi)
        if not 0 <= n < len(line.words):
            return None
    except (KeyError, IndexError, ValueError):
        return None
    start = sum(len(w.text) + 1 for w in line.words[:n])
    return f"{bid}:{li}", start, start + len(line.words[n].text)


def edit_line_text(page: Page, line_id: str, text: str) -> Page:
    """The page with one line's text replaced. Words are split on white space; unchanged words
    keep their Word (box, confidence, origin, footnote call), changed ones take the boxes of the
    words they replace and become corrected. An empty text removes the line from its block
    (a block left without lines stays, empty, as the block editor keeps it)."""
    bid, _, li_s = line_id.rpartition(":")
    if not bid or not li_s.isdigit():
        raise InputError(f"no line {line_id!r} on page {page.index}")
    block = page.block(bid)
    li = int(li_s)
    if not 0 <= li < len(block.lines):
        raise InputError(f"block {bid} of page {page.index} has no line {li + 1}")
    line = block.lines[li]
    tokens = text.split()
    if tokens == [w.text for w in line.words]:
        return page
    lines: Sequence[Line]
    if not tokens:
        lines = block.lines[:li] + block.lines[li + 1 :]
    else:
        words = tuple(_aligned_words(line.words, tokens, line.bbox))
        boxed = [w.bbox for w in words if w.bbox.width > 0] or [line.bbox]
        new_line = Line(words=words, bbox=BBox.enclosing(boxed).union(line.bbox))
        lines = block.lines[:li] + (new_line,) + block.lines[li + 1 :]
    bbox = BBox.enclosing([ln.bbox for ln in lines]) if lines else block.bbox
    return _replace_block(page, bid, [replace(block, lines=tuple(lines), bbox=bbox)])


def edit_line_texts(page: Page, texts: Mapping[str, str]) -> Page:
    """The page with several lines' texts replaced at once (line id → text, as `edit_line_text`).
    The lowest line goes first, so a line emptied (removed from its block) does not renumber the
    lines still to be edited."""
    blocks = {b.id: i for i, b in enumerate(page.blocks)}

    def order(line_id: str) -> tuple[int, int]:
        bid, _, li = line_id.rpartition(":")
        return blocks.get(bid, -1), int(li) if li.isdigit() else -1

    for line_id in sorted(texts, key=order, reverse=True):
        page = edit_line_text(page, line_id, texts[line_id])
    return page
