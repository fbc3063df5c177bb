"""Pages drawn in DejaVu Serif with Pillow and read by real Tesseract, for the tests of checks
made on the page image (a misread judged by its ink)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest import ocr
from ingest.model import Page, SourceRef

DEJAVU_SERIF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
needs_dejavu = pytest.mark.skipif(
    not DEJAVU_SERIF.exists(), reason="DejaVu Serif (fonts-dejavu) not installed"
)


def drawn_page(
    lines: list[str], *, size: int = 40, left: int = 200, top: int = 340, pitch: int = 62
) -> np.ndarray:
    """An A5 page at 300 dpi (grey, white ground) with `lines` in `size` px type, flush left at
    `left`, the first baseline at `top` and the next ones `pitch` px apart."""
    img = Image.new("L", (1750, 2480), 255)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(DEJAVU_SERIF), size)
    for i, text in enumerate(lines):
        d.text((left, top + pitch * i), text, font=font, fill=0, anchor="ls")
    return np.array(img)


def read_page(image: np.ndarray) -> Page:
    """Tesseract's reading of a drawn page, as page 1 of a volume."""
    return ocr.recognise(image, index=1, source=SourceRef("t.png", 1, "0" * 64), dpi=300)
