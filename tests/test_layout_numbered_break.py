"""Constructed pages: a numbered point opening the first line of a page or column, after a sentence's
end at the foot of the one before, starts a paragraph though no space or indent shows it."""

from __future__ import annotations

from ingest.export.text import render_text
from ingest.layout import clean_volume
from ingest.model import Page
from tests.test_layout_helpers import MILL, PITCH, body, page

FILL = list(MILL)


def _paragraphs(pages: list[Page]) -> list[str]:
    return [b.strip() for b in render_text(clean_volume(pages)).clean.split("\n\n") if b.strip()]


def _page(index: int, first: str, last: str) -> Page:
    """Four spaced paragraphs of three justified lines, the last line of each short but the page's
    last, `last`, justified; the page's first line `first`."""
    top, rows = 245, []
    for k in range(4):
        texts = [first if k == 0 else FILL[k], FILL[k + 1], (last if k == 3 else FILL[k + 2] + ".")]
        rows += body(texts, top=top, indent_first=False, last_short=k < 3)
        top += 2 * PITCH + int(1.3 * PITCH)
    return page(index, rows)


def test_a_numbered_point_after_a_sentence_s_end_at_the_foot_starts_a_paragraph() -> None:
    # two columns, spaced paragraphs: the column's last line, full, ended a sentence, and the next
    # column opened on the next numbered point ('5. The statement…'); the point ran into the
    # paragraph before
    last = "in all the years of its history and the miller kept his books."
    pages = [_page(1, FILL[0], last), _page(2, "5. The mill ran on through the summer and the wheel", last)]
    pages.append(_page(3, "and then the mill ran on through the summer and the wheel", last))
    paras = _paragraphs(pages)
    assert any(p.startswith("5. The mill ran on") for p in paras), paras
    # a line going on after the break, not a numbered point, goes on the paragraph
    assert not any(p.startswith("and then the mill") for p in paras), paras
