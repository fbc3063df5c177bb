"""Review logic without a browser: edits keep boxes, saves conflict instead of overwriting,
find/replace is undone as one, sign-in uses argon2."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from ingest import review
from ingest.errors import InputError, PermissionDenied, StoreConflict
from ingest.model import BBox, Block, BlockKind, Line, Page, PageStatus, SourceRef, Word, WordOrigin
from ingest.review import Role, Side, User
from ingest.store import Store

ADA = User("ada", Role.ARCHIVIST)
BOB = User("bob", Role.CORRECTOR)
CY = User("cy", Role.CORRECTOR)


def _line(y: int, *texts: str, conf: float = 0.9) -> Line:
    words = tuple(Word(t, BBox(100 * i, y, 100 * i + 80, y + 20), conf) for i, t in enumerate(texts))
    return Line(words, BBox.enclosing([w.bbox for w in words]))


def _page(*blocks: Block) -> Page:
    return Page(
        index=3,
        source=SourceRef("x.png", 1, "0" * 64),
        width=1000,
        height=1400,
        dpi=300,
        blocks=blocks,
        status=PageStatus.OCR_DONE,
    )


def _block(bid: str, *lines: Line, kind: BlockKind = BlockKind.PARAGRAPH) -> Block:
    return Block(bid, kind, lines, BBox.enclosing([ln.bbox for ln in lines]))


@pytest.fixture()
def page() -> Page:
    return _page(
        _block("p0003-b01", _line(10, "CHAPTER", "ONE"), kind=BlockKind.HEADING),
        _block("p0003-b02", _line(50, "Tbe", "quick", "brown"), _line(80, "fox", "jumps.")),
    )


# --- editing -----------------------------------------------------------------------------------


def test_unchanged_text_keeps_the_block(page: Page) -> None:
    b = page.block("p0003-b02")
    assert review.retokenise_block(b, b.text) is b


def test_corrected_word_keeps_its_box_and_others_stay_ocr(page: Page) -> None:
    new = review.edit_block_text(page, "p0003-b02", "The quick brown\nfox jumps.")
    old_words, new_words = page.block("p0003-b02").words, new.block("p0003-b02").words
    assert [w.text for w in new_words] == ["The", "quick", "brown", "fox", "jumps."]
    assert new_words[0].origin is WordOrigin.CORRECTED and new_words[0].confidence == 1.0
    assert new_words[0].bbox == old_words[0].bbox
    assert new_words[1:] == old_words[1:]


def test_splitting_a_word_splits_its_box(page: Page) -> None:
    new = review.edit_block_text(page, "p0003-b02", "Tbe quick brown\nfox jum ps.")
    a, b = new.block("p0003-b02").lines[1].words[1:]
    old = page.block("p0003-b02").lines[1].words[1].bbox
    assert (a.bbox.x0, b.bbox.x1) == (old.x0, old.x1) and a.bbox.x1 == b.bbox.x0
    assert a.origin is b.origin is WordOrigin.CORRECTED


def test_inserted_and_deleted_words(page: Page) -> None:
    new = review.edit_block_text(page, "p0003-b02", "Tbe very quick\nfox jumps.")
    words = new.block("p0003-b02").words
    assert [w.text for w in words] == ["Tbe", "very", "quick", "fox", "jumps."]
    assert words[1].bbox.width == 0 and words[1].origin is WordOrigin.CORRECTED
    assert len(new.block("p0003-b02").lines) == 2


def test_blank_line_splits_the_block(page: Page) -> None:
    new = review.edit_block_text(page, "p0003-b02", "Tbe quick brown\n\nfox jumps.")
    assert [b.id for b in new.blocks] == ["p0003-b01", "p0003-b02", "p0003-b03"]
    assert new.blocks[2].text == "fox jumps." and new.blocks[2].kind is BlockKind.PARAGRAPH
    assert new.blocks[2].words == page.block("p0003-b02").lines[1].words


def test_markup_is_stored_as_plain_text(page: Page) -> None:
    new = review.edit_block_text(page, "p0003-b01", "<script>alert(1)</script> ONE")
    assert new.block("p0003-b01").words[0].text == "<script>alert(1)</script>"
    html = review.diff_html(review.word_diff(page, new))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_kind_merge_split(page: Page) -> None:
    p = review.set_block_kind(page, "p0003-b02", BlockKind.FOOTNOTE)
    assert p.block("p0003-b02").kind is BlockKind.FOOTNOTE and p.block("p0003-b02").level is None
    assert review.set_block_kind(page, "p0003-b02", BlockKind.HEADING).block("p0003-b02").level == 1
    merged = review.merge_with_next(page, "p0003-b01")
    assert len(merged.blocks) == 1 and merged.blocks[0].kind is BlockKind.HEADING
    assert merged.blocks[0].text == "CHAPTER ONE\nTbe quick brown\nfox jumps."
    split = review.split_block(merged, "p0003-b01", 1)
    assert [b.text for b in split.blocks] == ["CHAPTER ONE", "Tbe quick brown\nfox jumps."]
    assert split.blocks[1].id not in {"p0003-b01"}
    with pytest.raises(InputError):
        review.merge_with_next(page, "p0003-b02")
    with pytest.raises(InputError):
        review.split_block(page, "p0003-b01", 1)


def test_low_confidence_navigation_wraps() -> None:
    p = _page(_block("p0003-b01", _line(10, "a", "b", conf=0.3), _line(40, "c", conf=0.95)))
    first = review.next_low_confidence(p, None)
    assert first is not None and first.id == "p0003-b01:0:0"
    second = review.next_low_confidence(p, first.id)
    assert second is not None and second.id == "p0003-b01:0:1"
    again = review.next_low_confidence(p, second.id)
    assert again is not None and again.id == first.id
    fixed = review.edit_block_text(p, "p0003-b01", "A b\nc")
    assert [w.text for w in review.low_confidence_words(fixed)] == ["b"]


# --- three-way merge ----------------------------------------------------------------------------


def test_merge_keeps_both_sides_changes_and_flags_clashes(page: Page) -> None:
    mine = review.edit_block_text(page, "p0003-b02", "The quick brown\nfox jumps.")
    theirs = review.edit_block_text(page, "p0003-b01", "CHAPTER 1")
    m = review.three_way_merge(page, mine, theirs)
    assert not m.conflicts
    assert m.resolve().text == "CHAPTER 1\n\nThe quick brown\nfox jumps."

    theirs2 = review.edit_block_text(page, "p0003-b02", "Tbe quick brown\nfox jumped.")
    m2 = review.three_way_merge(page, mine, theirs2)
    assert [c.block_id for c in m2.conflicts] == ["p0003-b02"]
    assert m2.resolve().block("p0003-b02").text == "The quick brown\nfox jumps."
    assert m2.resolve({"p0003-b02": Side.THEIRS}).block("p0003-b02").text == "Tbe quick brown\nfox jumped."


# --- with a real store --------------------------------------------------------------------------


@pytest.fixture()
def store(ocr_home: Path, tmp_path: Path) -> Store:
    home = tmp_path / "home"
    shutil.copytree(ocr_home, home)
    s = Store(home)
    yield s  # type: ignore[misc]
    s.close()


def test_sign_in(store: Store) -> None:
    assert review.authenticate(store, "bob", "bob-secret-pw") == BOB
    assert review.authenticate(store, "bob", "wrong") is None
    assert review.authenticate(store, "nobody", "bob-secret-pw") is None
    assert store.user("bob")[1].startswith("$argon2")  # type: ignore[index]
    with pytest.raises(InputError):
        review.add_user(store, "eve", "admin", "long-enough-pw")
    assert not BOB.can("export") and ADA.can("export") and BOB.can("validate")
    with pytest.raises(PermissionDenied):
        review.require(BOB, "ingest")


def _first(store: Store) -> tuple[int, int, Page]:
    info = store.pages(store.volume("demo").id)[1]
    cur = store.current(info.id)
    return info.id, cur.id, cur.page


def test_save_conflict_then_merge(store: Store) -> None:
    page_id, base, page = _first(store)
    bid = page.blocks[-1].id
    mine = review.edit_block_text(page, bid, "mine " + page.block(bid).text)
    theirs = review.edit_block_text(page, page.blocks[0].id, "theirs " + page.blocks[0].text)
    saved = review.save_edits(store, page_id, theirs, base_id=base, user=CY)
    assert saved.author == "cy" and store.current(page_id).page.status is PageStatus.CORRECTED
    with pytest.raises(StoreConflict) as err:
        review.save_edits(store, page_id, mine, base_id=base, user=BOB)
    assert err.value.current_id == saved.id
    assert store.current(page_id).id == saved.id  # nothing overwritten
    m = review.three_way_merge(store.revision(base).page, mine, store.current(page_id).page)
    rev = review.save_merged(store, page_id, m, current_id=saved.id, user=BOB)
    text = store.current(page_id).page.text
    assert rev.author == "bob" and text.startswith("theirs ") and "mine " in text


def test_draft_survives_and_first_edit_puts_page_in_review(store: Store) -> None:
    page_id, base, page = _first(store)
    edited = review.edit_block_text(page, page.blocks[0].id, "Draft text")
    review.save_draft(store, page_id, BOB, base, edited, page.status)
    again = Store(store.home)
    assert review.load_draft(again, page_id, BOB) == (base, edited)
    assert review.load_draft(again, page_id, CY) is None
    assert again.page_by_id(page_id).status is PageStatus.IN_REVIEW
    review.save_edits(again, page_id, edited, base_id=base, user=BOB)
    assert review.load_draft(again, page_id, BOB) is None


def test_validation_records_who_validated(store: Store) -> None:
    """Save with no changes: proofread by bob ("checked"); validating is someone else's (cy)."""
    page_id, base, page = _first(store)
    rev = review.save_page(store, page_id, page, base_id=base, user=BOB)
    assert rev is not None and (rev.reason, rev.author) == ("checked", "bob")
    with pytest.raises(PermissionDenied):
        review.validate_page(store, page_id, page, base_id=rev.id, user=BOB)
    val = review.validate_page(store, page_id, page, base_id=rev.id, user=CY)
    assert (val.reason, val.author, val.base_id) == ("validate", "cy", rev.id)
    assert val.page.blocks == page.blocks and store.page_by_id(page_id).status is PageStatus.APPROVED
    with pytest.raises(PermissionDenied, match="validated already"):
        review.validate_page(store, page_id, page, base_id=val.id, user=ADA)
    rows = review.describe_history(store.revisions(page_id))
    assert (rows[0]["change"], rows[0]["author"], rows[0]["status"]) == (
        "validated",
        "cy",
        "proofread → validated",
    )
    assert review.queue_order(store.pages(store.volume("demo").id))[:1] != [store.page_by_id(page_id).index]


