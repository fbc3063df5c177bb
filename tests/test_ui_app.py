"""Each view's logic through Streamlit's AppTest (no browser): sign-in gate, library, review
editing and saving, the conflict merge, find/replace with undo, history, export."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ingest import review
from ingest.model import PageStatus
from ingest.review import Role, User
from ingest.store import Store
from tests import pane_helpers as pane
from tests.conftest import home_copy
from ui import data
from ui.state import SessionState

APP = str(Path(__file__).resolve().parents[1] / "ui" / "app.py")
BOB = User("bob", Role.CORRECTOR)
ADA = User("ada", Role.ARCHIVIST)


@pytest.fixture()
def home(ocr_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return home_copy(ocr_home, tmp_path, monkeypatch)


def _app(user: User | None = None, **state: object) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if user is not None:
        at.session_state["quire"] = SessionState(user=user, **state)  # type: ignore[arg-type]
    return at.run()


def _open(at: AppTest, view: str) -> AppTest:
    return at.switch_page(f"views/{view}.py").run()


def _no_errors(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _until_said(at: AppTest, seconds: float = 120) -> AppTest:
    """Run the page again until a background job's outcome is shown (a success or an error)."""
    end = time.monotonic() + seconds
    while not (at.success or at.error):
        assert time.monotonic() < end, "the background job did not report"
        time.sleep(0.2)
        at.run()
    return at


def test_nothing_visible_before_sign_in(home: Path) -> None:
    at = _app()
    _no_errors(at)
    assert at.title[0].value == "Quire review"
    assert not [b for b in at.button if b.key == "sign_out"]
    at.text_input(key="sign_in_name").input("bob")
    at.text_input(key="sign_in_password").input("wrong password")
    at.button[0].click().run()
    assert "wrong password" in at.error[0].value
    at.text_input(key="sign_in_password").input("bob-secret-pw")
    at.button[0].click().run()
    _no_errors(at)
    assert at.session_state["quire"].user == BOB
    assert at.title[0].value == "Library"


def test_library_shows_progress_and_corrector_cannot_ingest(home: Path) -> None:
    at = _app(BOB)
    _no_errors(at)
    assert at.title[0].value == "Library"
    # progress by proofreading stage (the bar and its caption): nothing proofread yet
    assert any(c.value.startswith("Validated 0 of 4 ") for c in at.caption)
    assert not [s for s in at.subheader if s.value == "Ingest"]
    ada = _app(ADA)
    assert [s for s in ada.subheader if s.value == "Ingest"]


def test_review_edit_is_a_draft_until_saved(home: Path) -> None:
    at = _open(_app(BOB, volume="demo", page_index=2), "review")
    _no_errors(at)
    store = Store(home)
    info = store.page(store.volume("demo").id, 2)
    assert pane.texts(at) == [b.text for b in store.current(info.id).page.blocks]
    pane.Pane(at).edit(0, "CONTENTS <b>fixed</b>")
    _no_errors(at)
    assert review.load_draft(store, info.id, BOB) is not None
    assert store.page_by_id(info.id).status is PageStatus.IN_REVIEW
    pane.bar(at, "next")  # move away and back: the draft comes back
    pane.bar(at, "prev")
    assert pane.texts(at)[0] == "CONTENTS <b>fixed</b>"
    pane.bar(at, "save")
    _no_errors(at)
    cur = store.current(info.id)
    assert cur.author == "bob" and cur.reason == "edit" and cur.page.blocks[0].text == "CONTENTS <b>fixed</b>"
    assert store.page_by_id(info.id).status is PageStatus.CORRECTED
    assert review.load_draft(store, info.id, BOB) is None


def test_conflicting_save_shows_both_and_merges(home: Path) -> None:
    at = _open(_app(BOB, volume="demo", page_index=2), "review")
    store = Store(home)
    info = store.page(store.volume("demo").id, 2)
    cur = store.current(info.id)
    first = cur.page.blocks[0].id
    # cy saves the same block while bob is editing
    review.save_edits(
        store,
        info.id,
        review.edit_block_text(cur.page, first, "CONTENTS (cy)"),
        base_id=cur.id,
        user=User("cy", Role.CORRECTOR),
    )
    pane.Pane(at).edit(0, "CONTENTS (bob)")
    pane.bar(at, "save")
    _no_errors(at)
    assert any("Not saved" in e.value for e in at.error)
    assert store.current(info.id).page.blocks[0].text == "CONTENTS (cy)"  # nothing overwritten
    assert {c.value for c in at.code} >= {"CONTENTS (cy)", "CONTENTS (bob)"}
    at.radio[0].set_value("theirs").run()
    at.button(key="merge_save").click().run()
    _no_errors(at)
    now = store.current(info.id)
    assert now.author == "bob" and now.page.blocks[0].text == "CONTENTS (cy)"


def test_jump_by_label_or_scan_number_and_next_low_word(home: Path) -> None:
    at = _open(_app(BOB, volume="demo", page_index=1), "review")
    pane.bar(at, "jump", query="#3")
    assert at.session_state["quire"].page_index == 3
    pane.bar(at, "low")
    _no_errors(at)
    s = at.session_state["quire"]
    assert s.focus_word is not None and s.page_index in (2, 4)


def test_queue_mode_starts_with_the_worst_page(home: Path) -> None:
    at = _open(_app(BOB, volume="demo", page_index=1), "review")
    _no_errors(at)
    store = Store(home)
    queue = review.queue_order(store.pages(store.volume("demo").id))
    pane.bar(at, "queue", on=True)
    _no_errors(at)
    assert at.session_state["quire"].page_index == queue[0]
    pane.bar(at, "next")
    assert at.session_state["quire"].page_index == queue[1]


