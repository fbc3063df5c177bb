"""Two-person validation in Chromium: bob proofreads a page and cannot validate it, cy validates
it; a problem is marked with a note typed as HTML (shown as text); the library's bar counts the
pages by stage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ingest.model import PageStatus
from ingest.store import Store
from tests.browser.test_review_browser import T, _page, docs_picture, edit, open_page, press, settle, sign_in

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def _validate_button(page: Any) -> Any:
    return page.get_by_role("button", name="Validate", exact=True)


def test_proofread_by_one_validated_by_another_and_a_problem(server: Any, browser: Any, shots: Path) -> None:
    store = Store(server.home)
    vol = store.volume("demo").id
    bob = _page(browser)
    dialogs: list[str] = []
    bob.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(bob, server.url, "bob", "bob-secret-pw")
    open_page(bob, 2)
    expect(_validate_button(bob)).to_be_disabled()  # not proofread yet
    edit(bob, "p0002-b01", "CONTENTS proofread")
    press(bob, "kb_save")
    expect(bob.get_by_text("Page 2 saved")).to_be_visible(timeout=T)
    settle(bob)
    info = store.page(vol, 2)
    assert (info.status, info.proofread_by) == (PageStatus.CORRECTED, "bob")
    expect(bob.get_by_text("proofread by bob").first).to_be_visible(timeout=T)
    expect(_validate_button(bob)).to_be_disabled()  # his own proofreading
    bob.locator("body").press("Alt+a")  # the shortcut does nothing either
    bob.wait_for_timeout(800)
    assert store.page_by_id(info.id).status is PageStatus.CORRECTED

    # bob marks page 3 a problem, the note typed as HTML
    open_page(bob, 3)
    bob.get_by_role("button", name="Problem", exact=True).click()
    note = '<img src=x onerror="alert(1)"> the scan is cut <b>off</b>'
    bob.get_by_label("What is wrong with this page?").fill(note)
    bob.get_by_role("button", name="Mark as a problem", exact=True).click()
    expect(bob.get_by_text("Page 3 marked as a problem")).to_be_visible(timeout=T)
    settle(bob)
    expect(bob.get_by_text(f"Marked as a problem: {note}")).to_be_visible(timeout=T)
    bob.screenshot(path=shots / "problem.png")
    p3 = store.page(vol, 3)
    assert (p3.status, p3.status_note) == (PageStatus.PROBLEM, note)

    cy = _page(browser)
    cy.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(cy, server.url, "cy", "cy-secret-pw")
    open_page(cy, 2)
    expect(_validate_button(cy)).to_be_enabled(timeout=T)
    cy.mouse.move(5, 990)  # no tooltip over the picture
    cy.screenshot(path=shots / "validate-before.png")
    cy.locator("body").press("Alt+a")
    expect(cy.get_by_text("Page 2 validated")).to_be_visible(timeout=T)
    settle(cy)
    cur = store.current(info.id)
    assert (cur.reason, cur.author, store.page_by_id(info.id).status) == (
        "validate",
        "cy",
        PageStatus.APPROVED,
    )
    assert store.revisions(info.id)[-2].author == "bob"  # the proofreading, then the validation

    # the library: a bar by stage
    cy.get_by_role("link", name="Library").click()
    expect(cy.get_by_role("heading", name="Library")).to_be_visible(timeout=T)
    settle(cy)
    expect(cy.locator(".q-bar .q-seg")).to_have_count(3, timeout=T)  # validated, problem, not proofread
    expect(cy.locator(".q-legend")).to_contain_text("validated 1")
    expect(cy.locator(".q-legend")).to_contain_text("problem 1")
    expect(cy.locator(".q-legend")).to_contain_text("not proofread 2")
    cy.wait_for_timeout(300)
    cy.screenshot(path=shots / "library-progress.png")
    cy.locator(".st-key-vol-1").screenshot(path=shots / "library-progress-card.png")
    docs_picture(shots / "library-progress-card.png", "library-progress.png")
    assert not dialogs
    assert bob.evaluate("window.__pwned === undefined") and cy.evaluate("window.__pwned === undefined")
    store.close()
