"""After a save that changed OCR words: the same token elsewhere in the volume, each place in
context, fixed everywhere with one click and undone with one more (`ingest.review.everywhere`)."""

from __future__ import annotations

import re
from collections.abc import Callable

import streamlit as st

from ingest.errors import QuireError
from ingest.model import Page
from ingest.review import everywhere
from ingest.review.everywhere import Offer
from ingest.review.search import undo_replace
from ingest.review.users import User
from ingest.store import Store
from ui import state
from ui.components.text import md_escape
from ui.state import SessionState

#: Places listed per offer (all of them are fixed).
SHOWN = 8


def _flat(text: str) -> str:
    """One line of context, spaces kept (a line break is a space)."""
    return md_escape(re.sub(r"\s+", " ", text))


def render(
    offers: list[Offer],
    undo_group: tuple[str, str] | None,
    *,
    on_fix: Callable[[int], None],
    on_undo: Callable[[], None],
    on_dismiss: Callable[[], None],
) -> None:
    """The offers (each with a Fix button calling `on_fix(i)`), or after a fix its Undo."""
    if not offers and undo_group is None:
        return
    with st.container(border=True, key="fix_everywhere"):
        if undo_group is not None:
            c = st.columns([5, 1, 0.4], vertical_alignment="center")
            c[0].markdown(f":material/done_all: {md_escape(undo_group[1])}")
            c[1].button("Undo", key="fe_undo", on_click=on_undo, icon=":material/undo:", width="stretch")
            c[2].button("", key="fe_close", on_click=on_dismiss, icon=":material/close:", help="Hide")
            return
        head = st.columns([5.4, 0.4], vertical_alignment="center")
        head[0].markdown("**One fix, every place**: OCR read the same token elsewhere in this volume.")
        head[1].button("", key="fe_close", on_click=on_dismiss, icon=":material/close:", help="Not now")
        for i, o in enumerate(offers):
            pages = sorted({h.page_index for h in o.hits})
            row = st.columns([5, 1.2], vertical_alignment="center")
            row[0].markdown(
                f"**{md_escape(o.old)}** → **{md_escape(o.new)}** · {len(o.hits)} "
                f"place{'s' * (len(o.hits) != 1)} on page{'s' * (len(pages) != 1)} "
                + ", ".join(str(p) for p in pages[:12])
                + (" …" if len(pages) > 12 else "")
            )
            row[1].button(
                f"Fix all {len(o.hits)}",
                key=f"fe_fix_{i}",
                on_click=on_fix,
                args=(i,),
                type="primary",
                icon=":material/auto_fix_high:",
                width="stretch",
            )
            lines = [
                f"p. {h.page_index}: …{_flat(h.before[-30:])}**:red-background[{_flat(h.match)}]**"
                f"{_flat(h.after[:30])}…"
                for h in o.hits[:SHOWN]
            ]
            more = f"  \n… and {len(o.hits) - SHOWN} more" if len(o.hits) > SHOWN else ""
            st.caption("  \n".join(lines) + more)


# --- glue for the review screen: the offers live in the session until used or dismissed ---------


def offer_after_save(
    store: Store, session: SessionState, user: User, volume_id: int, page_id: int, before: Page, after: Page
) -> None:
    """Remember what to offer after a save (nothing when no changed token is found elsewhere)."""
    try:
        session.offers = everywhere.offers(store, volume_id, before, after, page_id=page_id, user=user)
    except QuireError:  # a search that cannot run offers nothing; the save itself went through
        session.offers = []
    session.fix_undo = None


def panel(store: Store, session: SessionState, user: User, refresh: Callable[[], None]) -> None:
    """The offers (or the undo of the fix just made); `refresh` re-reads the page rows after a write."""

    def fix(i: int) -> None:
        offer = session.offers[i]
        try:
            res = everywhere.fix_everywhere(store, offer, user=user)
        except QuireError as exc:
            state.flash("error", f"Not fixed: {exc}.")
            return
        msg = f"{offer.old} → {offer.new} on {res.changed_pages} page{'s' * (res.changed_pages != 1)}"
        if res.skipped:
            msg += " (" + "; ".join(res.skipped) + ")"
        session.offers, session.fix_undo = [], (res.group_id, msg)
        refresh()

    def undo() -> None:
        if session.fix_undo is None:
            return
        try:
            res = undo_replace(store, session.fix_undo[0], user=user)
        except QuireError as exc:
            state.flash("error", f"Not undone: {exc}.")
            return
        session.fix_undo = None
        state.flash("info", f"Fix undone on {res.changed_pages} page{'s' * (res.changed_pages != 1)}.")
        for line in res.skipped:
            state.flash("warning", line)
        refresh()

    def dismiss() -> None:
        session.offers, session.fix_undo = [], None

    render(session.offers, session.fix_undo, on_fix=fix, on_undo=undo, on_dismiss=dismiss)
