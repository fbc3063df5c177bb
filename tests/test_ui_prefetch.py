"""The review screen sends the next page's image ahead with the page on screen, as the very image
the next page will show (the same address, which the browser already holds), in reading order and
in the worst-first queue."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ingest import review
from ingest.store import Store
from tests import pane_helpers
from tests.test_ui_app import BOB, _app, _no_errors, _open
from tests.test_ui_app import home as home  # noqa: F401 (the fixtures: a copy of the OCRed demo store)
from ui.components import page_view

pytestmark = pytest.mark.usefixtures("home")


def _home() -> Path:
    return Path(os.environ["QUIRE_HOME"])


def _urls(at: AppTest) -> list[str]:
    """The page images' addresses the image pane was drawn with: the page shown, then the one
    its script fetches ahead (if any)."""
    drawn = pane_helpers.data(at, page_view.KEY)
    return [u for u in (drawn["src"], drawn["ahead"]) if u is not None]


def test_next_page_image_is_sent_ahead_and_is_what_the_next_page_shows() -> None:
    at = _open(_app(BOB, volume="demo", page_index=1), "review")
    _no_errors(at)
    shown, ahead = _urls(at)[0], _urls(at)[-1]
    assert ahead != shown
    pane_helpers.bar(at, "next")
    _no_errors(at)
    assert at.session_state["quire"].page_index == 2
    assert _urls(at)[0] == ahead


def test_in_the_queue_the_page_sent_ahead_is_the_next_in_the_queue() -> None:
    at = _open(_app(BOB, volume="demo", page_index=1), "review")
    store = Store(_home())
    queue = review.queue_order(store.pages(store.volume("demo").id))
    store.close()
    pane_helpers.bar(at, "queue", on=True)
    assert at.session_state["quire"].page_index == queue[0]
    ahead = _urls(at)[-1]
    pane_helpers.bar(at, "next")
    _no_errors(at)
    assert at.session_state["quire"].page_index == queue[1]
    assert _urls(at)[0] == ahead


def test_last_page_sends_nothing_ahead() -> None:
    store = Store(_home())
    last = max(p.index for p in store.pages(store.volume("demo").id))
    store.close()
    at = _open(_app(BOB, volume="demo", page_index=last), "review")
    _no_errors(at)
    assert len(_urls(at)) == 1  # the page itself only
