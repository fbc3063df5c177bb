"""Sign in: nothing else is reachable until a named user signs in."""

from __future__ import annotations

import streamlit as st

from ingest import review
from ui import data, state

st.title("Quire review")
st.caption("Sign in to correct and approve scanned volumes.")

with st.form("sign_in", border=True, width=420):
    name = st.text_input("Name", key="sign_in_name")
    password = st.text_input("Password", type="password", key="sign_in_password")
    submitted = st.form_submit_button("Sign in", type="primary")

if submitted:
    found = review.authenticate(data.store(), name, password)
    if found is None:
        st.error("Unknown name or wrong password.")
    else:
        state.sign_in(found)
        st.rerun()

st.caption("No account? An archivist adds one with `quire user add NAME --role corrector`.")
