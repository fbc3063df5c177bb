"""Page images by address in Chromium against `quire review`: the page shown and the next one sent
ahead are fetched from `/q/page-image/<session>/...` as the display copies on disk, kept by the
browser, and refused for a session that is not live, once it signs out or its user is disabled,
and for another page or a zoom the view does not offer."""

from __future__ import annotations

import http.client
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from ingest.store import Store
from tests.browser.test_review_browser import T, _page, open_page, settle, sign_in

pytestmark = pytest.mark.browser

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

FETCH = """async (src) => {
  const r = await fetch(src, {cache: "no-store"});
  const b = new Uint8Array(await r.arrayBuffer());
  return {status: r.status, type: r.headers.get("content-type"), cache: r.headers.get("cache-control"),
          bytes: Array.from(b.slice(0, 4)), size: b.length};
}"""


#: Notes (window.__qShownAt) the first animation frame after the page image `src` is put in the
#: pane: the frame in which it is painted.
SHOWN_AT = """(src) => {
  window.__qShownAt = null;
  const seen = () => {
    const i = document.querySelector('.st-key-image_zoom img.q-scan');
    if (i && i.getAttribute('src') === src && window.__qShownAt === null) {
      window.__qShownAt = -1;
      requestAnimationFrame(() => { window.__qShownAt = performance.now(); });
    }
  };
  new MutationObserver(seen).observe(document.body, {subtree: true, childList: true, attributes: true,
                                                     attributeFilter: ['src']});
}"""


def _status(page: Any, src: str) -> int:
    """The server's answer to `src` (not the browser's kept copy)."""
    return int(page.evaluate("async (src) => (await fetch(src, {cache: 'no-store'})).status", src))


def _raw(url: str, path: str) -> tuple[int, str, bytes]:
    """The server's answer to `path` sent as written, from no browser (which would resolve dot
    segments before sending): status, content type and body."""
    u = urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname or "127.0.0.1", u.port, timeout=60)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, r.getheader("content-type") or "", r.read()
    finally:
        conn.close()


def test_page_images_by_address_checked_per_session_and_role(server: Any, browser: Any, shots: Path) -> None:
    page = _page(browser)
    sign_in(page, server.url, "bob", "bob-secret-pw")
    open_page(page, 2)
    scan = page.locator(".st-key-image_zoom img.q-scan")
    page.wait_for_function(
        "() => { const i = document.querySelector('.st-key-image_zoom img.q-scan');"
        " return i && i.complete && i.naturalWidth > 0; }",
        timeout=T,
    )
    src = str(scan.get_attribute("src"))
    store = Store(server.home)
    info = store.page(store.volume("demo").id, 2)
    assert info.image is not None and src.endswith(f"/{info.id}/1/{info.image}")
    got = page.evaluate(FETCH, src)
    copy = server.home / "cache" / "view" / f"{Path(info.image).stem}-1000.jpg"
    assert got["status"] == 200 and got["type"] == "image/jpeg" and "immutable" in got["cache"]
    assert got["size"] == copy.stat().st_size and got["bytes"] == list(copy.read_bytes()[:4])
    # the next page's image is in the document ahead of Alt+N, and fetched already
    ahead = str(page.locator("img.q-ahead").get_attribute("src"))
    nxt = store.page(store.volume("demo").id, 3)
    assert ahead.endswith(f"/{nxt.id}/1/{nxt.image}")
    page.wait_for_function(
        "(s) => performance.getEntriesByName(new URL(s, location).href).length > 0", arg=ahead, timeout=T
    )
    page.evaluate(SHOWN_AT, ahead)
    page.locator("body").press("Alt+n")
    expect(page.get_by_text("Page 3 (")).to_be_visible(timeout=T)
    settle(page)
    assert scan.get_attribute("src") == ahead
    # the page after is fetched ahead only once this one is painted (not while it is drawn)
    after = store.page(store.volume("demo").id, 4)
    page.wait_for_function(
        "(s) => (document.querySelector('img.q-ahead')?.getAttribute('src') || '').endsWith(s)",
        arg=f"/{after.id}/1/{after.image}",
        timeout=T,
    )
    ahead2 = str(page.locator("img.q-ahead").get_attribute("src"))
    page.wait_for_function(
        "(s) => performance.getEntriesByName(new URL(s, location).href).length > 0", arg=ahead2, timeout=T
    )
    started = page.evaluate(
        "(s) => performance.getEntriesByName(new URL(s, location).href)[0].startTime", ahead2
    )
    shown_at = page.evaluate("() => window.__qShownAt")
    assert shown_at is not None and shown_at > 0 and started > shown_at, (started, shown_at)
    page.screenshot(path=shots / "review-image-by-address.png")
    # another page's id with this image, or a zoom the view does not offer: nothing
    assert _status(page, src.replace(f"/{info.id}/1/", f"/{nxt.id}/1/")) == 404
    assert _status(page, src.replace(f"/{info.id}/1/", f"/{info.id}/7/")) == 404
    assert _status(page, src.rsplit("/", 1)[0] + "/..%2F..%2Fquire.db") in (400, 404)  # no path out
    # hostile addresses with this live session's id, sent as written: a path or another page's
    # image key in place of this page's, a page id no page has (one past what the database
    # holds, too): never an image, never a file
    base = src.rsplit("/", 1)[0]
    db = server.home / "quire.db"
    for path in (
        base + "/..%2F..%2F..%2Fquire.db",
        base + "/%2E%2E%2F%2E%2E%2F%2E%2E%2Fquire.db",
        base + "/" + quote(str(db), safe=""),
        base + "/../../../../quire.db",
        base + "/" + quote(str(nxt.image), safe=""),  # a real image, of another page
        base + "/" + quote(str(info.image), safe="") + "%00.jpg",
        src.replace(f"/{info.id}/1/", "/99999999999999999999999999/1/"),
        src.replace(f"/{info.id}/1/", "/-1/1/"),
        base.rsplit("/", 1)[0] + "/nan/" + quote(str(info.image), safe=""),
    ):
        status, ctype, body = _raw(server.url, path)
        # refused, or a path the route does not take (slashes): Streamlit's own app page
        assert status in (400, 403, 404) or ctype.startswith("text/html"), (path, status, ctype)
        assert not body.startswith(b"SQLite format") and body[:2] != b"\xff\xd8", path
    # the same client with the address as written: served (the live session's id admits it, so
    # the refusals above were for what the paths held)
    assert _raw(server.url, src)[:2] == (200, "image/jpeg")
    # a session id that is no live session: refused (from another browser context too)
    other = _page(browser)
    other.goto(server.url)
    expect(other.get_by_role("button", name="Sign in")).to_be_visible(timeout=T)
    sid = src.split("/")[3]
    assert _status(other, src.replace(sid, "0" * len(sid))) == 403
    assert _status(page, src.replace(sid, sid[::-1])) == 403
    # the user disabled: refused at once, though their session lives on
    assert store.set_user_disabled("bob", True)
    assert _status(page, src) == 403
    assert store.set_user_disabled("bob", False)
    assert _status(page, src) == 200
    # signed out: refused
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=T)
    assert _status(page, src) == 403
    log = server.log.read_text()
    assert "page image refused (403)" in log and "Traceback" not in log
    store.close()
