"""Footnotes OCR lost, read again from the page image (ingest/layout/lostnotes.py), with real
Tesseract on a constructed page: the body of `test_lost_calls` and its three numbered notes at the
foot. On a scanned spread Tesseract's layout left a one-line note under the rule out of the page
entirely (no word of it read); here the words of one note's line are taken out of the page as OCR
read it, its ink left in the image. The numbering says which note is missing (1, 3: note 2; 1, 2
and nothing after: note 3), the row of ink no word covers is read again on its own, and the note
opens, linked to its call. Ink that reads another number, or no ink at all, opens nothing."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PIL import Image, ImageDraw

from ingest.layout import clean_volume
from ingest.layout.undo import undo
from ingest.model import BBox, BlockKind, Page
from tests.test_lost_calls import FONT, NOTES, _font, _read, draw_body, note_links

pytestmark = pytest.mark.skipif(not FONT.exists(), reason="DejaVu Serif (fonts-dejavu) not installed")


def _image(numbers: tuple[int, int, int] = (1, 2, 3), *, blank: int | None = None) -> np.ndarray:
    """The body and its notes numbered `numbers` in 30 px type under a rule across the measure;
    note `blank` (its place, 0-based) left unprinted."""
    img = Image.new("L", (1750, 2480), 255)
    d = ImageDraw.Draw(img)
    y = draw_body(d) + 60
    d.line((200, y, 1550, y), fill=0, width=2)
    y += 30
    for k, (n, text) in enumerate(zip(numbers, NOTES, strict=True)):
        if k != blank:
            d.text((200, y), f"{n}. {text}", font=_font(30), fill=0)
        y += 46
    return np.array(img)


def _dropped(page: Page, words: str) -> Page:
    """The page as OCR read it, without the line holding `words` (its layout left it out)."""
    blocks = []
    for b in page.blocks:
        lines = tuple(ln for ln in b.lines if words not in ln.text)
        if len(lines) < len(b.lines):
            assert len(b.lines) - len(lines) == 1
        if lines:
            blocks.append(replace(b, lines=lines, bbox=BBox.enclosing([ln.bbox for ln in lines])))
    out = replace(page, blocks=tuple(blocks))
    assert words not in " ".join(w.text for w in out.words)
    return out


def _notes(page: Page) -> dict[str, str]:
    return {str(b.marker): b.text for b in page.blocks if b.kind is BlockKind.FOOTNOTE}


def test_a_note_between_two_notes_that_ocr_left_out_is_read_again() -> None:
    image = _image()
    page = _dropped(_read(image), "county archive")
    assert sorted(_notes(clean_volume([page])[0])) == ["1", "3"]
    cleaned = clean_volume([page], images=lambda index: image)[0]
    notes = _notes(cleaned)
    assert sorted(notes) == ["1", "2", "3"]
    assert notes["2"].endswith("The records are kept in the county archive at the castle.")
    assert note_links(cleaned)["2"].startswith("city")
    # in reading order: between notes 1 and 3
    order = [b.marker for b in cleaned.blocks if b.kind is BlockKind.FOOTNOTE]
    assert order == ["1", "2", "3"]
    decision = next(d for d in cleaned.decisions if d.kind == "note_reread")
    assert decision.data["marker"] == "2" and "read again" in decision.detail
    # undone, the note read again goes: the page is OCR's reading
    back = undo(cleaned, decision)
    assert sorted(_notes(back)) == ["1", "3"]
    assert "county" not in " ".join(w.text for w in back.words)


def test_the_last_note_that_ocr_left_out_is_read_again() -> None:
    image = _image()
    page = _dropped(_read(image), "lintel was moved")
    assert sorted(_notes(clean_volume([page])[0])) == ["1", "2"]
    notes = _notes(clean_volume([page], images=lambda index: image)[0])
    assert sorted(notes) == ["1", "2", "3"]
    assert notes["3"].endswith("The lintel was moved when the road was widened in 1931.")


def test_ink_that_reads_another_number_or_no_ink_opens_no_note() -> None:
    # the line left out reads 7, not the 2 the numbering wants: nothing opens
    image = _image((1, 7, 3))
    page = _dropped(_read(image), "county archive")
    assert clean_volume([page], images=lambda index: image) == clean_volume([page])
    # no ink where the note would be: nothing is read, nothing opens
    image = _image(blank=1)
    page = _read(image)
    assert "county" not in " ".join(w.text for w in page.words)
    assert clean_volume([page], images=lambda index: image) == clean_volume([page])


def _two_line_first_note() -> np.ndarray:
    """The body and its notes 1 to 3, note 1 set on two lines (its second opening in lower case)."""
    img = Image.new("L", (1750, 2480), 255)
    d = ImageDraw.Draw(img)
    y = draw_body(d) + 60
    d.line((200, y, 1550, y), fill=0, width=2)
    y += 30
    lines = [
        "1. The mill was rebuilt twice after floods in the last century, first",
        "in stone and then in brick, by the same family of masons.",
        f"2. {NOTES[1]}",
        f"3. {NOTES[2]}",
    ]
    for text in lines:
        d.text((200, y), text, font=_font(30), fill=0)
        y += 46
    return np.array(img)


def test_a_note_whose_first_line_ocr_left_out_gets_it_back() -> None:
    # on a photographed page Tesseract's layout left out the line right under the rule, note 1's
    # first: the note read opens in lower case ('in stone and then…'). The ink above it that no
    # word covers reads '1. The mill…': the line is set back at the head of the note
    image = _two_line_first_note()
    page = _dropped(_read(image), "rebuilt twice")
    before = _notes(clean_volume([page])[0])
    assert before["1"].startswith("in stone")
    cleaned = clean_volume([page], images=lambda index: image)[0]
    notes = _notes(cleaned)
    assert sorted(notes) == ["1", "2", "3"]
    assert "The mill was rebuilt twice" in notes["1"] and notes["1"].endswith("family of masons.")
    assert notes["1"].index("rebuilt") < notes["1"].index("in stone")
    decision = next(d for d in cleaned.decisions if d.kind == "note_head_reread")
    assert decision.data["marker"] == "1" and decision.data["lines"] == 1
    # undone, the line read again goes: the note is OCR's reading
    back = undo(cleaned, decision)
    assert _notes(back)["1"].startswith("in stone")
    assert "rebuilt" not in " ".join(w.text for w in back.words)
