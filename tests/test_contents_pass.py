"""The second reading of a contents page (ingest/contents_pass.py), with real Tesseract on constructed
page images: a contents page in a speckled scan whose entries page reading (mode 3) leaves out, a
clean contents page that needs no second reading, and a body page that is never read again."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest import contents_pass, ocr
from ingest.layout import toc
from ingest.model import BBox, Line, Page, SourceRef, Word, paragraph_blocks
from ingest.pagework import OcrTask, ocr_page

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
ENTRIES = (("The international factor", "1", 130), ("To a few exiled friends", "5", 190))

pytestmark = pytest.mark.skipif(not FONT.exists(), reason="DejaVu Serif (fonts-dejavu) not installed")


def _contents(
    specks: int, *, title: str = "Contents", entries: tuple[tuple[str, str, int], ...] = ENTRIES
) -> bytes:
    """A contents page (title, `entries` with dotted leaders and pages, a roman folio) with
    `specks` dots of dust scattered over it, as PNG bytes. An entry without a page has no leader."""
    img = Image.new("L", (1660, 2480), 255)
    d = ImageDraw.Draw(img)
    d.text((700, 340), title, font=ImageFont.truetype(str(FONT), 44), fill=0)
    font = ImageFont.truetype(str(FONT), 34)
    for k, (text, page, x) in enumerate(entries):
        y = 470 + 80 * k
        d.text((x, y), text, font=font, fill=0)
        dot = x + d.textlength(text, font=font) + 10
        while page and dot < 1420:
            d.text((dot, y), ".", font=font, fill=0)
            dot += 14
        d.text((1440, y), page, font=font, fill=0)
    d.text((800, 2340), "ii", font=font, fill=0)
    rng = np.random.default_rng(1)
    for _ in range(specks):
        x, y, r = int(rng.integers(0, 1660)), int(rng.integers(0, 2480)), int(rng.integers(1, 3))
        d.ellipse((x, y, x + r, y + r), fill=0)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _read(image: bytes):
    return ocr_page(OcrTask(1, 2, image, SourceRef("book.pdf", 2, "0" * 64), 300)).page


def test_speckled_contents_page_is_read_again_as_sparse_text() -> None:
    page = _read(_contents(800))
    assert page is not None
    assert page.steps[-1].options.get("contents_pass") is True
    text = "\n".join(ln.text for b in page.blocks for ln in b.lines)
    for title, _, _ in ENTRIES:
        assert title.split()[-1] in text  # "factor", "friends": both entries are read
    # each printed line is one line: the pieces sparse reading finds of it are joined
    firsts = [ln for b in page.blocks for ln in b.lines if "factor" in ln.text]
    assert len(firsts) == 1 and firsts[0].text.split()[0] == "The"


def test_clean_contents_page_is_read_once() -> None:
    page = _read(_contents(0))
    assert page is not None
    assert "contents_pass" not in page.steps[-1].options
    assert contents_pass.entry_lines(page) == 2


def test_bare_numeral_entry_is_an_entry_line() -> None:
    """Sections numbered "I", "II" under a chapter: the line has one word of title before its
    leader (what OCR makes of the dots), and is an entry all the same; a lone numeral without a
    leader is not."""
    numbered = (("Problems of the Opposition", "1", 130), ("I", "2", 190), ("II", "5", 190))
    page = _read(_contents(0, entries=numbered))
    assert page is not None
    lines = [ln for b in page.blocks for ln in b.lines]
    bare = [ln for ln in lines if ln.words and ln.words[0].text == "II"]
    assert bare and all(contents_pass.is_entry_line(ln) for ln in bare)
    assert contents_pass.entry_lines(page) == sum(1 for ln in lines if contents_pass.is_entry_line(ln))
    assert contents_pass.entry_lines(page) >= 2  # the titled entry and the numeral's
    alone = _read(_contents(0, entries=(("Problems of the Opposition", "1", 130), ("II", "", 190))))
    assert alone is not None
    assert not any(
        contents_pass.is_entry_line(ln) for b in alone.blocks for ln in b.lines if ln.text.strip() == "II"
    )
    assert contents_pass.entry_lines(alone) == 1


def test_page_without_contents_title_is_never_read_again() -> None:
    page = _read(_contents(800, title="Chapter"))
    assert page is not None
    assert contents_pass.entry_lines(page) is None
    assert "contents_pass" not in page.steps[-1].options


def test_bare_numeral_entries_lost_in_their_leaders_are_read() -> None:
    """Sections numbered "I", "II" whose leaders run the width of the page: Tesseract takes such a
    line for a rule in both modes and reads nothing of it (nor the numeral). The leader rows found in
    the image outnumber the entries read, so the page is read again with the dots whited out; each
    row enters its line as a leader, and the page numbers after it are read."""
    numbered = (("Problems of the International Opposition", "1", 130), ("I", "3", 190), ("II", "6", 190))
    page = _read(_contents(0, entries=numbered))
    assert page is not None
    assert page.steps[-1].options.get("contents_pass") is True
    assert contents_pass.entry_lines(page) == 3
    parsed = {}
    for ln in (ln for b in page.blocks for ln in b.lines):
        idx, label = toc.split_entry_line(ln)
        if idx:
            parsed[toc.title_text(ln, idx)] = label
    assert parsed["I"] == "3" and parsed["II"] == "6"
    assert parsed["Problems of the International Opposition"] == "1"


def test_contents_page_of_which_page_reading_read_nothing_is_read_sparse() -> None:
    """A photographed contents page (seeds 1918 and 1956, camera): grey, unevenly lit paper on a dark
    table, of which page reading (mode 3) read no word at all, title and folio included; the page
    was blank to the pipeline, the volume had no contents and the page no label. A page of which
    nothing was read is read sparse, and the reading kept when it finds a contents title and an
    entry under it; a page that shows none stays as it was read."""
    source = SourceRef("book.pdf", 2, "0" * 64)

    def read(image: np.ndarray, psm: int) -> Page:
        return ocr.recognise(image, index=2, source=source, dpi=300, psm=psm)

    def nothing(image: np.ndarray) -> Page:  # what page reading made of the photographed page
        return Page(2, source, image.shape[1], image.shape[0], 300, ())

    contents = np.asarray(Image.open(io.BytesIO(_contents(0))).convert("L"))
    page, again = contents_pass.read_contents(nothing(contents), contents, read)
    assert again
    lines = [ln for b in page.blocks for ln in b.lines]
    assert toc.is_contents_title(lines[0])
    assert contents_pass.entry_lines(page) == 2
    text = "\n".join(ln.text for ln in lines)
    assert "international factor" in text and "exiled friends" in text
    # a page of text with a leader but no contents title, and a page without a word, stay unread
    for other in (_contents(0, title="Chapter"), _contents(0, entries=())):
        image = np.asarray(Image.open(io.BytesIO(other)).convert("L"))
        empty = nothing(image)
        assert contents_pass.read_contents(empty, image, read) == (empty, False)


def test_contents_title_read_among_specks_below_its_entry_sends_the_page_to_sparse_reading() -> None:
    """A heavy contents page (seed 1969, Linux Libertine, octavo): page reading gave the entry
    first and the title after it with the page's dust round it ('_ Contents = _ |'); the underscores
    kept the title from being known, the page looked like a page of text and kept that reading, and
    the volume had no contents. The underscores are specks: the title is known, no entry stands
    under it, and the sparse reading, which gives the title and the entry in their order, is
    taken."""
    source = SourceRef("book.pdf", 2, "0" * 64)
    entries = (("Reply to an ultimatum", "1", 130),)
    image = np.asarray(Image.open(io.BytesIO(_contents(0, entries=entries))).convert("L"))

    def read(img: np.ndarray, psm: int) -> Page:
        return ocr.recognise(img, index=2, source=source, dpi=300, psm=psm)

    def line(*words: tuple[str, float, tuple[int, int, int, int]]) -> Line:
        ws = tuple(Word(t, BBox(*box), confidence=c) for t, c, box in words)
        return Line(words=ws, bbox=BBox.enclosing([w.bbox for w in ws]))

    first = Page(  # what page reading made of it: the entry, then the title among specks
        2,
        source,
        image.shape[1],
        image.shape[0],
        300,
        paragraph_blocks(
            2,
            [
                [
                    line(
                        ("Reply", 0.97, (130, 470, 230, 505)),
                        ("to", 0.94, (240, 475, 275, 505)),
                        ("an", 0.94, (285, 478, 325, 505)),
                        ("ultimatum", 0.24, (335, 470, 520, 505)),
                    )
                ],
                [
                    line(
                        ("_", 0.65, (600, 380, 640, 386)),
                        ("Contents", 0.97, (700, 340, 900, 385)),
                        ("=", 0.45, (930, 360, 950, 370)),
                        ("_", 0.0, (980, 380, 1000, 386)),
                        ("|", 0.5, (1100, 330, 1104, 390)),
                    )
                ],
            ],
        ),
    )
    assert toc.is_contents_title(first.blocks[1].lines[0])
    page, again = contents_pass.read_contents(first, image, read)
    assert again
    lines = [ln for b in page.blocks for ln in b.lines]
    assert toc.is_contents_title(lines[0])
    assert "Reply to an ultimatum" in lines[1].text


def test_contents_page_read_as_its_last_entry_alone_is_read_sparse() -> None:
    """A photographed contents page (seed 1967 heavy-letter-page-symbols-camera): page reading kept
    only the last entry, 'Pyatakov: a politically finished man 7', and the folio 'ii'; the title and
    the entries over it were lost, the page was a page of text, and the volume's contents listed
    nothing. A page read as a few lines is read sparse too, and that reading kept when it finds a
    contents title with an entry under it; a chapter's last lines, read as few, stay as read."""
    source = SourceRef("book.pdf", 2, "0" * 64)

    def read(image: np.ndarray, psm: int) -> Page:
        return ocr.recognise(image, index=2, source=source, dpi=300, psm=psm)

    def last_line_only(image: np.ndarray, entry: str) -> Page:  # what page reading made of the page
        full = read(image, 3)
        kept = [[ln] for b in full.blocks for ln in b.lines if ln.text.startswith(entry)]
        assert kept, [ln.text for b in full.blocks for ln in b.lines]
        return replace(full, blocks=paragraph_blocks(2, kept))

    contents = np.asarray(Image.open(io.BytesIO(_contents(0))).convert("L"))
    first = last_line_only(contents, "To a few")
    assert contents_pass.entry_lines(first) is None  # no title read: a page of text to page reading
    page, again = contents_pass.read_contents(first, contents, read)
    assert again
    lines = [ln for b in page.blocks for ln in b.lines]
    assert toc.is_contents_title(lines[0])
    text = "\n".join(ln.text for ln in lines)
    assert "international factor" in text and "exiled friends" in text
    # the same lines under another title (a chapter's end set like a list) stay as read
    other = np.asarray(Image.open(io.BytesIO(_contents(0, title="Chapter"))).convert("L"))
    kept = last_line_only(other, "To a few")
    assert contents_pass.read_contents(kept, other, read) == (kept, False)


