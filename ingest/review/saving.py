"""Saving edits, drafts, status changes and merging after a save conflict."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from ingest.model import (
    Block,
    Page,
    PageStatus,
    Revision,
    RevisionReason,
)
from ingest.review.editing import content_changed
from ingest.review.users import User, require
from ingest.store import Store
from ingest.store.codec import page_from_dict, page_to_dict

# --- saving, drafts, approval --------------------------------------------------------------------

_EDITABLE_FROM = {PageStatus.NEW, PageStatus.OCR_DONE}


def save_draft(
    store: Store, page_id: int, user: User, base_id: int | None, page: Page, status: PageStatus
) -> None:
    """Keep unsaved edits in the store (they survive moving away and restarts). The first edit of
    a page puts it in review (compare and set: a status someone set in between is kept)."""
    store.save_draft(page_id, user.name, base_id, page_to_dict(page))
    if status in _EDITABLE_FROM:
        store.set_status(page_id, PageStatus.IN_REVIEW, expected=tuple(_EDITABLE_FROM))


def discard_draft(store: Store, page_id: int, user: User) -> None:
    """Drop the user's unsaved edits of a page (their own draft only)."""
    require(user, "review")
    store.discard_draft(page_id, user.name)


def load_draft(store: Store, page_id: int, user: User) -> tuple[int | None, Page] | None:
    found = store.draft(page_id, user.name)
    if found is None:
        return None
    base_id, content = found
    try:
        return base_id, page_from_dict(content)
    except (KeyError, TypeError, ValueError):  # a draft from an older format: keep the saved page
        return None


def save_edits(store: Store, page_id: int, page: Page, *, base_id: int | None, user: User) -> Revision:
    """Save a corrector's page as a new revision (reason `edit`); raises StoreConflict when
    someone saved since `base_id`. Saving marks the page proofread (corrected) by this user, so
    another person validates it; the revision records that status, so History shows it."""
    require(user, "review")
    status = PageStatus.CORRECTED
    return store.save_revision(
        page_id,
        replace(page, status=status),
        author=user.name,
        reason=RevisionReason.EDIT,
        base_id=base_id,
        status=status,
    )


def _status_revision(
    store: Store,
    page_id: int,
    current: Revision,
    status: PageStatus,
    *,
    user: User,
    reason: RevisionReason,
    note: str,
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
            reason=RevisionReason.CHECKED,
            note="checked, no changes",
        )
    return save_edits(store, page_id, page, base_id=base_id, user=user)


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
