"""Quire review: the browser front end. Run with `quire review` (or `streamlit run ui/app.py`).

Entry point only: page set-up, sign-in gate, navigation. The views live in `ui/views/`.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run ui/app.py` puts ui/ on the path, not the repository: make `ui` and `ingest` importable.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import streamlit as st  # noqa: E402

from ui import state  # noqa: E402
from ui.components import style  # noqa: E402

st.set_page_config(page_title="Quire review", page_icon=":material/menu_book:", layout="wide")
style.install()
session = state.init()
user = session.user

if user is None:
    pages = [st.Page("views/sign_in.py", title="Sign in", icon=":material/login:", default=True)]
else:
    pages = [
        st.Page("views/library.py", title="Library", icon=":material/library_books:", default=True),
        st.Page("views/review.py", title="Review", icon=":material/edit_note:"),
        st.Page("views/find_replace.py", title="Find & replace", icon=":material/find_replace:"),
        st.Page("views/history.py", title="History", icon=":material/history:"),
    ]
    if user.can("export"):
        pages.append(st.Page("views/export.py", title="Export", icon=":material/archive:"))

nav = st.navigation(pages)

if user is not None:
    with st.sidebar:
        st.caption(f"Signed in as **{user.name}** ({user.role.value})")
        if st.button("Sign out", key="sign_out", icon=":material/logout:"):
            state.sign_out()
            st.rerun()

nav.run()
