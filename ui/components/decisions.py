"""The cleanup decisions of the page in review, grouped (running heads and page numbers,
headings, paragraphs, hyphen joins, footnotes, contents links), each with an Undo button."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ingest import review
from ingest.model import Decision, Page
from ui.components.text import md_escape


def _pages_badge(d: Decision, page_index: int) -> str:
    pages = review.decision_pages(d, page_index)
    if len(pages) < 2:
        return ""
    return f" :violet-badge[pages {', '.join(str(p) for p in pages)}]"


def render(page: Page, stem: str, on_undo: Callable[[str], None], *, can_undo: bool = True) -> None:
    """One section per group; `on_undo` gets the decision's key (`review.decision_key`)."""
    if not page.decisions:
        st.caption("No cleanup decisions on this page (it was not cleaned, or everything was undone).")
        return
    for n, (title, decisions) in enumerate(review.grouped_decisions(page)):
        st.markdown(f"**{title}** ({len(decisions)})")
        for i, d in enumerate(decisions):
            label = review.DECISION_LABELS.get(d.kind, d.kind.replace("_", " "))
            a, b = st.columns([6, 1], vertical_alignment="center")
            head = "" if d.detail.lower().startswith(label) else f":gray[{md_escape(label)}:] "
            a.markdown(f"{head}{md_escape(d.detail)}{_pages_badge(d, page.index)}")
            if d.kind in review.REPORT_ONLY:
                continue
            b.button(
                "Undo",
                key=f"u-{stem}-{n}-{i}",
                on_click=on_undo,
                args=(review.decision_key(d),),
                disabled=not can_undo,
                help="Undo this decision (a new revision on every page it spans)",
                width="stretch",
            )
