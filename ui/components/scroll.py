"""Scroll an element (by widget key) into view after a rerun, e.g. the block holding the focus word."""

from __future__ import annotations

import json

import streamlit as st


def into_view(key: str) -> None:
    with st.container(key="q-hidden-scroll"):  # styled out of the layout by ui.components.style
        st.iframe(
            "<script>setTimeout(function(){const el=window.parent.document.querySelector('.st-key-'+"
            + json.dumps(key)
            + ");if(el)el.scrollIntoView({block:'center',behavior:'smooth'});},300);</script>",
            height=1,
        )
