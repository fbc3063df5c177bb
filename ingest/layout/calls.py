"""Footnote calls in the body: the words that may carry a note's call, and their matching to notes.

A call is a superscript marker that OCR glues to the word ("Centrism1", "convened.4"), reads as a
small separate token, or misreads as a quote, a question mark or another odd glyph ("scissors,'5"
for 15: the raised 1 read as a quote). Candidates are matched to the notes in order
(`align_calls`), each note on its own page or in the last lines of the page before.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass

from wordfreq import zipf_frequency

from ingest.layout.geometry import align_in_order, line_size, reaches_below
from ingest.model import Line, Word

SYMBOL_MARKERS = ("*", "†", "‡", "§", "‖", "¶")
#: The order symbol notes take on a page: the six marks, then doubled, then tripled.
SYMBOL_SEQUENCE = tuple(s * n for n in (1, 2, 3) for s in SYMBOL_MARKERS)
_GLUED_CALL = re.compile(r"^(.*[A-Za-z\)\]\.,;:!?\"'’”*}])(\d{1,3})$")
#: Figures glued between a word's letters and its stop or comma ("industry5,"): a call set before
#: the punctuation. A call read as a glyph may stand inside a closing parenthesis before them
#: ('(Gosizdat*)5,' for '(Gosizdat⁴)⁵,': `_with_inner_calls` takes it out).
_GLUED_BEFORE_STOP = re.compile(r"^(.*[A-Za-z]{2}(?:[°^*®™©¹²³†‡§]+[\)\]]|[\)\]\"'’”])?)(\d{1,3})([.,;:])$")
#: Figures whose last figure, a 0, OCR read as a degree sign ('1°' for the raised call 10).
_FIGURES_THEN_ZERO = re.compile(r"^\d{1,2}°$")
#: Figures glued to a word whose last figure, a 1, OCR read as an exclamation mark or a stroke
#: ("Bolsheviks?°.2!" for the calls 20 and 21): prose glues no figures to a word before a '!'.
_FIGURES_THEN_ONE = re.compile(r"^(.*[A-Za-z\)\]\.,;:?\"'’”*°])(\d{1,2})[!|]$")


@dataclass(frozen=True)
class Call:
    """A footnote call found in the body: line and word index, the word's text without the call,
    the marker as printed and how sure the match is (2 exact, 1 a misread glyph); `reread`: OCR
    read no call there, a second reading of the page image did (`lostcalls`)."""

    line: int
    word: int
    text: str
    marker: str
    strength: float
    exact: bool = False
    reread: bool = False
    apostrophe: bool = False  # a possessive's apostrophe, which may hold a call (`_with_inner_calls`)
    #: no glyph read: a call OCR lost inside the word, before the one read on it (two notes on the
    #: word's term, `notelinks._lemma_calls`)
    unread: bool = False


_OPEN_QUOTES = ("“", '"', "‘", "„", "«")
_CLOSE_GLYPHS = "’'‘`\"”"
#: ('}': a raised 1 read as a closing brace, 'scissors,}>' for 'scissors,¹³': prose closes no
#: brace, bracket or parenthesis it did not open)
_ODD_GLYPHS = "?°^*¹²³!®™©§>+¢}"
#: Odd glyphs that prose never sets as a token of their own after a stop or a comma ("months. '¢"):
#: such a token is a call even when OCR boxed it as tall as the line.
_NO_PROSE = "°^¹²³®™©¢"
#: A dagger call read as a letter or a cross glued after a word's punctuation ("Krestinsky,t"):
#: no word of prose goes on after its comma or stop without a space.
_DAGGER_AFTER_STOP = re.compile(r"^(.*[^\W\d_][.,;:])([tf+])$")
#: The same after a call read as a glyph before the stop ("AUCP*,t" for "AUCP* ,†"): two notes
#: called at one word, the second a dagger.
_DAGGER_AFTER_CALL = re.compile(r"^(.*[^\W\d_][’'‘`\"”*†‡§]+[.,;:])([tf+])$")
#: A quotation opened right after a dash set close to the word before it ('question—"under').
_DASH_THEN_QUOTE = re.compile(r"[A-Za-z][—–]+[“\"‘„«](?=[^\W\d_])")
#: Quotes that close a quotation, and those that open one (straight quotes do both).
_CLOSERS = "’'\"”"
#: The closing quotes of a single quotation.
_SINGLE_CLOSERS = frozenset("’'")
_OPENERS = "“\"‘„«'’"
#: A word, the glyphs OCR made of a call after it, then a stop or a comma. Not a dash: glyphs before
#: a dash ("Bukharin?-—as") are a question, an exclamation or a quotation's close as often as a
#: call, and taking them for calls cost a held-out book a link. A closing square bracket after the
#: call may be read as a brace ("[Fischer’}" for "[Fischer*]") or a parenthesis ("[Fischer’)" for
#: "[Fischer⁸]"), and a call stands before a closing parenthesis; a brace among the glyphs is a
#: raised 1 ("scissors,}>"). A cent sign is a raised figure's glyph too ("Bukharin!'s!¢" for
#: Bukharin¹⁵'s¹⁶), but not glued to a figure (a price: '25¢') or a letter ('Vujovi¢': a 'ć').
_TAIL = re.compile(r"^(.*[A-Za-z0-9\)\]\.,;:])([’'‘“`\"”?°^*!®™©§¹²³†‡>+}¢]+?)([.,;:]?[\]})]?)$")


def call_candidates(
    lines: Sequence[Line],
    *,
    starts: Sequence[int] = (0,),
    quotes: int = 0,
    ends: bool = False,
    superscript_ratio: float = 0.7,
    unsure: float = 0.5,
    lost: float = 0.3,
    lang: str | None = None,
) -> list[Call]:
    """Every word that may carry a footnote call, in reading order, with a strength.

    Strength 2: digits glued after letters or punctuation ("Centrism1", "convened.4") or between a
    word and its stop or comma ("industry5,"), figures whose last 1 was read as '!' or '|' ("2!"
    read as the number 21), a small raised digit token (its last 0 read as a degree sign: '1°' for
    10), or a symbol (*, †). Below 2, glyphs OCR makes of superscript digits: an odd sign
    (® ™ ° ? before a lower-case word) 1.9, or after a quote before a capital 1.1; a closing quote
    that closes no open quotation in the paragraph (paragraphs start at the line indices `starts`)
    1.5; a quote after a plural `s` (could be a possessive) 1.05; lower word confidence adds up to
    0.5. At a paragraph's end, a '?' or '!' right after a letter is a question (1.05 only), and a
    quotation closed by a word read with confidence under `unsure` may hide a lost call (1.2), and
    so may a word ending in a stop or comma read with confidence under `lost` (1.0 + the bonus).
    A 't', 'f' or '+' glued after a word's comma or stop is a dagger misread (1.5 + the bonus). A
    token of call glyphs on its own is a call when raised, or when it holds a glyph prose never sets
    alone (`_NO_PROSE`) and follows a stop or a comma ("months. '¢"). With `lang` (a page of symbol
    notes), a 't' or 'f' glued to a word that the language does not know, the word without it a
    word it knows, is a dagger read as a letter ("Marxt": `glued_dagger`, 1.4 + the bonus).

    `quotes`: the quotations left open before the first line (its paragraph began on the page
    before: `candidates_and_quotes`); `ends`: the last line ends its paragraph (the next page does
    not go on with it), as a line before a start does."""
    return candidates_and_quotes(
        lines,
        starts=starts,
        quotes=quotes,
        ends=ends,
        superscript_ratio=superscript_ratio,
        unsure=unsure,
        lost=lost,
        lang=lang,
    )[0]


def candidates_and_quotes(
    lines: Sequence[Line],
    *,
    starts: Sequence[int] = (0,),
    quotes: int = 0,
    ends: bool = False,
    superscript_ratio: float = 0.7,
    unsure: float = 0.5,
    lost: float = 0.3,
    lang: str | None = None,
    nested_single: bool = False,
) -> tuple[list[Call], int]:
    """`call_candidates`, and the quotations still open after the last line: a paragraph that goes
    on over the page break carries them to its next part, whose closing quote then closes one
    (it is no call). `nested_single`: the volume's quotations open with double quotes
    (`single_quotes_nested`), so a single opening quote outside any quotation ('‘smychka', a speck
    read as a quote) opens none, and a closing quote after it may be a call."""
    out: list[Call] = []
    depth = quotes
    bracket = ""  # the brackets, braces and parentheses left open, innermost last
    whole: set[int] = set()  # calls whose word holds no second call
    marks = quotes  # the quote glyphs that opened the open quotations ('“‘Word' opens with two)
    singles = 0  # the open quotations opened with a single quote (those carried over: double ones)
    start_set = set(starts)
    if ends:
        start_set.add(len(lines))
    for li, ln in enumerate(lines):
        if li in start_set:
            depth = marks = singles = 0
            bracket = ""
        for wi, w in enumerate(ln.words):
            t = w.text
            opened = bracket  # a bracket ('[in Britain}', '(36 pounds}') left open by an earlier word
            bracket = _open_bracket(t, bracket)
            if w.marker:  # linked by an earlier cleanup of a corrected page: keep the link
                out.append(Call(li, wi, t, w.marker, 2.0, True))
                continue
            rest_of_word = wi == 0 and li > 0 and li not in start_set and _broken(lines[li - 1])
            # a quotation opened inside a bracket or parenthesis opened at the same word ('["Social',
            # '(“Enrich'): the quote opens it as it would at the word's start
            u = t.lstrip("([{")
            if (
                u[:1] in _OPEN_QUOTES
                and len(u) > 1
                and (u[1:2].isalnum() or u[1:2] in _OPEN_QUOTES)
                and not rest_of_word
                and not (nested_single and depth == 0 and u[:1] == "‘")
            ):
                # (the rest of a word broken at the line before opens no quotation: 'reinforce-'
                # / '‘ment' is a speck read with the word's second part)
                depth += 1
                singles += sum(1 for c in u[: len(u) - len(u.lstrip(_OPENERS))] if c in "‘'")
            elif _DASH_THEN_QUOTE.search(t):
                # a quotation opened after a dash set close ('question—"under the fishbowl"')
                depth += 1
                marks += 1
            lead = len(u) - len(u.lstrip(_OPENERS))
            if 0 < lead < len(u) and u[lead].isalnum() and not rest_of_word:
                marks += lead  # a straight quote too: "'He said" (or an elision, "'tis")
            m = _GLUED_CALL.match(t)
            if m and not re.search(r"\d", m.group(1)[-1:]):
                text = m.group(1)
                if text.endswith("}") and (left_open := _open_bracket(text[:-1], opened)):
                    # '[in Britain}2': the brace closes the bracket, not a raised 1 of the call
                    text = text[:-1] + _CLOSING_OF[left_open[-1]]
                out.append(Call(li, wi, text, m.group(2), 2.0, True))
                continue
            m = _GLUED_BEFORE_STOP.match(t)
            if m:
                out.append(Call(li, wi, m.group(1) + m.group(3), m.group(2), 2.0, True))
                continue
            m = _FIGURES_THEN_ONE.match(t)
            if m:
                out.append(Call(li, wi, m.group(1), m.group(2) + "1", 2.0, True))
                continue
            after = wi > 0 or (li > 0 and li not in start_set)  # at a line's start: wrapped
            if t.isdigit() and len(t) <= 3 and after and _raised(w, ln, superscript_ratio):
                out.append(Call(li, wi, "", t, 2.0, True))
                continue
            if _FIGURES_THEN_ZERO.match(t) and after and _raised(w, ln, superscript_ratio):
                # a raised '1°' of its own: the call 10, its 0 read as a degree sign
                out.append(Call(li, wi, "", t[:-1] + "0", 2.0, True))
                continue
            if (
                _glyphs_only(t)
                and wi > 0
                and (
                    _raised(w, ln, superscript_ratio)
                    or (any(c in _NO_PROSE for c in t) and ln.words[wi - 1].text[-1:] in ".,;:")
                )
            ):
                # a raised call read as a mark of its own ('BELOBORODOV !'): a stop or a French
                # '!' sits on the baseline
                out.append(Call(li, wi, "", t, 1.9 + 0.5 * (1.0 - w.confidence)))
                continue
            if lang is not None and depth == 0 and _lone_quote_call(ln, wi, superscript_ratio):
                # 'COMINTERN “ WAS' on a page of symbol notes: an asterisk read as a quote of its
                # own, raised, set close after the word before it and apart from the word after
                # it, with no quotation open; a quote that opens one hugs the word it opens
                out.append(Call(li, wi, "", t, 1.5 + 0.5 * (1.0 - w.confidence)))
                continue
            if t and t[-1] in SYMBOL_MARKERS and len(t) > 1 and t[-2].isalpha():
                out.append(Call(li, wi, t.rstrip("".join(SYMBOL_MARKERS)), t[-1], 2.0, True))
                continue
            m = _DAGGER_AFTER_STOP.match(t) or (_DAGGER_AFTER_CALL.match(t) if lang is not None else None)
            if m and len(m.group(1)) > 2:
                out.append(Call(li, wi, m.group(1), m.group(2), 1.5 + 0.5 * (1.0 - w.confidence)))
                continue
            wrapped = (
                wi == 0 and li > 0 and li not in start_set and lines[li - 1].words[-1].text.endswith("-")
            )
            if lang is not None and not wrapped and (span := glued_dagger(t, lang)) is not None:
                a, b = span
                out.append(Call(li, wi, t[:a] + t[b:], t[a:b], 1.4 + 0.5 * (1.0 - w.confidence)))
                continue
            m = _TAIL.match(t)
            if not m and w.confidence < lost and len(t) > 2 and t[-1] in ".,;:" and t[-2].isalpha():
                # 'rights.' read very unsure: the raised digit after the stop was taken into it
                out.append(Call(li, wi, t, "", 1.0 + 0.5 * (1.0 - w.confidence)))
                continue
            if not m or len(m.group(1)) < 2:
                continue
            head, glyphs, tail = m.group(1), m.group(2), m.group(3)
            if tail in (")", "]") and not _open_bracket(head, opened):
                # a parenthesis closing none the text opened, right after a call's glyphs: the
                # raised 1 of the call ('Bolsheviks?°.?)' for Bolsheviks²⁰.²¹)
                glyphs, tail = glyphs + tail, ""
            if glyphs[0] == "¢" and head[-1].isalnum():
                continue  # a price in cents ('25¢'), or a 'ć' read as the sign ('Vujovi¢')
            if glyphs[0] == "}" and _open_bracket(head, opened):
                continue  # the brace closes a bracket or parenthesis the text opened: no call
            nxt = next((x.text for x in ln.words[wi + 1 :] if not _speck(x)), "")
            bonus = 0.5 * (1.0 - w.confidence)
            para_end = not nxt and li + 1 in start_set
            # the word after a line's last word: the next line's first, its opening quotes aside
            turn = (
                lines[li + 1].words[0].text.lstrip("".join(_OPEN_QUOTES))
                if not nxt and not para_end and li + 1 < len(lines) and lines[li + 1].words
                else ""
            )
            # 'attacked?' ending a line, the next opening with a capital: a question, as in a line
            sentence_turn = turn[:1].isupper() and not (_capitals(turn) and _capitals(head))
            # 'defeat? ... What': a question or an exclamation before an ellipsis
            trailing = _ellipsis([x.text for x in ln.words[wi + 1 :] if not _speck(x)])
            if any(g in _ODD_GLYPHS for g in glyphs):
                odd_ok = (
                    not glyphs.endswith(("?", "!"))
                    or nxt[:1].islower()
                    # 'COMINTERN! WAS': in a line set in capitals no capital starts a sentence
                    or (_capitals(nxt) and _capitals(head))
                    or nxt[:1] in ";,.:"
                    or not nxt
                    # 'group,?': no question ends at a comma; 'Bolsheviks?°.??': nor after a stop
                    or head[-1] in ",;:."
                )
                quoted = (
                    depth > 0
                    and glyphs[0] in "?!"
                    and len(glyphs) > 1
                    and all(g in _CLOSERS for g in glyphs[1:])
                    and head[-1:].isalpha()
                )
                if (
                    (para_end or sentence_turn or trailing) and glyphs in ("?", "!") and head[-1:].isalpha()
                ) or quoted:
                    # 'face?' ending a paragraph (or a line, a capital opening the next; or before
                    # an ellipsis), '“What brought this person to us?”' closing a quotation the
                    # paragraph opened: a question, a call only if nothing likelier
                    out.append(Call(li, wi, t, glyphs, 1.05))
                elif odd_ok:
                    out.append(Call(li, wi, head + tail, glyphs, 1.9 + bonus))
                elif len(glyphs) > 1:  # 'word"!' before a capital: a sentence end, or a call after a quote
                    out.append(Call(li, wi, head + glyphs[:-1] + tail, glyphs, 1.1 + bonus))
                continue
            closing = glyphs[0] in _CLOSERS
            if nested_single and closing and not singles and set(glyphs) <= _SINGLE_CLOSERS:
                # 'Committee’ must' inside a quotation opened with a double quote, in a volume
                # whose single quotes open quotations within quotations only: no single quotation
                # is open for it to close; it is a mark glued to the word (a call read as a quote)
                closing = False
            if closing and depth > 0:
                depth -= 1
                shut = len(glyphs) - len(glyphs.lstrip(_CLOSERS))
                if lang is not None and shut == len(glyphs) > 1 and shut > marks:
                    # 'Rooshian"\'' on a page of symbol notes: more quotes close here than the
                    # paragraph opened; the last is a call read as a quote (a dagger, '†')
                    out.append(Call(li, wi, head + glyphs[:-1] + tail, glyphs[-1], 1.5 + bonus))
                    whole.add(len(out) - 1)  # the quotes before it close the quotation: no call
                elif para_end and w.confidence < unsure:
                    # a quotation closing a paragraph, read unsure: the raised call after the
                    # quote was often taken into it and lost
                    out.append(Call(li, wi, t, glyphs, 1.2 + bonus))
                marks = max(0, marks - shut)
                singles = max(0, singles - sum(1 for c in glyphs[:shut] if c in _SINGLE_CLOSERS))
                continue
            if glyphs in ("’", "'") and _plural(head) and not tail:
                out.append(Call(li, wi, head, glyphs, 1.05 + bonus))
                continue
            out.append(Call(li, wi, head + tail, glyphs, 1.5 + bonus))
    return _with_inner_calls(out, lines, whole=whole, lang=lang), depth


#: A word of letters (an apostrophe within: "Dzerzhinsky's"; or read as a double quote, a call's
#: mark before it having taken it: 'Dzerzhinsky"s') ending in a dagger's look-alike (a quote
#: before it if any: "uprising't."), then a stop or a comma if any; an opening bracket or
#: parenthesis before it if any ('[Maslowt' for '[Maslow†').
_GLUED_DAGGER = re.compile(r"^[\[(]?([^\W\d_][^\W\d_'’]+(?:['’\"”]s)?)(['’]?[tf])([.,;:]?)$")


def glued_dagger(token: str, lang: str, *, known: float = 1.0) -> tuple[int, int] | None:
    """Where a dagger call OCR read as a letter glued to its word sits in `token`, as the span of
    its glyphs ("Marxt,": (4, 5); "uprising't.": (8, 10), the quote OCR read before it going with
    it), or None: the token ends in 't' or 'f' (a quote before it, a stop or a comma after it
    aside), the language does not know the word with it as read (zipf 0) and knows it without it
    (zipf `known` or more)."""
    m = _GLUED_DAGGER.match(token)
    # a possessive whose apostrophe a call took ('Dzerzhinsky"st': '†' and the apostrophe read as
    # one double quote, '‡' as 't') is measured without the quote the word does not print
    read = re.sub(r"[\"”](?=s$)", "", m.group(1)) + m.group(2) if m is not None else ""
    if m is None or zipf_frequency(read, lang) > 0:
        return None
    # a name's possessive is measured on the name: the language knows 'Dzerzhinsky' (zipf 1.6),
    # not "Dzerzhinsky's" (0)
    word = re.sub(r"['’\"”]s$", "", m.group(1))
    return m.span(2) if zipf_frequency(word, lang) >= known else None


#: The inner call is call glyphs (and the figures after them), figures alone, or figures whose last
#: figure OCR read as a glyph ("Bolsheviks2°.?!" for notes 20 and 21: the raised 0 read as '°').
_INNER = re.compile(
    r"^(.*[A-Za-z])([’'‘`\"”?°^*!®™©§¹²³†‡>]+\d{0,2}|\d{1,2}[’'‘`\"”?°^*!®™©§¹²³†‡>]?)([.,;:]|['’]s)?$"
)
#: A call before a possessive that took the apostrophe with it, read as a double quote ('Lenin”s')
#: or as a glyph no word holds ('Dzerzhinsky*s', "Kornilov'®s": the apostrophe and the call read
#: as one mark, or the apostrophe before the call's mark).
_INNER_POSSESSIVE = re.compile(r"^(.*[A-Za-z])([’'‘`\"”?°^*!®™©§¹²³†‡>]*[\"”*®°^™©§†‡])(s)$")
#: A possessive: a word of two letters or more, an apostrophe, an s.
_APOSTROPHE = re.compile(r"^[^\W\d_]{2,}([’'])s$")
#: The inner call inside a closing parenthesis or bracket, the outer call after it ('(Gosizdat®)®,'
#: for '(Gosizdat⁵)⁶,'): glyphs prose never sets at a word's end, or figures. Not a quote: a
#: quotation closes inside a parenthesis ('(“Pravda”)').
_INNER_BRACKETED = re.compile(r"^(.*[A-Za-z])([°^*®™©¹²³†‡§]+\d{0,2}|\d{1,2})([\)\]][.,;:]?)$")
#: Marks OCR reads for a raised figure 1 ahead of the figures it did read ("scissors,'5" for 15;
#: "Adler,}3" for 13).
ONE_GLYPHS = "'’‘`!|}"
#: Marks OCR reads for any raised figure ("AUCP*5" for 25): not a stop, which the text may carry.
FIGURE_MARKS = ONE_GLYPHS + '*"”°^'


def _with_inner_calls(
    calls: list[Call],
    lines: Sequence[Line],
    *,
    strength: float = 1.5,
    whole: Set[int] = frozenset(),
    lang: str | None = None,
) -> list[Call]:
    """Add, before a call, the call OCR left inside the same word ("Dzerzhinsky’'s*", "Kautsky‘.2":
    two notes called at one word, or a call before the stop the next one follows): the word without
    its last call still ends in a raised glyph. Two notes then cannot take the same word's one call
    and shift every link after them. The calls at the indices `whole` are left alone."""
    out: list[Call] = []
    for k, c in enumerate(calls):
        taken_off = c.marker and c.text != lines[c.line].words[c.word].text and k not in whole
        m = (
            (_INNER.match(c.text) or _INNER_POSSESSIVE.match(c.text) or _INNER_BRACKETED.match(c.text))
            if taken_off
            else None
        )
        if m is None and taken_off and c.exact and c.marker.isdigit():
            # "Committee'*.!5": the last call's raised 1 read as a mark ahead of its 5
            m = _INNER.match(c.text.rstrip(FIGURE_MARKS))
        if m is None and taken_off and lang is not None and c.text[-1:] in ".,;:":
            # "uprising't.*" on a page of symbol notes: a dagger read as a letter (a quote before
            # it) left before the stop, ahead of the call after it
            if (span := glued_dagger(c.text, lang)) is not None:
                a, b = span
                out += [Call(c.line, c.word, c.text[:a] + c.text[b:], c.text[a:b], strength), c]
                continue
        if m and len(m.group(1)) >= 2:
            rest = m.group(3) or ""
            rest = "’s" if rest == "s" else rest  # 'Lenin”s': the possessive's apostrophe went with the call
            out.append(Call(c.line, c.word, m.group(1) + rest, m.group(2), strength))
        out.append(c)
    return out


def apostrophe_call(call: Call, word: str, *, strength: float = 1.0) -> Call | None:
    """The call a possessive's apostrophe may be, before `call` taken off the same word (`word`,
    as read): "Dzerzhinsky’s’", two notes called at a possessive, the first call read into its
    apostrophe, or a possessive and its one call; only the notes' count can tell them apart, so
    the apostrophe is a candidate of `strength` (the least a link takes; `Call.apostrophe`) that
    the alignment takes only where it links one note more. None for any other call, and where
    the word as read does not open with the possessive (an inner call took its apostrophe)."""
    # the possessive as read, the call's glyphs after it (not one a call before it took apart)
    m = (
        _APOSTROPHE.match(call.text)
        if call.marker and word.startswith(call.text) and call.text != word
        else None
    )
    if m is None:
        return None
    return Call(call.line, call.word, call.text, m.group(1), strength, apostrophe=True)


def single_quotes_nested(lines: Iterable[Line]) -> bool:
    """Whether the quotations of the text open with double quotes ('“' or '"') more often than with
    a single one ('‘'): its single quotes then open quotations within quotations only."""
    double = single = 0
    for ln in lines:
        for w in ln.words:
            t = w.text
            if len(t) > 1 and t[1].isalnum():
                double += t[0] in '“"'
                single += t[0] == "‘"
    return double > single


def _broken(line: Line) -> bool:
    """Whether a line ends with a word broken by a hyphen (its rest opens the next line)."""
    return bool(line.words) and line.words[-1].text.endswith(("-", "¬")) and len(line.words[-1].text) > 1


def _glyphs_only(token: str, *, max_len: int = 3) -> bool:
    """Whether a token is made only of the glyphs OCR reads for a raised call, one of them odd ('!',
    '°', "'¢"); not quotes alone, which stand raised beside their words in prose."""
    return (
        0 < len(token) <= max_len
        and all(c in _ODD_GLYPHS or c in _CLOSE_GLYPHS for c in token)
        and any(c in _ODD_GLYPHS for c in token)
    )


def _lone_quote_call(line: Line, wi: int, ratio: float) -> bool:
    """Whether word `wi` of `line` is a call read as quotes standing alone: one or two quote glyphs
    after a word, raised (`_raised`), nearer the word before it than the word after it (if any)."""
    w = line.words[wi]
    if wi == 0 or not 0 < len(w.text) <= 2 or not all(c in _OPENERS + _CLOSE_GLYPHS for c in w.text):
        return False
    before = line.words[wi - 1]
    after = line.words[wi + 1] if wi + 1 < len(line.words) else None
    if not any(c.isalnum() for c in before.text) or not _raised(w, line, ratio):
        return False
    return after is None or w.bbox.x0 - before.bbox.x1 < after.bbox.x0 - w.bbox.x1


def _capitals(token: str, *, min_letters: int = 2) -> bool:
    """Whether a word is set in capitals: at least `min_letters` letters, none lower case."""
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= min_letters and all(c.isupper() for c in letters)


_CLOSING_OF = {"[": "]", "{": "}", "(": ")"}


def _open_bracket(text: str, before: str = "") -> str:
    """The brackets ('[', '{' or '(') left open after `text`, innermost last, `before` being those
    left open before it ('' for none). A closing one closes the innermost: '[… (RGASPI), … copy}'
    leaves the square bracket open past the parenthesis, and the brace closes it."""
    for c in text:
        if c in _CLOSING_OF:
            before += c
        elif c in "]})":
            before = before[:-1]
    return before


def _ellipsis(tokens: Sequence[str]) -> bool:
    """Whether the tokens after a word open with an ellipsis: '...' or '…' as one token, or three
    stops read apart ('. . .')."""
    if not tokens:
        return False
    if tokens[0] == "…" or (len(tokens[0]) >= 3 and set(tokens[0]) == {"."}):
        return True
    return len(tokens) >= 3 and all(t == "." for t in tokens[:3])


def _speck(word: Word, *, unsure: float = 0.5) -> bool:
    """A dot of dust read as punctuation: no letter or digit, and read unsure."""
    return word.confidence < unsure and not any(c.isalnum() for c in word.text)


def _raised(w: Word, line: Line, ratio: float, *, lift: float = 0.25) -> bool:
    """Whether a word is a superscript: small, its bottom well above the line's baseline, and its
    middle above the middle of the word beside it by `lift` of its own height at least; or, from
    a text layer, set in type under `ratio` of the line's size. The middle: where every other word
    of a short line descends ('Chapter 1'), the baseline measured is the bottom of a descender, over
    which a figure set on the line stands as high as a call, in old-style type (as high as an 'x')
    or lining (as high as a capital); but a call is raised clear of its word's middle, a figure set
    on the line is not (seeds 1902 and 1933, EB Garamond and TeX Gyre Pagella)."""
    size = line_size(line)
    if w.size is not None and size is not None:
        return w.size < ratio * size
    if not (
        w.bbox.height < ratio * line.bbox.height and w.bbox.y1 < _baseline(line, w) - 0.25 * w.bbox.height
    ):
        return False
    k = next((i for i, x in enumerate(line.words) if x is w), None)
    if k is None:
        return True
    beside = [line.words[i] for i in (k - 1, k + 1) if 0 <= i < len(line.words)]
    beside = [x for x in beside if any(c.isalpha() for c in x.text)]
    if not beside:
        return True
    other = beside[0].bbox
    return (other.y0 + other.y1) - (w.bbox.y0 + w.bbox.y1) >= 2 * lift * w.bbox.height


def _baseline(line: Line, word: Word) -> int:
    """Where the line's baseline lies, from the feet of its other words: the median foot of all of
    them, or of those without a glyph that descends below it when that is higher ('people', 'of'
    → the foot of 'of'). A line of 'posed of “independent” 15 people.' has more feet at its
    descenders than on its baseline, and a figure standing on the baseline would look raised
    against their median; the higher of the two keeps a word on a line set askew, whose feet
    differ along it, from looking raised against one word's foot."""
    others = [x for x in line.words if x is not word] or list(line.words)
    flat = [x for x in others if x.text and not reaches_below(x)]
    return min(_median_foot(others), _median_foot(flat or others))


