"""Two-person validation on a real OCRed store: proofread by one corrector, validated by another,
never by the proofreader; problem pages with a note; every change a revision; the store's record of
who proofread survives a migration from the schema before it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from ingest import review
from ingest.errors import InputError, PermissionDenied, StoreConflict
from ingest.model import PageStatus
from ingest.review import Role, User
from ingest.review.validation import (
    Stage,
    can_validate,
    mark_problem,
    progress_bar_html,
    select_pages,
    stage_counts,
    validate_page,
)
from ingest.store import Store
from ingest.store.db import make_engine, migrate

ADA = User("ada", Role.ARCHIVIST)
BOB = User("bob", Role.CORRECTOR)
CY = User("cy", Role.CORRECTOR)


@pytest.fixture()
def store(ocr_home: Path, tmp_path: Path) -> Store:
    home = tmp_path / "home"
    shutil.copytree(ocr_home, home)
    s = Store(home)
    yield s  # type: ignore[misc]
    s.close()


def _page(store: Store, n: int = 1) -> tuple[int, int]:
    info = store.pages(store.volume("demo").id)[n]
    return info.id, store.current(info.id).id


def test_proofread_then_validated_by_someone_else(store: Store) -> None:
    page_id, base = _page(store)
    page = store.current(page_id).page
    # not proofread yet: nobody validates it
    with pytest.raises(PermissionDenied, match="proofread it first"):
        validate_page(store, page_id, page, base_id=base, user=CY)
    fixed = review.edit_block_text(page, page.blocks[0].id, "Fixed " + page.blocks[0].text)
    rev = review.save_page(store, page_id, fixed, base_id=base, user=BOB)
    assert rev is not None
    info = store.page_by_id(page_id)
    assert (info.status, info.proofread_by) == (PageStatus.CORRECTED, "bob")
    # the proofreader may not validate their own proofreading, whatever their role
    assert can_validate(info, BOB) is not None
    with pytest.raises(PermissionDenied, match="yourself"):
        validate_page(store, page_id, rev.page, base_id=rev.id, user=BOB)
    # validating with changes is refused: saving them makes it someone's proofreading again
    with pytest.raises(InputError, match="changed the text"):
        validate_page(
            store, page_id, review.edit_block_text(rev.page, page.blocks[0].id, "x"), base_id=rev.id, user=CY
        )
    # a stale view of the page is refused
    with pytest.raises(StoreConflict):
        validate_page(store, page_id, rev.page, base_id=base, user=CY)
    assert store.current(page_id).id == rev.id  # nothing written by the refusals
    val = validate_page(store, page_id, rev.page, base_id=rev.id, user=CY)
    assert (val.author, val.reason, val.base_id) == ("cy", "validate", rev.id)
    assert "proofread by bob" in val.note and val.page.blocks == rev.page.blocks
    assert store.page_by_id(page_id).status is PageStatus.APPROVED
    rows = review.describe_history(store.revisions(page_id))
    assert (rows[0]["change"], rows[0]["author"], rows[0]["status"]) == (
        "validated",
        "cy",
        "proofread → validated",
    )
    assert rows[1]["author"] == "bob" and rows[1]["status"].endswith("→ proofread")


def test_an_edit_after_validation_needs_another_validation(store: Store) -> None:
    page_id, base = _page(store)
    page = store.current(page_id).page
    r1 = review.save_page(store, page_id, page, base_id=base, user=BOB)  # checked, no changes
    assert r1 is not None and r1.reason == "checked"
    assert store.page_by_id(page_id).proofread_by == "bob"
    r2 = validate_page(store, page_id, r1.page, base_id=r1.id, user=ADA)
    edited = review.edit_block_text(r2.page, page.blocks[0].id, "Changed by cy")
    r3 = review.save_page(store, page_id, edited, base_id=r2.id, user=CY)
    assert r3 is not None
    info = store.page_by_id(page_id)
    assert (info.status, info.proofread_by) == (PageStatus.CORRECTED, "cy")
    with pytest.raises(PermissionDenied):
        validate_page(store, page_id, r3.page, base_id=r3.id, user=CY)
    assert validate_page(store, page_id, r3.page, base_id=r3.id, user=BOB).author == "bob"


def test_problem_needs_a_note_and_proofreading_clears_it(store: Store) -> None:
    page_id, base = _page(store, 2)
    with pytest.raises(InputError, match="note"):
        mark_problem(store, page_id, "   ", base_id=base, user=BOB)
    with pytest.raises(InputError, match="at most"):
        mark_problem(store, page_id, "x" * 5000, base_id=base, user=BOB)
    evil = '<img src=x onerror="alert(1)"> leaf 12\nmissing'
    rev = mark_problem(store, page_id, evil, base_id=base, user=BOB)
    assert (rev.reason, rev.author, rev.note) == (
        "problem",
        "bob",
        '<img src=x onerror="alert(1)"> leaf 12 missing',
    )
    info = store.page_by_id(page_id)
    assert (info.status, info.status_note) == (PageStatus.PROBLEM, rev.note)
    with pytest.raises(PermissionDenied):
        validate_page(store, page_id, rev.page, base_id=rev.id, user=CY)
    again = review.save_page(store, page_id, rev.page, base_id=rev.id, user=CY)
    assert again is not None
    info = store.page_by_id(page_id)
    assert (info.status, info.status_note, info.proofread_by) == (PageStatus.CORRECTED, None, "cy")


def test_stage_counts_bar_and_export_selection(store: Store) -> None:
    vol = store.volume("demo").id
    page_id, base = _page(store)
    r = review.save_page(store, page_id, store.current(page_id).page, base_id=base, user=BOB)
    assert r is not None
    validate_page(store, page_id, r.page, base_id=r.id, user=CY)
    p2, b2 = _page(store, 2)
    mark_problem(store, p2, "torn corner", base_id=b2, user=CY)
    pages = store.pages(vol)
    counts = stage_counts(pages)
    assert counts.total == len(pages)
    assert counts.counts[Stage.VALIDATED] == 1 and counts.counts[Stage.PROBLEM] == 1
    assert counts.counts[Stage.NOT_PROOFREAD] == len(pages) - 2
    bar = progress_bar_html(counts)
    assert "validated 1" in bar and "problem 1" in bar and "<script" not in bar
    assert [p.index for p in select_pages(pages, "validated")] == [store.page_by_id(page_id).index]
    assert len(select_pages(pages, None)) == len(pages)
    with pytest.raises(InputError, match="--only"):
        select_pages(pages, "approved-ish")


def test_migration_records_who_proofread_pages_done_before(store: Store) -> None:
    page_id, base = _page(store)
    page = store.current(page_id).page
    fixed = review.edit_block_text(page, page.blocks[0].id, "Proofread before the migration")
    review.save_page(store, page_id, fixed, base_id=base, user=BOB)
    url = store.url
    store.close()
    engine = make_engine(url)
    try:
        migrate(engine, "0002")  # the schema before this change, rows and all
        with engine.connect() as conn:
            cols = (
                [r[1] for r in conn.execute(text("PRAGMA table_info(pages)"))]
                if url.startswith("sqlite")
                else []
            )
        assert "proofread_by" not in cols
        migrate(engine)
    finally:
        engine.dispose()
    again = Store(store.home)
    try:
        assert again.page_by_id(page_id).proofread_by == "bob"
        cur = again.current(page_id)
        with pytest.raises(PermissionDenied):
            validate_page(again, page_id, cur.page, base_id=cur.id, user=BOB)
    finally:
        again.close()


def test_exports_record_each_page_status_and_only_validated(store: Store, tmp_path: Path) -> None:
    import json

    from ingest.export.bag import read_info
    from ingest.export.versions import export_volume

    page_id, base = _page(store)
    r = review.save_page(store, page_id, store.current(page_id).page, base_id=base, user=BOB)
    assert r is not None
    validate_page(store, page_id, r.page, base_id=r.id, user=CY)
    p2, b2 = _page(store, 2)
    review.save_page(store, p2, store.current(p2).page, base_id=b2, user=CY)
    idx1, idx2 = store.page_by_id(page_id).index, store.page_by_id(p2).index

    whole = export_volume(store, "demo", "txt,json", out_root=tmp_path / "all", options={"images": False})
    lines = read_info(whole.path)["Quire-Page-Status"]
    assert f"page {idx1} validated (proofread by bob, validated by cy)" in lines
    assert f"page {idx2} proofread (proofread by cy)" in lines
    assert sum("not proofread" in x for x in lines) == 2
    doc = json.loads((whole.path / "data" / "json" / "document.json").read_text())
    stages = {p["index"]: p["proofreading"] for p in doc["pages"]}
    assert stages[idx1] == {"stage": "validated", "proofread_by": "bob"}

    only = export_volume(
        store, "demo", "txt,json", out_root=tmp_path / "only", options={"images": False, "only": "validated"}
    )
    doc = json.loads((only.path / "data" / "json" / "document.json").read_text())
    assert [p["index"] for p in doc["pages"]] == [idx1]
    assert (
        read_info(only.path)["Quire-Page-Status"]
        == f"page {idx1} validated (proofread by bob, validated by cy)"
    )
    assert json.loads(str(read_info(only.path)["Quire-Options"]))["only"] == "validated"


def test_cli_status_and_export_only_validated(store: Store, tmp_path: Path) -> None:
    import json

    from tests.conftest import run_quire

    page_id, base = _page(store)
    r = review.save_page(store, page_id, store.current(page_id).page, base_id=base, user=BOB)
    assert r is not None
    home = store.home
    out = run_quire("status", "demo", home=home, check=True).stdout
    assert "proofreading" in out and "proofread 1" in out and "not proofread 3" in out
    report = json.loads(run_quire("status", "demo", "--json", home=home, check=True).stdout)
    assert report["proofreading"]["proofread"] == 1 and report["proofreading"]["validated"] == 0
    # nothing validated yet: a clear error, no bag
    res = run_quire(
        "export", "demo", "-f", "txt", "--only", "validated", "--out", str(tmp_path / "x"), home=home
    )
    assert res.returncode != 0 and "no validated pages" in res.stderr + res.stdout
    assert not list((tmp_path / "x").glob("v*")) if (tmp_path / "x").exists() else True
    validate_page(store, page_id, r.page, base_id=r.id, user=CY)
    res = run_quire(
        "export", "demo", "-f", "txt", "--only", "validated", "--out", str(tmp_path / "x"), home=home
    )
    assert res.returncode == 0, res.stderr
    assert "Quire-Page-Status: page 2 validated" in (tmp_path / "x" / "v1" / "bag-info.txt").read_text()
    bad = run_quire("export", "demo", "--only", "approved", home=home)
    assert bad.returncode != 0 and "validated, proofread, problem" in bad.stderr + bad.stdout


# --- one fix, every place ---------------------------------------------------------------------------


def test_word_changes_are_one_for_one_ocr_words(store: Store) -> None:
    from ingest.review.everywhere import word_changes

    page_id, _ = _page(store)
    page = store.current(page_id).page
    b = next(b for b in page.blocks if len(b.words) >= 8)
    words = [w.text for w in b.words]
    one = review.edit_block_text(page, b.id, " ".join(["Fixed", *words[1:]]))
    assert word_changes(page, one) == [(words[0], "Fixed")]
    # a word split in two is no one-for-one change; a corrected word is not OCR's any more
    split = review.edit_block_text(page, b.id, " ".join(["Fi", "xed", *words[1:]]))
    assert word_changes(page, split) == []
    assert word_changes(one, review.edit_block_text(one, b.id, " ".join(["Again", *words[1:]]))) == []
    rewrite = review.edit_block_text(page, b.id, " ".join(f"w{i}" for i in range(len(words))))
    assert word_changes(page, rewrite) == []  # more than a few words: a rewrite


def test_one_fix_offered_on_every_page_and_undone_as_one(store: Store) -> None:
    from ingest.review.everywhere import fix_everywhere, offers

    vol = store.volume("demo").id
    pages = {p.index: store.current(p.id) for p in store.pages(vol)}
    # a token OCR read on this page and on others (found, not assumed)
    seen: dict[str, set[int]] = {}
    for i, rev in pages.items():
        for w in rev.page.words:
            seen.setdefault(w.text, set()).add(i)
    here = 3
    token = next(t for t, where in sorted(seen.items()) if here in where and len(where) >= 2 and t.isalpha())
    before = pages[here].page
    b = next(b for b in before.blocks if token in [w.text for w in b.words])
    texts = [w.text for w in b.words]
    k = texts.index(token)
    fixed_text = " ".join([*texts[:k], "Fixed\\1", *texts[k + 1 :]])
    after = review.edit_block_text(before, b.id, fixed_text)
    pid = store.page(vol, here).id
    review.save_page(store, pid, after, base_id=pages[here].id, user=BOB)
    (offer,) = [o for o in offers(store, vol, before, after, page_id=pid, user=BOB) if o.old == token]
    assert offer.new == "Fixed\\1" and offer.hits
    assert {h.page_index for h in offer.hits} == seen[token] - {here}
    assert all(h.match == token for h in offer.hits)
    with pytest.raises(PermissionDenied):  # nobody signed in
        fix_everywhere(store, offer, user=None)  # type: ignore[arg-type]
    res = fix_everywhere(store, offer, user=CY)
    assert res.changed_pages == len({h.page_id for h in offer.hits})
    for rev in res.revisions:
        old = store.revision(rev.base_id).page  # type: ignore[arg-type]
        old_words, new_words = old.words, rev.page.words
        assert len(old_words) == len(new_words)
        for a, n in zip(old_words, new_words, strict=True):
            if a.text == token:
                assert (n.text, n.bbox) == ("Fixed\\1", a.bbox)  # the text literally, the box kept
            else:
                assert n == a
    undone = review.undo_replace(store, res.group_id, user=CY)
    assert undone.changed_pages == res.changed_pages
    for rev in res.revisions:
        assert store.current(rev.page_id).page.blocks == store.revision(rev.base_id).page.blocks  # type: ignore[arg-type]
