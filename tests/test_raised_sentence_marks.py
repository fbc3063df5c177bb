"""A raised call OCR read as an exclamation mark where a sentence may end ('To Members of the CC
and CCC!' for CCC¹), told from a real one by the page image, and the notes of a page whose notes
went over the break whole taking the calls of the page after it: constructed pages, the first one
drawn (DejaVu Serif) where the words' boxes stand, each word's letters on its box's foot."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ingest.layout import clean_volume
from ingest.model import BlockKind, Page
from tests.drawn_pages import DEJAVU_SERIF, needs_dejavu
from tests.test_layout_helpers import BODY_H, HEIGHT, MILL, WIDTH, body, note_calls, note_rows, page

pytestmark = needs_dejavu

FILL = MILL[:4]


def _drawn(p: Page, raised: str) -> np.ndarray:
    """The page's words drawn in 36 px type on their boxes' feet; the last letter of the word
    `raised` ('mill!') drawn as a small '1' raised half a letter over the line, as a call is."""
    img = Image.new("L", (WIDTH, HEIGHT), 255)
    d = ImageDraw.Draw(img)
    font, small = ImageFont.truetype(str(DEJAVU_SERIF), 36), ImageFont.truetype(str(DEJAVU_SERIF), 22)
    for w in p.words:
        if w.text == raised:
            d.text((w.bbox.x0, w.bbox.y1), w.text[:-1], font=font, fill=0, anchor="ls")
            x = w.bbox.x0 + d.textlength(w.text[:-1], font=font) + 6
            d.text((x, w.bbox.y1 - BODY_H // 2), "1", font=small, fill=0, anchor="ls")
        else:
            d.text((w.bbox.x0, w.bbox.y1), w.text, font=font, fill=0, anchor="ls")
    return np.array(img)


def _volume() -> list[Page]:
    # page 1 sets no note: its two calls' notes went over the break whole, and pushed the notes of
    # page 2's own two calls on to page 3
    first = body(
        [
            "¶To the members of the committee of the mill!",
            "¶The wheel turned again!",
            "¶One of the proposals of comrade Bukharin® states that the",
            *FILL,
            *FILL,
            FILL[0] + ".",
        ]
    )
    second = body(
        [
            "¶" + FILL[0],
            "that illegal groupings® have formed within the party and",
            *FILL[1:],
            *FILL,
            "with which the congress® was convened in the spring.",
        ]
    )
    second += note_rows(
        [
            "1. The letter was written under the conditions of the crisis of the year.",
            "2. Bukharin, N. - Old Bolshevik; the major spokesman of the right wing.",
        ],
        full=1,
    )
    third = body(["¶" + FILL[0], *FILL[1:3], FILL[3] + "."])
    third += note_rows(
        [
            "3. This refers to the groups formed within the party in the winter.",
            "4. The congress met in Moscow in the spring of the year 1923.",
        ],
        full=1,
    )
    return [page(1, first), page(2, second), page(3, third)]


def _links(out: list[Page]) -> list[str | None]:
    notes = [b for p in out for b in p.blocks if b.kind is BlockKind.FOOTNOTE]
    called = note_calls(out)
    return [called.get(b.id) for b in notes]


def test_a_raised_one_read_as_an_exclamation_mark_is_a_call_and_the_notes_after_keep_theirs() -> None:
    pages = _volume()
    image = _drawn(pages[0], "mill!")
    # without the image the exclamation is a sentence's end: note 1 took Bukharin's call, and
    # every note after it the call of the note after
    assert _links(clean_volume(pages))[:2] != ["mill", "Bukharin"]
    out = clean_volume(pages, images=lambda index: image if index == 1 else None)
    assert _links(out) == ["mill", "Bukharin", "groupings", "congress"]
    text = " ".join(w.text for w in out[0].words)
    assert "mill!" not in text and "again!" in text  # a real exclamation mark stays one


def test_notes_pushed_on_by_notes_gone_over_a_page_take_its_calls_however_far_up() -> None:
    # page 1's notes went over the break whole and filled page 2's foot: page 2's own calls (its
    # second line, its last) have their notes on page 3. Page 2 holds as many likely calls as it
    # sets notes, so only its last lines were searched for them: note 3 took 'congress' and
    # note 4 was left without a call
    first, second, third = _volume()
    out = clean_volume([_with_word(first, "mill!", "mill®"), second, third])
    assert _links(out) == ["mill", "Bukharin", "groupings", "congress"]


def _with_word(p: Page, old: str, new: str) -> Page:
    """The page with the word read `old` read `new`."""
    blocks = []
    for b in p.blocks:
        lines = tuple(
            replace(ln, words=tuple(replace(w, text=new) if w.text == old else w for w in ln.words))
            for ln in b.lines
        )
        blocks.append(replace(b, lines=lines))
    return replace(p, blocks=tuple(blocks))
