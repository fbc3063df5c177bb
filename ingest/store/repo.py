"""The repository API: volumes, source files, pages, revisions, drafts and users.

Everything outside `ingest.store` talks to the database through `Store`. Each public method is one
transaction. `Store` is put together from one class per kind of record, each in its own module:

- `base.py`: the engine, read and write sessions, the image folder, appending a revision;
- `volumes.py`: volumes and their metadata, exported versions, source files, failed inputs;
- `pages.py`: pages in scan order, their OCR state and review status;
- `revisions.py`: revisions (append-only, optimistic locking) and drafts;
- `users.py`: the review server's users;
- `records.py`: the frozen records these hand out (`PageInfo`, `VolumeInfo`, …).
"""

from __future__ import annotations

from ingest.store.pages import PageStore
from ingest.store.records import LOW_CONFIDENCE, ExportInfo, FailedInput, NewPage, PageInfo, VolumeInfo
from ingest.store.revisions import RevisionStore
from ingest.store.users import UserStore
from ingest.store.volumes import VolumeStore

__all__ = ["LOW_CONFIDENCE", "ExportInfo", "FailedInput", "NewPage", "PageInfo", "Store", "VolumeInfo"]


class Store(VolumeStore, PageStore, RevisionStore, UserStore):
    """One Quire store: a database plus a content-addressed image folder under `home`."""
