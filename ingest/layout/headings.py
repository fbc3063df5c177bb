"""Headings: lines set apart from the body by size, centring, capitals or spacing.

Level 1 is a large heading (chapter title, usually opening a page); level 2 a centred line at about
body size; level 3 a short flush-left line with space above and below. Levels named by the contents
override these (see `toc.py`).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from ingest.layout import hyphenation
from ingest.layout.geometry import PageFrame, VolumeMetrics, line_size, reaches_below, type_height
from ingest.layout.measures import box_height, ends_sentence, inset, is_speck_line, starts_at, top_edge
from ingest.layout.numerals import (
    FOLIO_DIGITS,
    LOWER_ROMAN_LOOKALIKES,
    UPPER_ROMAN_LOOKALIKES,
    int_to_roman,
    roman_to_int,
)
from ingest.layout.verse import is_turnover, turned_over
from ingest.model import BBox, Line

_END_PUNCT = (".", ",", ";", ":")
#: A note call glued to a line's last word after its punctuation ("Eltsin:2", "said.*"): the
#: line's text ends with the punctuation before it.
_CALL_AT_END = re.compile(r"^(.*[^\W\d_][)\]\"'’”]?[.,;:!?][)\]\"'’”]?)(?:\d{1,3}|[*†‡§‖¶]{1,3})$")


def _ends_with(line: Line, marks: tuple[str, ...]) -> bool:
    """Whether the line's text ends with one of `marks`, a note call glued after them set aside."""
    text = line.text.rstrip()
    glued = _CALL_AT_END.match(text)
    return (glued.group(1) if glued else text).endswith(marks)


@dataclass(frozen=True)
class Heading:
    """A heading found on a page: lines [start, end) of the page's body lines and its level."""

    start: int
    end: int
    level: int
    reason: str


def is_large(line: Line, metrics: VolumeMetrics, *, large: float = 1.22) -> bool:
    """Whether the line is at least `large` times the body line height (its box, less what a speck
    stretched it by: `measures.box_height`)."""
    return box_height(line) >= large * metrics.line_height


#: Marks OCR reads for dust beside a line's words ("revolution |", "proletarian. .").
_SPECKS = frozenset("_|'‘’.,`~^\"-")


def span(line: Line, *, small: float = 0.5) -> tuple[float, float]:
    """Where the line's words start and end, a speck read as a mark of its own at either end set
    aside: one or two of `_SPECKS`, under `small` times the line's type height tall. A title's
    axis is its words' ("and peasant revolution |", the bar a speck far right of the title, had
    its centre a third of the title's width off its axis)."""
    words = list(line.words)
    least = small * type_height(line)

    def speck(k: int) -> bool:
        w = words[k]
        return len(w.text) <= 2 and set(w.text) <= _SPECKS and w.bbox.height < least

    while len(words) > 1 and speck(-1):
        words.pop()
    while len(words) > 1 and speck(0):
        words.pop(0)
    return float(min(w.bbox.x0 for w in words)), float(max(w.bbox.x1 for w in words))


def axis(line: Line) -> float:
    """The centre of the line's words (`span`)."""
    x0, x1 = span(line)
    return (x0 + x1) / 2


def is_centred(
    line: Line,
    frame: PageFrame,
    metrics: VolumeMetrics,
    *,
    min_inset: float = 1.5,
    tolerance: float = 0.06,
    on_words: bool = False,
) -> bool:
    """Whether the line is inset at least `min_inset` body line heights from both column edges and
    its centre is within `tolerance` of the column width from the column's centre. `on_words`: the
    line's words (`span`), a speck at either end set aside, for a line already known to be set in a
    title's type under its first line; any other line is measured on its box, specks and all (on
    its words, lines of prose with a speck at one end looked centred, and a held-out book lost a
    paragraph to a false title). The column's edges are taken at the line's height: on a page set
    askew they move down the page (`PageFrame.slope`)."""
    inset = min_inset * metrics.line_height
    x0, x1 = span(line) if on_words else (line.bbox.x0, line.bbox.x1)
    y = (line.bbox.y0 + line.bbox.y1) / 2
    left, right = frame.left_at(y), frame.right_at(y)
    return (
        x0 >= left + inset
        and x1 <= right - inset
        and abs((x0 + x1) / 2 - (left + right) / 2) <= tolerance * frame.width
    )


def same_type(a: Line, b: Line, *, min_ratio: float = 0.8) -> bool:
    """Whether two lines are set in about the same type: the smaller of their sizes is at least
    `min_ratio` of the larger. Sizes from a text layer when both have them, else type heights
    (median word heights, see `type_height`). A chapter label over a large title, or a subtitle
    under it, is set in another size and is a heading of its own."""
    sa, sb = line_size(a), line_size(b)
    if sa is None or sb is None:
        sa, sb = type_height(a), type_height(b)
    if not sa or not sb:
        return True
    return min(sa, sb) >= min_ratio * max(sa, sb)


