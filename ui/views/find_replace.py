"""Find and replace across a volume: every hit with its page and context; replace the selected
hits or all of them (one revision per changed page, one group); undo the whole replace at once."""

from __future__ import annotations

import streamlit as st

from ingest import review
from ingest.errors import QuireError
from ui import data, state
from ui.components.text import md_escape

session = state.get()
user = state.user()
store = data.store()

st.title("Find and replace")
vol = data.choose_volume("fr_volume", state.open_page, session.volume)
volume = store.volume(vol)

state.show_flash()

with st.form("find", border=True):
    c1, c2 = st.columns(2)
    pattern = c1.text_input("Find", key="fr_pattern", value=session.find.get("pattern", ""))
    replacement = c2.text_input(
        "Replace with",
        key="fr_replacement",
        value=session.find.get("replacement", ""),
        help="With regular expressions, \\1 or \\g<name> insert groups.",
    )
    o1, o2, _ = st.columns([1, 1, 3])
    regex = o1.checkbox("Regular expression", key="fr_regex", value=session.find.get("regex", False))
    case = o2.checkbox("Match case", key="fr_case", value=session.find.get("case", False))
    search = st.form_submit_button("Find", type="primary", icon=":material/search:")

if search:
    try:
        hits: list[review.Hit] | None = review.find_in_volume(
            store, volume.id, pattern, regex=regex, case=case, load=data.page_of
        )
    except QuireError as exc:
        st.error(md_escape(str(exc)))
        hits = None
    if hits is not None:
        session.find = {
            "pattern": pattern,
            "replacement": replacement,
            "regex": regex,
            "case": case,
            "hits": hits,
            "volume": vol,
        }

found = session.find.get("hits") if session.find.get("volume") == vol else None


def _replace(selected_only: bool) -> None:
    f = session.find
    hits = f.get("hits") or []
    if selected_only:
        table = st.session_state.get("fr_table", {})
        edits = table.get("edited_rows", {}) if isinstance(table, dict) else {}
        chosen = {int(i) for i, row in edits.items() if row.get("replace")}
        hits = [h for n, h in enumerate(hits) if n in chosen]
    if not hits:
        state.flash("warning", "Tick the hits to replace first.")
        return
    repl = st.session_state.get("fr_replacement", f.get("replacement", ""))
    try:
        res = review.replace_hits(
            store, hits, f["pattern"], repl, regex=f["regex"], case=f["case"], user=user
        )
    except QuireError as exc:
        state.flash("error", str(exc))
        return
    session.last_replace = res
    f["hits"] = None
    state.flash(
        "success", f"Replaced {len(hits)} hits on {res.changed_pages} pages (one undo reverts them all)."
    )
    for line in res.skipped:
        state.flash("warning", line)


def _undo() -> None:
    res = session.last_replace
    if res is None:
        return
    try:
        undo = review.undo_replace(store, res.group_id, user=user)
    except QuireError as exc:
        state.flash("error", str(exc))
        return
    session.last_replace = None
    state.flash("success", f"Replace undone: {undo.changed_pages} pages reverted.")
    for line in undo.skipped:
        state.flash("warning", line)


if session.last_replace is not None:
    st.button(
        f"Undo the last replace ({session.last_replace.changed_pages} pages)",
        key="fr_undo",
        on_click=_undo,
        icon=":material/undo:",
    )

if found is not None:
    if not found:
        st.info("No hits.")
    else:
        pages = len({h.page_id for h in found})
        st.markdown(f"**{len(found)} hits** on {pages} pages. Tick hits to replace only those.")
        rows = [
            {
                "replace": False,
                "page": h.page_index,
                "printed": h.label or "",
                "block": h.block_id,
                "context": f"…{h.before.replace(chr(10), ' ')}[{h.match}]{h.after.replace(chr(10), ' ')}…",
            }
            for h in found
        ]
        st.data_editor(
            rows,
            key="fr_table",
            hide_index=True,
            width="stretch",
            disabled=["page", "printed", "block", "context"],
            column_config={
                "replace": st.column_config.CheckboxColumn("Replace", width="small"),
                "context": st.column_config.TextColumn("Context (match in [brackets])", width="large"),
            },
        )
        b1, b2, _ = st.columns([1, 1, 3])
        b1.button("Replace selected", key="fr_replace_selected", on_click=_replace, args=(True,))
        b2.button(
            f"Replace all {len(found)}",
            key="fr_replace_all",
            type="primary",
            on_click=_replace,
            args=(False,),
        )
        st.caption(
            f"Replacing with: {md_escape(session.find.get('replacement', '')) or '(nothing)'} — "
            "each changed page gets a new revision."
        )
