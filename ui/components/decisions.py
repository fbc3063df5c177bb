"""The cleanup decisions of the page in review, grouped (running heads and page numbers,
headings, paragraphs, hyphen joins, footnotes, contents links), each with an Undo button."""

from __future__ import annotations

import html
from collections.abc import Callable

import streamlit as st

from ingest import review
from ingest.errors import QuireError, StoreConflict
from ingest.model import Decision, Page
from ingest.review import User
from ingest.store import Store
from ui import data, state
from ui.state import SessionState


def _pages_badge(d: Decision, page_index: int) -> str:
    pages = review.decision_pages(d, page_index)
    if len(pages) < 2:
        return ""
    return f' <span class="q-dpages">pages {", ".join(str(p) for p in pages)}</span>'


def row_html(d: Decision, page_index: int) -> str:
    """One decision's line as HTML: its kind (unless the detail says it), the detail (escaped:
    it quotes the page's text) and the pages it spans."""
    label = review.DECISION_LABELS.get(d.kind, d.kind.replace("_", " "))
    head = (
        "" if d.detail.lower().startswith(label) else f'<span class="q-dkind">{html.escape(label)}:</span> '
    )
    return f'<div class="q-decision">{head}{html.escape(d.detail)}{_pages_badge(d, page_index)}</div>'


def render(page: Page, stem: str, on_undo: Callable[[str, str], None], *, can_undo: bool = True) -> None:
    """One section per group; `on_undo` gets `stem` (the drawing of the page the buttons are
    drawn for, `ui.state.Work.stem`, also in their keys) and the decision's key
    (`review.decision_key`): a click on a button of another page's drawing is refused.

    A row is one flex row of plain HTML and its button (not columns of markdown): a page may have
    dozens of decisions, and columns and markdown cost the browser several times as much to lay
    out and parse on every page turn."""
    if not page.decisions:
        st.caption("No cleanup decisions on this page (it was not cleaned, or everything was undone).")
        return
    for n, (title, decisions) in enumerate(review.grouped_decisions(page)):
        st.markdown(f"**{title}** ({len(decisions)})")
        for i, d in enumerate(decisions):
            with st.container(horizontal=True, vertical_alignment="center", gap="small"):
                st.html(row_html(d, page.index))
                if d.kind in review.REPORT_ONLY:
                    continue
                st.button(
                    "Undo",
                    key=f"u-{stem}-{n}-{i}",
                    on_click=on_undo,
                    args=(stem, review.decision_key(d)),
                    disabled=not can_undo,
                    help="Undo this decision (a new revision on every page it spans)",
                    width="content",
                )


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
