"""Library: volumes with their pages by status and progress; archivists ingest files here."""

from __future__ import annotations

import streamlit as st

from ingest import review
from ui import data, state
from ui.components.text import md_escape
from ui.views import ingest_panel

session = state.get()
user = session.user
assert user is not None
store = data.store()

st.title("Library")
state.show_flash()

volumes = store.volumes()
if not volumes:
    st.info(
        "No volumes yet."
        + (" Ingest files below." if user.can("ingest") else " Ask an archivist to ingest some.")
    )

STATUS_LABELS = review.STATUS_LABELS

for vol in volumes:
    pages = store.pages(vol.id)
    prog = review.volume_progress(pages)
    with st.container(border=True, key=f"vol-{vol.id}"):
        head, action = st.columns([5, 1], vertical_alignment="center")
        head.subheader(md_escape(vol.title or vol.name), anchor=False)
        head.caption(f"{md_escape(vol.name)} · {prog.total} pages")
        if action.button(
            "Open", key=f"open-{vol.id}", type="primary", disabled=not pages, icon=":material/edit_note:"
        ):
            queue = review.queue_order(pages)
            state.open_page(vol.name, queue[0] if queue else pages[0].index)
            st.switch_page("views/review.py")
        cols = st.columns(len(STATUS_LABELS))
        for col, (status, label) in zip(cols, STATUS_LABELS.items(), strict=True):
            col.metric(label, prog.by_status.get(status, 0))
        total = max(1, prog.total)
        st.progress(prog.done / total, text=f"Corrected or approved: {prog.done} of {prog.total}")
        st.progress(prog.approved / total, text=f"Approved: {prog.approved} of {prog.total}")
        if prog.pending:
            st.caption(f"{prog.pending} pages are still waiting for OCR (or failed).")
        failed = store.failed_inputs(vol.id)
        if failed:
            with st.expander(f"Failed inputs ({len(failed)})", icon=":material/error:"):
                st.dataframe(
                    [{"file": f.path, "page": f.page_in_file or "", "reason": f.reason} for f in failed],
                    hide_index=True,
                    width="stretch",
                )

if user.can("ingest"):
    ingest_panel.render(store, [v.name for v in volumes])
