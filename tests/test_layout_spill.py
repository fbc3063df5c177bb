"""Cleanup works through the volume with its pages on disk (`ingest.layout.spill`, `passes`): what
it holds in memory does not grow with the volume's words, and drafts sent to disk and read back
are the drafts they were. The volume is the sample book's text layer, repeated, fed one page at a
time from its stored form as `pipeline.clean` feeds pages from the store."""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ingest import sources
from ingest.layout import clean_volume, cleaned_pages, spill
from ingest.model import BBox, Line, Page, Word
from ingest.store.codec import page_from_dict, page_to_dict

SAMPLE = Path(__file__).parent.parent / "samples" / "book-born-digital.pdf"


@pytest.fixture(scope="module")
def book() -> list[dict[str, Any]]:
    pages = [sp.text_page for sp in sources.pdf_pages(SAMPLE) if not isinstance(sp, sources.PageFailure)]
    return [page_to_dict(p) for p in pages if p is not None]


def _volume(book: list[dict[str, Any]], copies: int) -> Iterator[Page]:
    """The book `copies` times over, numbered through, each page decoded only when it is read."""
    for k in range(copies * len(book)):
        yield dataclasses.replace(page_from_dict(book[k % len(book)]), index=k + 1)


def _words_alive() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is Word)


def _held_when_handed_on(book: list[dict[str, Any]], copies: int) -> int:
    """Words alive when cleanup hands on its first page (every step across pages is done then)."""
    before = _words_alive()
    pages = cleaned_pages(_volume(book, copies))
    next(pages)
    held = _words_alive() - before
    pages.close()
    return held


def test_cleanup_holds_no_more_words_for_a_longer_volume(
    book: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spill, "LOADED_ITEMS", 60)
    words_per_copy = sum(len(ln["words"]) for p in book for b in p["blocks"] for ln in b["lines"])
    short, long = _held_when_handed_on(book, 2), _held_when_handed_on(book, 6)
    # four more copies of the book hold at most a tenth of their words (their page furniture);
    # holding the drafts of the volume would hold all of them
    assert long - short <= 0.1 * 4 * words_per_copy, (short, long, words_per_copy)


def test_drafts_read_back_from_disk_are_the_drafts_kept_in_memory(
    book: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spill, "LOADED_ITEMS", 10**9)  # nothing goes back to disk once read
    kept = [page_to_dict(p) for p in clean_volume(list(_volume(book, 2)))]
    monkeypatch.setattr(spill, "LOADED_ITEMS", 20)  # a draft or two loaded at a time
    spilled = [page_to_dict(p) for p in clean_volume(list(_volume(book, 2)))]
    assert spilled == kept


def _line(text: str, y: int) -> Line:
    box = BBox(10, y, 10 + 20 * len(text), y + 30)
    return Line(words=(Word(text, box, 0.9),), bbox=box)


def test_lazy_lines_keep_changes_made_before_they_go_back_to_disk() -> None:
    with spill.Spill(budget=4) as store:
        drafts = [spill.LazyList(store, [_line(f"w{k}{i}", 40 * i) for i in range(3)]) for k in range(5)]
        first = drafts[0]
        first[1] = _line("changed", 40)
        first.insert(0, _line("added", 0))
        del first[3]
        for d in drafts[1:]:
            assert len(d) == 3  # loads each in turn: the first goes back to disk
            assert store.loaded() <= store.budget + 3
        assert first._items is None  # noqa: SLF001  (it is on disk now)
        assert [ln.text for ln in first] == ["added", "w00", "changed"]
        assert first == [_line("added", 0), _line("w00", 0), _line("changed", 40)]
        assert first + [_line("x", 0)] == list(first) + [_line("x", 0)]
        assert [ln.text for ln in first[1:]] == ["w00", "changed"]
