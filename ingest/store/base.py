"""What every part of the `Store` API shares: the engine, its read and write sessions, the image
folder, and appending a revision to a page inside a write transaction."""

from __future__ import annotations

from pathlib import Path
from typing import Self

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from ingest.model import Page
from ingest.store.codec import page_to_dict
from ingest.store.db import WRITE_OPTION, ImageStore, database_url, make_engine, migrate, quire_home
from ingest.store.records import now, page_stats
from ingest.store.tables import PageRow, RevisionRow


class StoreBase:
    """A database plus a content-addressed image folder under `home`, migrated on opening."""

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

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def session(self) -> Session:
        """A session for writing (one transaction per `with session() as s, s.begin()`)."""
        return self._session()

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
        """Add the page's next revision and point the page row at it (label and word counts
        follow), inside the caller's transaction."""
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
        row.mean_confidence, row.word_count, row.low_conf_words = page_stats(page)
        return rev
