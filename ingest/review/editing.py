"""Editing a page (block text, kinds, merges, splits) and moving through a volume."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ingest.errors import InputError
from ingest.model import (
    BBox,
    Block,
    BlockKind,
    Page,
    PageStatus,
    Word,
    WordOrigin,
    line_of,
)
from ingest.store import LOW_CONFIDENCE, PageInfo, Store

# --- editing a page ----------------------------------------------------------------------------

KIND_LABELS: dict[BlockKind, str] = {
    BlockKind.HEADING: "Heading",
    BlockKind.PARAGRAPH: "Paragraph",
    BlockKind.FOOTNOTE: "Footnote",
    BlockKind.RUNNING_HEAD: "Running head",
    BlockKind.PAGE_NUMBER: "Page number",
    BlockKind.TOC_ENTRY: "Contents entry",
    BlockKind.CAPTION: "Caption",
    BlockKind.OTHER: "Other",
}


def _tokens(text: str) -> list[list[str]]:
    """Lines of words; blank lines dropped."""
    lines = [ln.split() for ln in text.replace("\r\n", "\n").split("\n")]
    return [ln for ln in lines if ln]


def _split_box(box: BBox, texts: Sequence[str]) -> list[BBox]:
    """Cut a word box horizontally into one box per text, widths proportional to length."""
    total = sum(max(1, len(t)) for t in texts)
    boxes, x = [], box.x0
    for i, t in enumerate(texts):
        x1 = box.x1 if i == len(texts) - 1 else x + round(box.width * max(1, len(t)) / total)
        boxes.append(BBox(x, box.y0, max(x, x1), box.y1))
        x = max(x, x1)
    return boxes


def _aligned_words(old: Sequence[Word], new: Sequence[str], fallback: BBox) -> list[Word]:
    """New words for `new`: unchanged words keep their Word (box, confidence, origin); changed
    words take the boxes of the words they replace and become `corrected` with confidence 1."""
    out: list[Word] = []
    sm = difflib.SequenceMatcher(None, [w.text for w in old], list(new), autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out.extend(old[i1:i2])
            continue
        if op == "delete":
            continue
        texts = list(new[j1:j2])
        olds = old[i1:i2]
        if not olds:  # inserted: a zero-width box where the text went in
            if out:
                prev = out[-1].bbox
                anchor = BBox(prev.x1, prev.y0, prev.x1, prev.y1)
            elif i1 < len(old):
                nxt = old[i1].bbox
                anchor = BBox(nxt.x0, nxt.y0, nxt.x0, nxt.y1)
            else:
                anchor = BBox(fallback.x0, fallback.y0, fallback.x0, fallback.y0)
            out.extend(Word(t, anchor, 1.0, WordOrigin.CORRECTED) for t in texts)
            continue
        m, n = len(olds), len(texts)
        if m == n:  # one for one: keep footnote calls attached to the word
            out.extend(
                Word(t, w.bbox, 1.0, WordOrigin.CORRECTED, marker=w.marker, note_id=w.note_id)
                for t, w in zip(texts, olds, strict=True)
            )
            continue
        # new word j covers old words [j*m//n, (j+1)*m//n) (at least one); several new words
        # sharing one old word split its box
        groups: dict[tuple[int, int], list[str]] = {}
        for j, t in enumerate(texts):
            a = j * m // n
            b = max((j + 1) * m // n, a + 1)
            groups.setdefault((a, b), []).append(t)
        for (a, b), ts in groups.items():
            box = BBox.enclosing([w.bbox for w in olds[a:b]])
            for t, bx in zip(ts, _split_box(box, ts), strict=True):
                out.append(Word(t, bx, 1.0, WordOrigin.CORRECTED))
    return out


def retokenise_block(block: Block, text: str) -> Block:
    """The block with `text` (lines separated by newlines, words by spaces), keeping the boxes,
    confidences and origins of unchanged words (difflib alignment over the whole block)."""
    lines = _tokens(text)
    if [[w.text for w in ln.words] for ln in block.lines] == lines:
        return block
    flat = [t for ln in lines for t in ln]
    words = _aligned_words(block.words, flat, block.bbox)
    new_lines, k = [], 0
    for ln in lines:
        ws = tuple(words[k : k + len(ln)])
        k += len(ln)
        new_lines.append(line_of(ws))
    bbox = BBox.enclosing([ln.bbox for ln in new_lines]) if new_lines else block.bbox
    return replace(block, lines=tuple(new_lines), bbox=bbox)


_BLOCK_NUM = re.compile(r"^p(\d+)-b(\d+)$")


def new_block_id(page: Page) -> str:
    """A block id not used on the page, in the house format ("p0007-b12")."""
    used = {b.id for b in page.blocks}
    n = max((int(m.group(2)) for b in page.blocks if (m := _BLOCK_NUM.match(b.id))), default=0) + 1
    while (bid := f"p{page.index:04d}-b{n:02d}") in used:
        n += 1
    return bid


def _replace_block(page: Page, block_id: str, new: Sequence[Block]) -> Page:
    blocks: list[Block] = []
    found = False
    for b in page.blocks:
        if b.id == block_id:
            blocks.extend(new)
            found = True
        else:
            blocks.append(b)
    if not found:
        raise KeyError(block_id)
    return replace(page, blocks=tuple(blocks))


def edit_block_text(page: Page, block_id: str, text: str) -> Page:
    """Set a block's text. A blank line splits the block in two (the new block gets a fresh id
    and the same kind); an empty text keeps the block, without words."""
    block = page.block(block_id)
    parts = [p for p in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").strip("\n")) if p.strip()]
    if len(parts) <= 1:
        return _replace_block(page, block_id, [retokenise_block(block, text)])
    whole = retokenise_block(block, "\n".join(parts))
    pieces: list[Block] = []
    k = 0
    for n, part in enumerate(parts):
        count = len(_tokens(part))
        lines = whole.lines[k : k + count]
        k += count
        bbox = BBox.enclosing([ln.bbox for ln in lines])
        bid = block.id
        if n:
            bid = new_block_id(replace(page, blocks=page.blocks + tuple(pieces)))
        pieces.append(replace(whole, id=bid, lines=lines, bbox=bbox, continues=whole.continues and n == 0))
    return _replace_block(page, block_id, pieces)


def set_block_kind(page: Page, block_id: str, kind: BlockKind, level: int | None = None) -> Page:
    block = page.block(block_id)
    if kind is BlockKind.HEADING:
        level = level or block.level or 1
    else:
        level = None
    return _replace_block(page, block_id, [replace(block, kind=kind, level=level)])


def merge_with_next(page: Page, block_id: str) -> Page:
    """Join a block and the one after it (lines appended; kind and id of the first)."""
    ids = [b.id for b in page.blocks]
    i = ids.index(block_id)
    if i + 1 >= len(ids):
        raise InputError("the last block has nothing after it to merge with")
    a, b = page.blocks[i], page.blocks[i + 1]
    merged = replace(a, lines=a.lines + b.lines, bbox=a.bbox.union(b.bbox) if b.lines else a.bbox)
    blocks = page.blocks[:i] + (merged,) + page.blocks[i + 2 :]
    return replace(page, blocks=blocks)


def split_block(page: Page, block_id: str, after_line: int) -> Page:
    """Split a block after its line `after_line` (1-based); the second part gets a new id."""
    block = page.block(block_id)
    if not 0 < after_line < len(block.lines):
        n = len(block.lines)
        raise InputError(f"a block of {n} lines can be split after line 1..{n - 1}")
    first, second = block.lines[:after_line], block.lines[after_line:]
    a = replace(block, lines=first, bbox=BBox.enclosing([ln.bbox for ln in first]))
    b = replace(
        block,
        id=new_block_id(page),
        lines=second,
        bbox=BBox.enclosing([ln.bbox for ln in second]),
        continues=False,
        marker=None,
        ref=None,
    )
    return _replace_block(page, block_id, [a, b])


def content_changed(a: Page, b: Page) -> bool:
    """Whether two versions of a page differ in anything a revision records (status aside)."""
    return (a.blocks, a.label, a.decisions) != (b.blocks, b.label, b.decisions)


# --- low-confidence words and navigation -------------------------------------------------------


@dataclass(frozen=True)
class WordRef:
    id: str  # "block:line:word"
    block_id: str
    text: str
    confidence: float
    bbox: BBox


def low_confidence_words(page: Page, threshold: float = LOW_CONFIDENCE) -> list[WordRef]:
    """Words below `threshold` in reading order (corrected words never count)."""
    out = []
    for b in page.blocks:
        for li, ln in enumerate(b.lines):
            for wi, w in enumerate(ln.words):
                if w.confidence < threshold and w.origin is not WordOrigin.CORRECTED:
                    out.append(WordRef(f"{b.id}:{li}:{wi}", b.id, w.text, w.confidence, w.bbox))
    return out


def next_low_confidence(page: Page, after: str | None, threshold: float = LOW_CONFIDENCE) -> WordRef | None:
    """The low-confidence word after the one with id `after` (wrapping round), or None."""
    words = low_confidence_words(page, threshold)
    if not words:
        return None
    ids = [w.id for w in words]
    if after in ids:
        return words[(ids.index(after) + 1) % len(words)]
    return words[0]


@dataclass(frozen=True)
class DoubtfulStep:
    """Where "next doubtful word" goes: a page index (None: stay on this page) and the word."""

    page_index: int | None
    word: WordRef | None


def next_doubtful(
    store: Store, pages: Sequence[PageInfo], here: PageInfo, page: Page, focus: str | None
) -> DoubtfulStep:
    """The next low-confidence word from `focus` on the open page (`page`, as being edited);
    past its last one, the first on the next page that has any (wrapping to the first such
    page of the volume); None as the word when the volume has none left."""
    nxt = next_low_confidence(page, focus)
    words = low_confidence_words(page)
    wraps = nxt is not None and focus is not None and bool(words) and nxt.id == words[0].id
    if nxt is not None and not wraps:
        return DoubtfulStep(None, nxt)
    later = [p for p in pages if p.index > here.index and p.low_conf_words > 0] or [
        p for p in pages if p.low_conf_words > 0 and p.index != here.index
    ]
    if later:
        target = store.current(later[0].id).page
        return DoubtfulStep(later[0].index, next_low_confidence(target, None))
    return DoubtfulStep(None, nxt)


#: Pages in these states are done and leave the review queue.
DONE_STATUSES = frozenset({PageStatus.CORRECTED, PageStatus.APPROVED})
#: Pages the queue leaves out: done ones and blank leaves (nothing to read).
QUEUE_SKIPS = DONE_STATUSES | {PageStatus.BLANK}


def queue_order(pages: Iterable[PageInfo]) -> list[int]:
    """Page indices still to review, worst first: lowest mean confidence, then most
    low-confidence words. Corrected and approved pages, blank leaves and pages without text are
    left out."""
    todo = [p for p in pages if p.current_revision_id is not None and p.status not in QUEUE_SKIPS]
    todo.sort(
        key=lambda p: (
            p.mean_confidence if p.mean_confidence is not None else 1.0,
            -p.low_conf_words,
            p.index,
        )
    )
    return [p.index for p in todo]


def neighbour(
    pages: Sequence[PageInfo], here: int, step: int, queue: Sequence[int] | None = None
) -> int | None:
    """The page index one `step` (+1 or -1) from page `here`: in scan order, or along `queue`
    (the worst-first order) when given. Off the queue, forward is the queue's first page."""
    if queue is not None:
        if step > 0:
            if here in queue:
                after = queue[queue.index(here) + 1 :]
                return after[0] if after else None
            rest = [i for i in queue if i != here]
            return rest[0] if rest else None
        if here in queue and queue.index(here) > 0:
            return queue[queue.index(here) - 1]
        return None
    order = [p.index for p in pages]
    if here not in order:
        return order[0] if order else None
    i = order.index(here) + step
    return order[i] if 0 <= i < len(order) else None


