"""A consistent copy of a store while the review server runs, and putting one back.

SQLite: the database is copied with SQLite's online backup API (a snapshot, even while others
write), then the page images. Images are content-addressed and written before the rows that
name them, so every image the copied database names is already there (later ones are extra).
PostgreSQL: the database is dumped with `pg_dump`, which the server's own tools provide."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ingest.atomic import atomic_path
from ingest.errors import InputError, StoreError
from ingest.store.db import database_url
from ingest.store.repo import Store

DB_FILE = "quire.db"
IMAGES = "images"

PG_GUIDANCE = (
    "the store is on PostgreSQL: copy the database with its own tool, e.g. "
    '`pg_dump --format=custom --file DEST/quire.pgdump "$QUIRE_DATABASE_URL"` (restore with '
    "`pg_restore --clean --dbname URL DEST/quire.pgdump`); the page images were copied to {images}"
)


@dataclass(frozen=True)
class BackupReport:
    database: Path | None  # None on PostgreSQL (see `note`)
    images: int  # image files copied (those already in DEST are kept)
    note: str = ""


def _copy_images(src: Path, dest: Path) -> int:
    """Copy image files that `dest` lacks (content-addressed: an existing name is the same file)."""
    copied = 0
    if not src.is_dir():
        return 0
    for f in sorted(src.rglob("*")):
        if not f.is_file() or f.name.startswith(".tmp-"):
            continue
        target = dest / f.relative_to(src)
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(target, prefix=".tmp-") as tmp:
            shutil.copy2(f, tmp)
        copied += 1
    return copied


def backup(store: Store, dest: Path) -> BackupReport:
    """Copy the store's database and images into the folder `dest` (created if needed)."""
    dest = dest.resolve()
    if dest == store.home or dest.is_relative_to(store.home):
        raise InputError("back up to a folder outside the store's own folder", path=str(dest))
    dest.mkdir(parents=True, exist_ok=True)
    if store.engine.dialect.name != "sqlite":
        n = _copy_images(store.images.root, dest / IMAGES)
        return BackupReport(None, n, PG_GUIDANCE.format(images=dest / IMAGES))
    db_path = store.engine.url.database
    assert db_path is not None
    target = dest / DB_FILE
    try:
        with atomic_path(target, prefix=".tmp-", suffix=".db") as tmp:
            src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
            out = sqlite3.connect(tmp)
            try:
                src.backup(out)  # one consistent snapshot, taken while others read and write
            finally:
                out.close()
                src.close()
    except sqlite3.Error as exc:
        raise StoreError(f"the database could not be copied ({exc})", path=str(target)) from exc
    n = _copy_images(store.images.root, dest / IMAGES)
    return BackupReport(target, n)


def restore(src: Path, home: Path, *, replace: bool = False) -> BackupReport:
    """Put a backup made by `backup` into the store folder `home` (SQLite). Refuses to overwrite
    a store that has a database unless `replace`."""
    src, home = src.resolve(), home.resolve()
    db = src / DB_FILE
    if not db.is_file():
        raise InputError(
            f"no {DB_FILE} in the backup folder (a PostgreSQL backup is restored with pg_restore)",
            path=str(src),
        )
    url = database_url(home)
    if not url.startswith("sqlite"):
        raise InputError("QUIRE_DATABASE_URL points at PostgreSQL: restore its dump with pg_restore")
    target = home / DB_FILE
    if target.exists() and not replace:
        raise InputError(
            "the store already has a database; restore into an empty QUIRE_HOME or give --replace",
            path=str(home),
        )
    try:
        check = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        ok = check.execute("PRAGMA integrity_check").fetchone()[0]
        check.close()
    except sqlite3.Error as exc:
        raise InputError(f"the backup's database cannot be read ({exc})", path=str(db)) from exc
    if ok != "ok":
        raise InputError(f"the backup's database is damaged ({ok})", path=str(db))
    home.mkdir(parents=True, exist_ok=True)
    n = _copy_images(src / IMAGES, home / IMAGES)
    with atomic_path(target, prefix=".tmp-", suffix=".db") as tmp:
        shutil.copyfile(db, tmp)
        for side in ("-wal", "-shm"):  # the old database's journal must not be replayed on the new one
            Path(f"{target}{side}").unlink(missing_ok=True)
    Store(home, f"sqlite:///{target}").close()  # migrates a backup made by an older version
    return BackupReport(target, n)
