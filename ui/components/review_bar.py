"""The review screen's bar: the navigation row (volume, previous / next page, jump, worst-first
queue, line-by-line mode, next doubtful word) and the page bar (where the page stands: position,
printed label, proofreading status and who proofread it, unsaved edits, confidence; and its
actions: Save, Validate, Problem with a note, discard unsaved edits), with the keyboard shortcuts
that click its buttons (`BINDINGS`). All of it is ONE element drawn by a small script of our own
(`review_bar.js`, a Streamlit custom component without an iframe), like the text pane: a page
turn redraws one element here, not some thirty widgets and layout blocks.

Volume names, page labels and user names reach the browser only as JSON data, put in the
document as text. What comes back is an action (`dispatch`), numbered and acknowledged as the
text pane's are (`ui.components.text_pane.apply_acts`); the page's actions (save, validate,
problem, discard) carry the stem of the drawing they were made on (`ui.state.Work.stem`) and are
refused when it names another page than the one open. Whether the user may do what an action
asks is decided where it is done (`ingest.review`), not by what the bar shows."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from ingest import review
from ingest.store import PageInfo
from ui import components, state
from ui.components import text_pane

_HERE = Path(__file__).resolve().parent
_COMPONENT = st.components.v2.component(
    "quire_review_bar",
    css=(_HERE / "review_bar.css").read_text(encoding="utf-8"),
    js=components.script("review_bar.js"),
    isolate_styles=False,  # in the app's document: its keys reach the whole page
)
#: The element's key (tests read what it was drawn with).
KEY = "q-bar"

#: (modifier, KeyboardEvent.code) → the bar's button to click. "mod" is Ctrl or Cmd. A text field
#: being edited is blurred first, so that it commits its value before the click.
BINDINGS: dict[str, str] = {
    "mod+KeyS": "kb_save",
    "alt+KeyN": "kb_next",
    "alt+KeyP": "kb_prev",
    "alt+KeyL": "kb_low",
    "alt+KeyA": "kb_approve",
}
#: Shortcut → the bar's field to focus.
FOCUS = {"alt+KeyJ": "jump"}

HELP = (
    "Keys: Ctrl+S save · Alt+N / Alt+P next / previous page · Alt+L next low-confidence word · "
    "Alt+A validate · Alt+J jump to a page"
)
#: The longest jump query taken (a printed label or "#" and a scan number).
JUMP_MAX = 50


@dataclass(frozen=True)
class Handlers:
    """The view's handlers. `step(±1)` moves to the next / previous page of the order in use;
    the page's actions get the stem their button was drawn for first."""

    volume: Callable[[str], None]
    step: Callable[[int], None]
    jump: Callable[[str], None]
    queue: Callable[[bool], None]
    lines: Callable[[bool], None]
    next_low: Callable[[], None]
    save: Callable[[str], None]
    validate: Callable[[str], None]
    problem: Callable[[str, str], None]  # (stem, note)
    discard: Callable[[str], None]


@dataclass(frozen=True)
class Where:
    """What the page bar says of the page: `pos` its place ("3 of 40", "2 of 9 in queue")."""

    info: PageInfo
    pos: str
    edited: bool
    has_text: bool
    why_not: str | None  # why Validate is off


def _one(a: Mapping[str, Any], names: list[str], h: Handlers) -> str | None:
    """Apply one action; a description of what was wrong with it, or None."""
    op = a.get("op")
    if op in ("next", "prev"):
        h.step(1 if op == "next" else -1)
    elif op == "low":
        h.next_low()
    elif op == "volume":
        name = a.get("name")
        if not isinstance(name, str) or name not in names:
            return "no such volume"
        h.volume(name)
    elif op == "jump":
        query = a.get("query")
        if not isinstance(query, str) or len(query) > JUMP_MAX:
            return "no page to jump to"
        h.jump(query)
    elif op in ("queue", "lines"):
        on = a.get("on")
        if not isinstance(on, bool):
            return "no switch value"
        (h.queue if op == "queue" else h.lines)(on)
    elif op in ("save", "validate", "discard", "problem"):
        stem = a.get("stem")
        if not isinstance(stem, str) or len(stem) > 200:
            return "no stem"
        if op == "problem":
            note = a.get("note")
            if not isinstance(note, str) or len(note) > review.NOTE_MAX:
                return f"a problem note is at most {review.NOTE_MAX} characters"
            h.problem(stem, note)
        else:
            {"save": h.save, "validate": h.validate, "discard": h.discard}[op](stem)
    else:
        return "no such action"
    return None


def dispatch(payload: object, seen: dict[str, int], names: list[str], h: Handlers) -> list[str]:
    """Apply the bar's actions of `payload` (as the browser sent it: hostile), as
    `text_pane.dispatch` does the text pane's; `names`: the volumes one may open."""
    return text_pane.apply_acts(payload, seen, lambda a: _one(a, names, h))


def where(w: Where) -> dict[str, Any]:
    info = w.info
    return {
        "index": info.index,
        "pos": w.pos,
        "label": info.label or "",
        "status": review.STATUS_LABELS[info.status],
        "who": info.proofread_by if info.proofread_by and info.status in review.DONE_STATUSES else "",
        "edited": w.edited,
        "conf": f"{info.mean_confidence:.0%}" if info.mean_confidence is not None else "–",
        "low": info.low_conf_words,
    }


def render(
    names: list[str],
    session: state.SessionState,
    *,
    stem: str,
    prev: bool,
    next_: bool,
    w: Where,
    handlers: Handlers,
) -> None:
    """The bar for the page `w.info`, drawn for `stem` (the page's drawing, "" without text);
    `prev` / `next_`: whether there is a page before / after it in the order in use."""

    def refused(what: str) -> None:
        state.flash("warning", f"Not applied: {what}.")

    data = {
        "stem": stem,
        "volumes": names,
        "volume": session.volume or names[0],
        "prev": prev,
        "next": next_,
        "queue": session.queue_mode,
        "lines": session.line_mode,
        "where": where(w),
        "edited": w.edited,
        "has_text": w.has_text,
        "why_not": w.why_not,
        "note_max": review.NOTE_MAX,
        "keys": {"clicks": BINDINGS, "focus": FOCUS},
    }
    text_pane.mount(_COMPONENT, KEY, data, session.bar_acted, lambda a: _one(a, names, handlers), refused)
