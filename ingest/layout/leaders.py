"""Leader dots and what OCR makes of them.

A contents line's leader (the dots between a title and its page) comes out of OCR as dots, tildes
or letter soup ("....... . .", "cescccsss", "~"), often glued to the title's last word. These are
the tests for such tokens and words, used by the contents parser (`toc`), segmentation and the
page passes that must not take a leader for text.
"""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

from ingest.model import Word

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
