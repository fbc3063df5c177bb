"""Migrating a store that already holds pages keeps every row (SQLite rebuilds an altered table, and
with foreign keys on the rebuild of `pages` used to delete every revision)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from ingest.store import Store
from ingest.store.db import make_engine, migrate
from tests.test_export_support import make_structured_store


def _counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {
                t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in ("pages", "revisions")
            }
    finally:
        engine.dispose()


def test_upgrading_a_filled_store_keeps_its_revisions(tmp_path: Path) -> None:
    store = make_structured_store(tmp_path / "home")
    url = store.url
    vol = store.volume("walden")
    before = {p.index: store.current(p.id).page for p in store.pages(vol.id)}
    store.close()
    counts = _counts(url)
    assert counts["revisions"] >= counts["pages"] > 0
    engine = make_engine(url)
    try:
        migrate(engine, "0001")  # the schema as the first release wrote it, rows and all
        assert _counts(url) == counts
        migrate(engine)
    finally:
        engine.dispose()
    assert _counts(url) == counts
    store = Store(tmp_path / "home")
    try:
        assert {p.index: store.current(p.id).page for p in store.pages(vol.id)} == before
    finally:
        store.close()
