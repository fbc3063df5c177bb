"""Measures of one body line against its column, shared by the paragraph and verse rules: where
its text starts (past OCR specks), how far it is set in, how far it reaches, the room left at its
end, and what its words say about sentences (does it end one, does the next line run on)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ingest.layout.geometry import PageFrame, VolumeMetrics, baseline, rises
from ingest.model import Line, Word

SENTENCE_END = (".", "!", "?", ":", "”", '"', "’", ")", "»")


_SPECK = frozenset("_|'‘’.,`~^\"-")


def start(line: Line) -> float:
    """Where the line's text starts: its first word, unless OCR read a speck there as a mark of
    its own ('_', '|', '‘', '.', a lone '-'), which a printed line never starts with apart from
    its words, or glued to its first word ('.in': `_GLUED`, then the word starts a letter's
    width, its box's width shared by its letters, right of its box), or took a speck before it
    into its box without reading it (`_letters_start`). A dash printed as text
    (`_printed_dash`: "— and then", read '-') is no speck. A line whose box starts left of its
    words was set against a drop capital's edge (`dropcaps`), and starts there."""
    words = line.words
    k = _first_word_index(line)
    w = words[k]
    x = float(w.bbox.x0) if k and line.bbox.x0 >= words[0].bbox.x0 else float(line.bbox.x0)
    if x == w.bbox.x0 and _GLUED.match(w.text):
        x += w.bbox.width / len(w.text)
    elif x == w.bbox.x0:
        x = max(x, _letters_start(line, w))
    return x


#: A word OCR read with less confidence than this may have taken a speck into its box.
DOUBTFUL = 0.3


def _letters_start(line: Line, w: Word, *, wider: float = 1.25, excess: float = 0.5) -> float:
    """Where the letters of the line's first word `w` start when OCR took a speck of dust before
    them into the word's box: a word read with next to no confidence (under `DOUBTFUL`), no taller
    than the line's words, and wider than its letters need at the line's own width per letter
    (the median over its words read with confidence; `wider` times that for a word's opening
    capital) by more than `excess` times the line's word height. Its letters then end where its
    box ends and start their width left of it ('Can' read at 0.02 in a box from a speck 87 px
    left of the 'C': the indented line looked flush left, and its paragraph ran on from the one
    before). Otherwise the box's left edge."""
    x0 = float(w.bbox.x0)
    if w.confidence >= DOUBTFUL or not w.text:
        return x0
    if any(v is not w and w.bbox.x0 < v.bbox.x0 < w.bbox.x1 for v in line.words):
        # a box running over the words after it ('dangerously' boxed over '— preparing'): its
        # right edge is not where its letters end
        return x0
    sure = [v for v in line.words if v is not w and v.confidence >= 2 * DOUBTFUL and len(v.text) >= 3]
    if len(sure) < 3:
        return x0
    per_letter = sorted(v.bbox.width / len(v.text) for v in sure)[len(sure) // 2]
    height = sorted(v.bbox.height for v in sure)[len(sure) // 2]
    need = wider * per_letter * len(w.text)
    if w.bbox.height > 1.5 * height or w.bbox.width - need <= excess * height:
        return x0
    return float(w.bbox.x1) - need


def _first_word_index(line: Line) -> int:
    """The index of the line's first word past the specks OCR read as marks of their own before it
    (see `start`)."""
    words = line.words
    k = 0
    while (
        k < len(words) - 1
        and len(words[k].text) <= 2
        and set(words[k].text) <= _SPECK
        and not _printed_dash(line, k)
    ):
        k += 1
    return k


def first_word(line: Line) -> Word:
    """The line's first word past the specks OCR read before it ('._', a lone '-' two pixels
    wide): the word a typesetter would have had to fit on the line above."""
    return line.words[_first_word_index(line)]


# one mark a printed word never opens with, read glued to a letter or figure: a speck before the
# word ('.in'); an ellipsis ('..and') or a quote ('‘and') is printed so. A hyphen glued so
# ('-finding') is a speck or a dash printed at the line's start ('—and'): only the page image
# tells them apart (`gluedspecks`, which drops the speck before lines are measured)
_GLUED = re.compile(r"[.,_|`~^](?=[^\W_])")


def _printed_dash(line: Line, k: int, *, least: float = 0.3, space: float = 0.6) -> bool:
    """Whether word `k` of the line is a dash set as text before the next word (a spaced dash
    opening the line, read '-'): at least `least` of the line's letter height wide, no taller than
    wide, at mid-height of the next word, and followed by it within `space` letter heights (a
    word space). A speck read as '-' is small, or stands apart, or sits off the middle."""
    w, nxt = line.words[k], line.words[k + 1]
    if set(w.text) != {"-"}:
        return False
    heights = sorted(x.bbox.height for x in line.words if x is not w)
    h = heights[len(heights) // 2]
    mid = (w.bbox.y0 + w.bbox.y1) / 2
    return (
        w.bbox.width >= least * h
        and w.bbox.height <= w.bbox.width
        and nxt.bbox.y0 + 0.2 * nxt.bbox.height <= mid <= nxt.bbox.y1 - 0.2 * nxt.bbox.height
        and nxt.bbox.x0 - w.bbox.x1 <= space * h
    )


def is_speck_line(line: Line) -> bool:
    """Whether OCR read the line from dust alone: every word of it one or two of the marks a
    printed line never consists of (`_SPECK`: '.', '_', '|', a quote, a lone '-'). Such a line
    starts no paragraph and ends none."""
    return bool(line.words) and all(len(w.text) <= 2 and set(w.text) <= _SPECK for w in line.words)


def inset(line: Line, frame: PageFrame) -> float:
    """How far the line starts (`start`) right of the column's left edge (where that edge is at
    the line's height: a column set askew has its edge move down the page)."""
    return start(line) - frame.left_at((line.bbox.y0 + line.bbox.y1) / 2)


#: Quotes a line may open with, hung into the margin left of its letters.
_OPENING_QUOTES = "‘“'\"„«‹`"


def quote_hung(line: Line) -> float:
    """The width of the quotes glued before the letters of the line's first word ('‘Thad', '“We'),
    its box's width shared by its characters; 0 when it opens with none. A setter may hang them
    left of the edge its lines start at, and a speck glued before a letter is read as one."""
    if not line.words:
        return 0.0
    w = min(line.words, key=lambda w: w.bbox.x0)
    n = len(w.text) - len(w.text.lstrip(_OPENING_QUOTES))
    if n == 0 or n == len(w.text) or start(line) > w.bbox.x0:
        return 0.0
    return n * w.bbox.width / len(w.text)


def starts_at(line: Line, frame: PageFrame, at: float, tol: float) -> bool:
    """Whether the line starts within `tol` of `at` (an inset, `inset`): its first word, or the
    letters after the quotes it opens with (`quote_hung`)."""
    x = inset(line, frame)
    return abs(x - at) <= tol or (abs(x + quote_hung(line) - at) <= tol)


def reach(line: Line, frame: PageFrame) -> float:
    """How far right of the column's left edge the line ends."""
    return line.bbox.x1 - frame.left_at((line.bbox.y0 + line.bbox.y1) / 2)


def room(line: Line, frame: PageFrame) -> float:
    """The space between the line's end and the column's right edge."""
    return frame.right_at((line.bbox.y0 + line.bbox.y1) / 2) - line.bbox.x1


def is_indented(
    line: Line, frame: PageFrame, metrics: VolumeMetrics, *, min_indent: float = 0.6, max_indent: float = 4.0
) -> bool:
    """Whether the line starts between `min_indent` and `max_indent` body line heights right of the
    column's left edge (a paragraph indent, not a centred line)."""
    d = inset(line, frame)
    return min_indent * metrics.line_height <= d <= max_indent * metrics.line_height


def is_short(line: Line, frame: PageFrame, metrics: VolumeMetrics, *, short_gap: float = 1.0) -> bool:
    """Whether the line stops more than `short_gap` body line heights before the column's right edge
    (justified lines run to the edge; a paragraph's last line usually does not)."""
    return room(line, frame) > short_gap * metrics.line_height


def next_word_fits(
    line: Line, nxt: Line, frame: PageFrame, metrics: VolumeMetrics, *, space: float = 0.5
) -> bool:
    """Whether the first word of `nxt` (and a space of `space` type heights) would have fitted at
    the end of `line`, before the column's right edge: a typesetter, justifying or setting ragged
    right, breaks a line there only when a paragraph ends. A ragged line stopping short of the
    edge by less than the next word is no paragraph end, whatever its last word."""
    if not nxt.words:
        return True
    return room(line, frame) > first_word(nxt).bbox.width + space * (
        metrics.type_height or metrics.line_height
    )


def runs_on(line: Line) -> bool:
    """Whether the line's text starts in the middle of a sentence: its first letter or figure is
    not a capital (the rest of a sentence broken at the line above, as in verse of short lines; a
    list of names starts every line with a capital)."""
    first = next((c for c in line.text if c.isalnum()), "")
    return bool(first) and not first.isupper()


def ends_sentence(line: Line) -> bool:
    """Whether a line ends on a sentence's end (a stop, a colon, a closing quote or bracket); not
    where its last word opens a bracket it does not close ('(pp.', '[cf.'): an abbreviation
    inside a parenthesis that goes on; nor where it ends on a name's initial, a capital and its
    stop after a word opening with a capital ('…by John G.' / 'Wright.'): the name goes on (not
    after a comma: 'See Sedov, L.' ends a reference); nor on a comma or a semicolon inside the
    closing quote or bracket."""
    t = line.text.rstrip()
    words = line.words
    last = words[-1].text if words else ""
    opened = last[:1] in "([" and not any(c in last for c in ")]")
    initial = (
        len(words) >= 2
        and len(last) == 2
        and last[0].isupper()
        and last[1] == "."
        and words[-2].text.lstrip("\"'‘“(")[:1].isupper()
        and not words[-2].text.endswith(",")
    )
    # a comma or a semicolon inside a closing quote or bracket goes on ('…a centrist line,’' /
    # 'which, until…'; '“…as he said,”' / 'and went on')
    within = t.rstrip('”"’)»').endswith((",", ";"))
    return t.endswith(SENTENCE_END) and not opened and not initial and not within


def line_step(a: Line, b: Line) -> float:
    """The distance from line `a` to line `b` below it, the larger of two readings that can each
    only fall short of it: the smaller of top-to-top and bottom-to-bottom between the lines'
    boxes (a warp or a tall glyph moves one edge, real space moves both), and the same between
    the edges where most of their words have them (`line_edges`). One word's box stretched by a speck
    or a bracket ('Pyatakova' with a dot of dust above it, '(temporarily)') moves its line box's
    edge, and the boxes' reading hid the space before a paragraph or a stanza; a line of one word
    with a descender ('Party.') has its words' bottom below the baseline the next line's words
    share, and the words' reading falls short there. The boxes' reading can only fall short as
    long as the upper line's top and the lower line's bottom are where its words have them: a
    speck stretching one word of the upper line up and another stretching one of the lower line
    down lengthen both of its distances (`_outer_edge`). The words' edges are compared like with
    like where both lines have words of a kind (`_tops`, `_feet`): the tops of words rising to the
    ascender line, else of words of x-height letters alone; the baselines. A line of two words of
    x-height letters and descenders but for one ascender ('peasantry dialectically.') has its
    words' median top and bottom lower on its line than a line of ascenders has: its median edges
    read a paragraph's or a stanza's space under a line that stands a pitch above it."""
    boxes = min(b.bbox.y0 - _outer_edge(a, top=True), _outer_edge(b, top=False) - a.bbox.y1)
    ta, ba = line_edges(a)
    tb, bb = line_edges(b)
    ta, tb = _alike(_tops(a), _tops(b), (ta, tb))
    ba, bb = _alike(_feet(a), _feet(b), (ba, bb))
    sa, sb = _tilt(a, b), _tilt(b, a)
    return max(boxes, min(tb + sb - ta - sa, bb + sb - ba - sa))


def _alike(
    a: tuple[float | None, ...], b: tuple[float | None, ...], medians: tuple[float, float]
) -> tuple[float, float]:
    """Two lines' edges read on words of one kind (`_tops`, `_feet`): the first kind both lines
    have, else their words' medians."""
    for ea, eb in zip(a, b, strict=True):
        if ea is not None and eb is not None:
            return ea, eb
    return medians


def _tops(line: Line) -> tuple[float | None, float | None]:
    """The median top of the line's words that rise to the ascender line or the capitals
    (`geometry.rises`), and of its words of two or more x-height letters alone (`_X_HEIGHT`);
    None for a kind the line has no word of."""
    rising = sorted(w.bbox.y0 for w in line.words if rises(w))
    low = sorted(w.bbox.y0 for w in line.words if _x_height_word(w))
    return _middle(rising), _middle(low)


#: Letters that neither rise over the x-height nor reach below the baseline (an 'i' has its dot,
#: a 't' rises a little).
_X_HEIGHT = frozenset("acemnorsuvwxz")


def _x_height_word(word: Word) -> bool:
    letters = [c for c in word.text if c.isalnum()]
    return len(letters) >= 2 and all(c in _X_HEIGHT for c in letters)


def _feet(line: Line) -> tuple[float | None]:
    """The line's baseline (`geometry.baseline`), None without one. The feet of words with a
    descender are no measure: a speck under one stretches its box further than a descender."""
    return (baseline(line),)


def _middle(values: Sequence[float]) -> float | None:
    return float(values[len(values) // 2]) if values else None


def _tilt(line: Line, other: Line, *, least: float = 0.1) -> float:
    """How far the line stands lower (positive) or higher over the span of the `other` line than
    its words do at their median (`line_edges`): a line curled near the page's gutter, or set askew,
    has its words rise or fall along it, and a short line below its one end is a pitch from that
    end, not from the line's middle. The shift is read where both edges of the line's words over
    that span move the same way, the lesser of the two moves (a word with an ascender or a
    descender moves one edge alone), and only past `least` times the line's usual word height;
    0 when all of the line's words, or none, stand over the span."""
    words = [w for w in line.words if w.bbox.x1 > other.bbox.x0 and w.bbox.x0 < other.bbox.x1]
    if not words or len(words) == len(line.words):
        return 0.0
    top, bottom = line_edges(line)
    near_top, near_bottom = _word_edges(words)
    dt, db = near_top - top, near_bottom - bottom
    if dt * db <= 0:
        return 0.0
    heights = sorted(w.bbox.height for w in line.words)
    shift = min(abs(dt), abs(db))
    if shift < least * heights[len(heights) // 2]:
        return 0.0
    return shift if dt > 0 else -shift


def box_height(line: Line) -> float:
    """The height of the line's box, an edge that one word's box stretched by a speck of dust past
    where most of the line's words have theirs (`_outer_edge`) taken where they have it: dust
    above one word and under another made a line of a block quote look a title's height."""
    return _outer_edge(line, top=False) - _outer_edge(line, top=True)


def top_edge(line: Line) -> float:
    """The line box's top, unless one of its words' boxes a speck stretched up past where most of
    its words have their top (`_outer_edge`): then the words' top."""
    return _outer_edge(line, top=True)


def _outer_edge(line: Line, *, top: bool, stretch: float = 0.5) -> float:
    """The line box's top (or bottom), unless one of its words stretches it more than `stretch`
    times the line's usual word height past where most of its words have it (`line_edges`): a speck
    read into a word's box, no type reaches that far. Then the words' edge."""
    edge = line.bbox.y0 if top else line.bbox.y1
    if len(line.words) < 3:
        return edge
    heights = sorted(w.bbox.height for w in line.words)
    usual = heights[len(heights) // 2]
    most = line_edges(line)[0 if top else 1]
    return most if abs(edge - most) > stretch * usual else edge


def line_edges(line: Line) -> tuple[float, float]:
    """The line's top and bottom where most of its words have them: the median of its words' tops
    and of their bottoms (of two words, the lower top and the higher bottom, the box less
    stretched); the box's edges for a line without words."""
    if not line.words:
        return line.bbox.y0, line.bbox.y1
    return _word_edges(line.words)


def _word_edges(words: Sequence[Word]) -> tuple[float, float]:
    """The median of the words' tops and of their bottoms (see `line_edges`)."""
    tops = sorted(w.bbox.y0 for w in words)
    bottoms = sorted(w.bbox.y1 for w in words)
    return tops[len(tops) // 2], bottoms[(len(bottoms) - 1) // 2]


def median_step(
    pairs: Iterable[tuple[Line, Line]], metrics: VolumeMetrics, *, span: tuple[float, float], min_samples: int
) -> float | None:
    """The median step (`line_step`, in body pitches) between the lines of `pairs` among the steps
    within `span`; None when fewer than `min_samples` steps are."""
    steps = sorted(s for a, b in pairs if span[0] <= (s := line_step(a, b) / metrics.pitch) <= span[1])
    return steps[len(steps) // 2] if len(steps) >= min_samples else None


def halfway_gap(space: float, *, least: float, clear: float) -> float:
    """The step (in pitches) from which lines stand apart in a volume that sets `space` between its
    paragraphs or stanzas: halfway between the pitch and that space, at least `least` and at most
    `clear`."""
    return min(clear, max(least, (1.0 + space) / 2))
