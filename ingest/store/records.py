"""The frozen records the store hands out (volumes, pages, exports, failed inputs) and their
conversion from database rows."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from ingest.model import Metadata, Page, PageStatus, Revision
from ingest.store.codec import page_from_dict
from ingest.store.tables import PageRow, RevisionRow

#: A word below this confidence counts as "low confidence" in status and review.
LOW_CONFIDENCE = 0.6


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class VolumeInfo:
    id: int
    name: str
    title: str
    metadata: Metadata
    page_count: int


@dataclass(frozen=True)
class ExportInfo:
    """One exported version as registered: where it was written, its formats, what it was made
    from (`options`: the export options, metadata and page revisions) and its fingerprint."""

    version: int
    path: str
    formats: str
    options: dict[str, Any]
    fingerprint: str
    created_at: datetime


@dataclass(frozen=True)
class PageInfo:
    """A page row: where it came from, its state, and a pointer to its current revision."""

    id: int
    volume_id: int
    index: int
    source_path: str
    source_sha256: str
    page_in_file: int
    source_kind: str
    source_image: str
    image: str | None
    dpi: int
    width: int
    height: int
    ocr_state: str
    error: str | None
    attempts: int
    status: PageStatus
    label: str | None
    current_revision_id: int | None
    mean_confidence: float | None
    word_count: int
    low_conf_words: int
    part: int = 0  # 0: the whole image; 1, 2: left and right page of a spread
    region: tuple[int, int, int, int] | None = None  # the part of the image this page is
    split: dict[str, Any] | None = None  # how the spread was cut (see ingest.spreads.Gutter)
    script: str | None = None  # "Fraktur/frk": a script other than Latin seen, and the model used
    proofread_by: str | None = None  # who made the page proofread (a different user validates it)
    status_note: str | None = None  # what is wrong with a page marked a problem


@dataclass(frozen=True)
class NewPage:
    """A page to register: its given image (already in the image store) and, for text-layer
    pages, its first revision."""

    page_in_file: int
    source_kind: str
    source_image: str
    dpi: int
    width: int
    height: int
    text_page: Page | None = None
    part: int = 0
    region: tuple[int, int, int, int] | None = None
    split: dict[str, Any] | None = None


@dataclass(frozen=True)
class FailedInput:
    path: str
    page_in_file: int | None
    reason: str


def page_info(row: PageRow, path: str, sha256: str) -> PageInfo:
    return PageInfo(
        id=row.id,
        volume_id=row.volume_id,
        index=row.index,
        source_path=path,
        source_sha256=sha256,
        page_in_file=row.page_in_file,
        source_kind=row.source_kind,
        source_image=row.source_image,
        image=row.image,
        dpi=row.dpi,
        width=row.width,
        height=row.height,
        ocr_state=row.ocr_state,
        error=row.error,
        attempts=row.attempts,
        status=PageStatus(row.status),
        label=row.label,
        current_revision_id=row.current_revision_id,
        mean_confidence=row.mean_confidence,
        word_count=row.word_count,
        low_conf_words=row.low_conf_words,
        part=row.part or 0,
        region=tuple(row.region) if row.region else None,
        split=row.split,
        script=row.script,
        proofread_by=row.proofread_by,
        status_note=row.status_note,
    )


def revision_record(
    row: RevisionRow, status: PageStatus | None = None, index: int | None = None, *, page: Page | None = None
) -> Revision:
    """A revision row as a `Revision`, its page given the page row's current status and index;
    `page`: the row's content as just written (not parsed back from the row)."""
    page = page_from_dict(row.content) if page is None else page
    if status is not None:
        page = replace(page, status=status)
    if index is not None and index != page.index:  # renumbered since (a spread's split undone)
        page = replace(page, index=index)
    return Revision(
        id=row.id,
        page_id=row.page_id,
        number=row.number,
        author=row.author,
        created_at=row.created_at.isoformat(),
        base_id=row.base_id,
        reason=row.reason,
        page=page,
        note=row.note or "",
        group_id=row.group_id,
    )


def page_script(page: Page) -> str | None:
    """ "Script/model" when OCR saw a script other than Latin on the page, else None."""
    for step in page.steps:
        script = step.options.get("script") if step.name == "ocr" else None
        if script and script != "Latin":
            return f"{script}/{step.options.get('lang', '')}"
    return None


def page_stats(page: Page) -> tuple[float | None, int, int]:
    """Mean word confidence, word count and low-confidence word count of a page (what the
    worst-first queue orders by). The confidences are those of the words that speak for their
    text (`leaders.judged_words`): a contents line's leader, and a title word OCR glued to it
    with the leader's confidence of 0, are no error of the page."""
    from ingest.layout.leaders import judged_words

    judged = judged_words(page)
    low = sum(1 for w in judged if w.confidence < LOW_CONFIDENCE)
    mean = sum(w.confidence for w in judged) / len(judged) if judged else None
    return mean, len(page.words), low


def meta_dict(meta: Metadata) -> dict[str, str]:
    return {k: getattr(meta, k) for k in Metadata.__dataclass_fields__}
