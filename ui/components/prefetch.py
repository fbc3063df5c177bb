"""The page the corrector will ask for next goes to the browser with the page on screen.

At the end of a review run (after everything shown has been sent) the next page of the queue's
image is put in the document, at the zoom in use, in an element the reader does not see. It has
the very address the next run shows (`ui.image_route`: one address per image and zoom, which the
browser may keep): the browser has already fetched and decoded it while the corrector read, and
Alt+N paints it from memory instead of waiting for a download. The pages around (the one after
next, the one before) have their copies drawn and their revisions read in the background, so
the run that opens them only reads files; the word boxes are drawn over the image by the browser.
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
        data.warm(next_page, zoom)  # drawn before the browser asks for it
        src = data.view_address(next_page, user, zoom)
        if src is not None:
            st.html(_HIDDEN)
            with st.container(key="q-prefetch"):
                st.html(page_view.img_html(src, data.view_size(next_page, zoom), "", cls="q-ahead"))
    for p in around:
        if p is not None:
            data.warm(p, zoom)
