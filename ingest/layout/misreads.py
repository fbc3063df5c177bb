"""OCR misreadings that the layout can put right from context.

In type with old-style figures the pronoun "I" and the figure "1" are one stroke each, and
Tesseract sometimes reads "I would" as "1 would". A lone "1" before a verb that takes "I" as its
subject, and not after a word that takes a number ("point 1", "no. 1"), is read as "I". In a run
of numbered paragraphs ("1.", "2.", ...) a number that lost its stop ("1 The GPU ...") gets the
stop of its neighbours. Each correction is a decision (`ocr_misread`) that keeps the text as read,
so it can be undone.
"""

from __future__ import annotations

import re

from ingest.layout.drafts import Draft, PageWork, set_word
from ingest.model import BlockKind

#: Words that follow the pronoun "I" and hardly ever a bare figure 1.
AFTER_I = frozenset(
    {
        "would", "should", "could", "shall", "will", "have", "had", "do", "did", "think", "know",
        "knew", "believe", "hope", "feel", "felt", "see", "saw", "said", "say", "went", "came",
        "mean", "wish", "want", "must", "might", "may", "can", "cannot", "never", "also", "am",
        "myself", "thought", "got", "tried", "suppose", "fear", "remember",
    }
)  # fmt: skip
#: Words after which a figure is a number ("point 1 was", "at 1 am").
TAKES_NUMBER = frozenset(
    {
        "no", "no.", "nos.", "number", "point", "points", "page", "pages", "p.", "pp.", "chapter",
        "section", "clause", "article", "paragraph", "item", "figure", "fig.", "table", "part",
        "volume", "vol.", "step", "stage", "round", "phase", "note", "line", "at", "of", "to",
        "and", "or", "by", "from", "than", "about", "only", "just", "over", "under", "nearly",
    }
)  # fmt: skip


def is_pronoun_misread(previous: str | None, word: str, following: str | None, *, lang: str = "eng") -> bool:
    """Whether `word` ("1") between `previous` and `following` (None at the paragraph's ends) is the
    pronoun "I" misread: English, followed by a word of `AFTER_I`, not after one of `TAKES_NUMBER`."""
    if not lang.startswith("eng") or word != "1" or following is None:
        return False
    if following.lower().strip(",;:") not in AFTER_I:
        return False
    return previous is None or previous.lower() not in TAKES_NUMBER


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


def fix_pronoun_i(works: list[PageWork], *, lang: str = "eng") -> None:
    """Read a lone "1" as "I" where `is_pronoun_misread` says so, in body paragraphs; a correction an
    earlier cleanup made on a page fed back cleaned is made (and recorded) again."""
    for w in works:
        if w.contents:
            continue
        for d in w.body_drafts():
            if d.kind is not BlockKind.PARAGRAPH:
                continue
            spots = [(li, wi) for li, ln in enumerate(d.lines) for wi in range(len(ln.words))]
            texts = [_as_read(w, f"{d.id}:{li}:{wi}", d.lines[li].words[wi].text) for li, wi in spots]
            for k, (li, wi) in enumerate(spots):
                prev = texts[k - 1] if k else None
                nxt = texts[k + 1] if k + 1 < len(texts) else None
                if is_pronoun_misread(prev, texts[k], nxt, lang=lang):
                    correct_word(w, d, li, wi, "I", f"the pronoun, before {nxt!r}")