def descent_ratio(lines: Sequence[Line], *, least: int = 5) -> float | None:
    """How much taller a word with a glyph below the baseline ('grow') is than one without
    ('trade') in the page's type: the median height of the first over that of the second, among
    words of three or more letters; None with fewer than `least` of either."""
    words = [w for ln in lines for w in ln.words if len(w.text) >= 3 and w.text.isalpha()]
    low = [w.bbox.height for w in words if reaches_below(w)]
    flat = [w.bbox.height for w in words if not reaches_below(w)]
    if len(low) < least or len(flat) < least:
        return None
    return statistics.median(low) / statistics.median(flat)


def same_type_over_baseline(a: Line, b: Line, descent: float | None, *, min_ratio: float = 0.8) -> bool:
    """`same_type` on the words' height over the baseline: a word reaching below it counts its
    height over `descent` (`descent_ratio`). A title's last line of one word with a descender
    ('Congress') under a line whose words have none looks a size larger by its descender alone."""
    if descent is None:
        return False

    def height(line: Line) -> float:
        hs = [
            w.bbox.height / (descent if reaches_below(w) else 1.0)
            for w in line.words
            if sum(c.isalnum() for c in w.text) >= 2
        ]
        return float(statistics.median(hs)) if hs else 0.0

    ha, hb = height(a), height(b)
    return bool(ha and hb) and min(ha, hb) >= min_ratio * max(ha, hb)


def _rest_of_broken_word(before: Line, line: Line) -> bool:
    """Whether `line` opens in lower case with the rest of a word broken by a hyphen at the end
    of `before` (`hyphenation.is_break`, specks after the hyphen or glued before the rest aside)."""
    if not before.words or not line.words:
        return False
    start = hyphenation.without_specks(before.words[-1].text)
    end = hyphenation.rest_without_specks(start, line.words[0].text)
    rest = end.lstrip("\"'‘“„«‹([")
    return hyphenation.is_break(start, end) and rest[:1].islower()


def _runs_on_from(before: Line, line: Line, *, min_letters: int = 1) -> bool:
    """Whether `line` goes on with a sentence `before` leaves open: `before` ends no sentence
    (`measures.ends_sentence`) and `line`'s first word of letters, of `min_letters` letters or
    more, opens in lower case (an opening quote or bracket aside)."""
    first = next((w.text for w in line.words if any(c.isalpha() for c in w.text)), "")
    return (
        bool(before.words)
        and not ends_sentence(before)
        and first.lstrip("\"'‘“„«‹([")[:1].islower()
        and sum(c.isalpha() for c in first) >= min_letters
    )


