"""A refused save shown as both versions side by side, with a choice per block both changed."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ingest import review
from ingest.store import Store
from ui.components.text import md_escape
from ui.state import Conflict


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
