"""The Quality view in Chromium: the volume's chart and worst-first table, and a click that opens
the page in the review screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ingest.review.quality import needs_a_person_first, volume_quality
from ingest.store import Store
from tests.browser.test_review_browser import T, _page, settle, sign_in

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


def test_quality_view_chart_and_worst_first_table_open_the_page(
    server: Any, browser: Any, shots: Path
) -> None:
    page = _page(browser)
    sign_in(page, server.url, "bob", "bob-secret-pw")
    page.get_by_role("link", name="Quality").click()
    expect(page.get_by_role("heading", name="Pages that most need a person first")).to_be_visible(timeout=T)
    settle(page)
    expect(
        page.locator("[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg").first
    ).to_be_visible(timeout=T)
    page.wait_for_timeout(500)
    page.screenshot(path=shots / "quality-view.png", full_page=True)
    grid = page.locator("[data-testid=stDataFrame]").first
    expect(grid).to_be_visible(timeout=T)
    box = grid.bounding_box()
    assert box is not None
    # the first data row's selection cell (left edge of the row under the header)
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 18)
    store = Store(server.home)
    try:
        worst = needs_a_person_first(volume_quality(store, store.volume("demo").id))[0].index
    finally:
        store.close()
    expect(page.locator(".st-key-kb_jump input")).to_be_visible(timeout=T)
    expect(page.get_by_text(f"Page {worst} (")).to_be_visible(timeout=T)