def find_headings(
    lines: Sequence[Line],
    frame: PageFrame,
    metrics: VolumeMetrics,
    *,
    max_words: int = 25,
    space_factor: float = 1.3,
    max_level3_words: int = 12,
    continued_type: float = 1.2,
    large_type: float = 1.12,
    spaced_margin: float = 0.25,
    after: Line | None = None,
    descent: float | None = None,
) -> list[Heading]:
    """Headings among a page's body lines (furniture and notes already removed).

    Large centred lines are level 1: a box at least `is_large` and words at least `large_type`
    times the body's type height (a warp stretches a line's box but not its words), centred (a
    page's first line with space under it even when a long title fills the column's width). Consecutive
    ones in the same type (`same_type`) form one multi-line heading; a following line counts as
    large when its type is `continued_type` times the body's, since a line without descenders has
    a low box. Centred lines of body size with extra space above or below (at least `space_factor`
    body pitches) are level 2, running on over centred lines of the same type that are not large;
    short flush-left lines without end punctuation, with extra space above and below, level 3: in a
    volume that spaces its paragraphs, space above of more than that space (`metrics.para_space`)
    by `spaced_margin` pitches. A note call after a line's end punctuation ("Eltsin:2") does not
    hide it. `after`: the last line of the column before, when these lines are the next column's;
    a first line going on with the rest of a word broken at its end is no spaced heading, and one
    going on in lower case with a sentence it leaves open is no heading (`_runs_on_from`).
    `descent`: the page's `descent_ratio`, measured on all its lines (a title's flow holds too few
    words to measure it); without it, measured once on `lines`. Space
    above and below is read top to top, a line's top where its words have it when a speck
    stretched one word's box up (`measures.top_edge`): a stanza's first line with dust over one
    word stood apart from the stanza's next line, and looked a title."""
    out: list[Heading] = []
    if descent is None:
        descent = descent_ratio(lines)
    i = 0
    n = len(lines)
    while i < n:
        ln = lines[i]
        words = len(ln.words)
        if (
            words > max_words
            or (i == 0 and after is not None and _runs_on_from(after, ln))
            # dust read as a line of its own ('_' for a crease at a photographed page's foot) is
            # no title, however tall OCR boxed it
            or is_speck_line(ln)
        ):
            # a column's first line going on in lower case with the sentence the column before
            # left open is its text, however its words measure
            i += 1
            continue
        above = top_edge(ln) - top_edge(lines[i - 1]) if i > 0 else 10 * metrics.pitch
        # a long title filling the column's width, first on the page with space under it, is
        # centred too; so is a title's first line set in, first on the page, with the rest of the
        # title under it (large, in its type, closer than its own height), and a first line that
        # fills the measure over a shorter line of the title centred under it (a page of a title
        # and little else measures its column on the title)
        opening = i == 0 and (
            n == 1
            or lines[1].bbox.y0 - ln.bbox.y1 >= 1.5 * metrics.pitch
            or (
                is_large(lines[1], metrics)
                and same_type(ln, lines[1])
                and lines[1].bbox.y0 - ln.bbox.y1 < 1.2 * lines[1].bbox.height
                and (
                    is_centred(ln, frame, metrics, min_inset=0.5, tolerance=0.1)
                    or (
                        is_centred(ln, frame, metrics, min_inset=-1.0, tolerance=0.1)
                        and is_centred(lines[1], frame, metrics, min_inset=1.5, tolerance=0.1, on_words=True)
                        and _on_axis(lines[1], axis(ln), metrics)
                    )
                )
            )
        )
        # so is a title's first line under a centred chapter label ("CHAPTER IV")
        labelled = i > 0 and _centred_label(lines[i - 1], ln, frame, metrics)
        if i + 1 < n and (
            _opens_paragraph(ln, lines[i + 1], frame, metrics) or _sentence_goes_on(ln, lines[i + 1], metrics)
        ):
            i += 1
            continue
        if (
            not labelled
            and i > 0
            and (above < space_factor * metrics.pitch or _opens_stanza(lines, i, frame, metrics))
            and _goes_on_run(lines, i, frame, metrics)
        ):
            # a line at the body's pitch under the line above, starting where it starts (or where
            # the verse line turned over above it starts), goes on their run however tall its box:
            # a verse line whose words a warped scan set at staggered heights looks large, and in
            # a narrow column centred. A title stands apart from the line above it.
            i += 1
            continue
        if (
            # a line in larger type comes more than a body line's step under the text above it: one
            # closer under a line of the body's type that leaves its sentence open goes on with it,
            # its words boxed tall by a curl or a speck ('… leader of the October' / 'Revolution,
            # head of the first Soviet government…' 44 px under it at a pitch of 49)
            not (
                not labelled
                and i > 0
                and above < metrics.pitch
                and not is_large(lines[i - 1], metrics)
                and not ends_sentence(lines[i - 1])
            )
            # a title's first line without descenders has a low box: its words tell its type
            and (
                is_large(ln, metrics)
                or ((opening or labelled) and type_height(ln) >= continued_type * metrics.type_height)
            )
            and type_height(ln) >= large_type * metrics.type_height
            # (a title under a label may run past a ragged column's measured right edge, whose
            # most common line end falls short of the measure: it is centred on the label's axis)
            and (
                is_centred(
                    ln, frame, metrics, min_inset=-1.0 if labelled else 0.0 if opening else 0.5, tolerance=0.1
                )
                or (labelled and _on_axis(ln, axis(lines[i - 1]), metrics))
                # a long title's first line may fill the measure (each end within a body line
                # height of the column's): a shorter line of the title under it, centred, shows
                # the title is set centred; set in from both edges by half a body line height
                # when it is centred on the first line's axis (a long title's lines all come
                # near the measure: three lines of 1315, 1250 and 1257 px in a 1350 px column); it
                # may run past a ragged column's measured right edge (its most common line end,
                # short of the measure) when two lines or more of the title under it share its axis
                or (
                    (
                        is_centred(ln, frame, metrics, min_inset=-1.0, tolerance=0.1)
                        or _own_axis(lines, i, frame, metrics, continued_type, descent=descent)
                    )
                    and ln.bbox.x0 <= frame.left + metrics.line_height
                    and ln.bbox.x1 >= frame.right - metrics.line_height
                    and any(
                        is_centred(lines[k], frame, metrics, min_inset=1.5, tolerance=0.1, on_words=True)
                        or (
                            is_centred(lines[k], frame, metrics, min_inset=0.5, tolerance=0.1, on_words=True)
                            and _on_axis(lines[k], axis(ln), metrics)
                        )
                        for k in range(i + 1, _title_end(lines, i, frame, metrics, continued_type, descent))
                    )
                )
            )
        ):
            j = _title_end(lines, i, frame, metrics, continued_type, descent)
            out.append(Heading(i, j, 1, "large"))
            i = j
            continue
        if (
            is_centred(ln, frame, metrics)
            and not _ends_with(ln, _END_PUNCT[1:])
            and not (i + 1 < n and _justified_pair(ln, lines[i + 1], metrics))
            and not (i > 0 and above < space_factor * metrics.pitch and _aligned(lines[i - 1], ln, metrics))
            # the flow's last line, where no space below shows: aligned with the line above across
            # space it is the next stanza's first line, going on over the break
            and not (0 < i == n - 1 and _aligned(lines[i - 1], ln, metrics))
            and not (
                i + 1 < n
                and top_edge(lines[i + 1]) - top_edge(ln) < space_factor * metrics.pitch
                and _aligned(ln, lines[i + 1], metrics)
            )
            and not (
                i + 1 < n
                and is_turnover(ln, lines[i + 1], lines[i + 2] if i + 2 < n else None, frame, metrics)
            )
            # a verse line turned over in a narrow column, and the line after it back at the
            # stanza's inset, look centred too
            and not (i > 0 and turned_over(lines, i - 1, frame, metrics))
            and not (
                i > 1 and turned_over(lines, i - 2, frame, metrics) and _aligned(lines[i - 2], ln, metrics)
            )
        ):
            below = top_edge(lines[i + 1]) - top_edge(ln) if i + 1 < n else 10 * metrics.pitch
            if max(above, below) >= space_factor * metrics.pitch:
                j = i + 1
                while (
                    j < n
                    and is_centred(lines[j], frame, metrics)
                    and not is_large(lines[j], metrics)
                    and same_type(ln, lines[j])
                    and top_edge(lines[j]) - top_edge(lines[j - 1]) < space_factor * metrics.pitch
                ):
                    j += 1
                out.append(Heading(i, j, 2, "centred"))
                i = j
                continue
        if (
            i + 1 < n
            and words <= max_level3_words
            and not _ends_with(ln, _END_PUNCT)
            # the rest of a word broken at the foot of the column before ('re-' / 'treating in'),
            # where no space above the line is seen, goes on that column's text
            and not (i == 0 and after is not None and _rest_of_broken_word(after, ln))
        ):
            below = top_edge(lines[i + 1]) - top_edge(ln)
            flush = abs(ln.bbox.x0 - frame.left) < 0.5 * metrics.line_height
            full = ln.bbox.x1 >= frame.right - metrics.line_height  # a line of the measure, not a title
            # in a volume that sets its paragraphs apart with space, that space says nothing: a
            # short line alone between paragraphs is one (a letter's salutation); a heading has
            # more space above it than a paragraph has
            space_above = max(space_factor, (metrics.para_space or 0.0) + spaced_margin)
            if (
                flush
                and not full
                and above >= space_above * metrics.pitch
                and below >= space_factor * metrics.pitch
            ):
                out.append(Heading(i, i + 1, 3, "spaced"))
        i += 1
    return join_labels(lines, out, frame, metrics)


