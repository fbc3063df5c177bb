"""Note markers as printed and as OCR reads them ("4.", "s." for 5, "+" for †, "M4," for 14),
and a note zone's lines cut into notes at them.

Notes start with their marker ("4.", "4", "*"); a zone whose first line has no marker continues the
previous page's last note. Where the zone is on the page is found in `footnotes`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from wordfreq import zipf_frequency

from ingest.layout import lemmas, numerals
from ingest.layout.calls import SYMBOL_MARKERS, SYMBOL_SEQUENCE
from ingest.layout.furniture import parse_folio
from ingest.layout.geometry import type_height
from ingest.model import Line, Word

#: A note's number with its text glued on ("4.Comintern"): OCR lost the space after the stop, and
#: may have read the stop twice or a speck beside it as a second one ("5..Kautsky", "5.,Kautsky").
GLUED_MARKER = re.compile(r"^(\d{1,3})[.)][.,]?([^\W\d_].*)$")
#: A note's number and its stop with a speck read right after it ("21.-", "7.,"): no word of prose
#: is a number, a stop and a mark.
_SPECK_AFTER_MARKER = re.compile(r"^(\d{1,3})[.)][-_,:;'’‘`~]{1,2}$")
#: What OCR reads for a symbol marker at the start of a note line ('+' for †, '$' for ‡, 't').
_SYMBOL_GLYPHS = frozenset("*†‡§‖¶+$¢£#%&|!tf~^'\"’”")


#: Specks OCR reads glued before a note's number ('.§.' for '5.').
_LEADING_SPECKS = ".,·'‘`"

#: Marks OCR reads for the figure 5 ('§', '$').
_FIVE_MARKS = frozenset("§$")

#: A note's number OCR read as one to three letters or figures and its stop ('a.' for 11, 'Il.',
#: 'u.' for 11).
MISREAD_NUMBER = re.compile(r"[^\W_]{1,3}[.,)]")


def starts_note(line: Line, expected: int) -> bool:
    """Whether the line begins with the marker of note `expected` (or the one after, one missed,
    or `expected` with a figure lost: "4." for 14), of note 1 (a restart), or a symbol marker; a
    leading speck token is skipped."""
    words = _without_speck(line.words)
    if len(words) < 2:
        return False
    if _near_number(words[0].text, expected) or _split_number(words, expected):
        return True
    if _pronoun(words):
        return False
    m = note_marker(words[0], expected)
    if m is None:
        return _restarts(words[0], expected)
    return not m.isdigit() or int(m) in (expected, expected + 1) or m == "1"


def _quote_mark(words: Sequence[Word]) -> bool:
    """Whether a line opens with a quote standing alone before a capital ('“ Centrosoyuz —' for
    '* Centrosoyuz —'): prose sets a quote against its word; a raised mark read as a quote stands
    apart."""
    return (
        len(words) > 2
        and len(words[0].text) == 1
        and words[0].text in _QUOTES
        and words[1].text[:1].isupper()
    )


#: Quotes set against their word (guillemets are not: French sets them apart by a space).
_QUOTES = frozenset("\"'’‘“”`")


def _pronoun(words: Sequence[Word]) -> bool:
    """Whether a line opens with the pronoun 'I' and a lower-case word ('I will end…'), which
    reads like the figure 1 but opens no note: a note's text opens with a capital or a figure."""
    return len(words) > 1 and words[0].text == "I" and words[1].text[:1].islower()


def _url_bracket(words: Sequence[Word]) -> bool:
    """Whether a line opens with the angle bracket that sets off a web address ('<', '‹', or
    '«' as OCR reads it), standing alone before the address ('< https://…', '< www.…')."""
    return (
        len(words) > 1
        and words[0].text in ("<", "‹", "«")
        and words[1].text.lower().startswith(("http:", "https:", "www."))
    )


def _restarts(word: Word, expected: int) -> bool:
    """Whether a zone's first marker is note 1 again (numbering restarts with each chapter) when
    the volume's count expects another: '1', or a look-alike of it that is no word ('l', 'L'; not
    'I', which opens a note carried over as well)."""
    if expected == 1:
        return False
    return word.text.rstrip(".)") in ("l", "L", "|") or (note_marker(word, 1) == "1" and word.text[:1] != "I")


