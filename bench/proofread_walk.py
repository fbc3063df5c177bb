"""A timed walk-through of proofreading one page in the browser, keyboard only: the line-by-line
mode beside the block editor.

One page of a dev book's scan is OCRed into a fresh store (real Tesseract). Its known OCR errors
are the words that differ, one for one, between OCR's body lines and the book's truth lines
(aligned with difflib). Chromium then fixes exactly those words twice, on two copies of the store:

- line by line: Enter to the next line; in a line with errors, Home, the arrow key to the word,
  Shift+arrow over it, type the right word; Ctrl+S at the end. Enter selects the next line's
  first doubtful word: when that is an error, the right word is typed over it straight away
  (`--no-selection` moves to it with the arrow keys like any other);
- block editor: a click into the block's text, Ctrl+Home, the arrow key to the word (through the
  whole block), Shift+arrow over it, type; Tab out of each block; Ctrl+S.
Both move by characters (word hops stop at punctuation inside OCR tokens), right to left within a
line or block so that earlier offsets hold.

Reported: errors fixed (checked in the saved revision), key presses, seconds (wall clock,
Streamlit's reruns included).

    python bench/proofread_walk.py --book letters-light --page 4
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest import review  # noqa: E402
from ingest.cli_review import streamlit_command  # noqa: E402
from ingest.model import BlockKind  # noqa: E402
from ingest.store import Store  # noqa: E402
from ui.demo import build_store  # noqa: E402

DEV = Path("/work/shared/bench/dev")
CHROMIUM = "/usr/bin/chromium"
T = 90_000
WAIT = False  # --wait: after Enter on an edited line, wait for Streamlit's rerun
SELECTED = True  # --no-selection: never use the doubtful word the line mode selects on Enter


def render_page(pdf: Path, page: int, out: Path) -> Path:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    img = doc[page - 1].render(scale=300 / 72).to_pil()
    path = out / f"page-{page:04d}.png"
    img.convert("L").save(path)
    return path


_PLAIN = str.maketrans({"\u2010": "-", "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def _plain(text: str) -> str:
    return text.translate(_PLAIN)


def known_errors(home: Path, truth_lines: list[str]) -> list[tuple[str, int, str, str]]:  # noqa: C901
    """(line id, word number in the line, OCR word, right word) for each word OCR got wrong,
    one for one, in lines aligned with the truth."""
    store = Store(home)
    try:
        info = store.pages(store.volume("walk").id)[0]
        rows = [r for r in review.page_lines(store.current(info.id).page) if r.kind is BlockKind.PARAGRAPH]
    finally:
        store.close()
    ocr = [r.text for r in rows]
    out = []
    sm = difflib.SequenceMatcher(None, ocr, truth_lines, autojunk=False)
    pairs = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op in ("equal", "replace") and i2 - i1 == j2 - j1:
            pairs += list(zip(range(i1, i2), range(j1, j2), strict=True))
    for i, j in pairs:
        a, b = ocr[i].split(), _plain(truth_lines[j]).split()
        wm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for op, a1, a2, b1, b2 in wm.get_opcodes():
            if op == "replace" and a2 - a1 == b2 - b1:
                out += [
                    (rows[i].id, a1 + k, a[a1 + k], b[b1 + k])
                    for k in range(a2 - a1)
                    if _plain(a[a1 + k]) != b[b1 + k]  # typography alone is no OCR error
                ]
    return out


class Server:
    def __init__(self, home: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "QUIRE_HOME": str(home), "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            streamlit_command(self.port), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("streamlit did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def settle(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_timeout(200)
    page.wait_for_function(
        "() => { const a = document.querySelector('[data-testid=stApp]');"
        " return a && a.getAttribute('data-test-script-state') !== 'running'"
        " && !document.querySelector('[data-stale=true]'); }",
        timeout=T,
    )


class Keys:
    """Key presses through Playwright, counted."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.page, self.count = page, 0

    def press(self, key: str, times: int = 1) -> None:
        for _ in range(times):
            self.page.keyboard.press(key)
            self.count += 1

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.count += len(text)


def open_page(browser, url: str):  # type: ignore[no-untyped-def]
    page = browser.new_context(viewport={"width": 1600, "height": 1100}).new_page()
    page.set_default_timeout(T)  # a loaded machine draws the sign-in form later than Playwright's 30 s
    page.goto(url)
    page.get_by_label("Name").fill("bob")
    page.get_by_role("textbox", name="Password").fill("bob-secret-pw")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Library").wait_for(timeout=T)
    settle(page)
    page.get_by_role("button", name="Open").first.click(timeout=T)
    page.get_by_label("Go to page", exact=True).wait_for(timeout=T)
    settle(page)
    return page


