"""The page the corrector will ask for next goes to the browser with the page on screen.

At the end of a review run (after everything shown has been sent) the next page of the queue is
drawn as the next run will draw it, at the zoom in use, and sent in an element the reader does
not see. Its bytes are the very bytes the next run shows, so Streamlit serves them at the same
media address: the browser has already fetched and decoded the image while the corrector read,
and Alt+N paints it from memory instead of waiting for a download. The page before is drawn in
the background only (going back is rarer). Both come from the renders cached in `ui.data`.
"""

from __future__ import annotations

import streamlit as st

from ingest.store import PageInfo
from ui import data

#: Out of sight but laid out and loaded (a `display: none` image may be left unloaded).
_HIDDEN = (
    "<style>.st-key-q-prefetch { position: absolute !important; left: -10000px; top: 0;"
    " width: 1000px; height: 1px; overflow: hidden; opacity: 0; pointer-events: none; }</style>"
)


def neighbours(next_page: PageInfo | None, previous: PageInfo | None, zoom: float) -> None:
    """Send `next_page`'s image along (hidden) and draw `previous`'s in the background."""
    if previous is not None:
        data.warm_view(previous, zoom)
    if next_page is None or next_page.image is None or next_page.current_revision_id is None:
        return
    image = data.view_jpeg(next_page, data.page_of(next_page.current_revision_id), edited=False, zoom=zoom)
    if image is None:
        return
    st.html(_HIDDEN)
    with st.container(key="q-prefetch"):
        st.image(image, width="stretch")
