"""Engine, migrations and the content-addressed image folder."""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError

from ingest.atomic import atomic_write
from ingest.errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"


def quire_home() -> Path:
    return _resolved(os.environ.get("QUIRE_HOME", "quire-data"), os.getcwd())


@functools.lru_cache(maxsize=64)
def _resolved(raw: str, cwd: str) -> Path:
    """`raw` made absolute against `cwd` (cached: the review UI asks many times per run, and
    resolving walks the path with a system call per part)."""
    return (Path(cwd) / raw).resolve()


def database_url(home: Path) -> str:
    return os.environ.get("QUIRE_DATABASE_URL") or f"sqlite:///{home / 'quire.db'}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    dbapi_connection.isolation_level = None  # transactions are begun by _sqlite_begin
    cur = dbapi_connection.cursor()
    # WAL: readers (the review UI) never block the ingest writer; NORMAL sync is durable in WAL.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_begin(conn) -> None:  # type: ignore[no-untyped-def]
    # pysqlite would begin a transaction only at the first write, after the reads that decided it
    # (two saves then both read the same newest revision): Quire begins it itself, and a writer
    # takes the write lock at once (IMMEDIATE), so its reads see the state it writes over.
    immediate = conn.get_execution_options().get(WRITE_OPTION)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


#: Execution option of the engine that write transactions use (BEGIN IMMEDIATE on SQLite).
WRITE_OPTION = "quire_write"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine, target: str = "head") -> None:
    """Bring the schema to the newest migration (creates it on an empty database); `target` another
    revision (downgrades too, for tests)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    sqlite = engine.dialect.name == "sqlite"
    try:
        # a writer's transaction: on SQLite processes opening a new store at once take turns
        with engine.execution_options(**{WRITE_OPTION: True}).connect() as conn:
            if sqlite:
                # SQLite alters a table by copying it into a new one and dropping the old: with
                # foreign keys on, the drop deletes every row that points to it (a migration of
                # `pages` emptied `revisions`). Off for the migration (it must be set outside a
                # transaction), checked and back on after.
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
            try:
                with conn.begin():
                    if conn.dialect.name == "postgresql":
                        # Several machines starting at once: one migrates, the others wait, then find it done.
                        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7301994)")
                    cfg.attributes["connection"] = conn
                    if target == "head":
                        command.upgrade(cfg, "head")
                    else:
                        _to(cfg, conn, target)
                    if sqlite:
                        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                        if broken:
                            raise StoreError(
                                f"migrating the database left {len(broken)} row(s) pointing nowhere "
                                f"(first: {broken[0]}); nothing was changed"
                            )
            finally:
                if sqlite:
                    conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
    except OperationalError as exc:
        raise StoreError(
            f"cannot open the database ({exc.orig}); check QUIRE_HOME / QUIRE_DATABASE_URL"
        ) from exc


def _to(cfg: Config, conn, target: str) -> None:  # type: ignore[no-untyped-def]
    from alembic.runtime.migration import MigrationContext

    current = MigrationContext.configure(conn).get_current_revision()
    if current is None or current < target:
        command.upgrade(cfg, target)
    else:
        command.downgrade(cfg, target)


class ImageStore:
    """Page images by content: `images/ab/abcdef….png`. Writes are atomic and synced to the disk
    (`atomic_write`) before the rows that name them are committed."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        return self.root / key[:2] / key

    def put(self, data: bytes, suffix: str = ".png") -> str:
        key = hashlib.sha256(data).hexdigest() + suffix
        target = self.path(key)
        if target.exists():
            return key
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, data, fsync=True, prefix=".tmp-")
        return key

    def get(self, key: str) -> bytes:
        return self.path(key).read_bytes()
