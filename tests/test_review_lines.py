"""Line-by-line proofreading without a browser: a page as lines with kinds and doubtful words,
a line edit that keeps every untouched word, and the strips cut from the page image."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from ingest import review
from ingest.errors import InputError
from ingest.model import BBox, Block, BlockKind, Line, Page, PageStatus, SourceRef, Word, WordOrigin
from ui.components import page_image


def _line(y: int, *words: tuple[str, float]) -> Line:
    ws = tuple(Word(t, BBox(120 * i + 100, y, 120 * i + 200, y + 30), c) for i, (t, c) in enumerate(words))
    return Line(ws, BBox.enclosing([w.bbox for w in ws]))


def _block(bid: str, kind: BlockKind, *lines: Line, **kw: object) -> Block:
    return Block(bid, kind, lines, BBox.enclosing([ln.bbox for ln in lines]), **kw)  # type: ignore[arg-type]


@pytest.fixture()
def page() -> Page:
    return Page(
        index=7,
        source=SourceRef("x.png", 1, "0" * 64),
        width=1200,
        height=1600,
        dpi=300,
        status=PageStatus.OCR_DONE,
        blocks=(
            _block("p0007-b01", BlockKind.RUNNING_HEAD, _line(40, ("ESSAYS", 0.95))),
            _block("p0007-b02", BlockKind.HEADING, _line(120, ("CHAPTER", 0.9), ("II", 0.4)), level=2),
            _block(
                "p0007-b03",
                BlockKind.PARAGRAPH,
                _line(200, ("Tbe", 0.31), ("quick", 0.97), ("brown", 0.93)),
                _line(240, ("fox", 0.92), ("jumps", 0.55), ("over.", 0.9)),
            ),
            _block(
                "p0007-b04",
                BlockKind.FOOTNOTE,
                _line(1400, ("1.", 0.9), ("A", 0.9), ("note.", 0.9)),
                marker="1",
            ),
        ),
    )


def test_page_lines_in_reading_order_with_kinds_and_doubts(page: Page) -> None:
    rows = review.page_lines(page)
    assert [r.id for r in rows] == ["p0007-b01:0", "p0007-b02:0", "p0007-b03:0", "p0007-b03:1", "p0007-b04:0"]
    assert [r.kind_label for r in rows] == ["Running head", "Heading 2", None, None, "Note 1"]
    assert [r.first_of_block for r in rows] == [True, True, True, False, True]
    assert rows[2].text == "Tbe quick brown"
    d = rows[2].doubts
    assert [(x.id, x.text, x.start, x.end) for x in d] == [("p0007-b03:0:0", "Tbe", 0, 3)]
    assert [(x.text, x.start, x.end) for x in rows[3].doubts] == [("jumps", 4, 9)]
    assert rows[3].text[4:9] == "jumps"
    # a corrected word is never doubtful, whatever its confidence
    fixed = review.edit_line_text(page, "p0007-b03:0", "The quick brown")
    assert review.page_lines(fixed)[2].doubts == ()


def test_strip_spans_the_block_and_pads_the_line(page: Page) -> None:
    row = review.page_lines(page)[3]
    assert row.strip.x0 < page.block("p0007-b03").bbox.x0 and row.strip.x1 > page.block("p0007-b03").bbox.x1
    assert row.strip.y0 < row.bbox.y0 and row.strip.y1 > row.bbox.y1
    assert row.strip.height < 2 * row.bbox.height  # the lines above and below stay out (mostly)
    # clipped to the page
    assert all(0 <= v <= page.height for v in (r.strip.y0 for r in review.page_lines(page)))


def test_line_edit_keeps_every_untouched_word(page: Page) -> None:
    new = review.edit_line_text(page, "p0007-b03:0", "The quick brown")
    old_b, new_b = page.block("p0007-b03"), new.block("p0007-b03")
    assert new_b.lines[1] == old_b.lines[1]  # the other line is the same object's value
    assert new_b.lines[0].words[1:] == old_b.lines[0].words[1:]
    w = new_b.lines[0].words[0]
    assert (w.text, w.bbox, w.origin, w.confidence) == (
        "The",
        old_b.lines[0].words[0].bbox,
        WordOrigin.CORRECTED,
        1.0,
    )
    # other blocks untouched
    assert [b for b in new.blocks if b.id != "p0007-b03"] == [b for b in page.blocks if b.id != "p0007-b03"]


def test_line_edit_split_join_and_insert_words(page: Page) -> None:
    split = review.edit_line_text(page, "p0007-b03:1", "fox jum ps over.")
    words = split.block("p0007-b03").lines[1].words
    old = page.block("p0007-b03").lines[1].words
    assert [w.text for w in words] == ["fox", "jum", "ps", "over."]
    assert words[0] == old[0] and words[3] == old[2]
    assert words[1].bbox.x0 == old[1].bbox.x0 and words[2].bbox.x1 == old[1].bbox.x1  # the box is cut in two
    joined = review.edit_line_text(page, "p0007-b03:0", "Thequick brown")
    assert [w.text for w in joined.block("p0007-b03").lines[0].words] == ["Thequick", "brown"]
    assert joined.block("p0007-b03").lines[0].words[1] == page.block("p0007-b03").lines[0].words[2]
    same = review.edit_line_text(page, "p0007-b03:0", "  Tbe   quick brown ")
    assert same is page  # white space alone changes nothing


def test_emptied_line_goes_and_bad_ids_are_refused(page: Page) -> None:
    new = review.edit_line_text(page, "p0007-b03:0", "   ")
    b = new.block("p0007-b03")
    assert len(b.lines) == 1 and b.lines[0] == page.block("p0007-b03").lines[1]
    assert b.bbox == b.lines[0].bbox
    for bad in ("p0007-b03:9", "p0007-b03", "nope:0", ":0", "p0007-b03:x"):
        with pytest.raises((InputError, KeyError)):
            review.edit_line_text(page, bad, "x")


def test_word_span_and_line_of_word(page: Page) -> None:
    assert review.line_of_word("p0007-b03:1:2") == "p0007-b03:1"
    assert review.line_of_word(None) is None and review.line_of_word("junk") is None
    line_id, a, b = review.word_span(page, "p0007-b03:1:1") or ("", 0, 0)
    assert line_id == "p0007-b03:1" and review.page_lines(page)[3].text[a:b] == "jumps"
    assert review.word_span(page, "p0007-b03:1:7") is None
    assert review.word_span(page, "p0007-b99:0:0") is None


def test_line_strip_draws_the_doubtful_word_red(page: Page, tmp_path: Path) -> None:
    base = Image.new("RGB", (600, 800), "white")  # the page at half size
    row = review.page_lines(page)[2]
    img = page_image.line_strip(base, page.width, row.strip, page_image.strip_words(page, row.strip))
    assert img.size == (round(row.strip.width / 2), round(row.strip.height / 2))
    # the doubtful word "Tbe" (box 100..200 at y 200..230) is shaded red, "quick" green
    tbe = img.getpixel((round((150 - row.strip.x0) / 2), round((215 - row.strip.y0) / 2)))
    quick = img.getpixel((round((270 - row.strip.x0) / 2), round((215 - row.strip.y0) / 2)))
    assert isinstance(tbe, tuple) and isinstance(quick, tuple)
    assert tbe[0] > tbe[1] + 40 and tbe[0] > tbe[2] + 40
    assert quick[1] >= quick[0] and quick[1] >= quick[2]


def test_several_lines_at_once_even_when_one_goes(page: Page) -> None:
    # the first line of a block emptied (removed) in the same batch as the line under it: the
    # lower line is edited first, so the removal does not make its id point elsewhere
    new = review.edit_line_texts(
        page, {"p0007-b03:0": "", "p0007-b03:1": "fox jumped over.", "p0007-b02:0": "CHAPTER III"}
    )
    assert [ln.text for ln in new.block("p0007-b03").lines] == ["fox jumped over."]
    assert review.page_lines(new)[1].text == "CHAPTER III"
    assert review.edit_line_texts(page, {}) is page


def test_pending_line_values_are_those_the_page_lacks(page: Page) -> None:
    from ui.components.line_editor import pending, widget_key

    def key(line_id: str, epoch: int = 3) -> str:
        return widget_key(12, epoch, line_id)

    values = {
        key("p0007-b03:0"): "The quick brown",  # an edit not in the page yet
        key("p0007-b03:1"): "fox  jumps over. ",  # white space only: nothing to do
        key("p0007-b02:0", epoch=2): "CHAPTER 2",  # a field of an older drawing: ignored
        key("p0007-b04:0"): None,  # not a text (never set): ignored
        "kb_jump": "4",
    }
    assert pending(page, 12, 3, values) == {"p0007-b03:0": "The quick brown"}
