"""Review logic behind the browser UI: sign-in, edits, saving and merging, find/replace, history.

Everything here is testable without a browser: `ui/` only renders what these functions return and
calls them on clicks. Pages are frozen `ingest.model.Page` values; an edit returns a new Page.

Word ids are "block_id:line:word" with 0-based line and word numbers within the block.
"""

from __future__ import annotations

import difflib
import html
import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ingest.errors import InputError, PermissionDenied, QuireError, StoreConflict
from ingest.model import (
    BBox,
    Block,
    BlockKind,
    Decision,
    Line,
    Page,
    PageStatus,
    Revision,
    Word,
    WordOrigin,
    page_from_dict,
    page_to_dict,
)
from ingest.store import LOW_CONFIDENCE, PageInfo, Store

# --- users and roles ---------------------------------------------------------------------------


class Role(StrEnum):
    ARCHIVIST = "archivist"  # everything
    CORRECTOR = "corrector"  # review and approve


#: What each role may do. Archivists may do everything.
CORRECTOR_ACTIONS = frozenset({"review", "approve", "find_replace", "history", "revert"})

_hasher = PasswordHasher()
# Verified against when a name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password")


@dataclass(frozen=True)
class User:
    name: str
    role: Role

    def can(self, action: str) -> bool:
        return self.role is Role.ARCHIVIST or action in CORRECTOR_ACTIONS


def generate_password(nbytes: int = 12) -> str:
    return secrets.token_urlsafe(nbytes)


