"""Note calls OCR lost: a second look at the page image where a call should be.

Reading a whole page, Tesseract sometimes reads nothing at all for a raised call (not a quote or
a degree sign, which `calls` takes for calls): the note is found in the note zone but has no call
to link to. On a page of numbered notes whose markers are not all read as calls in its body, the
page image's ink that no OCR word covers is searched for marks right after the end of a body word
and raised as a call is: their foot well above the line's baseline and smaller than its letters,
both measured on the page's own lines. Each such mark is read again, enlarged, as one word with
only figures allowed. Tesseract reads no dagger or pilcrow, so on a page of symbol notes
(`lost_symbol_calls`) the marks are counted instead of read: the page's notes, restarting on every
page, are the calls its body holds.

A reading becomes a candidate call only when the page's notes account for it: it is exactly the
number of one of the page's notes that no call in the body reads, no other mark on the page reads
it, and it stands in the notes' order among the calls that are read (after every call of a note
before it, before every call of a note after it). It then competes in `calls.align_calls` like any
other call; when it is not linked, nothing on the page changes: a word's text is never touched.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass
from typing import NamedTuple

import cv2
import numpy as np

from ingest.ink import binarise_image
from ingest.layout.calls import Call, possessive
from ingest.layout.geometry import DESCENDERS, letter_height
from ingest.model import BBox, Line, Word

#: The page image as stored, in the coordinates of its OCR words (grey or colour), by the page's
#: scan index; None when there is none.
PageImages = Callable[[int], "np.ndarray | None"]

FIGURES = "0123456789"
#: Quotes and apostrophes, straight and curly.
QUOTES = "'’‘`\"”“"


@dataclass(frozen=True)
class Mark:
    """Raised ink where a call may be: ink no word covers right after word `word` of page line
    `line` (flat index), or (`token`) word `word` itself, a raised token of marks only that OCR
    read for it (a quote standing alone)."""

    line: int
    word: int
    bbox: BBox
    token: bool = False


def misread_not_lost(
    found: Sequence[Call], markers: Sequence[str], *, strong: float = 1.5, carried: int = 0
) -> bool:
    """Whether the text holds at least as many likely calls (strength `strong` or more, possessives
    aside) as there are notes (`markers`), with the `carried` likely calls of notes pushed over
    from the page before standing in its last lines: a call was then misread, not lost, and the
    image is not read again."""
    return sum(c.strength >= strong and not possessive(c) for c in found) + carried >= len(markers)


def lost_calls(
    image: np.ndarray,
    lines: Sequence[Line],
    covered: Sequence[Word],
    markers: Sequence[str],
    found: Sequence[Call],
    *,
    lang: str = "eng",
    min_confidence: float = 0.6,
    box_slack: float = 0.1,
) -> list[Call]:
    """The calls of the page's notes (`markers`, in note order) that a second reading of the page
    image finds where OCR read none (see the module), as `Call`s on the word they follow (text
    unchanged, `reread` set); a mark whose strokes run on into the ink the word's trimmed box cut
    off is that word's letter (`detached`, `glued_above`). `lines`: the page's body lines, as
    `found`'s line indices count them;
    `covered`: the words whose ink is not searched (those cleanup kept on the page)."""
    if not markers or not all(m.isdigit() for m in markers):
        return []
    read = {c.marker for c in found if c.exact}
    missing = [m for m in markers if m not in read and markers.count(m) == 1]
    if not missing:
        return []
    size = letter_height(lines)
    if size is None:
        return []
    tokens = raised_tokens(lines, size)
    keep = {id(lines[k].words[wi]) for k, wi in tokens}
    read_words = lines
    ink, lines, binary = _uncovered_ink(image, lines, [w for w in covered if id(w) not in keep], size)
    readings: dict[str, list[tuple[Mark, float]]] = {}
    called = {(c.line, c.word) for c in found}
    for mark in raised_marks(binary, lines, size, tokens):
        word = read_words[mark.line].words[mark.word]
        if not mark.token and mark.bbox.x1 < word.bbox.x1 - box_slack * size:
            # raised ink inside the word's box as OCR read it, short of its end: the word's own
            # letters, which its box trimmed to where letters reach the baseline left out (a line
            # whose feet print faint), as on a page of symbol notes
            continue
        if not mark.token and not (
            detached(ink, mark.bbox, size) or glued_above(ink, mark, lines[mark.line], word, size)
        ):
            # a letter's stroke the word's trimmed box cut off (the arm of a 'y' in 'party', the
            # bulge of a bracket in 'a)', both read as '7'), unless a mark the blur glued to a
            # word's last letter rises above its x-height as a call does (`glued_above`)
            continue
        quotes = word.text[len(word.text.rstrip(QUOTES)) :]
        if not mark.token and quotes and (mark.line, mark.word) not in called:
            # a word read with quotes at its end that no candidate holds (they close a
            # quotation): the raised ink at its end is their strokes first, and only ink past
            # them may be a call. A closing double quote read again with figures only reads
            # '9' or '99' (its strokes are a raised nine's shape)
            past = past_strokes(binary, mark.bbox, sum(_STROKES.get(q, 1) for q in quotes), size)
            if past is None:
                continue
            mark = dataclasses.replace(mark, bbox=past)
        text, conf = read_mark(binary, mark.bbox, size, lang=lang)
        # after a word OCR read no call on, a reading of two figures or more needs no confidence
        # of its own: that it is the number of a note the page lost, read nowhere else and in the
        # notes' order, is what tells ('prices.' + '13' at 0.39). One figure is easily read out of
        # any speck; and where OCR read a glyph, that glyph competes as a call already, and an
        # unsure reading must not overrule it ('Council,”' for Council¹², read '13' at 0.3)
        unsure = len(text) > 1 and (mark.line, mark.word) not in called
        if text and (conf >= min_confidence or unsure):
            readings.setdefault(text, []).append((mark, conf))
    out: list[Call] = []
    for m in missing:
        spots = readings.get(m, [])
        # a confident reading is not doubted for an unsure one elsewhere
        spots = [s for s in spots if s[1] >= min_confidence] or spots
        if len(spots) != 1:
            continue  # not read, or read at two places: the page does not say which
        mark, _ = spots[0]
        if _in_order(m, (mark.line, mark.word), markers, found):
            # a token read for the call is the call (its text goes with it); ink after a word is
            # the word's call (the word's text stays)
            text = "" if mark.token else lines[mark.line].words[mark.word].text
            out.append(Call(mark.line, mark.word, text, m, 2.0, True, reread=True))
    return out


def lost_symbol_calls(
    image: np.ndarray,
    lines: Sequence[Line],
    covered: Sequence[Word],
    missing: int,
    found: Sequence[Call],
    *,
    strength: float = 1.9,
    box_slack: float = 0.1,
) -> list[Call]:
    """The calls of a page of symbol notes (* † ‡ …) that OCR read as nothing, where the page's
    notes outnumber its likely calls by `missing`: the raised marks no OCR word covers right after a
    body word (`raised_marks`, measured on the page's own lines), when there are exactly `missing`
    of them away from the calls `found`. Tesseract reads no dagger, so the marks are not read again:
    the notes' count is the evidence, and any other count (a speck beside a lost call, or a call
    lost with no ink found) adds none. Each becomes a candidate on the word before it (its text
    unchanged, `reread` set) that `calls.align_calls` places in the notes' order."""
    if missing <= 0:
        return []
    size = letter_height(lines)
    if size is None:
        return []
    ink, trimmed_lines, binary = _uncovered_ink(image, lines, covered, size)
    taken = {(c.line, c.word) for c in found}
    marks = []
    for m in raised_marks(binary, trimmed_lines, size):
        if (m.line, m.word) in taken:
            continue
        text = lines[m.line].words[m.word].text
        quotes = text[len(text.rstrip(QUOTES)) :]
        if quotes:
            # a word read with quotes at its end: the raised ink after its letters is their strokes
            # first (its box may leave them out); only ink beyond them may be a call, and none of
            # the ink may be a letter's the word's trimmed box cut off
            if not detached(ink, m.bbox, size):
                continue
            box = past_strokes(binary, m.bbox, sum(_STROKES.get(q, 1) for q in quotes), size)
            if box is None:
                continue
            m = dataclasses.replace(m, bbox=box)
        # ink OCR took into the word's box and read as nothing ends where the box ends: raised ink
        # inside the box short of its end is the word's own letters (on a line whose baseline the
        # page's skew put off, its letters look raised)
        word = lines[m.line].words[m.word]
        if m.bbox.x1 >= word.bbox.x1 - box_slack * size and (
            detached(ink, m.bbox, size) or glued_above(ink, m, lines[m.line], word, size)
        ):
            marks.append(m)
    if len(marks) != missing or len({(m.line, m.word) for m in marks}) != missing:
        return []
    return [Call(m.line, m.word, lines[m.line].words[m.word].text, "", strength, reread=True) for m in marks]


