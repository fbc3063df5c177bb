"""A two-page image in the review screen: an archivist moves the cut, then undoes the split, in a
real browser against a real server; both change the store and the pages are read anew."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import pytest

from ingest.store import Store
from tests.browser.conftest import _serve
from tests.browser.test_review_browser import T, _page, open_page, settle, sign_in
from tests.test_spreads import _page as sample_page
from tests.test_spreads import make_spread

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect
#: Upper limit for a background job that OCRs the spread again (returns as soon as it has ended;
#: minutes only on a machine many times oversubscribed).
JOB = 300_000


@pytest.fixture(scope="module")
def spread_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ui.demo import build_store

    home = tmp_path_factory.mktemp("browser-spread")
    image = home.parent / "spread.jpg"
    cv2.imwrite(str(image), make_spread(sample_page(4), sample_page(5), shadow=110, surround=30))
    build_store(home, [image], volume="spread").close()
    return home


@pytest.fixture()
def spread_server(spread_home: Path, tmp_path: Path) -> Any:
    yield from _serve(spread_home, tmp_path)


def test_archivist_moves_the_cut_then_undoes_the_split(spread_server: Any, browser: Any, shots: Path) -> None:
    store = Store(spread_server.home)
    vol = store.volume("spread")
    left, right = store.pages(vol.id)
    old_cut = left.split["cut"]
    page = _page(browser)
    sign_in(page, spread_server.url, "ada", "ada-secret-pw")
    open_page(page, 2)
    panel = page.get_by_text("Two-page image: this is its right page")
    expect(panel).to_be_visible(timeout=T)
    panel.click()
    expect(page.get_by_role("button", name="Move the cut")).to_be_visible(timeout=T)
    page.screenshot(path=shots / "spread-panel.png")
    field = page.get_by_label("Cut at column (pixels of the whole image)")
    field.fill(str(old_cut - 150))
    field.press("Enter")
    settle(page)
    page.get_by_role("button", name="Move the cut").click()
    expect(page.get_by_text(f"Cut moved to column {old_cut - 150}")).to_be_visible(timeout=JOB)
    settle(page)
    left2, right2 = store.pages(vol.id)
    assert left2.region[2] == old_cut - 150 and right2.region[0] == old_cut - 150
    assert left2.split["moved_by"] == "ada"
    assert [r.reason for r in store.revisions(right2.id)].count("ocr") == 2

    # The panel stays open through the move (its label changed with the cut): no second click on
    # its header, which would close it again.
    undo = page.get_by_role("button", name="Undo the split")
    expect(undo).to_be_visible(timeout=T)
    undo.click()
    # Reading the image again is a background job with its progress in view; a click elsewhere
    # meanwhile (which stops the page run under way) must not lose the undo's report, nor leave
    # the screen showing the two halves.
    expect(page.get_by_text("Page 2: undoing the split")).to_be_visible(timeout=T)
    page.get_by_text("Worst first").click()
    expect(page.get_by_text("Split undone")).to_be_visible(timeout=JOB)
    settle(page)
    (whole,) = store.pages(vol.id)
    assert whole.part == 0 and whole.region is None and whole.split["undone_by"] == "ada"
    expect(page.get_by_text("Two-page image")).to_have_count(0)
    page.screenshot(path=shots / "spread-undone.png")
    store.close()


def test_corrector_sees_the_cut_but_cannot_move_it(spread_server: Any, browser: Any) -> None:
    page = _page(browser)
    sign_in(page, spread_server.url, "bob", "bob-secret-pw")
    open_page(page, 1)
    page.get_by_text("Two-page image: this is its left page").click()
    expect(page.get_by_text("An archivist can move the cut or undo the split.")).to_be_visible(timeout=T)
    expect(page.get_by_role("button", name="Move the cut")).to_have_count(0)
