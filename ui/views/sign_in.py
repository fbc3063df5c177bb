"""Sign in: nothing else is reachable until a named user signs in. Failed attempts are
throttled per name and per client address (growing delays) and logged."""

from __future__ import annotations

import streamlit as st

from ingest import review
from ingest.errors import QuireError
from ui import data, state
from ui.components.text import md_escape

st.title("Quire review")
st.caption("Sign in to proofread and validate scanned volumes.")

with st.form("sign_in", border=True, width=420):
    name = st.text_input("Name", key="sign_in_name", max_chars=200)
    password = st.text_input("Password", type="password", key="sign_in_password", max_chars=1000)
    submitted = st.form_submit_button("Sign in", type="primary")

if submitted:
    try:
        found = review.sign_in(data.store(), data.sign_in_throttle(), name, password, st.context.ip_address)
    except QuireError as exc:
        st.error(md_escape(str(exc)))
    else:
        if found is None:
            st.error("Unknown name or wrong password.")
        else:
            state.sign_in(found)
            st.rerun()

st.caption("No account? An archivist adds one (Users, or `quire user add NAME --role corrector`).")