def _title_end(
    lines: Sequence[Line],
    i: int,
    frame: PageFrame,
    metrics: VolumeMetrics,
    continued_type: float,
    descent: float | None,
) -> int:
    """Where the large title opening at line `i` ends: the lines right under it (closer than their
    own height) in its type, large or `continued_type` times the body's type (a line without
    descenders has a low box), centred in the column or on its first line's axis (a long title's
    lines may fill the measure). Type is compared over the baseline with `descent` (the page's
    `descent_ratio`, `find_headings`)."""
    first = lines[i]
    j = i + 1
    while (
        j < len(lines)
        and (
            is_large(lines[j], metrics, large=1.08)
            or type_height(lines[j]) >= continued_type * metrics.type_height
        )
        and (same_type(first, lines[j]) or same_type_over_baseline(first, lines[j], descent))
        and (
            is_centred(lines[j], frame, metrics, min_inset=0.5, tolerance=0.1)
            or _on_axis(lines[j], axis(first), metrics)
        )
        and lines[j].bbox.y0 - lines[j - 1].bbox.y1 < 1.2 * lines[j].bbox.height
    ):
        j += 1
    return j


def _own_axis(
    lines: Sequence[Line],
    i: int,
    frame: PageFrame,
    metrics: VolumeMetrics,
    continued_type: float,
    *,
    descent: float | None,
    min_lines: int = 2,
    tolerance: float = 0.1,
) -> bool:
    """Whether the large title opening at line `i` has at least `min_lines` lines under it (`_title_end`)
    all centred on its first line's axis, within `tolerance` of the column's width from the column's
    centre: the title is set centred on a measure of its own. Seed 1143 heavy-a5-volume (DejaVu
    Serif, ragged): the four lines of a long letter's title shared one axis 26 px right of the
    column's, whose right edge (the ragged lines' most common end) stood 48 px short of the
    measure the title's first line filled."""
    end = _title_end(lines, i, frame, metrics, continued_type, descent)
    at = axis(lines[i])
    return (
        end - i > min_lines
        and abs(at - frame.center) <= tolerance * frame.width
        and all(_on_axis(lines[k], at, metrics) for k in range(i + 1, end))
    )


def _on_axis(line: Line, at: float, metrics: VolumeMetrics) -> bool:
    """Whether the line (`axis`) is centred on `at` (the centre of the line or label above it in the same
    heading), within a body line height: the lines of a centred title share one axis whatever
    their lengths, including lines as wide as the measure."""
    return abs(axis(line) - at) <= metrics.line_height


def _centred_label(
    label: Line, line: Line, frame: PageFrame, metrics: VolumeMetrics, *, gap: float = 3.0
) -> bool:
    """Whether `label` is a centred chapter label (`is_label`) right above `line` (within `gap` body
    pitches)."""
    return (
        line.bbox.y0 - label.bbox.y0 <= gap * metrics.pitch
        and is_label(label.text)
        and is_centred(label, frame, metrics, min_inset=0.5, tolerance=0.1)
    )


