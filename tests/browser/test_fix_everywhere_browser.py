"""One fix, every place, in Chromium: a corrector changes a word OCR read on several pages; after
the save the other places are offered in context, fixed with one click and undone with one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ingest.store import Store
from tests.browser.test_review_browser import T, _page, edit, open_page, press, settle, sign_in

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def test_fix_the_same_token_on_every_page_then_undo(server: Any, browser: Any, shots: Path) -> None:
    store = Store(server.home)
    vol = store.volume("demo").id
    current = {p.index: store.current(p.id) for p in store.pages(vol)}
    seen: dict[str, set[int]] = {}
    for i, rev in current.items():
        for w in rev.page.words:
            seen.setdefault(w.text, set()).add(i)
    here = 3
    # a word OCR read here and on other pages (found in the store, not assumed)
    token = next(t for t, where in sorted(seen.items()) if here in where and len(where) >= 2 and t.isalpha())
    others = seen[token] - {here}
    block = next(b for b in current[here].page.blocks if token in [w.text for w in b.words])
    words = [w.text for w in block.words]
    k = words.index(token)
    fixed = "Fixt<b>"
    page = _page(browser, height=1100)
    sign_in(page, server.url, "bob", "bob-secret-pw")
    open_page(page, here)
    text = "\n".join(ln.text for ln in block.lines).split(" ")
    # replace the k-th word of the block, keeping its lines
    flat = [w for ln in block.lines for w in ln.text.split(" ")]
    assert flat == words
    n = 0
    lines = []
    for ln in block.lines:
        ws = ln.text.split(" ")
        lines.append(" ".join(fixed if n + j == k else w for j, w in enumerate(ws)))
        n += len(ws)
    del text
    edit(page, block.id, "\n".join(lines))
    press(page, "kb_save")
    expect(page.get_by_text(f"Page {here} saved")).to_be_visible(timeout=T)
    panel = page.locator(".st-key-fix_everywhere")
    expect(panel).to_be_visible(timeout=T)
    expect(panel).to_contain_text(f"{token} → {fixed}")
    for i in sorted(others):
        expect(panel).to_contain_text(f"p. {i}:")
    settle(page)
    page.mouse.move(5, 1090)  # no tooltip over the picture
    page.wait_for_timeout(300)
    page.screenshot(path=shots / "fix-everywhere.png")
    before = {i: store.current(store.page(vol, i).id).id for i in others}
    panel.get_by_role("button", name="Fix all").click()
    expect(panel.get_by_role("button", name="Undo")).to_be_visible(timeout=T)
    for i in others:
        cur = store.current(store.page(vol, i).id)
        assert cur.reason == "replace-all" and cur.author == "bob"
        assert token not in [w.text for w in cur.page.words] and fixed in [w.text for w in cur.page.words]
    settle(page)
    panel.get_by_role("button", name="Undo").click()
    expect(page.get_by_text("Fix undone on")).to_be_visible(timeout=T)
    for i in others:
        cur = store.current(store.page(vol, i).id)
        assert cur.reason == "revert" and cur.page.blocks == store.revision(before[i]).page.blocks
    assert page.evaluate("document.querySelector('.st-key-fix_everywhere b') === null")
    store.close()
