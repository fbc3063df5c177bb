"""The page the corrector will ask for next goes to the browser with the page on screen.

The image pane (`ui.components.page_view`) is given the next page of the queue's image address,
at the zoom in use, and its script fetches and decodes it out of sight. It is the very address
the next run shows (`ui.image_route`: one address per image and zoom, which the browser may
keep): the browser has the image decoded while the corrector reads, and Alt+N shows that very
element instead of waiting for a download. The pages around (the one after next, the one
before) have their copies drawn and their revisions read in the background, so the run that
opens them only reads files; the word boxes are drawn over the image by the browser. The copies
drawn ahead are drawn by a process at the lowest CPU priority (`ui.view_cache.Drawer`): they
never take the CPU from the page being opened, and are drawn while the corrector reads.
"""

from __future__ import annotations

from collections.abc import Iterable

from ingest.review import User
from ingest.store import PageInfo
from ui import data
from ui.components.page_view import Image


def ahead(user: User, next_page: PageInfo | None, zoom: float) -> Image:
    """`next_page`'s image address and size at `zoom` (None: nothing to fetch ahead), its copy
    drawn in the background before the browser asks for it."""
    if next_page is None or next_page.current_revision_id is None:
        return None, None
    data.warm(next_page, zoom, ahead=True)
    return data.view_address(next_page, user, zoom), data.view_size(next_page, zoom)


def around(volume_id: int, pages: Iterable[PageInfo | None], zoom: float) -> None:
    """At the end of the run, in the background: draw the copies of `pages` and read their
    revisions, and read the volume's page rows again if those kept are old (`data.volume_pages`)."""
    for p in pages:
        if p is not None:
            data.warm(p, zoom, ahead=True)
    data.reread_if_old(volume_id)
