"""Scroll an element (by widget key) into view after a rerun, e.g. the block holding the focus word."""

from __future__ import annotations

import json

import streamlit.components.v1 as components


def into_view(key: str) -> None:
    components.html(
        "<script>setTimeout(function(){const el=window.parent.document.querySelector('.st-key-'+"
        + json.dumps(key)
        + ");if(el)el.scrollIntoView({block:'center',behavior:'smooth'});},300);</script>",
        height=0,
    )
