"""What a hostile or careless user of the review functions can do: patterns that run for ever,
invalid replacement templates, volume names that are paths, each stopped with a clear message."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from ingest import review
from ingest.errors import InputError
from ingest.options import IngestOptions, OptionError
from ingest.pipeline import ingest_paths
from ingest.review import Role, User
from ingest.store import Store

from .conftest import SAMPLES

ADA = User("ada", Role.ARCHIVIST)
#: Catastrophic backtracking on any page with text and no run of 40 digits (issue 15, item 1).
HOSTILE = r"(?:.|\s)*\d{40}"


@pytest.fixture(scope="module")
def born_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("born")
    store = Store(home)
    ingest_paths(store, [SAMPLES / "book-born-digital.pdf"], IngestOptions.build(volume="born", clean=False))
    store.close()
    return home


@pytest.fixture()
def born(born_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    import shutil

    home = tmp_path / "home"
    shutil.copytree(born_home, home)
    monkeypatch.setenv("QUIRE_HOME", str(home))
    s = Store(home)
    yield s  # type: ignore[misc]
    s.close()


def test_a_runaway_pattern_is_stopped_with_a_message(born: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUIRE_PATTERN_SECONDS", "0.5")
    vid = born.volume("born").id
    started = time.monotonic()
    with pytest.raises(InputError, match="took more than 0.5 s"):
        review.find_in_volume(born, vid, HOSTILE, regex=True)
    assert time.monotonic() - started < 10  # the engine checks its clock coarsely under load


def test_other_threads_run_while_a_pattern_is_matched(born: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Matching must not hold the interpreter: another user's request (a thread) keeps running."""
    monkeypatch.setenv("QUIRE_PATTERN_SECONDS", "1.5")
    vid = born.volume("born").id
    ticks: list[float] = []
    stop = threading.Event()

    def other_user() -> None:
        while not stop.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.01)

    t = threading.Thread(target=other_user)
    t.start()
    try:
        with pytest.raises(InputError):
            review.find_in_volume(born, vid, HOSTILE, regex=True)
    finally:
        stop.set()
        t.join()
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert len(ticks) > 50 and max(gaps) < 0.5, (len(ticks), max(gaps))


def test_an_invalid_replacement_template_is_refused_and_writes_nothing(born: Store) -> None:
    vid = born.volume("born").id
    hits = review.find_in_volume(born, vid, r"(th)e", regex=True)
    assert hits
    before = {p.id: p.current_revision_id for p in born.pages(vid)}
    for template in (r"\9", r"\g<nope>", "\\"):
        with pytest.raises(InputError, match="replacement"):
            review.replace_hits(born, hits, r"(th)e", template, regex=True, user=ADA)
    assert {p.id: p.current_revision_id for p in born.pages(vid)} == before


def test_replace_over_many_pages_is_one_transaction_with_one_undo(born: Store) -> None:
    vid = born.volume("born").id
    hits = review.find_in_volume(born, vid, "the", case=True)
    res = review.replace_hits(born, hits, "the", "THE", case=True, user=ADA)
    assert res.changed_pages == len({h.page_id for h in hits}) > 2
    assert {r.group_id for r in res.revisions} == {res.group_id}
    undo = review.undo_replace(born, res.group_id, user=ADA)
    assert undo.changed_pages == res.changed_pages and not review.find_in_volume(born, vid, "THE", case=True)


@pytest.mark.parametrize("name", [".", "..", ".hidden", "a/b", "../x", "a\\b", "", " ", "x" * 201, "a\x00b"])
def test_volume_names_that_are_not_plain_names_are_refused(name: str, born: Store) -> None:
    with pytest.raises(OptionError):
        IngestOptions.build(volume=name)
    with pytest.raises(InputError):
        born.ensure_volume(name)


@pytest.mark.parametrize("name", ["essays-1890", "vol_2.b", "Œuvres3"])
def test_plain_volume_names_are_accepted(name: str) -> None:
    assert IngestOptions.build(volume=name).volume == name
