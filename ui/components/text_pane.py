"""The review screen's text pane (one box per block: kind, heading level, zoom and merge buttons,
the text, cleanup notes and the doubtful words to check) and its cleanup decisions (grouped, each
with an Undo button), each drawn as ONE element by a small script of our own
(`text_pane.js`, a Streamlit custom component without an iframe) instead of several Streamlit
widgets per block and per decision: a page turn redraws two elements, not a hundred.

Page text reaches the browser only as JSON data, and the script puts it in the document as text
(textContent, a field's value), never as HTML or script. What comes back is an action (an edit,
a kind, a level, a zoom, a merge, an undo) carrying the stem of the drawing its field was drawn
for (`ui.state.Work.stem`); `dispatch` hands it to the view's handlers, which refuse a stem that
is not the page's now. Actions are numbered per browser (`client`); the script sends every action
not yet acknowledged with each new one, and an action already applied is skipped, so two actions
whose requests the server merged into one run are both applied, once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from ingest import review
from ingest.model import BlockKind, Page
from ui import components, state
from ui.state import SessionState

_HERE = Path(__file__).resolve().parent
_COMPONENT = st.components.v2.component(
    "quire_text_pane",
    css=(_HERE / "text_pane.css").read_text(encoding="utf-8"),
    js=components.script("text_pane.js"),
    isolate_styles=False,  # in the app's document: tests and the bench find the fields as before
)

KINDS = list(review.KIND_LABELS)
#: What one request may carry at most (the script resends what is not yet acknowledged).
MAX_ACTS = 500
#: How many browsers' last action numbers a session keeps (one per pane and tab in practice).
MAX_CLIENTS = 8


@dataclass(frozen=True)
class Handlers:
    """The view's handlers; each gets the stem the action's field was drawn for first."""

    text: Callable[[str, str, str], None]  # (stem, block id, text)
    kind: Callable[[str, str, BlockKind], None]
    level: Callable[[str, str, int], None]
    zoom: Callable[[str], None]  # (block id): no page content changes
    merge: Callable[[str, str], None]  # (stem, block id)
    undo: Callable[[str, str], None]  # (stem, decision key)


def _str(a: Mapping[str, Any], name: str, limit: int = 200) -> str | None:
    v = a.get(name)
    return v if isinstance(v, str) and len(v) <= limit else None


def _one(a: Mapping[str, Any], h: Handlers) -> str | None:
    """Apply one action; a description of what was wrong with it, or None."""
    op, stem, block = a.get("op"), _str(a, "stem"), _str(a, "block")
    if stem is None:
        return "no stem"
    if op == "undo":
        key = _str(a, "key", 2000)
        if key is None:
            return "no decision"
        h.undo(stem, key)
        return None
    if block is None:
        return "no block"
    if op == "text":
        text = a.get("text")
        if not isinstance(text, str):
            return "no text"
        h.text(stem, block, text)
    elif op == "kind":
        if a.get("kind") not in KINDS:
            return "no such kind"
        h.kind(stem, block, BlockKind(a["kind"]))
    elif op == "level":
        level = a.get("level")
        if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 6:
            return "no such level"
        h.level(stem, block, level)
    elif op == "zoom":
        h.zoom(block)
    elif op == "merge":
        h.merge(stem, block)
    else:
        return "no such action"
    return None


def dispatch(payload: object, seen: dict[str, int], h: Handlers) -> list[str]:
    """Apply the actions of `payload` (`{"client": str, "acts": [{"n": int, "op": ..., ...}]}`,
    as the browser sent it: hostile) in their order, skipping those `seen` (client → the last
    number applied, updated here) says were applied. Returns what was refused as malformed."""
    return apply_acts(payload, seen, lambda a: _one(a, h))


def apply_acts(
    payload: object, seen: dict[str, int], one: Callable[[Mapping[str, Any]], str | None]
) -> list[str]:
    """`dispatch` with `one` applying each action (a description of what was wrong with it, or
    None): the numbering, the skipping of actions applied and the bounds, for any pane's actions."""
    if not isinstance(payload, Mapping):
        return ["not an action list"]
    client, acts = payload.get("client"), payload.get("acts")
    if not isinstance(client, str) or not 0 < len(client) <= 64 or not isinstance(acts, list):
        return ["not an action list"]
    last = seen.get(client, 0)
    wrong = []
    for a in sorted(
        (a for a in acts[:MAX_ACTS] if isinstance(a, Mapping) and type(a.get("n")) is int),
        key=lambda a: a["n"],
    ):
        if a["n"] <= last:
            continue
        last = a["n"]
        bad = one(a)
        if bad is not None:
            wrong.append(bad)
    seen.pop(client, None)
    seen[client] = last  # the newest last: the oldest clients go first
    while len(seen) > MAX_CLIENTS:
        seen.pop(next(iter(seen)))
    return wrong


def _mount(
    key: str, data: dict[str, Any], seen: dict[str, int], h: Handlers, on_wrong: Callable[[str], None]
) -> None:
    mount(_COMPONENT, key, data, seen, lambda a: _one(a, h), on_wrong)


