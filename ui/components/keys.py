"""Keyboard shortcuts for the review screen.

Streamlit has no key bindings, so a zero-height component installs one keydown listener on the
app's document (replacing the previous one) that clicks the button whose widget key is bound.
A text field being edited is blurred first, so Streamlit commits its value before the click.
"""

from __future__ import annotations

import json

import streamlit as st

#: (modifier, KeyboardEvent.code) → widget key of the button to click. "mod" is Ctrl or Cmd.
#: Not Streamlit's own `st.button(shortcut=...)`: it clicks without committing the text area being
#: typed in, so the words typed last would be missing from the save (or the draft).
BINDINGS: dict[str, str] = {
    "mod+KeyS": "kb_save",
    "alt+KeyN": "kb_next",
    "alt+KeyP": "kb_prev",
    "alt+KeyL": "kb_low",
    "alt+KeyA": "kb_approve",
}
#: Shortcut → widget key of a text input to focus.
FOCUS = {"alt+KeyJ": "kb_jump"}

HELP = (
    "Keys: Ctrl+S save · Alt+N / Alt+P next / previous page · Alt+L next low-confidence word · "
    "Alt+A validate · Alt+J jump to a page"
)

_SCRIPT = """
<script>
(function () {
  const host = window.parent, doc = host.document;
  const clicks = %(clicks)s, focus = %(focus)s;
  function combo(e) {
    if ((e.ctrlKey || e.metaKey) && !e.altKey) return "mod+" + e.code;
    if (e.altKey && !e.ctrlKey && !e.metaKey) return "alt+" + e.code;
    return "";
  }
  function clickKey(key, waited) {
    // While Streamlit reruns (the blur below commits the text and starts one) the button is stale
    // or not there yet: try again until the fresh one is drawn, rather than dropping the key.
    const b = doc.querySelector(".st-key-" + key + ":not([data-stale=true]) button");
    if (b) { if (!b.disabled) b.click(); return; }
    waited = waited || 0;
    if (waited < 15000) host.setTimeout(function () { clickKey(key, waited + 50); }, 50);
  }
  function onKey(e) {
    const c = combo(e);
    if (focus[c]) {
      const input = doc.querySelector(".st-key-" + focus[c] + " input");
      if (input) { e.preventDefault(); input.focus(); input.select(); }
      return;
    }
    const key = clicks[c];
    if (!key) return;
    e.preventDefault();
    e.stopPropagation();
    const active = doc.activeElement;
    if (active && (active.tagName === "TEXTAREA" || active.tagName === "INPUT")) {
      active.blur();  // Streamlit commits a text field's value on blur
      host.setTimeout(function () { clickKey(key); }, 250);
    } else {
      clickKey(key);
    }
  }
  if (host.__quireKeys) doc.removeEventListener("keydown", host.__quireKeys, true);
  host.__quireKeys = onKey;
  doc.addEventListener("keydown", onKey, true);
})();
</script>
"""


def install() -> None:
    with st.container(key="q-hidden-keys"):  # styled out of the layout by ui.components.style
        st.iframe(_SCRIPT % {"clicks": json.dumps(BINDINGS), "focus": json.dumps(FOCUS)}, height=1)
