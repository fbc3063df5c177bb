"""Putting linked calls on their words, one call a word or two.

A word may carry two calls: two notes called at one word ("Bolsheviks¹⁰,¹¹"), which OCR reads as
one token ("Bolsheviks'°,'!"). The first call stays on the word, which loses both calls' glyphs;
the second becomes a word of its own without text right after it (as a call OCR read as a token of
its own), so each note keeps its own call.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.layout.calls import Call, call_text
from ingest.layout.drafts import Draft, set_word
from ingest.model import Line, Word


@dataclass(frozen=True)
class Placed:
    """Where a note's call went: the word's ref ("block:line:word") after every insertion, the
    word's text before the call was taken off, and whether the call is a word of its own added
    after the word it follows (the second call on one word)."""

    ref: str
    text_before: str
    inserted: bool = False
    earlier: bool = False  # the word carried this call already (a corrected page cleaned again)


def place_calls(links: Sequence[tuple[Draft, Draft, int, Call] | None]) -> list[Placed | None]:
    """Put each note's call on its word: `links[i]` is (note, body draft, line, call) or None, in
    note order. Two notes linked to one word: the first takes the word, whose text loses both calls
    (the first call is the one OCR left inside the word, `calls._with_inner_calls`), the second
    a word without text inserted after it. A third note on one word, or a second whose call is
    not the word's outer one, is not placed (None). Refs count the inserted words."""
    by_word: dict[tuple[int, int, int], list[int]] = {}
    for i, link in enumerate(links):
        if link is not None:
            _, d, li, call = link
            by_word.setdefault((id(d), li, call.word), []).append(i)
    text: dict[int, str] = {}
    second: set[int] = set()
    unplaced: set[int] = set()
    for idx in by_word.values():
        first, rest = idx[0], idx[1:]
        note, d, li, call = links[first]  # type: ignore[misc]
        text[first] = call_text(call, note.marker or "")
        unplaced.update(rest[1:])
        if not rest:
            continue
        note2, _, _, outer = links[rest[0]]  # type: ignore[misc]
        later = d.lines[li].words[call.word + 1 :]
        if (
            outer.text == call.text
            or not _inside(call, outer, note2.marker or "")
            or any(w.marker for w in later)
        ):
            # not an inner call and the outer one; or a word after it carries a call linked
            # before (an endnote's), whose ref must not move
            unplaced.add(rest[0])
            continue
        second.add(rest[0])
    inserts: dict[tuple[int, int], list[int]] = {}
    for i in second:
        _, d, li, call = links[i]  # type: ignore[misc]
        inserts.setdefault((id(d), li), []).append(call.word)
    out: list[Placed | None] = []
    for i, link in enumerate(links):
        if link is None or i in unplaced:
            out.append(None)
            continue
        _, d, li, call = link
        before = sum(1 for p in inserts.get((id(d), li), []) if p < call.word)
        wi = call.word + before + (1 if i in second else 0)
        word = d.lines[li].words[call.word]
        new = i in second
        out.append(Placed(f"{d.id}:{li}:{wi}", "" if new else word.text, new, bool(word.marker) and not new))
    for i, link in enumerate(links):
        if link is not None and i in text:
            note, d, li, call = link
            set_word(d, li, call.word, text=text[i], marker=note.marker, note_id=note.id)
    for i in sorted(second, key=lambda i: -links[i][3].word):  # type: ignore[index]
        note, d, li, call = links[i]  # type: ignore[misc]
        ln = d.lines[li]
        w = ln.words[call.word]
        mark = Word(text="", bbox=w.bbox, confidence=w.confidence, marker=note.marker, note_id=note.id)
        words = list(ln.words)
        words.insert(call.word + 1, dataclasses.replace(mark, origin=w.origin))
        d.lines[li] = Line(words=tuple(words), bbox=ln.bbox)
    return out


def _inside(inner: Call, outer: Call, marker: str) -> bool:
    """Whether `inner` is the call OCR left inside the word of `outer`: the outer call's text (its
    word without the outer call) is the inner call's text with the inner call's glyphs in it."""
    outer_text = call_text(outer, marker)
    # the inner call may have taken a possessive's apostrophe with it ('Dzerzhinsky”s')
    left = {outer_text.replace(inner.marker, "", 1), outer_text.replace(inner.marker, "’", 1)}
    return len(inner.text) <= len(outer_text) and inner.text in left
