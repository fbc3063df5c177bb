"""Cleanup decisions, zoom, ingest by upload and export in a real browser (Debian's Chromium
against a real `streamlit run` server); also the README's screenshot of a cleaned page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ingest.store import Store
from tests.browser.test_review_browser import T, _page, docs_picture, open_page, press, settle, sign_in

pytestmark = pytest.mark.browser

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect
BORN = Path(__file__).resolve().parents[2] / "samples" / "book-born-digital.pdf"

_PANE = (
    "() => { const p = document.querySelector('.st-key-image_pane');"
    " const el = [p, ...p.querySelectorAll('*')].find(e => e.scrollHeight > e.clientHeight + 5"
    " && getComputedStyle(e).overflowY !== 'visible'); return el ? [el.scrollLeft, el.scrollTop,"
    " el.scrollWidth, el.clientWidth] : null; }"
)


def test_undo_over_a_page_end_and_zoom(book_server: Any, browser: Any, shots: Path) -> None:
    page = _page(browser)
    sign_in(page, book_server.url, "bob", "bob-secret-pw")
    open_page(page, 4)
    pane = page.locator(".st-key-decisions_pane")
    expect(pane.get_by_text("Hyphen joins")).to_be_visible(timeout=T)
    row = pane.locator(".q-drow").filter(has_text="performed (from page 3)")
    expect(row.get_by_text("pages 3, 4")).to_be_visible()
    row.get_by_role("button", name="Undo").click()
    expect(page.get_by_text("on pages 3 and 4: a new revision on each")).to_be_visible(timeout=T)
    settle(page)
    expect(pane.get_by_text("performed (from page 3)")).to_have_count(0)
    store = Store(book_server.home)
    vol = store.volume("book").id
    for index in (3, 4):
        rev = store.current(store.page(vol, index).id)
        assert rev.reason == "undo-cleanup" and rev.author == "bob"
        assert not [w for w in rev.page.words if w.joined == "performed"]
    # the text areas (the same slots as before the undo) show the new revision's text
    texts = [b.text for b in store.current(store.page(vol, 4).id).page.blocks]
    shown = page.locator(".st-key-text_pane textarea").evaluate_all("els => els.map(e => e.value)")
    assert shown == texts
    # zoom: the block's zoom button magnifies the page and centres the block; dragging pans
    page.locator(".q-blk").filter(has=page.locator('textarea[aria-label$=" p0004-b06"]')).get_by_role(
        "button", name="Zoom the page to this block"
    ).click()
    settle(page)
    # the pane centres the block once the magnified image has its size: wait for it (a fixed 500 ms
    # was too short on a loaded machine), then check
    page.wait_for_function(
        f"() => {{ const r = ({_PANE})(); return r && r[2] > r[3] * 1.8 && (r[0] > 0 || r[1] > 0); }}",
        timeout=T,
    )
    left, top, width, client = page.evaluate(_PANE)
    assert width > client * 1.8 and (left > 0 or top > 0)
    # the word boxes lie exactly over the magnified page image, the focus block outlined
    scan = page.locator(".st-key-image_zoom img:not(.q-boxes)").first.bounding_box()
    boxes = page.locator(".st-key-image_zoom img.q-boxes").bounding_box()
    assert scan is not None and boxes is not None and scan["width"] > client * 1.8
    assert all(abs(scan[k] - boxes[k]) < 1.5 for k in ("x", "y", "width", "height")), (scan, boxes)
    box = page.locator(".st-key-image_pane").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx - 150, cy - 100, steps=5)
    page.mouse.up()
    left2, top2, _, _ = page.evaluate(_PANE)
    assert left2 > left or top2 > top
    page.screenshot(path=shots / "review-zoom.png")


def test_review_screenshot_of_a_cleaned_page(server: Any, browser: Any, shots: Path) -> None:
    page = _page(browser)
    sign_in(page, server.url, "bob", "bob-secret-pw")
    open_page(page, 4)
    expect(
        page.locator(".st-key-decisions_pane").get_by_text("Running heads and page numbers")
    ).to_be_visible()
    page.evaluate("document.activeElement && document.activeElement.blur()")  # no focus ring on the jump box
    page.mouse.move(5, 990)  # no tooltip in the picture
    page.wait_for_timeout(600)
    page.screenshot(path=shots / "review-cleaned.png")
    for link, heading in (
        ("History", "History"),
        ("Find & replace", "Find and replace"),
        ("Library", "Library"),
    ):
        page.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=T)
        settle(page)
        page.screenshot(path=shots / f"{link.split()[0].lower()}-cleaned.png", full_page=True)
    docs_picture(shots / "review-cleaned.png", "review.png")


def test_ingest_by_upload_then_export(book_server: Any, browser: Any, shots: Path) -> None:
    page = _page(browser)
    sign_in(page, book_server.url, "ada", "ada-secret-pw")
    form = page.locator("[data-testid=stForm]")
    form.get_by_role("textbox", name="Volume name").fill("uploaded")
    form.get_by_role("textbox", name="Title (optional)").fill("Uploaded book")
    form.locator("input[type=file]").set_input_files(str(BORN))
    expect(form.get_by_role("button", name="Remove book-born-digital.pdf")).to_be_visible(timeout=T)
    form.get_by_role("button", name="Ingest").click()
    progress = page.locator("[data-testid=stProgress]").filter(has_text="of 10")
    # the live bar while the ingest runs (a background job: the page asks for its progress every
    # second); a fast ingest ends before the browser paints it, so the
    # finished bar stays in view with its count after the rerun; the count of pages ("of 10") comes
    # with cleanup, after the PDF's pages are rendered and registered ("of 1" file), so it waits as
    # long as the whole ingest may take on a busy machine
    expect(progress.first).to_be_visible(timeout=180_000)
    expect(page.get_by_text("Ingested into uploaded: 10 pages added")).to_be_visible(timeout=180_000)
    expect(page.get_by_role("heading", name="Uploaded book")).to_be_visible()
    page.screenshot(path=shots / "library-ingested.png", full_page=True)
    store = Store(book_server.home)
    info = store.volume("uploaded")
    assert info.page_count == 10
    assert {store.current(p.id).reason for p in store.pages(info.id)} == {"cleanup"}

    page.get_by_role("link", name="Export").click()
    expect(page.get_by_role("heading", name="Export")).to_be_visible(timeout=T)
    page.get_by_label("Volume").click()
    page.get_by_role("option", name="uploaded").click()
    settle(page)
    press(page, "ex_go")  # the formats chosen: plain text, as preselected
    expect(page.get_by_text("new version v1 written (")).to_be_visible(timeout=60_000)
    settle(page)
    expect(page.get_by_role("heading", name="Versions")).to_be_visible()
    expect(page.locator(".st-key-ver-1")).to_be_visible()
    page.screenshot(path=shots / "export.png", full_page=True)
    root = store.home / "exports" / "uploaded" / "v1"
    assert (root / "bagit.txt").is_file() and (root / "bag-info.txt").is_file()
    assert any(p.suffix == ".txt" and p.stat().st_size > 1000 for p in (root / "data").rglob("*"))
    said = page.locator("[data-testid=stAlert]").first.inner_text().replace("\\", "")
    assert "uploaded-v1.zip" in said and str(store.home) not in said  # names the file, not the server's path
    press(page, "ex_go")  # nothing changed: no new version
    expect(page.get_by_text("unchanged, still v1")).to_be_visible(timeout=T)