def mount(
    component: Any,
    key: str,
    data: dict[str, Any],
    seen: dict[str, int],
    one: Callable[[Mapping[str, Any]], str | None],
    on_wrong: Callable[[str], None],
) -> None:
    """Draw `component` under `key` with `data` and the action numbers `seen` acknowledged; the
    actions it sends are applied by `one` (see `apply_acts`), what is malformed goes to `on_wrong`."""

    def on_act() -> None:
        for bad in apply_acts(st.session_state[key].get("act"), seen, one):
            on_wrong(bad)

    data["ack"] = dict(seen)  # the script forgets what was applied
    component(key=key, data=data, on_act_change=on_act)


def blocks(
    page: Page,
    stem: str,
    *,
    focus_word: str | None,
    focus_block: str | None,
    focus_nonce: int,
    help_text: str,
    seen: dict[str, int],
    handlers: Handlers,
    on_wrong: Callable[[str], None],
) -> None:
    """The blocks of `page`, drawn for `stem`; the block `focus_block` is scrolled into view."""
    words = review.low_confidence_words(page)
    ids = [w.id for w in words]
    doubt = None
    if focus_word in ids:
        w = words[ids.index(focus_word)]
        doubt = {
            "n": ids.index(focus_word) + 1,
            "of": len(words),
            "text": w.text,
            "conf": f"{w.confidence:.0%}",
            "block": w.block_id,
        }
    low: dict[str, list[review.WordRef]] = {}
    for wr in words:
        low.setdefault(wr.block_id, []).append(wr)
    notes = review.block_notes(page)
    rows = []
    for b in page.blocks:
        parts = []
        if notes.get(b.id):
            parts.append("Cleanup: " + " · ".join(notes[b.id]))
        if low.get(b.id):
            parts.append("Check: " + ", ".join(f"{x.text} ({x.confidence:.0%})" for x in low[b.id][:12]))
        lines = sum(max(1, -(-len(ln.text) // 55)) for ln in b.lines) or 1
        rows.append(
            {
                "id": b.id,
                "kind": b.kind.value,
                "level": (b.level or 1) if b.kind is BlockKind.HEADING else None,
                "marker": b.marker or "",
                "label": f"{review.KIND_LABELS[b.kind]} {b.id}",
                "text": b.text,
                "height": max(68, 26 + 23 * lines),
                "notes": " — ".join(parts),
            }
        )
    slots = [b.id for b in page.blocks]
    data = {
        "part": "blocks",
        "stem": stem,
        "kinds": [[k.value, review.KIND_LABELS[k]] for k in KINDS],
        "doubt": doubt,
        "help": "Edit a block's text and click outside it to keep the edit (kept as a draft until you "
        "save). An empty line splits a block. " + help_text,
        "blocks": rows,
        "focus": slots.index(focus_block) if focus_block in slots else None,
        "nonce": focus_nonce,
    }
    _mount("q-blocks", data, seen, handlers, on_wrong)


def decisions(
    page: Page,
    stem: str,
    *,
    can_undo: bool,
    seen: dict[str, int],
    handlers: Handlers,
    on_wrong: Callable[[str], None],
) -> None:
    """The page's cleanup decisions by group, each with an Undo button (none for those only
    reported), drawn for `stem`."""
    groups = []
    for title, ds in review.grouped_decisions(page):
        rows = []
        for d in ds:
            label = review.DECISION_LABELS.get(d.kind, d.kind.replace("_", " "))
            pages = review.decision_pages(d, page.index)
            rows.append(
                {
                    "kind": "" if d.detail.lower().startswith(label) else label,
                    "detail": d.detail,
                    "pages": f"pages {', '.join(str(p) for p in pages)}" if len(pages) > 1 else "",
                    "key": None if d.kind in review.REPORT_ONLY else review.decision_key(d),
                }
            )
        groups.append({"title": title, "rows": rows})
    data = {
        "part": "decisions",
        "stem": stem,
        "count": len(page.decisions),
        "none": "No cleanup decisions on this page (it was not cleaned, or everything was undone).",
        "groups": groups,
        "can_undo": can_undo,
    }
    _mount("q-decisions", data, seen, handlers, on_wrong)


def panes(
    page: Page,
    stem: str,
    session: SessionState,
    handlers: Handlers,
    *,
    focus_word: str | None,
    help_text: str,
) -> None:
    """The text pane (`blocks`) and the decisions (`decisions`) of the review screen, each in its
    own scrolling box, drawn for `stem`; malformed actions are refused in a warning."""

    def refused(what: str) -> None:
        state.flash("warning", f"Not applied: {what}.")

    with st.container(height=480, key="text_pane"):
        blocks(
            page,
            stem,
            focus_word=focus_word,
            focus_block=session.focus_block,
            focus_nonce=session.focus_nonce,
            help_text=help_text,
            seen=session.acted,
            handlers=handlers,
            on_wrong=refused,
        )
    with st.container(height=280, key="decisions_pane"):
        decisions(page, stem, can_undo=True, seen=session.acted, handlers=handlers, on_wrong=refused)
