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
from collections.abc import Callable

log = logging.getLogger("quire.server")


class _Grants:
    """Which sessions act as which user for one kind of request: a map under the gate's lock, set
    on every script run and read by the server's request handling."""

    def __init__(self) -> None:
        self._by_session: dict[str, str] = {}

    def set(self, session_id: str, user_name: str | None) -> None:
        with _lock:
            if user_name is None:
                self._by_session.pop(session_id, None)
            else:
                self._by_session[session_id] = user_name

    def get(self, session_id: str) -> str | None:
        with _lock:
            return self._by_session.get(session_id)

    def keep_only(self, live: Callable[[str], bool]) -> int:
        """Drop the grants of sessions that `live` says have ended; how many were dropped."""
        with _lock:
            ended = [s for s in self._by_session if not live(s)]
            for s in ended:
                del self._by_session[s]
        return len(ended)


_lock = threading.Lock()
_uploads = _Grants()
_views = _Grants()  # page images (ui/image_route.py)


def allow(session_id: str, user_name: str | None) -> None:
    """Let the session upload (a user name), or stop it (None)."""
    _uploads.set(session_id, user_name)


def allow_view(session_id: str, user_name: str | None) -> None:
    """Let the session fetch page images as `user_name` (who may review), or stop it (None)."""
    _views.set(session_id, user_name)


def viewer(session_id: str) -> str | None:
    """The user name a session sees page images as, or None when it may not."""
    return _views.get(session_id)


def uploader(session_id: str) -> str | None:
    """The user name a session uploads as, or None when it may not upload."""
    return _uploads.get(session_id)


def forget_ended(live: Callable[[str], bool]) -> int:
    """Drop every grant of a session that has ended (`live(session_id)` is False), so the maps hold
    the sessions open now, not every session the server has seen. How many grants were dropped."""
    return _uploads.keep_only(live) + _views.keep_only(live)


def error_id() -> str:
    """A short id for an error, shown to the user and written to the server log with the details."""
    return uuid.uuid4().hex[:8]
