"""A refused save shown as both versions side by side, with a choice per block both changed."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ingest import review
from ingest.errors import StoreConflict
from ingest.review import User
from ingest.store import Store
from ui import data, state
from ui.components.text import md_escape
from ui.state import Conflict, SessionState, Work


def choices(c: Conflict) -> dict[str, review.Side]:
    """The side chosen for each block both changed (mine until chosen)."""
    return {
        x.block_id: review.Side(st.session_state.get(f"cf-{c.current_id}-{x.block_id}", "mine"))
        for x in c.merge.conflicts
    }


def render(
    store: Store,
    c: Conflict,
    *,
    on_save: Callable[[], None],
    on_edit: Callable[[], None],
    on_drop: Callable[[], None],
) -> None:
    theirs = store.revision(c.current_id)
    with st.container(border=True, key="conflict"):
        st.error(
            f"Not saved: **{md_escape(theirs.author)}** saved this page at {theirs.created_at[11:19]} UTC "
            "after you opened it. Nothing was overwritten and your edits are kept. Compare both "
            "versions, choose what to keep, then save the merge."
        )
        mine_idx = {b.id: b for b in c.mine.blocks}
        theirs_idx = {b.id: b for b in theirs.page.blocks}
        clashing = {x.block_id for x in c.merge.conflicts}
        left, right = st.columns(2)
        left.markdown(f"**Saved version** (revision {theirs.number} by {md_escape(theirs.author)})")
        right.markdown("**Your version** (not saved)")
        shown = 0
        for bid in dict.fromkeys([*theirs_idx, *mine_idx]):
            t, m = theirs_idx.get(bid), mine_idx.get(bid)
            if t == m:
                continue
            shown += 1
            left, right = st.columns(2)
            left.code(t.text if t else "(no such block)", language=None, wrap_lines=True)
            right.code(m.text if m else "(no such block)", language=None, wrap_lines=True)
            if bid in clashing:
                st.radio(
                    f"Both changed block {bid}: keep",
                    ["mine", "theirs"],
                    horizontal=True,
                    key=f"cf-{c.current_id}-{bid}",
                    format_func=lambda s: "my version" if s == "mine" else "the saved version",
                )
        if not shown:
            st.caption("Both versions have the same text; the merge only settles the page state.")
        a, b, d = st.columns(3)
        a.button(
            "Save merged version",
            type="primary",
            on_click=on_save,
            key="merge_save",
            icon=":material/call_merge:",
        )
        b.button("Edit the merge before saving", on_click=on_edit, key="merge_edit")
        d.button("Drop my edits, keep theirs", on_click=on_drop, key="merge_drop")


def keep_both(store: Store, session: SessionState, w: Work) -> None:
    """A save refused: keep my version, the one it was based on and the one that won, merged."""
    current = store.current(w.page_id)
    base = data.page_of(w.base_id) if w.base_id is not None else current.page
    merge = review.three_way_merge(base, w.page, current.page)
    session.conflict = Conflict(w.page_id, w.page, w.base_id, current.id, merge)


class Handlers:
    """The conflict view's buttons: save the merge, edit it first, or drop my edits."""

    def __init__(
        self,
        store: Store,
        session: SessionState,
        user: User,
        reload: Callable[[], None],
        changed: Callable[[Work], None],
    ) -> None:
        self.store, self.session, self.user, self.reload, self.changed = store, session, user, reload, changed

    def save(self) -> None:
        c = self.session.conflict
        if c is None:
            return
        try:
            review.save_merged(
                self.store, c.page_id, c.merge, current_id=c.current_id, user=self.user, choices=choices(c)
            )
        except StoreConflict:
            w = self.session.work
            if w is not None:
                w.page, w.base_id = c.merge.resolve(choices(c)), c.current_id
                keep_both(self.store, self.session, w)
            return
        state.flash("success", "Merged version saved.")
        self.reload()

    def edit(self) -> None:
        c, w = self.session.conflict, self.session.work
        if c is None or w is None:
            return
        w.page, w.base_id = c.merge.resolve(choices(c)), c.current_id
        w.renew()
        self.changed(w)
        self.session.conflict = None

    def drop(self) -> None:
        c = self.session.conflict
        if c is not None:
            review.discard_draft(self.store, c.page_id, self.user)
        self.reload()
        state.flash("info", "Your edits were dropped; the saved version is shown.")
