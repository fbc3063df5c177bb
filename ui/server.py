"""The review server as `quire review` runs it: the Streamlit app of `app.py`, with
- a gate in front of Streamlit's upload endpoint: only sessions signed in with the right to
  ingest may upload (others get 403 before their body is read), so an anonymous client cannot
  make the server hold files;
- page images served by address, checked per session and role (`ui/image_route.py`);
- errors shown in the browser as a short message and an id; the traceback goes to the log.

Run by `streamlit run ui/server.py` (Streamlit finds the `app` below)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import streamlit as st  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402
from starlette.responses import PlainTextResponse  # noqa: E402
from starlette.types import ASGIApp, Receive, Scope, Send  # noqa: E402

from ui import gate, image_route  # noqa: E402

UPLOAD_PATH = "/_stcore/upload_file/"
log = logging.getLogger("quire.server")
_handler = logging.StreamHandler()
_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
logging.getLogger("quire").addHandler(_handler)
logging.getLogger("quire").setLevel(logging.INFO)
logging.getLogger("quire").propagate = False


class UploadGate:
    """ASGI middleware: PUT/POST to the upload endpoint only for sessions the gate allows."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and UPLOAD_PATH in path and scope.get("method") in {"PUT", "POST"}:
            session_id = path.split(UPLOAD_PATH, 1)[1].split("/", 1)[0]
            if gate.uploader(session_id) is None:
                client = scope.get("client") or ("?", 0)
                log.warning("upload refused: session not signed in as an archivist (client %s)", client[0])
                response = PlainTextResponse("sign in as an archivist to upload", status_code=403)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def on_script_error(exc: Exception) -> bool:
    """Log the details with an id; the browser gets the id and a short message only."""
    eid = gate.error_id()
    log.error("error %s in the review UI", eid, exc_info=exc)
    st.error(f"Something went wrong (error {eid}); the details are in the server log. Reload the page.")
    return True


app = st.App(
    "app.py",
    routes=image_route.ROUTES,
    middleware=[Middleware(UploadGate)],
    on_script_error=on_script_error,
)
