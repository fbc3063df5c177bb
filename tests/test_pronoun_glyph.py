"""The pronoun "I" read as the figure "1" in the middle of a sentence, told from a printed "1" by its
glyph (ingest/layout/misreads.py, `GlyphClasses`), with real Tesseract on a constructed page. On
photographed and degraded pages Tesseract reads "These I read" as "These 1 read" and
'a Communist,” I answered' as '... 1 answered'; nothing in the words about it says which it is, and
the scorer counts the "1" as a page number left in the text. Tesseract reads the clean constructed
page right, so its reading of one "I" is set to "1" before cleanup, as on those pages: its ink is
the page's own "I" (the pronoun, "It", "In"), not its "1" (the first figure of "1820", "1848"...),
and is read back. A "1" printed as a figure before a lower-case word stays, and every "1" without
the page image."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from ingest.layout import clean_volume, misreads
from ingest.model import Page
from tests.drawn_pages import drawn_page, needs_dejavu, read_page

BODY = [
    "In the spring of 1820 I went down to the market with my",
    "father, and It was there that I first saw the old mill. It",
    "stood by the ford, built in 1816 and rebuilt in 1848 after",
    "the flood. These I read about later in the parish books,",
    "which begin in 1812 and end in 1871, when the mill closed.",
    "In those years the miller kept only 1 cart for the whole",
    "valley, and I remember how long the queue was in 1822.",
    "In the autumn I went back, and I found the wheel broken.",
]

pytestmark = needs_dejavu


def _with_one_for_i(page: Page, before: str) -> Page:
    """The page with the "I" read after the word `before` read as "1"."""
    blocks, done = [], False
    for b in page.blocks:
        lines = []
        for ln in b.lines:
            words = list(ln.words)
            for k in range(1, len(words)):
                if not done and words[k - 1].text == before and words[k].text == "I":
                    words[k] = dataclasses.replace(words[k], text="1")
                    done = True
            lines.append(dataclasses.replace(ln, words=tuple(words)))
        blocks.append(dataclasses.replace(b, lines=tuple(lines)))
    assert done, f"no 'I' read after {before!r}"
    return dataclasses.replace(page, blocks=tuple(blocks))


def _words(page: Page) -> list[str]:
    return [w.text for b in page.blocks for ln in b.lines for w in ln.words]


def _after(words: list[str], before: str) -> str:
    return words[words.index(before) + 1]


@pytest.fixture(scope="module")
def read() -> tuple[np.ndarray, Page]:
    image = drawn_page(BODY)
    page = read_page(image)
    return image, _with_one_for_i(page, "These")


def test_the_pronoun_read_as_one_mid_sentence_is_read_back(read: tuple[np.ndarray, Page]) -> None:
    image, page = read
    assert _after(_words(page), "These") == "1"
    cleaned = clean_volume([page], images=lambda index: image)[0]
    words = _words(cleaned)
    assert _after(words, "These") == "I"
    assert _after(words, "only") == "1"  # printed as a figure: its glyph is the page's "1"
    fixes = [x for x in cleaned.decisions if x.kind == "ocr_misread"]
    assert [(x.data["text_before"], x.data["text"]) for x in fixes] == [("1", "I")]


def test_the_pronoun_whose_box_ocr_drew_round_its_stem_alone_is_read_back(
    read: tuple[np.ndarray, Page],
) -> None:
    # seed 1585 clean a5 camera book: 'If I were in your place, 1 would demand' kept its "1": OCR
    # boxed the pronoun's stem alone (2 pixels wide), the box cut its serifs off, and the ink in
    # it was no glyph of the volume's "I" or "1"; the glyph is now its whole ink about the box
    image, page = read
    blocks = []
    for b in page.blocks:
        lines = []
        for ln in b.lines:
            words = list(ln.words)
            for k in range(1, len(words)):
                if words[k - 1].text == "These" and words[k].text == "1":
                    box = words[k].bbox
                    mid = (box.x0 + box.x1) // 2
                    words[k] = dataclasses.replace(
                        words[k], bbox=dataclasses.replace(box, x0=mid - 1, x1=mid + 1)
                    )
            lines.append(dataclasses.replace(ln, words=tuple(words)))
        blocks.append(dataclasses.replace(b, lines=tuple(lines)))
    page = dataclasses.replace(page, blocks=tuple(blocks))
    cleaned = clean_volume([page], images=lambda index: image)[0]
    words = _words(cleaned)
    assert _after(words, "These") == "I"
    assert _after(words, "only") == "1"


def test_without_the_image_the_one_stays(read: tuple[np.ndarray, Page]) -> None:
    _, page = read
    words = _words(clean_volume([page])[0])
    assert _after(words, "These") == "1" and _after(words, "only") == "1"


def test_the_glyphs_of_the_page_tell_its_i_from_its_one(read: tuple[np.ndarray, Page]) -> None:
    image, page = read
    ink = np.where(image < 128, 0, 255).astype(np.uint8)
    words = [w for b in page.blocks for ln in b.lines for w in ln.words]
    glyph = {
        name: misreads.glyph_vector(ink, words[_index(words, before) + 1].bbox, "1")
        for name, before in [("misread", "These"), ("printed", "only")]
    }
    vectors = {
        cls: [
            v
            for w in words
            if misreads._glyph_class(w.text)[0] == cls
            and (v := misreads.glyph_vector(ink, w.bbox, w.text, first=misreads._glyph_class(w.text)[1]))
            is not None
        ]
        for cls in ("I", "1")
    }
    classes = misreads.GlyphClasses(np.array(vectors["I"]), np.array(vectors["1"]))
    assert glyph["misread"] is not None and glyph["printed"] is not None
    assert classes.is_letter_i(glyph["misread"])
    assert not classes.is_letter_i(glyph["printed"])
    # two glyphs alike in both classes tell nothing apart: no glyph is an "I"
    alike = misreads.GlyphClasses(np.array(vectors["I"]), np.array(vectors["I"]))
    assert alike.bar is None and not alike.is_letter_i(glyph["misread"])


def _index(words: list, text: str) -> int:
    return next(k for k, w in enumerate(words) if w.text == text)


def test_a_bracketed_one_and_a_word_after_numbers_are_no_pronoun() -> None:
    usage = misreads.Usage.of([["in", "1820", "I", "went", "and", "2", "carts", "came"]])
    assert misreads._may_be_pronoun("These", "1", "read", usage, lang="eng")
    assert misreads._may_be_pronoun("Communist,”", "1", "answered,", usage, lang="eng")
    assert misreads._may_be_pronoun("Democracy.", "(1", "lived", usage, lang="eng")
    assert not misreads._may_be_pronoun("sides:", "(1)", "the", usage, lang="eng")
    assert not misreads._may_be_pronoun("only", "1", "carts", usage, lang="eng")  # '2 carts'
    assert not misreads._may_be_pronoun("These", "1", "Read", usage, lang="eng")
    assert not misreads._may_be_pronoun("These", "1", "read", usage, lang="deu")
