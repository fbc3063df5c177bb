"""Library: volumes with their progress (pages validated, proofread, problems, not proofread) as a
bar; archivists ingest files here."""

from __future__ import annotations

import streamlit as st

from ingest import review
from ingest.review.validation import progress_bar_html
from ui import data, state
from ui.components.text import md_escape
from ui.views import ingest_panel

session = state.get()
user = state.user()
store = data.store()

st.title("Library")
state.show_flash()

volumes = store.volumes()
if not volumes:
    st.info(
        "No volumes yet."
        + (" Ingest files below." if user.can("ingest") else " Ask an archivist to ingest some.")
    )

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
        counts = review.stage_counts(pages)
        with st.container(key=f"progress-{vol.id}"):
            # numbers and fixed stage names only (see review.validation.progress_bar_html)
            st.html(progress_bar_html(counts))
        st.caption(
            f"Validated {counts.counts[review.Stage.VALIDATED]} of {counts.total} · proofread, waiting for a "
            f"second person: {counts.counts[review.Stage.PROOFREAD]} · problems: "
            f"{counts.counts[review.Stage.PROBLEM]}"
        )
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