#: The strokes of a quote as printed: a double quote has two.
_STROKES = {'"': 2, "”": 2, "“": 2}


def past_strokes(
    binary: np.ndarray,
    box: BBox,
    strokes: int,
    size: float,
    *,
    min_height: float = 0.2,
    min_area: float = 0.01,
) -> BBox | None:
    """The part of a raised mark (`box` on the 0/255 page `binary`) past its first `strokes`
    strokes from the left (a quote OCR read at the end of the word before it), or None when nothing
    past them is at least `min_height` of the letter height `size` tall: the mark is the quote. A
    stroke is the ink of the columns its pieces share (a stroke broken in two is one); pieces under
    `min_area` of `size` squared are specks, not counted."""
    cut = (binary[box.y0 : box.y1, box.x0 : box.x1] < 128).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(cut, connectivity=8)
    pieces = sorted(
        (
            BBox(int(x), int(y), int(x + w), int(y + h))
            for x, y, w, h, area in stats[1:n]
            if area >= min_area * size * size
        ),
        key=lambda b: b.x0,
    )
    columns: list[list[BBox]] = []
    for b in pieces:
        if columns and b.x0 < max(c.x1 for c in columns[-1]):
            columns[-1].append(b)
        else:
            columns.append([b])
    rest = [b for c in columns[strokes:] for b in c]
    if not rest:
        return None
    past = BBox.enclosing(rest)
    if past.height < min_height * size:
        return None
    return BBox(box.x0 + past.x0, box.y0 + past.y0, box.x0 + past.x1, box.y0 + past.y1)


