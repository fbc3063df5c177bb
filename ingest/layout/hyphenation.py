"""Words broken at a line or page end: join the halves, or keep the hyphen of a real compound.

The decision uses the volume's own vocabulary first (the whole word, or the hyphenated compound,
printed elsewhere in the volume unbroken) and word frequencies (`wordfreq`) in the volume's language
second: a break is a real compound when both halves are common words and the joined form is much
rarer than they are. Words are letters of any script (`regex` letter classes), so "Stra-" / "ße" or
"élé-" / "ment" are judged like English words; a language wordfreq does not know is judged by the
volume's own vocabulary alone.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex as re
from wordfreq import available_languages, top_n_list, zipf_frequency

from ingest.model import BREAK_HYPHENS, Word

HYPHENS = tuple(BREAK_HYPHENS)
_WORD = re.compile(r"\p{L}[\p{L}\p{M}'’-]*[\p{L}\p{M}]|\p{L}")
_LEAD = re.compile(r"^[^\p{L}]*")
_TRAIL = re.compile(r"[^\p{L}\p{M}]*$")
_STARTS_WORD = re.compile(r"^[\"'‘“„«»‹›(]*\p{L}")

LANG_CODES = {
    "eng": "en",
    "deu": "de",
    "fra": "fr",
    "spa": "es",
    "ita": "it",
    "nld": "nl",
    "por": "pt",
    "rus": "ru",
    "pol": "pl",
    "swe": "sv",
    "dan": "da",
    "nor": "nb",
    "fin": "fi",
    "ces": "cs",
    "slk": "sk",
    "hun": "hu",
    "ron": "ro",
    "tur": "tr",
    "ukr": "uk",
    "bul": "bg",
    "cat": "ca",
    "ell": "el",
    "heb": "he",
    "isl": "is",
    "lit": "lt",
    "lav": "lv",
    "slv": "sl",
    "hrv": "sh",
    "srp": "sh",
    "frk": "de",  # Fraktur: German
    "deu_latf": "de",
}


@lru_cache(maxsize=64)
def wordfreq_code(lang: str) -> str | None:
    """The wordfreq language of a Tesseract language string ("eng", "deu+eng", "frk",
    "script/Fraktur"): its first part wordfreq has word frequencies for, else None."""
    known = set(available_languages())
    for part in lang.replace("/", "+").split("+"):
        code = LANG_CODES.get(part.strip().lower(), part.strip().lower())
        if code in known:
            return code
    return None


@dataclass(frozen=True)
class Vocabulary:
    """Word counts of the volume: `words` unbroken words (lower case), `compounds` hyphenated
    words printed inside a line."""

    words: Counter[str]
    compounds: Counter[str]
    #: the words and the compounds, sorted (for the words that open alike: `_family`)
    sorted_words: tuple[str, ...] = ()
    sorted_compounds: tuple[str, ...] = ()


def build_vocabulary(line_texts: Iterable[str]) -> Vocabulary:
    """Count words and mid-line hyphenated compounds in the volume's lines (the last word of a line
    is left out when it ends with a hyphen, since that is what is being decided)."""
    words: Counter[str] = Counter()
    compounds: Counter[str] = Counter()
    for text in line_texts:
        toks = text.split()
        if toks and toks[-1].endswith(HYPHENS):
            toks = toks[:-1]
        for t in toks:
            for m in _WORD.finditer(t):
                w = m.group().lower().replace("’", "'")
                if "-" in w:
                    compounds[w] += 1
                    for part in w.split("-"):
                        words[part] += 1
                else:
                    words[w] += 1
    return Vocabulary(words, compounds, tuple(sorted(words)), tuple(sorted(compounds)))


def _opening(keys: tuple[str, ...], counts: Counter[str], prefix: str, but: str) -> int:
    """How often the volume prints the words of `keys` (sorted) that open with `prefix`, `but` aside."""
    i = bisect_left(keys, prefix)
    n = 0
    while i < len(keys) and keys[i].startswith(prefix):
        n += counts[keys[i]] if keys[i] != but else 0
        i += 1
    return n


def _family(a: str, b: str, vocab: Vocabulary, *, ending: int = 3) -> tuple[int, int]:
    """How often the volume prints, inside its lines, the family of the word broken as `a` / `b`
    (lower case): words opening with `a` and the first letters of `b` (all but its last `ending`,
    at least three) with another ending ('typewriter' for 'type-' / 'written', 'right-wingers' for
    'right-' / 'wing'), closed up and hyphenated."""
    stem = b[: max(3, len(b) - ending)]
    closed = _opening(vocab.sorted_words, vocab.words, a + stem, a + b)
    hyphened = _opening(vocab.sorted_compounds, vocab.compounds, f"{a}-{stem}", f"{a}-{b}")
    return closed, hyphened


@lru_cache(maxsize=100_000)
def zipf(word: str, lang: str | None) -> float:
    """The Zipf frequency of `word` in wordfreq language `lang` (`wordfreq_code`); 0 without one."""
    return zipf_frequency(word, lang) if lang else 0.0


_zipf = zipf


@lru_cache(maxsize=8)
def _lexicon(lang: str) -> tuple[str, ...]:
    """The language's most frequent words (wordfreq), letters only, sorted (for prefix ranges)."""
    return tuple(sorted(w for w in top_n_list(lang, 100_000) if w.isalpha()))


