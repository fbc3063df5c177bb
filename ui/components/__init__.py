"""The review screen's custom elements."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def script(name: str) -> str:
    """A plain-DOM component's script: `dom.js` (what the components share: `el`, icons, the
    numbered actions) and then the component's own `name`. Streamlit loads each component's
    script as one module of its own, so the shared part goes in front of each."""
    return "\n".join((_HERE / n).read_text(encoding="utf-8") for n in ("dom.js", name))