def _opens_paragraph(
    ln: Line, nxt: Line, frame: PageFrame, metrics: VolumeMetrics, *, same: float = 0.25, space: float = 1.3
) -> bool:
    """Whether `ln` is a paragraph's first line: set in by the volume's paragraph indent (within
    `same` body line heights) and followed, closer than `space` pitches, by a line flush with the
    column in body type. A ragged or heavily inked first line can look centred and large; a
    heading has space under it or lines of its own size."""
    tol = same * metrics.line_height
    return (
        metrics.indent is not None
        and abs(inset(ln, frame) - metrics.indent) <= tol
        and abs(inset(nxt, frame)) <= tol
        and nxt.bbox.y0 - ln.bbox.y0 < space * metrics.pitch
        and not is_large(nxt, metrics)
    )


def _sentence_goes_on(ln: Line, nxt: Line, metrics: VolumeMetrics, *, space: float = 1.3) -> bool:
    """Whether `ln` leaves a sentence open that `nxt`, a line of the body's size closer than
    `space` pitches under it, goes on with in lower case (`_runs_on_from`): the first line of a
    paragraph or a quotation ('By surrendering his political position Stalin split the right' /
    'wing. He “broke loose”…'), however heavily inked; a title's next line is in its own type. The
    word going on has two letters or more: one letter alone may be a note's number misread ('t.
    Levi, P. …' for '1. Levi' under a 'Notes' title)."""
    return (
        _runs_on_from(ln, nxt, min_letters=2)
        and not is_large(nxt, metrics)
        and nxt.bbox.y0 - ln.bbox.y0 < space * metrics.pitch
    )


def _justified_pair(a: Line, b: Line, metrics: VolumeMetrics, *, same: float = 0.25) -> bool:
    """Whether `b` starts and ends where `a` does (within `same` body line heights): two lines of a
    block justified to one measure (a block quote set in from both edges looks centred), not a
    centred heading, whose lines differ in length."""
    tol = same * metrics.line_height
    return abs(a.bbox.x0 - b.bbox.x0) <= tol and abs(a.bbox.x1 - b.bbox.x1) <= tol


def _goes_on_run(
    lines: Sequence[Line], i: int, frame: PageFrame, metrics: VolumeMetrics, *, same: float = 0.25
) -> bool:
    """Whether line `i` starts where the line above it starts (`measures.inset`, a speck read
    before its first word set aside; within `same` body line heights), or, when the line above is
    a verse line's turned-over rest (`verse.turned_over`), where that verse line starts."""
    tol = same * metrics.line_height
    # (its letters may start there after a quote hung left of the run: `measures.starts_at`)
    if starts_at(lines[i], frame, inset(lines[i - 1], frame), tol):
        return True
    return (
        i > 1
        and turned_over(lines, i - 2, frame, metrics)
        and starts_at(lines[i], frame, inset(lines[i - 2], frame), tol)
    )


def _opens_stanza(lines: Sequence[Line], i: int, frame: PageFrame, metrics: VolumeMetrics) -> bool:
    """Whether line `i`, with space above it, may open the next stanza of a verse passage or block
    set in above it: the line above is set in at least a body line height from the column edge
    (and `_goes_on_run` then asks that line `i` start where it starts). A title is centred, and
    starts where a passage set in above it starts only by chance."""
    return inset(lines[i - 1], frame) >= metrics.line_height


def _aligned(a: Line, b: Line, metrics: VolumeMetrics, *, same: float = 0.25) -> bool:
    """Whether `b` starts where `a`, the line right above it, starts: `b` goes on a run of lines
    set in alike (the last line of a verse stanza looks centred), a heading does not. A line
    opening on a quote may start there with its box or with its letters (`_starts`): a quote
    hangs left of the run's edge, and OCR reads a speck before a line's first word as one."""
    tol = same * metrics.line_height
    return any(abs(x - y) <= tol for x in _starts(a) for y in _starts(b))


_OPENING_QUOTES = "‘’'\"“”«„`"


def _starts(line: Line) -> tuple[float, ...]:
    """Where the line starts: its box's left edge, and when its first word opens on quotes, also
    where that word's letters start (the quotes' share of the word's width, its width shared
    evenly by its characters)."""
    x0 = float(line.bbox.x0)
    if not line.words:
        return (x0,)
    w = line.words[0]
    k = len(w.text) - len(w.text.lstrip(_OPENING_QUOTES))
    if k == 0 or k == len(w.text):
        return (x0,)
    return x0, float(w.bbox.x0) + w.bbox.width * k / len(w.text)


def is_label(text: str) -> bool:
    """Whether a line is a chapter or part label: a capitalised word and a number ("CHAPTER IV",
    "Part 3", "BOOK II."), the number as printed or as OCR misreads it, and specks OCR read as
    marks of their own before or after it set aside (". CHAPTER I", "CHAPTER IIT |"). Under a
    label word in capitals, a numeral's later strokes may come out in lower case ("CHAPTER It")."""
    toks = text.split()
    while len(toks) > 2 and set(toks[-1]) <= _SPECKS:
        toks.pop()
    while len(toks) > 2 and set(toks[0]) <= _SPECKS:
        toks.pop(0)  # a speck before the label ('. CHAPTER I')
    where = _number_token(" ".join(toks))
    if where is None or not where[0].startswith("label:"):
        return False
    number = toks[1]
    if toks[0].isupper() and number[:1].isupper():
        number = number[:1] + number[1:].translate(_LOWER_STROKES)
    return _label_number(number)