def note_marker(word: Word, expected: int | None) -> str | None:
    """The marker a note line starts with: a symbol, digits ("4", "4."), or OCR look-alikes of the
    `expected` number ("s." for 5). None when the line does not start a note."""
    t = word.text
    if len(t) > 2 and t[0] in _LEADING_SPECKS and t[1] not in _LEADING_SPECKS:
        t = t[1:]  # '.§.' for '5.': a speck read glued before the number
    if t and t[0] in SYMBOL_MARKERS:
        run = len(t) - len(t.lstrip(t[0]))
        return t[:run] if run <= 3 else t[0]  # '**': the seventh note of a page
    core = t.rstrip(".)")
    if core.isdigit() and len(core) <= 3:
        return core
    glued = GLUED_MARKER.match(t) or _SPECK_AFTER_MARKER.match(t)
    if glued and expected is not None and int(glued.group(1)) in (expected, expected + 1):
        # '4.Comintern': OCR lost the space after the number; '21.-': a speck read after its stop
        return glued.group(1)
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
    zone: Sequence[Line],
    next_number: int,
    *,
    may_continue: bool = True,
    max_misread: int = 2,
    want: int = 0,
    symbols: bool = False,
    calls: int = 0,
    restart: bool = True,
) -> list[Note]:
    """Split the zone's lines into notes at lines starting with a marker. Digit markers must be the
    expected next number (or the one after, if one was missed) to count, so that a line of note text
    that happens to start with a number is not taken for a new note. When no note can continue onto
    this page (`may_continue` False), the zone's first line opens the expected note even if its
    marker was misread ("L" for 1), provided its first token is that short (`max_misread`) or
    reads part of the expected number ("M4," for 14). `want` > 0: the page's calls want that many
    symbol notes and the note before ended (`segment._calls_wanting_symbol_notes`): a first line
    without a readable mark opens the page's first symbol note ('aula ~ Wealthy…' for '* Kulak –
    Wealthy…'), and, until that many are open, a line opening with a mark standing alone ('+')
    opens the next one. `symbols`: the volume's last note was marked with a symbol, so a first line
    opening a note with its mark misread opens the page's first symbol note. `calls`: how many
    calls the page's body holds in a volume of symbol notes: until that many notes are open, a
    line opening with a mark standing alone opens the next note, also after a full line (the
    note's short last line lost by OCR); after a note's short last line that ends a sentence, any
    line not opening in lower case opens the next note when the calls want more than the lines
    below opening with a mark can open ('TCE.,' for '† Cf.,'; else a second paragraph of the
    note, or a speck read as a stop). `restart`: a heading came since the volume's last note, so
    a first line opening with a look-alike of 1 ('l', 'i”') may restart the numbering (a chapter
    numbering its notes from 1); without one, it is the expected number misread."""
    notes: list[Note] = []
    cur: list[Line] = []
    marker: str | None = None
    expected = next_number
    style: str | None = None  # what follows the zone's note numbers: '.', ')' or nothing
    right = max((ln.bbox.x1 for ln in zone), default=0)
    skipped: set[int] = set()  # numbers the count passed over in this zone, their notes unseen yet
    late = False  # a note the count passed over was found below the note after it
    for k, ln in enumerate(zone):
        words = _without_speck(ln.words)
        m = note_marker(words[0], expected) if len(words) > 1 and not _pronoun(words) else None
        prev = zone[k - 1] if k else None
        ended = prev is not None and prev.bbox.x1 < right - 2 * type_height(prev)
        if (
            m is not None
            and m.isdigit()
            and int(m) in skipped
            and words[0].text.rstrip(".)") == m
            and words[1].text[:1].isupper()
            and ended
        ):
            # '18.' under note 19, where the count went from 17 to 19: the note the count passed
            # over, set out of its order (a note pushed over from the page before goes first),
            # read whole after a note's short last line; the count goes on from where it was
            skipped.discard(int(m))
            late = True
            notes.append(Note(marker, tuple(cur)))
            marker, cur = m, [ln]
            continue
        split = None
        if m is None or (m.isdigit() and int(m) not in (expected, expected + 1)):
            split = _split_number(words, expected)
            m = split or m
        first = ln.words[0].text
        if (
            marker in SYMBOL_SEQUENCE
            and m is not None
            and m.isdigit()
            and not ended
            and not _symbol_like(first)
        ):
            m = None  # a figure ('I;' read as one) after a full line of a symbol note: its text
        if (
            marker in SYMBOL_SEQUENCE
            and m is not None
            and m.isdigit()
            and not first.rstrip(".)").isdigit()
            and _symbol_like(first)
        ):
            # a mark read as a look-alike of a figure ('t' for †, which reads as 1) in a zone of
            # symbol notes: the next symbol note, not a numbered one
            m = SYMBOL_SEQUENCE[min(SYMBOL_SEQUENCE.index(marker) + 1, len(SYMBOL_SEQUENCE) - 1)]
        if (
            symbols
            and k == 0
            and m is not None
            and m.isdigit()
            and not first.rstrip(".)").isdigit()
            and _symbol_like(first)
        ):
            # the zone's first mark read as a look-alike of a figure ('t' for †, which reads as 1)
            # in a volume of symbol notes: a symbol note, the page's first by its place (a later
            # note reading '*' as printed says otherwise, `_carried_over_first`)
            m = SYMBOL_SEQUENCE[0]
        if (
            marker in SYMBOL_SEQUENCE
            and len(ln.words) > 1
            and (
                (
                    ended
                    and (
                        _symbol_like(first)
                        or _lone_mark(ln.words[0])
                        or (len(first) == 1 and first.isdigit())
                        or glued_mark(first)
                        or (
                            prev is not None
                            and ends_with_stop(prev)
                            and (_misread_symbol(first, _after(marker)) or _letter_before_term(ln.words))
                        )
                    )
                )
                or ((_lone_mark(ln.words[0]) or _marked(first)) and prev is not None and ends_with_stop(prev))
            )
        ):
            # symbol notes go * † ‡ … down the page: after a note's short last line, a mark OCR
            # misread ('+' for †, '4' for ¶, '¥'; glued to its first word, '+Cf.,') opens the next
            # one; so does a mark no text sets alone at the start of a line ('+', 't+') after a
            # line ending a sentence
            m = _after(marker)
        if (
            marker in SYMBOL_SEQUENCE
            and len(ln.words) == 1
            and ended
            and prev is not None
            and ends_with_stop(prev)
            and k + 1 < len(zone)
            and zone[k + 1].words[0].text[:1].isupper()
            and (_symbol_like(first) or _lone_mark(ln.words[0]) or _misread_symbol(first, _after(marker)))
        ):
            # a mark OCR set on a line of its own ('S' for §) after a note's short last line ending
            # a sentence, over a line opening with a capital: it opens the next note, which the
            # line below goes on with
            m = _after(marker)
        if (
            m is not None
            and m.isdigit()
            and int(m) not in (expected, expected + 1)
            and len(words) > 1
            and words[1].text[:1].isupper()
            and (
                # the zone's first note, numbered past notes that the lines below open: '9.' over
                # '6.' and '7.' where 5 is expected
                (not cur and not notes and _numbered_below(zone[k + 1 :], expected, int(m)))
                # a number going back, not to 1, after a note's short last line ending a sentence:
                # '5' after '7. Cf., ibid.' where 8 is expected (numbers only go on, or restart)
                or (
                    (cur or notes)
                    and 1 < int(m) < expected - 1
                    and ended
                    and prev is not None
                    and ends_with_stop(prev)
                )
                # a single figure leaping ahead after a note's short last line ending a sentence:
                # '9.' under note 1 where 2 is expected; not where a line below goes on from it
                # ('9.' over '10.': the count was behind, a note it did not see)
                or (
                    (cur or notes)
                    and int(m) > expected + 1
                    and len(m) == len(str(expected)) == 1
                    and words[0].text.rstrip(".),") == m
                    and ended
                    and prev is not None
                    and ends_with_stop(prev)
                    and not _numbered_below(zone[k + 1 :], int(m), int(m) + 2)
                )
            )
        ):
            m = str(expected)  # the expected number misread, as the numbering around it says
        if (
            m is not None
            and m.isdigit()
            and int(m) == expected - 1
            and marker == m
            and ended
            and prev is not None
            and ends_with_stop(prev)
            and len(words) > 1
            and words[1].text[:1].isupper()
            and words[0].text.rstrip(".)").isdigit()
        ):
            # '2 Kuusinen' right under note 2's short last line: no number comes twice, the next
            # one misread ('3' read as '2')
            m = str(expected)
        if m in _FIVE_MARKS and not symbols and marker not in SYMBOL_SEQUENCE and expected == 5:
            m = "5"  # '.§.' for '5.' where the count expects 5, in a volume numbering its notes
        if m is not None and m.isdigit() and int(m) not in (expected, expected + 1):
            # the first line may resynchronise the count, unless it is the expected number misread
            m = None if cur or notes or _near_number(words[0].text, expected) else m
        if m is not None and m.isdigit() and style is not None and prev is not None and not ended:
            # '2)' after a full line, in a zone whose notes are numbered '1.': an enumeration
            # in the note's text ("1) the crisis … 2) the apparatus"), not the next note
            m = m if _stop(words[1 if split else 0].text) == style else None
        if (
            m is None
            and len(words) > 1
            and (prev is None or ended)
            and (
                _near_number(words[0].text, expected)
                or (prev is not None and _marker_like(words[0].text))
                # '$-' for '5.': marks no prose opens a line with, after a sentence's end
                or (prev is not None and ends_with_stop(prev) and _odd_mark(ln.words[0].text))
                # '. Lenin, V.I. …' for '2. Lenin': the number lost, its stop read alone
                or (prev is not None and ends_with_stop(prev) and _stop_left(prev, ln.words))
                # '‘i Kuusinen' for '2 Kuusinen': a line opening as a note's first line opens
                # (`opens_note`), before a capital, after a sentence's end; not a number read
                # whole ('1, Kamenev' under note 2: a note set out of its order)
                or (
                    prev is not None
                    and ends_with_stop(prev)
                    and words[1].text[:1].isupper()
                    and not words[0].text.rstrip(".,)").isdigit()
                    and opens_note(ln, expected, max_misread=max_misread)
                )
            )
        ):
            m = str(expected)
        if m is None and k == 0 and len(words) > 1 and _restarts(words[0], expected):
            # 'L Kamenev': the first note of a chapter that numbers its notes from 1; with no
            # heading since the last note no chapter began: the expected number misread
            m = "1" if restart else str(expected)
        if (
            m is None
            and k == 0
            and not may_continue
            and (
                _misread_marker(words, max_misread)
                or (len(ln.words) > 2 and (_lone_mark(ln.words[0]) or _marked(first)))
                or _quote_mark(ln.words)
                # '“AUC Pp —' for '1 AUCP –': a line below opens the next number
                or (len(words) > 1 and not symbols and numbered_below(zone[1:], expected))
                # '. AUCP –' over '‘i Kuusinen': a line below opens the next note, its number
                # misread as well (the zone was taken on the body's calls, `footnotes.zone_by_type`)
                or (len(words) > 1 and not symbols and opens_next_otherwise(zone, expected))
            )
        ):
            # in a volume whose notes are marked with symbols, the page's first one; so too where
            # the volume has set no note yet, its first mark read as a mark ('+' for †) and a line
            # below opens with a symbol read as printed (the notes of the volume's first page of
            # notes, called on the page before and carried over out of their marks' order,
            # `_carried_over_first`)
            marks_below = (
                next_number == 1
                and (_lone_mark(ln.words[0]) or _marked(first))
                and any(first_mark(x) is not None for x in zone[1:])
                and not numbered_below(zone[1:], expected)
            )
            m = SYMBOL_SEQUENCE[0] if symbols or marks_below else str(expected)
        if m is None and len(words) > 1 and _part_of_number(words[0].text, expected):
            if (k == 0 and not may_continue) or ended:
                m = str(expected)  # 'M4,' for 14, where a note opens
        if (
            m is None
            and max(want, calls if k else 0)
            and len(words) > 1
            and (k == 0 or marker in SYMBOL_SEQUENCE)
        ):
            opened = sum(1 for n in notes if n.marker is not None) + (marker is not None)
            if k == 0 and not any(first_mark(x) == SYMBOL_SEQUENCE[0] for x in zone[1:]):
                m = SYMBOL_SEQUENCE[0]  # unless the page's first note opens further down
            elif (
                k > 0
                and (
                    (
                        opened < max(want, calls)
                        and (_lone_mark(ln.words[0]) or _marked(first))
                        # a speck before the rest of a word broken at the line above ('_ ned with
                        # Trotsky' for 'joined'): no note opens in lower case
                        and not ln.words[1].text[:1].islower()
                    )
                    # a mark read as a letter that is no word ('t Stenograficheskii…' for '†') before
                    # a capital, after a line ending a sentence that filled the measure
                    or (
                        opened < max(want, calls)
                        and marker is not None
                        and prev is not None
                        and ends_with_stop(prev)
                        and words[1].text[:1].isupper()
                        and _misread_symbol(first, _after(marker))
                    )
                    # a note's short last line ending a sentence ends it: the next line opens the
                    # next note when the body's calls want more notes than the marks below open,
                    # whatever OCR made of its own mark
                    or (
                        ended
                        and prev is not None
                        and ends_with_stop(prev)
                        and not first[:1].islower()  # a note opens with a capital, a figure or a mark
                        and opened + sum(1 for x in zone[k + 1 :] if _mark_opens(x)) < calls
                    )
                )
            ):
                m = SYMBOL_SEQUENCE[min(SYMBOL_SEQUENCE.index(marker) + 1, len(SYMBOL_SEQUENCE) - 1)]
        if (
            m is not None
            and marker in SYMBOL_SEQUENCE
            and prev is not None
            and len(prev.words[-1].text) > 1
            and prev.words[-1].text.endswith(("-", "¬"))
            and len(words) > 1
            and (
                words[0].text[:1].islower()
                or (len(words) < len(ln.words) and prev.words[-1].text[-2:-1].isalpha())
            )
        ):
            # 'thou-' / '’ sand lives.': the rest of a word broken at the line before, behind a
            # speck read as a mark, goes on with the note; so does a line behind a speck that
            # is no mark as printed whatever case OCR read its first word in ('state-' / '_ Ment
            # to the…', 'third-' / '_ Party campaign'): no note ends on a broken word
            m = None
        if m is not None and next_list_item(words[0].text, cur):
            # '2)' after the note's own '1)', whatever the line above it: the next item of an
            # enumeration in the note's text, however short a narrow column left the line before
            m = None
        if m is not None and _url_bracket(ln.words):
            # '< https://www.…': the bracket a web address opens with, the rest of a note whose
            # address went on to a line of its own after a sentence ('… of 1923. See also: …'),
            # not a mark
            m = None
        if m is not None:
            if cur or marker is not None:
                notes.append(Note(marker, tuple(cur)))
            marker, cur = m, [ln]
            if style is None and m.isdigit() and words[0].text.rstrip(".)").isdigit():
                style = _stop(words[1 if split else 0].text)
            if m.isdigit():
                if int(m) == expected + 1:
                    skipped.add(expected)
                expected = int(m) + 1
        else:
            cur.append(ln)
    if cur:
        notes.append(Note(marker, tuple(cur)))
    return _carried_over_first(_in_number_order(notes) if late else notes)


