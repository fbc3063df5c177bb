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
from tests.conftest import home_copy
from ui.state import SessionState

APP = str(Path(__file__).resolve().parents[1] / "ui" / "app.py")
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
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["quire"] = SessionState(user=user, volume="book", page_index=index)
    at.run()
    at.switch_page("views/review.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _current(home: Path, index: int) -> tuple[Store, int, Page]:
    store = Store(home)
    info = store.page(store.volume("book").id, index)
    return store, info.id, store.current(info.id).page


def _undo_button(at: AppTest, page: Page, pick: Decision) -> str:
    """The key of the Undo button of decision `pick` (buttons follow the grouped order)."""
    for n, (_, ds) in enumerate(review.grouped_decisions(page)):
        for i, d in enumerate(ds):
            if d == pick:
                return f"u-{at.session_state['quire'].work.stem}-{n}-{i}"
    raise AssertionError(pick)


def _rows(at: AppTest) -> list[str]:
    """The decision rows shown (HTML, one per decision)."""
    return [h.proto.body for h in at.get("html") if 'class="q-decision"' in h.proto.body]


def test_cleaned_page_lists_its_decisions_by_group(home: Path) -> None:
    at = _review(4)
    texts = " ".join(m.value for m in at.markdown)
    for group in ("Running heads and page numbers", "Paragraphs", "Hyphen joins", "Footnotes"):
        assert f"**{group}**" in texts
    assert "pages 3, 4" in " ".join(_rows(at))  # the word broken over the page end
    captions = " ".join(c.value for c in at.caption)
    assert "Cleanup: running head" in captions and "continues page 3" in captions
    _, _, page = _current(home, 4)
    undo_keys = [b.key for b in at.button if b.key and b.key.startswith("u-")]
    assert len(undo_keys) == len([d for d in page.decisions if d.kind not in review.REPORT_ONLY])


def test_undo_a_word_broken_over_a_page_end_on_both_pages(home: Path) -> None:
    store, pid4, page4 = _current(home, 4)
    pick = next(d for d in page4.decisions if d.kind == "hyphen_join" and d.data.get("pages") == [3, 4])
    at = _review(4)
    at.button(key=_undo_button(at, page4, pick)).click().run()
    assert not at.exception
    assert "Undid the hyphen join" in at.success[0].value and "pages 3 and 4" in at.success[0].value
    # the text areas show the new revision (a new drawing of the page: not the old widgets)
    shown = [t.value for t in at.text_area if t.key and t.key.startswith("t-")]
    assert shown == [b.text for b in _current(home, 4)[2].blocks]
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
    at.button(key=_undo_button(at, page, head)).click().run()
    _, _, after = _current(home, 4)
    assert after.block(head.data["block"]).kind.value == head.data["kind_before"]
    assert "Running head" not in [s.value for s in at.selectbox if s.key and s.key.startswith("k-")][:1]
    store, pid2, toc = _current(home, 2)
    link = next(d for d in toc.decisions if d.kind == "toc_link")
    at = _review(2)
    at.button(key=_undo_button(at, toc, link)).click().run()
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
    at.button(key=_undo_button(at, page, pick)).click().run()
    assert not at.exception
    assert "Not undone" in at.error[0].value and "saved by someone else" in at.error[0].value
    assert store.current(pid).author == "cy"  # nothing written over their save
    assert pick in store.current(pid).page.decisions


def test_undo_keeps_unsaved_edits_of_other_blocks(home: Path) -> None:
    store, pid, page = _current(home, 4)
    at = _review(4)
    body = next(b for b in page.blocks if b.kind.value == "paragraph")
    key = next(t.key for t in at.text_area if t.key and t.label.endswith(f" {body.id}"))
    at.text_area(key=key).input(body.text.replace(body.text.split()[0], "EDITED", 1)).run()
    head = next(d for d in page.decisions if d.kind == "page_number")
    at.button(key=_undo_button(at, page, head)).click().run()
    assert not at.exception and at.success
    assert store.current(pid).reason == "undo-cleanup"
    draft = review.load_draft(store, pid, BOB)
    assert draft is not None and draft[0] == store.current(pid).id and "EDITED" in draft[1].text
    assert "unsaved edits" in at.markdown[0].value


def test_validation_by_a_second_person_is_in_history(home: Path) -> None:
    store, pid, page = _current(home, 5)
    at = _review(5)
    assert at.button(key="kb_approve").disabled  # not proofread yet: nothing to validate
    at.button(key="kb_save").click().run()  # bob proofreads it (no changes: "checked")
    assert not at.exception
    assert (store.current(pid).reason, store.page_by_id(pid).proofread_by) == ("checked", "bob")
    assert at.button(key="kb_approve").disabled  # his own proofreading
    at = _review(5, user=CY)
    at.button(key="kb_approve").click().run()
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
    work = at.session_state["quire"].work
    zoom_key = f"z-{work.stem}-{[b.id for b in work.page.blocks].index(first)}"
    at.button(key=zoom_key).click().run()
    assert not at.exception
    assert at.select_slider(key="zoom").value == 2.0 and at.session_state["quire"].focus_block == first
    at.select_slider(key="zoom").set_value(3.0).run()
    assert at.session_state["quire"].zoom == 3.0 and not at.exception


def test_a_decision_row_shows_the_page_text_it_quotes_as_text() -> None:
    from ui.components.decisions import row_html

    d = Decision("heading", ("p0002-b01",), "heading level 1: '<img src=x onerror=alert(1)> & **b**'")
    out = row_html(d, 2)
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt; &amp; **b**" in out
    assert out.startswith('<div class="q-decision">')
