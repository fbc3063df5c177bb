"""The review screen's bar (navigation row and page bar, one element of our own) in Chromium:
a page label read from the scan shown as text (volume names are
restricted to letters, digits, '-', '_' and '.'), and the keyboard's page turns."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from ingest import review
from ingest.review import Role, User
from ingest.store import Store
from tests.browser.test_review_browser import T, _page, open_page, settle, sign_in

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def test_labels_are_shown_as_text(server: Any, browser: Any, shots: Path) -> None:
    store = Store(server.home)
    vol = store.volume("demo").id
    info = store.page(vol, 2)
    cur = store.current(info.id)
    label = '<img src=x onerror="window.__pwned=1">'  # a printed label as OCR might read it
    page2 = dataclasses.replace(cur.page, label=label)
    review.save_edits(store, info.id, page2, base_id=cur.id, user=User("cy", Role.CORRECTOR))
    store.close()
    page = _page(browser)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, server.url, "bob", "bob-secret-pw")
    open_page(page, 2)
    bar = page.locator(".q-rbar")
    expect(bar.locator("strong", has_text=label)).to_be_visible(timeout=T)
    expect(bar.get_by_text("proofread by cy")).to_be_visible()  # a user name, as text too
    page.screenshot(path=shots / "bar-escaped-label.png")
    assert bar.locator("img").count() == 0
    assert page.evaluate("window.__pwned === undefined") and not dialogs


def test_keys_turn_pages_once_each_even_pressed_quickly(server: Any, browser: Any, shots: Path) -> None:
    """Alt+N twice without waiting goes two pages on (the second press waits for the first to be
    taken); Alt+P one back; Alt+J puts the cursor in the jump field; the arrows say what they do."""
    page = _page(browser)
    sign_in(page, server.url, "bob", "bob-secret-pw")
    open_page(page, 1)
    body = page.locator("body")
    body.press("Alt+n")
    body.press("Alt+n")
    expect(page.get_by_text("Page 3 (")).to_be_visible(timeout=T)
    settle(page)
    page.wait_for_timeout(500)
    expect(page.get_by_text("Page 3 (")).to_be_visible()  # not one further
    body.press("Alt+p")
    expect(page.get_by_text("Page 2 (")).to_be_visible(timeout=T)
    settle(page)
    body.press("Alt+j")
    assert page.get_by_label("Go to page", exact=True).evaluate("e => e === document.activeElement")
    nxt = page.get_by_role("button", name="Next page (Alt+N)")
    expect(nxt).to_be_enabled()
    page.get_by_label("Go to page", exact=True).fill("#4")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Page 4 (")).to_be_visible(timeout=T)
    settle(page)
    expect(nxt).to_be_disabled()  # the last page
    page.screenshot(path=shots / "bar-last-page.png")
