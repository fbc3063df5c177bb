"""A figure OCR read off the ink of the word beside it (ingest/layout/misreads.py,
`drop_figures_of_neighbours_ink`), with real Tesseract on a constructed page. On a degraded scan
(seed 1968 heavy-letter-endnotes, TeX Gyre Pagella) the tail of the 'y' of 'Trotsky', curling under
the space after it, was read as a token of its own, '1' ('Trotsky 1 reviews the history'), which
the scorer counts as a page number left in the text. Tesseract reads the clean constructed page
right, so the token is put in its reading as on that page: a '1' whose box holds the end of the
'y' and nothing else. It leaves the text (kept as noise, undoable); a '1' printed on the page stays,
and every token without the page image."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from ingest.export.text import render_text
from ingest.layout import clean_volume
from ingest.layout.undo import undo
from ingest.model import BBox, BlockKind, Page, Word
from tests.drawn_pages import drawn_page, needs_dejavu, read_page

BODY = [
    "Evidently in answer to a query from the editor, Trotsky",
    "reviews the history of his relations with the publishing",
    "house, which had printed fifteen volumes of his works by",
    "then, and he says that only 1 volume more was planned for",
    "the year, though the house had promised him three of them.",
]

pytestmark = needs_dejavu


def _with_token_after(page: Page, before: str) -> Page:
    """The page with a '1' read after the word `before` (the last of its line), its box over the
    end of that word's last letter (the tail of its 'y') and the space after it."""
    blocks, done = [], False
    for b in page.blocks:
        lines = []
        for ln in b.lines:
            words = list(ln.words)
            for k, wd in enumerate(words):
                if not done and wd.text == before:
                    box = BBox(wd.bbox.x1 - 14, wd.bbox.y0, wd.bbox.x1 + 12, wd.bbox.y1)
                    words.insert(k + 1, Word("1", box, 0.73))
                    done = True
                    break
            lines.append(dataclasses.replace(ln, words=tuple(words), bbox=ln.bbox.union(words[-1].bbox)))
        blocks.append(dataclasses.replace(b, lines=tuple(lines)))
    assert done, f"no {before!r} read"
    return dataclasses.replace(page, blocks=tuple(blocks))


@pytest.fixture(scope="module")
def read() -> tuple[np.ndarray, Page]:
    image = drawn_page(BODY)
    page = read_page(image)
    return image, _with_token_after(page, "Trotsky")


def test_a_figure_read_off_the_tail_of_a_letter_leaves_the_text(read: tuple[np.ndarray, Page]) -> None:
    image, page = read
    assert "Trotsky 1 reviews" in render_text([page]).clean
    cleaned = clean_volume([page], images=lambda index: image)[0]
    clean = render_text([cleaned]).clean
    assert "Trotsky reviews the history" in clean
    assert "only 1 volume" in clean  # a figure of its own stays
    fix = next(d for d in cleaned.decisions if d.kind == "ink_speck")
    assert any(b.kind is BlockKind.OTHER and b.text == "1" for b in cleaned.blocks)
    back = undo(cleaned, fix)
    assert "Trotsky 1 reviews" in render_text([back]).clean
    assert not any(b.kind is BlockKind.OTHER for b in back.blocks)


def test_without_the_image_the_token_stays(read: tuple[np.ndarray, Page]) -> None:
    _, page = read
    assert "Trotsky 1 reviews" in render_text(clean_volume([page])).clean
