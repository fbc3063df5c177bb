"""Footnotes: the note zone at the page bottom, the notes in it, and the calls in the body.

The note zone is the run of bottom lines set closer than body lines (smaller type), set off from the
body by a gap (often with a rule). Notes in it start with their marker ("4.", "4", "*"); a zone whose
first line has no marker continues the previous page's last note. Calls in the body are superscript
markers that OCR glues to the word ("Centrism1", "convened.4") or reads as a small separate token, or
misreads as a quote or question mark; they are matched to the page's notes in order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wordfreq import zipf_frequency

from ingest.layout import numerals
from ingest.layout.furniture import parse_folio
from ingest.layout.geometry import VolumeMetrics, align_in_order, line_size, source_sizes, type_height
from ingest.model import Line, Word

SYMBOL_MARKERS = ("*", "†", "‡", "§", "‖", "¶")
#: The order symbol notes take on a page: the six marks, then doubled, then tripled.
SYMBOL_SEQUENCE = tuple(s * n for n in (1, 2, 3) for s in SYMBOL_MARKERS)
#: What OCR reads for a symbol marker at the start of a note line ('+' for †, '$' for ‡, 't').
_SYMBOL_GLYPHS = frozenset("*†‡§‖¶+$¢£#%&|!tf~^'\"’”")
_GLUED_CALL = re.compile(r"^(.*[A-Za-z\)\]\.,;:!?\"'’”])(\d{1,3})$")


def note_zone_start(
    lines: Sequence[Line],
    metrics: VolumeMetrics,
    *,
    next_number: int | None = None,
    may_continue: bool = True,
    pitch_ratio: float = 0.9,
    height_ratio: float = 0.86,
    gap_factor: float = 1.25,
) -> int | None:
    """Index of the first line of the note zone among the page's body lines, or None.

    First by type size (`zone_by_type`), then by the expected note's marker over a gap
    (`zone_by_marker`), then by line spacing (`zone_by_pitch`). A zone that does not open with a
    note's marker continues the previous page's last note: with `may_continue` False (the previous
    page ended without notes) type size alone does not make one."""
    for k in (
        zone_by_type(lines, metrics, next_number=next_number, may_continue=may_continue),
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
    ):
        if k is not None:
            return k
    return None


def _body_type(
    lines: Sequence[Line],
    metrics: VolumeMetrics,
    *,
    min_words: int = 4,
    near: tuple[float, float] = (0.8, 1.25),
) -> float:
    """The body type height above a candidate zone: the page's own (full lines within `near` of the
    volume's body type, so a large heading does not count) when it has enough of them."""
    lo, hi = near[0] * metrics.type_height, near[1] * metrics.type_height
    full = sorted(t for ln in lines if len(ln.words) >= min_words and lo <= (t := type_height(ln)) <= hi)
    return full[len(full) // 2] if len(full) >= 3 else metrics.type_height


def zone_by_type(
    lines: Sequence[Line],
    metrics: VolumeMetrics,
    *,
    next_number: int | None = None,
    may_continue: bool = True,
    type_ratio: float = 0.9,
    size_ratio: float = 0.95,
    min_small_share: float = 0.75,
    gap_factor: float = 1.1,
) -> int | None:
    """The first line from which the page's lines are set in smaller type than the body above them
    (type height at most `type_ratio` of it, for the first line, the zone's median and at least
    `min_small_share` of its lines), set off by a gap of `gap_factor` body pitches. Notes are set
    smaller than the text; a warped scan distorts line boxes but hardly the median word height.
    Text layers give exact type sizes (`Word.size`): then a zone at most `size_ratio` of the body
    size counts (a note one point smaller than the text)."""
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
        if types[k] > limit or types[k - 1] <= limit:
            continue
        if zone_gap(lines[k - 1], lines[k]) < gap_factor * metrics.pitch:
            continue
        if ends_broken_word(lines[k - 1], lines[k]):
            continue
        marked = next_number is not None and opens_note(lines[k], next_number)
        if not marked and not may_continue:
            continue
        zone = sorted(types[k:])
        small = sum(1 for t in zone if t <= limit)
        if zone[len(zone) // 2] <= limit and small >= min_small_share * len(zone):
            return k
    return None


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
) -> int | None:
    """The first line that starts with the expected note's marker after a gap of `gap_factor` body
    pitches, below which lines are set closer than body lines (median pitch under `pitch_ratio`)."""
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
        pitches = sorted(b.bbox.y0 - a.bbox.y0 for a, b in zip(zone, zone[1:], strict=False))
        if pitches[len(pitches) // 2] <= pitch_ratio * metrics.pitch:
            return k
    return None


def starts_note(line: Line, expected: int) -> bool:
    """Whether the line begins with the marker of note `expected` (or the one after, one missed),
    of note 1 (a restart), or a symbol marker; a leading speck token is skipped."""
    words = _without_speck(line.words)
    if len(words) < 2:
        return False
    m = note_marker(words[0], expected)
    if m is None:
        return _restarts(words[0], expected)
    return not m.isdigit() or int(m) in (expected, expected + 1) or m == "1"


def _restarts(word: Word, expected: int) -> bool:
    """Whether a zone's first marker is note 1 again (numbering restarts with each chapter) when
    the volume's count expects another: '1', or a look-alike of it that is no word ('l', 'L'; not
    'I', which opens a note carried over as well)."""
    if expected == 1:
        return False
    return word.text.rstrip(".)") in ("l", "L", "|") or (note_marker(word, 1) == "1" and word.text[:1] != "I")


def zone_by_pitch(
    lines: Sequence[Line],
    metrics: VolumeMetrics,
    *,
    next_number: int | None = None,
    may_continue: bool = True,
    pitch_ratio: float = 0.9,
    height_ratio: float = 0.86,
    gap_factor: float = 1.25,
) -> int | None:
    """The longest run of bottom lines whose pitch is below `pitch_ratio` body pitches (a single
    bottom line: lower than `height_ratio` body line heights, or starting with the marker of note
    `next_number`), preceded by a gap of at least `gap_factor` body pitches from the line above.
    When no note can continue onto the page (`may_continue` False), the run must open with a
    note's marker (`opens_note`): closely set lines at a page's foot are also a letter's closing
    or a stanza."""
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
    if not may_continue and next_number is not None and not opens_note(lines[start], next_number):
        return None
    if zone_gap(lines[start - 1], lines[start]) < gap_factor * metrics.pitch:
        return None
    if ends_broken_word(lines[start - 1], lines[start]):
        return None
    return start


def zone_gap(above: Line, line: Line) -> float:
    """The step from the last body line to a candidate first note line: the smaller of top-to-top
    and bottom-to-bottom, so a short line without ascenders ("ion.", whose box starts at the
    x-height) does not look set apart; a real note zone is set off at both edges."""
    return min(line.bbox.y0 - above.bbox.y0, line.bbox.y1 - above.bbox.y1)


def ends_broken_word(above: Line, line: Line) -> bool:
    """Whether `line` carries on a word broken at the end of the line above ("opin-" / "ion."):
    the same text, not the start of a note."""
    return (
        bool(above.words and line.words)
        and above.words[-1].text.endswith(("-", "­", "‐"))
        and line.words[0].text[:1].islower()
    )


def note_marker(word: Word, expected: int | None) -> str | None:
    """The marker a note line starts with: a symbol, digits ("4", "4."), or OCR look-alikes of the
    `expected` number ("s." for 5). None when the line does not start a note."""
    t = word.text
    if t and t[0] in SYMBOL_MARKERS:
        run = len(t) - len(t.lstrip(t[0]))
        return t[:run] if run <= 3 else t[0]  # '**': the seventh note of a page
    core = t.rstrip(".)")
    if core.isdigit() and len(core) <= 3:
        return core
    if expected is not None and len(core) <= 3:
        if any(f.kind == "arabic" and f.value == expected for f in parse_folio(core)):
            return str(expected)
        # old-style figures: "u." for 11, "2g." for 25 — same length, at most one digit off
        fixed = core.replace("u", "11").translate(numerals.DIGITS)
        want = str(expected)
        if (
            t.endswith(".")
            and expected >= 10
            and len(fixed) == len(want)
            and fixed.isdigit()
            and sum(a != b for a, b in zip(fixed, want, strict=True)) <= 1
        ):
            return want
    return None


@dataclass(frozen=True)
class Note:
    """One note (or piece of a note) found in a zone: its marker (None = continues the previous
    page's note) and its lines."""

    marker: str | None
    lines: tuple[Line, ...]


def split_notes(
    zone: Sequence[Line], next_number: int, *, may_continue: bool = True, max_misread: int = 2
) -> list[Note]:
    """Split the zone's lines into notes at lines starting with a marker. Digit markers must be the
    expected next number (or the one after, if one was missed) to count, so that a line of note text
    that happens to start with a number is not taken for a new note. When no note can continue onto
    this page (`may_continue` False), the zone's first line opens the expected note even if its
    marker was misread ("L" for 1), provided its first token is that short (`max_misread`)."""
    notes: list[Note] = []
    cur: list[Line] = []
    marker: str | None = None
    expected = next_number
    right = max((ln.bbox.x1 for ln in zone), default=0)
    for k, ln in enumerate(zone):
        words = _without_speck(ln.words)
        m = note_marker(words[0], expected) if len(words) > 1 else None
        prev = zone[k - 1] if k else None
        ended = prev is not None and prev.bbox.x1 < right - 2 * prev.bbox.height
        if marker in SYMBOL_SEQUENCE and ended and len(ln.words) > 1 and _symbol_like(ln.words[0].text):
            # symbol notes go * † ‡ … down the page: after a note's short last line, a mark OCR
            # misread ('+' for †) opens the next one
            m = SYMBOL_SEQUENCE[min(SYMBOL_SEQUENCE.index(marker) + 1, len(SYMBOL_SEQUENCE) - 1)]
        if m is not None and m.isdigit() and int(m) not in (expected, expected + 1):
            # the first line may resynchronise the count, unless it is the expected number misread
            m = None if cur or notes or _near_number(words[0].text, expected) else m
        if (
            m is None
            and len(words) > 1
            and (prev is None or prev.bbox.x1 < right - 2 * prev.bbox.height)
            and (_near_number(words[0].text, expected) or (prev is not None and _marker_like(words[0].text)))
        ):
            m = str(expected)
        if m is None and k == 0 and len(words) > 1 and _restarts(words[0], expected):
            m = "1"  # 'L Kamenev': the first note of a chapter that numbers its notes from 1
        if m is None and k == 0 and not may_continue and _misread_marker(words, max_misread):
            m = str(expected)
        if m is not None:
            if cur or marker is not None:
                notes.append(Note(marker, tuple(cur)))
            marker, cur = m, [ln]
            if m.isdigit():
                expected = int(m) + 1
        else:
            cur.append(ln)
    if cur:
        notes.append(Note(marker, tuple(cur)))
    return notes


def opens_note(line: Line, expected: int, *, max_misread: int = 2) -> bool:
    """Whether a line can open note `expected` on a page no note continues onto: it starts with
    the marker (`starts_note`), or with a short token that is no word (`_misread_marker`)."""
    return starts_note(line, expected) or _misread_marker(_without_speck(line.words), max_misread)


def _misread_marker(words: Sequence[Word], max_len: int, *, common: float = 3.0, letter: float = 6.0) -> bool:
    """Whether a line's first token may be its note's number misread ("L" for 1, "Z." for 2): at
    most `max_len` characters before a stop, made of digit look-alikes, or else not a common word
    ("In", "To"; one letter: not "A")."""
    if len(words) < 2:
        return False
    core = words[0].text.rstrip(".,)")
    if not 0 < len(core) <= max_len:
        return False
    if set(core) <= numerals.MARKER_GLYPHS:
        return True
    return zipf_frequency(core.lower(), "en") < (letter if len(core) == 1 else common)


def _symbol_like(token: str, *, max_len: int = 3) -> bool:
    """Whether a line's first token can be OCR's reading of a symbol marker: a few marks, or one
    letter a dagger is read as ('t', 'f'), with nothing alphanumeric beside it."""
    return (
        0 < len(token) <= max_len and (set(token) <= _SYMBOL_GLYPHS) and sum(c.isalnum() for c in token) <= 1
    )


def _without_speck(words: Sequence[Word]) -> Sequence[Word]:
    """A line's words without a leading speck (a token of punctuation only, not a symbol marker)."""
    if (
        len(words) > 2
        and not any(c.isalnum() for c in words[0].text)
        and words[0].text[:1] not in SYMBOL_MARKERS
    ):
        return words[1:]
    return words


def _marker_like(token: str, *, max_len: int = 3, common: float = 3.0) -> bool:
    """Whether a token could be a misread note number ("uu." for 21): at most `max_len` digit
    look-alike characters and a period, and not a common word ("So.")."""
    core = token[:-1] if token.endswith(".") else ""
    return (
        0 < len(core) <= max_len
        and set(core) <= numerals.MARKER_GLYPHS
        and zipf_frequency(core.lower(), "en") < common
    )


def _near_number(token: str, expected: int) -> bool:
    """Whether `token` ("2." for 21) is the number `expected` with one digit lost or misread,
    followed by a period: taken as a note start only after a short line (the previous note ended)."""
    if not token.endswith(".") or expected < 10:
        return False
    core = token.rstrip(".").translate(numerals.DIGITS)
    want = str(expected)
    if not core.isdigit():
        return False
    if len(core) == len(want):
        return sum(a != b for a, b in zip(core, want, strict=True)) <= 1
    return len(core) == len(want) - 1 and any(want[:i] + want[i + 1 :] == core for i in range(len(want)))


@dataclass(frozen=True)
class Call:
    """A footnote call found in the body: line and word index, the word's text without the call,
    the marker as printed and how sure the match is (2 exact, 1 a misread glyph)."""

    line: int
    word: int
    text: str
    marker: str
    strength: float
    exact: bool = False


_OPEN_QUOTES = ("“", '"', "‘", "„", "«")
_CLOSE_GLYPHS = "’'‘`\"”"
_ODD_GLYPHS = "?°^*¹²³!®™©§>"
_TAIL = re.compile(r"^(.*[A-Za-z0-9\)\]\.,;:])([’'‘`\"”?°^*!®™©§¹²³†‡>]+)([.,;:]?\]?)$")


def call_candidates(
    lines: Sequence[Line],
    *,
    starts: Sequence[int] = (0,),
    superscript_ratio: float = 0.7,
    unsure: float = 0.5,
    lost: float = 0.3,
) -> list[Call]:
    """Every word that may carry a footnote call, in reading order, with a strength.

    Strength 2: digits glued after letters or punctuation ("Centrism1", "convened.4"), a small raised
    digit token, or a symbol (*, †). Below 2, glyphs OCR makes of superscript digits: an odd sign
    (® ™ ° ? before a lower-case word) 1.9, or after a quote before a capital 1.1; a closing quote
    that closes no open quotation in the paragraph (paragraphs start at the line indices `starts`)
    1.5; a quote after a plural `s` (could be a possessive) 1.05; lower word confidence adds up to
    0.5. At a paragraph's end, a '?' or '!' right after a letter is a question (1.05 only), and a
    quotation closed by a word read with confidence under `unsure` may hide a lost call (1.2), and
    so may a word ending in a stop or comma read with confidence under `lost` (1.0 + the bonus)."""
    out: list[Call] = []
    depth = 0
    start_set = set(starts)
    for li, ln in enumerate(lines):
        if li in start_set:
            depth = 0
        for wi, w in enumerate(ln.words):
            t = w.text
            if w.marker:  # linked by an earlier cleanup of a corrected page: keep the link
                out.append(Call(li, wi, t, w.marker, 2.0, True))
                continue
            if t[:1] in _OPEN_QUOTES and len(t) > 1 and (t[1:2].isalnum() or t[1:2] in _OPEN_QUOTES):
                depth += 1
            m = _GLUED_CALL.match(t)
            if m and not re.search(r"\d", m.group(1)[-1:]):
                out.append(Call(li, wi, m.group(1), m.group(2), 2.0, True))
                continue
            if t.isdigit() and len(t) <= 3 and wi > 0 and _raised(w, ln, superscript_ratio):
                out.append(Call(li, wi, "", t, 2.0, True))
                continue
            if t and t[-1] in SYMBOL_MARKERS and len(t) > 1 and t[-2].isalpha():
                out.append(Call(li, wi, t.rstrip("".join(SYMBOL_MARKERS)), t[-1], 2.0, True))
                continue
            m = _TAIL.match(t)
            if not m and w.confidence < lost and len(t) > 2 and t[-1] in ".,;:" and t[-2].isalpha():
                # 'rights.' read very unsure: the raised digit after the stop was taken into it
                out.append(Call(li, wi, t, "", 1.0 + 0.5 * (1.0 - w.confidence)))
                continue
            if not m or len(m.group(1)) < 2:
                continue
            glyphs = m.group(2)
            nxt = next((x.text for x in ln.words[wi + 1 :] if not _speck(x)), "")
            bonus = 0.5 * (1.0 - w.confidence)
            para_end = not nxt and li + 1 in start_set
            if any(g in _ODD_GLYPHS for g in glyphs):
                odd_ok = (
                    not glyphs.endswith(("?", "!"))
                    or nxt[:1].islower()
                    or nxt[:1] in ";,.:"
                    or not nxt
                    or m.group(1)[-1] in ",;:"  # 'group,?': no question ends at a comma
                )
                if para_end and glyphs in ("?", "!") and m.group(1)[-1:].isalpha():
                    # 'face?' ending a paragraph: a question, a call only if nothing likelier
                    out.append(Call(li, wi, t, glyphs, 1.05))
                elif odd_ok:
                    out.append(Call(li, wi, m.group(1) + m.group(3), glyphs, 1.9 + bonus))
                elif len(glyphs) > 1:  # 'word"!' before a capital: a sentence end, or a call after a quote
                    out.append(Call(li, wi, m.group(1) + glyphs[:-1] + m.group(3), glyphs, 1.1 + bonus))
                continue
            closing = glyphs[0] in "’'\"”"
            if closing and depth > 0:
                depth -= 1
                if para_end and w.confidence < unsure:
                    # a quotation closing a paragraph, read unsure: the raised call after the
                    # quote was often taken into it and lost
                    out.append(Call(li, wi, t, glyphs, 1.2 + bonus))
                continue
            if glyphs in ("’", "'") and m.group(1).endswith(("s", "S")) and not m.group(3):
                out.append(Call(li, wi, m.group(1), glyphs, 1.05 + bonus))
                continue
            out.append(Call(li, wi, m.group(1) + m.group(3), glyphs, 1.5 + bonus))
    return _with_inner_calls(out, lines)


_INNER = re.compile(r"^(.*[A-Za-z])([’'‘`\"”?°^*!®™©§¹²³†‡>]+)([.,;:]|['’]s)?$")


def _with_inner_calls(calls: list[Call], lines: Sequence[Line], *, strength: float = 1.5) -> list[Call]:
    """Add, before a call, the call OCR left inside the same word ("Dzerzhinsky’'s*", "Kautsky‘.2":
    two notes called at one word, or a call before the stop the next one follows): the word without
    its last call still ends in a raised glyph. Two notes then cannot take the same word's one call
    and shift every link after them."""
    out: list[Call] = []
    for c in calls:
        taken_off = c.marker and c.text != lines[c.line].words[c.word].text  # the call left the word
        m = _INNER.match(c.text) if taken_off else None
        if m and len(m.group(1)) >= 2:
            out.append(Call(c.line, c.word, m.group(1) + (m.group(3) or ""), m.group(2), strength))
        out.append(c)
    return out


def _speck(word: Word, *, unsure: float = 0.5) -> bool:
    """A dot of dust read as punctuation: no letter or digit, and read unsure."""
    return word.confidence < unsure and not any(c.isalnum() for c in word.text)


def _raised(w: Word, line: Line, ratio: float) -> bool:
    """Whether a word is a superscript: small, and its bottom well above the line's baseline; or,
    from a text layer, set in type under `ratio` of the line's size."""
    size = line_size(line)
    if w.size is not None and size is not None:
        return w.size < ratio * size
    bottoms = sorted(x.bbox.y1 for x in line.words)
    baseline = bottoms[len(bottoms) // 2]
    return w.bbox.height < ratio * line.bbox.height and w.bbox.y1 < baseline - 0.25 * w.bbox.height


def call_score(
    call: Call, marker: str, *, exact: float = 10.0, symbol: float = 2.5, other_digit: float = 0.5
) -> float:
    """How well a candidate call fits a note marker: `exact` for the printed number (`symbol` for
    a printed symbol), `other_digit` for a different number (a misread digit), else the
    candidate's own strength (misread glyph)."""
    if call.exact:
        if call.marker == marker:
            # OCR reads one symbol for another ('*' for †): an exact symbol is worth less than
            # linking every note of the page in order
            return symbol if marker in SYMBOL_SEQUENCE else exact
        if call.marker in SYMBOL_MARKERS:
            return 1.9  # a superscript digit, or another symbol, read as this symbol
        return other_digit
    return call.strength


def align_calls(
    notes: Sequence[tuple[int, str]],
    candidates: Sequence[tuple[int, Call, bool]],
    *,
    pages_before: int = 1,
    min_score: float = 1.0,
    bonus: Mapping[tuple[int, int], float] | None = None,
) -> list[int | None]:
    """Match notes (page position, marker; in volume order) to candidate calls (page position, call,
    whether it is in the last lines of its page; in reading order), keeping both in order. A note's
    call is on the note's page, or in the last lines of a page up to `pages_before` pages earlier (a
    note pushed over the page break). Maximises the summed `call_score` (plus `bonus` for a (note,
    candidate) pair: the candidate follows a mention of the note's lemma); pairs scoring below
    `min_score` are not made. Returns a candidate index per note."""
    extra = bonus or {}

    def score(i: int, j: int) -> float | None:
        npage, marker = notes[i]
        cpage, call, tail = candidates[j]
        if cpage == npage or (tail and npage - pages_before <= cpage < npage):
            sc = call_score(call, marker) + extra.get((i, j), 0.0)
            if sc >= min_score:
                return sc
        return None

    return align_in_order(len(notes), len(candidates), score)
