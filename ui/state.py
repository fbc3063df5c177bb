"""Session state, initialised in one place with typed accessors.

Views never touch `st.session_state` keys directly except through this module (widget keys
aside), so what a session remembers is listed here.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from ingest.model import Page
from ingest.review import Merge, ReplaceResult, User

_EPOCHS = itertools.count(1)


def new_epoch() -> int:
    """A number no other drawing of a page has had in this server process (see `Work.epoch`)."""
    return next(_EPOCHS)


@dataclass
class Work:
    """The page open in the review screen: what it was based on and the edited version.

    `epoch` names this drawing of the page: a new one for every Work (a page opened, or opened
    again after a save, an undo, a merge or a discarded draft: the same page id and a new
    revision) and whenever its blocks or lines come or go. The editor's widget keys and callback
    arguments carry `stem` (page id and epoch), so a value the browser sends for a widget drawn
    for another page, or for an older state of this one, is never written to the page shown: the
    widget is another one, and the callback refuses a stem that is not the current one."""

    page_id: int
    base_id: int | None
    page: Page
    from_draft: bool = False
    epoch: int = field(default_factory=new_epoch)

    @property
    def stem(self) -> str:
        return f"{self.page_id}-{self.epoch}"

    def renew(self) -> None:
        """A new drawing of this page (its blocks or lines came or went, or it was replaced)."""
        self.epoch = new_epoch()


@dataclass
class Conflict:
    """A refused save: my version, the revision it was based on and the one that won."""

    page_id: int
    mine: Page
    base_id: int | None
    current_id: int
    merge: Merge


@dataclass
class Watch:
    """A background job (`ui.jobs`) this session started, and the page to open once it has ended."""

    job_id: int
    then_open: tuple[str, int] | None = None


@dataclass
class SessionState:
    user: User | None = None
    volume: str | None = None
    page_index: int = 1
    queue_mode: bool = False
    work: Work | None = None
    conflict: Conflict | None = None
    focus_word: str | None = None  # id of the low-confidence word in focus
    focus_block: str | None = None
    zoom: float = 1.0
    line_mode: bool = False  # line-by-line proofreading instead of image beside blocks
    focus_nonce: int = 0  # bumped by "next doubtful word": the line editor focuses that word once
    find: dict[str, Any] = field(default_factory=dict)  # last search: pattern, options, hits
    last_replace: ReplaceResult | None = None
    offers: list[Any] = field(default_factory=list)  # one fix, every place: ingest.review.everywhere.Offer
    fix_undo: tuple[str, str] | None = None  # (replace group id, what was fixed) of the last fix
    flash: list[tuple[str, str]] = field(default_factory=list)  # (kind, message) shown once
    watching: list[Watch] = field(default_factory=list)  # background jobs this session started
    acted: dict[str, int] = field(default_factory=dict)  # text pane: browser → last action applied
    bar_acted: dict[str, int] = field(default_factory=dict)  # the review bar's, the same way


_KEY = "quire"


def init() -> SessionState:
    if _KEY not in st.session_state:
        st.session_state[_KEY] = SessionState()
    return st.session_state[_KEY]  # type: ignore[no-any-return]


def get() -> SessionState:
    return init()


def user() -> User:
    """The signed-in user. The views are reachable only signed in (app.py offers nothing but
    sign-in otherwise); a view run without one stops here."""
    u = get().user
    if u is None:
        st.stop()
    return u


def sign_in(u: User) -> None:
    s = get()
    s.user = u


def sign_out() -> None:
    st.session_state[_KEY] = SessionState()


def open_page(volume: str, index: int, s: SessionState | None = None) -> None:
    """Point the review screen at a page; its edits are re-read from the store (draft or current)."""
    s = s or get()
    if s.volume != volume:
        s.find, s.last_replace = {}, None
    s.volume, s.page_index = volume, index
    s.work, s.conflict, s.focus_word, s.focus_block = None, None, None, None


def show_flash() -> None:
    """Show the messages kept for this run (plain text, escaped here), and the progress of the
    session's background jobs. A message is let go of only once it has been drawn: Streamlit may
    stop a run at any element (another click arrived), and the next run shows it then."""
    from ui.components import job_panel
    from ui.components.text import md_escape

    s = get()
    shown = list(s.flash)
    for kind, msg in shown:
        if kind == "progress":  # a finished task's bar stays in view with its count
            st.progress(1.0, text=md_escape(msg))
        else:
            getattr(st, kind)(md_escape(msg))
    del s.flash[: len(shown)]
    if s.watching:
        job_panel.poll()


def flash(kind: str, message: str) -> None:
    """Keep a plain-text message (file names, user text and all) to show on the next run."""
    get().flash.append((kind, message))


def busy(s: SessionState | None = None) -> bool:
    """Whether a background job this session started is still under way."""
    return bool((s or get()).watching)