#: Strokes OCR reads for a capital I in a label's numeral beside the look-alikes numerals share
#: ("CHAPTER |", "CHAPTER [").
_LABEL_I = str.maketrans({"[": "I", "]": "I"})
#: Strokes of a capital roman numeral OCR reads in lower case after its first ("It" for "II").
_LOWER_STROKES = str.maketrans({"t": "I", "i": "I"})
#: Specks and quotes OCR reads beside a label's numeral ("CHAPTER I]", "PART II.").
_LABEL_SPECKS = ".:;,'\"‘’“”"


def _label_number(token: str) -> bool:
    """Whether a label's second token is its number as printed or as OCR misreads it: a numeral, or
    upper-case roman strokes once look-alikes are mapped ("IT", "|", "[") and a bracket or speck
    read beside it is set aside ("I]")."""
    t = token.strip(_LABEL_SPECKS)
    return _numeral(t) is not None or label_roman(t) is not None


def label_roman(token: str) -> str | None:
    """The upper-case roman numeral a label's misread number stands for ("|" → "I", "I]" → "I",
    "[" → "I"), or None when it is none (a numeral read right is left to `_numeral`)."""
    t = token.strip(_LABEL_SPECKS)
    for form in (t.rstrip("])}").lstrip("[({"), t):
        fixed = form.translate(UPPER_ROMAN_LOOKALIKES).translate(_LABEL_I)
        if form and fixed.isupper() and roman_to_int(fixed) is not None:
            return fixed
    return None


#: Width over height of an upright roman numeral's ink, measured in the ten book faces at 100 px:
#: one stroke ("I") 0.38-0.46, and each stroke more adds 0.44-0.57 (its width and the gap before it).
_FIRST_STROKE, _NEXT_STROKE = 0.42, 0.5


def strokes_held(box: BBox) -> int:
    """How many upright strokes ("I", "II", "III") an ink box holds, by its width over its height."""
    ratio = box.width / max(box.height, 1)
    return max(1, round((ratio - _FIRST_STROKE) / _NEXT_STROKE) + 1)


def label_roman_in(token: str, box: BBox) -> str | None:
    """`label_roman` held to the word's ink box: a numeral of strokes alone that OCR read with more
    strokes than its box holds ("|!" for the "I" of "CHAPTER I", one stroke and its edge read as
    two, a box 0.34 times as wide as it is tall) is the strokes the box holds. A box wider than its
    reading (specks or a bracket beside the numeral) changes nothing."""
    roman = label_roman(token)
    if roman is None or set(roman) != {"I"}:
        return roman
    return "I" * min(len(roman), strokes_held(box))


def join_labels(
    lines: Sequence[Line], found: list[Heading], frame: PageFrame, metrics: VolumeMetrics, *, gap: float = 3.0
) -> list[Heading]:
    """A chapter label over its title ("CHAPTER IV" / "The Title") is one heading: a label line
    (`is_label`) found as a heading of its own, or a centred label line left in the body, right above
    a heading (within `gap` body pitches) joins it, which takes the higher rank of the two."""
    out: list[Heading] = []
    for h in found:
        prev = out[-1] if out else None
        above = h.start - 1
        near = above >= 0 and lines[h.start].bbox.y0 - lines[above].bbox.y0 <= gap * metrics.pitch
        if prev is not None and prev.end == h.start and prev.end - prev.start == 1 and near:
            if is_label(lines[prev.start].text) and not is_label(lines[h.start].text):
                out[-1] = Heading(prev.start, h.end, min(prev.level, h.level), "label")
                continue
        if (
            near
            and (prev is None or prev.end <= above)
            and is_label(lines[above].text)
            and is_centred(lines[above], frame, metrics, min_inset=0.5, tolerance=0.1)
        ):
            out.append(Heading(above, h.end, h.level, "label"))
            continue
        out.append(h)
    return out


_NUMERAL = re.compile(r"^(?P<num>[IVXLC]+|[ivxlc]+|\d{1,3})(?P<end>[.)]?)$")


def _numeral(text: str) -> tuple[int, str, str] | None:
    """(value, style, trailing punctuation) of a heading that is a bare section number ("II", "3.")."""
    m = _NUMERAL.match(text.strip())
    if m is None:
        return None
    num = m.group("num")
    if num.isdigit():
        return int(num), "arabic", m.group("end")
    value = roman_to_int(num)
    if value is None:
        return None
    return value, "upper" if num.isupper() else "lower", m.group("end")


def _format(value: int, style: str, end: str) -> str:
    if style == "arabic":
        return f"{value}{end}"
    r = int_to_roman(value)
    return (r.upper() if style == "upper" else r) + end


