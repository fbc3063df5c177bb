"""The page image and its word boxes shaded by OCR confidence.

The page view shows the page's display-size copy (`ui.view_cache`: made once, served byte for
byte) with the boxes drawn over it by the browser, from an SVG of numbers (`boxes_svg`); line
strips are drawn server-side with Pillow. Plain functions of a path and a Page (no Streamlit),
cached by `ui.data`.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw

from ingest.model import BBox, Page, Word, WordOrigin
from ui import view_cache

#: Below these confidences a word is shaded red / amber; corrected words are shaded blue.
LOW, MEDIUM = 0.6, 0.8
RED = (220, 38, 38, 90)
AMBER = (245, 158, 11, 70)
GREEN = (22, 163, 74, 28)
BLUE = (37, 99, 235, 70)
FOCUS = (190, 24, 93, 255)
BLOCK = (37, 99, 235, 255)


def display_base(image_path: Path, width: int, cache_dir: Path | None = None) -> Image.Image:
    """The page image at `width` pixels wide (RGB), through the folder of display copies when
    there is one (`ui.view_cache`)."""
    if cache_dir is None:
        return view_cache.scaled(image_path, width)
    return view_cache.ViewCache(cache_dir, view_cache.max_bytes_from_env()).open(image_path, width)


def _fill(confidence: float, origin: WordOrigin) -> tuple[int, int, int, int]:
    if origin is WordOrigin.CORRECTED:
        return BLUE
    if confidence < LOW:
        return RED
    if confidence < MEDIUM:
        return AMBER
    return GREEN


def _scaled(b: BBox, s: float, off: tuple[float, float] = (0, 0)) -> tuple[float, float, float, float]:
    return (b.x0 * s - off[0], b.y0 * s - off[1], b.x1 * s - off[0], b.y1 * s - off[1])


def _css(rgba: tuple[int, int, int, int]) -> tuple[str, str]:
    """An RGBA colour as an SVG colour and opacity (numbers only)."""
    r, g, b, a = rgba
    return f"#{r:02x}{g:02x}{b:02x}", f"{a / 255:.3f}"


def _rect(b: BBox) -> str:
    return f"M{b.x0} {b.y0}H{b.x1}V{b.y1}H{b.x0}Z"


def boxes_svg(page: Page, *, focus_word: str | None = None, focus_block: str | None = None) -> str:
    """The word boxes of `page` as an SVG drawn over the page image (in page pixels, stretched to
    the image): every word shaded by confidence, the focus block outlined and the focus word
    ringed. One path per colour, so the browser draws four shapes, not one per word. Holds
    numbers and fixed colours only, never text from the page."""
    paths: dict[tuple[int, int, int, int], list[str]] = {BLUE: [], RED: [], AMBER: [], GREEN: []}
    focus_box: BBox | None = None
    outline = ""
    for b in page.blocks:
        for li, ln in enumerate(b.lines):
            for wi, w in enumerate(ln.words):
                if w.bbox.width == 0:
                    continue
                paths[_fill(w.confidence, w.origin)].append(_rect(w.bbox))
                if focus_word == f"{b.id}:{li}:{wi}":
                    focus_box = w.bbox
        if b.id == focus_block:
            colour, _ = _css(BLOCK)
            outline = (
                f'<path d="{_rect(b.bbox)}" fill="none" stroke="{colour}" stroke-width="3"'
                ' vector-effect="non-scaling-stroke"/>'
            )
    parts = []
    for rgba, rects in paths.items():
        if rects:
            colour, opacity = _css(rgba)
            parts.append(f'<path d="{"".join(rects)}" fill="{colour}" fill-opacity="{opacity}"/>')
    parts.append(outline)
    if focus_box is not None:
        colour, _ = _css(FOCUS)
        ring = BBox(focus_box.x0 - 5, focus_box.y0 - 5, focus_box.x1 + 5, focus_box.y1 + 5)
        parts.append(
            f'<path class="q-focus" d="{_rect(ring)}" fill="none" stroke="{colour}" stroke-width="4"'
            ' vector-effect="non-scaling-stroke"/>'
        )
    pw, ph = max(1, page.width), max(1, page.height)
    return (
        f'<svg viewBox="0 0 {pw} {ph}" preserveAspectRatio="none" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )


def jpeg(image: Image.Image, quality: int = 85) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


#: Width of the page image that line strips are cut from (full resolution for most scans).
STRIP_BASE_WIDTH = 2000
DOUBT = (220, 38, 38, 255)


def strip_words(page: Page, box: BBox) -> tuple[tuple[str, Word], ...]:
    """The words (with their ids) whose boxes reach into `box`: all that a line strip draws."""
    out: list[tuple[str, Word]] = []
    for b in page.blocks:
        if b.bbox.x1 < box.x0 or b.bbox.x0 > box.x1 or b.bbox.y1 < box.y0 or b.bbox.y0 > box.y1:
            continue
        for li, ln in enumerate(b.lines):
            if ln.bbox.y1 < box.y0 or ln.bbox.y0 > box.y1:
                continue
            out.extend((f"{b.id}:{li}:{wi}", w) for wi, w in enumerate(ln.words) if w.bbox.width > 0)
    return tuple(out)


def line_strip(
    base: Image.Image,
    page_width: int,
    box: BBox,
    words: tuple[tuple[str, Word], ...],
    *,
    focus_word: str | None = None,
) -> Image.Image:
    """The region `box` (page pixels) of `base` (the page at any width) with `words` (see
    `strip_words`) shaded by confidence, doubtful ones (red) underlined too and the focus word ringed."""
    s = base.width / max(1, page_width)
    x0, y0, x1, y1 = (round(v) for v in _scaled(box, s))
    crop = base.crop((x0, y0, max(x0 + 1, x1), max(y0 + 1, y1))).convert("RGBA")
    overlay = Image.new("RGBA", crop.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for wid, w in words:
        r = _scaled(w.bbox, s, (x0, y0))
        fill = _fill(w.confidence, w.origin)
        draw.rectangle(r, fill=fill)
        if fill is RED:
            draw.line((r[0], r[3] + 2, r[2], r[3] + 2), fill=DOUBT, width=3)
        if focus_word == wid:
            draw.rectangle((r[0] - 4, r[1] - 4, r[2] + 4, r[3] + 4), outline=FOCUS, width=3)
    return Image.alpha_composite(crop, overlay).convert("RGB")
