"""Typing straight on, line by line, with no pause for Streamlit's reruns: every line's edit must
reach the store, even the ones typed while the previous line's commit is still being redrawn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ingest import review
from ingest.store import Store
from tests.browser.test_lines_browser import LINE_INPUTS, _line_mode
from tests.browser.test_review_browser import T, _page, open_page, sign_in

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def test_typing_on_through_reruns_keeps_every_line(server: Any, browser: Any, shots: Path) -> None:
    store = Store(server.home)
    vol = store.volume("demo").id
    info = next(p for p in store.pages(vol) if p.index == 4)
    rows = review.page_lines(store.current(info.id).page)
    n = min(8, len(rows))
    assert n >= 6

    page = _page(browser, height=1100)
    sign_in(page, server.url, "bob", "bob-secret-pw")
    open_page(page, 4)
    _line_mode(page)
    fields = page.locator(LINE_INPUTS)
    expect(fields).to_have_count(len(rows), timeout=T)
    fields.nth(0).click()
    # every line gets a word typed at its end, then Enter, with no wait: each Enter's blur commits
    # the line and starts a rerun that is still running while the next line is typed into
    for k in range(n):
        page.keyboard.press("End")
        page.keyboard.type(f" zq{k}x")
        page.keyboard.press("Enter")
    page.keyboard.press("Control+s")
    expect(page.get_by_text("Page 4 saved")).to_be_visible(timeout=T)

    after = store.current(info.id)
    assert after.author == "bob"
    got = {r.id: r.text for r in review.page_lines(after.page)}
    want = {r.id: f"{r.text} zq{k}x" for k, r in enumerate(rows[:n])}
    assert {i: got.get(i) for i in want} == want
    # lines not typed into are as they were
    assert all(got[r.id] == r.text for r in rows[n:])
    store.close()
