"""Page-switch latency of the review screen on a 500-page volume: server side, and in a browser.

Builds a synthetic volume by OCRing the sample scans once and repeating their pages to 500, each
page its own revision and its own display image: copy n of a sample image is shifted by a few
pixels (n mod 9, n div 9 mod 9, white fill) and carries a faint dot at its own place, then is
encoded anew as JPEG, so no two of the 500 images are alike (no cache, on the server or in the
browser, can serve one page's image for another's).

Server side (default): drives the real review view with Streamlit's AppTest: the time of one
script run after clicking "next page" and after jumping to a random page. `--browser`: starts
`quire review` (the real server) and Debian's Chromium through Playwright, signs in, opens page 1
and presses Alt+N `--switches` times, reading sequentially; each switch is timed in the page from
the keydown event to the first animation frame after the next page's caption, its image (a new
`src`, decoded) and its text (the first block's text area holds the new page's text) are all in
the document and nothing is stale, i.e. painted. Prints p50/p95 (target: p95 < 250 ms).

    python bench/ui_latency.py [--pages 500] [--switches 150] [--home DIR] [--browser]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.review import Role, User  # noqa: E402
from ingest.store import NewPage, Store  # noqa: E402


def build(home: Path, pages: int) -> Store:
    from ui.demo import SAMPLE_SCANS, build_store

    seed = build_store(home / "seed", SAMPLE_SCANS, volume="seed")
    samples = [
        (info, seed.current(info.id).page)
        for info in seed.pages(seed.volume("seed").id)
        if info.current_revision_id is not None
    ]
    store = Store(home / "big")
    vol = store.ensure_volume("big", title="Five hundred pages")
    keys = [distinct_image(store, seed, samples[n % len(samples)][0].image, n) for n in range(pages)]
    news = [NewPage(i + 1, "image", keys[i], 300, 0, 0) for i in range(pages)]
    store.register_source(vol.id, path="synthetic.pdf", sha256="0" * 64, size=0, kind="pdf", pages=news)
    for n, info in enumerate(store.pages(vol.id)):
        store.save_ocr(info.id, samples[n % len(samples)][1], keys[n])
    for name, (role, pw) in {"bench": ("corrector", "bench-password")}.items():
        from ingest.review import add_user

        add_user(store, name, role, pw)
    return store


def distinct_image(store: Store, seed: Store, key: str | None, n: int) -> str:
    """Copy n of a seed page image, unlike every other copy (see the module docstring)."""
    import cv2
    import numpy as np

    assert key is not None
    img = cv2.imdecode(np.frombuffer(seed.images.get(key), np.uint8), cv2.IMREAD_COLOR)
    h, w = img.shape[:2]
    dx, dy = n % 9 - 4, (n // 9) % 9 - 4
    m = np.float32([[1, 0, dx], [0, 1, dy]])
    img = cv2.warpAffine(img, m, (w, h), borderMode=cv2.BORDER_CONSTANT, borderValue=(255, 255, 255))
    y, x = 20 + 5 * (n % 50), w - 40 - 5 * (n // 50)
    img[y : y + 3, x : x + 3] = 215
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 88])
    assert ok
    return store.images.put(buf.tobytes(), ".jpg")


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


#: Installed in the page once: stamps the Alt+N keydown (capture phase, before the app's own
#: listener) and, armed with the next page's number, texts and the image shown before, notes the
#: first animation frame after everything of the next page is in place.
WATCH_JS = """
() => {
  window.__q = {t0: null, res: null, parts: null};
  window.addEventListener("keydown", (e) => {
    if (e.altKey && e.code === "KeyN") { window.__q.t0 = performance.now(); window.__q.res = null; }
  }, true);
  window.__qWatch = (target, texts, prevSrc) => {
    const q = window.__q, seen = {};
    const note = (k, ok) => {
      if (ok && seen[k] === undefined) seen[k] = performance.now() - q.t0;
      return ok;
    };
    const ready = () => {
      const fresh = !document.querySelector("[data-stale=true]");
      const heads = [...document.querySelectorAll("[data-testid=stMarkdownContainer] strong")];
      const caption = note("caption", heads.some((e) => e.textContent === "Page " + target));
      const img = document.querySelector(".st-key-image_zoom img");
      const shown = note("image", !!img && img.src !== prevSrc && img.complete && img.naturalWidth > 0);
      const ta = document.querySelector(".st-key-text_pane textarea");
      const text = note("text", !!ta && texts.includes(ta.value));
      return fresh && caption && shown && text;
    };
    const tick = () => {
      if (q.t0 === null || !ready()) return requestAnimationFrame(tick);
      requestAnimationFrame(() => { q.parts = seen; q.res = performance.now() - q.t0; });
    };
    requestAnimationFrame(tick);
  };
}
"""


def run_browser(home: Path, switches: int, dwell_ms: int) -> tuple[list[float], dict[str, list[float]]]:
    """Alt+N `switches` times in Chromium against `quire review`: milliseconds per switch, and
    when the caption, the text and the image were first in place."""
    import subprocess
    import urllib.request

    from playwright.sync_api import sync_playwright

    from ingest.cli_review import streamlit_command

    store = Store(home)
    vol = store.volume("big")
    texts = {info.index: [b.text for b in store.current(info.id).page.blocks] for info in store.pages(vol.id)}
    store.close()
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    from conftest import CHROMIUM, CHROMIUM_ARGS, free_port  # the browser tests' Chromium set-up

    port = free_port()
    log = (home / "streamlit.log").open("ab")
    server = subprocess.Popen(
        streamlit_command(port), env={**os.environ, "QUIRE_HOME": str(home)}, stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_context(viewport={"width": 1600, "height": 1000}).new_page()
            page.goto(url)
            page.get_by_label("Name").fill("bench")
            page.get_by_role("textbox", name="Password").fill("bench-password")
            page.get_by_role("button", name="Sign in").click()
            page.get_by_role("button", name="Open").first.click(timeout=60_000)
            jump = page.locator(".st-key-kb_jump input")
            jump.fill("#1", timeout=60_000)
            jump.press("Enter")
            page.locator("strong", has_text="Page 1").first.wait_for(timeout=60_000)
            page.evaluate(WATCH_JS)
            times: list[float] = []
            parts: dict[str, list[float]] = {"caption": [], "text": [], "image": []}
            here = 1
            for _ in range(switches):
                page.wait_for_function(
                    "() => document.querySelector('[data-testid=stApp]')"
                    "?.getAttribute('data-test-script-state') !== 'running'"
                    " && !document.querySelector('[data-stale=true]')",
                    timeout=60_000,
                )
                page.wait_for_timeout(dwell_ms)  # the corrector reads the page
                src = page.locator(".st-key-image_zoom img").first.get_attribute("src")
                target = here + 1
                page.evaluate("([t, x, s]) => window.__qWatch(t, x, s)", [target, texts[target], src])
                page.locator("body").press("Alt+n")
                page.wait_for_function("() => window.__q.res !== null", timeout=60_000)
                times.append(float(page.evaluate("() => window.__q.res")))
                for k, v in page.evaluate("() => window.__q.parts").items():
                    parts[k].append(float(v))
                here = target
            browser.close()
        return times, parts
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=500)
    ap.add_argument("--switches", type=int, default=150)
    ap.add_argument("--home", type=Path, default=None)
    ap.add_argument("--browser", action="store_true", help="Chromium against `quire review` (Alt+N)")
    ap.add_argument("--dwell", type=int, default=1000, help="ms spent on each page before Alt+N")
    args = ap.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="quire-ui-bench-"))
    t0 = time.perf_counter()
    if not (home / "big").exists():
        build(home, args.pages).close()
        print(f"built a {args.pages}-page volume in {time.perf_counter() - t0:.1f} s under {home}")
    os.environ["QUIRE_HOME"] = str(home / "big")
    if args.browser:
        xs, parts = run_browser(home / "big", min(args.switches, args.pages - 1), args.dwell)
        for k, v in parts.items():
            print(f"  {k:8s} in place   p50 {pct(v, 50):6.1f} ms  p95 {pct(v, 95):6.1f} ms")
        print(
            f"Alt+N to next page painted (Chromium)  n={len(xs):4d}  p50 {pct(xs, 50):6.1f} ms  "
            f"p95 {pct(xs, 95):6.1f} ms  max {max(xs):6.1f} ms  mean {statistics.mean(xs):6.1f} ms  "
            f"(load average {os.getloadavg()[0]:.1f})"
        )
        return

    from streamlit import config
    from streamlit.testing.v1 import AppTest

    config.set_option("runner.magicEnabled", False)  # as `quire review` runs it

    from ui.state import SessionState

    at = AppTest.from_file(str(ROOT / "ui" / "app.py"), default_timeout=60)
    at.session_state["quire"] = SessionState(user=User("bench", Role.CORRECTOR), volume="big", page_index=1)
    at.run()
    at.switch_page("views/review.py").run()
    assert not at.exception, at.exception

    seq: list[float] = []
    for _ in range(args.switches):
        t = time.perf_counter()
        at.button(key="kb_next").click().run()
        seq.append((time.perf_counter() - t) * 1000)
    assert not at.exception, at.exception
    rnd: list[float] = []
    rng = random.Random(7)
    for _ in range(args.switches):
        target = rng.randint(1, args.pages)
        t = time.perf_counter()
        at.text_input(key="kb_jump").input(f"#{target}").run()
        rnd.append((time.perf_counter() - t) * 1000)
        assert at.session_state["quire"].page_index == target
    for name, xs in (("next page", seq), ("jump to a random page", rnd)):
        print(
            f"{name:24s} n={len(xs):4d}  p50 {pct(xs, 50):6.1f} ms  p95 {pct(xs, 95):6.1f} ms  "
            f"max {max(xs):6.1f} ms  mean {statistics.mean(xs):6.1f} ms"
        )


if __name__ == "__main__":
    main()
