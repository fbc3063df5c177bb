"""The review UI in a real browser: Chromium (Debian's) against a real `streamlit run` server."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from ingest import review
from ingest.model import Decision, line_of
from ingest.review import Role, User
from ingest.store import Store

pytestmark = pytest.mark.browser

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect
DOCS = Path(__file__).resolve().parents[2] / "docs"


def docs_picture(shot: Path, name: str) -> None:
    """Copy a screenshot over the README's picture `docs/<name>`, only when asked
    (QUIRE_UPDATE_DOCS=1, see `make docs-pictures`): a test run leaves the tree alone."""
    if os.environ.get("QUIRE_UPDATE_DOCS"):
        DOCS.mkdir(exist_ok=True)
        shutil.copy(shot, DOCS / name)


#: ms: how long a wait for the UI may last before the test fails. A ceiling, not a speed check
#: (the review screen's speed is measured by bench/ui_latency.py): on a loaded machine, or with
#: the suite on both cores (`make test` runs two test workers), a run of a view can take many
#: seconds; a wait returns as soon as its element is there.
T = 60_000


def _page(browser: Any, width: int = 1600, height: int = 1000) -> Any:
    ctx = browser.new_context(viewport={"width": width, "height": height})
    ctx.set_default_timeout(T)  # actions (fill, click) and page loads; Playwright's default is 30 s
    return ctx.new_page()


def sign_in(page: Any, url: str, name: str, password: str) -> None:
    page.goto(url)
    page.get_by_label("Name").fill(name)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Library")).to_be_visible(timeout=T)


def open_page(page: Any, scan: int) -> None:
    """Library → Open the volume (unless the review screen is open), then jump to a scan number."""
    jump = page.get_by_label("Go to page", exact=True)
    if not jump.is_visible():
        page.get_by_role("button", name="Open").first.click()
    expect(jump).to_be_visible(timeout=T)
    jump.fill(f"#{scan}")
    jump.press("Enter")
    expect(page.get_by_text(f"Page {scan} (")).to_be_visible(timeout=T)
    settle(page)


def settle(page: Any) -> None:
    """Wait until Streamlit has finished the current run."""
    page.wait_for_timeout(250)
    page.wait_for_function(
        "() => { const app = document.querySelector('[data-testid=stApp]');"
        " return app && app.getAttribute('data-test-script-state') !== 'running'"
        " && !document.querySelector('[data-stale=true]'); }",
        timeout=T,
    )


def press(page: Any, key: str) -> None:
    """Click the button with widget key `key` (Streamlit may render a tooltip twin: take the
    first), or the review bar's button named so (kb_save, kb_low...)."""
    page.locator(f'.st-key-{key} button, button[data-key="{key}"]').first.click()


def block(page: Any, block_id: str) -> Any:
    """The text area of block `block_id` (labelled with the block's kind and id)."""
    return page.locator(f'.st-key-text_pane textarea[aria-label$=" {block_id}"]')


def edit(page: Any, block_id: str, text: str) -> None:
    area = block(page, block_id)
    area.fill(text)
    area.press("Tab")  # leaving the field commits it (and keeps a draft)
    expect(page.get_by_text("unsaved edits", exact=True)).to_be_visible(timeout=T)
    settle(page)


