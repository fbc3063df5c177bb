"""Which browser sessions may upload files: the review server's upload endpoint is open to any
session Streamlit knows, signed in or not, so `ui/server.py` puts this gate in front of it. And
which sessions may fetch page images by address (`ui/image_route.py`).

A session is let through only while its user is signed in with the right to ingest; `ui/app.py`
updates the gate on every run (after re-reading the user from the store). No Streamlit import:
the gate runs in the server's request handling, outside any script run."""

from __future__ import annotations

import logging
import threading
import uuid

log = logging.getLogger("quire.server")

_allowed: dict[str, str] = {}  # session id -> user name
_viewers: dict[str, str] = {}  # session id -> user name, for page images (ui/image_route.py)
_lock = threading.Lock()


def allow(session_id: str, user_name: str | None) -> None:
    """Let the session upload (a user name), or stop it (None)."""
    with _lock:
        if user_name is None:
            _allowed.pop(session_id, None)
        else:
            _allowed[session_id] = user_name


def allow_view(session_id: str, user_name: str | None) -> None:
    """Let the session fetch page images as `user_name` (who may review), or stop it (None)."""
    with _lock:
        if user_name is None:
            _viewers.pop(session_id, None)
        else:
            _viewers[session_id] = user_name


def viewer(session_id: str) -> str | None:
    """The user name a session sees page images as, or None when it may not."""
    with _lock:
        return _viewers.get(session_id)


def uploader(session_id: str) -> str | None:
    """The user name a session uploads as, or None when it may not upload."""
    with _lock:
        return _allowed.get(session_id)


def error_id() -> str:
    """A short id for an error, shown to the user and written to the server log with the details."""
    return uuid.uuid4().hex[:8]
