"""The store on a real PostgreSQL server (started by the tests, see tests/pgserver.py): migrations,
round trips, optimistic locking between two stores, idempotent and resumable ingests, and two
ingests into different volumes at once on one database.

These run whether or not `--postgres` is given (that option moves the *rest* of the suite onto
PostgreSQL too); they skip, saying why, where PostgreSQL is not installed.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, inspect, text

from ingest.errors import StoreConflict
from ingest.model import Revision, WordOrigin
from ingest.options import IngestOptions
from ingest.pipeline import ingest_paths
from ingest.store import Store
from ingest.store.codec import page_to_dict
from ingest.store.db import MIGRATIONS
from tests.conftest import ROOT, SAMPLES, run_quire

pytestmark = pytest.mark.postgres

BORN_DIGITAL = SAMPLES / "book-born-digital.pdf"  # text layer: ingests without OCR, in seconds
SCANS = sorted((SAMPLES / "scan").glob("*.jpg"))


def _alembic_config(connection):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def _revisions_base_to_head() -> list[str]:
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(None)
    return [s.revision for s in reversed(list(ScriptDirectory.from_config(cfg).walk_revisions()))]


def _db_revision(url: str) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


def _edited(page, word_text: str):  # type: ignore[no-untyped-def]
    """`page` with its first word replaced by `word_text` (as a human correction)."""
    block = next(b for b in page.blocks if b.lines and b.lines[0].words)
    line = block.lines[0]
    word = dataclasses.replace(line.words[0], text=word_text, origin=WordOrigin.CORRECTED)
    new_block = dataclasses.replace(
        block, lines=(dataclasses.replace(line, words=(word, *line.words[1:])), *block.lines[1:])
    )
    return dataclasses.replace(page, blocks=tuple(new_block if b.id == block.id else b for b in page.blocks))


def _one_revision_chain(store: Store, volume: str) -> list[list[str]]:
    vol = store.volume(volume)
    return [[r.reason for r in store.revisions(p.id)] for p in store.pages(vol.id)]


# --- migrations -----------------------------------------------------------------------------


def test_store_on_an_empty_database_migrates_it_to_head(pg_url, tmp_path):  # type: ignore[no-untyped-def]
    assert _db_revision(pg_url) is None
    Store(tmp_path, pg_url).close()
    assert _db_revision(pg_url) == _revisions_base_to_head()[-1]


def test_schema_made_by_migrations_matches_the_tables(pg_url, tmp_path):  # type: ignore[no-untyped-def]
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from ingest.store.tables import Base

    Store(tmp_path, pg_url).close()
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    assert diff == [], "tables.py and the migrations disagree; add a migration"


@pytest.mark.parametrize("start", ["base", *_revisions_base_to_head()[:-1]])
def test_an_older_database_is_upgraded_on_open_and_keeps_its_data(pg_url, tmp_path, start):  # type: ignore[no-untyped-def]
    from alembic import command

    engine = create_engine(pg_url)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), start) if start != "base" else None
    engine.dispose()
    store = Store(tmp_path, pg_url)
    store.ensure_volume("kept", "Kept")
    store.close()
    assert _db_revision(pg_url) == _revisions_base_to_head()[-1]
    # and down to base and up again: every migration's downgrade works on PostgreSQL
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "base")
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")
    engine.dispose()
    assert _db_revision(pg_url) == _revisions_base_to_head()[-1]


def test_processes_opening_an_empty_database_at_once_all_succeed(pg_url, tmp_path):  # type: ignore[no-untyped-def]
    """Two machines' first run at the same moment: both migrate, one waits for the other."""
    code = (
        "import sys, time; from pathlib import Path; from ingest.store import Store; "
        "time.sleep(max(0, float(sys.argv[2]) - time.time())); Store(Path(sys.argv[3]), sys.argv[1]).close()"
    )
    start_at = str(time.time() + 2.0)  # after both interpreters have imported everything
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, pg_url, start_at, str(tmp_path / f"h{i}")],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(3)
    ]
    errors = [p.stderr.read() for p in procs if p.wait(60) != 0]  # type: ignore[union-attr]
    assert errors == []
    assert _db_revision(pg_url) == _revisions_base_to_head()[-1]


def test_opening_a_migrated_database_again_changes_nothing(pg_url, tmp_path):  # type: ignore[no-untyped-def]
    first = Store(tmp_path, pg_url)
    first.ensure_volume("v", "Volume")
    first.close()
    engine = create_engine(pg_url)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    again = Store(tmp_path, pg_url, engine=engine)
    try:
        assert again.volume("v").title == "Volume"
    finally:
        again.close()
    ddl = [
        s
        for s in statements
        if s.lstrip().split()[0].upper() in {"CREATE", "ALTER", "DROP", "INSERT", "UPDATE"}
    ]
    assert ddl == [], f"re-opening a migrated database wrote to it: {ddl}"


