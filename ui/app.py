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

import logging  # noqa: E402

import streamlit as st  # noqa: E402
from streamlit.runtime import Runtime  # noqa: E402
from streamlit.runtime.scriptrunner import get_script_run_ctx  # noqa: E402

from ingest import review  # noqa: E402
from ui import data, gate, state  # noqa: E402
from ui.components import style  # noqa: E402
from ui.components.text import md_escape  # noqa: E402

st.set_page_config(page_title="Quire review", page_icon=":material/menu_book:", layout="wide")
style.install()
session = state.init()
# The user as the store has them now: a role changed or a user removed applies at once.
user = review.refresh(data.store(), session.user)
if user != session.user:
    if user is None:
        state.sign_out()
        session = state.init()
    else:
        session.user = user
ctx = get_script_run_ctx()
if ctx is not None:
    gate.allow(ctx.session_id, user.name if user is not None and user.can("ingest") else None)
    gate.allow_view(ctx.session_id, user.name if user is not None and user.can("review") else None)
    if Runtime.exists():  # a browser tab closed: its session's grants go with it
        gate.forget_ended(Runtime.instance().is_active_session)

if user is None:
    pages = [st.Page("views/sign_in.py", title="Sign in", icon=":material/login:", default=True)]
else:
    pages = [
        st.Page("views/library.py", title="Library", icon=":material/library_books:", default=True),
        st.Page("views/review.py", title="Review", icon=":material/edit_note:"),
        st.Page("views/find_replace.py", title="Find & replace", icon=":material/find_replace:"),
        st.Page("views/history.py", title="History", icon=":material/history:"),
        st.Page("views/quality.py", title="Quality", icon=":material/monitoring:"),
    ]
    if user.can("export"):
        pages.append(st.Page("views/export.py", title="Export", icon=":material/archive:"))
    if user.can("manage_users"):
        pages.append(st.Page("views/users.py", title="Users", icon=":material/group:"))

nav = st.navigation(pages)

if user is not None:
    with st.sidebar:
        st.caption(f"Signed in as **{md_escape(user.name)}** ({user.role.value})")
        if st.button("Sign out", key="sign_out", icon=":material/logout:"):
            state.sign_out()
            st.rerun()

try:
    nav.run()
except Exception as exc:  # the browser gets a short message and an id; the details go to the log
    eid = gate.error_id()
    logging.getLogger("quire.server").error("error %s in the review UI", eid, exc_info=exc)
    st.error(f"Something went wrong (error {eid}); the details are in the server log. Reload the page.")