def _touching_leaders(entries: tuple[tuple[str, str, int], ...]) -> np.ndarray:
    """A contents page (as `_contents`) whose leader dots touch in twos and threes, as a blurred
    photograph joins them: each group one mark of a dot's height and two or three dots' width."""
    img = Image.new("L", (1660, 2480), 255)
    d = ImageDraw.Draw(img)
    d.text((700, 340), "Contents", font=ImageFont.truetype(str(FONT), 44), fill=0)
    font = ImageFont.truetype(str(FONT), 34)
    rng = np.random.default_rng(3)
    for k, (text, page, x) in enumerate(entries):
        y = 470 + 80 * k
        d.text((x, y), text, font=font, fill=0)
        dot = int(x + d.textlength(text, font=font) + 10)
        base = y + 30  # the dots sit on the baseline
        while dot < 1400:
            n = int(rng.integers(1, 4))  # one dot, or two or three run together
            d.rectangle((dot, base - 5, dot + 5 + 11 * (n - 1), base), fill=0)
            dot += 11 * n + 6
        d.text((1440, y), page, font=font, fill=0)
    return np.asarray(img)


def test_leader_dots_run_together_are_a_leader() -> None:
    """On a photographed contents page (seed 1968 light-octavo-chapter-camera) the leader dots touch
    in twos and threes: marks a dot high and several dots wide, which were not round enough to be
    dots, so the page showed no leader rows and the bare numeral entries lost in them were not read
    again. Such marks make a leader row as separate dots do; a rule is one mark, no row."""
    entries = (("Problems of the International Opposition", "1", 130), ("I", "3", 190), ("II", "6", 190))
    image = _touching_leaders(entries)
    runs = contents_pass.leader_runs(image)
    assert len(runs) == 3
    for (_, _, x), run in zip(entries, sorted(runs, key=lambda r: r.y0), strict=True):
        assert x < run.x0 < 1000 and 1350 < run.x1 < 1440
    ruled = image.copy()
    ruled[1000:1006, 130:1420] = 0  # a rule across the page under the entries
    assert len(contents_pass.leader_runs(ruled)) == 3


