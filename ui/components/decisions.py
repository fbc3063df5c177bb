"""Undoing a cleanup decision of the page in review (the decisions are drawn by
`ui.components.text_pane`)."""

from __future__ import annotations

from collections.abc import Callable

from ingest import review
from ingest.errors import QuireError, StoreConflict
from ingest.review import User
from ingest.store import Store
from ui import data, state
from ui.state import SessionState


def undo(store: Store, session: SessionState, user: User, key: str, reload: Callable[[], None]) -> None:
    """Undo a cleanup decision at once, on every page it spans (new revisions); unsaved edits
    of the open page are kept as a draft on top of its new revision."""
    w = session.work
    if w is None:
        return
    saved = data.page_of(w.base_id) if w.base_id is not None else None
    draft = w.page if saved is None or review.content_changed(w.page, saved) else None
    try:
        res = review.undo_cleanup(store, w.page_id, key, base_id=w.base_id, user=user, draft=draft)
    except StoreConflict as exc:
        state.flash("error", f"Not undone: {exc}.")
        if draft is None:
            reload()  # nothing of mine to lose: show the page as saved now
        return
    except QuireError as exc:
        state.flash("error", f"Not undone: {exc}.")
        return
    mine = next((r for r in res.revisions if r.page_id == w.page_id), None)
    if res.draft is not None and mine is not None:
        review.save_draft(store, w.page_id, user, mine.id, res.draft, store.page_by_id(w.page_id).status)
    what = review.DECISION_LABELS.get(res.decision.kind, res.decision.kind)
    where = " and ".join(str(i) for i in sorted(res.pages)) or "no page"
    reload()
    state.flash(
        "success",
        f"Undid the {what} ({res.decision.detail}) on page{'s' * (len(res.pages) > 1)} "
        f"{where}: a new revision on each.",
    )
    for line in res.skipped:
        state.flash("warning", line)
