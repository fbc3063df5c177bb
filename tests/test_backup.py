"""`quire backup` while the store is being written, `quire restore`, and an export of the
restored store byte-identical to one of the original."""

from __future__ import annotations

import filecmp
import multiprocessing as mp
import time
from pathlib import Path

import pytest

from ingest import review
from ingest.options import IngestOptions
from ingest.pipeline import ingest_paths
from ingest.review import Role, User
from ingest.store import Store

from .conftest import SAMPLES, run_quire

BOB = User("bob", Role.CORRECTOR)


def _keep_saving(home: Path, page_id: int, stop, saving) -> None:  # type: ignore[no-untyped-def]
    """Save edits of the page until `stop` is set; `saving` is set once the first edit is stored."""
    store = Store(home)
    n = 0
    while not stop.is_set():
        cur = store.current(page_id)
        page = review.edit_block_text(cur.page, cur.page.blocks[0].id, f"{n} " + cur.page.blocks[0].text)
        review.save_edits(store, page_id, page, base_id=cur.id, user=BOB)
        saving.set()
        n += 1
    store.close()


def _revisions(home: Path, page_id: int) -> int:
    store = Store(home)
    try:
        return len(store.revisions(page_id))
    finally:
        store.close()


def _saved_past(home: Path, page_id: int, count: int, *, timeout: float = 120.0) -> bool:
    """Wait until the page holds more than `count` revisions (the writer went on saving)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _revisions(home, page_id) > count:
            return True
        time.sleep(0.1)
    return False


def _payload(bag_root: Path) -> dict[str, Path]:
    """Files of the newest version's payload (data/), by path inside it."""
    version = sorted(p for p in bag_root.iterdir() if p.is_dir())[-1]
    data = version / "data"
    return {str(f.relative_to(data)): f for f in data.rglob("*") if f.is_file()}


@pytest.mark.slow
def test_backup_while_saving_then_restore_exports_identical_files(tmp_path: Path) -> None:
    """The backup is taken while a corrector keeps saving pages of another volume; the restored
    store exports the same bytes as the original, and its busy pages are whole."""
    home = tmp_path / "home"
    store = Store(home)
    for volume in ("born", "other"):
        ingest_paths(
            store, [SAMPLES / "book-born-digital.pdf"], IngestOptions.build(volume=volume, clean=False)
        )
    store.save_revision(  # an edit in the volume compared, before the backup
        store.page(store.volume("born").id, 2).id,
        store.current(store.page(store.volume("born").id, 2).id).page,
        author="bob",
        reason="edit",
        base_id=store.current(store.page(store.volume("born").id, 2).id).id,
    )
    busy = store.page(store.volume("other").id, 4).id
    store.close()
    ctx = mp.get_context("forkserver")  # a fork of this threaded process can copy a held lock and hang
    stop, saving = ctx.Event(), ctx.Event()
    writer = ctx.Process(target=_keep_saving, args=(home, busy, stop, saving))
    writer.start()
    try:
        # the backup starts once the writer is saving (a forkserver child takes a while to start
        # on a loaded machine), and the writer goes on past it
        assert saving.wait(120), "the writer never saved"
        proc = run_quire("backup", str(tmp_path / "backup"), home=home, check=True)
        assert _saved_past(home, busy, _revisions(home, busy)), "the writer stopped saving"
    finally:
        stop.set()
        writer.join(30)
    assert "database copied" in proc.stdout and "Traceback" not in proc.stderr
    store = Store(home)
    saved_after = len(store.revisions(busy))
    store.close()
    restored = tmp_path / "restored"
    run_quire("restore", str(tmp_path / "backup"), home=restored, check=True)
    again = run_quire("restore", str(tmp_path / "backup"), home=restored)
    assert again.returncode != 0 and "already has a database" in again.stderr
    back = Store(restored)
    revs = back.revisions(busy)
    assert 1 < len(revs) < saved_after and [r.number for r in revs] == list(range(1, len(revs) + 1))
    assert back.current(busy).id == revs[-1].id  # the page row and its revisions agree
    back.close()
    for h, out in ((home, tmp_path / "ex-orig"), (restored, tmp_path / "ex-restored")):
        run_quire("export", "born", "--format", "all", "--out", str(out), home=h, check=True)
    a, b = _payload(tmp_path / "ex-orig"), _payload(tmp_path / "ex-restored")
    assert a.keys() == b.keys() and len(a) > 5
    different = [k for k in a if not filecmp.cmp(a[k], b[k], shallow=False)]
    assert not different


def test_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    proc = run_quire("restore", str(tmp_path / "empty"), home=tmp_path / "h")
    assert proc.returncode == 3 and "no quire.db in the backup folder" in proc.stderr
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "quire.db").write_bytes(b"not a database at all" * 100)
    proc = run_quire("restore", str(tmp_path / "bad"), home=tmp_path / "h2")
    assert proc.returncode == 3 and "cannot be read" in proc.stderr and "Traceback" not in proc.stderr


def test_backup_into_the_store_itself_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "home"
    Store(home).close()
    proc = run_quire("backup", str(home / "b"), home=home)
    assert proc.returncode == 3 and "outside the store" in proc.stderr


@pytest.mark.postgres
def test_backup_on_postgres_says_how_to_dump(pg_url: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    Store(home, pg_url).close()
    proc = run_quire("backup", str(tmp_path / "b"), home=home, env={"QUIRE_DATABASE_URL": pg_url})
    assert proc.returncode == 0 and "pg_dump" in proc.stderr
