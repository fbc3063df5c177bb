"""OCR misreadings that the layout can put right from context.

In type with old-style figures the pronoun "I" and the figure "1" are one stroke each, and
Tesseract sometimes reads "I would" as "1 would". Where the volume's language has "I" as a common
word (its word frequency, `wordfreq`), a lone "1" before a lower-case word of the language that the
volume never prints after a number, and not after a word that it prints before numbers, is read
as "I" when it opens a sentence (a sentence does not open with a bare figure and a lower-case
word) or when the volume itself prints that word after a correctly read "I", or the word before
the "1" before a correctly read "I" within a sentence ("needless to say, 1 am" in a volume that
prints "say, I"). In a run of numbered paragraphs ("1.", "2.", ...) a number that lost its stop
("1 The GPU ...") gets the stop of its neighbours. Each correction is a decision (`ocr_misread`)
that keeps the text as read, so it can be undone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from wordfreq import zipf_frequency

from ingest.layout.drafts import Draft, PageWork, set_word
from ingest.layout.hyphenation import LANG_CODES
from ingest.model import BlockKind

#: A word this common (Zipf scale) in the language is a word the pronoun may be.
MIN_PRONOUN_ZIPF = 6.0
#: A word after the "1" at least this common in the language (not a name, not OCR noise).
MIN_WORD_ZIPF = 3.0


@dataclass
class Usage:
    """What the volume's own text says about "I" and numbers: the words printed after a read "I" and
    before one (within a sentence), after a number (other than a lone 1, the very token in doubt)
    and before one."""

    after_i: Counter[str] = field(default_factory=Counter)
    before_i: Counter[str] = field(default_factory=Counter)
    after_number: Counter[str] = field(default_factory=Counter)
    before_number: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, texts: Iterable[Sequence[str]]) -> Usage:
        u = cls()
        for words in texts:
            for k, t in enumerate(words):
                nxt = _bare(words[k + 1]) if k + 1 < len(words) else None
                if t == "I" and nxt:
                    u.after_i[nxt] += 1
                    if k and not words[k - 1].endswith((".", "!", "?")):
                        u.before_i[_bare(words[k - 1])] += 1
                elif t.isdigit() and t != "1":
                    if nxt:
                        u.after_number[nxt] += 1
                    if k:
                        u.before_number[words[k - 1].lower()] += 1
        return u


def _bare(word: str) -> str:
    return word.lower().strip(",;:.!?\"'“”‘’()")


def is_pronoun_misread(
    previous: str | None,
    word: str,
    following: str | None,
    usage: Usage,
    *,
    lang: str = "eng",
    opens_paragraph: bool = False,
) -> bool:
    """Whether `word` ("1") between `previous` and `following` (None at the paragraph's ends) is the
    pronoun "I" misread, by the language's word frequencies and the volume's `usage` (see the
    module). `opens_paragraph`: the word is the first of a paragraph (not one continued from the
    page or column before), so it opens a sentence."""
    first = lang.split("+")[0]
    code = LANG_CODES.get(first, first[:2])
    if word != "1" or following is None or zipf_frequency("i", code) < MIN_PRONOUN_ZIPF:
        return False
    nxt = _bare(following)
    if (
        not nxt.replace("'", "").replace("’", "").isalpha()
        or not following[:1].islower()
        or zipf_frequency(nxt, code) < MIN_WORD_ZIPF
    ):
        return False
    if usage.after_number[nxt]:
        return False  # the volume prints it after numbers
    # a sentence does not open with a bare figure followed by a lower-case word
    opens = opens_paragraph or (previous is not None and previous.rstrip("\"'”’)").endswith((".", "!", "?")))
    if not opens and not usage.after_i[nxt] and not (previous and usage.before_i[_bare(previous)]):
        return False
    return previous is None or usage.before_number[previous.lower()] < 2


_NUMBERED = re.compile(r"^(\d{1,3})([.)]?)$")


def fix_paragraph_numbers(works: list[PageWork]) -> None:
    """Give a paragraph number that lost its stop ("1 The") the stop of the numbered paragraph
    before or after it in the volume, when its value follows or precedes theirs by one."""
    numbered: list[tuple[PageWork, Draft, int, str]] = []
    for w in works:
        if w.contents:
            continue
        for d in w.body_drafts():
            if d.kind is not BlockKind.PARAGRAPH or d.continues or len(d.lines[0].words) < 2:
                continue
            first, second = d.lines[0].words[0].text, d.lines[0].words[1].text
            m = _NUMBERED.match(_as_read(w, f"{d.id}:0:0", first))
            if m and second[:1].isupper():
                numbered.append((w, d, int(m.group(1)), m.group(2)))
    for k, (w, d, value, stop) in enumerate(numbered):
        if stop:
            continue
        near = [numbered[k - 1]] if k else []
        near += [numbered[k + 1]] if k + 1 < len(numbered) else []
        stops = [s for _, _, v, s in near if s and abs(v - value) == 1]
        if stops:
            correct_word(w, d, 0, 0, f"{value}{stops[0]}", "the stop of the numbered paragraphs around it")


def _as_read(w: PageWork, ref: str, text: str) -> str:
    """A word's text as OCR read it (an earlier cleanup's correction on a page fed back undone)."""
    for x in w.page.decisions:
        if x.kind == "ocr_misread" and x.data.get("word") == ref and x.data.get("text") == text:
            return str(x.data.get("text_before"))
    return text


def correct_word(w: PageWork, d: Draft, li: int, wi: int, text: str, why: str) -> None:
    ref = f"{d.id}:{li}:{wi}"
    before = _as_read(w, ref, d.lines[li].words[wi].text)
    set_word(d, li, wi, text=text)
    w.decide(
        "ocr_misread",
        (ref,),
        f"{before!r} → {text!r} ({why})",
        {"word": ref, "text_before": before, "text": text},
    )


def _body_paragraphs(works: list[PageWork]) -> Iterator[tuple[PageWork, Draft]]:
    for w in works:
        if w.contents:
            continue
        for d in w.body_drafts():
            if d.kind is BlockKind.PARAGRAPH:
                yield w, d


def _read_paragraph(w: PageWork, d: Draft) -> tuple[list[tuple[int, int]], list[str]]:
    """A paragraph's word positions and their texts as OCR read them."""
    spots = [(li, wi) for li, ln in enumerate(d.lines) for wi in range(len(ln.words))]
    return spots, [_as_read(w, f"{d.id}:{li}:{wi}", d.lines[li].words[wi].text) for li, wi in spots]


def fix_pronoun_i(works: list[PageWork], *, lang: str = "eng") -> None:
    """Read a lone "1" as "I" where `is_pronoun_misread` says so, in body paragraphs; a correction an
    earlier cleanup made on a page fed back cleaned is made (and recorded) again. The volume's
    usage is counted first; each paragraph's words are then read again as it is corrected (a
    correction changes only its own paragraph), so no list of the volume's words is kept."""
    usage = Usage.of(_read_paragraph(w, d)[1] for w, d in _body_paragraphs(works))
    for w, d in _body_paragraphs(works):
        spots, texts = _read_paragraph(w, d)
        for k, (li, wi) in enumerate(spots):
            prev = texts[k - 1] if k else None
            nxt = texts[k + 1] if k + 1 < len(texts) else None
            first = k == 0 and not d.continues
            if is_pronoun_misread(prev, texts[k], nxt, usage, lang=lang, opens_paragraph=first):
                correct_word(w, d, li, wi, "I", f"the pronoun, before {nxt!r}")