def test_sign_in_edit_save_reload(server: Any, browser: Any, shots: Path) -> None:
    page = _page(browser)
    page.goto(server.url)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=T)
    expect(page.get_by_text("Library")).to_have_count(0)  # nothing visible before signing in
    page.screenshot(path=shots / "sign-in.png")
    sign_in(page, server.url, "bob", "bob-secret-pw")
    page.screenshot(path=shots / "library.png", full_page=True)
    open_page(page, 2)
    first = "p0002-b01"
    # a heading's id chip is shown beside its level select, as every other block's beside its kind
    row = page.locator(f'.q-blk[data-block="{first}"] .q-row')
    expect(row.locator("select.q-levelsel")).to_be_visible()
    expect(row.locator("code")).to_have_text(first)
    edit(page, first, "CONTENTS OF THE BOOK")
    press(page, "kb_save")
    expect(page.get_by_text("Page 2 saved")).to_be_visible(timeout=T)
    settle(page)
    page.screenshot(path=shots / "review.png")
    page.reload()  # a new session: sign in again and find the saved text
    sign_in(page, server.url, "bob", "bob-secret-pw")
    open_page(page, 2)
    expect(block(page, first)).to_have_value("CONTENTS OF THE BOOK")
    store = Store(server.home)
    info = store.page(store.volume("demo").id, 2)
    cur = store.current(info.id)
    assert cur.author == "bob" and cur.reason == "edit"
    assert cur.page.blocks[0].words[-1].origin.value == "corrected"
    # a screenshot for the README: a page with doubtful words in focus
    press(page, "kb_low")
    settle(page)
    page.wait_for_timeout(800)
    page.mouse.move(700, 990)  # no tooltip in the picture
    page.evaluate(
        "document.querySelectorAll('[data-testid=stMain], .stMain, section').forEach(e => e.scrollTo(0, 0))"
    )
    page.wait_for_timeout(400)
    page.screenshot(path=shots / "review-focus.png")
    # docs/review.png comes from test_cleanup_browser (a cleaned page)


def test_keyboard_save_and_next(server: Any, browser: Any, shots: Path) -> None:
    page = _page(browser)
    sign_in(page, server.url, "bob", "bob-secret-pw")
    open_page(page, 3)
    area = block(page, "p0003-b01")
    area.fill("Typed then Ctrl+S")
    area.press("Control+s")  # saves without leaving the field first
    expect(page.get_by_text("Page 3 saved")).to_be_visible(timeout=T)
    settle(page)
    page.locator("body").press("Alt+n")
    expect(page.get_by_text("Page 4 (")).to_be_visible(timeout=T)
    store = Store(server.home)
    cur = store.current(store.page(store.volume("demo").id, 3).id)
    assert cur.page.blocks[0].text == "Typed then Ctrl+S"


def test_two_correctors_conflict_then_merge(server: Any, browser: Any, shots: Path) -> None:
    bob, cy = _page(browser), _page(browser)
    store = Store(server.home)
    info = store.page(store.volume("demo").id, 2)
    rest = [b.text for b in store.current(info.id).page.blocks[1:]]
    sign_in(bob, server.url, "bob", "bob-secret-pw")
    sign_in(cy, server.url, "cy", "cy-secret-pw")
    open_page(bob, 2)
    open_page(cy, 2)
    edit(cy, "p0002-b01", "CONTENTS by cy")
    press(cy, "kb_save")
    expect(cy.get_by_text("Page 2 saved")).to_be_visible(timeout=T)
    edit(bob, "p0002-b01", "CONTENTS by bob")
    press(bob, "kb_save")
    # the message, not the conflict view's "Your version (not saved)", which may be drawn already
    expect(bob.get_by_text(re.compile(r"^Not saved:"))).to_be_visible(timeout=T)
    settle(bob)
    expect(bob.locator(".st-key-conflict").get_by_text("CONTENTS by cy")).to_be_visible()
    expect(bob.locator(".st-key-conflict").get_by_text("CONTENTS by bob")).to_be_visible()
    bob.screenshot(path=shots / "conflict.png")
    assert store.current(info.id).page.blocks[0].text == "CONTENTS by cy"  # nothing overwritten
    bob.get_by_text("my version").click()
    press(bob, "merge_save")
    expect(bob.get_by_text("Merged version saved")).to_be_visible(timeout=T)
    revs = store.revisions(info.id)
    assert [r.author for r in revs[-2:]] == ["cy", "bob"]
    assert revs[-1].page.blocks[0].text == "CONTENTS by bob"
    # the blocks nobody edited are as they were, in both saves
    assert [b.text for b in revs[-2].page.blocks[1:]] == rest
    assert [b.text for b in revs[-1].page.blocks[1:]] == rest


