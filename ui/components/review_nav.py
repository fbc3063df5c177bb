"""The review screen's navigation row: volume, previous / next page, jump, worst-first queue,
line-by-line mode and the next doubtful word (the keyboard shortcuts click these buttons)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from ui.state import SessionState


@dataclass(frozen=True)
class Callbacks:
    on_volume: Callable[[], None]
    go: Callable[[int], None]
    on_jump: Callable[[], None]
    on_queue: Callable[[], None]
    on_lines: Callable[[], None]
    next_low: Callable[[], None]


def render(
    names: list[str], session: SessionState, prev_i: int | None, next_i: int | None, cb: Callbacks
) -> None:
    top = st.columns([1.5, 0.45, 0.45, 1.1, 0.95, 0.95, 1.3], vertical_alignment="bottom")
    top[0].selectbox(
        "Volume",
        names,
        index=names.index(session.volume or names[0]),
        key="volume_pick",
        on_change=cb.on_volume,
    )
    top[1].button(
        "",
        key="kb_prev",
        icon=":material/arrow_back:",
        help="Previous page (Alt+P)",
        disabled=prev_i is None,
        on_click=cb.go,
        args=(prev_i or 0,),
        width="stretch",
    )
    top[2].button(
        "",
        key="kb_next",
        icon=":material/arrow_forward:",
        help="Next page (Alt+N)",
        disabled=next_i is None,
        on_click=cb.go,
        args=(next_i or 0,),
        width="stretch",
    )
    top[3].text_input(
        "Go to page",
        key="kb_jump",
        placeholder="xii, 37 or #12",
        on_change=cb.on_jump,
        help="A printed page label, or # and the scan number (Alt+J)",
    )
    top[4].toggle(
        "Worst first",
        key="queue_toggle",
        value=session.queue_mode,
        help="Queue mode: pages still to review, lowest OCR confidence first",
        on_change=cb.on_queue,
    )
    top[5].toggle(
        "Line by line",
        key="lines_toggle",
        value=session.line_mode,
        help="Each line's image right above its text; Enter / Alt+Down next line, Alt+Up back",
        on_change=cb.on_lines,
    )
    top[6].button(
        "Next doubtful word",
        key="kb_low",
        on_click=cb.next_low,
        help="Next low-confidence word (Alt+L)",
        icon=":material/troubleshoot:",
        width="stretch",
    )
