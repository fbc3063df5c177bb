"""Two-person validation, as on Wikisource: a page is not proofread, then proofread (one corrector
saved it), then validated (a different user checked it: nobody validates their own proofreading);
any page can be marked a problem, with a note saying what is wrong.

The stored statuses keep their names (corrected is proofread, approved is validated); the store
records on the page row who proofread it, in the same transaction as the revision that made it
proofread, so the check below holds against a concurrent save (the validation is refused with
StoreConflict when the page changed after it was read).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from ingest.errors import InputError, PermissionDenied, StoreConflict
from ingest.model import Page, PageStatus, Revision, RevisionReason
from ingest.review.editing import content_changed
from ingest.review.users import User, require
from ingest.store import PageInfo, Store

#: Longest problem note kept (a note says what is wrong, not the page's text).
NOTE_MAX = 1000


class Stage(StrEnum):
    """Where a page stands in proofreading (what the library's bar and `quire status` count)."""

    VALIDATED = "validated"
    PROOFREAD = "proofread"
    PROBLEM = "problem"
    NOT_PROOFREAD = "not proofread"
    BLANK = "blank"
    NO_TEXT = "no text yet"


#: Order and colour of the stages in a progress bar (colours are constants, never user text).
STAGE_COLOURS: dict[Stage, str] = {
    Stage.VALIDATED: "#15803d",
    Stage.PROOFREAD: "#facc15",
    Stage.PROBLEM: "#dc2626",
    Stage.NOT_PROOFREAD: "#94a3b8",
    Stage.BLANK: "#f1f5f9",
    Stage.NO_TEXT: "#e2e8f0",
}

_STAGE_OF = {
    PageStatus.APPROVED: Stage.VALIDATED,
    PageStatus.CORRECTED: Stage.PROOFREAD,
    PageStatus.PROBLEM: Stage.PROBLEM,
    PageStatus.BLANK: Stage.BLANK,
}


def stage(info: PageInfo) -> Stage:
    if info.current_revision_id is None and info.status is not PageStatus.BLANK:
        return Stage.NO_TEXT
    return stage_of_status(info.status)


def stage_of_status(status: PageStatus) -> Stage:
    """The proofreading stage a page's stored status puts it at (a page with text)."""
    return _STAGE_OF.get(status, Stage.NOT_PROOFREAD)


@dataclass(frozen=True)
class StageCounts:
    total: int
    counts: dict[Stage, int]

    def share(self, s: Stage) -> float:
        return self.counts.get(s, 0) / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, int]:
        return {s.value: self.counts.get(s, 0) for s in Stage}


def stage_counts(pages: Iterable[PageInfo]) -> StageCounts:
    counts = dict.fromkeys(Stage, 0)
    total = 0
    for p in pages:
        counts[stage(p)] += 1
        total += 1
    return StageCounts(total, counts)


def progress_bar_html(counts: StageCounts) -> str:
    """A stacked bar of the stages with a legend; only numbers and fixed words go into it."""
    if not counts.total:
        return '<div class="q-bar-empty">no pages</div>'
    segs, legend = [], []
    for s, colour in STAGE_COLOURS.items():
        n = counts.counts.get(s, 0)
        if not n:
            continue
        pct = 100 * n / counts.total
        segs.append(
            f'<span class="q-seg" style="width:{pct:.3f}%;background:{colour}" title="{s.value}: {n}"></span>'
        )
        legend.append(f'<span class="q-key"><i style="background:{colour}"></i>{s.value} {n}</span>')
    return f'<div class="q-bar">{"".join(segs)}</div><div class="q-legend">{"".join(legend)}</div>'


def proofreader(info: PageInfo) -> str | None:
    """Who made the page proofread (None when nobody has, or before this was recorded)."""
    return info.proofread_by


def can_validate(info: PageInfo, user: User) -> str | None:
    """Why `user` may not validate the page now, or None when they may."""
    if not user.can("validate"):
        return f"{user.role.value}s may not validate pages"
    if info.status is PageStatus.APPROVED:
        return "the page is validated already"
    if info.status is not PageStatus.CORRECTED:
        return "only a proofread page can be validated: proofread it first (Save)"
    if info.proofread_by == user.name:
        return "you proofread this page yourself: another person validates it"
    return None


def validate_page(store: Store, page_id: int, page: Page, *, base_id: int | None, user: User) -> Revision:
    """Validate a proofread page as a different user than its proofreader: a `validate` revision
    with the same content records who and when. Refused (PermissionDenied) for one's own
    proofreading or a page not proofread; with unsaved text changes (InputError: saving them makes
    the page proofread by this user, for someone else to validate); StoreConflict when the page
    was saved since `base_id`."""
    require(user, "validate")
    info = store.page_by_id(page_id)
    current = store.current(page_id)
    if current.id != base_id or info.current_revision_id != current.id:
        raise StoreConflict(
            f"page {info.index} was saved by someone else since you opened it; "
            "look at it again before validating",
            base_id=base_id,
            current_id=current.id,
        )
    if content_changed(page, current.page):
        raise InputError(
            f"page {info.index}: you changed the text, so it is not validated; save it (it becomes "
            "proofread by you) and another person validates it"
        )
    why = can_validate(info, user)
    if why is not None:
        raise PermissionDenied(f"page {info.index} not validated: {why}")
    store.discard_draft(page_id, user.name)
    return store.save_revision(
        page_id,
        replace(current.page, status=PageStatus.APPROVED),
        author=user.name,
        reason=RevisionReason.VALIDATE,
        base_id=current.id,
        status=PageStatus.APPROVED,
        note=f"validated; proofread by {info.proofread_by}" if info.proofread_by else "validated",
    )


def mark_problem(store: Store, page_id: int, note: str, *, base_id: int | None, user: User) -> Revision:
    """Mark a page as a problem (a missing leaf, an unreadable scan, a question for an archivist),
    with a note saying what is wrong: a `problem` revision with the same content as the current
    one. Proofreading it again (Save) clears the problem."""
    require(user, "review")
    text = " ".join(note.split())
    if not text:
        raise InputError("say what the problem is: a problem needs a note")
    if len(text) > NOTE_MAX:
        raise InputError(f"a problem note is at most {NOTE_MAX} characters ({len(text)} given)")
    current = store.current(page_id)
    if current.id != base_id:
        raise StoreConflict(
            f"page {current.page.index} was saved by someone else since you opened it; look at it again",
            base_id=base_id,
            current_id=current.id,
        )
    return store.save_revision(
        page_id,
        replace(current.page, status=PageStatus.PROBLEM),
        author=user.name,
        reason=RevisionReason.PROBLEM,
        base_id=current.id,
        status=PageStatus.PROBLEM,
        note=text,
    )


def select_pages(pages: Iterable[PageInfo], only: str | None) -> list[PageInfo]:
    """The pages an export with `--only STAGE` takes (all when `only` is None)."""
    if only is None:
        return list(pages)
    try:
        want = Stage(only)
    except ValueError:
        names = ", ".join(
            s.value for s in (Stage.VALIDATED, Stage.PROOFREAD, Stage.PROBLEM, Stage.NOT_PROOFREAD)
        )
        raise InputError(f"--only takes one of: {names} (not {only!r})") from None
    return [p for p in pages if stage(p) is want]