def speck_quotes(
    image: np.ndarray,
    lines: Sequence[Line],
    found: Sequence[Call],
    *,
    span: float = 1.0,
    reach: float = 0.2,
    raised: float = 0.25,
    min_height: float = 0.2,
    min_area: float = 0.02,
) -> set[int]:
    """The candidates (indices into `found`) read as quotes at their word's end that the page
    image shows are a speck: over the last `span` letter heights of the word's box and `reach`
    past it, from half a letter height over the line down to `raised` above its baseline, no piece
    of ink clear of that window's top and foot (the line above's descenders, the word's letters)
    is at least `min_height` of the letter height tall and `min_area` of it squared (a call's
    mark, or a quote, is; a speck is not)."""
    size = letter_height(lines)
    if size is None:
        return set()
    ink = binarise_image(image) < 128
    height, width = ink.shape
    out: set[int] = set()
    for k, c in enumerate(found):
        ln = lines[c.line]
        box = ln.words[c.word].bbox
        base = _baseline(ln)
        if base is None or not ln.words[c.word].text.endswith(c.marker):
            continue
        y0, y1 = max(0, int(ln.bbox.y0 - 0.5 * size)), min(height, int(base - raised * size))
        x0, x1 = max(0, box.x0, int(box.x1 - span * size)), min(width, int(box.x1 + reach * size))
        if y1 - y0 < 2 or x1 - x0 < 1:
            continue
        n, _, stats, _ = cv2.connectedComponentsWithStats(ink[y0:y1, x0:x1].astype(np.uint8), connectivity=8)
        if not any(
            y > 0 and y + h < y1 - y0 and h >= min_height * size and area >= min_area * size * size
            for _, y, _, h, area in stats[1:n]
        ):
            out.add(k)
    return out


