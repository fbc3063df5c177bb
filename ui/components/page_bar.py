"""The review screen's page bar: where the page stands (position, printed label, proofreading status
and who proofread it, unsaved edits, confidence) and its actions: Save (proofread), Validate (a
second person), Problem (with a note), discard unsaved edits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from ingest import review
from ingest.store import PageInfo
from ui.components.text import md_escape


@dataclass(frozen=True)
class Callbacks:
    save: Callable[[], None]
    validate: Callable[[], None]
    problem: Callable[[], None]
    discard: Callable[[], None]


def render(
    info: PageInfo, pos: str, *, edited: bool, has_text: bool, why_not: str | None, cb: Callbacks
) -> None:
    """`pos`: the page's place ("3 of 40", "2 of 9 in queue"); `why_not`: why Validate is off."""
    conf = f"{info.mean_confidence:.0%}" if info.mean_confidence is not None else "–"
    label = f" · printed page **{md_escape(info.label)}**" if info.label else ""
    badge = ":orange-badge[unsaved edits]" if edited else ":green-badge[saved]"
    bar = st.columns([3.5, 0.8, 0.9, 0.95, 0.4], vertical_alignment="center")
    who = (
        f" by {md_escape(info.proofread_by)}"
        if info.proofread_by and info.status in review.DONE_STATUSES
        else ""
    )
    status = review.STATUS_LABELS[info.status]
    bar[0].markdown(
        f"**Page {info.index}** ({pos}){label} · :blue-badge[{status}{who}] {badge} · "
        f"mean confidence {conf} · {info.low_conf_words} low-confidence words"
    )
    bar[1].button(
        "Save",
        key="kb_save",
        type="primary",
        on_click=cb.save,
        help="Save a new revision: the page becomes proofread by you (Ctrl+S)",
        disabled=not has_text,
        icon=":material/save:",
        width="stretch",
    )
    bar[2].button(
        "Validate",
        key="kb_approve",
        on_click=cb.validate,
        help="Validate the page: a second person's check of someone else's proofreading (Alt+A)"
        + (f". Not now: {why_not}" if why_not else ""),
        disabled=not has_text or why_not is not None,
        icon=":material/verified:",
        width="stretch",
    )
    with bar[3].popover(
        "Problem", icon=":material/report:", disabled=not has_text, width="stretch", key="problem_pop"
    ):
        st.text_area("What is wrong with this page?", key="problem_note", max_chars=review.NOTE_MAX)
        st.button("Mark as a problem", key="problem_mark", on_click=cb.problem, type="primary")
    bar[4].button(
        "",
        key="discard",
        icon=":material/undo:",
        help="Discard unsaved edits",
        disabled=not edited,
        on_click=cb.discard,
        width="stretch",
    )