def test_contents_page_turned_by_its_ink_and_read_as_nothing_keeps_its_orientation(monkeypatch) -> None:
    """The contents half of a photographed spread (a title, one entry and its leader, a roman
    folio): its dark edge and the gutter's shadow gave the ink a sharper column profile than its
    three lines, so the page was turned on its side, and page reading (mode 3) read no word of the
    turned page; the contents pass then read the sideways page sparse and found nothing, the page
    was blank, the volume had no contents and the page no label. A turn that no reading confirms is
    not kept: the page is read as given, and the contents pass finds its title and entry."""
    recognise = ocr.recognise

    def misled(binary: np.ndarray, **kw: object) -> bool:  # the ink profile of the photographed page
        return True

    def page_reading(binary: np.ndarray, **kw) -> Page:  # type: ignore[no-untyped-def]
        page = recognise(binary, **kw)
        if kw.get("psm", ocr.PSM_AUTO) == ocr.PSM_AUTO and binary.shape[1] > binary.shape[0]:
            return replace(page, blocks=())  # mode 3 read nothing of the page on its side
        return page

    monkeypatch.setattr("ingest.preprocess.detect_quarter_turn", misled)
    monkeypatch.setattr("ingest.pagework.ocr.recognise", page_reading)
    page = _read(_contents(0, entries=(("The international factor", "1", 130),)))
    assert page is not None
    assert page.steps[0].options["rotation"] == 0
    lines = [ln for b in page.blocks for ln in b.lines]
    assert lines and toc.is_contents_title(lines[0])
    assert any("factor" in ln.text for ln in lines)
