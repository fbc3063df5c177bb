"""Constructed pages: a drop capital joined to its word, a column set askew, and paragraphs set
apart by a little space (less than a clear gap) in a volume that does not indent them."""

from __future__ import annotations

from dataclasses import replace

from ingest.export.text import render_text
from ingest.layout import clean_volume
from ingest.model import BBox, Block, BlockKind, Line, Page, Word, block_id
from tests.test_layout_helpers import BODY_H, LEFT, MILL, PITCH, Row, body, page

FILL = list(MILL)


def _paragraphs(pages: list[Page]) -> list[str]:
    return [b.strip() for b in render_text(clean_volume(pages)).clean.split("\n\n") if b.strip()]


def _with_cap(p: Page, cap: str, top: int, *, beside: int) -> Page:
    """The page with a drop capital `cap` two body lines tall at the column's left edge, from the
    top of the line at `top`, read by OCR as a block of its own (the lines beside it start
    `beside` pixels in)."""
    box = BBox(LEFT, top, LEFT + beside - 25, top + PITCH + BODY_H)
    word = Word(cap, box, 0.9)
    return replace(
        p, blocks=p.blocks + (Block(block_id(p.index, 99), BlockKind.PARAGRAPH, (Line((word,), box),), box),)
    )


def _cap_page(index: int, first: str, cap: str) -> Page:
    beside = 110
    top = 245
    rows = [Row(first, top, x0=LEFT + beside), Row(FILL[1], top + PITCH, x0=LEFT + beside)]
    rows += [Row(FILL[2], top + 2 * PITCH, x0=LEFT + beside)]
    rows += body([FILL[3], FILL[4] + "."], top=top + 3 * PITCH, indent_first=False)
    rows += body(["¶" + FILL[5], FILL[0] + "."], top=top + 5 * PITCH)
    return _with_cap(page(index, rows), cap, top, beside=beside)


def test_a_drop_capital_is_joined_to_its_word_and_starts_no_paragraph() -> None:
    # opening=dropcap: the capital, two lines tall, was read into the second line beside it, and
    # the lines beside it looked indented by its width: "he river ran…" / "T morning…" split
    paras = _paragraphs([_cap_page(1, "he " + FILL[0][4:], "T")])
    assert len(paras) == 2, paras
    assert paras[0].startswith("The river ran past the old mill")
    assert paras[0].endswith(FILL[4] + ".")


def test_a_drop_capital_that_is_a_word_keeps_its_space() -> None:
    paras = _paragraphs([_cap_page(1, "river ran past the old mill where the workers met", "A")])
    assert len(paras) == 2, paras
    assert paras[0].startswith("A river ran past the old mill")


def test_a_drop_capital_read_as_a_figure_is_its_letter_when_the_two_make_a_word() -> None:
    # seed 1919 light-a5-volume-camera: the drop capital "I" of "It took a full month" read "1"
    # (one stroke), left in the second line ("1 Trotsky from the country"): a page number left in
    # the text, and "t took" opened the paragraph
    paras = _paragraphs([_cap_page(1, "t " + FILL[0][4:], "1")])
    assert len(paras) == 2, paras
    assert paras[0].startswith("It river ran past the old mill")
    assert " 1 " not in paras[0]
    # a figure that makes no word with the line's first word is left as OCR read it
    kept = _paragraphs([_cap_page(1, "river ran past the old mill where the workers met", "5")])
    assert "5" in " ".join(kept) and "Sriver" not in " ".join(kept)


def test_paragraph_indents_are_measured_from_a_column_set_askew() -> None:
    # camera pages: the column's left edge moves right down the page (a page photographed at a
    # slant); lines near the foot started further in than the indent threshold and each began
    # a paragraph
    texts = ["¶" + FILL[0], FILL[1], FILL[2], FILL[3] + "."] * 2 + ["¶" + FILL[4], FILL[5], FILL[0] + "."]
    texts[4] = "¶" + texts[4]
    rows = body(texts, top=245)
    rows = [replace(r, x0=r.x0 + 6 * k) for k, r in enumerate(rows)]  # 66 px over the column
    paras = _paragraphs([page(1, rows)])
    assert len(paras) == 3, paras


def test_spaced_paragraphs_are_cut_at_the_volume_s_own_space() -> None:
    # spaced paragraphs (no indent) whose last lines run to the edge: the space between them,
    # 1.3 pitches here, is less than a clear gap (1.4), but it is the volume's own paragraph space
    def spaced(index: int) -> Page:
        rows, top = [], 245
        for k in range(4):
            rows += body([FILL[k], FILL[k + 1] + "."], top=top, indent_first=False, last_short=False)
            top += PITCH + int(1.3 * PITCH)
        return page(index, rows)

    paras = _paragraphs([spaced(i) for i in (1, 2, 3)])
    # four a page; a page's last paragraph, ending on a full line, runs on over the page break
    assert len(paras) == 10, paras
    assert paras[1] == f"{FILL[1]} {FILL[2]}."