def _uncovered_ink(
    image: np.ndarray, lines: Sequence[Line], covered: Sequence[Word], size: float
) -> tuple[np.ndarray, list[Line], np.ndarray]:
    """The page `image` binarised (0/255), its `lines` with each word's box ending where its
    letters end (`letters_only`), and the binarised page with the ink of the `covered` words
    (their boxes trimmed alike) whitened. A raised mark OCR took into the box of the word before it
    (and read as nothing) is then searched: the raised ink after the word's letters stays."""
    ink = binarise_image(image)
    trimmed_lines = letters_only(ink, lines, size)
    trimmed = {
        id(w): t
        for old, new in zip(lines, trimmed_lines, strict=True)
        for w, t in zip(old.words, new.words, strict=True)
    }
    return ink, trimmed_lines, uncovered(ink, [trimmed.get(id(w), w) for w in covered])


def detached(binary: np.ndarray, box: BBox, size: float) -> bool:
    """Whether the ink in `box` of the 0/255 page `binary` is marks of their own: every stroke
    touching the box lies within it (a pixel's slack), none the part of a letter the trimmed box of
    its word cut off (the arm of a 'y', the ear of an 'r'), looked at within `size` around it."""
    return _strokes_within(binary, box, box, size)


def _strokes_within(binary: np.ndarray, box: BBox, bounds: BBox, size: float) -> bool:
    """Whether every stroke of the 0/255 page `binary` touching `box` lies within `bounds` (a
    pixel's slack), looked at within `size` around the box."""
    height, width = binary.shape
    pad = max(2, int(size))
    y0, y1 = max(0, box.y0 - pad), min(height, box.y1 + pad)
    x0, x1 = max(0, box.x0 - pad), min(width, box.x1 + pad)
    n, labels, stats, _ = cv2.connectedComponentsWithStats((binary[y0:y1, x0:x1] < 128).astype(np.uint8))
    inside = labels[box.y0 - y0 : box.y1 - y0, box.x0 - x0 : box.x1 - x0]
    for k in {int(v) for v in np.unique(inside)} - {0}:
        x, y, w, h = (int(v) for v in stats[k][:4])
        if (
            x + x0 < bounds.x0 - 1
            or y + y0 < bounds.y0 - 1
            or x + x0 + w > bounds.x1 + 1
            or y + y0 + h > bounds.y1 + 1
        ):
            return False
    return True


#: Lower-case letters whose ink keeps within the x-height, none reaching up or down (a word of
#: them alone has its box's top at the line's x-height and its foot on the baseline).
_SHORT = frozenset("acemnorsuvwxz")
#: Lower-case letters with no ink above the x-height (the short ones, and those reaching down).
_LOW = _SHORT | frozenset("pqy")
#: Stops and commas, whose ink keeps within the x-height too ('reasons,').
_STOPS = ".,:;"


def x_height(line: Line, base: float) -> float | None:
    """The line's x-height: the median height over its baseline `base` (`_baseline` of its words
    that reach no lower) of its words of two or more letters that all keep within the x-height
    (`_SHORT`: 'one', 'us,'; a stop or comma after them aside); None without one (a line in other
    type, a heading, has its own)."""
    heights = [
        base - w.bbox.y0
        for w in line.words
        if len(core := w.text.strip(_STOPS)) >= 2 and all(c in _SHORT for c in core)
    ]
    return float(statistics.median(heights)) if heights else None


def glued_above(
    binary: np.ndarray,
    mark: Mark,
    line: Line,
    word: Word,
    size: float,
    *,
    rise: float = 0.2,
) -> bool:
    """Whether a raised mark (`mark`, after `word` of `line`) that is not `detached` is a mark of
    its own that the scan's blur glued to the word's last letter ('Kuibyshev§', the section mark's
    foot on the v's arm): the word, as read, ends in two letters with no ink above the x-height
    (`_LOW`: no apostrophe or tall letter the trimmed box may have cut off), the mark's top stands
    at least `rise` letter heights (`size`) above the line's own x-height (`x_height`), where
    those letters have no ink, and every stroke touching it lies within the mark or within the
    word's box (the letter it touches) and no higher than the mark. The arm of a 'y' or a 'v' the
    word's trimmed box cut off stays within the x-height: it is the word's."""
    base = _baseline(line, descending=False)
    x_high = None if base is None else x_height(line, base)
    if x_high is None or base is None or len(word.text) < 2 or not all(c in _LOW for c in word.text[-2:]):
        return False
    box = mark.bbox
    if box.y0 > base - x_high - rise * size:
        return False
    bounds = BBox(min(box.x0, word.bbox.x0), box.y0, box.x1, max(box.y1, word.bbox.y1))
    return _strokes_within(binary, box, bounds, size)


