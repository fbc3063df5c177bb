"""Footnotes: the note zone at the page bottom.

The note zone is the run of bottom lines set closer than body lines (smaller type), set off from the
body by a gap (often with a rule). The notes in it, and their markers as OCR reads them, are in
`notemarkers`; the calls in the body and their matching to the notes are in `calls`.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence

from ingest.layout import lemmas
from ingest.layout.calls import SYMBOL_MARKERS, call_candidates, likely, likely_calls
from ingest.layout.drafts import Draft, PageWork
from ingest.layout.geometry import VolumeMetrics, source_sizes, text_words, type_height
from ingest.layout.measures import line_edges, line_step
from ingest.layout.notemarkers import (
    MISREAD_NUMBER,
    first_mark,
    note_marker,
    numbered_below,
    opens_next_otherwise,
    opens_note,
    starts_note,
)
from ingest.model import BBox, BlockKind, Line

#: The glyphs of symbol notes' marks (`calls.SYMBOL_MARKERS`).
SYMBOL_GLYPHS = "".join(SYMBOL_MARKERS)


def note_zone_start(
    lines: Sequence[Line],
    metrics: VolumeMetrics,
    *,
    next_number: int | None = None,
    may_continue: bool = True,
    symbols: bool = False,
    pitch_ratio: float = 0.9,
    height_ratio: float = 0.86,
    gap_factor: float = 1.25,
) -> int | None:
    """Index of the first line of the note zone among the page's body lines, or None.

    First by type size (`zone_by_type`), then by the expected note's marker over a gap
    (`zone_by_marker`), then by line spacing (`zone_by_pitch`). A zone that does not open with a
    note's marker continues the previous page's last note: with `may_continue` False (the previous
    page ended without notes) type size alone does not make one, unless the volume marks its notes
    with symbols restarting on every page (`symbols`) and the body above holds calls. Lines of marks
    alone (the rule over the notes read as '_') are left out of the measuring: a mark's box says
    nothing of the type or the pitch, and such a line right over the notes would hide their gap
    from the body and look like the zone's first line without a note's marker."""
    rules = [i for i, ln in enumerate(lines) if _marks_only(ln)]
    if rules and len(rules) < len(lines):
        kept = [i for i in range(len(lines)) if i not in set(rules)]
        k = note_zone_start(
            [lines[i] for i in kept],
            metrics,
            next_number=next_number,
            may_continue=may_continue,
            symbols=symbols,
            pitch_ratio=pitch_ratio,
            height_ratio=height_ratio,
            gap_factor=gap_factor,
        )
        return kept[k] if k is not None else None
    for k in (
        zone_by_type(lines, metrics, next_number=next_number, may_continue=may_continue, symbols=symbols),
        zone_by_marker(
            lines, metrics, next_number=next_number, pitch_ratio=pitch_ratio, gap_factor=gap_factor
        ),
        zone_by_pitch(
            lines,
            metrics,
            next_number=next_number,
            may_continue=may_continue,
            pitch_ratio=pitch_ratio,
            height_ratio=height_ratio,
            gap_factor=gap_factor,
        ),
        zone_by_advance(lines, metrics) if symbols else None,
        zone_by_symbol(lines, metrics, gap_factor=gap_factor) if symbols else None,
    ):
        if k is not None:
            k = _past_a_set_off_block(
                lines, k, metrics, next_number=next_number, symbols=symbols, gap_factor=gap_factor
            )
            return None if _numbered_points(lines[k:], symbols=symbols, may_continue=may_continue) else k
    return None


def marks_symbols(pages: Iterable[Sequence[Line]], *, min_pages: int = 2) -> bool:
    """Whether a volume marks its notes with symbols, before any of its notes is read: on
    `min_pages` pages or more lines in the lower half of the page open with a symbol as printed
    (`_symbol_opened`: '* Bonapartism – The Marxist term…'), no mark twice (`_once_each`: not a
    list behind one mark). No line of prose or of numbered notes opens so; it tells the volume's
    way of marking before its first zone is found, where OCR garbled that zone's first mark ('x: K
    mere ev, L.') and its blurred type hid it (a photographed page)."""
    seen = 0
    for lines in pages:
        if not lines:
            continue
        mid = _middle(lines)
        marks = [m for ln in lines if ln.bbox.y0 > mid and (m := _symbol_opened(ln)) is not None]
        if marks and _once_each(marks):
            seen += 1
            if seen >= min_pages:
                return True
    return False


def _middle(lines: Sequence[Line]) -> float:
    """Half-way down the lines' text: a line whose top is below it is in the lower half."""
    return (min(ln.bbox.y0 for ln in lines) + max(ln.bbox.y1 for ln in lines)) / 2


