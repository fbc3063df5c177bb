"""A page's revisions: labels, word diffs, revert."""

from __future__ import annotations

import difflib
import html
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ingest.errors import InputError
from ingest.model import (
    MACHINE_REASONS,
    Page,
    PageStatus,
    Revision,
    RevisionReason,
    WordOrigin,
)
from ingest.review.editing import KIND_LABELS
from ingest.review.users import User, require
from ingest.store import Store

# --- history ------------------------------------------------------------------------------------------

#: How each revision reason is shown, so raw OCR, cleanup and human edits are told apart.
REASON_LABELS: dict[str, str] = {
    RevisionReason.OCR: "raw OCR",
    RevisionReason.TEXT_LAYER: "PDF text layer",
    RevisionReason.CLEANUP: "automatic cleanup",
    RevisionReason.EDIT: "human edit",
    RevisionReason.REPLACE_ALL: "find & replace",
    RevisionReason.REVERT: "revert",
    RevisionReason.UNDO_CLEANUP: "cleanup undone",
    RevisionReason.CHECKED: "checked, no changes",
    RevisionReason.APPROVE: "approved",
    RevisionReason.VALIDATE: "validated",
    RevisionReason.PROBLEM: "marked a problem",
}

#: How each page status is shown (every status has one; tests check it).
STATUS_LABELS = {
    PageStatus.NEW: "new",
    PageStatus.OCR_DONE: "OCR done",
    PageStatus.IN_REVIEW: "in review",
    PageStatus.CORRECTED: "proofread",
    PageStatus.APPROVED: "validated",
    PageStatus.PROBLEM: "problem",
    PageStatus.BLANK: "blank",
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
        reason=RevisionReason.REVERT,
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
