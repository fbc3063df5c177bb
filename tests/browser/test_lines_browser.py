"""Line-by-line proofreading in Chromium: each line's strip above its text, doubtful words marked
in both, the keyboard moving between lines and to the next doubtful word of the volume, and an
edit that keeps every untouched word's box."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ingest import review
from ingest.store import Store
from tests.browser.test_review_browser import T, _page, docs_picture, open_page, settle, sign_in

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

LINE_INPUTS = "[class*='st-key-lt-'] input"


def _focused_line(page: Any) -> str:
    """The widget key of the line field that has the keyboard focus ('' when none)."""
    return str(
        page.evaluate(
            "() => { const a = document.activeElement; const box = a && a.closest(\"[class*='st-key-lt-']\");"
            " if (!box) return ''; const m = /st-key-(lt-\\S+)/.exec(box.className); return m ? m[1] : ''; }"
        )
    )


def _selection(page: Any) -> str:
    return str(
        page.evaluate(
            "() => { const a = document.activeElement;"
            " return a && a.value !== undefined ? a.value.slice(a.selectionStart, a.selectionEnd) : ''; }"
        )
    )


def _line_mode(page: Any) -> None:
    page.get_by_role("switch", name="Line by line").click()
    expect(page.locator(".st-key-lines_pane")).to_be_visible(timeout=T)
    settle(page)


def test_line_by_line_keyboard_proofreading(server: Any, browser: Any, shots: Path) -> None:
    store = Store(server.home)
    vol = store.volume("demo").id
    pages = {p.index: p for p in store.pages(vol)}
    saved = {i: store.current(p.id) for i, p in pages.items()}
    rows4 = review.page_lines(saved[4].page)

    page = _page(browser, height=1100)
    sign_in(page, server.url, "bob", "bob-secret-pw")
    open_page(page, 4)
    _line_mode(page)
    # one field and one image strip per line, in reading order, with the page's text
    fields = page.locator(LINE_INPUTS)
    expect(fields).to_have_count(len(rows4), timeout=T)
    assert [fields.nth(i).input_value() for i in range(len(rows4))] == [r.text for r in rows4]
    expect(page.locator(".st-key-lines_pane [data-testid=stImage] img")).to_have_count(len(rows4))
    # kinds beside the lines: the running head and the notes
    kinds = {r.kind_label for r in rows4 if r.kind_label}
    assert "Running head" in kinds
    for k in kinds:
        expect(page.locator(".st-key-lines_pane .q-kind", has_text=k).first).to_be_visible()
    # doubtful words marked in the text
    doubts = [d for r in rows4 for d in r.doubts]
    assert doubts
    expect(page.locator(".q-marks mark")).to_have_count(len(doubts), timeout=T)
    assert page.locator(".q-marks mark").first.text_content() == doubts[0].text

    # Enter and Alt+Down go down a line, Alt+Up back
    fields.nth(0).click()
    fields.nth(0).press("Enter")
    page.wait_for_timeout(150)
    assert _focused_line(page).endswith(rows4[1].id.replace(":", "-"))
    page.keyboard.press("Alt+ArrowDown")
    page.wait_for_timeout(150)
    assert _focused_line(page).endswith(rows4[2].id.replace(":", "-"))
    page.keyboard.press("Alt+ArrowUp")
    page.wait_for_timeout(150)
    assert _focused_line(page).endswith(rows4[1].id.replace(":", "-"))

    # Alt+L from the last doubtful word of page 4 finds the next page with one, focuses its line
    # and selects the word: typing replaces it
    first_elsewhere = next(
        (i, review.low_confidence_words(saved[i].page)[0])
        for i in sorted(saved)
        if i != 4 and review.low_confidence_words(saved[i].page)
    )
    for _ in doubts:
        page.keyboard.press("Alt+l")
        settle(page)
    page.keyboard.press("Alt+l")
    expect(page.get_by_text(f"Page {first_elsewhere[0]} (")).to_be_visible(timeout=T)
    settle(page)
    word = first_elsewhere[1]
    line_id = review.line_of_word(word.id)
    assert line_id is not None
    page.wait_for_function(
        "(t) => { const a = document.activeElement;"
        " return a && a.value !== undefined && a.value.slice(a.selectionStart, a.selectionEnd) === t; }",
        arg=word.text,
        timeout=T,
    )
    assert _focused_line(page).endswith(line_id.replace(":", "-"))
    page.wait_for_timeout(300)
    page.mouse.move(5, 1090)  # no tooltip in the picture
    page.screenshot(path=shots / "review-lines.png")
    docs_picture(shots / "review-lines.png", "review-lines.png")  # the README's picture
    page.keyboard.type("Fixed")
    page.keyboard.press("Enter")
    expect(page.get_by_text("unsaved edits", exact=True)).to_be_visible(timeout=T)
    settle(page)
    page.keyboard.press("Control+s")
    expect(page.get_by_text(f"Page {first_elsewhere[0]} saved")).to_be_visible(timeout=T)
    settle(page)

    before = saved[first_elsewhere[0]].page
    after = store.current(pages[first_elsewhere[0]].id)
    assert after.author == "bob" and after.reason == "edit"
    bid, li, wi = word.id.split(":")
    old_line = before.block(bid).lines[int(li)]
    new_line = after.page.block(bid).lines[int(li)]
    assert new_line.words[int(wi)].text == "Fixed"
    assert new_line.words[int(wi)].bbox == old_line.words[int(wi)].bbox
    assert new_line.words[int(wi)].origin.value == "corrected"
    # every other word of the page kept its box, text and confidence
    old_words = [w for b in before.blocks for w in b.words]
    new_words = [w for b in after.page.blocks for w in b.words]
    assert len(old_words) == len(new_words)
    changed = [(a, b) for a, b in zip(old_words, new_words, strict=True) if a != b]
    assert len(changed) == 1 and changed[0][1].text == "Fixed"
    store.close()