def test_find_replace_and_undo_as_one(store: Store) -> None:
    vol = store.volume("demo").id
    hits = review.find_in_volume(store, vol, "the", case=False)
    pages = {h.page_index for h in hits}
    assert len(pages) >= 2 and all(h.match.lower() == "the" for h in hits)
    before = {p.id: p.current_revision_id for p in store.pages(vol)}
    res = review.replace_hits(store, hits, "the", "THE", user=BOB)
    assert res.changed_pages == len(pages) and not res.skipped
    assert len(store.revisions_in_group(res.group_id)) == len(pages)
    assert not review.find_in_volume(store, vol, "the", case=True)
    h0 = res.revisions[0]
    assert h0.reason == "replace-all"
    undo = review.undo_replace(store, res.group_id, user=BOB)
    assert undo.changed_pages == len(pages)
    for p in store.pages(vol):
        if p.id in {r.page_id for r in res.revisions}:
            cur = store.current(p.id)
            assert cur.reason == "revert"
            assert cur.page.blocks == store.revision(before[p.id]).page.blocks  # type: ignore[arg-type]


def test_replace_skips_pages_changed_since_search(store: Store) -> None:
    vol = store.volume("demo").id
    hits = review.find_in_volume(store, vol, r"\bthe\b", regex=True)
    page_id = hits[0].page_id
    cur = store.current(page_id)
    review.save_edits(
        store, page_id, review.edit_block_text(cur.page, cur.page.blocks[0].id, "x"), base_id=cur.id, user=CY
    )
    res = review.replace_hits(store, hits, r"\bthe\b", "le", regex=True, user=BOB)
    assert res.skipped and all(r.page_id != page_id for r in res.revisions)
    with pytest.raises(InputError):
        review.find_in_volume(store, vol, "(unclosed", regex=True)