def raised_last_glyph(
    binary: np.ndarray,
    line: Line,
    word: Word,
    size: float,
    *,
    foot: float = 0.35,
    tallest: float = 0.68,
    above: float = 0.2,
) -> bool:
    """Whether the last glyph of `word` stands raised off `line` as a call does: the last run of
    the word's inked columns, apart from the letters before it by a blank column, has its foot at
    least `foot` letter heights (`size`) above the line's baseline (`_baseline` of its words that
    reach no lower: a descender's foot is no baseline) and is at most `tallest` of them tall,
    looked at from `above` sizes over the word's box. A question or an exclamation mark sets its
    dot on the baseline and stands as tall as a capital; a raised '1' OCR read as '!' ('CCC!' for
    CCC¹) keeps clear of the baseline. False where the glyph touches the letters (one run): the
    image does not tell."""
    glyph = _last_glyph(binary, line, word, size, above=above)
    if glyph is None:
        return False
    return glyph.base - glyph.bottom >= foot * size and glyph.bottom - glyph.top <= tallest * size


def speck_last(
    binary: np.ndarray,
    line: Line,
    word: Word,
    size: float,
    *,
    speck: float = 0.15,
    lift: float = 0.25,
    above: float = 0.2,
) -> bool:
    """Whether the last glyph of `word` is a speck of dust above `line`: the last run of the word's
    inked columns (as `raised_last_glyph` finds it, apart from the letters before it) is at most
    `speck` letter heights (`size`) tall and wide, its foot `lift` of them above the baseline at
    least. A call, a quote or a degree sign is a glyph of some size; a dot of dust OCR read as a
    quote after a word ('lowering’') is not. False where the image does not tell."""
    glyph = _last_glyph(binary, line, word, size, above=above)
    if glyph is None:
        return False
    width = glyph.right - glyph.left + 1
    return (
        glyph.bottom - glyph.top + 1 <= speck * size
        and width <= speck * size
        and glyph.base - glyph.bottom >= lift * size
    )


def weak_on_image(call: Call, word: str) -> bool:
    """Whether the page image may tell what a candidate call on `word` (its text as read) is
    (`seen_on_image`): a question or an exclamation mark glued to a word where a sentence may end
    (`sentence_mark`), or marks glued at the word's end that a misread call may be (`_glyph_mark`).
    A word ending in a stop or a comma read very unsure, its call taken for lost into it, is left
    as read: a lost call's figure may touch the stop or stand outside the word's box, where the
    image does not tell it from the stop alone."""
    return sentence_mark(call) or _glyph_mark(call, word)


def sentence_mark(call: Call) -> bool:
    """A '?' or '!' glued to a word where a sentence may end (`calls.call_candidates` gives it 1.05)."""
    return (
        call.strength == 1.05
        and call.marker in ("?", "!")
        and call.text.endswith(call.marker)
        and len(call.text) > 2
    )


def _glyph_mark(call: Call, word: str) -> bool:
    """Marks (no letter or figure) at the end of `word` read as a call, not a certain one."""
    return (
        not call.exact
        and call.strength < 2.0
        and bool(call.marker)
        and not any(c.isalnum() for c in call.marker)
        and word.endswith(call.marker)
    )


def raised_mark_call(
    binary: np.ndarray, line: Line, call: Call, size: float, *, foot: float, strength: float
) -> Call | None:
    """The candidate `call`, a question or an exclamation mark glued to a word (`sentence_mark`),
    as a call read as that glyph where the 0/255 page `binary` shows the glyph raised off `line`
    (`raised_last_glyph`, its foot `foot` letter heights `size` up at least): the mark leaves the
    call's text, and its strength is `strength` plus the word's doubt. None where it stands on the
    line (a sentence's end)."""
    word = line.words[call.word]
    if not raised_last_glyph(binary, line, word, size, foot=foot):
        return None
    return dataclasses.replace(call, text=call.text[:-1], strength=strength + 0.5 * (1.0 - word.confidence))


