"""Line-by-line proofreading: every line's image strip right above its editable text.

The rows come from `ingest.review.page_lines`; this module only draws them. A small script marks
the doubtful words inside each text field (a highlight layer behind the field's text, built with
DOM text nodes, never HTML from the page) and moves between lines: Enter or Alt+Down to the next
line, Alt+Up back, each move selecting the line's first doubtful word. After "next doubtful word"
(Alt+L) the line holding that word gets the focus with the word selected, so typing replaces it.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping

import streamlit as st

from ingest import review
from ingest.model import Page
from ingest.store import PageInfo
from ui import data

HELP = (
    "Keys: Enter or Alt+Down next line · Alt+Up previous line · Alt+L next doubtful word in the "
    "volume · Ctrl+S save · Alt+N / Alt+P next / previous page. Doubtful words are red in the image "
    "and marked in the text."
)

#: Display pixels per page pixel at most (a strip is never drawn larger than the scan).
MAX_SCALE = 0.9
#: Width in CSS pixels that the widest strip of a page is drawn at.
STRIP_WIDTH = 1150

_SCRIPT = """
<script>
(function () {
  const host = window.parent, doc = host.document;
  const cfg = %(cfg)s;
  const keys = cfg.lines.map(function (l) { return l.key; });
  const marks = {};
  cfg.lines.forEach(function (l) { marks[l.key] = l.marks; });
  function inputOf(key) {
    // While a rerun runs, the fields it has not redrawn yet are marked stale: they are still the
    // fields the rerun will keep (same widget key, same DOM node), so moving into one is right.
    // Skipping them left the focus in the line just committed: the next line's keys went there.
    return doc.querySelector(".st-key-" + key + ":not([data-stale=true]) input")
      || doc.querySelector(".st-key-" + key + " input");
  }
  function keyOf(input) {
    const box = input.closest("[class*='st-key-lt-']");
    if (!box) return null;
    const m = /st-key-(lt-\\S+)/.exec(box.className);
    return m ? m[1] : null;
  }
  function tokens(text) {
    const out = [], re = /\\S+/g;
    let m;
    while ((m = re.exec(text)) !== null) out.push([m.index, m.index + m[0].length, m[0]]);
    return out;
  }
  function paint(input) {
    const key = keyOf(input);
    if (!key || !marks[key]) return;
    const wrap = input.parentElement;
    let layer = wrap.querySelector(".q-marks");
    if (!layer) {
      layer = doc.createElement("div");
      layer.className = "q-marks";
      wrap.style.position = "relative";
      wrap.insertBefore(layer, input);
      input.addEventListener("input", function () { paint(input); });
      input.addEventListener("scroll", function () { layer.scrollLeft = input.scrollLeft; });
    }
    const cs = host.getComputedStyle(input);
    ["font", "letterSpacing", "wordSpacing", "paddingLeft", "paddingRight", "paddingTop",
     "paddingBottom", "lineHeight", "textIndent"].forEach(function (p) { layer.style[p] = cs[p]; });
    layer.style.left = input.offsetLeft + "px";
    layer.style.top = input.offsetTop + "px";
    layer.style.width = input.offsetWidth + "px";
    layer.style.height = input.offsetHeight + "px";
    const text = input.value, toks = tokens(text), want = {};
    marks[key].forEach(function (m) { want[m[0]] = m[1]; });
    while (layer.firstChild) layer.removeChild(layer.firstChild);
    let pos = 0;
    toks.forEach(function (t, i) {
      if (want[i] === undefined || want[i] !== t[2]) return;
      layer.appendChild(doc.createTextNode(text.slice(pos, t[0])));
      const mk = doc.createElement("mark");
      mk.textContent = t[2];
      layer.appendChild(mk);
      pos = t[1];
    });
    layer.appendChild(doc.createTextNode(text.slice(pos)));
    layer.scrollLeft = input.scrollLeft;
  }
  function select(input, start, end) {
    input.focus({preventScroll: true});
    try { input.setSelectionRange(start, end); } catch (e) {}
    const row = input.closest("[class*='st-key-ln-']") || input;
    row.scrollIntoView({block: "center", behavior: "instant"});
  }
  function enter(key) {
    const input = inputOf(key);
    if (!input) return;
    const m = (marks[key] || [])[0];
    if (m) {
      const t = tokens(input.value)[m[0]];
      if (t && t[2] === m[1]) { select(input, t[0], t[1]); return; }
    }
    select(input, input.value.length, input.value.length);
  }
  function onKey(e) {
    const input = e.target;
    if (!input || input.tagName !== "INPUT") return;
    const key = keyOf(input);
    if (!key) return;
    let step = 0;
    if (e.key === "Enter" && !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) step = 1;
    else if (e.altKey && e.key === "ArrowDown") step = 1;
    else if (e.altKey && e.key === "ArrowUp") step = -1;
    if (!step) return;
    const i = keys.indexOf(key) + step;
    if (i < 0 || i >= keys.length) return;  // the last line: Enter commits it (Streamlit's own)
    // Move now, not after a timeout: keys typed right after Enter must land in the next line.
    // Leaving the field commits its text (Streamlit commits a text input on blur).
    e.preventDefault();
    e.stopPropagation();
    enter(keys[i]);
  }
  if (host.__quireLines) doc.removeEventListener("keydown", host.__quireLines, true);
  host.__quireLines = onKey;
  doc.addEventListener("keydown", onKey, true);
  function paintAll(waited) {
    let missing = 0;
    keys.forEach(function (k) { const i = inputOf(k); if (i) paint(i); else missing++; });
    if (missing && waited < 5000) host.setTimeout(function () { paintAll(waited + 100); }, 100);
  }
  paintAll(0);
  const f = cfg.focus;
  if (f && host.__quireLineNonce !== f.nonce) {
    (function tryFocus(waited) {
      const input = inputOf(f.key);
      if (input) { host.__quireLineNonce = f.nonce; select(input, f.start, f.end); paint(input); return; }
      if (waited < 8000) host.setTimeout(function () { tryFocus(waited + 100); }, 100);
    })(0);
  }
})();
</script>
"""


def widget_key(page_id: int, epoch: int, line_id: str) -> str:
    """The text field's widget key of a line (only letters, digits and dashes: it names a class)."""
    safe = "".join(c if c.isalnum() else "-" for c in line_id)
    return f"lt-{page_id}-{epoch}-{safe}"