def walk_lines(  # type: ignore[no-untyped-def]
    browser, url: str, errors, line_ids: list[str], line_texts: list[str], first_doubt: dict[str, int]
) -> tuple[int, float]:
    page = open_page(browser, url)
    page.get_by_role("switch", name="Line by line").click()
    page.locator(".st-key-lines_pane").wait_for(timeout=T)
    settle(page)
    keys = Keys(page)
    page.locator("[class*='st-key-lt-'] input").first.click()  # the one click: into the first line
    start = time.perf_counter()
    by_line: dict[str, list[tuple[int, str]]] = {}
    for lid, n, _, right in errors:
        by_line.setdefault(lid, []).append((n, right))
    texts = dict(zip(line_ids, line_texts, strict=True))
    for k, lid in enumerate(line_ids):
        words = texts[lid].split(" ")
        fixes = dict(by_line.get(lid, []))
        first = first_doubt.get(lid)
        if SELECTED and k > 0 and first in fixes:
            # Enter selected the line's first doubtful word, a known error: typing replaces it
            words[first] = fixes.pop(first)
            keys.type(words[first])
        for n, right in sorted(fixes.items(), reverse=True):  # right to left: offsets hold
            keys.press("Home")
            keys.press("ArrowRight", sum(len(w) + 1 for w in words[:n]))
            keys.press("Shift+ArrowRight", len(words[n]))
            keys.type(right)
        if k < len(line_ids) - 1:
            keys.press("Enter")
            if WAIT and by_line.get(lid):
                settle(page)  # let the edit's rerun finish before typing on
    keys.press("Control+s")
    page.get_by_text("saved (revision").wait_for(timeout=T)
    return keys.count, time.perf_counter() - start


def walk_blocks(browser, url: str, errors, home: Path) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    store = Store(home)
    try:
        info = store.pages(store.volume("walk").id)[0]
        pg = store.current(info.id).page
    finally:
        store.close()
    page = open_page(browser, url)
    keys = Keys(page)
    # character offsets within each block's text (its lines joined by newlines)
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for lid, n, _, right in errors:
        bid, li = lid.rsplit(":", 1)
        lines = [ln.text for ln in pg.block(bid).lines]
        words = lines[int(li)].split(" ")
        at = sum(len(t) + 1 for t in lines[: int(li)]) + sum(len(w) + 1 for w in words[:n])
        spans.setdefault(bid, []).append((at, len(words[n]), right))
    start = time.perf_counter()
    for bid, fixes in spans.items():
        page.locator(f".st-key-blk-{bid} textarea").click()  # a click into the block (counted as a key)
        keys.count += 1
        for at, length, right in sorted(fixes, reverse=True):  # right to left: offsets hold
            keys.press("Control+Home")
            keys.press("ArrowRight", at)
            keys.press("Shift+ArrowRight", length)
            keys.type(right)
        keys.press("Tab")
        page.get_by_text("unsaved edits", exact=True).wait_for(timeout=T)
        settle(page)
    keys.press("Control+s")
    page.get_by_text("saved (revision").wait_for(timeout=T)
    return keys.count, time.perf_counter() - start


def fixed(home: Path, errors) -> int:  # type: ignore[no-untyped-def]
    store = Store(home)
    try:
        info = store.pages(store.volume("walk").id)[0]
        pg = store.current(info.id).page
    finally:
        store.close()
    n = 0
    for lid, k, _, right in errors:
        bid, li = lid.rsplit(":", 1)
        words = pg.block(bid).lines[int(li)].words
        n += k < len(words) and words[k].text == right
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--book", default="letters-light")
    ap.add_argument("--page", type=int, default=4)
    ap.add_argument("--work", type=Path, default=None, help="working folder (default: a temporary one)")
    ap.add_argument("--wait", action="store_true", help="after an edited line, wait for the rerun")
    ap.add_argument(
        "--no-selection",
        action="store_true",
        help="line by line: move to every error with the arrow keys, even the doubtful word Enter selects",
    )
    args = ap.parse_args()
    global WAIT, SELECTED
    WAIT, SELECTED = args.wait, not args.no_selection
    from playwright.sync_api import sync_playwright

    work = args.work or Path(tempfile.mkdtemp(prefix="quire-walk-"))
    work.mkdir(parents=True, exist_ok=True)
    book = DEV / args.book
    truth = json.loads((book / "truth.json").read_text())
    lines = truth["pages"][args.page - 1]["body_lines"]
    img = render_page(book / "scan.pdf", args.page, work)
    base = work / "base"
    if not base.exists():
        build_store(base, [img], volume="walk", jobs=1).close()
    errors = known_errors(base, lines)
    store = Store(base)
    try:
        info = store.pages(store.volume("walk").id)[0]
        rows = review.page_lines(store.current(info.id).page)
        line_ids, line_texts = [r.id for r in rows], [r.text for r in rows]
        first_doubt = {r.id: r.doubts[0].index for r in rows if r.doubts}
    finally:
        store.close()
    results = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for mode in ("line by line", "block editor"):
            home = work / mode.replace(" ", "-")
            shutil.rmtree(home, ignore_errors=True)
            shutil.copytree(base, home)
            srv = Server(home)
            try:
                if mode == "line by line":
                    presses, secs = walk_lines(browser, srv.url, errors, line_ids, line_texts, first_doubt)
                else:
                    presses, secs = walk_blocks(browser, srv.url, errors, home)
            finally:
                srv.stop()
            results[mode] = (fixed(home, errors), presses, secs)
            print(mode, results[mode], flush=True)
        browser.close()
    print(f"{args.book} page {args.page}: {len(errors)} known OCR errors (words), {len(line_ids)} lines")
    print(f"{'mode':<14} {'fixed':>6} {'keys':>6} {'seconds':>8}")
    for mode, (n, presses, secs) in results.items():
        print(f"{mode:<14} {n:>3}/{len(errors):<2} {presses:>6} {secs:>8.1f}")


if __name__ == "__main__":
    main()
