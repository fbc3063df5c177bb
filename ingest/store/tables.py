"""SQLAlchemy tables. Schema changes go through an Alembic migration in `migrations/versions/`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class VolumeRow(Base):
    __tablename__ = "volumes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(500), default="")
    meta: Mapped[dict] = mapped_column(JSON, default=dict)  # type: ignore[type-arg]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SourceFileRow(Base):
    """A file given to `ingest`: registered once per volume (by sha256), or recorded as failed."""

    __tablename__ = "source_files"
    __table_args__ = (UniqueConstraint("volume_id", "sha256", name="uq_source_volume_sha"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    volume_id: Mapped[int] = mapped_column(ForeignKey("volumes.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20))  # image | pdf
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FailedInputRow(Base):
    """An input that could not be ingested, with the reason shown to the user."""

    __tablename__ = "failed_inputs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    volume_id: Mapped[int] = mapped_column(ForeignKey("volumes.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(Text)
    page_in_file: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PageRow(Base):
    __tablename__ = "pages"
    __table_args__ = (
        UniqueConstraint("volume_id", "index", name="uq_page_volume_index"),
        UniqueConstraint("source_file_id", "page_in_file", "part", name="uq_page_source_part"),
        Index("ix_pages_volume_state", "volume_id", "ocr_state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    volume_id: Mapped[int] = mapped_column(ForeignKey("volumes.id", ondelete="CASCADE"))
    index: Mapped[int] = mapped_column(Integer)
    source_file_id: Mapped[int] = mapped_column(ForeignKey("source_files.id", ondelete="CASCADE"))
    page_in_file: Mapped[int] = mapped_column(Integer)
    # 0: the whole image; 1, 2: the left and right page of a two-page spread cut at `region`
    part: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    region: Mapped[list | None] = mapped_column(JSON, nullable=True)  # type: ignore[type-arg]
    split: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # type: ignore[type-arg]
    # the script Tesseract's detection saw when the page read poorly (Fraktur, Cyrillic, ...) and
    # the model it was read with: "Fraktur/frk"
    script: Mapped[str | None] = mapped_column(String(60), nullable=True)
    source_kind: Mapped[str] = mapped_column(String(20))  # image | pdf_scan | pdf_text
    source_image: Mapped[str] = mapped_column(String(80))  # content key of the page as given
    image: Mapped[str | None] = mapped_column(String(80), nullable=True)  # normalised display image
    dpi: Mapped[int] = mapped_column(Integer, default=300)
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    ocr_state: Mapped[str] = mapped_column(String(20), default="pending")  # pending | done | failed
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="new")
    # who made the page proofread (the newest save that left it corrected): a different user validates it
    proofread_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    status_note: Mapped[str | None] = mapped_column(Text, nullable=True)  # what is wrong with a problem page
    label: Mapped[str | None] = mapped_column(String(40), nullable=True)
    current_revision_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    mean_confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    low_conf_words: Mapped[int] = mapped_column(Integer, default=0)


class RevisionRow(Base):
    """Append-only: a row is never updated or deleted once written."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("page_id", "number", name="uq_revision_page_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    base_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reason: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    group_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    content: Mapped[dict] = mapped_column(JSON)  # type: ignore[type-arg]


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(Text)
    # a disabled user cannot sign in and their open sessions end; their revisions keep their name
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DraftRow(Base):
    """Unsaved text a user typed on a page, kept so moving away (or a restart) loses nothing."""

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("page_id", "author", name="uq_draft_page_author"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(200))
    base_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    content: Mapped[dict] = mapped_column(JSON)  # type: ignore[type-arg]
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ExportRow(Base):
    __tablename__ = "exports"
    __table_args__ = (UniqueConstraint("volume_id", "version", name="uq_export_volume_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    volume_id: Mapped[int] = mapped_column(ForeignKey("volumes.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(Text)
    formats: Mapped[str] = mapped_column(String(200))
    options: Mapped[dict] = mapped_column(JSON)  # type: ignore[type-arg]
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
