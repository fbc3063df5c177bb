"""Concurrent writers on one store, in real processes, on SQLite and PostgreSQL: two saves of one
page at once give one revision and one StoreConflict (never an IntegrityError); a replace over
many pages and a cross-page undo are all pages or none; status changes are compare-and-set."""

from __future__ import annotations

import multiprocessing as mp
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from ingest import review
from ingest.errors import StoreConflict
from ingest.model import PageStatus
from ingest.options import IngestOptions
from ingest.pipeline import ingest_paths
from ingest.review import Role, User
from ingest.store import Store

from .conftest import SAMPLES

BORN_DIGITAL = SAMPLES / "book-born-digital.pdf"  # a text layer: ingests in seconds, no OCR
BOB = User("bob", Role.CORRECTOR)
ADA = User("ada", Role.ARCHIVIST)
CY = User("cy", Role.CORRECTOR)
WRITERS = 4
ROUNDS = 8


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str | None]:
    """(home, database URL): a volume of the born-digital sample on SQLite or PostgreSQL."""
    home = tmp_path / "home"
    if request.param == "sqlite":  # a copy of the session's ingested store (conftest.born_home)
        shutil.copytree(request.getfixturevalue("born_home"), home)
        return home, None
    url = request.getfixturevalue("pg_url")
    store = Store(home, url)
    ingest_paths(store, [BORN_DIGITAL], IngestOptions.build(volume="born", jobs=1, clean=False))
    store.close()
    return home, url


def _save_at_once(home: Path, url: str | None, page_id: int, who: str, barrier, bases, out) -> None:  # type: ignore[no-untyped-def]
    """A writer kept for every round (its imports and its store opened once, not once a round): for
    each base revision it is sent, it edits the page and saves it at the same moment as the others
    (`barrier`); None ends it."""
    store = Store(home, url)
    try:
        while (base_id := bases.get()) is not None:
            page = store.revision(base_id).page
            page = review.edit_block_text(page, page.blocks[0].id, f"{who} " + page.blocks[0].text)
            barrier.wait()
            try:
                rev = review.save_edits(store, page_id, page, base_id=base_id, user=User(who, Role.CORRECTOR))
                out.put((who, "saved", rev.id))
            except StoreConflict as exc:
                out.put((who, "conflict", exc.current_id))
            except Exception as exc:  # the bug: IntegrityError / database is locked
                out.put((who, f"{type(exc).__name__}: {exc}", None))
    finally:
        store.close()


def test_simultaneous_saves_of_one_page_one_wins_the_rest_conflict(db: tuple[Path, str | None]) -> None:
    """Regression (issue 15, item 6): on SQLite two saves at once raised IntegrityError."""
    home, url = db
    store = Store(home, url)
    info = store.page(store.volume("born").id, 2)
    ctx = mp.get_context("forkserver")  # a fork of this threaded process can copy a held lock and hang
    barrier, out = ctx.Barrier(WRITERS), ctx.Queue()
    bases = [ctx.Queue() for _ in range(WRITERS)]
    procs = [
        ctx.Process(target=_save_at_once, args=(home, url, info.id, f"w{n}", barrier, bases[n], out))
        for n in range(WRITERS)
    ]
    for p in procs:
        p.start()
    try:
        for _ in range(ROUNDS):
            base = store.current(info.id).id
            for q in bases:
                q.put(base)
            results = [out.get(timeout=60) for _ in procs]
            kinds = sorted(r[1] for r in results)
            assert kinds == ["conflict"] * (WRITERS - 1) + ["saved"], results
            winner = next(r[2] for r in results if r[1] == "saved")
            assert all(r[2] == winner for r in results if r[1] == "conflict")
            assert store.current(info.id).id == winner
        revs = store.revisions(info.id)
        assert len(revs) == 1 + ROUNDS and [r.number for r in revs] == list(range(1, ROUNDS + 2))
    finally:
        for q in bases:
            q.put(None)
        for p in procs:
            p.join(30)
            if p.is_alive():
                p.terminate()
        store.close()


def _replace_worker(home: Path, url: str | None, volume_id: int, barrier, out) -> None:  # type: ignore[no-untyped-def]
    store = Store(home, url)
    hits = review.find_in_volume(store, volume_id, "the", case=True)
    barrier.wait()
    try:
        res = review.replace_hits(store, hits, "the", "THE", case=True, user=ADA)
        out.put(("replaced", res.changed_pages))
    except StoreConflict:
        out.put(("conflict", 0))
    except Exception as exc:
        out.put((f"{type(exc).__name__}: {exc}", 0))
    finally:
        store.close()


