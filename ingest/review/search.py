"""Find and replace across a volume, with one undo for a whole replace."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ingest.errors import InputError, StoreConflict
from ingest.model import (
    Page,
    Revision,
)
from ingest.review.editing import content_changed, edit_block_text
from ingest.review.users import User, require
from ingest.store import Store

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
