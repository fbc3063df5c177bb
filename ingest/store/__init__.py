"""The store: SQLAlchemy tables, Alembic migrations and the repository API."""

from ingest.store.repo import LOW_CONFIDENCE, ExportInfo, FailedInput, NewPage, PageInfo, Store, VolumeInfo

__all__ = ["LOW_CONFIDENCE", "ExportInfo", "FailedInput", "NewPage", "PageInfo", "Store", "VolumeInfo"]