def seen_on_image(
    binary: np.ndarray,
    lines: Sequence[Line],
    found: Sequence[Call],
    size: float,
    *,
    strength: float = 1.9,
    foot: float = 0.25,
) -> list[Call]:
    """The candidate calls of `lines` as the 0/255 page `binary` shows the weak ones
    (`weak_on_image`). A question or an exclamation mark whose glyph stands raised off the line
    (`raised_last_glyph`, its foot `foot` letter heights up at least: the dot of a '?' or a '!'
    sits on the baseline) is a call read as that glyph ('To Members of the CC and CCC!' for
    CCC¹): `strength`, as an odd glyph elsewhere, plus the word's doubt. Marks read at a word's end
    where its last glyph is a speck of dust (`speck_last`: 'lowering’') hold no call: they are no
    candidates. The others are as read."""
    out: list[Call] = []
    for c in found:
        line = lines[c.line]
        word = line.words[c.word]
        if sentence_mark(c):
            if (raised := raised_mark_call(binary, line, c, size, foot=foot, strength=strength)) is not None:
                out.append(raised)
                continue
        elif _glyph_mark(c, word.text) and speck_last(binary, line, word, size):
            continue
        out.append(c)
    return out


class _Glyph(NamedTuple):
    """A glyph's ink on the page: its top and bottom rows, the baseline of its line, and its first
    and last columns."""

    top: int
    bottom: int
    base: float
    left: int
    right: int


def _last_glyph(binary: np.ndarray, line: Line, word: Word, size: float, *, above: float) -> _Glyph | None:
    """The last run of `word`'s inked columns on the 0/255 page `binary`, apart from the letters
    before it by a blank column, looked at from `above` letter heights (`size`) over the word's
    box down to just below the line's baseline, with that baseline. None where the run touches
    the letters (the image does not tell) or there is no baseline."""
    base = _baseline(line, descending=False) or _baseline(line)
    if base is None:
        return None
    height, width = binary.shape
    y0, y1 = max(0, int(word.bbox.y0 - above * size)), min(height, int(base + 0.1 * size) + 1)
    x0, x1 = max(0, word.bbox.x0), min(width, word.bbox.x1)
    if y1 <= y0 or x1 <= x0:
        return None
    ink: np.ndarray = binary[y0:y1, x0:x1] < 128
    cols = np.asarray(ink.any(axis=0), dtype=bool)
    inked = np.flatnonzero(cols)
    if not inked.size:
        return None
    end = start = int(inked[-1])
    while start > 0 and cols[start - 1]:
        start -= 1
    if start == 0 or not cols[:start].any():
        return None
    rows = np.flatnonzero(ink[:, start : end + 1].any(axis=1))
    return _Glyph(y0 + int(rows[0]), y0 + int(rows[-1]), base, x0 + start, x0 + end)


def letters_only(
    binary: np.ndarray, lines: Sequence[Line], size: float, *, raised: float = 0.25
) -> list[Line]:
    """The lines with each word's box ending where its letters end: the last column of the box
    with ink within `raised` letter heights above the line's baseline (a letter, a stop or a
    comma reaches down there; a raised call does not). A word without such ink keeps its box."""
    ink = binary < 128
    height, width = ink.shape
    out: list[Line] = []
    for ln in lines:
        base = _baseline(ln)
        if base is None:
            out.append(ln)
            continue
        y0, y1 = max(0, int(base - raised * size)), min(height, int(base) + 1)
        words = []
        for w in ln.words:
            x0, x1 = max(0, w.bbox.x0), min(width, w.bbox.x1)
            cols = np.flatnonzero(ink[y0:y1, x0:x1].any(axis=0)) if y1 > y0 and x1 > x0 else np.array([])
            end = x0 + int(cols[-1]) + 1 if cols.size else w.bbox.x1
            if end >= w.bbox.x1 or end <= w.bbox.x0:
                words.append(w)
            else:
                words.append(dataclasses.replace(w, bbox=dataclasses.replace(w.bbox, x1=end)))
        out.append(Line(words=tuple(words), bbox=ln.bbox))
    return out


def _baseline(line: Line, *, descending: bool = True) -> float | None:
    """The line's baseline: the median foot of its words of two or more letters or figures; with
    `descending` False, of those among them that reach no lower ('them', not 'party'). None
    without one."""
    feet = sorted(
        w.bbox.y1
        for w in line.words
        if sum(c.isalnum() for c in w.text) >= 2 and (descending or not any(c in DESCENDERS for c in w.text))
    )
    return float(statistics.median(feet)) if feet else None


