"""Cleanup decisions on the review screen: grouping, labels, undo across pages."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ingest.errors import InputError, NotFoundError, StoreConflict
from ingest.model import (
    Decision,
    Page,
    Revision,
    RevisionReason,
)
from ingest.review.editing import _BLOCK_NUM, content_changed
from ingest.review.saving import three_way_merge
from ingest.review.users import User, require
from ingest.store import PageInfo, Store

# --- cleanup decisions ----------------------------------------------------------------------------

#: How the review screen groups a page's cleanup decisions, in this order.
DECISION_GROUPS: tuple[tuple[str, frozenset[str]], ...] = (
    ("Running heads and page numbers", frozenset({"running_head", "page_number", "page_label"})),
    ("Headings", frozenset({"heading", "heading_level", "heading_number"})),
    ("Paragraphs", frozenset({"paragraph_break", "paragraph_join", "verse", "drop_cap"})),
    ("Hyphen joins", frozenset({"hyphen_join"})),
    ("Footnotes", frozenset({"footnote", "footnote_link", "footnote_continues", "footnote_unlinked"})),
    ("Contents links", frozenset({"toc_link", "toc_unmatched", "toc_number"})),
    ("OCR fixes and noise", frozenset({"ocr_misread", "figures_joined", "noise"})),
)

DECISION_LABELS = {
    "running_head": "running head",
    "page_number": "page number",
    "page_label": "printed page label",
    "heading": "heading",
    "heading_level": "heading level",
    "paragraph_break": "new paragraph",
    "paragraph_join": "paragraph continued",
    "verse": "verse (lines kept)",
    "drop_cap": "drop capital put back",
    "hyphen_join": "hyphen join",
    "footnote": "footnote",
    "footnote_link": "footnote call",
    "footnote_continues": "note continued",
    "footnote_unlinked": "note without a call",
    "toc_link": "contents link",
    "toc_unmatched": "contents entry not linked",
    "heading_number": "section number read again",
    "toc_number": "contents number read again",
    "ocr_misread": "misread corrected",
    "figures_joined": "number read in two joined",
    "noise": "scanner noise set apart",
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
    edits touch the same blocks. The pages are written in one transaction: if another of them
    is saved meanwhile, StoreConflict and none is undone."""
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
        except NotFoundError:  # the page, or its text, is not there
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
    ordered = sorted(plan, key=lambda x: x[0].id != page_id)  # this page first
    # One transaction: every page the decision spans is undone, or (someone saved one of them
    # meanwhile: StoreConflict) none is.
    revisions = store.save_revisions(
        [(pinfo.id, replace(new, status=rev.page.status), rev.id) for pinfo, rev, new in ordered],
        author=user.name,
        reason=RevisionReason.UNDO_CLEANUP,
        note=note,
        group_id=group,
    )
    return UndoResult(decision, tuple(revisions), tuple(skipped), new_draft)
