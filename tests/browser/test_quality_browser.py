"""The Quality view in Chromium: the volume's chart and worst-first table, and a click on either
that opens the page in the review screen."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from ingest.review.quality import needs_a_person_first, volume_quality
from ingest.review.validation import STAGE_COLOURS, Stage
from ingest.store import Store
from tests.browser.test_review_browser import T, _page, docs_picture, settle, sign_in

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

CHART = "[data-testid=stVegaLiteChart]"


def _open_quality(page: Any) -> None:
    page.get_by_role("link", name="Quality").click()
    # the view's first run imports the chart library: at load 45 that alone outran T
    first = page.get_by_role("heading", name="Pages that most need a person first")
    expect(first).to_be_visible(timeout=90_000)
    settle(page)
    expect(page.locator(f"{CHART} canvas, {CHART} svg").first).to_be_visible(timeout=90_000)
    page.wait_for_timeout(500)


def _tallest_bar(page: Any, colour: str) -> tuple[float, float]:
    """Where to click the tallest bar drawn in `colour` (#rrggbb): a point just under its top, in
    page coordinates, found in a screenshot of the chart."""
    from PIL import Image

    chart = page.locator(CHART).first
    box = chart.bounding_box()
    assert box is not None
    img = Image.open(io.BytesIO(chart.screenshot())).convert("RGB")
    want = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    px = img.load()
    assert px is not None
    legend_x = img.width * 0.85  # the legend's swatches sit at the right: no bar is there
    for y in range(img.height):
        xs = [
            x
            for x in range(int(legend_x))
            if all(abs(a - b) <= 6 for a, b in zip(px[x, y], want, strict=True))
        ]
        if len(xs) >= 4:
            sx, sy = img.width / box["width"], img.height / box["height"]
            return box["x"] + (xs[0] + xs[-1]) / 2 / sx, box["y"] + (y + 6) / sy
    raise AssertionError(f"no bar drawn in {colour}")


def test_quality_view_chart_and_worst_first_table_open_the_page(
    server: Any, browser: Any, shots: Path
) -> None:
    store = Store(server.home)
    try:
        pages = volume_quality(store, store.volume("demo").id)
    finally:
        store.close()
    worst = needs_a_person_first(pages)
    assert {p.stage for p in pages} == {Stage.NOT_PROOFREAD.value}
    page = _page(browser)
    sign_in(page, server.url, "bob", "bob-secret-pw")
    _open_quality(page)
    page.mouse.move(5, 990)  # no tooltip in the picture
    page.screenshot(path=shots / "quality-view.png", full_page=True)
    docs_picture(shots / "quality-view.png", "quality-view.png")  # the README's picture

    # the bars are coloured by proofreading stage with the library bar's colours; a click on the
    # tallest (the page estimated worst) opens that page in review
    x, y = _tallest_bar(page, STAGE_COLOURS[Stage.NOT_PROOFREAD])
    page.mouse.click(x, y)
    expect(page.get_by_label("Go to page", exact=True)).to_be_visible(timeout=T)
    expect(page.get_by_text(f"Page {worst[0].index} (")).to_be_visible(timeout=T)
    settle(page)

    # the worst-first table's second row opens its page
    _open_quality(page)
    grid = page.locator("[data-testid=stDataFrame]").first
    expect(grid).to_be_visible(timeout=T)
    box = grid.bounding_box()
    assert box is not None
    # the second data row's selection cell (left edge, under the header and the first row)
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 35 + 18)
    expect(page.get_by_label("Go to page", exact=True)).to_be_visible(timeout=T)
    expect(page.get_by_text(f"Page {worst[1].index} (")).to_be_visible(timeout=T)