def _symbol_opened(line: Line) -> str | None:
    """The symbol a line of three words or more opens with as printed ('*', '†'), before a
    capitalised word, as a symbol note's first line does; else None."""
    mark = first_mark(line)
    return mark if mark is not None and len(line.words) >= 3 and line.words[1].text[:1].isupper() else None


def _once_each(marks: Sequence[str]) -> bool:
    """Whether no mark comes twice: a page's symbol notes go * † ‡ …, each once; a list sets one
    mark before every item ('* Simple, easy to learn operation…', '* Non-destructive…')."""
    return len(set(marks)) == len(marks)


def _numbered_points(zone: Sequence[Line], *, symbols: bool, may_continue: bool) -> bool:
    """Whether a zone found in a volume of symbol notes, on a page no note goes on to, opens with a
    number read whole with its stop ('2. The extreme deterioration…') and holds no line opening
    with a symbol's mark: numbered points of the text set small, not notes (a symbol note's mark
    misread is no figure with a stop)."""
    if not symbols or may_continue or not zone:
        return False
    words = text_words(zone[0])
    opens = (
        len(words) >= 2
        and re.fullmatch(r"\d{1,3}[.)]", words[0].text) is not None
        and words[1].text[:1].isupper()
    )
    return opens and all(first_mark(ln) is None for ln in zone)


def _marks_only(line: Line) -> bool:
    """Whether a line holds marks alone: no letter or figure in any word, and no note symbol (a
    symbol note's mark OCR set on a line of its own opens that note)."""
    return all(not any(c.isalnum() or c in SYMBOL_GLYPHS for c in w.text) for w in line.words)


def _past_a_set_off_block(
    lines: Sequence[Line],
    k: int,
    metrics: VolumeMetrics,
    *,
    next_number: int | None,
    symbols: bool = False,
    gap_factor: float,
) -> int:
    """Where the note zone found at line `k` really starts. A block set in the notes' smaller type
    right above them (a quotation, a document quoted whole) looks like the zone's start; the notes
    are then set off from it by a gap of their own. When line `k` does not open the expected note
    and a later line does, over a gap of `gap_factor` body pitches, the zone starts there. A line
    that opens with another number read whole, one `starts_note` takes for the expected one
    misread ('10.' for 16: a numbered point of the text at the page's foot), gives way the same
    to a later line over such a gap that opens with the expected number itself; so does a line
    opening with a symbol's mark where the volume numbers its notes (notes before it numbered, the
    last not a symbol's: `symbols` False, `next_number` past 1), to a later line over such a gap
    that opens the expected note by its number: a paragraph's opening quote read as '*' ('*Kolya'
    for '"Kolya') over the page's notes. A line that opens with the expected number read whole
    gives way to a later line over such a gap that opens with that number too: two notes do not
    carry one number, and the first is a numbered point of the text ('3. You write that…' in a
    volume whose paragraphs are spaced, over '3. Comintern …'). In a volume of symbol notes, a
    line opening with a number read whole gives way to a later line over such a gap that opens
    with a symbol's mark: a numbered point of the text set in the notes' smaller type ('2. The
    extreme deterioration…' set in, over '* The XIIth Congress…')."""
    if next_number is None:
        return k
    near = starts_note(lines[k], next_number)
    mark = near and not symbols and next_number > 1 and first_mark(lines[k]) is not None
    if near and not mark and not _another_number(lines[k], next_number):
        if _opens_number(lines[k], next_number):
            # the same number read whole again over a gap: that line opens the note
            for j in range(k + 1, len(lines)):
                if zone_gap(lines[j - 1], lines[j]) >= gap_factor * metrics.pitch and _opens_number(
                    lines[j], next_number
                ):
                    return j
        return k
    figure = symbols and first_mark(lines[k]) is None and _another_number(lines[k], next_number)
    for j in range(k + 1, len(lines)):
        if zone_gap(lines[j - 1], lines[j]) < gap_factor * metrics.pitch:
            continue
        if mark:
            if starts_note(lines[j], next_number) and first_mark(lines[j]) is None:
                return j  # a note opening with a number (read whole or misread), not a mark
        elif figure and first_mark(lines[j]) is not None:
            return j  # a note opening with a symbol's mark, under a numbered point of the text
        elif _opens_number(lines[j], next_number) if near else starts_note(lines[j], next_number):
            return j
    return k


def _opens_number(line: Line, number: int) -> bool:
    """Whether a line opens with `number` read whole ('16.', '16)', '16') before words."""
    words = text_words(line)
    return len(words) >= 2 and words[0].text.rstrip(".)") == str(number)


