"""A chapter title's own number is no note's call, with real Tesseract on a constructed page.

A volume set with old-style figures prints the 1 of 'Chapter 1' as high as an 'x', standing on the
line. On a line of two words the baseline measured (the median of the words' bottoms) is the bottom of
the 'p' of 'Chapter', so the figure stood as far above it as a raised call does, and note 1 took the
title's number for its call, leaving the call in the text unlinked (seed 1902 light-a5-volume-spaced).
A call is raised clear of the middle of the word beside it; a figure set on the line, old-style or
lining (seed 1933, TeX Gyre Pagella: as high as a capital), is not."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest import ocr
from ingest.layout import clean_volume
from ingest.layout.calls import call_candidates
from ingest.model import BBox, BlockKind, Page, SourceRef, Word, line_of
from tests.test_lost_calls import BODY as MILL

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
BODY = MILL[:8]  # eight lines of the lost-call tests' prose
NOTE = "The records are kept in the county archive at the castle."

pytestmark = pytest.mark.skipif(not FONT.exists(), reason="DejaVu Serif (fonts-dejavu) not installed")


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


def _page_image() -> np.ndarray:
    """'Chapter' in 64 px type, its 1 in 44 px type on the same baseline (as high as the title's
    'x': an old-style figure); the body in 40 px type, a call 1 in 24 px type raised 20 px after
    'city'; the note under a short rule in 30 px type."""
    img = Image.new("L", (1750, 2480), 255)
    d = ImageDraw.Draw(img)
    y = 330.0
    d.text((200, y), "Chapter", font=_font(64), fill=0, anchor="ls")
    d.text((200 + d.textlength("Chapter ", font=_font(64)), y), "1", font=_font(44), fill=0, anchor="ls")
    y += 140
    for text in BODY:
        x = 200.0
        if "city" in text:
            cut = text.index("city") + len("city")
            d.text((x, y), text[:cut], font=_font(40), fill=0, anchor="ls")
            x += d.textlength(text[:cut], font=_font(40)) + 4
            d.text((x, y - 20), "1", font=_font(24), fill=0, anchor="ls")
            x += d.textlength("1", font=_font(24)) + 2
            text = text[cut:]
        d.text((x, y), text, font=_font(40), fill=0, anchor="ls")
        y += 62
    y += 700
    d.line((200, y, 700, y), fill=0, width=2)
    d.text((200, y + 30), f"1 {NOTE}", font=_font(30), fill=0)
    return np.array(img)


def _read(image: np.ndarray) -> Page:
    return ocr.recognise(image, index=1, source=SourceRef("t.png", 1, "0" * 64), dpi=300)


def test_a_chapter_titles_old_style_number_is_no_call() -> None:
    page = _read(_page_image())
    title = next(ln for b in page.blocks for ln in b.lines if ln.text.startswith("Chapter"))
    assert [w.text for w in title.words] == ["Chapter", "1"]
    cleaned = clean_volume([page])[0]
    notes = [b for b in cleaned.blocks if b.kind is BlockKind.FOOTNOTE]
    assert len(notes) == 1 and notes[0].marker == "1"
    called = [w.text for w in cleaned.words if w.note_id == notes[0].id]
    assert called == ["city"]
    # the title keeps its number
    assert any(ln.text == "Chapter 1" for b in cleaned.blocks for ln in b.lines)


def test_a_raised_figure_beside_a_word_is_still_a_call() -> None:
    # a call raised to the tops of its word's letters, and one raised over a word of short letters
    # ('was'): both stand clear of the baseline and reach the letters' tops or higher
    for word, top in (("Chapter", 0), ("was", 12)):
        words = [
            Word(word, BBox(0, top, 200, 60)),
            Word("1", BBox(204, 0, 216, 22)),
            Word("ever", BBox(230, 12, 330, 48)),
        ]
        found = call_candidates([line_of(words)])
        assert [(c.word, c.marker, c.exact) for c in found] == [(1, "1", True)]
    # a figure as high as an 'x' standing on the line beside 'Chapter' (bottom 60 with its 'p',
    # the figure's 48): as far over the median bottom as a call, but an x-height under the tops
    words = [Word("Chapter", BBox(0, 0, 200, 60)), Word("1", BBox(220, 24, 236, 48))]
    assert call_candidates([line_of(words)]) == []
    # a lining figure as high as a capital beside 'Chapter' (seed 1933, TeX Gyre Pagella: bottom
    # 924 with the 'p', the figure 842 to 901): its top level with the word's, its middle hardly
    # above the word's
    words = [Word("Chapter", BBox(647, 839, 944, 924)), Word("1", BBox(971, 842, 1001, 901))]
    assert call_candidates([line_of(words)]) == []
