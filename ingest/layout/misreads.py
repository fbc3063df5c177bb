"""OCR misreadings that the layout can put right from context.

In type with old-style figures the pronoun "I" and the figure "1" are one stroke each, and
Tesseract sometimes reads "I would" as "1 would". A lone "1" before a verb that takes "I" as its
subject, and not after a word that takes a number ("point 1", "no. 1"), is read as "I". Each
correction is a decision (`ocr_misread`) that keeps the text as read, so it can be undone.
"""

from __future__ import annotations

from ingest.layout.drafts import PageWork, set_word
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


def fix_pronoun_i(works: list[PageWork], *, lang: str = "eng") -> None:
    """Read a lone "1" as "I" where `is_pronoun_misread` says so, in body paragraphs; a correction an
    earlier cleanup made on a page fed back cleaned is recorded again."""
    for w in works:
        if w.contents:
            continue
        earlier = {str(x.data.get("word")): x.data for x in w.page.decisions if x.kind == "ocr_misread"}
        for d in w.body_drafts():
            if d.kind is not BlockKind.PARAGRAPH:
                continue
            spots = [(li, wi) for li, ln in enumerate(d.lines) for wi in range(len(ln.words))]
            texts = [d.lines[li].words[wi].text for li, wi in spots]
            for k, (li, wi) in enumerate(spots):
                ref = f"{d.id}:{li}:{wi}"
                before = texts[k]
                data = earlier.get(ref)
                if data is not None and data.get("text") == before:
                    before = str(data.get("text_before"))
                elif not is_pronoun_misread(
                    texts[k - 1] if k else None,
                    texts[k],
                    texts[k + 1] if k + 1 < len(texts) else None,
                    lang=lang,
                ):
                    continue
                set_word(d, li, wi, text="I")
                w.decide(
                    "ocr_misread",
                    (ref,),
                    f"{before!r} → 'I' (the pronoun, before {texts[k + 1]!r})",
                    {"word": ref, "text_before": before, "text": "I"},
                )
