"""Endnotes: a "Notes" section (after a chapter or at the end of the book) of numbered notes,
linked to the calls in the text before it like footnotes.

A section starts at a heading that names notes ("Notes", "Endnotes") and runs to the next heading.
Its paragraphs that start with the next number ("1.", "2") are notes; a paragraph without one
continues the note before it (a second paragraph, or the rest of a note carried over a page). The
calls are looked for in the body since the previous notes section, matched in order.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence

import numpy as np

from ingest.ink import binarise_image
from ingest.layout import calllinks, calls, headings, lemmas, lostcalls, misreads, notemarkers, paragraphs
from ingest.layout.drafts import Draft, PageWork
from ingest.layout.geometry import PageFrame, VolumeMetrics, baseline, letter_height
from ingest.layout.lostcalls import PageImages
from ingest.layout.measures import line_step
from ingest.model import BBox, BlockKind, Line, Word

NOTES_TITLES = frozenset(
    {"notes", "endnotes", "end notes", "notes and references", "anmerkungen", "remarques"}
)


def is_notes_title(text: str) -> bool:
    """Whether a heading's text names a notes section ("NOTES", "Notes.", "Notes to Chapter 3"; a
    speck read as a mark beside it, "_ Notes", does not count)."""
    t = re.sub(r"[^\w\s]|_", "", text.lower()).strip()
    t = re.sub(r"\s+", " ", t)
    return t in NOTES_TITLES or bool(re.match(r"^notes (to|for|on) ", t))


def page_has_notes_title(lines: list[Line], *, max_words: int = 5) -> bool:
    """Whether one of the page's short lines names a notes section (footnote zones are then not
    looked for on the page: an endnote section is set like a note zone)."""
    return any(len(ln.words) <= max_words and is_notes_title(ln.text) for ln in lines)


_NUMBER = re.compile(r"^\d{1,3}[.)]?$")


def with_notes_titles(
    body: Sequence[Line], found: list[headings.Heading], *, max_words: int = 3
) -> list[headings.Heading]:
    """The headings found on a page, and any short line that names a notes section and is followed
    by note 1 ("Notes |": a speck beside it moved it off the centre), or by a line opening with a
    number's stop read alone (`_lone_stop`: '. Marx, K. …', note 1's figure lost, as OCR loses
    the figures of numbers hung in the margin): the section's title."""
    taken = {i for h in found for i in range(h.start, h.end)}
    extra = [
        headings.Heading(i, i + 1, 2, "notes-title")
        for i, ln in enumerate(body[:-1])
        if i not in taken
        and len(ln.words) <= max_words
        and is_notes_title(ln.text)
        and (_first_token(body[i + 1]).rstrip(".)") == "1" or _lone_stop(body[i + 1]))
    ]
    return sorted(found + extra, key=lambda h: h.start)


