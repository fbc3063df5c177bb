"""Page images over plain HTTP: `/q/page-image/<session>/<page id>/<zoom>/<image key>`.

The review screen's `<img>` elements point here instead of at Streamlit's per-run media files.
The address names what the response holds, the page's image (its content hash) at a zoom, so it
never changes for a given image: the response may be kept by the browser (private, immutable),
the next page's image is fetched ahead by the same address the next run shows, and going back to
a page costs no request at all. The script run only writes the address; the display copy
(`ui.view_cache`) is drawn or read here, in the server's thread pool, while the run goes on.

Every request is checked: the session must be live (Streamlit knows it) and signed in as a user
who may review pages now (the user's role is read again from the store, so a user disabled or
demoted since gets 403), the zoom one of the page view's, the image the page's own. Nothing in
the address reaches a file path but the image key the store itself gives for the page.

The session id in the address is what binds it to its session (as in Streamlit's own upload
addresses): an address works only while the session it was written for is live and signed in
with the right to review, and nobody can make one without knowing a live session's id.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from ingest import review
from ingest.errors import NotFoundError
from ingest.review import Role, User
from ingest.store import PageInfo
from ui import gate

log = logging.getLogger("quire.server")

PREFIX = "/q/page-image"
#: The browser may keep a response: the address changes whenever what it shows would.
CACHE = "private, max-age=604800, immutable"
#: The largest row id the store can hold (SQLite's and PostgreSQL's 64-bit integers): a longer
#: number in an address names no page (and would make the database driver raise).
MAX_ID = 2**63 - 1


def address(session_id: str, info: PageInfo, zoom: float) -> str | None:
    """Where the browser fetches `info`'s image at `zoom` (None: the page has no image)."""
    if info.image is None:
        return None
    return f"{PREFIX}/{quote(session_id, safe='')}/{info.id}/{zoom:g}/{quote(info.image, safe='')}"


def _session_live(session_id: str) -> bool:
    from streamlit.runtime import Runtime

    return Runtime.exists() and Runtime.instance().is_active_session(session_id)


def _refuse(status: int, why: str, request: Request) -> Response:
    client = request.client.host if request.client else "?"
    log.warning("page image refused (%s): %s (client %s)", status, why, client)
    return PlainTextResponse(why, status_code=status)


def page_image(request: Request) -> Response:
    """The display copy of one page image, for a live session allowed to review (sync: Starlette
    runs it in its thread pool, so drawing a copy does not hold up the event loop)."""
    from ui import data
    from ui.components.page_view import ZOOMS

    p = request.path_params
    session_id = str(p["session"])
    name = gate.viewer(session_id)
    if name is None or not _session_live(session_id):
        return _refuse(403, "sign in to see page images", request)
    store = data.store()
    user = review.refresh(store, User(name, Role.CORRECTOR))  # the role as the store has it now
    if user is None or not user.can("review"):
        return _refuse(403, "not allowed to see page images", request)
    try:
        zoom = float(p["zoom"])
    except ValueError:
        zoom = -1.0
    if zoom not in ZOOMS:
        return _refuse(404, "no such zoom", request)
    page_id = int(p["page_id"])
    try:
        if page_id > MAX_ID:
            raise NotFoundError(f"no page with id {page_id}")
        info = store.page_by_id(page_id)
    except NotFoundError:
        return _refuse(404, "no such page", request)
    if info.image is None or info.image != p["image"]:
        return _refuse(404, "not this page's image", request)
    image = data.view_image(info, user, zoom)
    if image is None:  # unreadable: view_image logged the page and the file
        return PlainTextResponse("the page image cannot be read", status_code=404)
    return Response(image, media_type="image/jpeg", headers={"Cache-Control": CACHE})


ROUTES = [Route(PREFIX + "/{session}/{page_id:int}/{zoom}/{image}", page_image, methods=["GET"])]