# --- the repository API ---------------------------------------------------------------------


def test_store_round_trip_of_pages_and_revisions(pg_url, tmp_path):  # type: ignore[no-untyped-def]
    store = Store(tmp_path, pg_url)
    try:
        report = ingest_paths(store, [BORN_DIGITAL], IngestOptions.build(volume="born", jobs=1))
        assert report.ok and report.pages_added == 10
        info = store.page(store.volume("born").id, 3)
        cur = store.current(info.id)
        edited = _edited(cur.page, "Corrected")
        saved = store.save_revision(info.id, edited, author="ann", reason="edit", base_id=cur.id, note="typo")
    finally:
        store.close()
    # read back through a different connection pool: what was written is what comes back
    other = Store(tmp_path, pg_url)
    try:
        back = other.current(info.id)
        assert back.id == saved.id and back.author == "ann" and back.base_id == cur.id
        assert page_to_dict(back.page) == page_to_dict(saved.page)
        assert back.page.words[0].text == "Corrected" and back.page.words[0].origin == WordOrigin.CORRECTED
        assert [r.id for r in other.revisions(info.id)][-2:] == [cur.id, saved.id]
    finally:
        other.close()


def _save_together(servers: list[Store], page_id: int, tag: str) -> tuple[Revision, dict[str, object]]:
    """Each store saves an edit of the page's current revision, released at the same moment by a
    barrier. Returns the base revision and, per author, the saved revision or the StoreConflict."""
    base = servers[0].current(page_id)
    barrier = threading.Barrier(len(servers))
    outcome: dict[str, object] = {}

    def save(store: Store, who: str) -> None:
        page = _edited(base.page, f"{who}-{tag}")
        barrier.wait()
        try:
            outcome[who] = store.save_revision(page_id, page, author=who, reason="edit", base_id=base.id)
        except StoreConflict as exc:
            outcome[who] = exc

    threads = [threading.Thread(target=save, args=(s, f"user{n}")) for n, s in enumerate(servers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return base, outcome


def test_two_stores_saving_one_page_at_once_exactly_one_wins(pg_url, tmp_path):  # type: ignore[no-untyped-def]
    """Two review servers on one database: both opened the same revision and save together."""
    setup = Store(tmp_path, pg_url)
    ingest_paths(setup, [BORN_DIGITAL], IngestOptions.build(volume="born", jobs=1, clean=False))
    info = setup.page(setup.volume("born").id, 2)
    setup.close()
    servers = [Store(tmp_path, pg_url), Store(tmp_path, pg_url)]
    rounds = 5
    try:
        for n in range(rounds):
            base, outcome = _save_together(servers, info.id, str(n))
            conflicts = [v for v in outcome.values() if isinstance(v, StoreConflict)]
            wins = [v for v in outcome.values() if isinstance(v, Revision)]
            assert len(wins) == 1 and len(conflicts) == 1, outcome
            assert servers[1].current(info.id).id == wins[0].id
            assert (conflicts[0].base_id, conflicts[0].current_id) == (base.id, wins[0].id)
        assert len(servers[0].revisions(info.id)) == 1 + rounds  # the text layer's, then one per round
    finally:
        for s in servers:
            s.close()


def test_saving_the_same_ocr_twice_stores_it_once(pg_url, tmp_path):  # type: ignore[no-untyped-def]
    store = Store(tmp_path, pg_url)
    try:
        ingest_paths(store, [BORN_DIGITAL], IngestOptions.build(volume="born", jobs=1, clean=False))
        info = store.page(store.volume("born").id, 1)
        page = store.current(info.id).page
        # a text-layer page already has its first revision: a late OCR result for it is dropped
        assert store.save_ocr(info.id, page, "k.png") is None
        assert len(store.revisions(info.id)) == 1
    finally:
        store.close()


def test_reingesting_the_same_files_adds_nothing(pg_url, tmp_path):  # type: ignore[no-untyped-def]
    env = {"QUIRE_DATABASE_URL": pg_url}
    home = tmp_path / "home"
    first = run_quire("ingest", str(BORN_DIGITAL), "--volume", "b", home=home, env=env, check=True)
    assert "pages added" in first.stdout
    again = run_quire("ingest", str(BORN_DIGITAL), "--volume", "b", home=home, env=env, check=True)
    assert "already in the volume" in again.stdout
    store = Store(home, pg_url)
    try:
        assert store.volume("b").page_count == 10
        chains = _one_revision_chain(store, "b")
        assert all(c[0] == "text_layer" and c.count("text_layer") == 1 for c in chains)
        assert all(c.count("cleanup") <= 1 for c in chains), "the second run cleaned up again"
    finally:
        store.close()


def test_store_fixture_is_on_postgres_with_the_option(request, store):  # type: ignore[no-untyped-def]
    if not request.config.getoption("--postgres"):
        pytest.skip("run with --postgres to put the shared `store` fixture on PostgreSQL")
    assert store.url.startswith("postgresql")
    assert os.environ["QUIRE_DATABASE_URL"] == store.url  # so run_quire subprocesses use it too


# --- ingests: killed and resumed, and two at once -------------------------------------------


def _ingest_proc(
    home: Path, url: str, volume: str, paths: list[Path], jobs: int = 1
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ingest.cli",
            "ingest",
            *map(str, paths),
            "--volume",
            volume,
            "--jobs",
            str(jobs),
            "--no-clean",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QUIRE_HOME": str(home), "QUIRE_DATABASE_URL": url},
    )


def _ocr_done(url: str, home: Path, volume: str) -> int:
    store = Store(home, url)
    try:
        return sum(p.current_revision_id is not None for p in store.pages(store.volume(volume).id))
    except Exception:  # the volume is not there yet
        return 0
    finally:
        store.close()


@pytest.mark.slow
def test_ingest_killed_mid_run_resumes_without_duplicates(pg_url, tmp_path):  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    scans = SCANS[:6]
    proc = _ingest_proc(home, pg_url, "scans", scans, jobs=2)
    try:
        deadline = time.monotonic() + 300
        while _ocr_done(pg_url, home, "scans") < 2:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.2)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert _ocr_done(pg_url, home, "scans") < len(scans)
    rerun = _ingest_proc(home, pg_url, "scans", scans, jobs=2)
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, out + err
    store = Store(home, pg_url)
    try:
        assert store.volume("scans").page_count == len(scans)
        assert _one_revision_chain(store, "scans") == [["ocr"]] * len(scans)
    finally:
        store.close()


@pytest.mark.slow
def test_two_ingests_into_different_volumes_at_once_on_one_database(pg_url, tmp_path):  # type: ignore[no-untyped-def]
    home = tmp_path / "home"  # shared, as a network folder would be between machines
    Store(home, pg_url).close()  # migrated first: a first run of two at once is the test below
    parts = {"left": SCANS[:2], "right": SCANS[2:4]}
    procs = {v: _ingest_proc(home, pg_url, v, paths) for v, paths in parts.items()}
    for v, p in procs.items():
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, f"{v}: {out}\n{err}"
    store = Store(home, pg_url)
    try:
        for v, paths in parts.items():
            vol = store.volume(v)
            assert vol.page_count == len(paths)
            assert [p.source_path for p in store.pages(vol.id)] == [str(x) for x in paths]
            assert _one_revision_chain(store, v) == [["ocr"]] * len(paths)
            for p in store.pages(vol.id):
                assert p.image and store.images.path(p.image).exists()
    finally:
        store.close()


def test_who_proofread_survives_the_migration_and_blocks_self_validation(pg_url, tmp_path):  # type: ignore[no-untyped-def]
    """Migration 0003 on PostgreSQL: a page proofread before it gets its proofreader from the
    revisions (JSON content read back), and its proofreader cannot validate it."""
    from alembic import command

    from ingest import review
    from ingest.errors import PermissionDenied
    from ingest.review import Role, User
    from ingest.review.validation import validate_page

    bob, cy = User("bob", Role.CORRECTOR), User("cy", Role.CORRECTOR)
    store = Store(tmp_path, pg_url)
    ingest_paths(store, [BORN_DIGITAL], IngestOptions.build(volume="born", jobs=1, clean=False))
    info = store.page(store.volume("born").id, 2)
    cur = store.current(info.id)
    review.save_page(store, info.id, _edited(cur.page, "Proofread"), base_id=cur.id, user=bob)
    store.close()
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0002")
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")
    engine.dispose()
    store = Store(tmp_path, pg_url)
    try:
        assert store.page_by_id(info.id).proofread_by == "bob"
        cur = store.current(info.id)
        with pytest.raises(PermissionDenied):
            validate_page(store, info.id, cur.page, base_id=cur.id, user=bob)
        assert validate_page(store, info.id, cur.page, base_id=cur.id, user=cy).author == "cy"
    finally:
        store.close()