def raised_tokens(
    lines: Sequence[Line],
    size: float,
    *,
    max_token: int = 3,
    min_height: float = 0.2,
    max_height: float = 0.85,
    raised: float = 0.25,
    reach: float = 0.6,
) -> set[tuple[int, int]]:
    """The (line, word) of the lines' tokens that may be a call OCR read as marks: at most
    `max_token` marks (no letter or figure), `min_height`..`max_height` of the letter height
    `size` tall, their foot at least `raised` sizes above the line's baseline, at most `reach`
    sizes after the word before them."""
    out: set[tuple[int, int]] = set()
    for k, ln in enumerate(lines):
        base = _baseline(ln)
        if base is None:
            continue
        out.update(
            (k, wi)
            for wi, w in enumerate(ln.words)
            if wi > 0
            and 0 < len(w.text) <= max_token
            and not any(c.isalnum() for c in w.text)
            and min_height * size <= w.bbox.height <= max_height * size
            and w.bbox.y1 <= base - raised * size
            and 0 <= w.bbox.x0 - ln.words[wi - 1].bbox.x1 <= reach * size
        )
    return out


def uncovered(binary: np.ndarray, covered: Sequence[Word]) -> np.ndarray:
    """The 0/255 page with the boxes of the `covered` words white."""
    out = binary.copy()
    for w in covered:
        b = w.bbox
        out[max(0, b.y0) : max(0, b.y1), max(0, b.x0) : max(0, b.x1)] = 255
    return out


def raised_marks(
    binary: np.ndarray,
    lines: Sequence[Line],
    size: float,
    tokens: Set[tuple[int, int]] = frozenset(),
    *,
    min_height: float = 0.2,
    max_height: float = 0.85,
    raised: float = 0.25,
    reach: float = 0.6,
    join: float = 0.35,
    max_width: float = 1.6,
) -> list[Mark]:
    """The ink of `binary` (a 0/255 page whose words' ink is taken out, `uncovered`) that sits
    where a call is set, in sizes of the page's letter height `size`: marks `min_height`..
    `max_height` tall (not specks, not letters), joined into one when side by side at most `join`
    apart (the figures of '12'), at most `max_width` wide; their foot at least `raised` above the
    line's baseline but inside the line's box, their top no higher than half a letter height over
    the line's top. A mark on one of the `tokens` (`raised_tokens`, whose ink is left in) is that
    token's; any other must start at most `reach` after a word's end and before the next word."""
    ink = (binary < 128).astype(np.uint8)
    height, width = ink.shape
    out: list[Mark] = []
    for k, ln in enumerate(lines):
        base = _baseline(ln)
        if base is None:
            continue
        # the window reaches below the baseline: a letter the window cut would look raised
        y0 = max(0, int(ln.bbox.y0 - size))
        y1 = min(height, int(base + size))
        x0, x1 = max(0, ln.bbox.x0), min(width, int(ln.bbox.x1 + reach * size + max_width * size))
        if y1 - y0 < 2 or x1 - x0 < 2:
            continue
        n, _, stats, _ = cv2.connectedComponentsWithStats(ink[y0:y1, x0:x1], connectivity=8)
        boxes = [
            BBox(int(x + x0), int(y + y0), int(x + x0 + bw), int(y + y0 + bh))
            for x, y, bw, bh, area in stats[1:n]
            if bh <= max_height * size and bw <= max_height * size and area >= 0.01 * size * size
        ]
        boxes.sort(key=lambda b: b.x0)
        groups: list[list[BBox]] = []
        for b in boxes:
            last = groups[-1][-1] if groups else None
            if (
                last is not None
                and 0 <= b.x0 - last.x1 <= join * size
                and min(last.y1, b.y1) - max(last.y0, b.y0) > 0
            ):
                groups[-1].append(b)
            else:
                groups.append([b])
        for g in groups:
            box = BBox.enclosing(g)
            if box.height < min_height * size or box.width > max_width * size:
                continue
            if not ln.bbox.y0 <= box.y1 <= base - raised * size or box.y0 < ln.bbox.y0 - 0.5 * size:
                continue  # not raised on this line (on the line above, or down at the baseline)
            on = [wi for wi, w in enumerate(ln.words) if (k, wi) in tokens and _overlap(w.bbox, box)]
            if on:
                out.append(Mark(k, on[0], box, token=True))
                continue
            wi = _word_before(ln, box, reach * size)
            if wi is not None:
                out.append(Mark(k, wi, box))
    return out