QUOTE = [
    "He wrote that the mill would stand and that the wheel would turn",
    "for as long as the water ran under it, and nobody believed him",
    "then, and nobody believed him later, when the town had grown and",
    "the river had not changed its course.",
]


def test_a_block_quote_justified_at_the_indent_runs_on_over_a_page_break() -> None:
    # light-octavo-endnotes: a quote set in by the paragraph indent on both sides, justified to
    # its measure, looks centred; over the page break it was taken for centred lines (a title)
    # and cut in two; a quote with one line at the foot shows its run on the next page
    from tests.test_layout_helpers import RIGHT, line

    inset = 60

    def quote(rows: list[Row]) -> list[Line]:
        # the quote's lines justified to its measure, its last line short
        return [line(r) if r.text == QUOTE[-1] else _narrow(line(r), RIGHT - inset) for r in rows]

    for at_foot in (2, 1):
        p1_rows = body(["¶" + FILL[0], FILL[1], FILL[2], FILL[3], FILL[4] + "."], top=245)
        top = 245 + 5 * PITCH + 20
        lines1 = [Row(t, top + k * PITCH, x0=LEFT + inset, full=False) for k, t in enumerate(QUOTE[:at_foot])]
        lines2 = [Row(t, 245 + k * PITCH, x0=LEFT + inset, full=False) for k, t in enumerate(QUOTE[at_foot:])]
        p2_rows = body(
            ["¶" + FILL[3], FILL[4], FILL[5], FILL[0], FILL[1] + "."], top=245 + len(lines2) * PITCH + 20
        )
        p1, p2 = page(1, p1_rows), page(2, p2_rows)
        extra1 = tuple(
            Block(block_id(1, 50 + k), BlockKind.PARAGRAPH, (ln,), ln.bbox)
            for k, ln in enumerate(quote(lines1))
        )
        extra2 = tuple(
            Block(block_id(2, 50 + k), BlockKind.PARAGRAPH, (ln,), ln.bbox)
            for k, ln in enumerate(quote(lines2))
        )
        paras = _paragraphs([replace(p1, blocks=p1.blocks + extra1), replace(p2, blocks=extra2 + p2.blocks)])
        assert len(paras) == 3, (at_foot, paras)
        assert paras[1] == " ".join(QUOTE)


def _narrow(ln: Line, right: int) -> Line:
    """The line justified to end at `right` (a measure narrower than the column's)."""
    x0, x1 = ln.bbox.x0, ln.bbox.x1
    scale = (right - x0) / max(1, x1 - x0)
    words = tuple(
        replace(
            w,
            bbox=BBox(
                x0 + int((w.bbox.x0 - x0) * scale), w.bbox.y0, x0 + int((w.bbox.x1 - x0) * scale), w.bbox.y1
            ),
        )
        for w in ln.words
    )
    return Line(words, BBox.enclosing([w.bbox for w in words]))


def test_a_paragraph_s_first_line_inked_heavily_is_no_heading() -> None:
    # heavy scans, ragged right: a paragraph's first line, set in by the indent and stopping about
    # as far short of the right edge, in a box swollen by the ink, was taken for a large centred
    # heading and cut from the rest of its paragraph
    from tests.test_layout_helpers import RIGHT, line

    text = ["¶" + FILL[0], FILL[1] + ".", "¶" + FILL[2], FILL[3] + ".", "¶" + FILL[4], FILL[5] + "."]
    pages = [page(i, body(text)) for i in (1, 2, 3)]
    first = _narrow(
        line(Row("In the spring the mill was sold and the new owner", 245, x0=LEFT + 57, height=50)),
        RIGHT - 57,
    )
    p = page(4, body([FILL[0] + ".", "¶" + FILL[1], FILL[2] + "."], top=245 + PITCH + 4))
    pages.append(
        replace(p, blocks=(Block(block_id(4, 90), BlockKind.PARAGRAPH, (first,), first.bbox), *p.blocks))
    )
    out = clean_volume(pages)
    assert not any(b.kind is BlockKind.HEADING for b in out[3].blocks)
    paras = [b.strip() for b in render_text(out).clean.split("\n\n") if b.strip()]
    assert f"In the spring the mill was sold and the new owner {FILL[0]}." in paras


