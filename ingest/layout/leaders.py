"""Leader dots and what OCR makes of them.

A contents line's leader (the dots between a title and its page) comes out of OCR as dots, tildes
or letter soup ("....... . .", "cescccsss", "~"), often glued to the title's last word. These are
the tests for such tokens and words, used by the contents parser (`toc`), segmentation and the
page passes that must not take a leader for text.
"""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

from ingest.layout.hyphenation import wordfreq_code
from ingest.model import Page, Word

#: What a contents entry's leader dots become in cleanup: one mark, whatever OCR read them as.
LEADER = "\u2026"
LEADER_START = re.compile(r"[.·•…][.·•…0o,:; ]{2,}|[~_]{1,}|\s(?:[.·•…]\s*){2,}")
LEAD_SOUP = "~.:;,-_·•'`|"
_SOUP_CHARS = set("escnoaumrvwizt.,:;·•~'_-")


def is_soup(token: str, *, lang: str = "en") -> bool:
    """Whether a token is OCR letter soup made of leader dots: dots/tildes, or 3+ characters from
    the few letters dots are read as, with a character repeated, that is not a word."""
    t = token.strip()
    if not t:
        return True
    if all(c in ".·•…,:;~_-'`" for c in t):
        return True
    low = t.lower()
    if len(low) >= 3 and set(low) <= _SOUP_CHARS and zipf_frequency(low, lang) < 2.0:
        return re.search(r"(.)\1", low) is not None or len(set(low)) <= 3
    return False


def is_unread_soup(
    word: Word,
    *,
    lang: str = "en",
    max_confidence: float = 0.3,
    min_len: int = 4,
    share: float = 0.75,
    variety: float = 0.6,
    max_zipf: float | None = 2.0,
) -> bool:
    """Whether a word is leader dots OCR turned into letters it does not believe in: read with
    under `max_confidence`, at least `min_len` letters, `share` of them the letters dots are read as
    and few different ones (at most `variety` of its length: "vevovel", "aebeneeeees"), and
    (unless `max_zipf` is None) no word of the language. A title word read with doubt is not (its
    letters vary, or it is a word)."""
    letters = "".join(c for c in word.text.lower() if c.isalpha())
    if word.confidence >= max_confidence or len(letters) < min_len:
        return False
    if sum(c in _SOUP_CHARS for c in letters) < share * len(letters) or len(set(letters)) > variety * len(
        letters
    ):
        return False
    return max_zipf is None or zipf_frequency(letters, lang) < max_zipf


def is_unread_tail(word: Word, *, max_confidence: float = 0.3) -> bool:
    """Whether the last word before a leader is more of it: read with under `max_confidence` and
    either soup (`is_unread_soup`, word or not) or with fewer than three letters ("1)", "<r", "ne")."""
    letters = sum(c.isalpha() for c in word.text)
    return word.confidence < max_confidence and (
        letters < 3 or is_unread_soup(word, max_confidence=max_confidence, max_zipf=None)
    )


def has_leader_dots(token: str) -> bool:
    """Whether a token holds a run of leader dots (`Self-Reliance.....`, `...cc`)."""
    return LEADER_START.search(" " + token) is not None


def is_leader_speck(token: str, *, max_len: int = 2) -> bool:
    """Whether the part of a word before its leader dots is what OCR makes of the leader's first
    dots ("«0", "o"): at most `max_len` characters of round marks and quotes, no letter or other
    digit (a title's own last word "2" or "X" stays)."""
    return 0 < len(token) <= max_len and all(c in "0oO°«»'`\"" for c in token)


def _wordfreq_lang(page: Page) -> str:
    """wordfreq's code for the first language the page was OCRed in (its processing record), else English."""
    return wordfreq_code(page.ocr_lang()) or "en"


def _is_leader(token: str, lang: str) -> bool:
    """Whether a whole token is a leader: cleanup's mark, or dots and OCR's soup for them with no
    word in front ("......", "ccsccsecs", "00.0.0..."), three characters or more."""
    t = token.strip()
    if t == LEADER:
        return True
    if len(t) < 3:
        return False
    return is_soup(t, lang=lang) or (has_leader_dots(t) and not any(c.isalpha() for c in t))


def judged_words(page: Page, *, lang: str | None = None) -> list[Word]:
    """The words of `page` whose confidence speaks for their text: what a page's error estimate
    and the worst-first queue judge it by. Left out: tokens without a letter or digit (rules,
    dots), leaders whatever OCR read them as (`_is_leader`), a word that runs into its leader
    ("Self-Reliance.....ccsc") and the word right before a leader in reading order (cleanup cut
    it from its dots, `segment.split_leader`, and may set the leader on a line of its own):
    Tesseract gives such a glued token one confidence, the leader soup's (often 0), which says
    nothing of the title word it read right. A contents page is judged by its other words, as
    any page is; nothing here looks at what kind of page it is. `lang`: wordfreq's code, by
    default that of the language the page was OCRed in."""
    lang = lang or _wordfreq_lang(page)
    words = page.words  # in reading order: a leader may open the line after its title's
    out: list[Word] = []
    for i, w in enumerate(words):
        if not any(c.isalnum() for c in w.text) or has_leader_dots(w.text) or _is_leader(w.text, lang):
            continue  # a rule, dots, a leader, or a word running into one
        if i + 1 < len(words) and _is_leader(words[i + 1].text, lang):
            continue  # cut from its leader by cleanup, or read apart from it with its confidence
        out.append(w)
    return out
