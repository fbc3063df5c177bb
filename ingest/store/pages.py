"""The `Store` API for pages: reading them in scan order, their OCR state (queued, done, failed)
and their review status."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from sqlalchemy import Select, select, update

from ingest.errors import NotFoundError
from ingest.model import Page, PageStatus, Revision, RevisionReason
from ingest.store.base import StoreBase
from ingest.store.records import PageInfo, page_info, page_script, revision_record
from ingest.store.tables import PageRow, SourceFileRow


def _page_rows() -> Select[PageRow, str, str]:
    """Page rows with their source file's path and hash (what `page_info` takes)."""
    return select(PageRow, SourceFileRow.path, SourceFileRow.sha256).join(
        SourceFileRow, SourceFileRow.id == PageRow.source_file_id
    )


def _volume_pages(volume_id: int) -> Select[PageRow, str, str]:
    return _page_rows().where(PageRow.volume_id == volume_id).order_by(PageRow.index)


class PageStore(StoreBase):
    def pages(self, volume_id: int) -> list[PageInfo]:
        with self._read() as s:
            return [page_info(*r) for r in s.execute(_volume_pages(volume_id)).all()]

    def iter_pages(self, volume_id: int, batch: int = 200) -> Iterator[PageInfo]:
        """Pages in scan order without holding the whole volume's rows at once."""
        last = 0
        while True:
            with self._read() as s:
                rows = s.execute(_volume_pages(volume_id).where(PageRow.index > last).limit(batch)).all()
            if not rows:
                return
            for r in rows:
                yield page_info(*r)
            last = rows[-1][0].index

    def page(self, volume_id: int, index: int) -> PageInfo:
        with self._read() as s:
            r = s.execute(_volume_pages(volume_id).where(PageRow.index == index)).first()
            if r is None:
                raise NotFoundError(f"the volume has no page {index}")
            return page_info(*r)

    def page_by_id(self, page_id: int) -> PageInfo:
        with self._read() as s:
            r = s.execute(_page_rows().where(PageRow.id == page_id)).first()
            if r is None:
                raise NotFoundError(f"no page with id {page_id}")
            return page_info(*r)

    def pending_pages(self, volume_id: int, *, include_failed: bool = False) -> list[PageInfo]:
        states = ["pending", "failed"] if include_failed else ["pending"]
        with self._read() as s:
            rows = s.execute(_volume_pages(volume_id).where(PageRow.ocr_state.in_(states))).all()
            return [page_info(*r) for r in rows]

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
            row.script = page_script(page)
            rev = self._append_revision(s, row, page, author=author, reason=reason, base_id=base_id)
            return revision_record(rev, PageStatus(row.status), page=page)

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
