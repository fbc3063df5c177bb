"""The page image with word boxes shaded by OCR confidence, drawn server-side with Pillow.

Plain functions of a path and a Page (no Streamlit), cached by `ui.data`. The downscaled base
image is also cached on disk next to the store, so a restarted server does not decode full-size
scans again.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

from ingest.model import BBox, Page, Word, WordOrigin

#: Below these confidences a word is shaded red / amber; corrected words are shaded blue.
LOW, MEDIUM = 0.6, 0.8
RED = (220, 38, 38, 90)
AMBER = (245, 158, 11, 70)
GREEN = (22, 163, 74, 28)
BLUE = (37, 99, 235, 70)
FOCUS = (190, 24, 93, 255)
BLOCK = (37, 99, 235, 255)


def display_base(image_path: Path, width: int, cache_dir: Path | None = None) -> Image.Image:
    """The page image at `width` pixels wide (RGB), from the disk cache when there is one."""
    cached = cache_dir / f"{image_path.stem}-{width}.jpg" if cache_dir else None
    if cached is not None and cached.exists():
        with Image.open(cached) as im:
            return im.convert("RGB")
    with Image.open(image_path) as im:
        im.draft("RGB", (width, width * 4))  # JPEG sources decode at a reduced size
        scale = width / im.width
        small = im.convert("RGB").resize((width, max(1, round(im.height * scale))), Image.Resampling.LANCZOS)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        # Several renders of one page may run at once (the neighbour warm-up and the view): each
        # writes its own temporary file and the last atomic rename wins; all hold the same pixels.
        fd, tmp_name = tempfile.mkstemp(dir=cached.parent, prefix=f".{cached.stem}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                small.save(fh, "JPEG", quality=88)
            os.replace(tmp_name, cached)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
    return small


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


def shaded(
    base: Image.Image,
    page: Page,
    *,
    focus_word: str | None = None,
    focus_block: str | None = None,
    scale: float | None = None,
    offset: tuple[float, float] = (0, 0),
) -> Image.Image:
    """`base` (the page scaled to any width, or a crop of it at `offset` in scaled pixels) with
    every word box shaded by confidence, the focus block outlined and the focus word
    ("block:line:word") ringed."""
    s = scale if scale is not None else base.width / max(1, page.width)
    overlay = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    focus_box: BBox | None = None
    for b in page.blocks:
        for li, ln in enumerate(b.lines):
            for wi, w in enumerate(ln.words):
                if w.bbox.width == 0:
                    continue
                draw.rectangle(_scaled(w.bbox, s, offset), fill=_fill(w.confidence, w.origin))
                if focus_word == f"{b.id}:{li}:{wi}":
                    focus_box = w.bbox
        if b.id == focus_block:
            draw.rectangle(_scaled(b.bbox, s, offset), outline=BLOCK, width=3)
    if focus_box is not None:
        x0, y0, x1, y1 = _scaled(focus_box, s, offset)
        draw.rectangle((x0 - 5, y0 - 5, x1 + 5, y1 + 5), outline=FOCUS, width=4)
    return Image.alpha_composite(base.convert("RGBA"), overlay).convert("RGB")


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
