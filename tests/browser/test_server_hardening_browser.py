"""What a user (or an attacker with a browser) sees of the review server's limits: uploads refused
to sessions not signed in, names from files and users shown as text, errors as a short message
with an id (the details only in the server log)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from ingest.store import Store
from tests.browser.test_review_browser import T, _page, settle, sign_in

pytestmark = pytest.mark.browser

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect
UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _session_ids(page: Any) -> list[str]:
    """Collect the ids the server sends the page over its websocket (its session id among them)."""
    seen: list[str] = []

    def on_ws(ws: Any) -> None:
        def frame(payload: bytes | str) -> None:
            data = payload if isinstance(payload, bytes) else payload.encode()
            seen.extend(m.decode() for m in UUID.findall(data) if m.decode() not in seen)

        ws.on("framereceived", frame)

    page.on("websocket", on_ws)
    return seen


def _put_file(page: Any, url: str, session_id: str) -> tuple[int, str]:
    """PUT a 1 MiB file to Streamlit's upload endpoint as this page's session, as a script on the
    page could (with the page's XSRF cookie)."""
    return tuple(  # type: ignore[return-value]
        page.evaluate(
            """async ([url, sid]) => {
                const xsrf = (document.cookie.match(/_streamlit_xsrf=([^;]+)/) || [])[1] || "";
                const form = new FormData();
                form.append("file", new Blob([new Uint8Array(1 << 20)]), "big.png");
                const r = await fetch(`${url}/_stcore/upload_file/${sid}/f1`, {
                    method: "PUT", body: form, credentials: "include",
                    headers: {"X-Xsrftoken": decodeURIComponent(xsrf)}});
                return [r.status, await r.text()];
            }""",
            [url, session_id],
        )
    )


def test_a_session_not_signed_in_cannot_upload(book_server: Any, browser: Any, shots: Path) -> None:
    """Regression (issue 15, item 2): Streamlit's upload endpoint took files from any session."""
    page = _page(browser)
    ids = _session_ids(page)
    page.goto(book_server.url)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=T)
    settle(page)
    assert ids, "no session id seen on the websocket"
    refused = [_put_file(page, book_server.url, sid) for sid in ids]
    assert all(status == 403 for status, _ in refused), refused
    page.screenshot(path=shots / "upload-refused-signed-out.png")
    # the same session, signed in as an archivist, may upload
    sign_in(page, book_server.url, "ada", "ada-secret-pw")
    settle(page)
    statuses = {sid: _put_file(page, book_server.url, sid)[0] for sid in ids}
    assert 204 in statuses.values(), statuses
    log = book_server.log.read_text()
    assert "upload refused: session not signed in" in log


def test_names_from_files_and_titles_are_shown_as_text(
    book_home: Path, book_server: Any, browser: Any, shots: Path
) -> None:
    """Item 9: file names, titles and user names went into Markdown unescaped."""
    from ingest.model import Metadata

    store = Store(book_server.home)
    vol = store.volume("book")
    title = '**Bold** [link](javascript:alert(1)) <img src=x onerror="window.__pwned=1"> :red[red]'
    store.set_metadata(vol.id, Metadata(title=title))
    store.record_failed_input(vol.id, "/scans/<b>x</b>[y](http://evil)/d[/bold].png", "`code` **reason**")
    store.close()
    page = _page(browser)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, book_server.url, "ada", "ada-secret-pw")
    settle(page)
    expect(page.get_by_text(title, exact=True)).to_be_visible(timeout=T)
    page.get_by_text("Failed inputs (1)").click()
    settle(page)
    page.screenshot(path=shots / "library-escaped-names.png", full_page=True)
    main = page.locator("[data-testid=stMain]")
    assert main.locator("img[src=x], a[href^=javascript]").count() == 0
    assert page.evaluate("window.__pwned === undefined") and not dialogs


def test_an_error_shows_a_short_message_and_an_id(book_server: Any, browser: Any, shots: Path) -> None:
    """Item 10: tracebacks (SQL included) reached the browser. A page revision damaged in the
    database (its record lost its page size) is a real fault: the browser gets an id, the log the
    traceback with that id. (A missing page image is not a fault of this kind: the page shows
    without it, see test_ui_view_cache.)"""
    store = Store(book_server.home)
    info = store.pages(store.volume("book").id)[0]
    assert info.current_revision_id is not None
    with store.engine.begin() as conn:
        conn.execute(
            text("UPDATE revisions SET content = :c WHERE id = :i"),
            {"c": '{"index": 1, "blocks": []}', "i": info.current_revision_id},
        )
    store.close()
    page = _page(browser)
    sign_in(page, book_server.url, "bob", "bob-secret-pw")
    page.get_by_role("link", name="Review").click()
    msg = page.get_by_text(re.compile(r"Something went wrong \(error [0-9a-f]{8}\)"))
    expect(msg).to_be_visible(timeout=T)
    settle(page)
    msg.scroll_into_view_if_needed()
    page.screenshot(path=shots / "error-with-id.png")
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and "KeyError" not in body and "revisions" not in body
    eid = re.search(r"error ([0-9a-f]{8})", msg.inner_text()).group(1)  # type: ignore[union-attr]
    log = book_server.log.read_text()
    assert f"error {eid} in the review UI" in log and "KeyError" in log
