"""The `Store` API for volumes and what comes into them: their metadata, the register of exported
versions, the source files with their pages, and inputs that could not be read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ingest.errors import InputError, NotFoundError
from ingest.model import Metadata, PageStatus, RevisionReason, volume_name_problem
from ingest.store.base import StoreBase
from ingest.store.records import ExportInfo, FailedInput, NewPage, VolumeInfo, meta_dict, now
from ingest.store.tables import ExportRow, FailedInputRow, PageRow, SourceFileRow, VolumeRow


class VolumeStore(StoreBase):
    # --- volumes ---------------------------------------------------------------------------

    def ensure_volume(self, name: str, title: str = "", metadata: Metadata | None = None) -> VolumeInfo:
        problem = volume_name_problem(name)
        if problem:
            raise InputError(problem)
        with self.session() as s, s.begin():
            row = s.scalar(select(VolumeRow).where(VolumeRow.name == name))
            if row is None:
                meta = metadata or Metadata(title=title or name)
                row = VolumeRow(name=name, title=title or name, meta=meta_dict(meta), created_at=now())
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
            row.meta = meta_dict(metadata)
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
