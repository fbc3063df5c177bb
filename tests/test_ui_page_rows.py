"""The review screen's page rows (`ui.data.volume_pages`): a page turn uses the rows kept and has
them read again after its run when they are old; the page shown is read fresh; a write drops them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import review
from ingest.model import PageStatus
from ingest.store import Store
from tests.test_ui_app import BOB
from tests.test_ui_app import home as home  # noqa: F401 (the fixtures: a copy of the OCRed demo store)
from ui import data


def _drained() -> None:
    """Wait until the background work queued so far (warm-ups, re-reads) has run."""
    data._warmer.submit(lambda: None).result(timeout=60)


def _saved_elsewhere(home: Path, index: int) -> None:
    """Page `index` proofread by someone, through a store of its own (another server, say)."""
    store = Store(home)
    try:
        info = store.page(store.volume("demo").id, index)
        cur = store.current(info.id)
        review.save_page(store, info.id, cur.page, base_id=cur.id, user=BOB)
    finally:
        store.close()


def test_a_page_turn_uses_the_rows_kept_and_rereads_them_after(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data.pages_changed()  # nothing kept from another test's store
    # the rows kept stay fresh however slow the machine is (the window is shut below, where old
    # rows are wanted): a save through another store took over the 2 s window under load
    monkeypatch.setattr(data, "PAGES_FRESH_S", 3600.0)
    vol = data.store().volume("demo").id
    before = {p.index: p for p in data.volume_pages(vol)}
    assert before[2].status is not PageStatus.CORRECTED
    _saved_elsewhere(home, 2)
    # while fresh the rows kept serve, for a page turn too; the page shown is read as it is now
    assert data.volume_pages(vol)[1] == before[2]
    assert data.volume_pages(vol, reread_later=True)[1] == before[2]
    assert data.page_now(before[2]).status is PageStatus.CORRECTED
    # once they are old: a page turn still gets them at once, and they are read again after it
    monkeypatch.setattr(data, "PAGES_FRESH_S", 0.0)
    assert data.volume_pages(vol, reread_later=True)[1] == before[2]
    data.reread_if_old(vol)
    _drained()
    monkeypatch.setattr(data, "PAGES_FRESH_S", 3600.0)
    assert data.volume_pages(vol, reread_later=True)[1].status is PageStatus.CORRECTED
    # any other view reads old rows again itself
    _saved_elsewhere(home, 3)
    monkeypatch.setattr(data, "PAGES_FRESH_S", 0.0)
    assert data.volume_pages(vol)[2].status is PageStatus.CORRECTED


def test_a_write_drops_the_rows_kept_even_while_they_are_being_read(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data.pages_changed()
    vol = data.store().volume("demo").id
    data.volume_pages(vol)
    _saved_elsewhere(home, 2)
    data.pages_changed()  # this server wrote: the next read is fresh, whatever the age
    assert data.volume_pages(vol, reread_later=True)[1].status is PageStatus.CORRECTED
    # rows read while this server writes are not kept: they may lack the write
    store = data.store()
    read = store.pages

    def read_then_write(volume_id: int):  # type: ignore[no-untyped-def]
        rows = read(volume_id)
        _saved_elsewhere(home, 3)
        data.pages_changed()
        return rows

    monkeypatch.setattr(store, "pages", read_then_write)
    data.pages_changed()
    assert data.volume_pages(vol)[2].status is not PageStatus.CORRECTED  # as read, before the write
    monkeypatch.setattr(store, "pages", read)
    assert data.volume_pages(vol, reread_later=True)[2].status is PageStatus.CORRECTED
