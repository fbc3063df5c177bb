"""The review screen on a *cleaned* volume (the born-digital sample through the real pipeline
with layout cleanup): decisions listed per page, undo end to end (also over a page end), approval
recorded in History, zoom. Streamlit AppTest, no browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ingest import review
from ingest.model import Decision, Page
from ingest.review import Role, User
from ingest.store import Store
from tests import pane_helpers as pane
from tests.conftest import home_copy

BORN = Path(__file__).resolve().parents[1] / "samples" / "book-born-digital.pdf"
BOB = User("bob", Role.CORRECTOR)
CY = User("cy", Role.CORRECTOR)


@pytest.fixture(scope="session")
def clean_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ui.demo import build_store

    home = tmp_path_factory.mktemp("clean-store")
    build_store(home, [BORN], volume="book", clean=True).close()
    return home


@pytest.fixture()
def home(clean_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return home_copy(clean_home, tmp_path, monkeypatch)


def _review(index: int, user: User = BOB) -> AppTest:
    return pane.open_review(user, "book", index)


def _current(home: Path, index: int) -> tuple[Store, int, Page]:
    store = Store(home)
    info = store.page(store.volume("book").id, index)
    return store, info.id, store.current(info.id).page


def _undo(at: AppTest, pick: Decision) -> None:
    """Click the Undo button of decision `pick` (its action names the decision's key)."""
    pane.Pane(at, pane.DECISIONS).send({"op": "undo", "key": review.decision_key(pick)})


def _rows(at: AppTest) -> list[str]:
    """The decision rows shown (kind, detail and pages, one per decision)."""
    return [
        " ".join(x for x in (r["kind"], r["detail"], r["pages"]) if x)
        for g in pane.data(at, pane.DECISIONS)["groups"]
        for r in g["rows"]
    ]


def test_cleaned_page_lists_its_decisions_by_group(home: Path) -> None:
    at = _review(4)
    groups = [g["title"] for g in pane.data(at, pane.DECISIONS)["groups"]]
    for group in ("Running heads and page numbers", "Paragraphs", "Hyphen joins", "Footnotes"):
        assert group in groups
    assert "pages 3, 4" in " ".join(_rows(at))  # the word broken over the page end
    notes = " ".join(b["notes"] for b in pane.data(at)["blocks"])
    assert "Cleanup: running head" in notes and "continues page 3" in notes
    _, _, page = _current(home, 4)
    undo_keys = [r["key"] for g in pane.data(at, pane.DECISIONS)["groups"] for r in g["rows"] if r["key"]]
    assert undo_keys == [
        review.decision_key(d)
        for _, ds in review.grouped_decisions(page)
        for d in ds
        if d.kind not in review.REPORT_ONLY
    ]


def test_undo_a_word_broken_over_a_page_end_on_both_pages(home: Path) -> None:
    store, pid4, page4 = _current(home, 4)
    pick = next(d for d in page4.decisions if d.kind == "hyphen_join" and d.data.get("pages") == [3, 4])
    at = _review(4)
    _undo(at, pick)
    assert "Undid the hyphen join" in at.success[0].value and "pages 3 and 4" in at.success[0].value
    # the text areas show the new revision (a new drawing of the page: not the old widgets)
    assert pane.texts(at) == [b.text for b in _current(home, 4)[2].blocks]
    assert pane.stem(at) == at.session_state["quire"].work.stem
    for index in (3, 4):
        _, pid, page = _current(home, index)
        rev = store.current(pid)
        assert (
            rev.reason == "undo-cleanup"
            and rev.author == "bob"
            and pick.id not in {d.id for d in page.decisions}
        )
        start_or_end = [w for w in page.words if w.joined == "performed"]
        assert not start_or_end
    groups = {store.current(store.page(store.volume("book").id, i).id).group_id for i in (3, 4)}
    assert len(groups) == 1  # one undo, one group
    # the screen shows the new revision, without the decision
    rows = _rows(at)
    assert rows and "pages 3, 4" not in " ".join(r for r in rows if "performed" in r)


def test_undo_running_head_and_contents_link(home: Path) -> None:
    store, pid, page = _current(home, 4)
    head = next(d for d in page.decisions if d.kind == "running_head")
    at = _review(4)
    _undo(at, head)
    _, _, after = _current(home, 4)
    assert after.block(head.data["block"]).kind.value == head.data["kind_before"]
    shown = {b["id"]: b["kind"] for b in pane.data(at)["blocks"]}
    assert shown[head.data["block"]] == head.data["kind_before"]
    store, pid2, toc = _current(home, 2)
    link = next(d for d in toc.decisions if d.kind == "toc_link")
    at = _review(2)
    _undo(at, link)
    _, _, toc_after = _current(home, 2)
    assert toc_after.block(link.data["entry"]).target is None
    assert store.current(pid2).reason == "undo-cleanup"


def test_undo_is_refused_when_someone_saved_meanwhile(home: Path) -> None:
    store, pid, page = _current(home, 3)
    at = _review(3)
    cur = store.current(pid)
    theirs = review.edit_block_text(page, page.blocks[-1].id, page.blocks[-1].text + " x")
    review.save_edits(store, pid, theirs, base_id=cur.id, user=CY)
    pick = next(d for d in page.decisions if d.kind == "footnote_link")
    _undo(at, pick)
    assert "Not undone" in at.error[0].value and "saved by someone else" in at.error[0].value
    assert store.current(pid).author == "cy"  # nothing written over their save
    assert pick in store.current(pid).page.decisions


def test_undo_keeps_unsaved_edits_of_other_blocks(home: Path) -> None:
    store, pid, page = _current(home, 4)
    at = _review(4)
    body = next(b for b in page.blocks if b.kind.value == "paragraph")
    edited = body.text.replace(body.text.split()[0], "EDITED", 1)
    pane.Pane(at).send({"op": "text", "block": body.id, "text": edited})
    head = next(d for d in page.decisions if d.kind == "page_number")
    _undo(at, head)
    assert not at.exception and at.success
    assert store.current(pid).reason == "undo-cleanup"
    draft = review.load_draft(store, pid, BOB)
    assert draft is not None and draft[0] == store.current(pid).id and "EDITED" in draft[1].text
    assert pane.where(at)["edited"]  # the page bar says "unsaved edits"


def test_validation_by_a_second_person_is_in_history(home: Path) -> None:
    store, pid, page = _current(home, 5)
    at = _review(5)
    assert pane.data(at, pane.BAR)["why_not"]  # Validate is off: not proofread yet: nothing to validate
    pane.bar(at, "save")  # bob proofreads it (no changes: "checked")
    assert not at.exception
    assert (store.current(pid).reason, store.page_by_id(pid).proofread_by) == ("checked", "bob")
    assert pane.data(at, pane.BAR)["why_not"]  # Validate is off: his own proofreading
    at = _review(5, user=CY)
    pane.bar(at, "validate")
    assert not at.exception
    rev = store.current(pid)
    assert (rev.reason, rev.author, rev.page.blocks) == ("validate", "cy", page.blocks)
    at.switch_page("views/history.py").run()
    at.selectbox(key="h_page_book").select(5).run()
    rows = at.dataframe[0].value
    top = rows.iloc[0]
    assert (top["change"], top["author"], top["status"]) == ("validated", "cy", "proofread → validated")


def test_zoom_magnifies_the_page_and_the_block_button_zooms_in(home: Path) -> None:
    at = _review(3)
    assert at.select_slider(key="zoom").value == 1.0
    first = at.session_state["quire"].work.page.blocks[1].id
    pane.Pane(at).send({"op": "zoom", "block": first})
    assert at.select_slider(key="zoom").value == 2.0 and at.session_state["quire"].focus_block == first
    at.select_slider(key="zoom").set_value(3.0).run()
    assert at.session_state["quire"].zoom == 3.0 and not at.exception


@pytest.mark.parametrize("name", ["text_pane.js", "review_bar.js", "image_pane.js"])
def test_the_panes_script_puts_text_in_the_page_as_text_only(name: str) -> None:
    """Page text (a decision's detail quotes it) goes to the browser as JSON data, as it is, and
    the panes' scripts (each as served: the shared part and its own) write it as text: they never
    parse HTML nor build script from data."""
    from ui import components

    js = components.script(name)
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function("):
        assert sink not in js, sink
    assert "textContent" in js and "export default function" in js
    if name == "text_pane.js":
        assert ".value = " in js