#: Marks OCR glues to a label word's end from the space before its numeral: a stroke of the
#: numeral or a speck ("CHAPTER! |" for CHAPTER I).
_GLUED_TO_LABEL = "!|.:"


def _label_word(token: str) -> str:
    """A heading's first token as a label word, the marks OCR glued to its end set aside when
    what is left is a word of three letters or more and no roman numeral ("CHAPTER!" → "CHAPTER";
    "I." and "III." stay numerals, "II. Title" a dotted number)."""
    word = token.rstrip(_GLUED_TO_LABEL)
    if word != token and (len(word) < 3 or roman_to_int(word.upper()) is not None):
        return token
    return word


def _number_token(text: str) -> tuple[str, int] | None:
    """Where a heading's section number would sit: (form, token index). Forms: a bare numeral
    ("II", "3."), a label word and a numeral ("CHAPTER II", "Part 3"), or a numeral ending in '.'
    or ')' before a title ("II. Self-Reliance")."""
    toks = text.split()
    if len(toks) == 1:
        return "bare", 0
    word = _label_word(toks[0])
    if trailing_specks(toks) == len(toks) - 1 and (len(word) < 3 or roman_to_int(word.upper()) is not None):
        return "bare", 0  # one number and specks OCR read after it as marks of their own ("rH |", "II .")
    if len(toks) == 2 and word.isalpha() and word[0].isupper() and len(toks[1]) <= 6:
        return "label:" + word.lower(), 1
    if len(toks) >= 2 and toks[0].endswith((".", ")")) and len(toks[0]) <= 6:
        return "dotted", 0
    return None


def trailing_specks(toks: Sequence[str], *, max_len: int = 2) -> int:
    """How many of a heading's last tokens are specks OCR read as marks of their own: tokens of
    at most `max_len` speck marks (`_SPECKS`), no letter or figure among them ("|", "."). The
    first token never counts."""
    n = 0
    while n < len(toks) - 1 and len(t := toks[-1 - n]) <= max_len and set(t) <= _SPECKS:
        n += 1
    return n


def _misread_as(token: str, want: str, style: str, max_edits: int, *, bare: bool = False) -> bool:
    """Whether `token` can be OCR's reading of the numeral `want` (within `max_edits` characters,
    after mapping look-alike strokes for upper-case roman numerals). A `bare` heading (the number
    alone) of letters no longer than `want` is one too: italic "II" comes out as "ve"."""
    if len(token) > len(want) + max_edits:
        return False
    if bare and style != "arabic" and token.isalpha() and len(token) <= len(want.rstrip(".)")):
        return True
    if Levenshtein.distance(token, want) <= max_edits:
        return True
    return (
        style == "upper" and Levenshtein.distance(token.translate(UPPER_ROMAN_LOOKALIKES), want) <= max_edits
    )


def _whole_numeral(num: tuple[int, str, str] | None, token: str, want: str, style: str) -> bool:
    """Whether `token`, read as the numeral `num`, is a numeral in its own right rather than a
    misreading of `want`: a numeral of another style that no look-alike strokes make `want` ("I"
    where the run counts "1", "2", ...: a book's title "Chapter 1" on its title page before
    "CHAPTER I"; but "11" is "II" read with look-alikes), or one of the run's style as long as
    `want` (a figure or stroke read as another figure or stroke of the same count is how a printed
    number differs from the one expected, not how OCR misreads it; OCR loses or breaks strokes:
    "I" or "IT" for "II")."""
    if num is None:
        return False
    if num[1] == style:
        return len(token.rstrip(".)")) == len(want.rstrip(".)"))
    if {num[1], style} == {"upper", "lower"}:
        # a roman numeral of the other case in a run of roman numerals is OCR's reading of the
        # strokes, not a numeral of its own: italic "II" read "vi"
        return False
    table = {"upper": UPPER_ROMAN_LOOKALIKES, "lower": LOWER_ROMAN_LOOKALIKES}.get(style, FOLIO_DIGITS)
    return token.translate(table).rstrip(".)") != want.rstrip(".)")


def _first_of_run(
    key: tuple[str, int],
    last: dict[tuple[str, int], tuple[int, str, str]],
    loose: dict[int, tuple[int, str]],
    pos: int,
    text: str,
    max_edits: int,
) -> tuple[int, str] | None:
    """(position, numeral) of the bare heading right before heading `pos` at its level that is the
    run's first numeral misread ("Tr" for "I"): `text` is a bare numeral (one or two) opening a run
    at that level, and the heading before it (`loose`) is one token that OCR can have read for the
    first numeral in its style (`_misread_as`); else None."""
    if key[0] != "bare" or key in last or key[1] not in loose:
        return None
    num = _numeral(text.strip())
    if num is None or num[0] > 2:
        return None
    at, token = loose[key[1]]
    if at != pos - 1:
        return None
    first = _format(1, num[1], num[2])
    if _misread_as(token, first, num[1], max_edits, bare=True):
        return at, first
    return None