@lru_cache(maxsize=4096)
def lexicon_family(a: str, b: str, lang: str | None, *, ending: int = 3) -> float:
    """The highest frequency in language `lang` of a word of the family of `a` + `b` (lower case,
    the halves of a word broken at a line end): the language's frequent words that open with all
    of the joined word but its last `ending` letters (and all of `a` and three letters of `b`) and
    are at most one letter shorter and `ending` longer ('withhold' for 'with-' / 'holds',
    'simpleton' for 'simple-' / 'tons', 'properties' for 'proper-' / 'tied'). An inflection
    rarer than its word says less than the word; a word of another stem shares too short an
    opening ('social' for 'so-' / 'called'). 0 without a language."""
    if not lang:
        return 0.0
    lex = _lexicon(lang)
    joined = a + b
    prefix = joined[: max(len(a) + 3, len(joined) - ending)]
    i = bisect_left(lex, prefix)
    best = 0.0
    while i < len(lex) and lex[i].startswith(prefix):
        if len(joined) - 1 <= len(lex[i]) <= len(joined) + ending:
            best = max(best, _zipf(lex[i], lang))
        i += 1
    return best


@lru_cache(maxsize=4096)
def closes_up(
    prefix: str, lang: str | None, *, common: float = 3.0, min_words: int = 30, min_share: float = 0.3
) -> bool:
    """Whether the language writes `prefix` closed up with the word after it ("counter" as in
    counterattack, "anti" as in antibody): among the language's frequent words that start with it,
    at least `min_words`, and at least `min_share` of them, are the prefix and a common word (Zipf
    frequency `common` or more, three letters or more). Short halves that open many words by chance
    ("so", "co") have a low share and do not count."""
    if not lang or len(prefix) < 2:
        return False
    lex = _lexicon(lang)
    i = bisect_left(lex, prefix)
    total = closed = 0
    while i < len(lex) and lex[i].startswith(prefix):
        rest = lex[i][len(prefix) :]
        if len(rest) >= 3:
            total += 1
            closed += _zipf(rest, lang) >= common
        i += 1
    return closed >= min_words and closed >= min_share * total


@lru_cache(maxsize=8)
def _endings(lang: str) -> tuple[str, ...]:
    """The language's most frequent words (wordfreq), letters only, each spelt backwards, sorted
    (for ranges of words that end alike)."""
    return tuple(sorted(w[::-1] for w in top_n_list(lang, 100_000) if w.isalpha()))


@lru_cache(maxsize=4096)
def closes_after(
    suffix: str, lang: str | None, *, common: float = 3.0, min_words: int = 100, min_share: float = 0.3
) -> bool:
    """Whether the language writes `suffix` closed up after the word before it ("ism" as in
    socialism, "ness" as in kindness): among the language's frequent words that end with it, at
    least `min_words`, and at least `min_share` of them, are a common word (Zipf frequency `common`
    or more, three letters or more) and the suffix. Words that close a few compounds ("time" as
    in lifetime, "way", "side") fall short of `min_words` and do not count."""
    if not lang or len(suffix) < 2:
        return False
    ends = _endings(lang)
    key = suffix[::-1]
    i = bisect_left(ends, key)
    total = closed = 0
    while i < len(ends) and ends[i].startswith(key):
        rest = ends[i][len(key) :][::-1]
        if len(rest) >= 3:
            total += 1
            closed += _zipf(rest, lang) >= common
        i += 1
    return closed >= min_words and closed >= min_share * total


def _volume_closes_after(suffix: str, vocab: Vocabulary, lang: str | None, common: float) -> bool:
    """Whether the volume itself prints `suffix` closed up after a common word at least as often as
    it prints it hyphenated after one inside a line."""
    hyphened = sum(c for k, c in vocab.compounds.items() if k.endswith("-" + suffix))
    closed = sum(
        c
        for k, c in vocab.words.items()
        if k.endswith(suffix) and len(k) - len(suffix) >= 3 and _zipf(k[: -len(suffix)], lang) >= common
    )
    return closed >= hyphened


