"""The repository API: volumes, source files, pages, revisions, drafts and users.

Everything outside `ingest.store` talks to the database through `Store`. Each public method is one
transaction. Revisions are append-only; saving names the revision it was based on and is refused
with `StoreConflict` if someone saved in between (optimistic locking, no lost updates).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ingest.errors import InputError, NotFoundError, StoreConflict
from ingest.model import (
    Metadata,
    Page,
    PageStatus,
    Revision,
    RevisionReason,
    page_from_dict,
    page_to_dict,
    volume_name_problem,
)
from ingest.store.db import WRITE_OPTION, ImageStore, database_url, make_engine, migrate, quire_home
from ingest.store.tables import (
    DraftRow,
    ExportRow,
    FailedInputRow,
    PageRow,
    RevisionRow,
    SourceFileRow,
    UserRow,
    VolumeRow,
)

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


def _page_info(row: PageRow, path: str, sha256: str) -> PageInfo:
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
    )


def _revision(row: RevisionRow, status: PageStatus | None = None, index: int | None = None) -> Revision:
    page = page_from_dict(row.content)
    if status is not None:
        page = _with_status(page, status)
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


def _with_status(page: Page, status: PageStatus) -> Page:
    return replace(page, status=status)


def _script(page: Page) -> str | None:
    """ "Script/model" when OCR saw a script other than Latin on the page, else None."""
    for step in page.steps:
        script = step.options.get("script") if step.name == "ocr" else None
        if script and script != "Latin":
            return f"{script}/{step.options.get('lang', '')}"
    return None


def _page_stats(page: Page) -> tuple[float | None, int, int]:
    words = page.words
    low = sum(1 for w in words if w.confidence < LOW_CONFIDENCE)
    return page.mean_confidence(), len(words), low


class Store:
    """One Quire store: a database plus a content-addressed image folder under `home`."""

    def __init__(self, home: Path | None = None, url: str | None = None, *, engine: Engine | None = None):
        self.home = (home or quire_home()).resolve()
        self.home.mkdir(parents=True, exist_ok=True)
        self.url = url or database_url(self.home)
        self.engine = engine or make_engine(self.url)
        migrate(self.engine)
        # Reads begin a plain transaction; writes begin one that holds the write lock from its
        # first read on SQLite (PostgreSQL rows are locked with FOR UPDATE where it matters).
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._session = sessionmaker(
            self.engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
        )
        self.images = ImageStore(self.home / "images")

    def close(self) -> None:
        self.engine.dispose()

    def session(self) -> Session:
        """A session for writing (one transaction per `with session() as s, s.begin()`)."""
        return self._session()

    # --- volumes ---------------------------------------------------------------------------

    def ensure_volume(self, name: str, title: str = "", metadata: Metadata | None = None) -> VolumeInfo:
        problem = volume_name_problem(name)
        if problem:
            raise InputError(problem)
        with self.session() as s, s.begin():
            row = s.scalar(select(VolumeRow).where(VolumeRow.name == name))
            if row is None:
                meta = metadata or Metadata(title=title or name)
                row = VolumeRow(name=name, title=title or name, meta=_meta_dict(meta), created_at=now())
                s.add(row)
                try:
                    s.flush()
                except IntegrityError:  # created concurrently by another process
                    s.rollback()
                    return self.volume(name)
            elif title and title != row.title:
                row.title = title
                row.meta = {**row.meta, "title": title}
        return self.volume(name)

    def volume(self, name: str) -> VolumeInfo:
        with self._read() as s:
            row = s.scalar(select(VolumeRow).where(VolumeRow.name == name))
            if row is None:
                raise NotFoundError(f"no volume named {name!r}; `quire volumes` lists them")
            count = s.scalar(select(func.count()).select_from(PageRow).where(PageRow.volume_id == row.id))
            return VolumeInfo(row.id, row.name, row.title, Metadata(**row.meta), int(count or 0))

    def volumes(self) -> list[VolumeInfo]:
        with self._read() as s:
            names = s.scalars(select(VolumeRow.name).order_by(VolumeRow.name)).all()
        return [self.volume(n) for n in names]

    def set_metadata(self, volume_id: int, metadata: Metadata) -> None:
        with self.session() as s, s.begin():
            row = s.get(VolumeRow, volume_id)
            if row is None:
                raise NotFoundError(f"no volume with id {volume_id}")
            row.meta = _meta_dict(metadata)
            row.title = metadata.title or row.title

    # --- exports (the register of exported versions) ------------------------------------------

    def exports(self, volume_id: int) -> list[ExportInfo]:
        """The volume's exported versions, oldest first."""
        with self._read() as s:
            rows = s.scalars(
                select(ExportRow).where(ExportRow.volume_id == volume_id).order_by(ExportRow.version)
            ).all()
            return [
                ExportInfo(r.version, r.path, r.formats, dict(r.options or {}), r.fingerprint, r.created_at)
                for r in rows
            ]

    def add_export(
        self, volume_id: int, version: int, path: str, formats: str, options: dict[str, Any], fingerprint: str
    ) -> None:
        """Register an exported version (a version number is used once per volume)."""
        with self.session() as s, s.begin():
            s.add(
                ExportRow(
                    volume_id=volume_id,
                    version=version,
                    path=path,
                    formats=formats,
                    options=options,
                    fingerprint=fingerprint,
                    created_at=now(),
                )
            )

    # --- sources ---------------------------------------------------------------------------

    def has_source(self, volume_id: int, sha256: str) -> bool:
        with self._read() as s:
            return (
                s.scalar(
                    select(SourceFileRow.id).where(
                        SourceFileRow.volume_id == volume_id, SourceFileRow.sha256 == sha256
                    )
                )
                is not None
            )

    def register_source(
        self,
        volume_id: int,
        *,
        path: str,
        sha256: str,
        size: int,
        kind: str,
        pages: Sequence[NewPage],
        author: str = "quire",
    ) -> int:
        """Add a file and all its pages in one transaction; returns how many pages were added.

        Registering a file that the volume already has adds nothing (returns 0).
        """
        with self.session() as s, s.begin():
            if s.scalar(
                select(SourceFileRow.id).where(
                    SourceFileRow.volume_id == volume_id, SourceFileRow.sha256 == sha256
                )
            ):
                return 0
            src = SourceFileRow(
                volume_id=volume_id,
                path=path,
                sha256=sha256,
                size=size,
                kind=kind,
                page_count=len(pages),
                created_at=now(),
            )
            s.add(src)
            s.flush()
            start = s.scalar(select(func.max(PageRow.index)).where(PageRow.volume_id == volume_id)) or 0
            for i, np in enumerate(pages, start=1):
                row = PageRow(
                    volume_id=volume_id,
                    index=start + i,
                    source_file_id=src.id,
                    page_in_file=np.page_in_file,
                    part=np.part,
                    region=list(np.region) if np.region else None,
                    split=np.split,
                    source_kind=np.source_kind,
                    source_image=np.source_image,
                    image=np.source_image if np.text_page else None,
                    dpi=np.dpi,
                    width=np.width,
                    height=np.height,
                    ocr_state="pending",
                    status=PageStatus.NEW.value,
                    attempts=0,
                )
                s.add(row)
                s.flush()
                if np.text_page is not None:
                    page = replace(np.text_page, index=row.index)
                    self._append_revision(
                        s, row, page, author=author, reason=RevisionReason.TEXT_LAYER, base_id=None
                    )
                    row.ocr_state = "done"
                    row.status = PageStatus.OCR_DONE.value
            # an earlier failure of the same path is superseded by this success
            for old in s.scalars(
                select(FailedInputRow).where(
                    FailedInputRow.volume_id == volume_id, FailedInputRow.path == path
                )
            ):
                s.delete(old)
            return len(pages)

    def record_failed_input(
        self, volume_id: int, path: str, reason: str, page_in_file: int | None = None
    ) -> None:
        with self.session() as s, s.begin():
            for old in s.scalars(
                select(FailedInputRow).where(
                    FailedInputRow.volume_id == volume_id,
                    FailedInputRow.path == path,
                    FailedInputRow.page_in_file == page_in_file
                    if page_in_file is not None
                    else FailedInputRow.page_in_file.is_(None),
                )
            ):
                s.delete(old)
            s.add(
                FailedInputRow(
                    volume_id=volume_id, path=path, page_in_file=page_in_file, reason=reason, created_at=now()
                )
            )

    def failed_inputs(self, volume_id: int) -> list[FailedInput]:
        with self._read() as s:
            rows = s.scalars(
                select(FailedInputRow)
                .where(FailedInputRow.volume_id == volume_id)
                .order_by(FailedInputRow.id)
            ).all()
            return [FailedInput(r.path, r.page_in_file, r.reason) for r in rows]

    # --- pages -----------------------------------------------------------------------------

    def _pages_query(self, volume_id: int):  # type: ignore[no-untyped-def]
        return (
            select(PageRow, SourceFileRow.path, SourceFileRow.sha256)
            .join(SourceFileRow, SourceFileRow.id == PageRow.source_file_id)
            .where(PageRow.volume_id == volume_id)
            .order_by(PageRow.index)
        )

    def pages(self, volume_id: int) -> list[PageInfo]:
        with self._read() as s:
            return [_page_info(*r) for r in s.execute(self._pages_query(volume_id)).all()]

    def iter_pages(self, volume_id: int, batch: int = 200) -> Iterator[PageInfo]:
        """Pages in scan order without holding the whole volume's rows at once."""
        last = 0
        while True:
            with self._read() as s:
                rows = s.execute(self._pages_query(volume_id).where(PageRow.index > last).limit(batch)).all()
            if not rows:
                return
            for r in rows:
                yield _page_info(*r)
            last = rows[-1][0].index

    def page(self, volume_id: int, index: int) -> PageInfo:
        with self._read() as s:
            r = s.execute(self._pages_query(volume_id).where(PageRow.index == index)).first()
            if r is None:
                raise NotFoundError(f"the volume has no page {index}")
            return _page_info(*r)

    def page_by_id(self, page_id: int) -> PageInfo:
        with self._read() as s:
            r = s.execute(
                select(PageRow, SourceFileRow.path, SourceFileRow.sha256)
                .join(SourceFileRow, SourceFileRow.id == PageRow.source_file_id)
                .where(PageRow.id == page_id)
            ).first()
            if r is None:
                raise NotFoundError(f"no page with id {page_id}")
            return _page_info(*r)

    def pending_pages(self, volume_id: int, *, include_failed: bool = False) -> list[PageInfo]:
        states = ["pending", "failed"] if include_failed else ["pending"]
        with self._read() as s:
            rows = s.execute(self._pages_query(volume_id).where(PageRow.ocr_state.in_(states))).all()
            return [_page_info(*r) for r in rows]

    def reset_failed(self, volume_id: int) -> int:
        """Put failed pages back in the queue (for `quire retry`); returns how many."""
        with self.session() as s, s.begin():
            res = s.execute(
                update(PageRow)
                .where(PageRow.volume_id == volume_id, PageRow.ocr_state == "failed")
                .values(ocr_state="pending", error=None)
            )
            return int(res.rowcount or 0)  # type: ignore[attr-defined]

    def save_ocr(
        self,
        page_id: int,
        page: Page,
        image_key: str,
        *,
        reason: str = RevisionReason.OCR,
        author: str = "quire",
    ) -> Revision | None:
        """Store a page's OCR result as its first revision. Does nothing if the page already has
        one (a resumed or retried task finishing twice); returns the revision written, if any.
        A page put back in the queue after it had text (its spread cut moved or undone) gets the
        new reading as a further revision on top of its current one."""
        with self.session() as s, s.begin():
            row = s.get(PageRow, page_id, with_for_update=True)
            if row is None:
                raise NotFoundError(f"no page with id {page_id}")
            if row.current_revision_id is not None and row.ocr_state != "pending":
                return None
            base_id = row.current_revision_id
            page = replace(page, index=row.index)
            row.image = image_key
            row.width, row.height = page.width, page.height
            row.ocr_state = "done"
            row.error = None
            row.status = (PageStatus.BLANK if page.status == PageStatus.BLANK else PageStatus.OCR_DONE).value
            row.script = _script(page)
            rev = self._append_revision(s, row, page, author=author, reason=reason, base_id=base_id)
            return _revision(rev, PageStatus(row.status))

    def mark_failed(self, page_id: int, reason: str) -> None:
        with self.session() as s, s.begin():
            row = s.get(PageRow, page_id)
            if row is None or row.current_revision_id is not None:
                return
            row.ocr_state = "failed"
            row.error = reason
            row.attempts = (row.attempts or 0) + 1

    def set_status(
        self, page_id: int, status: PageStatus, *, expected: Sequence[PageStatus] | None = None
    ) -> bool:
        """Set a page's status; with `expected`, only if it still is one of those (compare and
        set: a status someone set in between is kept). Returns whether it was set."""
        with self.session() as s, s.begin():
            if s.get(PageRow, page_id) is None:
                raise NotFoundError(f"no page with id {page_id}")
            stmt = update(PageRow).where(PageRow.id == page_id)
            if expected is not None:
                stmt = stmt.where(PageRow.status.in_([e.value for e in expected]))
            res = s.execute(
                stmt.values(status=status.value), execution_options={"synchronize_session": False}
            )
            return bool(res.rowcount)  # type: ignore[attr-defined]

    # --- revisions -------------------------------------------------------------------------

    def _append_revision(
        self,
        s: Session,
        row: PageRow,
        page: Page,
        *,
        author: str,
        reason: str,
        base_id: int | None,
        note: str = "",
        group_id: str | None = None,
    ) -> RevisionRow:
        number = (
            s.scalar(select(func.max(RevisionRow.number)).where(RevisionRow.page_id == row.id)) or 0
        ) + 1
        rev = RevisionRow(
            page_id=row.id,
            number=number,
            author=author,
            created_at=now(),
            base_id=base_id,
            reason=str(reason),
            note=note,
            group_id=group_id,
            content=page_to_dict(page),
        )
        s.add(rev)
        s.flush()
        row.current_revision_id = rev.id
        row.label = page.label
        row.mean_confidence, row.word_count, row.low_conf_words = _page_stats(page)
        return rev

    def current(self, page_id: int) -> Revision:
        with self._read() as s:
            row = s.get(PageRow, page_id)
            if row is None or row.current_revision_id is None:
                raise NotFoundError(f"page {page_id} has no text yet (OCR pending or failed)")
            rev = s.get(RevisionRow, row.current_revision_id)
            assert rev is not None
            return _revision(rev, PageStatus(row.status), row.index)

    def revision(self, revision_id: int) -> Revision:
        with self._read() as s:
            rev = s.get(RevisionRow, revision_id)
            if rev is None:
                raise NotFoundError(f"no revision {revision_id}")
            return _revision(rev, index=s.scalar(select(PageRow.index).where(PageRow.id == rev.page_id)))

    def revisions(self, page_id: int) -> list[Revision]:
        with self._read() as s:
            rows = s.scalars(
                select(RevisionRow).where(RevisionRow.page_id == page_id).order_by(RevisionRow.number)
            ).all()
            index = s.scalar(select(PageRow.index).where(PageRow.id == page_id))
            return [_revision(r, index=index) for r in rows]

    def save_revision(
        self,
        page_id: int,
        page: Page,
        *,
        author: str,
        reason: str,
        base_id: int | None,
        status: PageStatus | None = None,
        note: str = "",
        group_id: str | None = None,
    ) -> Revision:
        """Append a revision based on `base_id`; refuse with StoreConflict if it is not current."""
        return self.save_revisions(
            [(page_id, page, base_id)],
            author=author,
            reason=reason,
            status=status,
            note=note,
            group_id=group_id,
        )[0]

    def save_revisions(
        self,
        writes: Sequence[tuple[int, Page, int | None]],
        *,
        author: str,
        reason: str,
        status: PageStatus | None = None,
        note: str = "",
        group_id: str | None = None,
    ) -> list[Revision]:
        """Append one revision per (page id, page, base revision id), all in one transaction: if
        any page's current revision is not its base (someone saved in between), StoreConflict
        and nothing is written. Each page keeps its status unless `status` is given."""
        try:
            with self.session() as s, s.begin():
                out = [
                    self._append_checked(
                        s,
                        page_id,
                        page,
                        base_id,
                        author=author,
                        reason=reason,
                        status=status,
                        note=note,
                        group_id=group_id,
                    )
                    for page_id, page, base_id in writes
                ]
                ids = [pid for pid, _, _ in writes]
                s.execute(delete(DraftRow).where(DraftRow.page_id.in_(ids), DraftRow.author == author))
                return out
        except IntegrityError as exc:  # a writer that got past the checks (should not happen)
            raise StoreConflict(
                "the page was saved by someone else at the same moment; compare both versions and merge",
                base_id=writes[0][2] if writes else None,
                current_id=None,
            ) from exc

    def _append_checked(
        self,
        s: Session,
        page_id: int,
        page: Page,
        base_id: int | None,
        *,
        author: str,
        reason: str,
        status: PageStatus | None,
        note: str,
        group_id: str | None,
    ) -> Revision:
        row = s.get(PageRow, page_id, with_for_update=True)
        if row is None:
            raise NotFoundError(f"no page with id {page_id}")
        if row.current_revision_id != base_id:
            raise StoreConflict(
                f"page {row.index} was saved by someone else since you opened it; "
                "compare both versions and merge",
                base_id=base_id,
                current_id=row.current_revision_id,
            )
        page = replace(page, index=row.index)
        rev = self._append_revision(
            s, row, page, author=author, reason=reason, base_id=base_id, note=note, group_id=group_id
        )
        new_status = status or PageStatus(row.status)
        # Compare-and-set: the row must still point at the revision just written.
        res = s.execute(
            update(PageRow)
            .where(PageRow.id == page_id, PageRow.current_revision_id == rev.id)
            .values(status=new_status.value),
            execution_options={"synchronize_session": False},
        )
        if res.rowcount != 1:  # type: ignore[attr-defined]
            raise StoreConflict(
                f"page {row.index} changed while saving; try again",
                base_id=base_id,
                current_id=row.current_revision_id,
            )
        return _revision(rev, new_status)

    def revisions_in_group(self, group_id: str) -> list[Revision]:
        with self._read() as s:
            rows = s.scalars(
                select(RevisionRow).where(RevisionRow.group_id == group_id).order_by(RevisionRow.id)
            ).all()
            return [_revision(r) for r in rows]

    @staticmethod
    def new_group_id() -> str:
        return uuid.uuid4().hex

    # --- drafts ----------------------------------------------------------------------------

    def save_draft(self, page_id: int, author: str, base_id: int | None, content: dict[str, Any]) -> None:
        with self.session() as s, s.begin():
            row = s.scalar(select(DraftRow).where(DraftRow.page_id == page_id, DraftRow.author == author))
            if row is None:
                s.add(
                    DraftRow(
                        page_id=page_id, author=author, base_id=base_id, content=content, updated_at=now()
                    )
                )
            else:
                row.base_id, row.content, row.updated_at = base_id, content, now()

    def draft(self, page_id: int, author: str) -> tuple[int | None, dict[str, Any]] | None:
        with self._read() as s:
            row = s.scalar(select(DraftRow).where(DraftRow.page_id == page_id, DraftRow.author == author))
            return None if row is None else (row.base_id, dict(row.content))

    def discard_draft(self, page_id: int, author: str) -> None:
        with self.session() as s, s.begin():
            s.execute(delete(DraftRow).where(DraftRow.page_id == page_id, DraftRow.author == author))

    # --- users -----------------------------------------------------------------------------

    def add_user(self, name: str, role: str, password_hash: str) -> None:
        with self.session() as s, s.begin():
            row = s.scalar(select(UserRow).where(UserRow.name == name))
            if row is None:
                s.add(UserRow(name=name, role=role, password_hash=password_hash, created_at=now()))
            else:
                row.role, row.password_hash = role, password_hash

    def remove_user(self, name: str) -> bool:
        """Remove a user (their revisions keep their name); whether there was one."""
        with self.session() as s, s.begin():
            res = s.execute(delete(UserRow).where(UserRow.name == name))
            return bool(res.rowcount)  # type: ignore[attr-defined]

    def set_user_role(self, name: str, role: str) -> bool:
        """Change a user's role; whether there was such a user."""
        with self.session() as s, s.begin():
            res = s.execute(update(UserRow).where(UserRow.name == name).values(role=role))
            return bool(res.rowcount)  # type: ignore[attr-defined]

    def has_users(self) -> bool:
        with self._read() as s:
            return s.scalar(select(UserRow.id).limit(1)) is not None

    def user(self, name: str) -> tuple[str, str] | None:
        """(role, password hash) of a user, or None."""
        with self._read() as s:
            row = s.scalar(select(UserRow).where(UserRow.name == name))
            return None if row is None else (row.role, row.password_hash)


def _meta_dict(meta: Metadata) -> dict[str, str]:
    return {k: getattr(meta, k) for k in Metadata.__dataclass_fields__}