def _in_number_order(notes: list[Note]) -> list[Note]:
    """The zone's numbered notes in the order of their numbers (the text calls them in that order),
    a piece continuing the page before's note first; unchanged unless the last note stays last (it
    may go on over the page break)."""
    head = notes[:1] if notes and notes[0].marker is None else []
    numbered = notes[len(head) :]
    if not numbered or any(n.marker is None or not n.marker.isdigit() for n in numbered):
        return notes
    ordered = sorted(numbered, key=lambda n: int(n.marker or 0))
    return head + ordered if ordered[-1] is numbered[-1] else notes


def opens_next_otherwise(lines: Sequence[Line], expected: int) -> bool:
    """Whether the first line under `lines[0]` that opens a note opens note `expected` + 1 as OCR
    misreads a number (`opens_note`: '‘i Kuusinen' for '2 Kuusinen') under a line ending a
    sentence (note `expected`'s last), with another first token than `lines[0]`'s: two note
    numbers read differently, where a list's items open with one bullet again and again
    ('* Simple…' / '* Non-destructive…')."""
    if not lines or not lines[0].words:
        return False
    k = next((i for i in range(1, len(lines)) if opens_note(lines[i], expected + 1)), None)
    return k is not None and ends_with_stop(lines[k - 1]) and lines[k].words[0].text != lines[0].words[0].text


