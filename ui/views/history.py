"""History: a page's revisions (who, when, why), a word-level diff between any two, revert."""

from __future__ import annotations

import streamlit as st

from ingest import review
from ingest.errors import QuireError
from ui import data, state
from ui.components.text import md_escape

session = state.get()
user = state.user()
store = data.store()

st.title("History")
volumes = data.volume_names_or_stop(state.open_page, session.volume)
pages = store.pages(store.volume(session.volume or volumes[0]).id)
indices = [p.index for p in pages]
if not indices:
    st.info("This volume has no pages yet.")
    st.stop()
c1, c2 = st.columns([1, 3])
c1.markdown(f"Volume **{md_escape(session.volume or '')}**")
start = indices.index(session.page_index) if session.page_index in indices else 0
index = c2.selectbox(
    "Page",
    indices,
    index=start,
    key=f"h_page_{session.volume}",
    format_func=lambda i: (
        f"{i}" + (f" (printed {pages[indices.index(i)].label})" if pages[indices.index(i)].label else "")
    ),
)
if index != session.page_index:
    state.open_page(session.volume or "", index)
info = pages[indices.index(index)]
state.show_flash()

revs = store.revisions(info.id)
if not revs:
    st.info("No revisions yet: OCR has not finished for this page.")
    st.stop()

st.markdown(
    f"Page {info.index} is **{review.STATUS_LABELS[info.status]}** now; "
    f"{len(revs)} revision{'s' * (len(revs) != 1)}. Status changes and approvals are revisions too."
)
rows = review.describe_history(revs)
st.dataframe(
    [{k: v for k, v in r.items() if k not in {"id", "human"}} for r in rows],
    hide_index=True,
    width="stretch",
    column_config={
        "revision": st.column_config.NumberColumn("#", width="small"),
        "change": st.column_config.TextColumn("Change", help="raw OCR, automatic cleanup, or a person"),
        "status": st.column_config.TextColumn("Status", help="the page's status after this revision"),
        "note": st.column_config.TextColumn("Note", width="large"),
    },
)

numbers = [r.number for r in revs]
label = {r.number: f"#{r.number} · {review.reason_label(r.reason)} · {r.author}" for r in revs}
a, b = st.columns(2)
old_n = a.selectbox(
    "Compare", numbers, index=max(0, len(numbers) - 2), format_func=label.__getitem__, key=f"h_old_{info.id}"
)
new_n = b.selectbox(
    "with", numbers, index=len(numbers) - 1, format_func=label.__getitem__, key=f"h_new_{info.id}"
)
# a selectbox with options and an index never answers None
old = revs[numbers.index(old_n)] if old_n is not None else revs[max(0, len(revs) - 2)]
new = revs[numbers.index(new_n)] if new_n is not None else revs[-1]
ops = review.word_diff(data.page_of(old.id), data.page_of(new.id))
stats = review.diff_stats(ops)
st.caption(
    f"{stats['replaced']} words changed, {stats['inserted']} inserted, {stats['deleted']} deleted. "
    "Struck through: only in the first; underlined green: only in the second."
)
with st.container(border=True, height=420, key="diff"):
    # diff_html escapes every piece of page text; only its own <del>/<ins>/<span> tags are markup
    st.html(f'<div class="q-diff">{review.diff_html(ops)}</div>')


def _revert(revision_id: int, number: int) -> None:
    try:
        rev = review.revert(store, info.id, revision_id, user=user)
    except QuireError as exc:
        state.flash("error", str(exc))
        return
    state.flash("success", f"Reverted to revision {number} as new revision {rev.number}.")


current = revs[-1]
if old.id != current.id:
    st.button(
        f"Revert page to revision {old.number}",
        key="h_revert",
        on_click=_revert,
        args=(old.id, old.number),
        icon=":material/history:",
        help="Makes a new revision with that content; nothing is deleted.",
    )
