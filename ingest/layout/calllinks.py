"""Linking notes to their calls and putting the calls on their words, one call a word or two.

Footnotes (`notelinks`) and endnotes (`endnotes`) gather their notes and candidate calls each in
their own way; `link_notes` then does the rest for both: align notes and candidates in order,
put each linked call on its word and record every note as linked or not.

A word may carry two calls: two notes called at one word ("Bolsheviks¹⁰,¹¹"), which OCR reads as
one token ("Bolsheviks'°,'!"). The first call stays on the word, which loses both calls' glyphs;
the second becomes a word of its own without text right after it (as a call OCR read as a token of
its own), so each note keeps its own call.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass

from ingest.layout.calls import Call, align_calls, call_text
from ingest.layout.drafts import Draft, PageWork, set_word
from ingest.model import Line, Word


@dataclass(frozen=True, eq=False)
class Candidate:
    """A word that may carry a note's call: where it is (`pos`: the page's place in the volume for
    footnotes, the notes section it precedes for endnotes; its page, body draft and line there),
    the call read on it, and whether it is in the last lines of its page (a call for a note pushed
    over the page break)."""

    pos: int
    work: PageWork
    draft: Draft
    line: int
    call: Call
    tail: bool = False


def link_notes(
    notes: Sequence[tuple[int, PageWork, Draft]],
    cands: Sequence[Candidate],
    *,
    bonus: Mapping[tuple[int, int], float],
    reach: Set[tuple[int, int]] = frozenset(),
    endnotes: bool = False,
) -> None:
    """Link each note (position as the candidates', page, note draft; in order) to a candidate call
    (`calls.align_calls` with `bonus` and `reach`), put the linked calls on their words
    (`place_calls`) and record each note: `footnote_link` on the call's page and the note's, or
    `footnote_unlinked`. A link that an earlier cleanup made (a corrected page cleaned again) keeps
    what that cleanup read; unlinked footnotes are also listed in the page's report. Endnotes are
    recorded as such ("endnote" in the decisions' text)."""
    links = align_calls(
        [(pos, d.marker or "") for pos, _, d in notes],
        [(c.pos, c.call, c.tail) for c in cands],
        bonus=bonus,
        reach=reach,
    )
    placed = place_calls(
        [
            None if k is None else (note, cands[k].draft, cands[k].line, cands[k].call)
            for (_, _, note), k in zip(notes, links, strict=True)
        ]
    )
    noun = "endnote" if endnotes else "note"
    for (_, nw, note), k, put in zip(notes, links, placed, strict=True):
        if k is None or put is None:
            nw.decide(
                "footnote_unlinked",
                (note.id,),
                f"no call found for {noun} {note.marker}",
                {"block": note.id, "marker": note.marker},
            )
            if not endnotes:
                nw.report.setdefault("notes_unlinked", []).append(note.id)
            continue
        cw, call = cands[k].work, cands[k].call
        note.ref = ref = put.ref
        did = f"footnote_link:{note.id}"
        text_before, exact = put.text_before, call.exact and call.marker == note.marker
        if put.earlier:
            # linked by an earlier cleanup (a corrected page): what it read then
            earlier = [x.data for x in cw.page.decisions + nw.page.decisions if x.id == did]
            if earlier:
                text_before, exact = (
                    earlier[0].get("text_before", text_before),
                    earlier[0].get("exact", exact),
                )
        data = {
            "note": note.id,
            "word": ref,
            "text_before": text_before,
            "marker": note.marker,
            "exact": exact,
            "pages": sorted({cw.page.index, nw.page.index}),
        }
        if put.inserted:
            data["inserted"] = True
        if call.reread and not put.earlier:
            data["reread"] = True  # OCR read no call here: a second reading of the image did
        how = "a second call" if put.inserted else "call"
        to = f"endnote {note.id}" if endnotes else note.id
        detail = f"{how} {note.marker} on {text_before or call.text!r} → {to}"
        if data.get("reread"):
            detail += " (read again from the page image)"
        for target in [cw, nw] if cw is not nw else [cw]:
            target.decide("footnote_link", (note.id, ref), detail, data, id=did)


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
            (outer.text == call.text and not (call.apostrophe or call.unread))
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
    if inner.apostrophe or inner.unread:
        # the possessive's apostrophe, or a call no glyph of the word reads: the word keeps them
        return inner.text == outer_text
    # the inner call may have taken a possessive's apostrophe with it ('Dzerzhinsky”s')
    left = {outer_text.replace(inner.marker, "", 1), outer_text.replace(inner.marker, "’", 1)}
    return len(inner.text) <= len(outer_text) and inner.text in left
