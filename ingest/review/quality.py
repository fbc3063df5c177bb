"""A volume's quality at a glance: per page, OCR confidence, an estimated error rate, the cleanup
decisions taken and undone, and the corrections made; the pages that most need a person first.

The error estimate is a linear model of the character error rate on features of the page's raw OCR
(`page_features`), fitted by `bench/error_model.py` on the benchmark books, whose truth is known, and
shipped as `error_model.json` beside this module (the fit's cross-validated accuracy is in that file).
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ingest.layout.hyphenation import wordfreq_code
from ingest.layout.leaders import judged_words
from ingest.model import Page, PageStatus, Revision, Word, WordOrigin
from ingest.store import Store

MODEL_PATH = Path(__file__).with_name("error_model.json")

#: What the error model looks at, in the order of its coefficients.
FEATURES = ("low_words",)

#: A word below this confidence is doubtful (the review screen shades it red).
LOW_CONFIDENCE = 0.6


def page_features(page: Page, lang: str = "eng") -> list[float]:
    """The model's features of one OCRed page: the share of its words below `LOW_CONFIDENCE`.

    Tried on the bench books and the real scans (bench/error_model.py), this one feature tracked
    the real error best on pages never fitted on. The mean doubt (1 − confidence) did as well on the
    bench books but worse on real scans, and the share of words unknown to the language (wordfreq)
    made the estimate worse: doubt that falls on real but rare words (names, another language) is
    not error, yet a page in another language then looked clean. The words judged are those whose
    confidence speaks for their text (`leaders.judged_words`: no rules, no leaders, no title word
    carrying the confidence of the leader OCR glued it to)."""
    return _features(judged_words(page, lang=wordfreq_code(lang)))


def _features(words: list[Word]) -> list[float]:
    """`page_features` of a page's judged words."""
    if not words:
        return [0.0] * len(FEATURES)
    return [sum(w.confidence < LOW_CONFIDENCE for w in words) / len(words)]


@functools.cache
def _model() -> tuple[tuple[float, ...], float, dict[str, Any]]:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{MODEL_PATH} was fitted on other features; run bench/error_model.py --write")
    return tuple(data["coefficients"]), float(data["intercept"]), dict(data.get("calibration", {}))


def calibration() -> dict[str, Any]:
    """How well the shipped estimate tracked the real error rate where it was fitted."""
    return _model()[2]


def estimate_error(page: Page, lang: str = "eng") -> float | None:
    """The estimated character error rate of the page's OCR (0..1), None for a page without words,
    0 for a page whose words all come from a PDF's text layer (no recognition to get wrong: the
    model's intercept is no error of theirs)."""
    words = judged_words(page, lang=wordfreq_code(lang))
    if not words:
        return None
    if all(w.origin is WordOrigin.TEXT_LAYER for w in words):
        return 0.0
    coef, intercept, _ = _model()
    value = intercept + sum(c * f for c, f in zip(coef, _features(words), strict=True))
    return max(0.0, min(1.0, value))


#: Statuses of pages a person has been through: proofread (waiting for a second person) or validated.
DONE = frozenset({PageStatus.CORRECTED.value, PageStatus.APPROVED.value})

#: Human revisions that change no text: a status recorded, a cleanup decision undone.
NOT_CORRECTIONS = frozenset({"approve", "validate", "problem", "checked", "undo-cleanup"})


@dataclass(frozen=True)
class PageQuality:
    index: int
    label: str | None
    status: str
    stage: str  # where proofreading stands: validated, proofread, problem, not proofread, blank
    words: int
    confidence: float | None
    estimated_error: float | None
    decisions_taken: int
    decisions_undone: int
    corrections: int  # human revisions of the page
    corrected_words: int
    blank: bool

    def as_dict(self) -> dict[str, Any]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(self).items()}


def page_quality(revisions: Sequence[Revision], *, status: str, lang: str = "eng") -> PageQuality:
    """The quality record of a page from its revisions (oldest first)."""
    from ingest.review.decisions import decision_key
    from ingest.review.history import is_human  # the review package's one notion of a human revision
    from ingest.review.validation import Stage, stage_of_status

    raw, current = revisions[0].page, revisions[-1].page
    cleanups = [r for r in revisions if r.reason == "cleanup"]
    taken = {decision_key(d) for r in cleanups[-1:] for d in r.page.decisions}
    now = {decision_key(d) for d in current.decisions}
    return PageQuality(
        index=current.index,
        label=current.label,
        status=status,
        stage=(Stage.BLANK if not raw.words else stage_of_status(PageStatus(status))).value,
        words=len(current.words),
        confidence=raw.mean_confidence(),
        estimated_error=estimate_error(raw, lang),
        decisions_taken=len(taken),
        decisions_undone=len(taken - now),
        corrections=sum(1 for r in revisions[1:] if is_human(r.reason) and r.reason not in NOT_CORRECTIONS),
        corrected_words=sum(w.origin is WordOrigin.CORRECTED for w in current.words),
        blank=not raw.words,
    )


def needs_a_person_first(
    pages: Sequence[PageQuality], done: frozenset[str] = frozenset()
) -> list[PageQuality]:
    """Pages with words, not yet done, worst estimated error first (ties: lower confidence first)."""
    todo = [p for p in pages if not p.blank and p.estimated_error is not None and p.status not in done]
    return sorted(todo, key=lambda p: (-(p.estimated_error or 0), p.confidence or 0, p.index))


def page_lang(page: Page, default: str = "eng") -> str:
    """The Tesseract languages a page was OCRed with (its processing record says)."""
    return page.ocr_lang(default)


def volume_lang(store: Store, volume_id: int) -> str:
    """The volume's own language: the Tesseract language(s) most of its pages were OCRed with (a
    page read with another script's model does not outvote the rest), or its metadata language
    when no page has been read yet."""
    langs: Counter[str] = Counter()
    for info in store.iter_pages(volume_id):
        if info.current_revision_id is not None:
            lang = page_lang(store.current(info.id).page, "")
            if lang:
                langs[lang] += 1
    if langs:
        return langs.most_common(1)[0][0]
    return next(v.metadata.language for v in store.volumes() if v.id == volume_id)


def volume_quality(store: Store, volume_id: int) -> list[PageQuality]:
    """Every page's quality record, in scan order."""
    out = []
    for info in store.iter_pages(volume_id):
        revisions = store.revisions(info.id) if info.current_revision_id is not None else []
        if not revisions:
            continue  # not OCRed yet (pending or failed): `quire status` lists those apart
        out.append(page_quality(revisions, status=info.status.value, lang=page_lang(revisions[0].page)))
    return out


def quality_report(store: Store, volume_id: int, *, first: int = 20) -> dict[str, Any]:
    """What `quire status --json` says of a volume's quality: the pages, the pages that most need a
    person first, and how well the error estimate tracked the truth where it was calibrated."""
    pages = volume_quality(store, volume_id)
    with_words = [p for p in pages if not p.blank]
    errors = [p.estimated_error for p in with_words if p.estimated_error is not None]
    return {
        "pages": [p.as_dict() for p in pages],
        "estimated_error_mean": round(sum(errors) / len(errors), 4) if errors else None,
        "blank_pages": [p.index for p in pages if p.blank],
        "needs_a_person_first": [p.index for p in needs_a_person_first(pages, DONE)[:first]],
        "error_estimate": {"features": list(FEATURES), **calibration()},
    }