def add_user(store: Store, name: str, role: str, password: str) -> User:
    """Create or update a user with an argon2 hash of `password`."""
    name = name.strip()
    if not name:
        raise InputError("a user needs a name")
    try:
        r = Role(role)
    except ValueError:
        raise InputError(f"unknown role {role!r}; use archivist or corrector") from None
    if len(password) < 8:
        raise InputError("a password needs at least 8 characters")
    store.add_user(name, r.value, _hasher.hash(password))
    return User(name, r)


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user if `password` is theirs, else None (unknown names and wrong passwords look alike)."""
    found = store.user(name.strip())
    if found is None:
        try:
            _hasher.verify(_DUMMY_HASH, password)
        except VerificationError:
            pass
        return None
    role, hashed = found
    try:
        _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(hashed):
        store.add_user(name.strip(), role, _hasher.hash(password))
    return User(name.strip(), Role(role))


def require(user: User | None, action: str) -> User:
    if user is None:
        raise PermissionDenied("sign in first")
    if not user.can(action):
        raise PermissionDenied(f"{user.role.value}s may not {action.replace('_', ' ')}; ask an archivist")
    return user


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
        new_lines.append(Line(words=ws, bbox=BBox.enclosing([w.bbox for w in ws])))
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


#: Pages in these states are done and leave the review queue.
DONE_STATUSES = frozenset({PageStatus.CORRECTED, PageStatus.APPROVED})


def queue_order(pages: Iterable[PageInfo]) -> list[int]:
    """Page indices still to review, worst first: lowest mean confidence, then most
    low-confidence words. Corrected and approved pages and pages without text are left out."""
    todo = [p for p in pages if p.current_revision_id is not None and p.status not in DONE_STATUSES]
    todo.sort(
        key=lambda p: (
            p.mean_confidence if p.mean_confidence is not None else 1.0,
            -p.low_conf_words,
            p.index,
        )
    )
    return [p.index for p in todo]


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


# --- saving, drafts, approval --------------------------------------------------------------------

_EDITABLE_FROM = {PageStatus.NEW, PageStatus.OCR_DONE}


def save_draft(
    store: Store, page_id: int, user: User, base_id: int | None, page: Page, status: PageStatus
) -> None:
    """Keep unsaved edits in the store (they survive moving away and restarts). The first edit of
    a page puts it in review."""
    store.save_draft(page_id, user.name, base_id, page_to_dict(page))
    if status in _EDITABLE_FROM:
        store.set_status(page_id, PageStatus.IN_REVIEW)


def load_draft(store: Store, page_id: int, user: User) -> tuple[int | None, Page] | None:
    found = store.draft(page_id, user.name)
    if found is None:
        return None
    base_id, content = found
    try:
        return base_id, page_from_dict(content)
    except (KeyError, TypeError, ValueError):  # a draft from an older format: keep the saved page
        return None


def save_edits(
    store: Store, page_id: int, page: Page, *, base_id: int | None, user: User, approve: bool = False
) -> Revision:
    """Save a corrector's page as a new revision (reason `edit`); raises StoreConflict when
    someone saved since `base_id`. Saving marks the page corrected (or approved); the revision
    records that status, so History shows it."""
    require(user, "approve" if approve else "review")
    status = PageStatus.APPROVED if approve else PageStatus.CORRECTED
    return store.save_revision(
        page_id, replace(page, status=status), author=user.name, reason="edit", base_id=base_id, status=status
    )


def _status_revision(
    store: Store, page_id: int, current: Revision, status: PageStatus, *, user: User, reason: str, note: str
) -> Revision | None:
    """Record a status change without text changes as a revision with the same content (so who
    approved, and when, is in History); nothing when the page already has that status."""
    store.discard_draft(page_id, user.name)
    if store.page_by_id(page_id).status is status:
        return None
    return store.save_revision(
        page_id,
        replace(current.page, status=status),
        author=user.name,
        reason=reason,
        base_id=current.id,
        status=status,
        note=note,
    )


def save_page(store: Store, page_id: int, page: Page, *, base_id: int | None, user: User) -> Revision | None:
    """Save: a new `edit` revision when the text or structure changed; with no changes the page
    is marked corrected ("checked, nothing to fix") by a `checked` revision with the same content
    (none if it was corrected already). Raises StoreConflict like `save_edits`."""
    require(user, "review")
    current = store.current(page_id)
    if current.id == base_id and not content_changed(page, current.page):
        return _status_revision(
            store,
            page_id,
            current,
            PageStatus.CORRECTED,
            user=user,
            reason="checked",
            note="checked, no changes",
        )
    return save_edits(store, page_id, page, base_id=base_id, user=user)


def approve_page(
    store: Store, page_id: int, page: Page, *, base_id: int | None, user: User
) -> Revision | None:
    """Approve a page: saves pending edits first (as an `edit` revision marked approved); with
    no edits, an `approve` revision with the same content records who approved (none if the page
    was approved already). Raises StoreConflict like `save_edits`."""
    require(user, "approve")
    current = store.current(page_id)
    if current.id != base_id:
        raise StoreConflict(
            f"page {page.index} was saved by someone else since you opened it; "
            "compare both versions and merge",
            base_id=base_id,
            current_id=current.id,
        )
    if content_changed(page, current.page):
        return save_edits(store, page_id, page, base_id=base_id, user=user, approve=True)
    return _status_revision(
        store,
        page_id,
        current,
        PageStatus.APPROVED,
        user=user,
        reason="approve",
        note="approved without changes",
    )


# --- merging after a conflict ---------------------------------------------------------------------


class Side(StrEnum):
    MINE = "mine"
    THEIRS = "theirs"


@dataclass(frozen=True)
class BlockConflict:
    block_id: str
    base: Block | None
    mine: Block | None
    theirs: Block | None


@dataclass(frozen=True)
class Merge:
    """A three-way merge of two edits of one page: `page` holds every change that only one side
    made; `conflicts` are blocks both changed differently (resolved by `resolve`)."""

    base: Page
    mine: Page
    theirs: Page
    page: Page
    conflicts: tuple[BlockConflict, ...]
    choices: dict[str, Side] = field(default_factory=dict)

    def resolve(self, choices: dict[str, Side] | None = None) -> Page:
        """The merged page; conflicting blocks take the chosen side (mine when not chosen)."""
        chosen = {**self.choices, **(choices or {})}
        pick: dict[str, Block | None] = {}
        for c in self.conflicts:
            side = chosen.get(c.block_id, Side.MINE)
            pick[c.block_id] = c.mine if side is Side.MINE else c.theirs
        blocks = []
        for bid in _merged_order(self.mine, self.theirs):
            if bid in pick:
                b = pick[bid]
            else:
                b = _index(self.page).get(bid)
            if b is not None:
                blocks.append(b)
        return replace(self.page, blocks=tuple(blocks))


def _index(page: Page) -> dict[str, Block]:
    return {b.id: b for b in page.blocks}


def _merged_order(mine: Page, theirs: Page) -> list[str]:
    """Their block order, with blocks only I have placed after the block that precedes them in mine."""
    order = [b.id for b in theirs.blocks]
    present = set(order)
    prev: str | None = None
    for b in mine.blocks:
        if b.id not in present:
            pos = order.index(prev) + 1 if prev in order else 0
            order.insert(pos, b.id)
            present.add(b.id)
        prev = b.id
    return order


def three_way_merge(base: Page, mine: Page, theirs: Page) -> Merge:
    bi, mi, ti = _index(base), _index(mine), _index(theirs)
    merged: list[Block] = []
    conflicts: list[BlockConflict] = []
    for bid in _merged_order(mine, theirs):
        b, m, t = bi.get(bid), mi.get(bid), ti.get(bid)
        if m == t or m == b:
            chosen = t
        elif t == b:
            chosen = m
        else:
            conflicts.append(BlockConflict(bid, b, m, t))
            chosen = m
        if chosen is not None:
            merged.append(chosen)
    label = mine.label if mine.label != base.label else theirs.label
    decisions = mine.decisions if mine.decisions != base.decisions else theirs.decisions
    page = replace(theirs, blocks=tuple(merged), label=label, decisions=decisions)
    return Merge(base, mine, theirs, page, tuple(conflicts))


def save_merged(
    store: Store,
    page_id: int,
    merge: Merge,
    *,
    current_id: int,
    user: User,
    choices: dict[str, Side] | None = None,
) -> Revision:
    """Save a resolved merge on top of the revision that won the race."""
    return save_edits(store, page_id, merge.resolve(choices), base_id=current_id, user=user)


# --- find and replace -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    page_id: int
    page_index: int
    label: str | None
    revision_id: int
    block_id: str
    start: int  # character offsets into the block's text (lines joined by newlines)
    end: int
    before: str
    match: str
    after: str

    @property
    def id(self) -> str:
        return f"{self.page_id}:{self.block_id}:{self.start}"


def compile_pattern(pattern: str, *, regex: bool, case: bool) -> re.Pattern[str]:
    if not pattern:
        raise InputError("type something to find")
    flags = 0 if case else re.IGNORECASE
    try:
        return re.compile(pattern if regex else re.escape(pattern), flags)
    except re.error as exc:
        raise InputError(f"the regular expression is not valid: {exc}") from None


RevisionLoader = Callable[[int], Page]


def find_in_volume(
    store: Store,
    volume_id: int,
    pattern: str,
    *,
    regex: bool = False,
    case: bool = False,
    load: RevisionLoader | None = None,
    context: int = 40,
    limit: int = 5000,
) -> list[Hit]:
    """Every match of `pattern` in the current text of the volume, in page and block order."""
    rx = compile_pattern(pattern, regex=regex, case=case)
    load = load or (lambda rid: store.revision(rid).page)
    hits: list[Hit] = []
    for info in store.iter_pages(volume_id):
        if info.current_revision_id is None:
            continue
        page = load(info.current_revision_id)
        for b in page.blocks:
            text = b.text
            for m in rx.finditer(text):
                if m.end() == m.start():
                    continue  # empty matches replace nothing
                hits.append(
                    Hit(
                        info.id,
                        info.index,
                        info.label,
                        info.current_revision_id,
                        b.id,
                        m.start(),
                        m.end(),
                        text[max(0, m.start() - context) : m.start()],
                        m.group(0),
                        text[m.end() : m.end() + context],
                    )
                )
                if len(hits) >= limit:
                    return hits
    return hits


@dataclass(frozen=True)
class ReplaceResult:
    group_id: str
    revisions: tuple[Revision, ...]
    skipped: tuple[str, ...]  # why pages were left alone ("page 7 changed since the search")

    @property
    def changed_pages(self) -> int:
        return len(self.revisions)


def _replace_in_text(
    text: str, hits: Sequence[Hit], rx: re.Pattern[str], replacement: str, regex: bool
) -> str:
    for h in sorted(hits, key=lambda h: h.start, reverse=True):
        m = rx.match(text, h.start)
        if m is None or m.end() != h.end:
            continue
        new = m.expand(replacement) if regex else replacement
        text = text[: h.start] + new + text[h.end :]
    return text


def replace_hits(
    store: Store,
    hits: Sequence[Hit],
    pattern: str,
    replacement: str,
    *,
    regex: bool = False,
    case: bool = False,
    user: User,
) -> ReplaceResult:
    """Replace the chosen hits: one revision per changed page (reason `replace-all`), all sharing
    one group id so that `undo_replace` can revert them together. A page saved since the search
    is left alone and reported, never overwritten."""
    require(user, "find_replace")
    rx = compile_pattern(pattern, regex=regex, case=case)
    group = store.new_group_id()
    by_page: dict[int, list[Hit]] = {}
    for h in hits:
        by_page.setdefault(h.page_id, []).append(h)
    revisions: list[Revision] = []
    skipped: list[str] = []
    note = f"replace {pattern!r} with {replacement!r}" + (" (regex)" if regex else "")
    for page_id, page_hits in by_page.items():
        current = store.current(page_id)
        index = page_hits[0].page_index
        if any(h.revision_id != current.id for h in page_hits):
            skipped.append(f"page {index} changed since the search; search again")
            continue
        page = current.page
        by_block: dict[str, list[Hit]] = {}
        for h in page_hits:
            by_block.setdefault(h.block_id, []).append(h)
        for bid, bh in by_block.items():
            new_text = _replace_in_text(page.block(bid).text, bh, rx, replacement, regex)
            page = edit_block_text(page, bid, new_text)
        if not content_changed(page, current.page):
            continue
        try:
            rev = store.save_revision(
                page_id,
                page,
                author=user.name,
                reason="replace-all",
                base_id=current.id,
                note=note,
                group_id=group,
            )
        except StoreConflict:
            skipped.append(f"page {index} was saved by someone else meanwhile; search again")
            continue
        revisions.append(rev)
    return ReplaceResult(group, tuple(revisions), tuple(skipped))


def undo_replace(store: Store, group_id: str, *, user: User) -> ReplaceResult:
    """Revert every page a replace changed, as new `revert` revisions (one new shared group id).
    A page edited after the replace is left alone and reported."""
    require(user, "find_replace")
    group = store.new_group_id()
    revisions: list[Revision] = []
    skipped: list[str] = []
    for rev in store.revisions_in_group(group_id):
        current = store.current(rev.page_id)
        if current.id != rev.id:
            skipped.append(f"page {rev.page.index} was edited after the replace; revert it in History")
            continue
        if rev.base_id is None:
            continue
        before = store.revision(rev.base_id).page
        try:
            new = store.save_revision(
                rev.page_id,
                replace(before, status=current.page.status),
                author=user.name,
                reason="revert",
                base_id=current.id,
                note=f"undo replace {group_id[:8]}",
                group_id=group,
            )
        except StoreConflict:
            skipped.append(f"page {rev.page.index} was saved by someone else meanwhile")
            continue
        revisions.append(new)
    return ReplaceResult(group, tuple(revisions), tuple(skipped))


# --- history ------------------------------------------------------------------------------------------

#: How each revision reason is shown, so raw OCR, cleanup and human edits are told apart.
REASON_LABELS = {
    "ocr": "raw OCR",
    "text_layer": "PDF text layer",
    "cleanup": "automatic cleanup",
    "edit": "human edit",
    "replace-all": "find & replace",
    "revert": "revert",
    "undo-cleanup": "cleanup undone",
    "checked": "checked, no changes",
    "approve": "approved",
}

#: Revisions made by the pipeline; their stored status is not meaningful (the pipeline sets it on the row).
MACHINE_REASONS = frozenset({"ocr", "text_layer", "cleanup"})

STATUS_LABELS = {
    PageStatus.NEW: "new",
    PageStatus.OCR_DONE: "OCR done",
    PageStatus.IN_REVIEW: "in review",
    PageStatus.CORRECTED: "corrected",
    PageStatus.APPROVED: "approved",
}


def reason_label(reason: str) -> str:
    return REASON_LABELS.get(reason, reason)


def is_human(reason: str) -> bool:
    return reason not in MACHINE_REASONS


def revision_status(rev: Revision) -> PageStatus:
    """The page status a revision left behind: OCR done for the pipeline's revisions, else the
    status saved with it."""
    return PageStatus.OCR_DONE if rev.reason in MACHINE_REASONS else rev.page.status


def revert(store: Store, page_id: int, revision_id: int, *, user: User) -> Revision:
    """Make the content of an old revision current again, as a new revision (reason `revert`)."""
    require(user, "revert")
    old = store.revision(revision_id)
    if old.page_id != page_id:
        raise InputError(f"revision {revision_id} belongs to another page")
    current = store.current(page_id)
    return store.save_revision(
        page_id,
        replace(old.page, status=current.page.status),
        author=user.name,
        reason="revert",
        base_id=current.id,
        note=f"revert to revision {old.number}",
    )


@dataclass(frozen=True)
class DiffOp:
    op: str  # equal | insert | delete | replace
    old: tuple[str, ...]
    new: tuple[str, ...]


def _diff_tokens(page: Page) -> list[str]:
    out: list[str] = []
    for b in page.blocks:
        out.append(f"¶{KIND_LABELS.get(b.kind, b.kind.value).lower()}")
        out.extend(w.text for w in b.words)
    return out


def word_diff(old: Page, new: Page) -> list[DiffOp]:
    """Word-level differences between two versions of a page; each block starts with a
    "¶kind" token so that block splits, merges and kind changes show up too."""
    a, b = _diff_tokens(old), _diff_tokens(new)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [DiffOp(op, tuple(a[i1:i2]), tuple(b[j1:j2])) for op, i1, i2, j1, j2 in sm.get_opcodes()]


def diff_stats(ops: Sequence[DiffOp]) -> dict[str, int]:
    out = {"inserted": 0, "deleted": 0, "replaced": 0}
    for o in ops:
        if o.op == "insert":
            out["inserted"] += len(o.new)
        elif o.op == "delete":
            out["deleted"] += len(o.old)
        elif o.op == "replace":
            out["replaced"] += max(len(o.old), len(o.new))
    return out


def _tokens_html(tokens: Sequence[str]) -> str:
    parts = []
    for t in tokens:
        if t.startswith("¶"):
            parts.append(f'<br><span class="q-kind">{html.escape(t[1:])}</span> ')
        else:
            parts.append(html.escape(t))
    return " ".join(parts)


def diff_html(ops: Sequence[DiffOp]) -> str:
    """The diff as HTML: every piece of page text is escaped, so text typed as markup stays text."""
    out = []
    for o in ops:
        if o.op == "equal":
            out.append(_tokens_html(o.old))
            continue
        if o.old:
            out.append(f"<del>{_tokens_html(o.old)}</del>")
        if o.new:
            out.append(f"<ins>{_tokens_html(o.new)}</ins>")
    return " ".join(out).removeprefix("<br>")


def describe_revision(rev: Revision, previous: Revision | None = None) -> dict[str, Any]:
    """A history row: number, when, who, why (with the kind of change spelled out), the status
    it left (with the status before it when it changed) and its note."""
    status = STATUS_LABELS[revision_status(rev)]
    if previous is not None and revision_status(previous) is not revision_status(rev):
        status = f"{STATUS_LABELS[revision_status(previous)]} → {status}"
    return {
        "revision": rev.number,
        "when": rev.created_at[:19].replace("T", " "),
        "author": rev.author,
        "change": reason_label(rev.reason),
        "status": status,
        "note": rev.note,
        "human": is_human(rev.reason),
        "words": len(rev.page.words),
        "corrected words": sum(1 for w in rev.page.words if w.origin is WordOrigin.CORRECTED),
        "id": rev.id,
    }


def describe_history(revs: Sequence[Revision]) -> list[dict[str, Any]]:
    """History rows, newest first."""
    rows = [describe_revision(r, revs[i - 1] if i else None) for i, r in enumerate(revs)]
    return rows[::-1]


# --- cleanup decisions ----------------------------------------------------------------------------

#: How the review screen groups a page's cleanup decisions, in this order.
DECISION_GROUPS: tuple[tuple[str, frozenset[str]], ...] = (
    ("Running heads and page numbers", frozenset({"running_head", "page_number", "page_label"})),
    ("Headings", frozenset({"heading", "heading_level"})),
    ("Paragraphs", frozenset({"paragraph_break", "paragraph_join"})),
    ("Hyphen joins", frozenset({"hyphen_join"})),
    ("Footnotes", frozenset({"footnote", "footnote_link", "footnote_continues", "footnote_unlinked"})),
    ("Contents links", frozenset({"toc_link", "toc_unmatched"})),
)

DECISION_LABELS = {
    "running_head": "running head",
    "page_number": "page number",
    "page_label": "printed page label",
    "heading": "heading",
    "heading_level": "heading level",
    "paragraph_break": "new paragraph",
    "paragraph_join": "paragraph continued",
    "hyphen_join": "hyphen join",
    "footnote": "footnote",
    "footnote_link": "footnote call",
    "footnote_continues": "note continued",
    "footnote_unlinked": "note without a call",
    "toc_link": "contents link",
    "toc_unmatched": "contents entry not linked",
}

#: Decisions that only report something (nothing to undo).
REPORT_ONLY = frozenset({"footnote_unlinked", "toc_unmatched"})


def decision_key(d: Decision) -> str:
    """What identifies a decision across revisions and pages: its id (older decisions without
    one: kind and targets)."""
    return d.id or f"{d.kind}|{','.join(d.targets)}"


def decision_pages(d: Decision, page_index: int) -> tuple[int, ...]:
    """Scan indices a decision lives on: those it lists in `data["pages"]`, always with this page."""
    listed = d.data.get("pages") or ()
    return tuple(sorted({page_index, *(int(i) for i in listed)}))


def grouped_decisions(page: Page) -> list[tuple[str, list[Decision]]]:
    """The page's decisions by group (groups in `DECISION_GROUPS` order, then "Other")."""
    groups: dict[str, list[Decision]] = {title: [] for title, _ in DECISION_GROUPS}
    other: list[Decision] = []
    for d in page.decisions:
        title = next((t for t, kinds in DECISION_GROUPS if d.kind in kinds), None)
        (groups[title] if title else other).append(d)
    out = [(t, ds) for t, ds in groups.items() if ds]
    return out + ([("Other", other)] if other else [])


