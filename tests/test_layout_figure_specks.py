"""Specks read as figures on constructed pages: a mark far smaller than any type the book sets,
read as a figure, and a mark cut by the image's side where a spread was cut, are specks, not a
number in the text (which the score counts as a page number left in it); figures at the size of
print stay."""

from __future__ import annotations

from dataclasses import replace

from ingest.export.text import render_text
from ingest.layout import clean_volume
from ingest.model import BBox, Line, Page, Word
from tests.test_layout_folios import BOOK_TEXT, FOOT
from tests.test_layout_order import BODY, W, page, row

PITCH = 58


def _pages(n: int = 4) -> list[list[Line]]:
    """Each page's body rows (from y 500, the body's pitch) and its foot folio."""
    out = []
    for i in range(1, n + 1):
        rows = [row(t, 500 + k * PITCH, 300, 2260) for k, t in enumerate(BOOK_TEXT * 2)]
        rows[-1] = row(BOOK_TEXT[-1] + ".", rows[-1].bbox.y0, 300)
        out.append(rows + [row(str(i), FOOT, 1260)])
    return out


def _volume(pages: list[list[Line]]) -> list[Page]:
    return [page(i, [ls[:-1], [ls[-1]]]) for i, ls in enumerate(pages, start=1)]


def _mark(text: str, x: int, y: int, w: int, h: int, conf: float) -> Line:
    word = Word(text, BBox(x, y, x + w, y + h), conf)
    return Line((word,), word.bbox)


def test_a_mark_read_as_a_figure_between_two_lines_is_a_speck() -> None:
    # seed 1961 clean-octavo-page-symbols: a mark 11 px tall (a quarter of a 45 px body line) read
    # as "7" (0.22) between two lines of a paragraph was a line of its own; it ran into the text
    # ('The present "new course," 7 which we must follow')
    pages = _pages()
    body = pages[2]
    y = body[4].bbox.y1 + 4
    body.insert(5, _mark("7", 1100, y, 7, 11, 0.22))
    out = clean_volume(_volume(pages))
    clean = render_text(out).clean
    assert " 7 " not in clean and "\n7" not in clean
    assert f"{BOOK_TEXT[4]} {BOOK_TEXT[5]}" in clean  # the paragraph runs on as printed
    assert any(d.kind == "noise" and "'7'" in d.detail for d in out[2].decisions)
    assert [p.label for p in out] == ["1", "2", "3", "4"]


def test_a_mark_read_as_a_figure_among_a_lines_words_is_a_speck() -> None:
    # a render of seed 1993 (camera, two columns, octavo): a mark 7 px tall among a line's words
    # 30 px tall was read as "2" (0.52): "and w 2 the Comintern became"
    pages = _pages()
    body = pages[1]
    ln = body[3]
    words = list(ln.words)
    a, b = words[2].bbox, words[3].bbox
    mark = Word("2", BBox(a.x1 + 10, a.y0 + 16, a.x1 + 15, a.y0 + 23), 0.52)
    body[3] = Line((*words[:3], mark, *words[3:]), BBox.enclosing([ln.bbox, mark.bbox]))
    assert mark.bbox.x1 < b.x0
    clean = render_text(clean_volume(_volume(pages))).clean
    assert BOOK_TEXT[3] in clean and " 2 " not in clean


def test_figures_at_the_size_of_print_stay_in_the_text() -> None:
    # a number on a line of its own at the body's size, and a call set apart from its word in
    # type 60% of the body's (16 px of a 40 px line: figures of the smallest type a book sets),
    # are print: they stay, read as they were
    pages = _pages()
    body = pages[2]
    y = body[4].bbox.y1 + 4
    body.insert(5, _mark("7", 1100, y, 20, BODY - 10, 0.22))
    ln = body[2]
    words = list(ln.words)
    a = words[1].bbox
    call = Word("2", BBox(a.x1 + 12, a.y0 - 4, a.x1 + 22, a.y0 + 12), 0.6)
    body[2] = Line((*words[:2], call, *words[2:]), BBox.enclosing([ln.bbox, call.bbox]))
    clean = render_text(clean_volume(_volume(pages))).clean
    assert f"{BOOK_TEXT[4]} 7 " in clean
    assert " ".join([*BOOK_TEXT[2].split()[:2], "2"]) in clean


