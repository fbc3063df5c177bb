"""The review screen's text pane and decisions (`ui.components.text_pane`) in an AppTest: what
the server sent the browser's script, and a request made as the script makes it (the widgets
shown, and the pane's action list)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest

from ingest.review import User
from ui.state import SessionState

BLOCKS, DECISIONS = "q-blocks", "q-decisions"
APP = str(Path(__file__).resolve().parents[1] / "ui" / "app.py")


def open_review(user: User, volume: str, index: int) -> AppTest:
    """The review screen at page `index` of `volume` as `user` opens it (drawn without an error)."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["quire"] = SessionState(user=user, volume=volume, page_index=index)
    at.run()
    at.switch_page("views/review.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _element(at: AppTest, key: str) -> Any:
    found = [e for e in at.get("bidi_component") if e.key == key]
    assert len(found) == 1, f"no pane {key} drawn"
    return found[0]


def data(at: AppTest, key: str = BLOCKS) -> dict[str, Any]:
    """The data the pane `key` was last drawn with."""
    return json.loads(_element(at, key).proto.json)  # type: ignore[no-any-return]


def texts(at: AppTest) -> list[str]:
    """The block texts the text pane shows."""
    return [b["text"] for b in data(at)["blocks"]]


def stem(at: AppTest, key: str = BLOCKS) -> str:
    """The stem (`ui.state.Work.stem`) the pane was drawn for."""
    return str(data(at, key)["stem"])


def request(
    at: AppTest,
    acts: Any,
    key: str = BLOCKS,
    client: str | None = None,
    shown: WidgetStates | None = None,
    raw: bool = False,
) -> None:
    """Run the app with the widgets `shown` (default: as drawn) and, after them, `acts` sent by
    the pane `key` (numbered `n`, as the script numbers them: every action not yet acknowledged,
    the new one last); `raw`: `acts` is the whole payload, as a hostile browser may send it."""
    states = WidgetStates()
    states.CopyFrom(shown if shown is not None else at._tree.get_widget_states())
    trigger = states.widgets.add()
    trigger.id = _make_trigger_id(_element(at, key).proto.id, "events")
    payload = acts if raw else {"client": client or f"{key}:tab1", "acts": acts}
    trigger.json_trigger_value = json.dumps([{"event": "act", "value": payload}])
    at._run(states)
    assert not at.exception, [e.value for e in at.exception]


class Pane:
    """A browser tab's pane: numbers its actions and resends the ones not yet acknowledged."""

    def __init__(self, at: AppTest, key: str = BLOCKS, client: str | None = None) -> None:
        """`client`: the browser pane's id (each pane of each tab has its own)."""
        self.at, self.key, self.client, self.n = at, key, client or f"{key}:tab1", 0
        self.pending: list[dict[str, Any]] = []

    def send(self, act: dict[str, Any], stem_: str | None = None) -> None:
        self.n += 1
        self.pending.append({"n": self.n, "stem": stem_ or stem(self.at, self.key), **act})
        request(self.at, self.pending, self.key, self.client)
        acked = data(self.at, self.key).get("ack", {}).get(self.client, 0) if self._drawn() else 0
        self.pending = [a for a in self.pending if a["n"] > acked]

    def _drawn(self) -> bool:
        return any(e.key == self.key for e in self.at.get("bidi_component"))

    def edit(self, slot: int, text: str, stem_: str | None = None) -> None:
        block = data(self.at)["blocks"][slot]["id"]
        self.send({"op": "text", "block": block, "text": text}, stem_)


BAR = "q-bar"
PAGE_ACTS = ("save", "validate", "problem", "discard")


def bar(at: AppTest, op: str, **kw: Any) -> None:
    """The review bar's action `op` (`ui.components.review_bar`: next, prev, jump, save...) as
    its script sends it, with the stem the bar was drawn for when it acts on the page."""
    client = f"{BAR}:tab1"
    act: dict[str, Any] = {"n": at.session_state["quire"].bar_acted.get(client, 0) + 1, "op": op, **kw}
    if op in PAGE_ACTS:
        act.setdefault("stem", data(at, BAR)["stem"])
    request(at, [act], BAR, client)


def with_bar(at: AppTest, *acts: dict[str, Any]) -> WidgetStates:
    """The widgets as drawn, the review bar's `acts` first (as a click on it listed before them)."""
    states = WidgetStates()
    trigger = states.widgets.add()
    trigger.id = _make_trigger_id(_element(at, BAR).proto.id, "events")
    payload = {"client": f"{BAR}:tab1", "acts": list(acts)}
    trigger.json_trigger_value = json.dumps([{"event": "act", "value": payload}])
    for s in at._tree.get_widget_states().widgets:
        if s.id != trigger.id:
            states.widgets.add().CopyFrom(s)
    return states


def where(at: AppTest) -> dict[str, Any]:
    """What the page bar says of the page shown (index, place, label, status, unsaved edits...)."""
    return data(at, BAR)["where"]  # type: ignore[no-any-return]