def _median_foot(words: Sequence[Word]) -> int:
    bottoms = sorted(x.bbox.y1 for x in words)
    return bottoms[len(bottoms) // 2]


def lost_figures(call: Call, marker: str) -> tuple[int, bool, bool] | None:
    """Whether the figures a call was read with are the end of a note's number, OCR having lost or
    misread the figures before them ("scissors,'5", "AUCP\"4" for notes 15 and 24): (how many
    figures are missing, whether the glyphs right before the figures read were those figures, 1s
    read as a quote or a stroke, and whether they were marks at all, not letters or a stop). None
    when the figures read are not the end of the number."""
    if not marker.isdigit():
        return None
    m = re.search(r"\d{1,3}$", call.marker)
    if m is None or len(m.group()) >= len(marker) or not marker.endswith(m.group()):
        return None
    lost = marker[: len(marker) - len(m.group())]
    before = call.text if call.exact else call.marker[: m.start()]
    read = before[len(before) - len(lost) :] if len(before) >= len(lost) else ""
    ones = len(read) == len(lost) and all(
        f == "1" and g in ONE_GLYPHS for f, g in zip(lost, read, strict=True)
    )
    return len(lost), ones, len(read) == len(lost) and all(g in FIGURE_MARKS for g in read)


def _ones_lost(call: Call, marker: str) -> bool:
    """Whether a call reads `marker` with its leading 1s read as quotes or strokes ("'4" for 14)."""
    lost = lost_figures(call, marker)
    return lost is not None and lost[1]


def call_text(call: Call, marker: str) -> str:
    """The word's text once the call of note `marker` is taken off it: a figure of the number
    read as a quote ahead of the figures read goes with the call ("scissors,'5" → "scissors,")."""
    lost = lost_figures(call, marker) if call.exact else None
    return call.text[: len(call.text) - lost[0]] if lost and lost[2] else call.text


def call_score(
    call: Call,
    marker: str,
    *,
    exact: float = 10.0,
    symbol: float = 2.5,
    other_digit: float = 0.5,
    misread_one: float = 8.0,
    number_end: float = 2.5,
    glued_digit: float = 1.5,
) -> float:
    """How well a candidate call fits a note marker: `exact` for the printed number (`symbol` for
    a printed symbol), `other_digit` for a different number (a misread digit; `glued_digit` when
    glued after a word's stop or comma), else the
    candidate's own strength (misread glyph). Figures read that end the note's number score
    `misread_one` when the figures before them were read as quotes or strokes ("'5" for 15), else
    `number_end` (a lost leading figure): more than any misread glyph, so they anchor the page."""
    lost = lost_figures(call, marker)
    if lost is not None:
        return misread_one if lost[1] else max(number_end, call.strength if not call.exact else 0.0)
    if call.exact:
        if call.marker == marker:
            # OCR reads one symbol for another ('*' for †): an exact symbol is worth less than
            # linking every note of the page in order
            return symbol if marker in SYMBOL_SEQUENCE else exact
        if call.marker in SYMBOL_MARKERS:
            return 1.9  # a superscript digit, or another symbol, read as this symbol
        if call.text and call.marker.isdigit() and call.text[-1:] in ".,;:":
            # figures glued after a word's stop or comma ('rights.2' for rights.⁸): prose sets no
            # figure there, so it is a call whatever figure OCR made of it, as likely as a glyph
            return glued_digit
        return other_digit
    return call.strength


def align_calls(
    notes: Sequence[tuple[int, str]],
    candidates: Sequence[tuple[int, Call, bool]],
    *,
    pages_before: int = 1,
    min_score: float = 1.0,
    ambiguous: float = 3.0,
    number_end: float = 2.5,
    other_digit: float = 0.5,
    bonus: Mapping[tuple[int, int], float] | None = None,
    reach: Set[tuple[int, int]] = frozenset(),
) -> list[int | None]:
    """Match notes (page position, marker; in volume order) to candidate calls (page position, call,
    whether it is in the last lines of its page; in reading order), keeping both in order. A note's
    call is on the note's page, or in the last lines of a page up to `pages_before` pages earlier (a
    note pushed over the page break). Maximises the summed `call_score` (plus `bonus` for a (note,
    candidate) pair: the candidate follows a mention of the note's lemma; `reach`: pairs whose
    candidate may be anywhere on the page before, the note's term being there and not on its own
    page; a call read as the note's own number may also be anywhere on the page before); pairs
    scoring below `min_score` are not made, nor pairs with a possessive the text sets again
    (`repeated_possessives`) unless the note's lemma is right before it. A call read as the exact
    number of a note that a note numbered with a 1 before it may also take (a '8' where notes 8 and
    18 both reach: OCR loses a raised leading 1 more often than any other figure) scores
    `ambiguous` for the shorter number: the order of the calls decides. A call read as a number
    that its place among the likely calls contradicts (`implied_numbers`) scores `number_end` for
    the number its place gives and `other_digit` for the one read. Returns a candidate index per note."""
    extra = bonus or {}
    repeated = repeated_possessives([c for _, c, _ in candidates])
    implied = implied_numbers(notes, candidates)
    reachable: dict[int, set[str]] = {}  # a page's position → the markers of notes that may reach it
    for npage, marker in notes:
        for p in range(npage - pages_before, npage + 1):
            reachable.setdefault(p, set()).add(marker)

    def score(i: int, j: int) -> float | None:
        npage, marker = notes[i]
        cpage, call, tail = candidates[j]
        if j in repeated and (i, j) not in extra:
            return None  # a possessive the text uses again ("workers’ democracy"): no call
        # a call read as the note's own number (its leading 1s read as quotes: "'4" for 14) may be
        # anywhere on the page before: a long note that did not fit under its call is set on the
        # next page whole, however far up the call
        own_number = call.exact and marker.isdigit() and (call.marker == marker or _ones_lost(call, marker))
        before = tail or (i, j) in reach or own_number
        # a pair in `reach` may lie further back than `pages_before` (a note carried over pages
        # setting no note of their own, `notelinks._over_a_page_without_notes`)
        if (
            cpage == npage
            or (before and npage - pages_before <= cpage < npage)
            or ((i, j) in reach and cpage < npage)
        ):
            if j in implied:
                # its place among the page's likely calls says the figure was misread
                sc = number_end if marker == implied[j] else other_digit
            else:
                sc = call_score(call, marker)
            if call.exact and call.marker == marker and "1" + marker in reachable.get(cpage, ()):
                sc = min(sc, ambiguous)
            sc += extra.get((i, j), 0.0)
            if sc >= min_score:
                return sc
        return None

    return align_in_order(len(notes), len(candidates), score, _bands(notes, candidates, pages_before, reach))


def implied_numbers(
    notes: Sequence[tuple[int, str]], candidates: Sequence[tuple[int, Call, bool]], *, strong: float = 1.5
) -> dict[int, str]:
    """Calls read as a number that the sequence of calls says is another (candidate index → the
    note's number): "En-gels.2" between the likely calls of notes 1 and 2 and the call read as 4.

    The likely calls are the candidates read as figures and those of strength `strong` or more,
    possessives aside, in order. A call read as number n lies between the nearest calls read as
    figures before and after it (numbers p and q, p < n < q; before the first, a note 1's section
    or page starts the count at 0): when exactly one likely call stands for each number between
    them, every number from p to q was read as one call, so the k-th call after p is note p + k.
    A call whose reading disagrees with that count, the count naming one of the notes, is a
    misread figure. Nothing is implied where the count does not hold (a call lost, a speck taken
    for one): the readings decide then."""
    markers = {m for _, m in notes}
    seq = [
        j for j, (_, c, _) in enumerate(candidates) if (c.exact or c.strength >= strong) and not possessive(c)
    ]
    anchors: list[tuple[int, int, int | None]] = []  # (place in seq, number, candidate index)
    starts = sorted({p for p, m in notes if m == "1"})
    for start in starts:  # a section's or a chapter's count starts at 0 before its first call
        first = next((k for k, j in enumerate(seq) if candidates[j][0] >= start), len(seq))
        anchors.append((first - 1, 0, None))
    for k, j in enumerate(seq):
        c = candidates[j][1]
        if c.exact and c.marker.isdigit():
            anchors.append((k, int(c.marker), j))
    # a count's start comes after the call at its place (the last of the section or page before)
    anchors.sort(key=lambda a: (a[0], a[2] is None))
    out: dict[int, str] = {}
    for i in range(1, len(anchors) - 1):
        (kp, p, _), (k, n, at), (kq, q, _) = anchors[i - 1], anchors[i], anchors[i + 1]
        if at is None or not p < n < q or q - p != kq - kp or kp >= k:
            continue
        count = str(p + (k - kp))
        if count != str(n) and count in markers:
            out[at] = count
    return out


def _bands(
    notes: Sequence[tuple[int, str]],
    candidates: Sequence[tuple[int, Call, bool]],
    pages_before: int,
    reach: Set[tuple[int, int]] = frozenset(),
) -> list[tuple[int, int]] | None:
    """For each note, the first and last candidate on its page or up to `pages_before` pages before
    it, or as far back as a pair in `reach` goes: the only ones `align_calls` may pair it with
    (`geometry.align_in_order`'s band, whose first candidate never goes back from one note to the
    next). None when notes or candidates are not in page order (then every pair is scored)."""
    npages = [p for p, _ in notes]
    cpages = [p for p, _, _ in candidates]
    if npages != sorted(npages) or cpages != sorted(cpages):
        return None
    lows = [bisect_left(cpages, p - pages_before) for p in npages]
    for i, j in reach:
        lows[i] = min(lows[i], j)
    for i in range(len(lows) - 2, -1, -1):
        lows[i] = min(lows[i], lows[i + 1])
    return [(lo, bisect_right(cpages, p) - 1) for lo, p in zip(lows, npages, strict=True)]


def likely_calls(lines: Sequence[Line], *, strong: float = 1.5) -> int:
    """How many calls the lines likely hold: candidates (`call_candidates`) of strength `strong` or
    more, possessives aside. In a volume whose symbol notes restart on every page, the number of
    notes the page's zone must hold."""
    return sum(1 for c in call_candidates(lines) if c.strength >= strong and not possessive(c))


def likely(call: Call, *, strong: float = 1.5) -> bool:
    """Whether a candidate is a likely call: strength `strong` or more, a possessive's quote
    aside (`possessive`), or a number read."""
    return (call.strength >= strong and not possessive(call)) or call.exact


def possessive(call: Call) -> bool:
    """Whether a candidate is only a quote after a plural `s` (`call_candidates`: "workers’"), the
    weakest kind of call."""
    return not call.exact and call.marker in ("’", "'") and _plural(call.text)


def _plural(text: str) -> bool:
    """Whether a word ends in an `s` that a quote after it may make a plural's possessive
    ("workers’"); not one after an apostrophe ("Marx's’": a possessive already, the quote after
    it closes no quotation and is a call read as a quote)."""
    return text[-1:] in ("s", "S") and text[-2:-1] not in ("'", "’")


def repeated_possessives(cands: Sequence[Call]) -> set[int]:
    """The candidates (indices) that are a possessive (`possessive`) whose word the text sets with
    the same quote more than once: a note is called once, where its term first comes, and a form
    that comes back ("workers’ democracy", "the workers’ state") is the language's, not a call."""
    count: dict[str, int] = {}
    for c in cands:
        if possessive(c):
            count[c.text.lower()] = count.get(c.text.lower(), 0) + 1
    return {j for j, c in enumerate(cands) if possessive(c) and count[c.text.lower()] > 1}
