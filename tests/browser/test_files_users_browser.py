"""Files and users in Chromium: an archivist exports two formats as one version and downloads the
bag as a zip and a format on its own; adds a user (a hostile name stays text), who signs in with
the password shown once; disables them (no sign-in), resets their password and makes them an
archivist (their open session may export from its next click). A corrector sees neither view."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_review_browser import T, _page, press, settle, sign_in

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def _try_sign_in(browser: Any, url: str, name: str, password: str) -> Any:
    page = _page(browser)
    page.goto(url)
    page.get_by_label("Name").fill(name)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    return page


def test_export_versions_download_and_manage_users(
    book_server: Any, browser: Any, shots: Path, tmp_path: Path
) -> None:
    dialogs: list[str] = []
    ada = _page(browser)
    ada.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(ada, book_server.url, "ada", "ada-secret-pw")
    ada.get_by_role("link", name="Export").click()
    expect(ada.get_by_role("heading", name="Export")).to_be_visible(timeout=T)
    # the view drawn to its end (its first run imports the exporters) before a format is chosen:
    # once, EPUB chosen early was not in the version written (1 run in 7)
    expect(ada.get_by_text("No exports yet.")).to_be_visible(timeout=T)
    settle(ada)
    # two formats, one version
    # chosen by keyboard: typing does not depend on where the open list's options lie at the
    # moment of a click
    formats = ada.locator(".st-key-ex_formats input")
    formats.click()
    formats.fill("EPUB")
    formats.press("Enter")
    formats.press("Escape")
    settle(ada)
    expect(ada.locator(".st-key-ex_formats")).to_contain_text("EPUB 3", timeout=T)
    press(ada, "ex_go")
    written = ada.get_by_text("New version v1 written (")
    expect(written).to_be_visible(timeout=60_000)
    expect(written).to_contain_text("EPUB 3")  # the formats chosen are the formats written
    settle(ada)
    ver = ada.locator(".st-key-ver-1")
    expect(ver).to_be_visible(timeout=T)
    ada.screenshot(path=shots / "export-versions.png", full_page=True)
    with ada.expect_download(timeout=60_000) as dl:
        ver.locator(".st-key-dl-bag-1 button").click()
    bag = tmp_path / dl.value.suggested_filename
    dl.value.save_as(bag)
    assert bag.name == "book-v1.zip"
    with zipfile.ZipFile(bag) as zf:
        names = zf.namelist()
        assert "book-v1/bagit.txt" in names and "book-v1/bag-info.txt" in names
        assert any(n.startswith("book-v1/data/epub/") for n in names)
        assert any(n.startswith("book-v1/data/txt/") for n in names)
    with ada.expect_download(timeout=60_000) as dl:
        ver.locator(".st-key-dl-1-epub button").click()
    epub = tmp_path / dl.value.suggested_filename
    dl.value.save_as(epub)
    assert epub.suffix == ".epub" and zipfile.ZipFile(epub).read("mimetype") == b"application/epub+zip"

    # users: add one with a hostile name; the password is shown once
    ada.get_by_role("link", name="Users").click()
    expect(ada.get_by_role("heading", name="Users")).to_be_visible(timeout=T)
    me = ada.locator("[class*='st-key-user-']").filter(has_text="ada")
    expect(me.get_by_role("button", name="Disable")).to_be_disabled(timeout=T)  # not oneself
    evil = "<img src=x onerror=alert(1)>dan"
    ada.locator(".st-key-u_new_name input").fill(evil)
    ada.locator(".st-key-u_new_name input").press("Tab")
    settle(ada)
    press(ada, "u_add")
    expect(ada.get_by_text(f"User {evil} added.")).to_be_visible(timeout=T)
    password = ada.locator("[data-testid=stCode] code").first.inner_text().strip()
    assert len(password) >= 12
    settle(ada)
    ada.screenshot(path=shots / "users.png", full_page=True)
    dan = _try_sign_in(browser, book_server.url, evil, password)
    expect(dan.get_by_role("heading", name="Library")).to_be_visible(timeout=T)
    expect(dan.get_by_role("link", name="Users")).to_have_count(0)  # a corrector
    expect(dan.get_by_role("link", name="Export")).to_have_count(0)

    # disable: the open session ends at its next click, and no sign-in
    row = ada.locator("[class*='st-key-user-']").filter(has_text="dan")
    row.get_by_role("button", name="Disable").click()
    expect(ada.get_by_text("dan disabled.")).to_be_visible(timeout=T)
    dan.get_by_role("link", name="Review").click()
    expect(dan.get_by_role("button", name="Sign in")).to_be_visible(timeout=T)
    again = _try_sign_in(browser, book_server.url, evil, password)
    expect(again.get_by_text("Unknown name or wrong password")).to_be_visible(timeout=T)
    settle(ada)
    row.get_by_role("button", name="Enable").click()
    expect(ada.get_by_text("dan enabled.")).to_be_visible(timeout=T)
    settle(ada)
    row.get_by_role("button", name="Reset password").click()
    expect(ada.get_by_text("New password for")).to_be_visible(timeout=T)
    fresh = ada.locator("[data-testid=stCode] code").first.inner_text().strip()
    assert fresh != password
    dan = _try_sign_in(browser, book_server.url, evil, fresh)
    expect(dan.get_by_role("heading", name="Library")).to_be_visible(timeout=T)
    settle(dan)
    expect(dan.get_by_role("link", name="Export")).to_have_count(0)

    # a role changed in the browser: dan, an archivist now, may export from his next click on
    settle(ada)
    row.locator("[data-testid=stSelectbox]").click()
    ada.get_by_role("option", name="archivist", exact=True).click()
    expect(ada.get_by_text("is now archivist.")).to_be_visible(timeout=T)
    dan.get_by_role("link", name="Review").click()
    expect(dan.get_by_role("link", name="Export")).to_be_visible(timeout=T)
    assert not dialogs
    assert ada.evaluate("window.__pwned === undefined")
