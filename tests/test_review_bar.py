"""The review screen's bar (`ui.components.review_bar`): its actions as a browser sends them,
hostile ones included. The bar is one element drawn by a script of our own; what it sends is
checked on the server: a page action asked on another page is refused, a validation the user may
not make is refused where it is done (not only greyed out), malformed actions are refused in a
warning and change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ingest import review
from ingest.model import PageStatus
from ingest.review import Role, User
from ingest.store import Store
from tests import pane_helpers as pane
from tests.conftest import home_copy

BOB = User("bob", Role.CORRECTOR)


@pytest.fixture()
def home(ocr_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return home_copy(ocr_home, tmp_path, monkeypatch)


def _warned(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning)


def _id(store: Store, index: int) -> int:
    return store.page(store.volume("demo").id, index).id


def test_the_bar_says_where_the_page_stands(home: Path) -> None:
    store = Store(home)
    at = pane.open_review(BOB, "demo", 2)
    info = store.page(store.volume("demo").id, 2)
    drawn = pane.data(at, pane.BAR)
    assert drawn["where"]["index"] == 2 and drawn["where"]["pos"] == "2 of 4"
    assert drawn["where"]["label"] == (info.label or "")
    assert drawn["volumes"] == ["demo"] and drawn["volume"] == "demo"
    assert (drawn["prev"], drawn["next"]) == (True, True)
    assert drawn["stem"] == pane.stem(at)  # the drawing of the page open
    assert not drawn["edited"] and drawn["why_not"]  # nothing to validate: not proofread yet
    pane.bar(at, "jump", query="#4")
    assert (pane.data(at, pane.BAR)["prev"], pane.data(at, pane.BAR)["next"]) == (True, False)
    pane.bar(at, "next")  # the last page: nothing after it, nothing happens
    assert pane.where(at)["index"] == 4 and not at.warning


def test_two_steps_in_one_request_go_two_pages_on(home: Path) -> None:
    """Alt+N pressed twice before the first run was drawn: the server gets both in one request
    (the script resends what is not acknowledged) and goes two pages on, each step once."""
    at = pane.open_review(BOB, "demo", 1)
    acts = [{"n": 1, "op": "next"}, {"n": 2, "op": "next"}]
    pane.request(at, acts, pane.BAR, "q-bar:tab1")
    assert pane.where(at)["index"] == 3
    pane.request(at, [*acts, {"n": 3, "op": "prev"}], pane.BAR, "q-bar:tab1")  # 1 and 2 applied: skipped
    assert pane.where(at)["index"] == 2


def test_a_save_asked_on_the_page_before_never_saves_the_page_shown(home: Path) -> None:
    store = Store(home)
    at = pane.open_review(BOB, "demo", 2)
    old = pane.data(at, pane.BAR)["stem"]
    pane.bar(at, "next")
    before = store.current(_id(store, 3)).id
    for op in ("save", "validate", "discard"):
        pane.bar(at, op, stem=old)
        assert "Not applied" in _warned(at)
    pane.bar(at, "problem", stem=old, note="asked on page 2")
    assert store.current(_id(store, 3)).id == before  # page 3: no new revision
    assert store.page_by_id(_id(store, 3)).status is not PageStatus.PROBLEM
    assert store.page_by_id(_id(store, 2)).status is not PageStatus.PROBLEM
    pane.bar(at, "save")  # asked on the page shown: done
    assert store.current(_id(store, 3)).id != before
    assert store.page_by_id(_id(store, 3)).proofread_by == "bob"


def test_a_validation_the_user_may_not_make_is_refused_on_the_server(home: Path) -> None:
    """Validate is greyed out on one's own proofreading; a browser that sends it all the same
    (a forged request) gets it refused where it is done, not only hidden."""
    store = Store(home)
    at = pane.open_review(BOB, "demo", 2)
    pane.bar(at, "save")
    assert store.page_by_id(_id(store, 2)).status is PageStatus.CORRECTED
    assert pane.data(at, pane.BAR)["why_not"]
    pane.bar(at, "validate")
    assert store.page_by_id(_id(store, 2)).status is PageStatus.CORRECTED
    assert store.current(_id(store, 2)).reason == "checked"
    assert any("Not validated" in e.value for e in at.error)


@pytest.mark.parametrize(
    ("act", "said"),
    [
        ({"op": "volume", "name": "<img src=x onerror=alert(1)>"}, "no such volume"),
        ({"op": "jump", "query": "#" + "1" * 60}, "no page to jump to"),
        ({"op": "jump", "query": ["#3"]}, "no page to jump to"),
        ({"op": "queue", "on": "yes"}, "no switch value"),
        ({"op": "save", "stem": 5}, "no stem"),
        ({"op": "problem", "stem": "x", "note": "n" * (review.NOTE_MAX + 1)}, "at most"),
        ({"op": "format_disk"}, "no such action"),
    ],
)
def test_malformed_bar_actions_are_refused_and_change_nothing(home: Path, act: dict, said: str) -> None:
    store = Store(home)
    at = pane.open_review(BOB, "demo", 2)
    revs = {i: store.current(_id(store, i)).id for i in (1, 2, 3, 4)}
    pane.bar(at, **act)
    assert said in _warned(at)
    s = at.session_state["quire"]
    assert (s.volume, s.page_index, s.queue_mode) == ("demo", 2, False)
    assert {i: store.current(_id(store, i)).id for i in (1, 2, 3, 4)} == revs
    pane.request(at, "not a list", pane.BAR, raw=True)
    assert "not an action list" in _warned(at)
