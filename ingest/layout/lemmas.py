"""A note's lemma: the term an editor's note explains ("Bukharin, N. (1888–1938) – …",
"Comintern (Communist International) – …", "General Council – …"), and where the body mentions it.

A call sits right after the word it annotates, so a mention of a note's lemma is evidence for a
call there: it ranks the candidate calls OCR left (a quote or a stray mark after the term), and
where OCR lost the raised call altogether, the mention itself is where the note is called. Notes
that do not open with a short term ("This refers to …", "Cf. ibid.") have no lemma and are linked
on the other evidence alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz
from wordfreq import zipf_frequency

from ingest.model import Line

#: Where a note's lemma ends: a dash (set apart, or a tilde set apart, a dash OCR misread:
#: 'Gosizdat ~ The State …'; or glued to the term by OCR when it reads a dash as two hyphens or an
#: en or em dash as one, 'AUCP-- All-Union …': a hyphen alone glued to a word is no dash), an
#: opening parenthesis, a comma, colon or semicolon, or a stop before an initial (the comma of
#: "Levi, P." read as a stop).
_LEMMA_END = re.compile(r"\s+[-–—~]+\s+|\s*(?:[-–—]{2,}|[–—])\s+|\s*\(|[,;:]\s|\.\s+(?=[A-Z]\.)")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_POSSESSIVE = re.compile(r"['’‘`]s$")
_CALL_TAIL = re.compile(r"(?<=[^\W\d])\d{1,3}$")
#: A dagger call read as a letter after the word's comma or stop, other calls before it if any
#: ("AUCP*,t", "Krestinsky,t"): no word of prose goes on after its comma without a space.
_DAGGER_TAIL = re.compile(r"(?<=[^\W\d_])[^\w\s]*[.,;:][tf+]$")
#: The letters OCR reads a dagger as.
_DAGGER_LETTERS = "tf+"


def norm(token: str) -> str:
    """A word as compared with a lemma: lower case, without edge punctuation, a possessive 's or a
    call glued to it ("Lenin's", "Lenin5" and "Lenin,t" → "lenin")."""
    t = _EDGE.sub("", _DAGGER_TAIL.sub("", token.lower()))
    t = _POSSESSIVE.sub("", t)
    return _CALL_TAIL.sub("", t)


def note_head(
    text: str, *, max_words: int = 4, min_len: int = 4, rare: float = 4.5, lang: str = "en"
) -> tuple[str, ...] | None:
    """The lemma a note's text (without its marker) opens with, as normalised words, or None: the
    words before the first dash, parenthesis or comma, at most `max_words` of them. A lemma of one
    word must be at least `min_len` letters and not a common word (Zipf frequency under `rare` in
    `lang`): "This" or "See" name nothing."""
    m = _LEMMA_END.search(text)
    if m is None:
        return None
    words = tuple(w for w in (norm(x) for x in text[: m.start()].split()) if w)
    if not words or len(words) > max_words:
        return None
    if len(words) == 1 and (len(words[0]) < min_len or zipf_frequency(words[0], lang) >= rare):
        return None
    return words


def mentions(
    lines: Sequence[Line],
    head: tuple[str, ...],
    *,
    min_ratio: float = 80.0,
    short_ratio: float = 90.0,
    short: int = 6,
    broken: str = "",
) -> list[tuple[int, int]]:
    """(line, word) of the last word of every mention of `head` in `lines`, in reading order; the
    words are compared as OCR read them (a near match counts: `fuzz.ratio` at least `min_ratio`, or
    `short_ratio` for a lemma under `short` letters, "Comintem" for "Comintern"); a mention may run
    over a line break, and a word broken there ("Kame-" / "nev") is read whole, at its second part.
    `broken`: the first part of a word broken at the end of the page before, whose rest opens the
    first line ("Comin-" / "tern")."""
    flat: list[tuple[int, int, str]] = []
    carry = broken.rstrip("-­‐")  # the first part of a word broken at the line before ("Kame-" / "nev")
    for li, ln in enumerate(lines):
        for wi, w in enumerate(ln.words):
            if wi == len(ln.words) - 1 and li + 1 < len(lines) and w.text.endswith(("-", "­", "‐")):
                carry += w.text.rstrip("-­‐")
                continue
            flat.append((li, wi, norm(carry + w.text)))
            carry = ""
    k = len(head)
    want = " ".join(head)
    least = min_ratio if len(want) >= short else short_ratio
    out = []
    for end in range(k - 1, len(flat)):
        words = [t for _, _, t in flat[end - k + 1 : end + 1]]
        got = " ".join(words)
        if (got[:1] == want[:1] and fuzz.ratio(got, want) >= least) or (
            words[:-1] == list(head[:-1]) and _without_dagger(words[-1], head[-1]) is not None
        ):
            out.append((flat[end][0], flat[end][1]))
    return out


def _without_dagger(word: str, term: str) -> str | None:
    """`word` (normalised) without the dagger call OCR read as a letter glued after it, when that
    leaves exactly `term` ('klimt' for the note on 'Klim': a word of its own to wordfreq, the
    painter, so not taken apart by `calls.glued_dagger`), else None."""
    return (
        word[:-1]
        if len(word) == len(term) + 1 and word[-1] in _DAGGER_LETTERS and word[:-1] == term
        else None
    )


def dagger_call(text: str, head: tuple[str, ...]) -> tuple[str, str] | None:
    """(the word's text without it, the letter) for a dagger call read as a letter glued right
    after the note's term `head` ('("Klimt")' → '("Klim")', 't'), else None."""
    m = re.fullmatch(r"(.*[^\W\d_])([tf+])([^\w\s]*)", text)
    if m is None or _without_dagger(norm(m.group(1) + m.group(2)), head[-1]) is None:
        return None
    return m.group(1) + m.group(3), m.group(2)
