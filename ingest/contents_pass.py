"""A second reading of a contents page whose entries Tesseract's page reading left out.

Reading a whole page (page segmentation mode 3), Tesseract can take a sparse page of short lines
and long leader dots for a picture and read nothing under the contents title. When a page opens with
a contents title and shows fewer than `MIN_ENTRIES` entry lines under it (two words read with
confidence, or one before a leader: a bare numeral "I ....... 2" is an entry), the page is read again
as sparse text (mode 11, which looks for every word wherever it is); the pieces that mode reads of
one printed line (title, leader soup, page) are joined into that line. The second reading is taken
only when it finds more entry lines under the title than the first; the page is otherwise left as
it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ingest.layout.toc import has_leader, is_contents_title
from ingest.model import BBox, Line, Page, paragraph_blocks

#: Fewer lines of words than this under a contents title send the page to a second reading.
MIN_ENTRIES = 2
PSM_SPARSE = 11


def entry_lines(page: Page, *, min_confidence: float = 0.6, min_words: int = 2) -> int | None:
    """How many lines under the page's contents title (among its first three lines) have at least
    `min_words` words with letters read at `min_confidence` (or one, the first, before a leader: see
    `is_entry_line`); None when the page has no such title."""
    lines = [ln for b in page.blocks for ln in b.lines]
    title = next((i for i, ln in enumerate(lines[:3]) if is_contents_title(ln)), None)
    if title is None:
        return None
    return sum(
        1
        for ln in lines[title + 1 :]
        if is_entry_line(ln, min_confidence=min_confidence, min_words=min_words)
    )


def is_entry_line(line: Line, *, min_confidence: float = 0.6, min_words: int = 2) -> bool:
    """Whether a line under the contents title reads as an entry: `min_words` words with letters read
    with confidence, or one such word followed by a leader (a bare section numeral, "I ....... 2",
    has a single word of title)."""
    read = [w for w in line.words if w.confidence >= min_confidence and any(c.isalpha() for c in w.text)]
    return len(read) >= min_words or (bool(read) and line.words[0] is read[0] and has_leader(line))


def read_contents(page: Page, read_sparse: Callable[[], Page]) -> tuple[Page, bool]:
    """The page, read again as sparse text (`read_sparse`) when it is a contents page whose entries
    the first reading left out, with the pieces of each printed line joined (see the module); and
    whether the second reading was taken."""
    found = entry_lines(page)
    if found is None or found >= MIN_ENTRIES:
        return page, False
    sparse = read_sparse()
    joined = _joined(sparse)
    again = entry_lines(joined)
    if again is None or again <= found:
        return page, False
    return joined, True


def _joined(page: Page, *, overlap: float = 0.5) -> Page:
    """The page's lines with the pieces that share a level (boxes overlapping by `overlap` of the
    lower one's height) joined left to right into one line, top to bottom, one block per line."""
    rows: list[list[Line]] = []
    for ln in sorted((ln for b in page.blocks for ln in b.lines if ln.words), key=lambda x: x.bbox.y0):
        for row in rows:
            ref = row[0].bbox
            shared = min(ref.y1, ln.bbox.y1) - max(ref.y0, ln.bbox.y0)
            if shared >= overlap * min(ref.height, ln.bbox.height):
                row.append(ln)
                break
        else:
            rows.append([ln])
    lines = []
    for row in rows:
        words = tuple(w for piece in sorted(row, key=lambda x: x.bbox.x0) for w in piece.words)
        lines.append(Line(words=words, bbox=BBox.enclosing([p.bbox for p in row])))
    return replace(page, blocks=paragraph_blocks(page.index, [[ln] for ln in lines]))
