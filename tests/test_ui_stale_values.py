"""A value the browser sends for a widget drawn for another page, or for an older revision of the
page shown, is never written to the page shown.

The browser sends every widget's value with every request, and it may send one it had before the
page changed (a run stopped by the next click, a page drawn while the corrector typed). Here the
request is made by hand, as such a browser would make it: the page now shown and, with it, the
value of a text area of the drawing before."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest

from ingest import review
from ingest.review import Role, User
from ingest.store import Store
from tests.conftest import home_copy
from ui.state import SessionState

APP = str(Path(__file__).resolve().parents[1] / "ui" / "app.py")
BOB = User("bob", Role.CORRECTOR)


@pytest.fixture()
def home(ocr_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return home_copy(ocr_home, tmp_path, monkeypatch)


def _review(index: int) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["quire"] = SessionState(user=BOB, volume="demo", page_index=index)
    at.run()
    at.switch_page("views/review.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _areas(at: AppTest) -> list:  # type: ignore[type-arg]
    return [t for t in at.text_area if t.key and t.key.startswith("t-")]


def _send_late(at: AppTest, widget_id: str, text: str) -> None:
    """One request with the widgets now shown and, besides, `text` for the (older) widget
    `widget_id`: what a browser sends that has not yet drawn the page now shown."""
    states = WidgetStates()
    states.CopyFrom(at._tree.get_widget_states())
    late = states.widgets.add()
    late.id, late.string_value = widget_id, text
    at._run(states)
    assert not at.exception, [e.value for e in at.exception]


def _texts(store: Store, index: int) -> list[str]:
    return [b.text for b in store.current(store.page(store.volume("demo").id, index).id).page.blocks]


def _page_id(store: Store, index: int) -> int:
    return store.page(store.volume("demo").id, index).id


def test_a_value_typed_on_the_page_before_never_reaches_the_next_page(home: Path) -> None:
    store = Store(home)
    at = _review(2)
    old = _areas(at)[1]  # a text area of page 2 (the widgets of page 3 are drawn in the same places)
    at.button(key="kb_next").click().run()
    assert any(m.value.startswith("**Page 3** (") for m in at.markdown)
    page3 = _texts(store, 3)
    assert [a.value for a in _areas(at)] == page3
    _send_late(at, old.id, "TYPED ON PAGE 2")
    work = at.session_state["quire"].work
    assert work.page_id == _page_id(store, 3)
    assert [b.text for b in work.page.blocks] == page3  # not written to the page shown
    assert [a.value for a in _areas(at)] == page3
    assert review.load_draft(store, work.page_id, BOB) is None
    assert review.load_draft(store, _page_id(store, 2), BOB) is None  # nor to page 2 behind the back


def test_a_value_typed_before_a_save_never_reaches_the_new_revision(home: Path) -> None:
    store = Store(home)
    at = _review(2)
    _areas(at)[0].input("CONTENTS (bob)").run()
    old = _areas(at)[1]  # drawn for the draft on revision 2; after the save the page is revision 3
    at.button(key="kb_save").click().run()
    saved = _texts(store, 2)
    assert saved[0] == "CONTENTS (bob)"
    _send_late(at, old.id, "TYPED BEFORE THE SAVE")
    work = at.session_state["quire"].work
    assert [b.text for b in work.page.blocks] == saved
    assert [a.value for a in _areas(at)] == saved
    assert review.load_draft(store, work.page_id, BOB) is None
    assert _texts(store, 2) == saved


def test_a_discarded_edit_is_gone_from_the_text_areas_and_stays_gone(home: Path) -> None:
    store = Store(home)
    at = _review(2)
    before = _texts(store, 2)
    _areas(at)[1].input("AN EDIT TO DISCARD").run()
    assert review.load_draft(store, _page_id(store, 2), BOB) is not None
    at.button(key="discard").click().run()
    assert [a.value for a in _areas(at)] == before  # the same page and revision, drawn anew
    _areas(at)[0].input("CONTENTS kept").run()  # the next edit sends every text area's value
    draft = review.load_draft(store, _page_id(store, 2), BOB)
    assert draft is not None
    assert [b.text for b in draft[1].blocks] == ["CONTENTS kept", *before[1:]]


def test_a_value_sent_with_a_page_move_is_applied_before_the_move_or_refused(home: Path) -> None:
    """One request with a text area's new value and the Next click, the click first: Streamlit
    runs the callbacks in the order the browser listed the widgets, so the move has happened
    when the text arrives, while its widget (drawn for page 2) is still registered. The text is
    refused, with a warning naming the block; page 3 is untouched."""
    store = Store(home)
    at = _review(2)
    old = _areas(at)[1]
    nxt = at.button(key="kb_next")
    shown = at._tree.get_widget_states()
    states = WidgetStates()
    click = states.widgets.add()
    click.id, click.trigger_value = nxt.id, True
    for s in shown.widgets:
        if s.id == nxt.id:
            continue
        late = states.widgets.add()
        late.CopyFrom(s)
        if s.id == old.id:
            late.string_value = "TYPED ON PAGE 2"
    at._run(states)
    assert not at.exception, [e.value for e in at.exception]
    work = at.session_state["quire"].work
    assert work.page_id == _page_id(store, 3)
    assert [b.text for b in work.page.blocks] == _texts(store, 3)
    assert review.load_draft(store, work.page_id, BOB) is None
    said = " ".join(w.value for w in at.warning)
    assert "Not applied" in said and "TYPED ON PAGE 2" in said


def test_a_discarded_line_edit_stays_gone(home: Path) -> None:
    """Line by line: the fields of a discarded draft are not the fields shown after it (their
    values would be taken for edits not yet in the page, and put back by the next edit)."""
    store = Store(home)
    at = _review(2)
    at.toggle(key="lines_toggle").set_value(True).run()
    fields = [t for t in at.text_input if t.key and t.key.startswith("lt-")]
    before = [f.value for f in fields]
    fields[1].input("A LINE TO DISCARD").run()
    assert review.load_draft(store, _page_id(store, 2), BOB) is not None
    at.button(key="discard").click().run()
    fields = [t for t in at.text_input if t.key and t.key.startswith("lt-")]
    assert [f.value for f in fields] == before
    fields[0].input("CONTENTS kept").run()  # the next edit: every line field's value is read
    draft = review.load_draft(store, _page_id(store, 2), BOB)
    assert draft is not None
    assert "A LINE TO DISCARD" not in " ".join(b.text for b in draft[1].blocks)
    assert draft[1].blocks[0].text == "CONTENTS kept"