def _block_of(target: str) -> str:
    return target.split(":", 1)[0]


def block_notes(page: Page) -> dict[str, list[str]]:
    """Short notes per block id saying what cleanup decided about it ("running head",
    "continues page 3", "2 hyphen joins", "note 1 ← call"), for badges beside the block."""
    notes: dict[str, list[str]] = {}
    joins: dict[str, int] = {}
    ids = {b.id for b in page.blocks}
    for d in page.decisions:
        first = _block_of(d.targets[0]) if d.targets else ""
        if d.kind in {"running_head", "page_number", "footnote"}:
            notes.setdefault(first, []).append(DECISION_LABELS[d.kind])
        elif d.kind == "heading":
            notes.setdefault(first, []).append("heading")
        elif d.kind in {"paragraph_join", "footnote_continues"}:
            prev = str(d.data.get("previous") or (d.targets[1] if len(d.targets) > 1 else ""))
            m = _BLOCK_NUM.match(prev)
            notes.setdefault(first, []).append(f"continues page {int(m.group(1))}" if m else "continued")
        elif d.kind == "footnote_link":
            note, word = d.data.get("note"), _block_of(str(d.data.get("word") or ""))
            if note in ids:
                notes.setdefault(str(note), []).append(f"linked to call {d.data.get('marker', '')}".strip())
            if word in ids:
                notes.setdefault(word, []).append(f"call {d.data.get('marker', '')}".strip())
        elif d.kind == "hyphen_join":
            for ref in (d.data.get("start"), d.data.get("end")):
                b = _block_of(str(ref or ""))
                if b in ids:
                    joins[b] = joins.get(b, 0) + 1
        elif d.kind == "toc_link" and first in ids:
            notes.setdefault(first, []).append(f"→ page {d.data.get('target_label', '?')}")
    for b, n in joins.items():
        notes.setdefault(b, []).append(f"{n} hyphen join" + ("s" if n > 1 else ""))
    return notes