def note_starts(
    lines: Sequence[Line],
    frame: PageFrame,
    metrics: VolumeMetrics,
    *,
    marks: Sequence[Word] = (),
    hang: float = 0.3,
    opens: bool = False,
) -> list[tuple[int, str]]:
    """The lines of a run in a notes section that start a note, with the reason, as
    `paragraphs.paragraph_starts` gives them for body text. Notes are set with a hanging indent
    (the number out in the margin, the text and its following lines in line) or like paragraphs.
    A hanging indent is measured on the run: lines start in two places at least `hang` body line
    heights apart, and the lines that open notes (those starting with a number, else those after a
    short line) start at the outer one. Then every line that far out starts a note ('note-hang'),
    even when OCR lost its number if it follows a short line; otherwise a line starting with a
    number ('note-number'), a line opening with a number's stop read alone after a line that ends
    a sentence ('note-stop', `_lost_number_stop`: the figures lost, hanging indent or not) or the
    paragraph rules do; failing those, a line after a short line
    set off from it by more than the run's own line step (`_spaced_step`: notes set apart with
    space, the number OCR lost) starts one ('note-space'). `marks` are the page's words set apart as
    specks: one in a line's row, just left of it, after a short line is what OCR read of the lost
    number's stop, and marks where the line starts. A run that `opens` the section (right under
    its title) opens with a note: a first line opening with the number's stop read alone, or after
    a speck read as one (`_number_stop`), is 'note-stop' there, with no line above to end a
    sentence; one with no number read at all ('« Ashkinazi, S.', a speck for the number) is
    'note-open'."""
    if not lines:
        return []
    margin = hang * metrics.line_height
    # a note's last line is short whatever dust OCR read out past its end ('World War II. ;')
    short = [paragraphs.is_short(_without_trailing_specks(ln, unsure=0.5), frame, metrics) for ln in lines]
    stops = [_number_stop(lines[0], marks, metrics.line_height) if opens else None] + [
        _lost_number_stop(ln, above, marks, metrics.line_height)
        for above, ln in zip(lines, lines[1:], strict=False)
    ]
    lefts = [
        _stop_left(ln, marks, metrics.line_height)
        if i == 0 or short[i - 1]
        else stop
        if stop is not None
        else _left(ln)
        for i, (ln, stop) in enumerate(zip(lines, stops, strict=True))
    ]
    # a speck left of the line, or the line opening with a stop alone ('. Leninbund'): what OCR
    # read of a number whose figures it lost
    specked = [x < ln.bbox.x0 or _lone_stop(ln) for x, ln in zip(lefts, lines, strict=True)]
    left = min(lefts)
    inner = sorted(x for x, sp in zip(lefts, specked, strict=True) if x >= left + margin and not sp)
    cut = inner_cut = inner[len(inner) // 2] - margin if inner else left
    # a number, or one OCR glued to the note's first word ('24..Valerian', the space lost)
    numbered = [
        bool(_NUMBER.match(t) or notemarkers.GLUED_MARKER.match(t))
        for t in (_first_token(ln) for ln in lines)
    ]
    openers = [x for x, n in zip(lefts, numbered, strict=True) if n] or [
        x for prev_short, x in zip(short, lefts[1:], strict=False) if prev_short
    ]
    out_openers = sorted(x for x in openers if x < cut)
    hanging = bool(inner) and 2 * len(out_openers) > len(openers)
    if hanging:
        # the cut lies halfway between where notes open and where their text runs: a warped or
        # skewed line (or a speck glued to its first word) shifts by less than half the hang
        cut = (out_openers[len(out_openers) // 2] + inner[len(inner) // 2]) / 2
    para = dict(paragraphs.paragraph_starts(lines, frame, metrics, learned=False))
    spaced = _spaced_step(lines)
    out: list[tuple[int, str]] = []
    for i, ln in enumerate(lines):
        if out and notemarkers.next_list_item(_first_token(ln), lines[out[-1][0] : i]):
            continue  # '2)' after the note's own '1)': its list goes on, however short the line above
        after_short = i == 0 or short[i - 1]
        out_of_line = lefts[i] < cut or (specked[i] and lefts[i] < inner_cut)
        # a stop read alone where the notes' numbers hang ('. Balabolkin', the figure lost): the
        # number's stop, which no line of a note's text opens with, after a note's last line (a
        # short one, or a full one ending a sentence); a speck read as a stop before the line a
        # full line's sentence goes on in ('to exile and' / '. imprison Oppositionists') is none
        stop_out = (
            _lone_stop(ln)
            and ln.words[0].bbox.x0 < cut
            and (after_short or notemarkers.ends_with_stop(_without_trailing_specks(lines[i - 1])))
        )
        # only a speck stands out in the margin (a quote read before the line's first word,
        # which stands in the text's line) after a line that runs on with no sentence's end: a
        # note's text going on, however short a ragged line above ends
        speck_out = (
            i > 0
            and not numbered[i]
            and lefts[i] < cut <= _left(ln)
            and not notemarkers.ends_with_stop(_without_trailing_specks(lines[i - 1]))
        )
        # a number misread as letters ('a.' for 11) out where the numbers hang, after a line that
        # ends a sentence filling the measure (a note's last line may): a quote or dash glued to a
        # continuation line is no token of letters and a stop
        misread = (
            i > 0
            and notemarkers.MISREAD_NUMBER.fullmatch(_first_token(ln)) is not None
            and notemarkers.ends_with_stop(_without_trailing_specks(lines[i - 1]))
        )
        if hanging and (
            (out_of_line and (numbered[i] or misread or (after_short and not speck_out))) or stop_out
        ):
            # set out without a number (OCR lost it) only after a note's short last line: a
            # continuation line that a glued quote or dash moves out does not open a note; a
            # number's stop (kept as a speck) stands anywhere out of the text's line after a
            # note's last line
            out.append((i, "note-hang"))
        elif numbered[i]:
            out.append((i, "note-number"))
        elif stops[i] is not None:
            out.append((i, "note-stop"))
        elif i == 0:
            # under the section's title a note opens, whatever OCR read of its number
            out.append((0, "note-open" if opens else "first"))
        elif not hanging and i in para:
            out.append((i, para[i]))
        elif after_short and spaced is not None and _step(lines[i - 1], ln) > spaced:
            out.append((i, "note-space"))
    return out


def _spaced_step(lines: Sequence[Line], *, space: float = 1.1, min_steps: int = 3) -> float | None:
    """The step between two lines of a notes run above which there is space between them: `space`
    times the run's own median step (notes are set in their own type and pitch, so the body's
    measures do not tell). None for a run of fewer than `min_steps` steps."""
    steps = sorted(_step(a, b) for a, b in zip(lines, lines[1:], strict=False))
    if len(steps) < min_steps:
        return None
    return space * steps[len(steps) // 2]


def _step(a: Line, b: Line) -> float:
    """The distance from line `a` to line `b` below it: `line_step`, or the distance between the
    lines' baselines when that is longer. Both of `line_step`'s readings fall short between a line
    whose words mostly descend ('a leading military figure.') and one whose words mostly do not,
    or whose tops are mostly capitals and ascenders ('Bubnov, A. (1883-1940) Old'); the feet of
    the words that do not descend stand on the baseline whatever the letters (`baseline`)."""
    step = line_step(a, b)
    fa, fb = baseline(a), baseline(b)
    return step if fa is None or fb is None else max(step, fb - fa)


#: What OCR reads of a note number's stop when it loses the number's figures (a semicolon: the
#: stop with a trace of the figure above it).
_STOPS = frozenset(".,);")


def _lone_stop(line: Line) -> bool:
    """Whether a line opens with a note number's stop read alone ('.', ')'), a word after it."""
    words = line.words
    return len(words) > 1 and bool(words[0].text) and set(words[0].text) <= _STOPS


def _lost_number_stop(
    line: Line, above: Line, marks: Sequence[Word], line_height: float, *, gap: float = 1.0
) -> int | None:
    """Where the stop of a note number whose figures OCR lost stands, when `line` opens with one
    before its text (less than `gap` line heights of white between them: a justified line's widest
    space) and the line `above` ends a sentence, as a note's last line does whether it is short or
    full: the line's first word read as one stop alone, or a speck read as one in its row, small
    and on the line's baseline (set apart as dust). None otherwise: a speck farther off, above the
    baseline or after a line that runs on is not a number's stop. Specks read after the line
    above's last word (a dash, a bar: no letter, figure or stop) do not hide its sentence's end."""
    if not notemarkers.ends_with_stop(_without_trailing_specks(above)):
        return None
    return _number_stop(line, marks, line_height, gap=gap)


def _number_stop(line: Line, marks: Sequence[Word], line_height: float, *, gap: float = 1.0) -> int | None:
    """Where the stop of a number whose figures OCR lost stands at the start of `line`, as
    `_lost_number_stop` finds it, whatever stands above the line."""
    words = line.words
    if (
        len(words) > 1
        and words[0].text in _STOPS
        and 0 <= words[1].bbox.x0 - words[0].bbox.x1 < gap * line_height
    ):
        return words[0].bbox.x0
    mid = (line.bbox.y0 + line.bbox.y1) / 2
    for m in marks:
        if (
            m.text in _STOPS
            and mid < m.bbox.y1 <= line.bbox.y1 + 0.25 * line_height
            and m.bbox.height < 0.5 * line.bbox.height
            and 0 <= line.bbox.x0 - m.bbox.x1 < gap * line_height
        ):
            return m.bbox.x0
    return None


def _without_trailing_specks(line: Line, *, unsure: float = math.inf) -> Line:
    """The line without the tokens after its last word that hold no letter, figure or stop
    ('emigration. —': a speck read as a dash), its box ending where its last word does. With
    `unsure`, only tokens OCR read under that confidence go ('World War II. ;', the ';' a 2 px
    speck read at 0.0): a dash printed at a line's end is read with confidence and stays, as a
    justified line ending in one runs full to the edge."""
    words = list(line.words)
    while (
        len(words) > 1
        and words[-1].confidence < unsure
        and not any(c.isalnum() or c in ".!?" for c in words[-1].text)
    ):
        words.pop()
    if len(words) == len(line.words):
        return line
    box = line.bbox
    return Line(words=tuple(words), bbox=BBox(box.x0, box.y0, words[-1].bbox.x1, box.y1))


def _first_token(line: Line) -> str:
    """A line's first token as a note number would be read: a leading speck token (no letter or
    digit) is skipped, stray quotes before the number are dropped ('"3.' → '3.') and a comma after
    it is read as its stop ('5,'); '' for a line of one word."""
    words = line.words
    k = 0
    while k < len(words) - 2 and not any(c.isalnum() for c in words[k].text):
        k += 1
    if len(words) - k < 2:
        return ""
    token = words[k].text.lstrip("\"'’‘“”`_-")
    return token[:-1] + "." if re.fullmatch(r"\d{1,3},", token) else token  # '5,': the stop misread


def _stop_left(line: Line, marks: Sequence[Word], line_height: float, *, reach: float = 1.5) -> int:
    """Where a line that may open a note starts: its box, or a speck in its row less than `reach`
    line heights left of it (the stop of a number OCR lost, set apart as dust)."""
    row = [
        m.bbox.x0
        for m in marks
        if m.bbox.y0 < line.bbox.y1
        and m.bbox.y1 > line.bbox.y0
        and 0 <= line.bbox.x0 - m.bbox.x1 < reach * line_height
    ]
    return min([line.bbox.x0, *row])


def _left(line: Line) -> int:
    """Where a line's text starts, past a leading speck (a token without a letter or digit): used
    for a line that follows a full line, where a stray quote OCR read in the margin must not move
    it out into a hanging indent (after a short line such a token is the stop of a lost number)."""
    words = line.words
    k = 0
    while k < len(words) - 1 and not any(c.isalnum() for c in words[k].text):
        k += 1
    return words[k].bbox.x0 if words else line.bbox.x0


#: Why a paragraph of a notes section opens a note though OCR read no number: set out in the
#: margin like the notes, set apart from a note's short last line by space, opening with the
#: number's stop read alone after a sentence's end, or first under the section's title
#: (`note_starts`).
_SET_APART = ("note-hang", "note-space", "note-stop", "note-open")


def mark_endnotes(
    works: list[PageWork], *, max_lost: int = 2, images: PageImages | None = None, lang: str = "eng"
) -> None:
    """Turn the paragraphs of notes sections into notes (region "endnotes"), the section title into
    an `other` block (the export writes its own Notes heading), and link the calls before them.
    Where the numbers read skip (4, then 6), the last paragraphs since the note before that start
    inside a column (not over a page or column break) are the notes whose numbers OCR lost; a note
    set out in the margin may read a number up to `max_lost` past the expected one. A number given
    on the setting alone gives way to the same number read on a later paragraph: the paragraphs
    given it (and any after) go on the note before them. With `images` (a page's image by its scan
    index), calls OCR lost are looked for again (`_with_lost_calls`; `lang`: the OCR language)."""
    section = 0
    scope: list[tuple[int, PageWork, Draft]] = []  # body paragraphs since the last notes section
    notes: list[tuple[int, PageWork, Draft]] = []
    marked: list[tuple[PageWork, Draft]] = []
    inside = False
    expected = 1
    lost: list[tuple[int, PageWork, Draft]] = []  # paragraphs since the last note that may open one
    guessed: list[tuple[int, PageWork, Draft]] = []  # numbered on their setting alone since a number read
    floor = 1  # the number expected before the first of `guessed`
    stops: set[int] = set()  # notes numbered on their setting whose number's stop OCR read alone
    flat = [(w, d) for w in works if not w.contents for d in w.body_drafts()]
    counted = _counted_numbers(flat)
    for k, (w, d) in enumerate(flat):
        if d.kind is BlockKind.HEADING:
            if _names_notes(w, d):
                section += 1
                inside, expected, lost, guessed = True, 1, [], []
                d.kind, d.reason, d.region = BlockKind.OTHER, "notes-title", "endnotes"
                w.decide("notes_title", (d.id,), f"notes section {d.text!r}", {"block": d.id})
                continue
            if not (inside and _notes_go_on(flat[k + 1 :], expected)):
                if not inside and d.reason == "spaced":
                    # a short line of the text set apart by space ('To Members of the CC and
                    # CCC¹', a letter's salutation): its calls are the text's
                    scope.append((section, w, d))
                inside = False
                continue
            if d is w.body_drafts()[0]:
                continue  # a page's head line taken for a heading (a running head misread)
            # a line inside a note taken for a heading: the notes go on after it
            d.kind, d.level = BlockKind.PARAGRAPH, None
            w.decisions[:] = [x for x in w.decisions if not (x.kind == "heading" and x.targets == (d.id,))]
        if not inside:
            scope.append((section, w, d))
            continue
        marker = _marker(d, expected)
        if marker is None and counted.get(id(d)) == str(expected):
            marker = str(expected)  # one of as many paragraphs as numbers the next number read skips
        if marker is None and guessed:
            # a number read that was given on the setting alone, or that a number read ahead
            # skipped: the paragraphs numbered from it on were not notes but the note before
            # going on (the rest of a note carried over a page, a short last line set apart, an
            # item '3)' of a note's own list); the number read in its place in the count wins
            marker = _marker(d, floor, ahead=expected - 1 - floor)
            if marker is not None:
                for g in [g for g in guessed if int(g[2].marker or 0) >= int(marker)]:
                    g[2].marker, g[2].continues = None, True
                    notes.remove(g)
                expected = int(marker)
        guess = False
        if marker is None and d.reason in _SET_APART:
            # set out like a note with a later number read: as many numbers as were skipped
            # went with paragraphs OCR read without their numbers
            marker = _marker(d, expected, ahead=max_lost + 1)
        if marker is None and d.reason in _SET_APART and lost and _one_more_number(flat[k:], expected):
            # the next number read leaves one number more than the paragraphs set out up to it:
            # the last paragraph since the note before that starts inside a column is the note
            # OCR read without its number, and the numbers go on after it
            found = lost[-1]
            found[2].marker, found[2].continues = str(expected), False
            notes.append(found)
            expected, lost = expected + 1, []
        if marker is None and d.reason in _SET_APART:
            marker = str(expected)  # set out (or apart) like a note, its number lost by OCR
            guess = True
            if d.lines[0].words and not any(c.isalnum() for c in d.lines[0].words[0].text):
                stops.add(id(d))  # the number's stop, read alone: given its number at the end
        d.kind, d.region = BlockKind.FOOTNOTE, "endnotes"
        if marker is not None:
            skipped = int(marker) - expected
            if skipped > 0 and lost:
                # the numbers skip: the last paragraphs OCR read without their numbers open them
                # (as many as there are, the first numbers when there are fewer)
                for n, found in enumerate(lost[max(0, len(lost) - skipped) :], start=expected):
                    found[2].marker, found[2].continues = str(n), False
                    notes.append(found)
            # a number read past the one expected that no paragraph without a number explains
            # is taken on its reading alone: a paragraph reading a number it skipped takes it
            guess = guess or (skipped > 0 and not lost)
            d.marker, d.continues = marker, False
            if guess and not guessed:
                floor = expected
            expected = int(marker) + 1
            notes.append((section, w, d))
            lost = []
            guessed = [*guessed, (section, w, d)] if guess else []
        else:
            if not d.continues and d.reason not in ("first", "as-read"):
                lost.append((section, w, d))  # a paragraph break inside a column, not over a break
            d.continues = True
        marked.append((w, d))
    for w, d in marked:
        if d.marker and (id(d) in stops or _speck_for_number(d)):
            # the number's stop, read alone, of a note numbered on its setting that kept it, or
            # a speck read for a number the count gave ('$- Leninbund' for '5. Leninbund')
            first = d.lines[0].words[0].text
            stop = first if first in ".,)" else "."  # a semicolon was the stop and a trace
            misreads.correct_word(w, d, 0, 0, f"{d.marker}{stop}", "the number of a note set out")
        w.decide(
            "endnote",
            (d.id,),
            f"endnote {d.marker or '(continued)'} in a notes section",
            {"block": d.id, "marker": d.marker, "kind_before": BlockKind.PARAGRAPH.value},
        )
    _link(scope, notes, images, lang)


def _speck_for_number(d: Draft) -> bool:
    """Whether a note opens with a token of marks only ('$-', '.') and no number read after it:
    what OCR read for the note's number."""
    words = d.lines[0].words if d.lines else ()
    if len(words) < 2 or any(c.isalnum() for c in words[0].text):
        return False
    token = _first_token(d.lines[0])
    return not (_NUMBER.match(token) or notemarkers.GLUED_MARKER.match(token))


def _largest_ending(read: int, markers: Sequence[str]) -> int:
    """The largest note number (`markers`) whose figures end with those of `read`, or `read`."""
    return max((int(m) for m in markers if m.isdigit() and m.endswith(str(read))), default=read)


def _counted_numbers(flat: Sequence[tuple[PageWork, Draft]]) -> dict[int, str]:
    """The numbers of notes OCR read without them, told by their count: in a notes section, where
    the next number read (or the first) skips exactly as many numbers as paragraphs open between
    it and the number before (or the section's title), those paragraphs are the notes of the
    numbers skipped, in order, however they are set ('Mensheviks –' … nine paragraphs, then
    '10.': a spread's gutter took the figures hung in the margin of a right-hand page). By the
    paragraph draft's id; the count said nothing elsewhere."""
    out: dict[int, str] = {}
    inside, expected = False, 1
    run: list[Draft] = []
    for w, d in flat:
        if d.kind is BlockKind.HEADING:
            if _names_notes(w, d):
                inside, expected, run = True, 1, []
            elif not _notes_go_on([], expected):
                inside, run = False, []
            continue
        if not inside:
            continue
        token = _first_token(d.lines[0]).rstrip(".)") if d.lines else ""
        if token.isdigit() and len(token) <= 3 and int(token) >= expected:
            if len(run) == int(token) - expected:
                out |= {id(r): str(n) for n, r in enumerate(run, start=expected)}
            inside, expected, run = True, int(token) + 1, []
        elif not d.continues and d.reason != "as-read":
            run.append(d)
    return out


def _one_more_number(after: Sequence[tuple[PageWork, Draft]], expected: int, *, within: int = 3) -> bool:
    """Whether, from the first of `after` (a paragraph set out like a note, its number not read)
    to the next paragraph whose number is read (at most `within` past `expected`, before any
    heading), the numbers skip one more than the paragraphs set out like notes there: a note
    before them lost its number and its setting too."""
    set_out = 0
    for _, d in after:
        if d.kind is BlockKind.HEADING:
            return False
        token = _first_token(d.lines[0]) if d.lines else ""
        core = token.rstrip(".)")
        if core.isdigit() and len(core) <= 3 and set_out:
            return int(core) - expected == set_out + 1 and int(core) <= expected + within
        if d.reason not in _SET_APART:
            continue
        set_out += 1
    return False


def _notes_go_on(after: Sequence[tuple[PageWork, Draft]], expected: int, *, within: int = 3) -> bool:
    """Whether a heading inside a notes section does not end it: one of the next `within`
    drafts opens the note the section expects next (note 2 or later: a chapter's text may open
    with a numbered '1.')."""
    if expected < 2:
        return False
    for w, d in after[:within]:
        if d.kind is BlockKind.HEADING and _names_notes(w, d):
            return False
        if d.kind is BlockKind.PARAGRAPH and _marker(d, expected) is not None:
            return True
    return False


def _names_notes(w: PageWork, d: Draft) -> bool:
    """Whether a heading draft is a notes section's title, as read: a section number corrected in
    it ("Notes |" → "Notes I", the speck taken for a numeral) gives its reading back."""
    if d.reason == "notes-title" or is_notes_title(d.text):
        return True
    read = {
        str(x.data["word"]): str(x.data["text_before"]) for x in w.decisions if x.kind == "heading_number"
    }
    words = [
        read.get(f"{d.id}:{li}:{wi}", wd.text)
        for li, ln in enumerate(d.lines)
        for wi, wd in enumerate(ln.words)
    ]
    return is_notes_title(" ".join(words))


def _marker(d: Draft, expected: int, *, ahead: int = 1) -> str | None:
    """The number a note opens with: `expected`, or up to `ahead` more (notes OCR lost)."""
    token = _first_token(d.lines[0]) if d.lines else ""
    if not token:
        return None
    m = notemarkers.note_marker(dataclasses.replace(d.lines[0].words[0], text=token), expected)
    if m is None or not m.isdigit() or not expected <= int(m) <= expected + ahead:
        return None
    return m


def _lemma_calls(
    scope: list[tuple[int, PageWork, Draft]],
    notes: list[tuple[int, PageWork, Draft]],
    cands: list[calllinks.Candidate],
    *,
    first: float = 2.0,
    later: float = 1.5,
) -> tuple[list[calllinks.Candidate], dict[tuple[int, int], float]]:
    """As `notelinks._lemma_calls`, over the text a notes section closes: a candidate after a mention of
    an endnote's lemma scores `first` more for it; the section's first mention without a candidate
    becomes one (`first`; later mentions `later`). Candidates' `line` is their draft's place in
    `scope`, so that they sort in reading order."""
    heads = [lemmas.note_head(note_text(d)) for _, _, d in notes]
    if not any(heads):
        return cands, {}
    at: dict[tuple[int, int, int], list[calllinks.Candidate]] = {}
    for c in cands:  # a word's candidates (two calls on one word: two)
        at.setdefault((c.call.line, c.line, c.call.word), []).append(c)
    pairs: dict[tuple[int, int, int], dict[int, float]] = {}
    for i, ((sec, _, _), head) in enumerate(zip(notes, heads, strict=True)):
        if head is None:
            continue
        n = 0
        for k, (s, w, d) in enumerate(scope):
            if s + 1 != sec:
                continue
            for li, wi in lemmas.mentions(d.lines, head):
                key = (k, li, wi)
                b = first
                if key not in at or at[key][0].call.strength == 0.0:
                    word = d.lines[li].words[wi]
                    if word.marker:
                        continue
                    at[key] = [calllinks.Candidate(sec, w, d, li, calls.Call(k, wi, word.text, "", 0.0))]
                    b = first if n == 0 else later
                n += 1
                pairs.setdefault(key, {})[i] = b
    out = sorted((c for cs in at.values() for c in cs), key=lambda c: (c.call.line, c.line, c.call.word))
    index: dict[tuple[int, int, int], list[int]] = {}
    for j, c in enumerate(out):
        index.setdefault((c.call.line, c.line, c.call.word), []).append(j)
    # a word with two calls ('Dzerzhinsky[^2]'s[^3]'): the note on its term is called right after
    # the term, by the call OCR left inside the word (its first candidate), not by the one after;
    # two notes on the term ('Kornilov[^17]'s[^18]') take its calls in their order. A possessive's
    # apostrophe taken for a call ('Dzerzhinsky’s’', `calls.Call.apostrophe`) may be one or not:
    # one note on the term scores as much on the call after it, and the count decides
    return out, {
        (i, j): b
        for key, byn in pairs.items()
        for k, (i, b) in enumerate(sorted(byn.items()))
        for j in (
            index[key]
            if len(byn) == 1 and out[index[key][0]].call.apostrophe
            else [index[key][min(k, len(index[key]) - 1)]]
        )
    }


def note_text(d: Draft, *, max_marker: int = 3) -> str:
    """A note's text without its printed marker ("4.", "*", a misread '+' or 't') and specks: as
    the export writes it (`notemarkers.note_words`: a mark misread as letters, 'bd Beloborodov, A.'
    for '* Beloborodov, A.', goes too, so the note's term is 'Beloborodov'); a note without a
    marker of its own, without its first tokens of at most `max_marker` characters and one letter."""
    if d.marker and not d.continues:
        return " ".join(
            w.text for w in notemarkers.note_words([w for ln in d.lines for w in ln.words], d.marker)
        )
    words = [w.text for ln in d.lines for w in ln.words]
    k = 0
    while k < min(2, len(words) - 1) and (
        len(words[k]) <= max_marker and sum(c.isalpha() for c in words[k]) <= 1
    ):
        k += 1
    glued = notemarkers.GLUED_MARKER.match(words[k]) if k < len(words) else None
    if glued:  # '4.Comintern': the number glued to the note's first word
        words[k] = glued.group(2)
    return " ".join(words[k:])


def _link(
    scope: list[tuple[int, PageWork, Draft]],
    notes: list[tuple[int, PageWork, Draft]],
    images: PageImages | None = None,
    lang: str = "eng",
) -> None:
    """Match each section's notes to the calls in the text before the section, in order. The text
    of section k is what comes after section k-1's notes (numbered k here, as the notes are).
    With `images`, the weak candidate calls are checked on their page's image (`_PagesSeen`: a raised
    '!' is a call, a speck read as a quote none), and the pages where a
    section's note numbers not read as calls must be are read again (`_with_lost_calls`)."""
    cands: list[calllinks.Candidate] = []
    quotes = 0  # quotations a paragraph's part on the page before left open
    seen = _PagesSeen(images)
    for n, (sec, w, d) in enumerate(scope):
        starts = [0] if not d.continues else []
        goes_on = n + 1 < len(scope) and scope[n + 1][2].continues
        found, quotes = calls.candidates_and_quotes(
            d.lines, starts=starts, quotes=quotes if d.continues else 0, ends=not goes_on
        )
        found = seen.checked(w, d, found)
        for c in found:
            inner = calls.apostrophe_call(c, d.lines[c.line].words[c.word].text)
            for x in [inner, c] if inner is not None else [c]:
                cands.append(calllinks.Candidate(sec + 1, w, d, c.line, dataclasses.replace(x, line=n)))
    if images is not None:
        cands = _with_lost_calls(scope, notes, cands, images, lang)
    cands, bonus = _lemma_calls(scope, notes, cands)
    calllinks.link_notes(notes, cands, bonus=bonus, endnotes=True)


class _PagesSeen:
    """The page images a notes section's text is checked on (`lostcalls.seen_on_image`), each
    binarised only for a page holding a weak candidate call, and kept while the text is on that
    page (the last one only: a volume's pages are not all held at once); nothing without `images`."""

    def __init__(self, images: PageImages | None) -> None:
        self.images = images
        self.index: int | None = None
        self.page: tuple[np.ndarray, float] | None = None

    def checked(self, w: PageWork, d: Draft, found: list[calls.Call]) -> list[calls.Call]:
        """The draft's candidate calls as its page image shows the weak ones."""
        words = [d.lines[c.line].words[c.word].text for c in found]
        if self.images is None or not any(map(lostcalls.weak_on_image, found, words)):
            return found
        if w.page.index != self.index:
            image = self.images(w.page.index)
            size = letter_height([ln for x in w.body_drafts() for ln in x.lines])
            self.index = w.page.index
            self.page = None if image is None or size is None else (binarise_image(image), size)
        if self.page is None:
            return found
        return lostcalls.seen_on_image(self.page[0], d.lines, found, self.page[1])


def _with_lost_calls(
    scope: list[tuple[int, PageWork, Draft]],
    notes: list[tuple[int, PageWork, Draft]],
    cands: list[calllinks.Candidate],
    images: PageImages,
    lang: str,
    *,
    strong: float = 1.5,
) -> list[calllinks.Candidate]:
    """The candidate calls with those a second reading of the page images finds where OCR read none
    (`lostcalls.lost_calls`, as for footnotes), for the notes of each section whose numbers no call
    before the section reads. An endnote says nothing of the page its call is on, but the calls
    read as numbers do: a number's call lies after the last call read as a smaller number of the
    section and before the first read as a larger one, so only the pages between those two are
    read again, and a reading counts only when it is found on one of them alone. Nothing is read
    again in a section with at least as many likely calls (strength `strong` or more, possessives
    aside) as notes: there a call was misread, not lost."""
    out = list(cands)
    for sec in sorted({s for s, _, _ in notes}):
        markers = [d.marker or "" for s, _, d in notes if s == sec]
        mine = [c for c in cands if c.pos == sec]
        read = {c.call.marker for c in mine if c.call.exact}
        missing = [m for m in markers if m.isdigit() and m not in read and markers.count(m) == 1]
        if not missing:
            continue
        if lostcalls.misread_not_lost([c.call for c in mine], markers, strong=strong):
            continue
        # the section's text, page by page in reading order: (page, [(scope index, draft)])
        pages: list[tuple[PageWork, list[tuple[int, Draft]]]] = []
        for n, (s, w, d) in enumerate(scope):
            if s + 1 != sec:
                continue
            if not pages or pages[-1][0] is not w:
                pages.append((w, []))
            pages[-1][1].append((n, d))
        at_page = {n: k for k, (_, ds) in enumerate(pages) for n, _ in ds}
        numbers = [
            (int(c.call.marker), at_page[c.call.line])
            for c in mine
            if c.call.exact and c.call.marker.isdigit()
        ]
        wanted: dict[int, list[str]] = {}  # page (place in `pages`) → the numbers it may hold
        for m in missing:
            # a number read bounds the pages of a smaller one only when no note's number it may
            # be the end of is larger: OCR loses a call's leading figures ('2' for 12), never adds
            lo = max((k for v, k in numbers if _largest_ending(v, markers) < int(m)), default=0)
            hi = min((k for v, k in numbers if v > int(m)), default=len(pages) - 1)
            for k in range(lo, hi + 1):
                wanted.setdefault(k, []).append(m)
        found: dict[str, list[calllinks.Candidate]] = {}
        for k in sorted(wanted):
            w, ds = pages[k]
            flat = [(n, d, li) for n, d in ds for li in range(len(d.lines))]
            lines = [d.lines[li] for _, d, li in flat]
            index = {(n, li): f for f, (n, _, li) in enumerate(flat)}
            here = [
                dataclasses.replace(c.call, line=index[(c.call.line, c.line)])
                for c in mine
                if c.call.line in dict(ds) and (c.call.line, c.line) in index
            ]
            image = images(w.page.index)
            if image is None:
                continue
            kept = [wd for dr in w.drafts for ln in dr.lines for wd in ln.words]
            # the page's notes in order as far as the calls read on it can tell: the numbers it
            # may hold and those read on it
            local = sorted(
                set(wanted[k]) | {c.marker for c in here if c.exact and c.marker in markers}, key=int
            )
            for lost in lostcalls.lost_calls(image, lines, kept, local, here, lang=lang):
                n, d, li = flat[lost.line]
                found.setdefault(lost.marker, []).append(
                    calllinks.Candidate(sec, w, d, li, dataclasses.replace(lost, line=n))
                )
        # a word's candidates by where they stand; its last is the call after the word's end
        taken = {(c.call.line, c.line, c.call.word): k for k, c in enumerate(out)}
        for spots in found.values():
            spot = spots[0]
            if len(spots) != 1:
                continue
            at = taken.get((spot.call.line, spot.line, spot.call.word))
            if at is None:
                out.append(spot)
            elif not out[at].call.exact:
                # a glyph read where a call stands ('groupings’'), read again as the number of
                # a note no call reads: the call of that note, whatever glyph OCR read for it
                again = spot.call
                call = dataclasses.replace(
                    out[at].call, marker=again.marker, strength=again.strength, exact=True, reread=True
                )
                out[at] = dataclasses.replace(out[at], call=call)
    return sorted(out, key=lambda c: (c.call.line, c.line, c.call.word))