def test_find_replace_and_undo(home: Path) -> None:
    at = _open(_app(BOB, volume="demo"), "find_replace")
    _no_errors(at)
    at.text_input(key="fr_pattern").input("the")
    at.text_input(key="fr_replacement").input("THE")
    at.button[0].click().run()  # the form's Find button
    _no_errors(at)
    hits = at.session_state["quire"].find["hits"]
    assert hits and all(h.match.lower() == "the" for h in hits)
    at.button(key="fr_replace_all").click().run()
    _no_errors(at)
    store = Store(home)
    group = at.session_state["quire"].last_replace.group_id
    assert len(store.revisions_in_group(group)) == len({h.page_id for h in hits})
    at.button(key="fr_undo").click().run()
    _no_errors(at)
    for h in hits:
        assert store.current(h.page_id).reason == "revert"


def test_history_diff_and_revert(home: Path) -> None:
    store = Store(home)
    info = store.page(store.volume("demo").id, 1)
    cur = store.current(info.id)
    review.save_edits(
        store,
        info.id,
        review.edit_block_text(cur.page, cur.page.blocks[0].id, "<script>x</script>"),
        base_id=cur.id,
        user=BOB,
    )
    at = _open(_app(BOB, volume="demo", page_index=1), "history")
    _no_errors(at)
    html = [h.proto.body for h in at.get("html")]
    assert any("&lt;script&gt;" in h and "<script>" not in h for h in html if "q-diff" in h)
    at.button(key="h_revert").click().run()
    _no_errors(at)
    assert store.current(info.id).reason == "revert"
    assert store.current(info.id).page.blocks == cur.page.blocks


def test_export_is_for_archivists(home: Path) -> None:
    at = _app(BOB)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        _open(at, "export")
    ada = _open(_app(ADA), "export")
    _no_errors(ada)
    assert ada.title[0].value == "Export"
    assert ada.multiselect(key="ex_formats").value == ["txt"]
    # a form: the formats chosen go with the Export click, in the same request
    ada.multiselect(key="ex_formats").set_value(["txt", "md"])
    ada.button(key="ex_go").click().run()
    _until_said(ada)  # exporting is a background job: the page shows its outcome once it ends
    _no_errors(ada)
    said = ada.success[0].value.replace("\\", "")  # as shown: without the Markdown escapes
    assert said.startswith("New version v1 written (Plain text, Markdown") and "demo-v1.zip" in said
    assert str(home) not in said and "exports" not in said  # the version and file names, no server path
    store = Store(home)
    try:
        (row,) = store.exports(store.volume("demo").id)
        assert set(row.formats.split(",")) == {"txt", "md"}  # both formats, one version
    finally:
        store.close()


def test_the_quality_view_follows_a_background_job(home: Path) -> None:
    """An export started in the Export view goes on while the archivist looks at Quality: that view
    too polls the job and shows its outcome (it showed nothing until another view was opened)."""
    ada = _open(_app(ADA), "export")
    ada.button(key="ex_go").click().run()
    assert ada.session_state["quire"].watching  # the job is under way
    ada = _open(ada, "quality")
    _no_errors(ada)
    assert ada.title[0].value == "Quality"
    _until_said(ada)
    _no_errors(ada)
    assert ada.success[0].value.replace("\\", "").startswith("New version v1 written (Plain text")
    assert not ada.session_state["quire"].watching
    assert ada.title[0].value == "Quality"  # the job leads nowhere: the view stays


def test_a_role_change_and_a_removal_reach_a_signed_in_session(home: Path) -> None:
    """Regression (issue 15, item 4): the user was cached in the session, so a downgraded
    archivist could still export."""
    ada = _open(_app(ADA), "export")
    _no_errors(ada)
    assert [t.value for t in ada.title] == ["Export"]
    store = Store(home)
    review.set_role(store, "ada", "corrector")
    ada.run()
    _no_errors(ada)
    assert ada.session_state["quire"].user == User("ada", Role.CORRECTOR)
    assert "Export" not in [t.value for t in ada.title]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        _open(ada, "export")  # the Export view is no longer registered for this session
    review.remove_user(store, "ada")
    store.close()
    ada.run()
    _no_errors(ada)
    assert ada.session_state["quire"].user is None and ada.title[0].value == "Quire review"


def test_quality_view_ranks_pages_and_opens_one_in_review(home: Path) -> None:
    from ingest.review.quality import needs_a_person_first, volume_quality

    at = _open(_app(BOB), "quality")
    _no_errors(at)
    assert at.title[0].value == "Quality"
    assert any(m.label == "Pages" and m.value == "4" for m in at.metric)
    store = Store(home)
    try:
        expected = [p.index for p in needs_a_person_first(volume_quality(store, store.volume("demo").id))]
    finally:
        store.close()
    table = at.dataframe[0].value
    assert list(table["page"]) == expected[: len(table)]
    # a page a corrector has proofread leaves the list of pages that need a person
    store = Store(home)
    try:
        info = store.page(store.volume("demo").id, expected[0])
        cur = store.current(info.id)
        review.save_page(store, info.id, cur.page, base_id=cur.id, user=BOB)
    finally:
        store.close()
    data.pages_changed()  # page rows are cached for 2 s; the review screen clears them after a save
    at = _open(_app(BOB), "quality")
    _no_errors(at)
    assert expected[0] not in list(at.dataframe[0].value["page"])
