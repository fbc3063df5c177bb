"""The review screen's text pane: one bordered box per block (kind, heading level, zoom and merge
buttons, the text area, cleanup notes and the doubtful words to check). Only draws; the view's
callbacks do the edits through `ingest.review`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from ingest import review
from ingest.model import BlockKind, Page
from ui.components.text import md_escape

KINDS = list(review.KIND_LABELS)


@dataclass(frozen=True)
class Callbacks:
    on_text: Callable[[str, str, str], None]  # (stem, block id, widget key)
    on_kind: Callable[[str, str, str], None]
    on_level: Callable[[str, str, str], None]
    on_zoom: Callable[[str], None]  # (block id)
    on_merge: Callable[..., Any]  # called as on_merge(stem, review.merge_with_next, block id)


def render(page: Page, stem: str, focus_word: str | None, cb: Callbacks, help_text: str) -> None:
    """The blocks of `page`. `stem` names this drawing of the page (`ui.state.Work.stem`: page id
    and a number no other drawing had); every widget's key and every callback's first argument
    carry it, so a value the browser sends for a widget drawn for another page or an older
    revision (it may still be sending one as the page changes) belongs to another widget, and the
    callbacks refuse a stem that is not the current one. The widgets take their values from
    `page` when drawn; the browser keeps what is typed into them until the stem changes.

    The boxes (`blk-<n>`) are keyed by place, for `scroll.into_view`."""
    words = review.low_confidence_words(page)
    ids = [w.id for w in words]
    if focus_word in ids:
        w = words[ids.index(focus_word)]
        st.markdown(
            f"Doubtful word {ids.index(focus_word) + 1} of {len(words)}: "
            f"**{md_escape(w.text)}** ({w.confidence:.0%}) in block `{w.block_id}`"
        )
    st.caption(
        "Edit a block's text and click outside it to keep the edit (kept as a draft until you "
        "save). An empty line splits a block. " + help_text
    )
    low_by_block: dict[str, list[review.WordRef]] = {}
    for wr in words:
        low_by_block.setdefault(wr.block_id, []).append(wr)
    notes = review.block_notes(page)
    for i, b in enumerate(page.blocks):
        key = f"{stem}-{i}"
        with st.container(border=True, key=f"blk-{i}"):
            # one flex row, not columns: four column blocks per block cost the browser and the
            # server more than the widgets in them
            with st.container(horizontal=True, vertical_alignment="center", gap="small"):
                st.selectbox(
                    "Kind",
                    KINDS,
                    index=KINDS.index(b.kind),
                    key=f"k-{key}",
                    on_change=cb.on_kind,
                    args=(stem, b.id, f"k-{key}"),
                    format_func=lambda k: review.KIND_LABELS[k],
                    label_visibility="collapsed",
                )
                if b.kind is BlockKind.HEADING:
                    st.selectbox(
                        "Level",
                        [1, 2, 3, 4, 5, 6],
                        index=(b.level or 1) - 1,
                        key=f"l-{key}",
                        on_change=cb.on_level,
                        args=(stem, b.id, f"l-{key}"),
                        label_visibility="collapsed",
                        format_func=lambda n: f"level {n}",
                        width=120,
                    )
                else:
                    st.caption(
                        f"`{b.id}`" + (f" · note {md_escape(b.marker)}" if b.marker else ""), width="content"
                    )
                st.button(
                    "",
                    key=f"z-{key}",
                    icon=":material/zoom_in:",
                    help="Zoom the page to this block",
                    on_click=cb.on_zoom,
                    args=(b.id,),
                )
                st.button(
                    "",
                    key=f"m-{key}",
                    icon=":material/vertical_align_bottom:",
                    help="Merge with the next block",
                    disabled=i == len(page.blocks) - 1,
                    on_click=cb.on_merge,
                    args=(stem, review.merge_with_next, b.id),
                )
            rows = sum(max(1, -(-len(ln.text) // 55)) for ln in b.lines) or 1
            st.text_area(
                f"{review.KIND_LABELS[b.kind]} {b.id}",
                value=b.text,
                key=f"t-{key}",
                height=max(68, 26 + 23 * rows),
                on_change=cb.on_text,
                args=(stem, b.id, f"t-{key}"),
                label_visibility="collapsed",
            )
            parts = []
            if notes.get(b.id):
                parts.append("Cleanup: " + " · ".join(md_escape(n) for n in notes[b.id]))
            low = low_by_block.get(b.id)
            if low:
                parts.append(
                    "Check: " + ", ".join(f"{md_escape(x.text)} ({x.confidence:.0%})" for x in low[:12])
                )
            if parts:
                st.caption(" — ".join(parts))
