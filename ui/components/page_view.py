"""The page image pane of the review screen: a zoomable, pannable view of the shaded page.

Zoom is a server-side choice of magnification (the image is drawn at the page view's width at 1×,
at full resolution when magnified, and fetched by the browser from `ui.image_route`); panning is
the browser's: the pane scrolls both ways, can be dragged with the mouse, and is centred on the
word or block in focus after each run.
"""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Callable

import streamlit as st

from ingest.model import BBox, Page
from ingest.store import PageInfo
from ui.components import page_image
from ui.components.text import md_escape
from ui.state import SessionState

#: Magnifications offered, relative to the pane's width.
ZOOMS = (1.0, 1.5, 2.0, 3.0, 4.0)

_PAN = """
<script>
(function () {
  const doc = window.parent.document, host = window.parent;
  // the scrolling element: the nearest ancestor of the image that scrolls
  let pane = doc.querySelector(".st-key-image_zoom");
  while (pane && pane !== doc.body) {
    const o = host.getComputedStyle(pane);
    if (/(auto|scroll)/.test(o.overflowY + o.overflowX)) break;
    pane = pane.parentElement;
  }
  if (!pane || pane === doc.body) return;
  const target = %(target)s;
  function centre() {
    const img = pane.querySelector(".st-key-image_zoom img");
    if (!img || !img.complete || !target) return;
    const pr = pane.getBoundingClientRect(), ir = img.getBoundingClientRect();
    const x = ir.left - pr.left + pane.scrollLeft + target[0] * ir.width;
    const y = ir.top - pr.top + pane.scrollTop + target[1] * ir.height;
    pane.scrollTo({left: x - pane.clientWidth / 2, top: y - pane.clientHeight / 2, behavior: "instant"});
  }
  if (target) {
    const img = pane.querySelector(".st-key-image_zoom img");
    if (img && !img.complete) img.addEventListener("load", centre, {once: true});
    setTimeout(centre, 60);
  }
  if (pane.__quirePan) return;  // drag to pan: installed once per pane element
  pane.__quirePan = true;
  let drag = null;
  pane.addEventListener("mousedown", function (e) {
    if (e.button !== 0 || !e.target.closest(".st-key-image_zoom")) return;
    drag = {x: e.clientX, y: e.clientY, l: pane.scrollLeft, t: pane.scrollTop};
    pane.style.cursor = "grabbing";
    e.preventDefault();
  });
  doc.addEventListener("mousemove", function (e) {
    if (!drag) return;
    pane.scrollLeft = drag.l - (e.clientX - drag.x);
    pane.scrollTop = drag.t - (e.clientY - drag.y);
  });
  doc.addEventListener("mouseup", function () { drag = null; pane.style.cursor = ""; });
})();
</script>
"""


def focus_box(page: Page, focus_word: str | None, focus_block: str | None) -> BBox | None:
    """The box to centre on: the focus word's box, else the focus block's, else None."""
    try:
        if focus_word:
            bid, li, wi = focus_word.split(":")
            return page.block(bid).lines[int(li)].words[int(wi)].bbox
        if focus_block:
            return page.block(focus_block).bbox
    except (KeyError, IndexError, ValueError):
        return None
    return None


def img_html(src: str, size: tuple[int, int] | None, alt: str, cls: str = "q-scan") -> str:
    """An `<img>` of the page image at `src` (an address of `ui.image_route`, made of numbers and
    URL-quoted names, escaped again here); `size` lets the browser lay the page out before the
    image arrives."""
    dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
    return (
        f'<img class="{cls}" src="{html.escape(src, quote=True)}" alt="{html.escape(alt, quote=True)}"'
        f'{dims} decoding="async">'
    )


def no_text(info: PageInfo, src: str | None, size: tuple[int, int] | None) -> None:
    """A page without text yet: why (its OCR state and error), and its image at `src` if any."""
    error = f" ({md_escape(info.error)})" if info.error else ""
    st.warning(f"Page {info.index} has no text yet: OCR is {info.ocr_state}{error}.")
    if src:
        st.html(f'<div style="width: 600px">{img_html(src, size, "Scan")}</div>')


def pane(
    session: SessionState,
    image: Callable[[float], tuple[str | None, tuple[int, int] | None]],
    page: Page,
    caption: str,
    *,
    focus_word: str | None = None,
    focus_block: str | None = None,
) -> None:
    """The review screen's image pane: the zoom (kept in the session) and its legend over the
    scrolling pane with the page in it (`render`); `image(zoom)` gives the page image's address
    and pixel size at that zoom (`img_html`)."""
    if "zoom" not in st.session_state:
        st.session_state["zoom"] = session.zoom

    def on_zoom() -> None:
        session.zoom = float(st.session_state["zoom"])

    zc = st.columns([1.2, 3], vertical_alignment="bottom")
    zoom = zc[0].select_slider(
        "Zoom",
        ZOOMS,
        key="zoom",
        on_change=on_zoom,
        format_func=lambda z: f"{z:g}×",
        help="Magnify the page; drag or scroll to pan",
    )
    zc[1].caption(
        "Word boxes: red < 60 % confidence, amber < 80 %, green above, blue corrected. Drag the page to pan."
    )
    with st.container(height=700, key="image_pane"):
        src, size = image(zoom)
        render(src, size, page, zoom, caption, focus_word=focus_word, focus_block=focus_block)


def render(
    src: str | None,
    size: tuple[int, int] | None,
    page: Page,
    zoom: float,
    caption: str,
    *,
    focus_word: str | None = None,
    focus_block: str | None = None,
) -> None:
    """The image at `src` (see `img_html`) at `zoom` × the pane width inside the scrolling pane
    (opened by the caller), the page's word boxes drawn over it, centred on the focus word or
    block when magnified."""
    if src is None:
        st.caption("No page image.")
        return
    # Only numbers go into this stylesheet.
    pct = f"{zoom * 100:.0f}%"
    st.html(f"<style>.st-key-image_zoom {{ width: {pct} !important; max-width: none !important; }}</style>")
    with st.container(key="image_zoom"):
        # The browser fetches the image by its address (cached and fetched ahead, see
        # ui/image_route.py); the boxes are an SVG image over it (Streamlit's HTML sanitiser
        # drops inline SVG).
        svg = page_image.boxes_svg(page, focus_word=focus_word, focus_block=focus_block)
        b64 = base64.b64encode(svg.encode()).decode()
        st.html(
            f'<div class="q-page">{img_html(src, size, caption)}'
            f'<img class="q-boxes" alt="" src="data:image/svg+xml;base64,{b64}"></div>'
        )
    st.caption(caption)
    box = focus_box(page, focus_word, focus_block)
    target = None
    if box is not None and zoom > 1:
        target = [round(box.center_x / max(1, page.width), 4), round(box.center_y / max(1, page.height), 4)]
    with st.container(key="q-hidden-pan"):
        st.iframe(_PAN % {"target": json.dumps(target)}, height=1)
