"""Weak candidate calls of an endnotes section's text told by the page image (ingest/layout/endnotes.py,
by `lostcalls.seen_on_image`): a raised 1 read as an exclamation mark where a sentence may end is a
call; a speck of dust read as a quote after a word ('lowering’') is none; a word read very unsure
whose stop stands on the line ('result.') stays a candidate, as a lost call's figure may stand there
unseen. Constructed pages, the text page drawn (DejaVu Serif)
where the words' boxes stand, each word's letters on its box's foot."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ingest.layout import calls, clean_volume, lemmas, lostcalls
from ingest.model import BBox, BlockKind, Line, Page, Word
from tests.drawn_pages import DEJAVU_SERIF, needs_dejavu
from tests.test_layout_helpers import BODY_H, HEIGHT, WIDTH, Row, body, line, note_calls, page

pytestmark = needs_dejavu

TEXT = [
    "¶To the members of the committee of the mill!",
    "¶One of the proposals of comrade Bukharin® states that the",
    "result. of the vote was known to all of the members of the",
    "party, and the costs of lowering’ the prices were high, and",
    "the illegal groupings® had met in the town by the river and",
    "for more than a day or two during the coldest of the winters.",
]
NOTES = [
    "¶1. The letter was written in the crisis of the year, in the autumn.",
    "¶2. This refers to the proposals of the commission on the crisis.",
    "¶3. This refers to the groups of the workers in the town.",
]


def _draw(d: ImageDraw.ImageDraw, w: Word) -> None:
    """A word's letters on its box's foot in 36 px type; a closing '!' drawn as a small '1' raised
    half a letter over the line, as a call is; a closing '’' drawn as a dot of dust over the line."""
    font, small = ImageFont.truetype(str(DEJAVU_SERIF), 36), ImageFont.truetype(str(DEJAVU_SERIF), 22)
    if w.text.endswith(("!", "’")) and len(w.text) > 2:
        d.text((w.bbox.x0, w.bbox.y1), w.text[:-1], font=font, fill=0, anchor="ls")
        x = int(w.bbox.x0 + d.textlength(w.text[:-1], font=font) + 6)
        if w.text.endswith("!"):
            d.text((x, w.bbox.y1 - BODY_H // 2), "1", font=small, fill=0, anchor="ls")
        else:
            d.rectangle((x, w.bbox.y1 - 26, x + 2, w.bbox.y1 - 24), fill=0)
    else:
        d.text((w.bbox.x0, w.bbox.y1), w.text, font=font, fill=0, anchor="ls")


def _drawn(p: Page) -> np.ndarray:
    img = Image.new("L", (WIDTH, HEIGHT), 255)
    d = ImageDraw.Draw(img)
    for w in p.words:
        _draw(d, w)
    return np.array(img)


def _unsure(p: Page, text: str, confidence: float = 0.1) -> Page:
    """The page with the word read `text` read at `confidence`."""

    def read(w: Word) -> Word:
        return replace(w, confidence=confidence) if w.text == text else w

    blocks = [
        replace(b, lines=tuple(replace(ln, words=tuple(map(read, ln.words))) for ln in b.lines))
        for b in p.blocks
    ]
    return replace(p, blocks=tuple(blocks))


def _volume() -> list[Page]:
    text = page(1, [Row("Chapter One", 300, height=60, centred=True)] + body(TEXT, top=480))
    notes = page(2, [Row("Notes", 300, centred=True)] + body(NOTES, top=420))
    return [_unsure(text, "result."), notes]


def _links(out: list[Page]) -> list[str | None]:
    notes = [b for p in out for b in p.blocks if b.kind is BlockKind.FOOTNOTE]
    called = note_calls(out)
    return [called.get(b.id) for b in notes]


def test_endnote_calls_are_told_from_sentence_marks_stops_and_specks_on_the_page_image() -> None:
    pages = _volume()
    image = _drawn(pages[0])
    # without the image the exclamation is a sentence's end, and the unsure stop and the speck read
    # as a quote outrank it: note 1 takes Bukharin's call, note 2 a speck
    assert _links(clean_volume(pages)) != ["mill", "Bukharin", "groupings"]
    out = clean_volume(pages, images=lambda index: image if index == 1 else None)
    assert _links(out) == ["mill", "Bukharin", "groupings"]
    words = [w.text for w in out[0].words]
    assert "result." in words and "lowering’" in words  # no call taken off them: read as they were


def test_a_speck_read_as_a_quote_is_no_candidate_and_an_unsure_stop_stays_one() -> None:
    # a light two-column book lost six of its links when unsure stops standing on the line were
    # dropped: a call's figure touching the stop, or outside the word's box, is not told apart
    text = _volume()[0]
    lines = [ln for b in text.blocks for ln in b.lines][1:]  # the body, under the chapter's title
    found = calls.call_candidates(lines, starts=[0, 1])
    seen = lostcalls.seen_on_image(_drawn(text), lines, found, float(BODY_H))

    def words(cs: list[calls.Call]) -> list[str]:
        return [lines[c.line].words[c.word].text for c in cs]

    assert words(found) == ["mill!", "Bukharin®", "result.", "lowering’", "groupings®"]
    assert words(seen) == ["mill!", "Bukharin®", "result.", "groupings®"]
    assert seen[0].strength > 1.9 and seen[0].text == "mill"  # the raised 1: a call read as '!'


def _line_of(text: str, *, raised: str = "") -> tuple[np.ndarray, Line]:
    """One drawn line; its word `raised` ends in a small raised '1' drawn after its letters (and
    its stop), which OCR took into the word's box."""
    ln = line(Row(text, 480, full=False))
    img = Image.new("L", (WIDTH, 700), 255)
    d = ImageDraw.Draw(img)
    font, small = ImageFont.truetype(str(DEJAVU_SERIF), 36), ImageFont.truetype(str(DEJAVU_SERIF), 22)
    for w in ln.words:
        d.text((w.bbox.x0, w.bbox.y1), w.text, font=font, fill=0, anchor="ls")
        if w.text == raised:
            x = int(w.bbox.x0 + d.textlength(w.text, font=font) + 4)
            d.text((x, w.bbox.y1 - BODY_H // 2), "1", font=small, fill=0, anchor="ls")
    return np.array(img), ln


def test_an_unsure_word_holding_a_raised_figure_and_a_real_quote_stay_candidates() -> None:
    binary, ln = _line_of("the costs of rights. and the word’ then", raised="rights.")
    ln = Line(tuple(replace(w, confidence=0.1) if w.text == "rights." else w for w in ln.words), ln.bbox)
    found = calls.call_candidates([ln])
    assert {c.marker for c in found} == {"", "’"}  # the unsure stop, the quote
    seen = lostcalls.seen_on_image(binary, [ln], found, float(BODY_H))
    assert seen == found  # the raised figure in the unsure word's box; a quote the size of one


def test_an_unsure_word_whose_box_ends_at_its_stop_before_a_raised_figure_stays_a_candidate() -> None:
    # a light two-column book: the call's figure stood outside the box of the word read unsure,
    # the box ending at the word's stop; the candidate was dropped and the notes after it shifted
    binary, ln = _line_of("the costs of rights. and the word then", raised="rights.")
    words = [
        replace(w, confidence=0.1, bbox=replace(w.bbox, x1=w.bbox.x0 + 121)) if w.text == "rights." else w
        for w in ln.words
    ]
    ln = Line(tuple(words), ln.bbox)
    found = calls.call_candidates([ln])
    assert [c.marker for c in found] == [""]
    assert lostcalls.seen_on_image(binary, [ln], found, float(BODY_H)) == found


def test_an_unsure_word_holding_a_raised_figure_before_its_comma_stays_a_candidate() -> None:
    # 'industry⁵,' read 'industry,' very unsure: the call set before the comma, inside the box;
    # the comma is the word's last glyph, on the line
    ln = line(Row("the theses on industry, I pointed out", 480, full=False))
    ln = Line(tuple(replace(w, confidence=0.1) if w.text == "industry," else w for w in ln.words), ln.bbox)
    img = Image.new("L", (WIDTH, 700), 255)
    d = ImageDraw.Draw(img)
    font, small = ImageFont.truetype(str(DEJAVU_SERIF), 36), ImageFont.truetype(str(DEJAVU_SERIF), 22)
    for w in ln.words:
        text = w.text.rstrip(",") if w.text == "industry," else w.text
        d.text((w.bbox.x0, w.bbox.y1), text, font=font, fill=0, anchor="ls")
        if w.text == "industry,":
            x = w.bbox.x0 + d.textlength(text, font=font) + 3
            d.text((x, w.bbox.y1 - BODY_H // 2), "5", font=small, fill=0, anchor="ls")
            d.text((x + d.textlength("5", font=small) + 3, w.bbox.y1), ",", font=font, fill=0, anchor="ls")
    binary = np.array(img)
    found = calls.call_candidates([ln])
    assert [c.marker for c in found] == [""]
    assert lostcalls.seen_on_image(binary, [ln], found, float(BODY_H)) == found


def test_a_raised_figure_read_with_a_degree_sign_for_its_zero_is_the_call_ten() -> None:
    words = (
        Word("organizations.", BBox(200, 500, 494, 540), 0.95),
        Word("1°", BBox(504, 496, 526, 514), 0.6),
        Word("What", BBox(546, 500, 630, 540), 0.95),
    )
    found = calls.call_candidates([Line(words, BBox.enclosing([w.bbox for w in words]))])
    assert [(c.word, c.marker, c.exact) for c in found] == [(1, "10", True)]


def test_a_dash_read_as_a_tilde_ends_a_notes_lemma() -> None:
    assert lemmas.note_head("Gosizdat ~ The State Publishing House.") == ("gosizdat",)