def _edit_worker(home: Path, url: str | None, page_ids: list[int], barrier, out) -> None:  # type: ignore[no-untyped-def]
    store = Store(home, url)
    bases = {pid: store.current(pid) for pid in page_ids}
    barrier.wait()
    saved = 0
    for pid in page_ids:
        page = bases[pid].page
        page = review.edit_block_text(page, page.blocks[-1].id, page.blocks[-1].text + " edited")
        try:
            review.save_edits(store, pid, page, base_id=bases[pid].id, user=BOB)
            saved += 1
        except StoreConflict:
            pass
        except Exception as exc:
            out.put((f"{type(exc).__name__}: {exc}", saved))
            store.close()
            return
    out.put(("edited", saved))
    store.close()


def test_replace_over_a_volume_races_edits_all_pages_or_none(db: tuple[Path, str | None]) -> None:
    """A replace over every page while a corrector saves pages: the replace is written whole (one
    group, one undo) or not at all; no page is half-replaced and no save is lost."""
    home, url = db
    store = Store(home, url)
    vid = store.volume("born").id
    ctx = mp.get_context("forkserver")  # a fork of this threaded process can copy a held lock and hang
    try:
        pages = [p for p in store.pages(vid) if p.current_revision_id is not None]
        with_hits = {h.page_id for h in review.find_in_volume(store, vid, "the", case=True)}
        assert len(with_hits) >= 3
        targets = sorted(with_hits)[-2:]
        before = {p.id: len(store.revisions(p.id)) for p in pages}
        barrier, out = ctx.Barrier(2), ctx.Queue()
        procs = [
            ctx.Process(target=_replace_worker, args=(home, url, vid, barrier, out)),
            ctx.Process(target=_edit_worker, args=(home, url, targets, barrier, out)),
        ]
        for p in procs:
            p.start()
        results = dict(out.get(timeout=120) for _ in procs)
        for p in procs:
            p.join(30)
        assert set(results) <= {"replaced", "conflict", "edited"}, results
        after = {p.id: store.revisions(p.id)[before[p.id] :] for p in pages}
        replaced = {pid for pid, revs in after.items() if any(r.reason == "replace-all" for r in revs)}
        if "replaced" in results:
            groups = {r.group_id for revs in after.values() for r in revs if r.reason == "replace-all"}
            assert len(groups) == 1 and results["replaced"] == len(replaced)
            assert with_hits - set(targets) <= replaced  # pages nobody touched were all replaced
        else:
            assert replaced == set()  # refused: not one page written
        edits = sum(1 for revs in after.values() for r in revs if r.reason == "edit")
        assert edits == results["edited"]  # every save that was reported saved is there
        for pid in targets:
            cur = store.current(pid).page.text
            assert (" edited" in cur) == any(r.reason == "edit" for r in after[pid])
    finally:
        store.close()


def test_first_edit_does_not_undo_an_approval_made_in_between(db: tuple[Path, str | None]) -> None:
    """Regression (item 11): the draft's move to "in review" read the status, then wrote it."""
    home, url = db
    store = Store(home, url)
    try:
        info = store.page(store.volume("born").id, 3)
        cur = store.current(info.id)
        seen = store.page_by_id(info.id).status  # what the review screen read: OCR done
        assert seen is PageStatus.OCR_DONE
        # someone proofreads the page, someone else validates it
        r = review.save_page(store, info.id, cur.page, base_id=cur.id, user=ADA)
        assert r is not None
        review.validate_page(store, info.id, r.page, base_id=r.id, user=CY)
        edited = review.edit_block_text(cur.page, cur.page.blocks[0].id, "x " + cur.page.blocks[0].text)
        review.save_draft(store, info.id, BOB, cur.id, edited, seen)  # a stale status seen
        assert store.page_by_id(info.id).status is PageStatus.APPROVED
        assert store.set_status(info.id, PageStatus.IN_REVIEW, expected=(PageStatus.OCR_DONE,)) is False
        assert store.set_status(info.id, PageStatus.CORRECTED, expected=(PageStatus.APPROVED,)) is True
    finally:
        store.close()


def test_cleanup_undo_and_replace_write_nothing_when_one_page_fails(db: tuple[Path, str | None]) -> None:
    """A multi-page write whose last page is stale writes none of its pages."""
    home, url = db
    store = Store(home, url)
    try:
        pages = store.pages(store.volume("born").id)[:3]
        curs = [store.current(p.id) for p in pages]
        writes = [(p.id, replace(c.page, label="x"), c.id) for p, c in zip(pages, curs, strict=True)]
        stale = store.save_revision(pages[2].id, curs[2].page, author="cy", reason="edit", base_id=curs[2].id)
        with pytest.raises(StoreConflict):
            store.save_revisions(writes, author="ada", reason="replace-all", group_id="g1")
        assert [store.current(p.id).id for p in pages] == [curs[0].id, curs[1].id, stale.id]
        assert store.revisions_in_group("g1") == []
    finally:
        store.close()