def test_a_jump_to_the_page_on_screen_keeps_its_fields(server: Any, browser: Any, shots: Path) -> None:
    """The library opens the volume on its queue's first page; a jump to that same page, then an
    edit made at once, before the jump's run has redrawn anything: the fields are the same
    drawing (their stem unchanged) and the edit is applied, never refused as made on a page that
    has changed since (it was, now and then, on a loaded machine)."""
    store = Store(server.home)
    vol = store.volume("demo").id
    first = review.queue_order(store.pages(vol))[0]
    blocks = store.current(store.page(vol, first).id).page.blocks
    page = _page(browser)
    sign_in(page, server.url, "bob", "bob-secret-pw")
    page.get_by_role("button", name="Open").first.click()
    expect(page.get_by_text(f"Page {first} (")).to_be_visible(timeout=T)
    settle(page)
    drawn = page.locator(".st-key-text_pane .q-blocks").get_attribute("data-stem")
    jump = page.get_by_label("Go to page", exact=True)
    jump.fill(f"#{first}")
    jump.press("Enter")
    area = block(page, blocks[0].id)
    area.fill("Typed right after the jump")
    area.press("Tab")
    expect(page.get_by_text("unsaved edits", exact=True)).to_be_visible(timeout=T)
    settle(page)
    assert page.locator(".st-key-text_pane .q-blocks").get_attribute("data-stem") == drawn
    expect(page.get_by_text("Not applied")).to_have_count(0)
    draft = review.load_draft(store, store.page(vol, first).id, User("bob", Role.CORRECTOR))
    assert draft is not None
    assert [b.text for b in draft[1].blocks] == ["Typed right after the jump", *[b.text for b in blocks[1:]]]


def _shown(page: Any) -> list[str]:
    """The text pane's text areas' values, in order."""
    return page.locator(".st-key-text_pane textarea").evaluate_all("els => els.map(e => e.value)")


def _shows(page: Any, texts: list[str]) -> None:
    """Wait until the text pane's text areas hold `texts` (a run may still be drawing them); a
    value of another page never turns into the right one, so that fails after the wait."""
    try:
        page.wait_for_function(
            "want => { const v = [...document.querySelectorAll('.st-key-text_pane textarea')]"
            ".map(e => e.value); return JSON.stringify(v) === JSON.stringify(want); }",
            arg=texts,
            timeout=T,
        )
    except playwright.Error:
        pass
    assert _shown(page) == texts


def test_page_turns_show_each_page_and_change_nothing(server: Any, browser: Any, shots: Path) -> None:
    """Back and forth with Alt+N and Alt+P, each page's text areas show that page's text (never a
    value of the page before); an edit saved after the turns changes its block and no other."""
    store = Store(server.home)
    vol = store.volume("demo").id
    texts = {i: [b.text for b in store.current(store.page(vol, i).id).page.blocks] for i in (1, 2, 3, 4)}
    page = _page(browser)
    sign_in(page, server.url, "bob", "bob-secret-pw")
    open_page(page, 1)
    _shows(page, texts[1])
    for key, index in (("Alt+n", 2), ("Alt+n", 3), ("Alt+n", 4), ("Alt+p", 3), ("Alt+p", 2)):
        page.locator("body").press(key)
        expect(page.get_by_text(f"Page {index} (")).to_be_visible(timeout=T)
        settle(page)
        _shows(page, texts[index])
    edit(page, "p0002-b01", "CONTENTS after the turns")
    _shows(page, ["CONTENTS after the turns", *texts[2][1:]])
    press(page, "kb_save")
    expect(page.get_by_text("Page 2 saved")).to_be_visible(timeout=T)
    assert [b.text for b in store.current(store.page(vol, 2).id).page.blocks] == [
        "CONTENTS after the turns",
        *texts[2][1:],
    ]
    for index in (1, 3, 4):  # no page turned past was written to
        assert store.current(store.page(vol, index).id).author == "quire"