def _volume_closes_up(prefix: str, vocab: Vocabulary, lang: str | None, common: float) -> bool:
    """Whether the volume itself prints `prefix` closed up with a word at least as often as it
    prints it hyphenated to a lower-case word inside a line ("anti-Soviet" says nothing)."""
    hyphened = sum(
        c
        for k, c in vocab.compounds.items()
        if k.startswith(prefix + "-") and k[len(prefix) + 1 : len(prefix) + 2].islower()
    )
    closed = sum(
        c
        for k, c in vocab.words.items()
        if k.startswith(prefix) and len(k) - len(prefix) >= 3 and _zipf(k[len(prefix) :], lang) >= common
    )
    return closed >= hyphened


#: Marks OCR reads glued after a line-end hyphen off a speck of the scan ('re-.', 'ex-:', 'situ-_',
#: 'com-—', 'Depart-’'): prose sets no stop, colon, rule or dash right after a hyphen, nor a
#: closing quote unless the word opened one ('‘anti-’').
_SPECKS_AFTER = re.compile(r"(?<=\p{L}[" + re.escape("".join(HYPHENS)) + r"])[.:_`~—–’']{1,2}$")
_OPENS_QUOTE = re.compile(r"^[\"“„«‹(\[]*[‘'`]")


def without_specks(start: str) -> str:
    """`start` (a line's last word) without the specks OCR read after its line-end hyphen
    (`_SPECKS_AFTER`); unchanged when there are none."""
    m = _SPECKS_AFTER.search(start)
    if m is None or (any(q in m.group() for q in "’'") and _OPENS_QUOTE.match(start)):
        return start
    return start[: m.start()]


#: Marks OCR reads from dust glued before the rest of a word broken at the line end ('her-' /
#: '_mits', 'dan-' / '_gerous'): prose opens no word with them (quotes and brackets, which may
#: open one, are not among them), and the rest of a broken word opens on its letter.
_SPECKS_BEFORE = re.compile(r"^[_|.,`~^]{1,2}(?=\p{Ll})")


def rest_without_specks(start: str, end: str) -> str:
    """`end` (the first word of the line after `start`) without the specks OCR read glued before
    it (`_SPECKS_BEFORE`) when `start` ends with a word broken by a hyphen (`is_break` of the two
    without them); unchanged otherwise."""
    m = _SPECKS_BEFORE.match(end)
    if m is None or not is_break(without_specks(start), end[m.end() :]):
        return end
    return end[m.end() :]


#: A tilde OCR read for the hyphen of a word broken at the line end ('gener~' / 'ation'): prose
#: ends no word with one
_TILDE_HYPHEN = re.compile(r"(?<=\p{L})~$")


def _glyph_for_hyphen(glyph: re.Pattern[str], start: str, end: str) -> tuple[str, str, str] | None:
    """`start` (a line's last word) ending in a glyph (`glyph`) OCR may have read for the hyphen of a
    word broken at the line end, read as that break: `start` with the hyphen for the glyph, `end`
    (the next line's first word) without its leading marks, and the two joined in lower case; None
    when `start` does not end in the glyph, the pair is no break (`is_break`) or `end` does not go
    on in lower case."""
    if glyph.search(start) is None:
        return None
    fixed = start[:-1] + "-"
    rest = _LEAD.sub("", end)
    if not is_break(fixed, end) or not rest[:1].islower():
        return None
    return fixed, rest, (_LEAD.sub("", fixed[:-1]) + _TRAIL.sub("", rest)).lower()


def tilde_for_hyphen(
    start: str, end: str, vocab: Vocabulary, *, lang: str = "eng", known_word: float = 2.5
) -> str:
    """`start` (a line's last word) with the tilde it ends with read as the hyphen of a word broken
    at the line end, when the word joined with `end` (the next line's first word, opening in lower
    case) is a word: the volume prints it, or its frequency is at least `known_word`; else `start`
    unchanged (a speck read after a whole word: the two words stay apart)."""
    glyph = _glyph_for_hyphen(_TILDE_HYPHEN, start, end)
    if glyph is None:
        return start
    fixed, _, joined = glyph
    known = vocab.words[joined] > 0 or _zipf(joined, wordfreq_code(lang)) >= known_word
    return fixed if known else start


#: An 's' OCR read for the hyphen of a word broken at the line end: a Fraktur volume's double
#: hyphen ('⸗', two oblique strokes) reads as one ('Unmüns' / 'digkeit' for 'Unmün⸗' / 'digkeit')
_S_HYPHEN = re.compile(r"(?<=\p{L})s$")


