"""The `Store` API for revisions and drafts. Revisions are append-only; saving names the revision
it was based on and is refused with `StoreConflict` if someone saved in between (optimistic
locking, no lost updates). A draft is one person's unsaved edit of a page."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ingest.errors import NotFoundError, StoreConflict
from ingest.model import Page, PageStatus, Revision
from ingest.store.base import StoreBase
from ingest.store.records import now, revision_record
from ingest.store.tables import DraftRow, PageRow, RevisionRow


class RevisionStore(StoreBase):
    def current(self, page_id: int) -> Revision:
        with self._read() as s:
            row = s.get(PageRow, page_id)
            if row is None or row.current_revision_id is None:
                raise NotFoundError(f"page {page_id} has no text yet (OCR pending or failed)")
            rev = s.get(RevisionRow, row.current_revision_id)
            assert rev is not None
            return revision_record(rev, PageStatus(row.status), row.index)

    def revision(self, revision_id: int) -> Revision:
        with self._read() as s:
            rev = s.get(RevisionRow, revision_id)
            if rev is None:
                raise NotFoundError(f"no revision {revision_id}")
            index = s.scalar(select(PageRow.index).where(PageRow.id == rev.page_id))
            return revision_record(rev, index=index)

    def revisions(self, page_id: int) -> list[Revision]:
        with self._read() as s:
            rows = s.scalars(
                select(RevisionRow).where(RevisionRow.page_id == page_id).order_by(RevisionRow.number)
            ).all()
            index = s.scalar(select(PageRow.index).where(PageRow.id == page_id))
            return [revision_record(r, index=index) for r in rows]

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
            raise StoreConflict.saved_since(row.index, base_id=base_id, current_id=row.current_revision_id)
        page = replace(page, index=row.index)
        rev = self._append_revision(
            s, row, page, author=author, reason=reason, base_id=base_id, note=note, group_id=group_id
        )
        new_status = status or PageStatus(row.status)
        values: dict[str, Any] = {"status": new_status.value}
        if status is PageStatus.CORRECTED:  # proofread: by whoever saved it so
            values["proofread_by"] = author
        if status is not None:  # a problem's note lasts while the page is a problem
            values["status_note"] = note if status is PageStatus.PROBLEM else None
        # Compare-and-set: the row must still point at the revision just written.
        res = s.execute(
            update(PageRow)
            .where(PageRow.id == page_id, PageRow.current_revision_id == rev.id)
            .values(**values),
            execution_options={"synchronize_session": False},
        )
        if res.rowcount != 1:  # type: ignore[attr-defined]
            raise StoreConflict(
                f"page {row.index} changed while saving; try again",
                base_id=base_id,
                current_id=row.current_revision_id,
            )
        return revision_record(rev, new_status)

    def revisions_in_group(self, group_id: str) -> list[Revision]:
        with self._read() as s:
            rows = s.scalars(
                select(RevisionRow).where(RevisionRow.group_id == group_id).order_by(RevisionRow.id)
            ).all()
            return [revision_record(r) for r in rows]

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
