"""The page image pane of the review screen: a zoomable, pannable view of the shaded page.

Zoom is a server-side choice of magnification (the image is drawn at the page view's width at 1×,
at full resolution when magnified, and fetched by the browser from `ui.image_route`); panning is
the browser's: the pane scrolls both ways, can be dragged with the mouse, and is centred on the
word or block in focus. The image, its word boxes, the panning and the next page's image fetched
ahead are one element (`image_pane.js`, a Streamlit custom component without an iframe).
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from ingest.model import BBox, Page
from ingest.store import PageInfo
from ui import components
from ui.components import page_image
from ui.components.text import md_escape
from ui.state import SessionState

#: Magnifications offered, relative to the pane's width.
ZOOMS = (1.0, 1.5, 2.0, 3.0, 4.0)

_HERE = Path(__file__).resolve().parent
_COMPONENT = st.components.v2.component(
    "quire_image_pane",
    css=(_HERE / "image_pane.css").read_text(encoding="utf-8"),
    js=components.script("image_pane.js"),
    isolate_styles=False,  # in the app's document: the pane scrolls and the page's styles apply
)
#: The element's key (tests read what it was drawn with).
KEY = "q-image"

Image = tuple[str | None, tuple[int, int] | None]  # an address of ui.image_route, pixel size


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
    image: Callable[[float], Image],
    page: Page,
    caption: str,
    stem: str,
    *,
    ahead: Callable[[float], Image] | None = None,
    focus_word: str | None = None,
    focus_block: str | None = None,
) -> None:
    """The review screen's image pane: the zoom (kept in the session) and its legend over the
    scrolling pane with the page in it (`render`); `image(zoom)` gives the page image's address
    and pixel size at that zoom (`img_html`), `ahead(zoom)` the next page's, fetched ahead."""
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
        if src is None:
            st.caption("No page image.")
            return
        next_src, next_size = ahead(zoom) if ahead is not None else (None, None)
        with st.container(key="image_zoom"):
            _COMPONENT(
                key=KEY,
                data=view_data(
                    src,
                    size,
                    page,
                    zoom,
                    caption,
                    stem,
                    ahead=(next_src, next_size),
                    focus_word=focus_word,
                    focus_block=focus_block,
                ),
            )


def view_data(
    src: str,
    size: tuple[int, int] | None,
    page: Page,
    zoom: float,
    caption: str,
    stem: str,
    *,
    ahead: Image = (None, None),
    focus_word: str | None = None,
    focus_block: str | None = None,
) -> dict[str, Any]:
    """What the image pane's script draws: the image at `src` (see `img_html`) at `zoom` × the
    pane's width, the page's word boxes over it (an SVG of numbers), the caption (as text), the
    point to centre on when magnified (the focus word's or block's centre, as fractions of the
    page), and the next page's image to fetch ahead (`ahead`: address and size). `stem`
    (`ui.state.Work.stem`) names the drawing; the pane sends nothing back."""
    svg = page_image.boxes_svg(page, focus_word=focus_word, focus_block=focus_block)
    box = focus_box(page, focus_word, focus_block)
    target = None
    if box is not None and zoom > 1:
        target = [round(box.center_x / max(1, page.width), 4), round(box.center_y / max(1, page.height), 4)]
    return {
        "stem": stem,
        "src": src,
        "w": size[0] if size else None,
        "h": size[1] if size else None,
        "alt": caption,
        "boxes": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
        "zoom": round(zoom * 100),
        "target": target,
        "ahead": ahead[0],
        "ahead_w": ahead[1][0] if ahead[1] else None,
        "ahead_h": ahead[1][1] if ahead[1] else None,
    }