def numbered_below(lines: Sequence[Line], expected: int) -> bool:
    """Whether a line of `lines` opens note `expected` + 1 with its number read whole (figures,
    then a stop or a bracket or nothing, then a capital): the line above them all, where no note
    continues, opens note `expected`, whatever OCR made of its number."""
    return _numbered_below(lines, expected, expected + 2)


def _numbered_below(lines: Sequence[Line], expected: int, read: int) -> bool:
    """Whether a line of `lines` opens with a note number after `expected` and before `read`
    (figures, then a stop or a bracket or nothing, then a capital): the notes below go on from
    `expected`, so a first line reading `read` is `expected` misread."""
    for ln in lines:
        words = _without_speck(ln.words)
        if len(words) < 2 or not words[1].text[:1].isupper():
            continue
        core = words[0].text.rstrip(".)")
        if core.isdigit() and len(core) <= 3 and expected < int(core) < read:
            return True
    return False


def _carried_over_first(notes: list[Note]) -> list[Note]:
    """A zone of symbol notes whose first note was given '*' by its place, while a later note
    reads '*' as printed: the notes above that one were called on the page before and carried
    over (set first in this zone, out of their marks' order): they take the marks after '*' in
    their order, the note reading '*' takes '*'. Unchanged when a mark read as printed
    contradicts that."""
    opened = [i for i, n in enumerate(notes) if n.marker is not None]
    if len(opened) < 2 or any(notes[i].marker not in SYMBOL_SEQUENCE for i in opened):
        return notes
    star = SYMBOL_SEQUENCE[0]
    if notes[opened[0]].marker != star or first_mark(notes[opened[0]].lines[0]) is not None:
        return notes
    q = next((k for k, i in enumerate(opened) if first_mark(notes[i].lines[0]) == star), None)
    if q is None or q == 0:
        return notes
    marks = {opened[k]: SYMBOL_SEQUENCE[k + 1] for k in range(q)} | {opened[q]: star}
    if any(first_mark(notes[i].lines[0]) not in (None, m) for i, m in marks.items()):
        return notes
    return [Note(marks.get(i, n.marker), n.lines) for i, n in enumerate(notes)]


