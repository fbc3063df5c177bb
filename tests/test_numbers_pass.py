"""The second recognition pass for page numbers (ingest/numbers_pass.py), with real Tesseract on
constructed page images: a lone folio that page reading (mode 3) does not see, a contents page whose
page numbers after the leader dots it drops, and a plain page where nothing is added. Also the
script check of a contents page whose leaders OCR reads as letter soup (samples/scan page 2)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest import numbers_pass, ocr
from ingest.model import SourceRef
from ingest.pagework import OcrTask, believed_script, ocr_page, wordlike_confidence
from tests.test_layout_helpers import MILL

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
ROOT = Path(__file__).resolve().parent.parent
FILL = MILL[:5]

pytestmark = pytest.mark.skipif(not FONT.exists(), reason="DejaVu Serif (fonts-dejavu) not installed")


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


def _body_page(folio: str = "", at: tuple[int, int] = (0, 0), size: int = 34) -> np.ndarray:
    img = Image.new("L", (1750, 2480), 255)
    d = ImageDraw.Draw(img)
    for i, t in enumerate(FILL * 5):
        d.text((200, 300 + i * 62), t, font=_font(40), fill=0)
    if folio:
        d.text(at, folio, font=_font(size), fill=0)
    return np.array(img)


def _read(image: np.ndarray):  # type: ignore[no-untyped-def]
    return ocr.recognise(image, index=1, source=SourceRef("t.png", 1, "0" * 64), dpi=300)


def _foot(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [w.text for w in page.words if w.bbox.y0 > 2200]


@pytest.mark.parametrize("at", [(1500, 2330), (230, 2330), (860, 2330)], ids=["outer", "inner", "centre"])
def test_a_lone_folio_only_the_second_pass_reads(at: tuple[int, int]) -> None:
    image = _body_page("9", at)
    page = _read(image)
    assert _foot(page) == []  # page reading does not see a lone figure in the margin
    out, added = numbers_pass.read_numbers(image, page)
    assert added == 1 and _foot(out) == ["9"]
    lone = [ln for b in out.blocks for ln in b.lines if ln.text == "9"]
    assert len(lone) == 1 and lone[0].bbox.x0 >= at[0] - 5  # a line of its own, where it is printed
    assert [w.text for w in out.words if w.text != "9"] == [w.text for w in page.words]


def test_a_folio_in_the_outer_corner_of_a_two_column_page_is_read() -> None:
    # heavy letter-size page of two columns, the left one longer (a chapter's first page): the text
    # block's right side was the median end of all its lines, the left column's, and the folio in
    # the right column's head corner stood beside the block; the page and the contents lost label 1
    img = Image.new("L", (2550, 3240), 255)
    d = ImageDraw.Draw(img)
    for i in range(30):
        d.text((230, 500 + i * 62), MILL[i % len(MILL)][:36], font=_font(36), fill=0)
    for i in range(12):
        d.text((1330, 500 + i * 62), MILL[(i + 3) % len(MILL)][:36], font=_font(36), fill=0)
    d.text((1990, 124), "1", font=_font(34), fill=0)
    image = np.array(img)
    page = _read(image)
    assert [w.text for w in page.words if w.bbox.y1 < 300] == []  # page reading does not see it
    out, added = numbers_pass.read_numbers(image, page)
    assert added == 1 and [w.text for w in out.words if w.bbox.y1 < 300] == ["1"]


def test_a_folio_page_reading_saw_is_not_read_twice() -> None:
    image = _body_page("[17]", (1450, 2300))
    page = _read(image)
    assert _foot(page) == ["[17]"]
    out, added = numbers_pass.read_numbers(image, page)
    assert added == 0 and out == page


def test_a_plain_page_gets_no_numbers() -> None:
    image = _body_page()
    page = _read(image)
    assert numbers_pass.read_numbers(image, page) == (page, 0)


def test_contents_page_numbers_after_the_leader_are_read() -> None:
    img = Image.new("L", (1750, 2480), 255)
    d = ImageDraw.Draw(img)
    d.text((760, 300), "Contents", font=_font(40), fill=0)
    entries = [("The First Part", "1"), ("The Second Part", "3"), ("A Third Part", "7")]
    for i, (title, number) in enumerate(entries):
        y = 450 + i * 80
        d.text((200, y), title, font=_font(40), fill=0)
        x = 220 + d.textlength(title, font=_font(40))
        while x < 1440:
            d.text((x, y), ".", font=_font(40), fill=0)
            x += 22
        d.text((1500, y), number, font=_font(40), fill=0)
    image = np.array(img)
    page = _read(image)
    lines = [ln for b in page.blocks for ln in b.lines][1:]
    assert [ln.words[-1].text for ln in lines] != ["1", "3", "7"]  # page reading drops them
    out, added = numbers_pass.read_numbers(image, page)
    lines = [ln for b in out.blocks for ln in b.lines][1:]
    assert added == 3 and [ln.words[-1].text for ln in lines] == ["1", "3", "7"]
    assert [ln.words[0].text for ln in lines] == ["The", "The", "A"]  # on the entry's own line


def test_the_number_of_a_contents_page_of_one_entry_is_read() -> None:
    # light-octavo-chapter-camera: a contents page of one entry ("Contents" / "Chapter 1 ..... 1")
    # has two words of letters; the pass measured the type on three at least, and read nothing,
    # so the volume's contents had no page and the book no labels from them
    img = Image.new("L", (1750, 2480), 255)
    d = ImageDraw.Draw(img)
    d.text((760, 300), "Contents", font=_font(40), fill=0)
    d.text((200, 450), "Preface", font=_font(40), fill=0)
    x = 220 + d.textlength("Preface", font=_font(40))
    while x < 1440:
        d.text((x, 450), ".", font=_font(40), fill=0)
        x += 22
    d.text((1500, 450), "1", font=_font(40), fill=0)
    image = np.array(img)
    page = _read(image)
    entry = [ln for b in page.blocks for ln in b.lines if ln.words[0].text == "Preface"]
    assert len(entry) == 1 and entry[0].words[-1].text != "1"  # page reading drops the number
    out, added = numbers_pass.read_numbers(image, page)
    entry = [ln for b in out.blocks for ln in b.lines if ln.words[0].text == "Preface"]
    assert added == 1 and entry[0].words[-1].text == "1"


def test_is_number() -> None:
    assert all(numbers_pass.is_number(t) for t in ("9", "[12]", "xii", "XIV", "-4-", "(7)"))
    assert not any(numbers_pass.is_number(t) for t in ("", "ix1", "Xii", "[]", "1234567", "iiii"))


@pytest.mark.slow
def test_sample_contents_page_is_not_taken_for_another_script() -> None:
    # `make demo`'s `quire status sample` said "pages in another script: 2 (Cyrillic/eng)": the
    # contents page's leaders, read as letter soup with no confidence, pulled the page's mean
    # confidence under the bar, and script detection, asked about a page of leaders, said Cyrillic
    image = ROOT / "samples" / "scan" / "page-02.jpg"
    task = OcrTask(page_id=1, index=2, image=image.read_bytes(), source=SourceRef(str(image), 1, ""), dpi=300)
    result = ocr_page(dataclasses.replace(task, detect_script=True))
    assert result.page is not None
    step = next(s for s in result.page.steps if s.name == "ocr")
    assert "script" not in step.options and step.options["lang"] == "eng"
    assert not result.warnings
    assert (result.page.mean_confidence() or 1) < 0.8  # the leaders as read: the page as a whole is doubtful
    assert (wordlike_confidence(result.page) or 0) >= 0.9  # its words are not
    labels = [ln.words[-1].text for b in result.page.blocks for ln in b.lines if len(ln.words) > 3]
    assert "1" in labels  # the contents' first page number, which page reading loses in the leader


def test_a_script_is_believed_only_on_a_page_with_enough_words_of_letters() -> None:
    # script detection also runs for a page's orientation, and names a script even for a page of
    # leaders and figures: that name is recorded (and `quire status` lists the page as being in
    # another script) only when the page has enough words of letters to have a script
    cyrillic = ocr.Osd(rotate=0, orientation_confidence=4.0, script="Cyrillic", script_confidence=3.2)
    assert believed_script(cyrillic, 0.62) == "Cyrillic"
    assert believed_script(cyrillic, None) is None
    assert believed_script(dataclasses.replace(cyrillic, script_confidence=0.5), 0.62) is None
    assert believed_script(None, 0.62) is None
    # a contents page read by Tesseract: leaders and numbers only, too few words of letters
    image = Image.new("L", (1700, 1200), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 40)
    for k in range(6):
        draw.text((200, 150 + 150 * k), "." * 60 + f" {7 * k + 3}", font=font, fill=0)
    page = _read(np.asarray(image))
    assert wordlike_confidence(page) is None and believed_script(cyrillic, wordlike_confidence(page)) is None


def test_a_figure_cut_by_the_image_edge_is_not_a_folio() -> None:
    # a camera book: a mark at the edge of the photograph (the table beside the page) read as "7"
    image = _body_page("7", (860, 2445), size=34)  # its foot on the image's bottom edge
    page = _read(image)
    assert _foot(page) == [] and numbers_pass.read_numbers(image, page)[1] == 0
