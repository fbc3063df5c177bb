"""The review screen's panel for a page cut from a two-page image: the whole image with the cut
drawn on it, a field to move the cut, and a button to undo the split. Archivists only."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import streamlit as st

from ingest import pipeline, review
from ingest.errors import QuireError
from ingest.pagework import decode
from ingest.pipeline import Progress
from ingest.review import quality
from ingest.store import PageInfo, Store
from ui import data, jobs, state

#: Width the whole two-page image is drawn at (pixels).
PREVIEW_WIDTH = 900


@st.cache_data(show_spinner=False, max_entries=32)
def _preview(_store_home: str, image_key: str, cut: int, _store: Store) -> bytes:
    image = decode(_store.images.get(image_key))
    f = PREVIEW_WIDTH / image.shape[1]
    small = cv2.resize(image, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    if small.ndim == 2:
        small = cv2.cvtColor(small, cv2.COLOR_GRAY2BGR)
    x = round(cut * f)
    cv2.line(small, (x, 0), (x, small.shape[0] - 1), (40, 40, 220), 3)
    ok, buf = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 85])
    return buf.tobytes() if ok else b""


def _change(info: PageInfo, cut: int | None) -> None:
    """Move the cut (or undo the split, `cut` None) as a background job: reading the image again
    takes seconds, and a page run doing it would be stopped by the corrector's next click."""
    session = state.get()
    try:
        user = review.require(session.user, "split_pages")
    except QuireError as exc:
        state.flash("error", str(exc))
        return
    store, volume = data.store(), session.volume or ""

    def work(progress: Callable[[Progress], None]) -> jobs.Messages:
        lang = quality.volume_lang(store, info.volume_id)  # what its pages were read with
        report = pipeline.change_split(
            store, info.id, cut=cut, author=user.name, lang=lang, progress=progress
        )
        if cut is None:
            return [("success", f"Split undone: page {info.index} is the whole image again, read anew.")]
        return [("success", f"Cut moved to column {cut}; both pages read anew ({report.ocr_done} pages).")]

    doing = "undoing the split" if cut is None else f"moving the cut to column {cut}"
    label = f"Page {info.index}: {doing}"
    then = (volume, info.index if cut is not None or info.part == 1 else info.index - 1)
    job = jobs.jobs().submit(label, user.name, work)
    session.watching.append(state.Watch(job.id, then_open=then))


def render(info: PageInfo, can_split: bool) -> None:
    """The panel, for a page that is one half of a two-page image."""
    if not info.part or not info.region:
        return
    cut = (
        int(info.split.get("cut", info.region[0] if info.part == 2 else info.region[2])) if info.split else 0
    )
    width = int((info.split or {}).get("width", info.region[2]))
    side = "left" if info.part == 1 else "right"
    # Keyed: without a key the expander's identity follows its label, so moving the cut (which the
    # label shows) closed the panel the archivist was working in.
    title = f"Two-page image: this is its {side} page (cut at column {cut})"
    with st.expander(title, expanded=False, key=f"split-{info.id}"):
        st.image(_preview(str(data.store().home), info.source_image, cut, data.store()), width="stretch")
        if not can_split:
            st.caption("An archivist can move the cut or undo the split.")
            return
        busy = state.busy()
        if busy:
            st.caption("The pages are being read again; the cut can be changed once that is done.")
        cols = st.columns([2, 1.3, 1.3], vertical_alignment="bottom")
        new_cut = cols[0].number_input(
            "Cut at column (pixels of the whole image)",
            min_value=0,
            max_value=max(width, 1),
            value=cut,
            step=10,
            key=f"cut-{info.id}",
        )
        cols[1].button(
            "Move the cut",
            key=f"move-cut-{info.id}",
            on_click=_change,
            args=(info, int(new_cut)),
            disabled=busy or int(new_cut) == cut,
            icon=":material/vertical_split:",
        )
        cols[2].button(
            "Undo the split",
            key=f"undo-split-{info.id}",
            on_click=_change,
            args=(info, None),
            icon=":material/call_merge:",
            disabled=busy,
            help="Make the image one page again (both pages are read anew as one)",
        )
