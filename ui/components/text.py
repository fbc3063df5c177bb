"""Showing page text safely: user text goes through Markdown only escaped, and into HTML only
through `html.escape` (Streamlit never gets unsafe_allow_html with raw user text)."""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def md_escape(text: str) -> str:
    """Text that Markdown shows literally (no links, images, emphasis or HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")