def test_history_revert_and_diff(store: Store) -> None:
    page_id, base, page = _first(store)
    bid = page.blocks[0].id
    edited = review.edit_block_text(page, bid, "Completely new words")
    review.save_edits(store, page_id, edited, base_id=base, user=BOB)
    revs = store.revisions(page_id)
    ops = review.word_diff(revs[0].page, revs[-1].page)
    assert review.diff_stats(ops)["replaced"] + review.diff_stats(ops)["inserted"] > 0
    rows = [review.describe_revision(r) for r in revs]
    assert [r["change"] for r in rows] == ["raw OCR", "human edit"]
    rev = review.revert(store, page_id, revs[0].id, user=BOB)
    assert rev.reason == "revert" and store.current(page_id).page.blocks == page.blocks


def test_resolve_page_and_progress(store: Store) -> None:
    infos = store.pages(store.volume("demo").id)
    infos = [replace(infos[0], label="xii"), *infos[1:]]
    assert review.resolve_page(infos, "xii") == 1
    assert review.resolve_page(infos, "#3") == 3
    assert review.resolve_page(infos, "4") == 4
    assert review.resolve_page(infos, "99") is None
    prog = review.volume_progress(infos)
    assert prog.total == 4 and prog.by_status[PageStatus.OCR_DONE] == 4 and prog.done == 0
    q = review.queue_order(infos)
    assert q[0] == min(infos, key=lambda p: p.mean_confidence or 1).index


def test_neighbour_in_scan_order_and_along_the_queue(store: Store) -> None:
    infos = store.pages(store.volume("demo").id)
    assert [review.neighbour(infos, 1, 1), review.neighbour(infos, 1, -1)] == [2, None]
    assert [review.neighbour(infos, 4, 1), review.neighbour(infos, 4, -1)] == [None, 3]
    queue = [3, 1, 4]
    assert review.neighbour(infos, 3, 1, queue) == 1 and review.neighbour(infos, 1, -1, queue) == 3
    assert review.neighbour(infos, 4, 1, queue) is None and review.neighbour(infos, 3, -1, queue) is None
    # a page off the queue (just corrected): forward is the queue's first page, back is nowhere
    assert review.neighbour(infos, 2, 1, queue) == 3 and review.neighbour(infos, 2, -1, queue) is None
    assert review.neighbour(infos, 2, 1, []) is None


def test_every_page_status_and_revision_reason_has_a_label() -> None:
    """Regression: a blank leaf had no status label, so the views that show a page's status
    (History, the review header) failed with a KeyError on it."""
    from ingest.model import RevisionReason

    assert set(review.STATUS_LABELS) == set(PageStatus)
    assert set(review.history.REASON_LABELS) == set(RevisionReason)