def _letter_before_term(words: Sequence[Word]) -> bool:
    """Whether a line opens with one letter standing alone before a note's term ('A Lenin, V.I.
    (1870–1924) – …' for '‖ Lenin, V.I. …'): a symbol mark read as a letter, where a note opens
    as a glossary note does (`lemmas.note_head`, the term a capital)."""
    return (
        len(words) > 2
        and len(words[0].text) == 1
        and words[0].text.isalpha()
        and words[1].text[:1].isupper()
        and lemmas.note_head(" ".join(w.text for w in words[1:])) is not None
    )


def _mark_opens(line: Line) -> bool:
    """Whether a line opens with a symbol mark as printed or as OCR reads one standing alone or
    beside a letter ('*', '+', 't+')."""
    first = line.words[0].text if line.words else ""
    return len(line.words) > 1 and (
        first_mark(line) is not None or _lone_mark(line.words[0]) or _marked(first)
    )


def _after(marker: str) -> str:
    """The symbol mark that follows `marker` down a page (* † ‡ § ‖ ¶ ** ††…)."""
    return SYMBOL_SEQUENCE[min(SYMBOL_SEQUENCE.index(marker) + 1, len(SYMBOL_SEQUENCE) - 1)]


def _misread_symbol(token: str, want: str, *, letter: float = 6.0, common: float = 4.0) -> bool:
    """Whether a line's first token can be OCR's reading of the symbol mark `want` where a note
    opens: one letter that is no word of its own ('J' for ¶; not 'A' or 'I', zipf frequency under
    `letter`), for a dagger two of the letters OCR reads for one ('tT' for †), no common word (zipf
    under `common`), or, for a doubled mark ('††'), as many glyphs, one of them a glyph a mark is
    read as ('tt', '$4' for ‡‡), or as many letters making no common word ('ih' for ‖‖). Only
    asked after a note's short last line that ends a sentence."""
    if len(token) == 1 and token.isalpha():
        return zipf_frequency(token.lower(), "en") < letter
    if want in _DAGGERS and len(token) == 2 and set(token.lower()) <= _DAGGER_LETTERS:
        # a dagger read as two letters ('tT' for †): no common word ('ft' is one)
        return zipf_frequency(token.lower(), "en") < common
    if want == "‖":
        return len(token) == 2 and set(token) <= _BARS  # the double bar read as two strokes ('ll')
    if len(want) == 1 or len(token) != len(want):
        return False
    # a doubled mark ('‡‡') read glyph for glyph: one of the glyphs a mark is read as among them
    # ('$4'), or letters that make no common word ('ih' for ‖‖)
    return any(c in _SYMBOL_GLYPHS for c in token) or (
        token.isalpha() and zipf_frequency(token.lower(), "en") < common
    )