def renumber_sections(headings: Sequence[tuple[int, str]], *, max_edits: int = 1) -> dict[int, str]:
    """Section numbers misread by OCR ("I" or "IT" for "II", "CHAPTER UI" for "CHAPTER III") in a run
    of numbered sibling headings.

    `headings` are (level, text) in volume order. A section number is a bare numeral, the numeral
    after a label word, or a numeral with '.' or ')' before a title (`_number_token`). Bare and
    titled numerals at one level form a run until a heading of a higher rank (lower level) ends it,
    or an unnumbered one at that level; labelled numerals ("CHAPTER ...") run through the volume.
    Each must be its predecessor plus one. A number in a run that is not, but is within `max_edits`
    characters of the expected numeral in the run's style (look-alike strokes mapped, see
    `_misread_as`), is taken as a misreading of it. Returns {position: corrected text}."""
    fixes: dict[int, str] = {}
    last: dict[tuple[str, int], tuple[int, str, str]] = {}  # run -> (value, style, end) of its last numeral
    # by level, the last bare heading, one token and no numeral, outside a run: (position, token)
    loose: dict[int, tuple[int, str]] = {}
    for pos, (level, text) in enumerate(headings):
        for deeper in [k for k in last if not k[0].startswith("label:") and k[1] > level]:
            del last[deeper]
        where = _number_token(text)
        key = None if where is None else (where[0], 0 if where[0].startswith("label:") else level)
        for run in (("bare", level), ("dotted", level)):
            if run != key:
                last.pop(run, None)  # another kind of heading at this level ends the run
        if where is None or key is None:
            continue
        if where[0] == "bare":
            text = text.split()[0]  # the specks read after a bare number set aside
        if misread_first := _first_of_run(key, last, loose, pos, text, max_edits):
            # the run's first number misread as no numeral ("Tr" for "I") right before the second
            # read as a numeral: the first is the run's first numeral, the second goes on from it
            first_pos, first = misread_first
            fixes[first_pos] = first
            num_first = _numeral(first)
            assert num_first is not None
            last[key] = num_first
        loose.pop(level, None)
        if where[0] == "bare" and _numeral(text.strip()) is None and key not in last:
            loose[level] = (pos, text.strip())
        form, idx = where
        toks = text.split()
        if form.startswith("label:") and (word := _label_word(toks[0])) != toks[0]:
            toks[0] = word  # "CHAPTER! |" → "CHAPTER I"
            fixes[pos] = " ".join(toks)
        token = toks[idx]
        num = _numeral(token)
        if form == "dotted" and num is not None and not num[2]:
            num = None
        if num is None and form.startswith("label:") and (roman := label_roman(token)) is not None:
            # a label's numeral read with look-alike strokes ("CHAPTER |"): the numeral it shows
            toks[idx] = roman
            fixes[pos] = " ".join(toks)
            num = _numeral(roman)
            token = roman
        if key in last and (num is None or num[0] != last[key][0] + 1):
            value, style, end = last[key]
            own_end = token[-1] if token.endswith((".", ")")) else ""
            want = _format(value + 1, style, own_end if form != "bare" else end)
            if _whole_numeral(num, token, want, style):
                pass  # a numeral read whole is no misreading of another: the run restarts with it
            elif _misread_as(token, want, style, max_edits, bare=form == "bare"):
                toks[idx] = want
                fixes[pos] = " ".join(toks)
                num = (value + 1, style, want[-1] if want.endswith((".", ")")) else "")
        if num is not None:
            last[key] = num
        else:
            last.pop(key, None)  # a heading that is no numeral ends the run
    return fixes


def bare_number(text: str) -> tuple[int, str, str] | None:
    """(value, style, trailing punctuation) of a heading or contents title that is a bare section
    number, specks read after it set aside ("II", "3.", "II |"); None otherwise."""
    toks = text.split()
    where = _number_token(text)
    if where is None or where[0] != "bare":
        return None
    return _numeral(toks[0])


def counted_in_run(headings: Sequence[tuple[int, str]]) -> list[bool]:
    """For each (level, text) in volume order, whether it is a bare section number (`bare_number`)
    whose value is its place in its run: the bare headings at its level since the last heading of a
    higher rank (lower level) or one at its level that is no bare number ("I", "II", "III": each
    counts; "L" opening a run is no first section read right)."""
    out: list[bool] = []
    place: dict[int, int] = {}  # level -> bare headings counted in its run so far
    for level, text in headings:
        for deeper in [k for k in place if k > level]:
            del place[deeper]
        num = bare_number(text)
        if num is None:
            place.pop(level, None)
            out.append(False)
            continue
        place[level] = place.get(level, 0) + 1
        out.append(num[0] == place[level])
    return out


def may_read(title: str, number: str, *, max_edits: int = 1) -> bool:
    """Whether `title`, one word (specks after it set aside), can be OCR's reading of the bare
    section number `number` (`_misread_as`: within `max_edits` characters once look-alike strokes
    are mapped, or letters no longer than the number)."""
    num = bare_number(number)
    where = _number_token(title)
    if num is None or where is None or where[0] != "bare":
        return False
    return _misread_as(title.split()[0], number.split()[0], num[1], max_edits, bare=True)