_SCAN = re.compile(r"^(?:#|scan\s*|s)(\d+)$", re.IGNORECASE)


def resolve_page(pages: Sequence[PageInfo], query: str) -> int | None:
    """The scan index meant by `query`: "#12" or "scan 12" is scan number 12; otherwise a printed
    label ("xii", "37") if some page carries it, else a plain number as a scan number."""
    q = query.strip()
    if not q:
        return None
    indices = {p.index for p in pages}
    if m := _SCAN.match(q):
        n = int(m.group(1))
        return n if n in indices else None
    for p in pages:
        if p.label is not None and p.label.lower() == q.lower():
            return p.index
    if q.isdigit() and int(q) in indices:
        return int(q)
    return None


@dataclass(frozen=True)
class Progress:
    total: int
    by_status: dict[PageStatus, int]
    pending: int  # pages without text yet (OCR queued or failed)

    @property
    def done(self) -> int:
        return self.by_status.get(PageStatus.CORRECTED, 0) + self.by_status.get(PageStatus.APPROVED, 0)

    @property
    def approved(self) -> int:
        return self.by_status.get(PageStatus.APPROVED, 0)


def volume_progress(pages: Iterable[PageInfo]) -> Progress:
    counts = {s: 0 for s in PageStatus}
    total = pending = 0
    for p in pages:
        total += 1
        counts[p.status] += 1
        if p.current_revision_id is None:
            pending += 1
    return Progress(total, counts, pending)