#: The daggers, and the letters OCR reads for their strokes ('t', 'T', 'f').
_DAGGERS = frozenset("†‡")
_DAGGER_LETTERS = frozenset("tf")
#: What OCR reads for one stroke of the double bar ‖.
_BARS = frozenset("lI|1!")


def _stop(token: str) -> str:
    """What follows a note number as printed: '.', ')' or nothing ("4." → "."; "21.-" → ".", the
    speck read after it left out)."""
    m = _SPECK_AFTER_MARKER.match(token)
    token = token[: m.end(1) + 1] if m else token
    return token[len(token.rstrip(".)")) :]


def opens_note(line: Line, expected: int, *, max_misread: int = 2) -> bool:
    """Whether a line can open note `expected` on a page no note continues onto: it starts with
    the marker (`starts_note`), with a mark standing alone where a symbol was printed
    (`_lone_mark`) or a mark read beside a letter ('t+' for ‡, `_marked`), with a short token
    that is no word (`_misread_marker`), or with one that reads part of the number ("M4," for
    14)."""
    words = _without_speck(line.words)
    return not _pronoun(words) and (
        starts_note(line, expected)
        or (len(line.words) > 2 and (_lone_mark(line.words[0]) or _marked(line.words[0].text)))
        or _misread_marker(words, max_misread)
        or (len(words) > 1 and _part_of_number(words[0].text, expected))
        or _quote_mark(line.words)
    )


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