def _body_type(
    lines: Sequence[Line],
    metrics: VolumeMetrics,
    *,
    min_words: int = 4,
    near: tuple[float, float] = (0.8, 1.25),
) -> float:
    """The body type height above a candidate zone: the page's own (full lines within `near` of
    their median, so a large heading does not count) when it has enough of them, else the
    volume's. The page's own, not within `near` of the volume's: in a book whose notes run longer
    than its text, the volume's type height is the notes'."""
    types = sorted(type_height(ln) for ln in lines if len(ln.words) >= min_words)
    if len(types) < 3:
        return metrics.type_height
    mid = types[len(types) // 2]
    full = [t for t in types if near[0] * mid <= t <= near[1] * mid]
    return full[len(full) // 2] if len(full) >= 3 else metrics.type_height


def zone_by_type(
    lines: Sequence[Line],
    metrics: VolumeMetrics,
    *,
    next_number: int | None = None,
    may_continue: bool = True,
    symbols: bool = False,
    type_ratio: float = 0.9,
    size_ratio: float = 0.95,
    min_small_share: float = 0.75,
    gap_factor: float = 1.1,
    curl: float = 1.3,
) -> int | None:
    """The first line from which the page's lines are set in smaller type than the body above them
    (type height at most `type_ratio` of it, for the first line, the zone's median and at least
    `min_small_share` of its lines), set off by a gap of `gap_factor` body pitches. Notes are set
    smaller than the text; a warped scan distorts line boxes but hardly the median word height.
    Text layers give exact type sizes (`Word.size`): then a zone at most `size_ratio` of the body
    size counts (a note one point smaller than the text). A first line whose box is more than
    `curl` body line heights tall is curled (a photographed page's foot): its words' boxes grow
    with the curve and say nothing of its type, so the zone is judged by its other lines, when it
    is in the lower half of the page and opens a note (`opens_note`) or the body holds calls.
    Where no note can continue onto the page (`may_continue` False), the first line must open a
    note (`opens_note`); in a volume of symbol notes restarting on every page (`symbols`), calls
    read in the body above (`calls.likely_calls`) say that the page has notes of its own, whatever
    OCR made of the first one's mark ('bd' for *)."""
    n = len(lines)
    if not metrics.type_height:
        return None
    sizes = source_sizes(lines)
    types = sizes or [type_height(ln) for ln in lines]
    for k in range(1, n):
        if sizes is not None:  # exact sizes from a text layer: notes a size step smaller count
            limit = size_ratio * _body_size(sizes[:k], lines[:k])
        else:
            limit = type_ratio * _body_type(lines[:k], metrics)
        curled = (
            sizes is None
            and k + 1 < n
            and lines[k].bbox.height > curl * metrics.line_height
            and types[k] > limit
            # a note zone is at the foot: in the lower half of the page's lines
            and 2 * lines[k].bbox.y0 > lines[0].bbox.y0 + lines[-1].bbox.y1
        )
        if (types[k] > limit and not curled) or types[k - 1] <= limit:
            continue
        if zone_gap(lines[k - 1], lines[k]) < gap_factor * metrics.pitch:
            continue
        if ends_broken_word(lines[k - 1], lines[k]) and not _opens_numbered_note(lines[k]):
            continue
        # no note continues onto the page and the first line opens with a term the body above
        # calls: the expected note, its number lost; its type is judged on that line
        term = (
            next_number is not None
            and not may_continue
            and not symbols
            and not curled
            and called_term(lines[:k], lines[k])
        )
        marked = (
            term
            or (
                next_number is not None
                and (
                    _opens_zone(lines, k, next_number)
                    # no note continues onto the page, and a line below opens the next number: the
                    # first opens the expected note, its number misread ('“AUC Pp' for '1 AUCP')
                    or (
                        not may_continue
                        and not symbols
                        and (
                            numbered_below(lines[k + 1 :], next_number)
                            or _called_below(lines, k, next_number)
                        )
                    )
                )
            )
        )
        called = symbols and likely_calls(lines[:k]) > 0
        # a block set in from both edges is a quotation; a curled line opens a zone on the
        # evidence of its mark or of the page's calls
        if not marked and (set_in(lines[:k], lines[k:]) or (not called and (curled or not may_continue))):
            continue
        # a line of one word measures that word's letters (a descender, an ascender), not the
        # type: the zone is judged on its other lines
        rest = k + 1 if curled else k
        zone = sorted(
            t for t, ln in zip(types[rest:], lines[rest:], strict=True) if _words(ln) > 1
        ) or sorted(types[rest:])
        small = sum(1 for t in zone if t <= limit)
        if term or (zone[len(zone) // 2] <= limit and small >= min_small_share * len(zone)):
            return k
    return None


def _opens_zone(lines: Sequence[Line], k: int, expected: int) -> bool:
    """Whether line `k` opens note `expected` (`opens_note`), a number read whole that is another
    ("5." for note 1) aside when every line from it starts in from the body's left edge (a
    numbered point of a document quoted whole in smaller type, not a note's number misread: a
    note's lines after its first run from the edge), or when a line below opens with the number
    after it and the body above holds no likely call (`_numbered_run`)."""
    return opens_note(lines[k], expected) and not _numbered_point(lines, k, expected)


def _numbered_point(lines: Sequence[Line], k: int, expected: int) -> bool:
    """Whether line `k` opens with another number than note `expected`'s, read whole, and every
    line from it starts in from the body's left edge (`_set_in_left`) or it goes on a run of
    numbered paragraphs (`_numbered_run`): a point of the text, not a note."""
    return _another_number(lines[k], expected) and (
        _set_in_left(lines[:k], lines[k:]) or _numbered_run(lines, k)
    )


def _numbered_run(lines: Sequence[Line], k: int) -> bool:
    """Whether line `k`, opening with a number read whole, goes on a run of numbered paragraphs:
    a line below opens with the number after it (`notemarkers.numbered_below`) and the body above
    holds no likely call (`calls.likely_calls`). A document's points 15, 16 and 17 at a page's
    foot, a heavy scan's blur making their type look smaller, follow each other as printed; notes
    that many numbers past the expected one would have their calls above."""
    words = text_words(lines[k])
    read = int(words[0].text.rstrip(".)"))
    return numbered_below(lines[k + 1 :], read) and likely_calls(lines[:k]) == 0


def _called_below(lines: Sequence[Line], k: int, expected: int, *, min_calls: int = 2) -> bool:
    """Whether a zone starting at line `k`, on a page no note continues onto, holds the page's
    notes though OCR read none of their numbers whole: the first line below it that opens a note
    opens note `expected` + 1 as a misread number does, read otherwise than line `k`'s
    (`notemarkers.opens_next_otherwise`), and the body above holds at least `min_calls` likely
    calls (`calls.likely_calls`), as many as the two notes the zone then opens want. The first
    line is note `expected`, its number misread or lost ('. AUCP' for '1. AUCP')."""
    return opens_next_otherwise(lines[k:], expected) and likely_calls(lines[:k]) >= min_calls


def called_term(body: Sequence[Line], line: Line, *, strong: float = 1.5) -> bool:
    """Whether `line` opens with a note's term (`lemmas.note_head`: 'Budenny, S. (1883–1973) – …')
    that the body above mentions with a likely call right after it (strength `strong` or more,
    possessives aside, or a number read; glued to the term or a token of its own after it): the
    first line of that note, its number lost ('it, then Budenny.?' over 'Budenny, S. …')."""
    head = lemmas.note_head(" ".join(w.text for w in line.words))
    if head is None:
        return False
    spots = {(c.line, c.word) for c in call_candidates(body) if likely(c, strong=strong)}
    return any((li, wi) in spots or (li, wi + 1) in spots for li, wi in lemmas.mentions(body, head))


def _another_number(line: Line, expected: int) -> bool:
    """Whether a line opens with a number read whole ("5.", "12)") that is neither note
    `expected`'s nor its end (a leading figure lost: "5" for 15)."""
    words = text_words(line)
    if len(words) < 2:
        return False
    token = words[0].text.rstrip(".)")
    return token.isdigit() and len(token) <= 3 and not str(expected).endswith(token)


def _set_in_left(body: Sequence[Line], run: Sequence[Line]) -> bool:
    """Whether every line of a run of two or more starts more than a type height right of where
    most full body lines start (`set_in`'s left edge)."""
    full = [ln for ln in body if len(ln.words) >= 4]
    if len(full) < 3 or len(run) < 2:
        return False
    left = sorted(ln.bbox.x0 for ln in full)[len(full) // 2]
    inset = statistics.median(type_height(ln) for ln in full)
    return all(ln.bbox.x0 > left + inset for ln in run)


def set_in(body: Sequence[Line], run: Sequence[Line]) -> bool:
    """Whether a run of smaller lines below the body is set in from both of the body's edges by
    more than a type height (every line from the left, every line but its last from the right): a
    block quotation, not the rest of a note carried over from the page before, which runs on at
    the notes' full measure. The edges are where most full body lines start and end."""
    full = [ln for ln in body if len(ln.words) >= 4]
    if len(full) < 3 or len(run) < 2:
        return False
    left = sorted(ln.bbox.x0 for ln in full)[len(full) // 2]
    right = sorted(ln.bbox.x1 for ln in full)[len(full) // 2]
    inset = statistics.median(type_height(ln) for ln in full)
    return all(ln.bbox.x0 > left + inset for ln in run) and all(ln.bbox.x1 < right - inset for ln in run[:-1])


def _words(line: Line) -> int:
    """How many of a line's words have a letter or a figure."""
    return len(text_words(line))


def _body_size(sizes: Sequence[float], lines: Sequence[Line], *, min_words: int = 4) -> float:
    """The body's type size above a candidate zone from text-layer sizes: the most common size of
    full lines (headings are few, larger and shorter)."""
    full = [s for s, ln in zip(sizes, lines, strict=True) if len(ln.words) >= min_words] or list(sizes)
    return max(set(full), key=full.count)


def zone_by_marker(
    lines: Sequence[Line],
    metrics: VolumeMetrics,
    *,
    next_number: int | None,
    pitch_ratio: float = 0.9,
    gap_factor: float = 1.25,
    type_ratio: float = 0.9,
) -> int | None:
    """The first line that starts with the expected note's marker after a gap of `gap_factor` body
    pitches, below which lines are set closer than body lines (lower median pitch under
    `pitch_ratio`). The lines' steps may also be read where most of their words have their edges
    (`measures.line_step`: a word's box stretched by a speck or a warp moves the line's box, not
    its words' median), but then the zone's type must be smaller too: its lines' words (their
    median top to median bottom, `measures.line_edges`) at most `type_ratio` as tall as the body's
    full lines' above it, as notes are set (a numbered point of the text over a gap is set in the
    text's type). A line opening with another number read whole, the expected one's look-alike
    ('11.' for 15), opens no zone when it is a numbered point of the text (`_numbered_point`), as
    in `_opens_zone`."""
    if next_number is None:
        return None
    for k in range(1, len(lines)):
        if not starts_note(lines[k], next_number):
            continue
        if zone_gap(lines[k - 1], lines[k]) < gap_factor * metrics.pitch:
            continue
        zone = lines[k:]
        if len(zone) < 2:
            continue
        if _numbered_point(lines, k, next_number) and not _opens_number(lines[k], 1):
            # '11.' where 15 is expected, every line from it set in: a numbered point of the text
            # quoted in smaller type at the page's foot, as `_opens_zone` tells it (not a 1: notes
            # numbered afresh on the page, a column's notes set in from the page's left edge)
            continue
        pitches = sorted(b.bbox.y0 - a.bbox.y0 for a, b in zip(zone, zone[1:], strict=False))
        # the lower median: a warped first line (its box grown) must not outweigh the rest
        pitch = pitches[(len(pitches) - 1) // 2]
        if pitch <= pitch_ratio * metrics.pitch and not _set_as_body(
            lines[:k], zone, pitch, metrics, pitch_ratio, type_ratio
        ):
            return k
        steps = sorted(line_step(a, b) for a, b in zip(zone, zone[1:], strict=False))
        if steps[(len(steps) - 1) // 2] <= pitch_ratio * metrics.pitch and _smaller_words(
            lines[:k], zone, type_ratio
        ):
            return k
    return None


def _not_smaller_words(
    body: Sequence[Line], zone: Sequence[Line], ratio: float, *, min_words: int = 4
) -> bool:
    """Whether the zone's lines' words are measurably not smaller than the body's: the body has
    the full lines to measure (`_smaller_words`) and the zone's words stand more than `ratio` as
    tall as theirs."""
    full = [ln for ln in body if len(ln.words) >= min_words]
    return len(full) >= 3 and not _smaller_words(body, zone, ratio, min_words=min_words)


def _set_as_body(
    body: Sequence[Line],
    zone: Sequence[Line],
    pitch: float,
    metrics: VolumeMetrics,
    pitch_ratio: float,
    type_ratio: float,
    *,
    min_steps: int = 3,
    gap_factor: float = 1.25,
) -> bool:
    """Whether a zone set closer than the volume's body pitch is set as the page's own body is: its
    pitch above `pitch_ratio` of the page's own (the median step between the body's lines above
    it, top to top, steps over a gap of `gap_factor` volume pitches aside, at least `min_steps` of
    them), and its words measurably no smaller than the body's (`_not_smaller_words` at
    `type_ratio`). A photographed page's lines close up towards its foot, under the volume's
    pitch, so a numbered point of the text there ('1. What is…' under a heading) looks set closer
    than the volume's body; it is set in the text's type at the text's pitch on its page."""
    steps = sorted(
        d
        for a, b in zip(body, body[1:], strict=False)
        if 0 < (d := b.bbox.y0 - a.bbox.y0) <= gap_factor * metrics.pitch
    )
    if len(steps) < min_steps:
        return False
    own = steps[len(steps) // 2]
    return pitch > pitch_ratio * own and _not_smaller_words(body, zone, type_ratio)


def _smaller_words(body: Sequence[Line], zone: Sequence[Line], ratio: float, *, min_words: int = 4) -> bool:
    """Whether the zone's lines' words stand at most `ratio` as tall as the body's: the median
    (the upper one) of each line's words' height from their median top to their median bottom
    (`measures.line_edges`) over the zone's lines of `min_words` words or more (all of them when
    none has so many), against the same over the body's such lines (at least three of those). A
    line of two or three words measures their ascenders and descenders, or a speck's stretch of
    one of them ('nomic questions.', a note's last line), not the type."""
    full = sorted(b - t for t, b in (line_edges(ln) for ln in body if len(ln.words) >= min_words))
    if len(full) < 3:
        return False
    measured = [ln for ln in zone if len(ln.words) >= min_words] or list(zone)
    own = sorted(b - t for t, b in (line_edges(ln) for ln in measured))
    return own[len(own) // 2] <= ratio * full[len(full) // 2]


def zone_by_pitch(
    lines: Sequence[Line],
    metrics: VolumeMetrics,
    *,
    next_number: int | None = None,
    may_continue: bool = True,
    pitch_ratio: float = 0.9,
    height_ratio: float = 0.86,
    gap_factor: float = 1.25,
    type_ratio: float = 0.9,
) -> int | None:
    """The longest run of bottom lines whose pitch is below `pitch_ratio` body pitches (a single
    bottom line: lower than `height_ratio` body line heights, or starting with the marker of note
    `next_number`), preceded by a gap of at least `gap_factor` body pitches from the line above.
    When no note can continue onto the page (`may_continue` False), the run must open with a
    note's marker (`opens_note`): closely set lines at a page's foot are also a letter's closing
    or a stanza. A run that opens on no note's number and whose words stand as tall as the body's
    full lines' (more than `type_ratio` of them, `_smaller_words`' measure) is no note carried
    over, however close it is set. A run opening on the expected number is notes whatever its
    words measure: a heavy scan's ink swells a note's small type, a single line's most of all."""
    n = len(lines)
    if n < 2:
        return None
    start = n - 1
    while start > 0:
        a, b = lines[start - 1], lines[start]
        if b.bbox.y0 - a.bbox.y0 <= pitch_ratio * metrics.pitch:
            start -= 1
        else:
            break
    if start == n - 1 and lines[-1].bbox.height > height_ratio * metrics.line_height:
        starts_note = len(lines[-1].words) > 1 and note_marker(lines[-1].words[0], next_number) is not None
        if not starts_note:
            return None
    if start == 0:
        return None
    opened = next_number is not None and _opens_zone(lines, start, next_number)
    if next_number is not None and not opened:
        if not may_continue or set_in(lines[:start], lines[start:]):
            return None
    if zone_gap(lines[start - 1], lines[start]) < gap_factor * metrics.pitch:
        return None
    if ends_broken_word(lines[start - 1], lines[start]):
        return None
    if not opened and _not_smaller_words(lines[:start], lines[start:], type_ratio):
        # set in the body's type, and opening on no note's number: a paragraph at the foot that a
        # warp or a spread's curl set closer, over a paragraph's space, is no note carried over
        return None
    return start


def zone_by_advance(
    lines: Sequence[Line],
    metrics: VolumeMetrics,
    *,
    advance_ratio: float = 0.85,
    gap_factor: float = 1.1,
    min_chars: int = 20,
    min_body: int = 3,
) -> int | None:
    """In a volume of symbol notes restarting on every page, the first line from which every line
    of the page's foot is set in narrower type than the body above (`advance` at most
    `advance_ratio` of the body's full lines' median), set off by a gap of `gap_factor` body
    pitches (`measures.line_step`: where most of the lines' words have their edges, so that show-
    through or a rule above the notes read into their words' boxes, or into one word of the line
    above, hides no gap), when the body above holds calls (`calls.likely_calls`): those calls want notes on
    this page. A last resort for heavy and photographed scans, whose word boxes grow and shrink
    with blur and curl so that their heights no longer tell notes from text
    (`zone_by_type`); the width a line's letters take is hardly touched. Lines of under
    `min_chars` letters are not measured (a note's short last line); a run set in from both edges
    is a quotation (`set_in`)."""
    n = len(lines)
    for k in range(1, n):
        if line_step(lines[k - 1], lines[k]) < gap_factor * metrics.pitch:
            continue
        if ends_broken_word(lines[k - 1], lines[k]):
            continue
        narrower = _set_narrower(lines, k, advance_ratio, min_chars=min_chars, min_body=min_body)
        if narrower is None:
            continue
        if not narrower or set_in(lines[:k], lines[k:]):
            continue
        return k if likely_calls(lines[:k]) > 0 else None
    return None


def zone_by_symbol(
    lines: Sequence[Line],
    metrics: VolumeMetrics,
    *,
    gap_factor: float = 1.25,
    advance_ratio: float = 0.95,
    min_chars: int = 20,
) -> int | None:
    """In a volume of symbol notes restarting on every page, the first line in the lower half of
    the page that opens with a symbol as printed (`_symbol_opened`), set off by a gap of
    `gap_factor` body pitches (`measures.line_step`), with the lines from it set narrower than the
    body's full lines (`advance` under `advance_ratio` of theirs: not the body's own type) and no
    mark twice among them (`_once_each`: not a list), when the body above holds calls
    (`calls.likely_calls`). A last resort for a
    photographed page whose blur leaves neither the notes' type (`zone_by_type`; a width clearly
    smaller, `zone_by_advance`) nor their closer pitch (`zone_by_marker`) to measure: the mark,
    the space and the calls are signs no paragraph of the text shows together."""
    if len(lines) < 2:
        return None
    mid = _middle(lines)
    for k in range(1, len(lines)):
        ln = lines[k]
        if ln.bbox.y0 <= mid or _symbol_opened(ln) is None:
            continue
        if line_step(lines[k - 1], ln) < gap_factor * metrics.pitch:
            continue
        if not _once_each([m for x in lines[k:] if (m := first_mark(x)) is not None]):
            return None  # a list of items, each behind the same mark
        if not _set_narrower(lines, k, advance_ratio, min_chars=min_chars):
            return None
        return k if likely_calls(lines[:k]) > 0 else None
    return None


def _set_narrower(
    lines: Sequence[Line], k: int, ratio: float, *, min_chars: int, min_body: int = 1
) -> bool | None:
    """Whether every line from `k` on is set in narrower type than the body's full lines above it
    (four words or more): its `advance` at most `ratio` of their median. None when fewer than
    `min_body` body lines or no line from `k` on hold `min_chars` characters to measure."""
    body = [a for x in lines[:k] if len(x.words) >= 4 and (a := advance(x, min_chars)) is not None]
    zone = [a for x in lines[k:] if (a := advance(x, min_chars)) is not None]
    if len(body) < min_body or not zone:
        return None
    return max(zone) <= ratio * statistics.median(body)


def advance(line: Line, min_chars: int = 1) -> float | None:
    """How wide the line's type is: its words' box widths over their characters (the words holding
    a letter or a figure), or None for a line of fewer than `min_chars` characters. Smaller type takes
    less width a letter, whatever the scan did to the boxes' heights."""
    words = text_words(line)
    chars = sum(len(w.text) for w in words)
    return sum(w.bbox.width for w in words) / chars if chars >= max(1, min_chars) else None


def in_line_order(zone: Sequence[Line]) -> list[Line]:
    """The zone's lines in the order they are set: a line whose words all stand above the words
    of the line read before it, in the same column (their boxes overlap across), comes first. A
    line whose box a curl or a tall glyph stretched up ('21 stenograficheski …', 81 px high for
    type 30 px high) is read before a short line set above it ('952.', the end of the note
    before), which then opened the next note's text in the middle of it. Edges are where most of
    a line's words have them (`measures.line_edges`)."""
    out = list(zone)
    moved = True
    while moved:
        moved = False
        for i in range(len(out) - 1):
            a, b = out[i], out[i + 1]
            across = min(a.bbox.x1, b.bbox.x1) > max(a.bbox.x0, b.bbox.x0)
            if across and line_edges(b)[1] <= line_edges(a)[0]:
                out[i], out[i + 1] = b, a
                moved = True
    return out


def zone_gap(above: Line, line: Line) -> float:
    """The step from the last body line to a candidate first note line (`measures.line_step`):
    the larger of the boxes' reading (the smaller of top-to-top and bottom-to-bottom, so a short
    line without ascenders, "ion.", whose box starts at the x-height, does not look set apart; a
    real note zone is set off at both edges) and the same between the edges where most of the
    lines' words have them. A body line's last word read unsure with the rule over the notes in
    its box ('Opposition.' 80 px high against 35) brings the boxes' bottoms within a pitch of each
    other; the words' reading sees the gap that is there."""
    return line_step(above, line)


def ends_short(zone: Sequence[Line], right: float, *, short: float = 2.0) -> bool:
    """Whether a note zone's last line ends short of the zone's right edge (by `short` of its type
    height): the last note's paragraph ends on this page, so no note continues onto the next.
    The edge is the zone's own widest line, or `right` (the body's) for a zone of one line."""
    if not zone:
        return True
    last = zone[-1]
    edge = max(ln.bbox.x1 for ln in zone) if len(zone) > 1 else max(right, last.bbox.x1)
    return last.bbox.x1 < edge - short * type_height(last)


def ends_broken_word(above: Line, line: Line) -> bool:
    """Whether `line` carries on a word broken at the end of the line above ("opin-" / "ion."):
    the same text, not the start of a note."""
    return (
        bool(above.words and line.words)
        and above.words[-1].text.endswith(("-", "­", "‐"))
        and line.words[0].text[:1].islower()
    )


def _opens_numbered_note(line: Line, *, min_words: int = 3) -> bool:
    """Whether a line, set in smaller type than the body and set off below a body line ending in
    a broken word, opens a note whose number OCR read as letters ('u. AUCP – …' for '11. AUCP',
    under '…we were not in-'): a token of one to three letters or figures and a stop, then a word
    opening with a capital or a figure, on a line of `min_words` words or more. The rest of the
    broken word is set in the body's type at the body's pitch; this line's type and gap say the
    zone opens here."""
    words = text_words(line)
    return (
        len(words) >= min_words
        and MISREAD_NUMBER.fullmatch(words[0].text) is not None
        and (words[1].text[:1].isupper() or words[1].text[:1].isdigit())
    )


#: What a note's text may end with before a speck: a sentence's stop, or one closed by a quote or
#: a bracket ("1928.", "October.)", "said.”").
_NOTE_END = (".", "!", "?", ".)", ".]", ".”", ".’", '."', ".'")


def trailing_speck(d: Draft, *, max_len: int = 2) -> tuple[int, int] | None:
    """(line, word) of a speck OCR read after a note's last stop ("See Voroshilov. |"): a last word
    of at most `max_len` marks, no letter or figure in it, after a word that ends a sentence. No
    printed note ends that way; the speck is dirt on the scan (its own word, past the stop, or a
    line of its own after the note's last line: 'See Voroshilov.' and ',' beside it)."""
    if not d.lines or not d.lines[-1].words:
        return None

    def speck(text: str) -> bool:
        return 0 < len(text) <= max_len and not any(c.isalnum() for c in text)

    words = d.lines[-1].words
    # past other specks before it ('Party. | ; ; .': four specks after the stop)
    k = len(words) - 2
    while k >= 0 and speck(words[k].text):
        k -= 1
    if k >= 0:
        before = words[k].text
    elif len(d.lines) > 1 and d.lines[-2].words:
        before = d.lines[-2].words[-1].text  # the speck a line of its own
    else:
        return None
    if speck(words[-1].text) and before.endswith(_NOTE_END):
        return len(d.lines) - 1, len(words) - 1
    return None


def drop_trailing_specks(works: Sequence[PageWork]) -> None:
    """Specks after notes' last stops (`trailing_speck`) leave the notes' text for the page's noise
    (kept in an `other` block, see `volume`), each with a decision."""
    for w in works:
        for d in w.drafts:
            while d.kind is BlockKind.FOOTNOTE and (at := trailing_speck(d)) is not None:
                _drop_speck(w, d, at)


def _drop_speck(w: PageWork, d: Draft, at: tuple[int, int]) -> None:
    """The speck at `at` (line, word) of note `d` leaves its text for the page's noise."""
    li, wi = at
    ln = d.lines[li]
    speck = ln.words[wi]
    kept = ln.words[:wi]
    if kept:
        d.lines[li] = Line(words=kept, bbox=BBox.enclosing([x.bbox for x in kept]))
    else:
        del d.lines[li]  # a speck read as a line of its own
    w.specks.append(Line(words=(speck,), bbox=speck.bbox))
    w.decide(
        "note_speck",
        (d.id,),
        f"speck {speck.text!r} after the note's last stop left out of its text",
        {"block": d.id, "speck": speck.text, "bbox": list(speck.bbox.as_tuple())}
        | ({} if kept else {"line": True}),
    )