def test_a_mark_cut_by_the_images_side_beside_a_line_is_a_speck() -> None:
    # seed 1963 heavy-a5-2col-volume-spreads: where the spread was cut, a mark at the image's left
    # side (x 0..7, half a body line tall) was read, fairly sure (0.65), as "3" and glued to the
    # start of a line of the left column: "to include 3 in the ranks of its organization"
    pages = _pages()
    body = pages[2]
    ln = body[3]
    y = ln.bbox.y0
    mark = Word("3", BBox(0, y + 2, 7, y + 2 + BODY // 2 + 3), 0.65)
    body[3] = Line((mark, *ln.words), BBox.enclosing([mark.bbox, ln.bbox]))
    out = clean_volume(_volume(pages))
    clean = render_text(out).clean
    assert f"{BOOK_TEXT[2]} {BOOK_TEXT[3]}" in clean and " 3 " not in clean
    # seed 1964 light-a5-2col-page-symbols-camera: a mark 6 px from a photograph's right side, read
    # "2" (0.55), ended a line: "90% of the party was pro- 2 claimed"
    ln2 = body[5]
    edge = Word("2", BBox(W - 19, ln2.bbox.y0, W - 6, ln2.bbox.y0 + 25), 0.55)
    body[5] = Line((*ln2.words, edge), BBox.enclosing([ln2.bbox, edge.bbox]))
    clean = render_text(clean_volume(_volume(pages))).clean
    assert f"{BOOK_TEXT[5]} {BOOK_TEXT[6]}" in clean and " 2 " not in clean
    # the same mark inside the margin, clear of the image's side, is not known to be a speck:
    # it keeps its place as read
    moved = Word("3", BBox(120, mark.bbox.y0, 127, mark.bbox.y1), 0.65)
    body[3] = Line((moved, *ln.words), BBox.enclosing([moved.bbox, ln.bbox]))
    assert f"3 {BOOK_TEXT[3]}" in render_text(clean_volume(_volume(pages))).clean


def test_a_figure_read_unsure_far_past_a_lines_end_or_lines_tall_is_a_speck() -> None:
    # seed 1999 twocol-chapter-a5-heavy: show-through of the facing page read "7" (0.48), body
    # size, 450 px right of a paragraph's last word: "idiotic. 7"; seed 1990 cam-spreads-a5: the
    # curl of a photographed spread read as a "2" (0.10) two lines tall among a line's words:
    # "of the party, ite 2 member". Both ran into the text as numbers (counted as page numbers)
    pages = _pages()
    body = pages[2]
    end = len(BOOK_TEXT) - 1  # the first paragraph's last row, at its natural width
    body[end] = row(BOOK_TEXT[-1] + ".", body[end].bbox.y0, 300)
    last = body[end]
    seven = Word("7", BBox(last.bbox.x1 + 450, last.bbox.y0 + 8, last.bbox.x1 + 469, last.bbox.y1), 0.48)
    body[end] = Line((*last.words, seven), BBox.enclosing([last.bbox, seven.bbox]))
    ln = body[3]
    words = list(ln.words)
    a = words[2].bbox
    gap = words[3].bbox.x0 - a.x1
    assert gap >= 16
    two = Word("2", BBox(a.x1 + 4, a.y0 - 30, a.x1 + gap - 4, a.y1 + 6), 0.1)
    body[3] = Line((*words[:3], two, *words[3:]), BBox.enclosing([ln.bbox, two.bbox]))
    out = clean_volume(_volume(pages))
    clean = render_text(out).clean
    assert " 7" not in clean and " 2 " not in clean
    assert BOOK_TEXT[-1] + "." in clean and BOOK_TEXT[3].split()[2] + " " + BOOK_TEXT[3].split()[3] in clean
    assert [p.label for p in out] == ["1", "2", "3", "4"]
    # the same figures read sure are print: they stay
    sure = [replace(w, confidence=0.9) if w in (seven, two) else w for w in body[end].words]
    body[end] = Line(tuple(sure), body[end].bbox)
    assert BOOK_TEXT[-1] + ". 7" in render_text(clean_volume(_volume(pages))).clean
