"""The page the corrector will ask for next goes to the browser with the page on screen.

At the end of a review run (after everything shown has been sent) the next page of the queue's
image is sent, at the zoom in use, in an element the reader does not see. It is the very display
copy the next run shows (`ui.view_cache`: the same bytes, so Streamlit serves it at the same media
address): the browser has already fetched and decoded it while the corrector read, and Alt+N
paints it from memory instead of waiting for a download. The pages around (the one after next,
the one before) have their copies drawn and their revisions read in the background, so the run
that opens them only reads files; the word boxes are drawn over the image by the browser.
"""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from ingest.review import User
from ingest.store import PageInfo
from ui import data
from ui.components import page_view

#: Out of sight but laid out and loaded (a `display: none` image may be left unloaded).
_HIDDEN = (
    "<style>.st-key-q-prefetch { position: absolute !important; left: -10000px; top: 0;"
    " width: 1000px; height: 1px; overflow: hidden; opacity: 0; pointer-events: none; }</style>"
)


def neighbours(
    user: User, next_page: PageInfo | None, around: Iterable[PageInfo | None], zoom: float
) -> None:
    """Send `next_page`'s image along (hidden); warm the pages `around` in the background."""
    if next_page is not None and next_page.current_revision_id is not None:
        image = data.view_image(next_page, user, zoom)
        if image is not None:
            st.html(_HIDDEN)
            with st.container(key="q-prefetch"):
                st.image(image, width=page_view.image_width(image))  # as sent: never scaled again
    for p in around:
        if p is not None:
            data.warm(p, zoom)
