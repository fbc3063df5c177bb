"""Build small pages for the layout tests: rows of text placed like a typeset A5 page at 300 dpi."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ingest.model import BBox, Block, BlockKind, Line, Page, PageStatus, SourceRef, Word, block_id

LEFT, RIGHT, WIDTH, HEIGHT = 200, 1550, 1750, 2482
BODY_H, PITCH, CHAR = 40, 58, 21
#: Body text for the constructed pages: six lines about a mill (tests take as many as they need).
MILL = [
    "the river ran past the old mill where the workers met every",
    "morning before the long shift began and nobody in the town",
    "could remember a time when the wheel had stood quite still",
    "for more than a day or two during the coldest of the winters",
    "that the valley had known in all the years of its history",
    "and the miller kept his books in a small room above the race",
]


@dataclass
class Row:
    text: str
    y: int
    x0: int = LEFT
    height: int = BODY_H
    full: bool = True  # justified to the right edge
    centred: bool = False
    char: int = CHAR  # a letter's width at the body's height (smaller type: narrower)


def line(row: Row) -> Line:
    toks = row.text.split()
    widths = [len(t) * row.char * row.height // BODY_H for t in toks]
    natural = sum(widths) + CHAR * (len(toks) - 1)
    x0 = row.x0
    if row.centred:
        x0 = (LEFT + RIGHT - natural) // 2
    gap = CHAR
    if row.full and len(toks) > 1 and not row.centred:
        gap = max(CHAR // 2, (RIGHT - x0 - sum(widths)) // (len(toks) - 1))
    words, x = [], x0
    for t, w in zip(toks, widths, strict=True):
        y0 = row.y
        h = row.height
        if t.startswith("^"):  # a raised superscript token
            t, y0, h, w = t[1:], row.y - 8, row.height // 2, CHAR
        words.append(Word(t, BBox(x, y0, x + w, y0 + h), 0.95))
        x += w + gap
    return Line(tuple(words), BBox.enclosing([w.bbox for w in words]))


def page(index: int, rows: list[Row]) -> Page:
    """One page whose input blocks are one block per row (cleanup must not trust them)."""
    blocks = tuple(
        Block(block_id(index, n), BlockKind.PARAGRAPH, (ln := line(r),), ln.bbox)
        for n, r in enumerate(rows, start=1)
    )
    return Page(
        index, SourceRef("test.pdf", index, "0" * 64), WIDTH, HEIGHT, 300, blocks, status=PageStatus.OCR_DONE
    )


def body(
    texts: list[str], *, top: int = 245, indent_first: bool = True, last_short: bool = True
) -> list[Row]:
    """Body rows from `top`; a text starting with '¶' starts an indented paragraph; a row ending a
    paragraph (the next starts with '¶', or `last_short` for the last one) is not justified."""
    rows = []
    for i, t in enumerate(texts):
        para = t.startswith("¶")
        nxt_para = i + 1 < len(texts) and texts[i + 1].startswith("¶")
        last = i + 1 == len(texts)
        full = not (nxt_para or (last and last_short))
        rows.append(Row(t.lstrip("¶"), top + i * PITCH, x0=LEFT + 57 if para else LEFT, full=full))
    return rows


def note_rows(texts: list[str], *, top: int = 1900, pitch: int = 36, full: int = 0) -> list[Row]:
    """Note lines in smaller type from `top`; the first `full` of them justified to the measure."""
    return [Row(t, top + pitch * i, height=28, full=i < full) for i, t in enumerate(texts)]


def footnote_blocks(out: list[Page]) -> list[Block]:
    """The footnote blocks of cleaned pages, in order."""
    return [b for p in out for b in p.blocks if b.kind is BlockKind.FOOTNOTE]


def note_calls(out: list[Page]) -> dict[str, str]:
    """note block id → the word that calls it."""
    return {w.note_id: w.text for p in out for w in p.words if w.marker and w.note_id}


def justified(text: str, y: int, x0: int, x1: int, height: int) -> Line:
    """One line of `text` set from `x0` to `x1` (the spaces widened), in type `height` high."""
    toks = text.split()
    widths = [len(t) * CHAR * height // BODY_H for t in toks]
    gap = (x1 - x0 - sum(widths)) // max(1, len(toks) - 1)
    words, x = [], x0
    for t, w in zip(toks, widths, strict=True):
        words.append(Word(t, BBox(x, y, x + w, y + height), 0.95))
        x += w + gap
    return Line(tuple(words), BBox.enclosing([w.bbox for w in words]))


def with_words(p: Page, change: Callable[[Word], Word]) -> Page:
    """The page with every word put through `change` (a word read otherwise: its text, box or
    confidence), its lines and blocks kept where they are."""
    return replace(
        p,
        blocks=tuple(
            replace(b, lines=tuple(replace(ln, words=tuple(change(w) for w in ln.words)) for ln in b.lines))
            for b in p.blocks
        ),
    )


def boxed_line(*spec: tuple[str, int, int, int, int]) -> Line:
    """One line of words as a page read them: (text, x0, y0, x1, y1) each."""
    words = [Word(t, BBox(x0, y0, x1, y1), 0.96) for t, x0, y0, x1, y1 in spec]
    return Line(tuple(words), BBox.enclosing([w.bbox for w in words]))
