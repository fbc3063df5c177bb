"""Lower-case letters OCR read as figures, read back from the page image (ingest/layout/misreads.py,
`fix_letter_figures`), with real Tesseract on a constructed page. On photographed and degraded
pages Tesseract reads a lone 'a' as '4' and 'is' as '15' ("For 4 long time", "Katayama 15
incomparably"); the scorer then counts them as page numbers left in the text. Tesseract reads the
clean constructed page right, so its reading of those two words is set to the misreading before
cleanup, as on the degraded pages: the ink of both stands within the x-height, on the baseline (one
of the lines slopes, as on a photographed page), and is read back. The figures printed on the page
('4 March', '15 weeks', a raised note call '4', read as its figure as on degraded pages) and every
figure without the page image are kept."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest import ocr
from ingest.layout import clean_volume
from ingest.layout.misreads import letter_reading
from ingest.model import BlockKind, Page, SourceRef

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
BODY = [
    "The farmers came down to the market every week in the",
    "summer, and the road over the hills was for a",
    "long time the only way across, so that nobody in the",
    "valley could sell more than one cart would hold. The old",
    "bridge was built in 1820 and it is still used by walkers,",
    "but on 4 March the council closed it for repairs that",
    "were to take 15 weeks, and the farmers went round by the",
    "ford near the mill",
]
#: Line 1 slopes down to its end by this many pixels per pixel (a photographed page's line).
SLOPE = 0.025
#: After the last line's text: a note call, raised and in smaller type ('a' if it were letters).
CALL = "4"

pytestmark = pytest.mark.skipif(not FONT.exists(), reason="DejaVu Serif (fonts-dejavu) not installed")


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


#: A note at the foot of the page (`_page_image(note=True)`), in smaller type under a rule.
NOTE = [
    "1 The old bridge was rebuilt in stone after a flood in the",
    "spring of 1866, when the river rose higher than ever before.",
]


def _page_image(*, note: bool = False) -> np.ndarray:
    """The body in 40 px type from y 340, 62 px apart; line 1 drawn word by word down a slope; a
    call in 24 px type raised 20 px after the last line's last word. With `note`, the `NOTE` in
    30 px type under a short rule at the foot."""
    img = Image.new("L", (1750, 2480), 255)
    d = ImageDraw.Draw(img)
    y = 340.0
    for i, text in enumerate(BODY):
        x = 200.0
        if i == 1:
            for word in text.split():
                d.text((x, y + SLOPE * (x - 200)), word, font=_font(40), fill=0, anchor="ls")
                x += d.textlength(word, font=_font(40)) + 16
        else:
            d.text((x, y), text, font=_font(40), fill=0, anchor="ls")
            x += d.textlength(text, font=_font(40))
        if i == len(BODY) - 1:
            d.text((x + 24, y - 20), CALL, font=_font(24), fill=0, anchor="ls")
        y += 62
    if note:
        y = 2100.0
        d.line((200, y, 700, y), fill=0, width=2)
        for text in NOTE:
            y += 46
            d.text((200, y), text, font=_font(30), fill=0, anchor="ls")
    return np.array(img)


def _misread(page: Page, misreadings: dict[str, tuple[str | None, str]]) -> Page:
    """The page with the word after the word `before` read as `new`, for `misreadings[before]` =
    (`read`, `new`): `read` is what Tesseract read there (None: whatever it read)."""
    todo = dict(misreadings)
    blocks = []
    for b in page.blocks:
        lines = []
        for ln in b.lines:
            words = list(ln.words)
            for k in range(1, len(words)):
                read, new = todo.get(words[k - 1].text, ("", ""))
                if new and read in (None, words[k].text):
                    words[k] = dataclasses.replace(words[k], text=new)
                    del todo[words[k - 1].text]
            lines.append(dataclasses.replace(ln, words=tuple(words)))
        blocks.append(dataclasses.replace(b, lines=tuple(lines)))
    assert not todo, f"not on the page as read: {todo}"
    return dataclasses.replace(page, blocks=tuple(blocks))


def _words(page: Page) -> list[str]:
    return [w.text for b in page.blocks for ln in b.lines for w in ln.words]


@pytest.fixture(scope="module")
def read() -> tuple[np.ndarray, Page]:
    image = _page_image()
    page = ocr.recognise(image, index=1, source=SourceRef("t.png", 1, "0" * 64), dpi=300)
    # Tesseract reads the raised call here as a mark of its own; on degraded pages it reads such a
    # call as its figure
    return image, _misread(page, {"for": ("a", "4"), "it": ("is", "15"), "mill": (None, CALL)})


def _after(words: list[str], before: str) -> str:
    return words[words.index(before) + 1]


def test_letters_read_as_figures_are_read_back_from_the_image(read: tuple[np.ndarray, Page]) -> None:
    image, page = read
    assert _after(_words(page), "for") == "4" and _after(_words(page), "it") == "15"
    cleaned = clean_volume([page], images=lambda index: image)[0]
    words = _words(cleaned)
    assert _after(words, "for") == "a"
    assert _after(words, "it") == "is"
    # the figures printed as figures stay
    assert _after(words, "on") == "4"
    assert _after(words, "take") == "15"
    assert "March" in words and "weeks," in words
    decisions = [x for x in cleaned.decisions if x.kind == "ocr_misread"]
    assert sorted(x.data["text_before"] for x in decisions) == ["15", "4"]


def test_a_raised_call_stays_a_figure(read: tuple[np.ndarray, Page]) -> None:
    image, page = read
    assert _after(_words(page), "mill") == CALL
    cleaned = clean_volume([page], images=lambda index: image)[0]
    assert _after(_words(cleaned), "mill") == CALL


def test_without_the_image_the_page_keeps_the_reading(read: tuple[np.ndarray, Page]) -> None:
    _, page = read
    words = _words(clean_volume([page])[0])
    assert _after(words, "for") == "4" and _after(words, "it") == "15"


def test_only_figures_that_never_stand_in_the_x_height_make_a_word() -> None:
    assert letter_reading("4") == "a"
    assert letter_reading("15,") == "is,"
    assert letter_reading("45") == "as"
    assert letter_reading("1") is None  # an old-style 1 is of the x-height
    assert letter_reading("10") is None
    assert letter_reading("14") is None  # 'ia': no common word
    assert letter_reading("5") is None  # 's'
    assert letter_reading("4", lang="fra") == "a"
    assert letter_reading("1820") is None
    assert letter_reading("a4") is None
    # an 'a' read as a 3 (seed 1968 light-a5-2col-endnotes-camera, EB Garamond: "turn 3 negative")
    assert letter_reading("3") == "a" and letter_reading("35") == "as"
    assert letter_reading("33") is None and letter_reading("13") is None


def test_an_a_read_as_a_three_is_read_back() -> None:
    image = _page_image()
    page = ocr.recognise(image, index=1, source=SourceRef("t.png", 1, "0" * 64), dpi=300)
    page = _misread(page, {"for": ("a", "3")})
    assert _after(_words(page), "for") == "3"
    words = _words(clean_volume([page], images=lambda index: image)[0])
    assert _after(words, "for") == "a"
    assert "1820" in words and _after(words, "on") == "4"


def test_a_note_s_letters_read_as_figures_are_read_back() -> None:
    image = _page_image(note=True)
    page = ocr.recognise(image, index=1, source=SourceRef("t.png", 1, "0" * 64), dpi=300)
    page = _misread(page, {"after": ("a", "4")})
    cleaned = clean_volume([page], images=lambda index: image)[0]
    note = next(b for b in cleaned.blocks if b.kind is BlockKind.FOOTNOTE)
    words = [w.text for ln in note.lines for w in ln.words]
    assert _after(words, "after") == "a"
    assert "1866," in words