def s_for_hyphen(
    start: str, end: str, vocab: Vocabulary, *, lang: str = "eng", known_word: float = 2.5
) -> str:
    """`start` (a line's last word) with the 's' it ends with read as the hyphen of a word broken at
    the line end (`_S_HYPHEN`), when `end` (the next line's first word) opens in lower case, the
    word as read is none (its frequency under `known_word`, and the volume prints it nowhere
    else), and either the word joined without the 's' is a word (the volume prints it elsewhere,
    or its frequency is at least `known_word`) or, in a language wordfreq knows, `end` is no word
    either ('Despos' / 'tism': the rest of a broken word, however OCR read its letters); else
    `start` unchanged ('eines' / 'andern' stay two words)."""
    glyph = _glyph_for_hyphen(_S_HYPHEN, start, end)
    if glyph is None:
        return start
    fixed, rest, joined = glyph
    code = wordfreq_code(lang)
    read = _TRAIL.sub("", _LEAD.sub("", start)).lower()
    if _zipf(read, code) >= known_word or vocab.words[read] > 1:
        return start
    known = vocab.words[joined] > 0 or _zipf(joined, code) >= known_word
    after = _TRAIL.sub("", rest).lower()
    rest_of_word = code is not None and _zipf(after, code) < known_word and vocab.words[after] <= 1
    return fixed if known or rest_of_word else start


#: The marks OCR reads from dust (as `measures.is_speck_line` knows them)
_DUST_MARKS = frozenset("_|'‘’.,`~^\"-")


def _is_dust(word: Word, beside: Word, *, small: float, unsure: float) -> bool:
    """Whether `word` is one or two marks read from dust: no letter or figure, its box under
    `small` of the height of the word `beside` it, or read under `unsure` of that word's
    confidence (the edge of a photographed leaf read ',' at no confidence at all)."""
    text = word.text
    return (
        0 < len(text) <= 2
        and set(text) <= _DUST_MARKS
        and (word.bbox.height < small * beside.bbox.height or word.confidence < unsure * beside.confidence)
    )


def dust_at_break(
    last: Sequence[Word], first: Sequence[Word], *, small: float = 0.5, unsure: float = 0.5
) -> tuple[int, int]:
    """Marks OCR read from dust beside a word broken at a line end: how many words end `last` (a
    line's words) and open `first` (the next line's) that are dust (`_is_dust`, beside the word
    broken or its rest), where the word before them ends in a hyphen after letters and the word
    after them goes on in lower case ('gov- _' / 'ernment', 'falsi-' / '. fication'). Prose sets
    no mark of its own after a line-end hyphen, nor before the rest of the word. (0, 0) where
    there is no such break."""
    a = len(last)
    while a > 1 and _is_dust(last[a - 1], last[a - 2], small=small, unsure=unsure):
        a -= 1
    b = 0
    while b + 1 < len(first) and _is_dust(first[b], first[b + 1], small=small, unsure=unsure):
        b += 1
    if (a, b) == (len(last), 0) or not a or b >= len(first):
        return 0, 0
    start, end = without_specks(last[a - 1].text), first[b].text
    if not is_break(start, end) or not _LEAD.sub("", end)[:1].islower():
        return 0, 0
    return len(last) - a, b


def is_break(start: str, end: str) -> bool:
    """Whether `start` (a line's last word) ends with a hyphen and `end` (the next line's first word)
    begins with a letter, i.e. the pair may be one word broken at the line end."""
    core = _TRAIL.sub("", start[:-1]) if start.endswith(HYPHENS) else ""
    return bool(core) and start.endswith(HYPHENS) and bool(_STARTS_WORD.match(end))


#: Letters whose capital is the small letter drawn larger: OCR tells them apart by size alone
_CAPITAL_OF_SAME_SHAPE = frozenset("COSVWXZ")


def _small_letters_read_as_capitals(a_core: str, b_clean: str) -> bool:
    """Whether `b_clean` (the letters of a broken word's second half) may be small letters OCR
    read as capitals: at least two letters, each one whose capital has the small letter's shape
    (`_CAPITAL_OF_SAME_SHAPE`), the first a capital ('SCOW', 'SCOw'), after a first half `a_core`
    holding a lower-case letter (a word set in capitals has its first half in capitals too)."""
    return (
        len(b_clean) >= 2
        and b_clean[:1].isupper()
        and set(b_clean.upper()) <= _CAPITAL_OF_SAME_SHAPE
        and any(c.islower() for c in a_core)
    )


