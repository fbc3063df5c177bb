"""Shared fixtures: a fresh Quire home per test, paths to the samples and to ../shared."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = Path(os.environ.get("QUIRE_SHARED", ROOT.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or skip the test when the shared corpus is not on this machine."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is absent (the shared test corpus lives beside the project in ../shared)")
    return p


def home_copy(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of a store built once (`template`) as this test's Quire home: QUIRE_HOME names it."""
    home = tmp_path / "home"
    shutil.copytree(template, home)
    monkeypatch.setenv("QUIRE_HOME", str(home))
    return home


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """A folder that `build(folder)` fills, made once per run and then only read (tests copy it).

    Under pytest-xdist (`-n 2`) every worker is a session of its own, so a session fixture would
    be built by each worker: here the first worker to ask builds it in the run's shared temp
    folder, holding a file lock, and the others wait for it and use the same folder. It is built
    in a private folder and renamed into place, so a build that fails (or skips) leaves nothing
    half-made behind and the next worker to ask tries again."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        folder = tmp_path_factory.mktemp(name)
        build(folder)
        return folder
    from filelock import FileLock

    root = tmp_path_factory.getbasetemp().parent  # one folder per run, shared by its workers
    done = root / name
    with FileLock(root / f"{name}.lock"):
        if not done.is_dir():
            partial = Path(tempfile.mkdtemp(prefix=f"{name}.partial-", dir=root))
            try:
                build(partial)
            except BaseException:
                shutil.rmtree(partial, ignore_errors=True)
                raise
            partial.rename(done)
    return done


def _build_ocr_store(home: Path) -> None:
    from ui.demo import build_store

    build_store(home, clean=False).close()


@pytest.fixture(scope="session")
def ocr_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the sample book OCRed and not cleaned, built once per run; tests copy it."""
    return built_once(tmp_path_factory, "ocr-store", _build_ocr_store)


def _build_born_store(home: Path) -> None:
    from ingest.options import IngestOptions
    from ingest.pipeline import ingest_paths
    from ingest.store import Store

    with Store(home) as store:
        opts = IngestOptions.build(volume="born", clean=False)
        ingest_paths(store, [SAMPLES / "book-born-digital.pdf"], opts)


@pytest.fixture(scope="session")
def born_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the born-digital sample ingested (its text layer) and not cleaned, as volume
    "born", built once per run; tests copy it (`home_copy`) instead of ingesting the book again."""
    return built_once(tmp_path_factory, "born-store", _build_born_store)


@pytest.fixture
def quire_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "quire-home"
    monkeypatch.setenv("QUIRE_HOME", str(home))
    if not os.environ.get("QUIRE_TEST_DATABASE_URL"):
        monkeypatch.delenv("QUIRE_DATABASE_URL", raising=False)
    return home


@pytest.fixture
def store(quire_home: Path):  # type: ignore[no-untyped-def]
    from ingest.store import Store

    s = Store(quire_home)
    yield s
    s.close()


def run_quire(
    *args: str, home: Path, timeout: float = 600, env: dict[str, str] | None = None, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run the real `quire` command line in a subprocess."""
    e = {**os.environ, "QUIRE_HOME": str(home), **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "ingest.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=e,
        cwd=ROOT,
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"quire {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


# --- PostgreSQL ------------------------------------------------------------------------------
# `pytest --postgres` (or QUIRE_TEST_POSTGRES=1) runs every test that uses `quire_home` (and so
# `store` and `run_quire` subprocesses, which inherit the environment) against a real PostgreSQL
# server started for the session, with a fresh database per test. Tests marked `postgres` use the
# server whatever the option; all of them skip, saying why, when PostgreSQL is not installed.


#: Markers of tests that take long: their files are handed to the test workers first.
HEAVY = ("slow", "browser", "postgres")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Test files holding slow, browser or PostgreSQL tests run first, the quick files after them,
    each file whole and in its own order. The workers (`--dist loadfile`) take files in this order:
    a long file taken last would keep one worker busy while the other has nothing left to do."""
    heavy = {item.path for item in items if any(item.get_closest_marker(m) for m in HEAVY)}
    items.sort(key=lambda item: item.path not in heavy)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--postgres",
        action="store_true",
        default=os.environ.get("QUIRE_TEST_POSTGRES") == "1",
        help="run store-backed tests against a throwaway PostgreSQL server instead of SQLite",
    )


@pytest.fixture(scope="session")
def pg_server():  # type: ignore[no-untyped-def]
    """A PostgreSQL server for this test session (see tests/pgserver.py), stopped at the end."""
    from tests.pgserver import PostgresUnavailable, start_server

    try:
        server = start_server()
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server):  # type: ignore[no-untyped-def]
    """SQLAlchemy URL of a fresh, empty database, dropped after the test."""
    name = pg_server.create_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture(autouse=True)
def _store_on_postgres(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    # Autouse fixtures run first, so `quire_home` sees QUIRE_TEST_DATABASE_URL and keeps the URL.
    if not request.config.getoption("--postgres") or "quire_home" not in request.fixturenames:
        return
    url = request.getfixturevalue("pg_url")
    monkeypatch.setenv("QUIRE_TEST_DATABASE_URL", url)
    monkeypatch.setenv("QUIRE_DATABASE_URL", url)