@dataclass(frozen=True)
class UndoResult:
    """An undone decision: the new revisions (reason `undo-cleanup`, one shared group id), pages
    left alone and why, and the open page's unsaved edits moved onto its new revision."""

    decision: Decision
    revisions: tuple[Revision, ...]
    skipped: tuple[str, ...]
    draft: Page | None = None

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(r.page.index for r in self.revisions)


def _find_decision(page: Page, key: str) -> Decision | None:
    return next((d for d in page.decisions if decision_key(d) == key), None)


def undo_cleanup(
    store: Store, page_id: int, key: str, *, base_id: int | None, user: User, draft: Page | None = None
) -> UndoResult:
    """Undo the cleanup decision `key` (see `decision_key`) of a page, on every page it lists
    (a word broken over a page end, a call before its note, a contents entry and its heading):
    one `undo-cleanup` revision per page whose content changes, all with one group id.

    Refused (StoreConflict) when the page was saved since `base_id`, and (InputError) when the
    decision is gone or can no longer be undone; then nothing is written. `draft` (the open
    page's unsaved edits) is carried over onto the new revision, or the undo is refused if those
    edits touch the same blocks. Another page saved meanwhile is left alone and reported."""
    from ingest.layout.undo import undo  # the layout package is heavy; only undo needs it

    require(user, "review")
    info = store.page_by_id(page_id)
    current = store.current(page_id)
    if current.id != base_id:
        raise StoreConflict(
            f"page {info.index} was saved by someone else since you opened it; reload it before undoing",
            base_id=base_id,
            current_id=current.id,
        )
    decision = _find_decision(current.page, key)
    if decision is None:
        raise InputError(f"that cleanup decision is no longer on page {info.index}; it may have been undone")
    if decision.kind in REPORT_ONLY:
        what = DECISION_LABELS.get(decision.kind, decision.kind)
        raise InputError(f"a {what} only reports; there is nothing to undo")
    plan: list[tuple[PageInfo, Revision, Page]] = []
    skipped: list[str] = []
    for index in decision_pages(decision, info.index):
        here = index == info.index
        try:
            pinfo = info if here else store.page(info.volume_id, index)
            rev = current if here else store.current(pinfo.id)
        except QuireError:
            skipped.append(f"page {index} has no text; nothing to undo there")
            continue
        d = _find_decision(rev.page, key) or decision  # a contents link lives on the contents page only
        try:
            new = undo(rev.page, d)
        except (KeyError, IndexError, ValueError) as exc:
            if here:
                raise InputError(
                    f"cannot undo this {DECISION_LABELS.get(d.kind, d.kind)}: the page changed "
                    f"since cleanup ({exc}); correct it by hand"
                ) from None
            what = DECISION_LABELS.get(d.kind, d.kind)
            skipped.append(f"page {index} changed since cleanup; undo the {what} there by hand")
            continue
        new = replace(new, decisions=tuple(x for x in new.decisions if decision_key(x) != key))
        if content_changed(new, rev.page):
            plan.append((pinfo, rev, new))
    new_draft: Page | None = None
    if draft is not None:
        mine_new = next((new for p, _, new in plan if p.id == page_id), current.page)
        merge = three_way_merge(current.page, draft, mine_new)
        if merge.conflicts:
            raise InputError(
                "your unsaved edits change a block that this undo changes; save or discard them first"
            )
        new_draft = merge.page
    group = store.new_group_id()
    note = f"undo {DECISION_LABELS.get(decision.kind, decision.kind)}: {decision.detail}"[:200]
    revisions: list[Revision] = []
    for pinfo, rev, new in sorted(plan, key=lambda x: x[0].id != page_id):  # this page first
        try:
            revisions.append(
                store.save_revision(
                    pinfo.id,
                    replace(new, status=rev.page.status),
                    author=user.name,
                    reason="undo-cleanup",
                    base_id=rev.id,
                    note=note,
                    group_id=group,
                )
            )
        except StoreConflict:
            if pinfo.id == page_id:
                raise
            skipped.append(f"page {pinfo.index} was saved by someone else meanwhile; undo it there")
    return UndoResult(decision, tuple(revisions), tuple(skipped), new_draft)