def decide(
    start: str,
    end: str,
    vocab: Vocabulary,
    *,
    lang: str = "eng",
    common: float = 3.0,
    rarer_by: float = 2.0,
    known_word: float = 2.5,
) -> tuple[str, bool]:
    """Join `start` (ending in a hyphen) and `end`: return (whole word, is_compound).

    Compound (hyphen kept) when the volume prints `a-b` inside a line and never `ab`; when `end`
    starts with a capital ("anti-Soviet"), unless the rest of it is lower case and the joined word
    is a known word (`known_word`) commoner than `end` alone: then the capital is OCR's misreading
    of the word's letter ("preoccu-" / "Pied" is "preoccupied"); when the volume prints the
    word's family (`_family`: "right-wingers") hyphenated more often than closed (a break when
    closed more often: "typewriter"); or when both halves are words with a Zipf frequency of
    at least `common` while `ab` is rarer than the rarer half by `rarer_by` and not a word of the
    volume, unless `a` is a prefix the language writes closed up (`closes_up`: "counter-" /
    "proposal") or `b` a suffix it writes closed up after a word (`closes_after`: "liquidation-" /
    "ism"), and the volume does not print it hyphenated more often than closed, nor `a` opens on
    a capital the volume never prints as a word of its own ("Toms-" / "key": a name's halves are
    no words whatever their frequencies as lower-case words). Otherwise a
    line-end break: the halves are joined without the hyphen. A joined form with a frequency of at
    least `known_word` is a break, the volume's usage aside, and so is one whose family in the
    language holds such a word (`lexicon_family`: 'withholds' of 'withhold')."""
    code = wordfreq_code(lang)
    a_core = _LEAD.sub("", start.rstrip("".join(HYPHENS)))
    b_core = _TRAIL.sub("", end)
    b_lead = _LEAD.search(end)
    b_word = end[b_lead.end() if b_lead else 0 :]
    lead = start[: len(start) - len(start.lstrip("\"'‘“„«‹(["))]
    a = a_core.lower()
    b_clean = _LEAD.sub("", b_core)
    b = b_clean.lower()
    joined_lower = a + b
    compound_form = f"{a}-{b}"
    whole = lead + a_core + b_word
    hyphened = lead + a_core + "-" + b_word
    if vocab.compounds[compound_form] and not vocab.words[joined_lower]:
        return hyphened, True
    if vocab.words[joined_lower]:
        return whole, False
    if b_clean[:1].isupper():
        zj = _zipf(joined_lower, code)
        if b_clean[1:].islower() and zj >= known_word and zj > _zipf(b, code):
            # a capital OCR read for the first letter of a broken word's second half ('preoccu-' /
            # 'Pied', 'in-' / 'Surrection'): the word joined is a known word, commoner than the
            # half is alone ('anti-' / 'Semitic' is not)
            return lead + a_core + b_word[:1].lower() + b_word[1:], False
        if _small_letters_read_as_capitals(a_core, b_clean) and zj >= known_word and zj > _zipf(b, code):
            # a second half all of whose letters have capitals of the small letter's shape, read
            # as capitals after a first half in lower case ('Mo-' / 'SCOw,'): the word's own
            # letters, where the word joined is a known word
            return lead + a_core + b_word.lower(), False
        return hyphened, True
    # the volume's usage of the word's family next ('typewriter', 'right-wingers')
    closed, hyphen = _family(a, b, vocab)
    if closed != hyphen:
        return (whole, False) if closed > hyphen else (hyphened, True)
    zj = _zipf(joined_lower, code)
    if zj >= known_word:
        return whole, False
    if lexicon_family(a, b, code) >= known_word:
        # a word of the joined word's family is a known word ('withhold' for 'with-' / 'holds'):
        # the joined word is an inflection of it, rare as it is
        return whole, False
    if closes_up(a, code, common=common) and _volume_closes_up(a, vocab, code, common):
        return whole, False
    if closes_after(b, code, common=common) and _volume_closes_after(b, vocab, code, common):
        return whole, False
    if a_core[:1].isupper() and not vocab.words[a]:
        # a capital opening the first half ('Toms-' / 'key', 'Ly-' / 'ova'): a name, or a sentence's
        # first word; the frequencies are those of lower-case words and say nothing of a name's
        # halves. A compound's half is a word the volume prints on its own or in its compounds
        return whole, False
    za, zb = _zipf(a, code), _zipf(b, code)
    if len(a) >= 2 and len(b) >= 2 and min(za, zb) >= common and zj <= min(za, zb) - rarer_by:
        return hyphened, True
    return whole, False