def test_undoing_a_drop_capital_gives_back_the_letter_as_read() -> None:
    from ingest.layout.undo import undo

    out = clean_volume([_cap_page(1, "he " + FILL[0][4:], "T")])
    decision = next(d for d in out[0].decisions if d.kind == "drop_cap")
    assert decision.data["cap"] == "T" and decision.data["text_before"] == "he"
    undone = undo(out[0], decision)
    text = " ".join(render_text([undone]).clean.split())
    assert text.startswith("T he river ran past")
    assert not any(d.kind == "drop_cap" for d in undone.decisions)


def _cap_in_second_line(first: str, cap: str) -> Page:
    """The page of `_cap_page` with the capital read by OCR as the first word of the second line
    beside it (the row it overlaps most), and that line ending on a word broken over the next."""
    beside, top = 110, 245
    second = FILL[1].replace("town", "vil-")
    third = "lage " + FILL[2]
    rows = [Row(first, top, x0=LEFT + beside)]
    rows += [Row(second, top + PITCH, x0=LEFT + beside), Row(third, top + 2 * PITCH, x0=LEFT + beside)]
    rows += body([FILL[3], FILL[4] + "."], top=top + 3 * PITCH, indent_first=False)
    rows += body(["¶" + FILL[5], FILL[0] + "."], top=top + 5 * PITCH)
    p = page(1, rows)
    box = BBox(LEFT, top, LEFT + beside - 25, top + PITCH + BODY_H)
    blocks = list(p.blocks)
    ln = blocks[1].lines[0]
    with_cap = Line((Word(cap, box, 0.9), *ln.words), ln.bbox.union(box))
    blocks[1] = replace(blocks[1], lines=(with_cap,), bbox=with_cap.bbox)
    return replace(p, blocks=tuple(blocks))


def _word_at(p: Page, ref: str) -> Word:
    bid, li, wi = ref.rsplit(":", 2)
    return p.block(bid).lines[int(li)].words[int(wi)]


def _resolved(p: Page) -> dict[str, str]:
    """Every word ref of the page's decisions (targets and data), with the text it names."""
    refs = {r for d in p.decisions for r in d.targets if r.count(":") == 2}
    refs |= {v for d in p.decisions for v in d.data.values() if isinstance(v, str) and v.count(":") == 2}
    return {r: _word_at(p, r).text for r in refs if r.split(":")[0] in {b.id for b in p.blocks}}


def test_undoing_a_join_puts_the_capital_back_in_the_line_ocr_read_it_in() -> None:
    from ingest.layout.undo import undo

    raw = _cap_in_second_line("he " + FILL[0][4:], "T")
    out = clean_volume([raw])
    text = " ".join(render_text(out).clean.split())
    assert text.startswith("The river ran past") and "T morning" not in text
    decision = next(d for d in out[0].decisions if d.kind == "drop_cap")
    hyphen = next(d for d in out[0].decisions if d.kind == "hyphen_join")
    assert _word_at(out[0], hyphen.data["start"]).text == "vil-"
    undone = undo(out[0], decision)
    text = " ".join(render_text([undone]).clean.split())
    # as OCR read it: the capital a word of its own, first in the second line
    assert text.startswith("he river ran past"), text
    assert f"{FILL[0].split()[-1]} T morning before" in text, text
    # the other decisions' refs still name their words: the hyphen join undoes on its own word
    hyphen = next(d for d in undone.decisions if d.kind == "hyphen_join")
    assert _word_at(undone, hyphen.data["start"]).text == "vil-"
    again = " ".join(render_text([undo(undone, hyphen)]).clean.split())
    assert "T morning before the long shift began and nobody in the vil- lage could" in again


def test_a_capital_kept_apart_is_moved_as_an_undoable_decision() -> None:
    from ingest.layout.undo import undo

    raw = _cap_in_second_line("river ran past the old mill where the workers met", "A")
    out = clean_volume([raw])
    assert " ".join(render_text(out).clean.split()).startswith("A river ran past the old mill")
    decision = next(d for d in out[0].decisions if d.kind == "drop_cap")
    assert "text_before" not in decision.data and decision.data["cap"] == "A"
    before = _resolved(out[0])
    undone = undo(out[0], decision)
    text = " ".join(render_text([undone]).clean.split())
    assert text.startswith("river ran past the old mill where the workers met A morning before"), text
    after = _resolved(undone)
    # every other decision's word refs name the same words as before the undo
    kept = {d.id for d in undone.decisions}
    for d in out[0].decisions:
        if d.id in kept and d.kind == "hyphen_join":
            new = next(x for x in undone.decisions if x.id == d.id)
            assert before[d.data["start"]] == after[new.data["start"]] == "vil-"