def test_find_replace_with_undo(server: Any, browser: Any, shots: Path) -> None:
    page = _page(browser)
    sign_in(page, server.url, "bob", "bob-secret-pw")
    page.get_by_role("link", name="Find & replace").click()
    expect(page.get_by_role("heading", name="Find and replace")).to_be_visible(timeout=T)
    page.get_by_role("textbox", name="Find", exact=True).fill("the")
    page.get_by_role("textbox", name="Replace with").fill("THE")
    page.get_by_role("button", name="Find", exact=True).click()
    expect(page.get_by_text("hits", exact=False).first).to_be_visible(timeout=T)
    settle(page)
    page.screenshot(path=shots / "find-replace.png", full_page=True)
    store = Store(server.home)
    vol = store.volume("demo").id
    before = {p.id: p.current_revision_id for p in store.pages(vol)}
    press(page, "fr_replace_all")
    expect(page.get_by_text("one undo reverts them all")).to_be_visible(timeout=T)
    changed = {p.id for p in store.pages(vol) if p.current_revision_id != before[p.id]}
    assert changed and all(store.current(i).reason == "replace-all" for i in changed)
    press(page, "fr_undo")
    expect(page.get_by_text("Replace undone")).to_be_visible(timeout=T)
    for i in changed:
        cur = store.current(i)
        assert cur.reason == "revert"
        assert cur.page.blocks == store.revision(before[i]).page.blocks  # type: ignore[arg-type]


def test_hostile_text_from_a_page_stays_text_in_the_text_pane_and_decisions(
    server: Any, browser: Any, shots: Path
) -> None:
    """What a file brings (a PDF's text layer, an OCR reading) reaches the text pane and the
    decisions list as data: a block's text, a decision's account and its kind are shown as the
    characters they are, never as markup or script."""
    evil = '<img src=x onerror="window.__pwned=1"></textarea><script>window.__pwned=2</script>'
    store = Store(server.home)
    info = store.page(store.volume("demo").id, 2)
    cur = store.current(info.id)
    first = cur.page.blocks[0]
    hostile = dataclasses.replace(
        cur.page,
        blocks=(
            dataclasses.replace(first, lines=(line_of([dataclasses.replace(first.words[0], text=evil)]),)),
        )
        + cur.page.blocks[1:],
        decisions=(
            *cur.page.decisions,
            Decision(f"heading{evil}", (first.id,), f"heading level 1: {evil}", {}, id="x-evil"),
        ),
    )
    store.save_revision(info.id, hostile, author="import", reason="cleanup", base_id=cur.id)
    page = _page(browser)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, server.url, "bob", "bob-secret-pw")
    open_page(page, 2)
    expect(block(page, first.id)).to_have_value(evil)
    decisions = page.locator(".st-key-decisions_pane .q-decisions")
    expect(decisions).to_contain_text(f"heading level 1: {evil}")
    for pane in (".st-key-text_pane", ".st-key-decisions_pane"):
        assert page.locator(f"{pane} img, {pane} script").count() == 0
    page.screenshot(path=shots / "hostile-text-pane.png", full_page=True)
    assert page.evaluate("window.__pwned === undefined")
    assert not dialogs


def test_text_typed_as_html_stays_text(server: Any, browser: Any, shots: Path) -> None:
    page = _page(browser)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, server.url, "bob", "bob-secret-pw")
    open_page(page, 2)
    evil = (
        '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> '
        "**bold** [a](javascript:alert(1))"
    )
    edit(page, "p0002-b01", evil)
    press(page, "kb_save")
    expect(page.get_by_text("Page 2 saved")).to_be_visible(timeout=T)
    page.reload()
    sign_in(page, server.url, "bob", "bob-secret-pw")
    open_page(page, 2)
    expect(block(page, "p0002-b01")).to_have_value(" ".join(evil.split()))
    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", name="History")).to_be_visible(timeout=T)
    settle(page)
    diff = page.locator(".q-diff")
    expect(diff).to_contain_text("<img src=x")
    assert diff.locator("img, script").count() == 0
    page.screenshot(path=shots / "history-escaped.png", full_page=True)
    assert page.evaluate("window.__pwned === undefined")
    assert not dialogs