#: Marks that prose sets alone at the start of a line: quotes, dashes and stops (a bracket or a
#: brace stands against its word).
_PROSE_MARKS = frozenset("\"'’‘“”„«»`-–—‐.,;:…/")


#: Marks OCR reads for a symbol marker that no word of prose begins with ('+' for ‡).
_MARK_GLYPHS = frozenset(c for c in _SYMBOL_GLYPHS if not c.isalnum() and c not in _PROSE_MARKS)


def glued_mark(token: str) -> bool:
    """Whether a note line's first token is a symbol marker OCR read glued to the note's first
    word ('+Cf.,' for '‡ Cf.,'): a mark no word of prose begins with, then a capital."""
    return len(token) > 2 and token[0] in _MARK_GLYPHS and token[1].isupper()


def _lone_mark(word: Word, *, max_len: int = 2, unsure: float = 0.5) -> bool:
    """Whether a line's first word is a mark standing alone where a symbol marker was printed
    ('+', '¥', '$'): no letter or figure in it, and no mark prose sets alone at a line's start
    unless read unsure (confidence under `unsure`: '»' where a '*' was printed)."""
    token = word.text
    return (
        0 < len(token) <= max_len
        and not any(c.isalnum() for c in token)
        and (word.confidence < unsure or not any(c in _PROSE_MARKS for c in token))
    )


def _odd_mark(token: str, *, max_len: int = 2) -> bool:
    """Whether a line's first token is a few marks, one of them a mark no prose opens a line with
    ('$-' for '5.', '{'): no letter or figure."""
    return (
        0 < len(token) <= max_len
        and not any(c.isalnum() for c in token)
        and any(c not in _PROSE_MARKS for c in token)
    )


def _marked(token: str) -> bool:
    """Whether a line's first token reads a symbol marker with a mark no prose sets at a line's
    start ('t+' for ‡: not a letter alone, 't', nor a quote)."""
    return _symbol_like(token) and any(not c.isalnum() and c not in _PROSE_MARKS for c in token)


def first_mark(line: Line) -> str | None:
    """The symbol a line opens with as printed ('*', '†'), if OCR read one."""
    words = _without_speck(line.words)
    t = words[0].text if words else ""
    return t[: len(t) - len(t.lstrip(t[0]))] if t and t[0] in SYMBOL_MARKERS else None


def _stop_left(prev: Line, words: Sequence[Word]) -> bool:
    """Whether a line opens with a stop standing alone before a capitalised word ('. Lenin, V.I.
    (1870–1924) – …'): what OCR leaves of a note's number when it loses the figures ('2.'). No line
    of prose opens with a stop of its own; a spaced-out ellipsis does ('. . . In', or '. In' under
    a line ending '. .'), and is left alone."""
    return (
        len(words) > 2
        and prev.words[-1].text != "."
        and words[0].text == "."
        and words[1].text[:1].isupper()
        and any(c.isalpha() for c in words[1].text)
    )


def ends_with_stop(line: Line) -> bool:
    """Whether a line's last word ends on a full stop, '!' or '?' ('War II.', 'transport.',
    'said.”'): stricter than `measures.ends_sentence`, which also takes a colon as an end."""
    return bool(line.words) and line.words[-1].text.rstrip("\"'’”)]").endswith((".", "!", "?"))


def next_list_item(token: str, note: Sequence[Line]) -> bool:
    """Whether a line's first token is the next item of a list the note's lines above it count
    ('2)' under '… conditions of 1) the'): notes are numbered with a stop, or with a bracket
    where their own lists are not."""
    m = re.fullmatch(r"(\d{1,2})\)", token)
    return m is not None and f"{int(m.group(1)) - 1})" in {w.text for ln in note for w in ln.words}


