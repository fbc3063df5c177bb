"""Endnote calls OCR did not read as calls, read again from the page image (ingest/layout/endnotes.py
`_with_lost_calls`, by ingest/layout/lostcalls.py), with real Tesseract on two constructed pages:
a page of text whose three calls are raised after 'mill', 'city' and 'lintel', then a page with a
"Notes" title and the three numbered notes. Page reading takes the raised 1 after 'mill' for a
quote standing alone (no call), so without the page images endnote 1 takes the call of note 2 (or
none) and a note is left without its own; read again with figures only, the quote is the 1, and
every endnote keeps its own call, and nothing else on the pages changes."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest import ocr
from ingest.layout import clean_volume
from ingest.model import BlockKind, Page, SourceRef
from tests.test_lost_calls import FONT, NOTES, draw_body, mill_line, note_links

pytestmark = pytest.mark.skipif(not FONT.exists(), reason="DejaVu Serif (fonts-dejavu) not installed")


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


def _text_page() -> np.ndarray:
    """The body (`tests.test_lost_calls.draw_body`) and nothing under it."""
    img = Image.new("L", (1750, 2480), 255)
    draw_body(ImageDraw.Draw(img))
    return np.array(img)


def _notes_page(numbers: tuple[int, int, int]) -> np.ndarray:
    """A "Notes" title centred over the notes, each a paragraph opening with its number."""
    img = Image.new("L", (1750, 2480), 255)
    d = ImageDraw.Draw(img)
    d.text((875, 400), "Notes", font=_font(48), fill=0, anchor="ms")
    y = 520
    for n, text in zip(numbers, NOTES, strict=True):
        d.text((200, y), f"{n}. {text}", font=_font(36), fill=0, anchor="ls")
        y += 80
    return np.array(img)


def _read(image: np.ndarray, index: int) -> Page:
    return ocr.recognise(image, index=index, source=SourceRef("t.pdf", index, "0" * 64), dpi=300)


def test_an_endnote_call_read_as_a_lone_quote_is_read_again() -> None:
    images = {1: _text_page(), 2: _notes_page((1, 2, 3))}
    pages = [_read(images[1], 1), _read(images[2], 2)]
    mill = mill_line(pages[0])
    assert mill[mill.index("mill") + 1] in ("'", "’", "‘")  # the raised 1, read as a quote alone
    without = clean_volume(pages)
    notes = [b for b in without[1].blocks if b.kind is BlockKind.FOOTNOTE]
    assert [b.marker for b in notes] == ["1", "2", "3"]  # the notes section is found
    assert note_links(*without).get("1", "city").startswith("city")  # note 1 shifted, or unlinked
    cleaned = clean_volume(pages, images=images.get)
    links = note_links(*cleaned)
    assert sorted(links) == ["1", "2", "3"]
    assert links["1"] == "" and links["2"].startswith("city") and links["3"] in ("", "lintel")
    first = next(d for d in cleaned[0].decisions if d.kind == "footnote_link" and d.data["marker"] == "1")
    assert first.data.get("reread") is True and "read again" in first.detail
    others = [d for d in cleaned[0].decisions if d.kind == "footnote_link" and d.data["marker"] != "1"]
    assert len(others) == 2 and not any(d.data.get("reread") for d in others)
    # nothing else changed: the same words on both pages, but for the quote that was the call
    before = [w.text for w in without[0].words if w.text]
    del before[before.index("mill") + 1]
    assert [w.text for w in cleaned[0].words if w.text] == before
    assert [w.text for w in cleaned[1].words] == [w.text for w in without[1].words]
