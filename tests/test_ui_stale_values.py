"""A value the browser sends for a field drawn for another page, or for an older revision of the
page shown, is never written to the page shown.

The text pane's script sends each action with the stem of the drawing its field was drawn for,
and resends those not yet acknowledged; the browser may send one it made before the page changed
(a run stopped by the next click, a page drawn while the corrector typed). Here the request is
made by hand, as such a browser would make it: the page now shown and, with it, the action of a
field of the drawing before."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ingest import review
from ingest.review import Role, User
from ingest.store import Store
from tests import pane_helpers as pane
from tests.conftest import home_copy

BOB = User("bob", Role.CORRECTOR)


@pytest.fixture()
def home(ocr_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return home_copy(ocr_home, tmp_path, monkeypatch)


def _review(index: int) -> AppTest:
    return pane.open_review(BOB, "demo", index)


def _texts(store: Store, index: int) -> list[str]:
    return [b.text for b in store.current(store.page(store.volume("demo").id, index).id).page.blocks]


def _page_id(store: Store, index: int) -> int:
    return store.page(store.volume("demo").id, index).id


def _warned(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning)


def test_a_value_typed_on_the_page_before_never_reaches_the_next_page(home: Path) -> None:
    store = Store(home)
    at = _review(2)
    tab = pane.Pane(at)
    old_stem, old_block = pane.stem(at), pane.data(at)["blocks"][1]["id"]
    pane.bar(at, "next")
    assert pane.where(at)["index"] == 3
    page3 = _texts(store, 3)
    assert pane.texts(at) == page3
    tab.send({"op": "text", "block": old_block, "text": "TYPED ON PAGE 2"}, old_stem)
    work = at.session_state["quire"].work
    assert work.page_id == _page_id(store, 3)
    assert [b.text for b in work.page.blocks] == page3  # not written to the page shown
    assert pane.texts(at) == page3
    assert review.load_draft(store, work.page_id, BOB) is None
    assert review.load_draft(store, _page_id(store, 2), BOB) is None  # nor to page 2 behind the back
    assert "Not applied" in _warned(at) and "TYPED ON PAGE 2" in _warned(at)


def test_a_jump_to_the_page_on_screen_keeps_its_drawing_and_its_edits(home: Path) -> None:
    """The library opens a volume on its first page in the queue; a jump to that same page (or
    any page to itself) is no new drawing: an edit made in the fields on screen while the jump's
    run was under way is applied, not refused as made on a page that has changed since."""
    store = Store(home)
    at = _review(2)
    tab = pane.Pane(at)
    before, drawn = _texts(store, 2), pane.stem(at)
    pane.bar(at, "jump", query="#2")
    assert not at.exception, [e.value for e in at.exception]
    assert pane.stem(at) == drawn
    tab.edit(0, "CONTENTS typed during the jump", drawn)
    assert "Not applied" not in _warned(at)
    draft = review.load_draft(store, _page_id(store, 2), BOB)
    assert draft is not None
    assert [b.text for b in draft[1].blocks] == ["CONTENTS typed during the jump", *before[1:]]
    # a jump to another page is a new drawing still
    pane.bar(at, "jump", query="#3")
    assert pane.stem(at) != drawn and pane.texts(at) == _texts(store, 3)


def test_a_value_typed_before_a_save_never_reaches_the_new_revision(home: Path) -> None:
    store = Store(home)
    at = _review(2)
    tab = pane.Pane(at)
    tab.edit(0, "CONTENTS (bob)")
    old_stem = pane.stem(at)  # drawn for the draft on revision 2; after the save the page is revision 3
    pane.bar(at, "save")
    saved = _texts(store, 2)
    assert saved[0] == "CONTENTS (bob)"
    assert pane.stem(at) != old_stem
    tab.edit(1, "TYPED BEFORE THE SAVE", old_stem)
    work = at.session_state["quire"].work
    assert [b.text for b in work.page.blocks] == saved
    assert pane.texts(at) == saved
    assert review.load_draft(store, work.page_id, BOB) is None
    assert _texts(store, 2) == saved


def test_a_discarded_edit_is_gone_from_the_text_areas_and_stays_gone(home: Path) -> None:
    store = Store(home)
    at = _review(2)
    tab = pane.Pane(at)
    before = _texts(store, 2)
    tab.edit(1, "AN EDIT TO DISCARD")
    assert review.load_draft(store, _page_id(store, 2), BOB) is not None
    pane.bar(at, "discard")
    assert pane.texts(at) == before  # the same page and revision, drawn anew
    tab.edit(0, "CONTENTS kept")
    draft = review.load_draft(store, _page_id(store, 2), BOB)
    assert draft is not None
    assert [b.text for b in draft[1].blocks] == ["CONTENTS kept", *before[1:]]


def test_a_value_sent_with_a_page_move_is_applied_before_the_move_or_refused(home: Path) -> None:
    """One request with the Next click and an edit of page 2, the click first: Streamlit runs the
    callbacks in the order the browser listed the widgets, so the move has happened when the
    edit arrives. The edit is refused, with a warning naming the block; page 3 is untouched."""
    store = Store(home)
    at = _review(2)
    block = pane.data(at)["blocks"][1]["id"]
    act = {"n": 1, "stem": pane.stem(at), "op": "text", "block": block, "text": "TYPED ON PAGE 2"}
    pane.request(at, [act], shown=pane.with_bar(at, {"n": 1, "op": "next"}))
    work = at.session_state["quire"].work
    assert work.page_id == _page_id(store, 3)
    assert [b.text for b in work.page.blocks] == _texts(store, 3)
    assert review.load_draft(store, work.page_id, BOB) is None
    assert "Not applied" in _warned(at) and "TYPED ON PAGE 2" in _warned(at)


def test_actions_merged_into_one_request_are_each_applied_once(home: Path) -> None:
    """Two edits whose requests the server merged (the newer request's list holds both: the first
    was not yet acknowledged) are both applied; a list sent again applies nothing twice."""
    store = Store(home)
    at = _review(2)
    d = pane.data(at)
    stem, ids = d["stem"], [b["id"] for b in d["blocks"]]
    acts = [
        {"n": 1, "stem": stem, "op": "text", "block": ids[0], "text": "FIRST EDIT"},
        {"n": 2, "stem": stem, "op": "text", "block": ids[1], "text": "SECOND EDIT"},
    ]
    pane.request(at, acts)
    assert pane.texts(at)[:2] == ["FIRST EDIT", "SECOND EDIT"]
    assert pane.data(at)["ack"] == {"q-blocks:tab1": 2}
    merge = {"n": 3, "stem": stem, "op": "merge", "block": ids[0]}
    pane.request(at, [merge])
    merged = pane.texts(at)
    assert len(merged) == len(ids) - 1 and merged[0].startswith("FIRST EDIT")
    pane.request(at, [*acts, merge])  # sent again (the acknowledgement had not arrived)
    assert pane.texts(at) == merged and not _warned(at)
    draft = review.load_draft(store, _page_id(store, 2), BOB)
    assert draft is not None and [b.text for b in draft[1].blocks] == merged


@pytest.mark.parametrize(
    "payload",
    [
        None,
        "acts",
        {"client": "tab1", "acts": "x"},
        {"client": "", "acts": []},
        {"client": "t" * 65, "acts": []},
        {"client": "tab1", "acts": [1, None, {"n": "1"}, {"n": True, "op": "text"}]},
        {"client": "tab1", "acts": [{"n": 1, "op": "kind", "block": "p0002-b01", "kind": "<script>"}]},
        {"client": "tab1", "acts": [{"n": 1, "op": "level", "block": "p0002-b01", "level": 99}]},
        {"client": "tab1", "acts": [{"n": 1, "op": "text", "block": "p0002-b01", "text": ["x"]}]},
        {"client": "tab1", "acts": [{"n": 1, "op": "text", "block": "no-such-block", "text": "x"}]},
        {"client": "tab1", "acts": [{"n": 1, "op": "rm -rf", "block": "p0002-b01"}]},
    ],
)
def test_a_malformed_action_changes_nothing_and_breaks_nothing(home: Path, payload: object) -> None:
    store = Store(home)
    at = _review(2)
    before = pane.texts(at)
    for a in (
        payload.get("acts", []) if isinstance(payload, dict) and isinstance(payload["acts"], list) else []
    ):
        if isinstance(a, dict) and "n" in a:
            a.setdefault("stem", pane.stem(at))
    pane.request(at, payload, raw=True)
    assert pane.texts(at) == before
    assert review.load_draft(store, _page_id(store, 2), BOB) is None


def test_a_discarded_line_edit_stays_gone(home: Path) -> None:
    """Line by line: the fields of a discarded draft are not the fields shown after it (their
    values would be taken for edits not yet in the page, and put back by the next edit)."""
    store = Store(home)
    at = _review(2)
    pane.bar(at, "lines", on=True)
    fields = [t for t in at.text_input if t.key and t.key.startswith("lt-")]
    before = [f.value for f in fields]
    fields[1].input("A LINE TO DISCARD").run()
    assert review.load_draft(store, _page_id(store, 2), BOB) is not None
    pane.bar(at, "discard")
    fields = [t for t in at.text_input if t.key and t.key.startswith("lt-")]
    assert [f.value for f in fields] == before
    fields[0].input("CONTENTS kept").run()  # the next edit: every line field's value is read
    draft = review.load_draft(store, _page_id(store, 2), BOB)
    assert draft is not None
    assert "A LINE TO DISCARD" not in " ".join(b.text for b in draft[1].blocks)
    assert draft[1].blocks[0].text == "CONTENTS kept"