def _without_speck(words: Sequence[Word]) -> Sequence[Word]:
    """A line's words without a leading speck (a token of punctuation only, not a symbol marker)."""
    t = words[0].text if words else ""
    if (
        len(words) > 2
        and not any(c.isalnum() for c in t)
        and t.lstrip(_LEADING_SPECKS)[:1] not in SYMBOL_MARKERS
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
    followed by a period or a comma, the period misread ("1," for 11): taken as a note start only
    after a short line (the previous note ended)."""
    if not token.endswith((".", ",")) or expected < 10:
        return False
    core = token.rstrip(".,").translate(numerals.DIGITS)
    want = str(expected)
    if not core.isdigit():
        return False
    if len(core) == len(want):
        return sum(a != b for a, b in zip(core, want, strict=True)) <= 1
    return len(core) == len(want) - 1 and any(want[:i] + want[i + 1 :] == core for i in range(len(want)))


def _split_number(words: Sequence[Word], expected: int, *, gap: float = 0.5) -> str | None:
    """The number `expected` (or the one after) read as two tokens at the start of a note line
    ("1 3." for 13): figures alone, then figures and the stop, less than `gap` times the figures'
    height apart (OCR cut the number between its figures), the two together that number."""
    if len(words) < 3 or not words[0].text.isdigit():
        return None
    core = words[1].text.rstrip(".)")
    if not core.isdigit() or core == words[1].text:
        return None
    joined = words[0].text + core
    a, b = words[0].bbox, words[1].bbox
    if len(joined) > 3 or b.x0 - a.x1 > gap * (a.y1 - a.y0):
        return None
    return joined if int(joined) in (expected, expected + 1) else None


def _part_of_number(token: str, expected: int) -> bool:
    """Whether `token` ("M4," for 14) reads the number `expected` with some figures misread as
    letters: as many characters before a stop, every figure read in its place, at least one."""
    core = token.rstrip(".,)")
    want = str(expected)
    if core == token or len(core) != len(want) or not any(c.isdigit() for c in core):
        return False
    return all(c == f or not c.isdigit() for c, f in zip(core, want, strict=True)) and any(
        c == f for c, f in zip(core, want, strict=True)
    )


def note_words(words: list[Word], marker: str | None, *, continues: bool = False) -> list[Word]:
    """A note's words without its printed marker ("4.", "*"), which is its label, not its text; a
    speck before the marker (no letters or digits) goes with it. A mark that is followed by a word
    not starting with the marker is the marker itself, misread ('+' for †); a word of the text
    (the number lost) stays."""
    words = list(words)
    if (
        len(words) > 2
        and marker
        and not continues
        and words[0].text.isdigit()
        and words[1].text.rstrip(".)").isdigit()
        and words[0].text + words[1].text.rstrip(".)") == marker
    ):
        return words[2:]  # "1 3." for 13: the number read as two tokens
    if words and marker and not continues:
        if (
            len(words) > 2
            and not any(c.isalnum() or c == marker for c in words[0].text)
            and (words[1].text[:1] == marker or words[1].text.rstrip(".)").isdigit())
        ):
            words = words[1:]
        first = words[0]
        glued = re.match(rf"^{re.escape(marker)}[.)][.,]?(?=[^\W\d_])", first.text)
        if glued:  # "4.Comintern", "5..Kautsky": the number glued to the note's first word
            words[0] = replace(first, text=first.text[glued.end() :])
        elif first.text.startswith(marker) and len(first.text.rstrip(".),")) > len(marker):
            rest = first.text[len(marker) :]
            if any(c.isalnum() for c in rest):
                words[0] = replace(first, text=rest)
            else:
                words = words[1:]  # "7~": the number and a speck or its stop misread, no text
        elif marker in SYMBOL_SEQUENCE and glued_mark(first.text):
            # a symbol marker misread and glued to the note's first word ('+Cf.,' for ‡)
            words[0] = replace(first, text=first.text[1:])
        elif not _a_word(first.text):
            words = words[1:]
        if len(words) > 1 and words[0].text and set(words[0].text) <= set(".,)"):
            words = words[1:]  # "7~ . Cf.": the number's stop read apart from it
    return words


def _a_word(token: str, *, min_letters: int = 4) -> bool:
    """Whether a note's first token is a word of its text, not its number misread ("M4,", "Il.",
    "s."): at least `min_letters` letters and no figure (a note whose number OCR lost)."""
    return sum(c.isalpha() for c in token) >= min_letters and not any(c.isdigit() for c in token)