def pending(page: Page, page_id: int, epoch: int, values: Mapping[str, object]) -> dict[str, str]:
    """Line id → text of every line field (drawn for this page and epoch) whose committed value
    differs from the page's line: edits Streamlit has, that the page does not have yet."""
    out = {}
    for row in review.page_lines(page):
        value = values.get(widget_key(page_id, epoch, row.id))
        if isinstance(value, str) and value.split() != row.text.split():
            out[row.id] = value
    return out


def render(
    info: PageInfo,
    page: Page,
    *,
    page_id: int,
    epoch: int,
    focus_word: str | None,
    focus_nonce: int,
    on_line: Callable[[str, str], None],
) -> None:
    """The page's lines, each an image strip above a text field; `on_line(line_id, key)` is
    called when a field's text is committed (Enter, or leaving it)."""
    rows = review.page_lines(page)
    if not rows:
        st.info("This page has no lines of text.")
        return
    widest = max(r.strip.width for r in rows) or 1
    scale = min(MAX_SCALE, STRIP_WIDTH / widest)
    focus_line = review.line_of_word(focus_word)
    cfg_lines = []
    n_doubts = sum(len(r.doubts) for r in rows)
    st.caption(f"{len(rows)} lines · {n_doubts} doubtful words on this page. " + HELP)
    with st.container(height=760, key="lines_pane"):
        for n, row in enumerate(rows, 1):
            key = widget_key(page_id, epoch, row.id)
            cfg_lines.append({"key": key, "marks": [[d.index, d.text] for d in row.doubts]})
            with st.container(key=f"ln-{key[3:]}"):
                side, main = st.columns([0.11, 1], gap="small")
                tag = f'<span class="q-kind">{html.escape(row.kind_label)}</span>' if row.kind_label else ""
                side.html(f'<div class="q-lnum">{n}</div>{tag}')
                img = data.line_strip(info, page, row, focus_word=focus_word)
                if img is not None:
                    main.image(img, width=max(40, round(row.strip.width * scale)))
                main.text_input(
                    f"Line {n}" + (f" ({row.kind_label})" if row.kind_label else ""),
                    value=row.text,
                    key=key,
                    on_change=on_line,
                    args=(row.id, key),
                    label_visibility="collapsed",
                )
    focus = None
    if focus_line is not None and focus_word is not None:
        span = review.word_span(page, focus_word)
        if span is not None:
            focus = {
                "key": widget_key(page_id, epoch, span[0]),
                "start": span[1],
                "end": span[2],
                "nonce": focus_nonce,
            }
    with st.container(key="q-hidden-lines"):
        st.iframe(_SCRIPT % {"cfg": script_json({"lines": cfg_lines, "focus": focus})}, height=1)


def script_json(value: object) -> str:
    """JSON safe inside a <script> element: page text cannot close the element or open a comment."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