def _overlap(a: BBox, b: BBox) -> bool:
    return min(a.x1, b.x1) > max(a.x0, b.x0) and min(a.y1, b.y1) > max(a.y0, b.y0)


def _word_before(line: Line, box: BBox, reach: float) -> int | None:
    """The word of `line` the box follows: it ends at most `reach` before the box, and the next
    word (if any) starts after the box."""
    for wi, w in enumerate(line.words):
        gap = box.x0 - w.bbox.x1
        nxt = line.words[wi + 1] if wi + 1 < len(line.words) else None
        # clear of the next word: not a piece of its first letter that its box left out
        if -0.1 * reach <= gap <= reach and (nxt is None or nxt.bbox.x0 - box.x1 >= 0.1 * reach):
            return wi
    return None


def read_mark(
    binary: np.ndarray, box: BBox, size: float, *, lang: str = "eng", sure: float = 0.6
) -> tuple[str, float]:
    """The mark read again on its own: cut out (without the ink of the words around it), enlarged
    to the page's letter height, with a white margin, as one word (mode 8; as a line, mode 7, when
    that reads nothing) with figures only. Read with less confidence than `sure`, it is read again
    with letters too, and kept as those figures when the letters are the looks of old-style
    figures (`old_style_figures`) read with more confidence. ('', 0.0) when nothing reads figures."""
    from ingest import ocr

    cut = binary[box.y0 : box.y1, box.x0 : box.x1]
    scale = min(6.0, max(2.0, 1.5 * size / max(1, box.height)))
    big = cv2.resize(cut, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    m = max(4, round(0.5 * size * scale / 2))
    big = cv2.copyMakeBorder(big, m, m, m, m, cv2.BORDER_CONSTANT, value=255)
    best = ("", 0.0)
    for psm in (ocr.PSM_SINGLE_WORD, ocr.PSM_SINGLE_LINE):
        text, conf = ocr.read_line(big, lang=lang, whitelist=FIGURES, psm=psm)
        if text.isdigit() and len(text) <= 3:
            best = (text, conf)
            break
    if best[1] >= sure:
        return best
    # old-style figures: a 1 and a 0 stand no taller than small letters and read as nothing but
    # letters ('Io' for a raised 10), so figures only read a doubtful '1' or nothing
    text, conf = ocr.read_line(big, lang=lang, whitelist="", psm=ocr.PSM_SINGLE_LINE)
    figures = old_style_figures(text)
    if figures is not None and conf > best[1]:
        return figures, conf
    return best


#: Letters an old-style figure is read as, when a mark read as letters is all such letters.
OLD_STYLE_LOOKS = str.maketrans({"I": "1", "l": "1", "i": "1", "o": "0", "O": "0", "z": "2", "Z": "2"})


def old_style_figures(text: str, *, least: int = 2, most: int = 3) -> str | None:
    """The figures a mark read as letters is when every letter is the look of an old-style
    figure (`OLD_STYLE_LOOKS`, figures read as such kept): 'Io' → '10'; None otherwise, and for
    fewer than `least` characters (a speck is easily read as one 'I' or 'o') or more than `most`."""
    t = text.strip()
    if not least <= len(t) <= most:
        return None
    figures = t.translate(OLD_STYLE_LOOKS)
    return figures if figures.isdigit() and not t.isdigit() else None


def _in_order(marker: str, at: tuple[int, int], markers: Sequence[str], found: Sequence[Call]) -> bool:
    """Whether a call of `marker` at `at` (line, word) keeps the page's notes in order: no exact
    call of a note before it comes after it, none of a note after it comes before it."""
    i = markers.index(marker)
    for c in found:
        if not c.exact or c.marker not in markers:
            continue
        j = markers.index(c.marker)
        pos = (c.line, c.word)
        if (j < i and pos > at) or (j > i and pos <= at):
            return False
    return True
