"""A throwaway PostgreSQL server for the tests: its own data folder and Unix socket in a temp dir.

`initdb` refuses to run as root, so when the tests run as root the server is started as the
`postgres` user (Debian's package creates it) with `runuser`; otherwise the commands run directly.
No TCP port is opened (`listen_addresses=''`): clients connect through the socket in the temp dir,
so several test sessions on one machine never collide. Durability is switched off (fsync, full
page writes): a crash loses the throwaway data, nothing else.
"""

from __future__ import annotations

import atexit
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

#: The superuser created by initdb; tests connect as it without a password (trust on the socket).
PG_USER = "quire"
#: Names the socket file (`.s.PGSQL.PORT`); no TCP port is opened, so any number will do.
PG_PORT = 5499
SERVER_OPTIONS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"


class PostgresUnavailable(RuntimeError):
    """The server cannot be started here; the message says why (used as the skip reason)."""


def find_bin_dir() -> Path | None:
    """The folder holding initdb and pg_ctl: `$QUIRE_PG_BIN`, the newest Debian
    /usr/lib/postgresql/N/bin, or wherever `initdb` is on PATH."""
    env = os.environ.get("QUIRE_PG_BIN")
    if env:
        return Path(env) if (Path(env) / "initdb").exists() else None
    debian = Path("/usr/lib/postgresql")
    if debian.is_dir():
        versions = sorted(
            (p for p in debian.iterdir() if re.fullmatch(r"\d+", p.name) and (p / "bin" / "initdb").exists()),
            key=lambda p: int(p.name),
        )
        if versions:
            return versions[-1] / "bin"
    found = shutil.which("initdb")
    return Path(found).parent if found else None


@dataclass
class PgServer:
    bin_dir: Path
    base: Path  # owned by the server's user; holds data/, the socket and server.log
    port: int = PG_PORT
    _started: bool = field(default=False, repr=False)

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def log(self) -> Path:
        return self.base / "server.log"

    def url(self, database: str) -> str:
        """SQLAlchemy URL of `database` on this server (psycopg 3 over the Unix socket)."""
        return f"postgresql+psycopg://{PG_USER}@/{database}?host={self.base}&port={self.port}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        # cwd: the server's user must be able to read its working directory (root's may be private)
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=self.base)
        if proc.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            out = proc.stderr.strip() or proc.stdout.strip()
            raise PostgresUnavailable(f"`{' '.join(cmd)}` failed ({proc.returncode}): {out}\n{log}")
        return proc

    def start(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            PG_USER,
            "-E",
            "UTF8",
            "--no-sync",
            "--no-instructions",
        )
        opts = f"-p {self.port} -k {self.base} -c listen_addresses='' {SERVER_OPTIONS}"
        self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.log), "-w", "-t", "60", "start")
        self._started = True

    def stop(self) -> None:
        if self._started:
            self._started = False
            try:
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
            except (PostgresUnavailable, subprocess.TimeoutExpired):
                pass
        shutil.rmtree(self.base, ignore_errors=True)

    # --- databases -------------------------------------------------------------------------

    def admin(self):  # type: ignore[no-untyped-def]
        """An autocommit psycopg connection to the `postgres` database (CREATE/DROP DATABASE)."""
        import psycopg

        return psycopg.connect(
            host=str(self.base), port=self.port, user=PG_USER, dbname="postgres", autocommit=True
        )

    def create_database(self, prefix: str = "quire_test") -> str:
        """A new, empty database; returns its name."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        # FORCE: a test that forgot to close a Store (or a killed subprocess) must not keep it alive
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_server() -> PgServer:
    """Start a server in a new temp dir, or raise PostgresUnavailable saying why it cannot be."""
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise PostgresUnavailable("psycopg is not installed (pip install 'psycopg[binary]')") from exc
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise PostgresUnavailable(
            "PostgreSQL server binaries (initdb, pg_ctl) not found; install Debian's `postgresql` "
            "or set QUIRE_PG_BIN to the folder holding them"
        )
    # Not under pytest's tmp dir: that is private to root, and the server runs as `postgres`.
    # Short path: a Unix socket path must stay under ~100 bytes.
    base = Path(tempfile.mkdtemp(prefix="quire-pg-", dir="/tmp"))
    if os.geteuid() == 0:
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError as exc:
            shutil.rmtree(base, ignore_errors=True)
            raise PostgresUnavailable("running as root, and there is no `postgres` user to run it") from exc
        os.chown(base, pw.pw_uid, pw.pw_gid)
    server = PgServer(bin_dir=bin_dir, base=base)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    atexit.register(server.stop)  # also when the session dies before its fixture finaliser runs
    return server
