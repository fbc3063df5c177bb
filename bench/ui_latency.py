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
the document and nothing is stale, i.e. painted. Prints p50/p95 (target: p95 < 250 ms) and the
split of a switch: the server's first message, its script run's start and end, when the caption,
text and image were each in place, the kB the server sent, and the CPU time the server and
Chromium (all its processes) spent on the switch, which depends less on the machine's load than
the wall-clock figures. `--baseline DIR` (a checkout of
another commit, e.g. `git worktree add /tmp/base main`) measures that tree and this one in
alternating rounds on fresh copies of the volume, so both are measured under the same load.

    python bench/ui_latency.py [--pages 500] [--switches 150] [--home DIR] [--browser
                               [--baseline DIR --rounds 4]]
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


#: How long the sign-in and opening of the volume may take (ms): on a loaded machine the first
#: runs of a fresh server take long, and a bench that gives up there measures nothing.
SETUP_MS = 300_000


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


#: Installed before the app loads: counts the bytes the server sends over the websocket and
#: notes when the first message after Alt+N arrives.
WS_JS = """
(() => {
  const W = window.WebSocket;
  window.__qWs = {bytes: 0, first: null};
  function Counted(...args) {
    const ws = new W(...args);
    ws.addEventListener("message", (e) => {
      const d = e.data;
      window.__qWs.bytes += d.byteLength || d.size || d.length || 0;
      const q = window.__q;
      if (q && q.t0 !== null && window.__qWs.first === null) window.__qWs.first = performance.now() - q.t0;
    });
    return ws;
  }
  Counted.prototype = W.prototype;
  for (const k of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) Counted[k] = W[k];
  window.WebSocket = Counted;
})();
"""

#: Installed in the page once: stamps the Alt+N keydown (capture phase, before the app's own
#: listener) and, armed with the next page's number, texts and the image shown before, notes the
#: first animation frame after everything of the next page is in place, and on the way: when the
#: server's first message came, when its script run started and ended (the app's run state), and
#: when the caption, text and image were each in place.
WATCH_JS = """
() => {
  window.__q = {t0: null, res: null, parts: null};
  window.addEventListener("keydown", (e) => {
    if (e.altKey && e.code === "KeyN") {
      window.__q.t0 = performance.now(); window.__q.res = null;
      window.__qWs.first = null; window.__qWs.start = window.__qWs.bytes;
    }
  }, true);
  window.__qWatch = (target, texts, prevSrc) => {
    const q = window.__q, seen = {};
    q.t0 = null;  // nothing is noted before the next Alt+N (the last switch's t0 would date it)
    const note = (k, ok) => {
      if (ok && seen[k] === undefined) seen[k] = performance.now() - q.t0;
      return ok;
    };
    const ready = () => {
      const app = document.querySelector("[data-testid=stApp]");
      const running = app && app.getAttribute("data-test-script-state") === "running";
      note("run start", running);
      note("run end", seen["run start"] !== undefined && !running);
      const fresh = !document.querySelector("[data-stale=true]");
      const heads = [...document.querySelectorAll("strong")];
      const caption = note("caption", heads.some((e) => e.textContent === "Page " + target));
      const img = document.querySelector(".st-key-image_zoom img");
      const shown = note("image", !!img && img.src !== prevSrc && img.complete && img.naturalWidth > 0);
      const ta = document.querySelector(".st-key-text_pane textarea");
      const text = note("text", !!ta && texts.includes(ta.value));
      return fresh && caption && shown && text;
    };
    const tick = () => {
      if (q.t0 === null || !ready()) return requestAnimationFrame(tick);
      requestAnimationFrame(() => {
        if (window.__qWs.first !== null) seen["first message"] = window.__qWs.first;
        seen["kB received"] = (window.__qWs.bytes - window.__qWs.start) / 1024;
        q.parts = seen; q.res = performance.now() - q.t0;
      });
    };
    requestAnimationFrame(tick);
  };
}
"""

PARTS = (
    "first message",
    "run start",
    "caption",
    "text",
    "image",
    "run end",
    "kB received",
    "server CPU ms",
    "server RSS MB",
    "browser CPU ms",
    "browser main thread ms",
    "  of it script ms",
    "  of it style+layout ms",
)


def _cpu_ms(pid: int) -> float:
    """CPU time (user + system, all threads) of process `pid` and the processes it started (the
    review server's drawing process) so far, in ms."""
    import psutil

    total = 0.0
    root = psutil.Process(pid)
    for proc in [root, *root.children(recursive=True)]:
        try:
            t = proc.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            continue
    return total * 1000


def _rss_mb(pid: int) -> float:
    """Resident memory of process `pid` now, in MB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _chromium_cpu_ms() -> float:
    """CPU time (user + system, all threads) of every Chromium process this bench started, in ms:
    what the browser spent, whatever the load (its main-thread busy time below is wall time and
    grows when the machine is loaded)."""
    import psutil

    total = 0.0
    for proc in psutil.Process().children(recursive=True):
        try:
            if "chrom" in proc.name().lower():
                t = proc.cpu_times()
                total += t.user + t.system
        except psutil.Error:
            continue
    return total * 1000


def _browser_ms(cdp: object) -> dict[str, float]:
    """The page's main-thread busy time so far (Chrome's Performance metrics), in ms."""
    got = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}  # type: ignore[attr-defined]
    return {
        "browser main thread ms": got["TaskDuration"] * 1000,
        "  of it script ms": got["ScriptDuration"] * 1000,
        "  of it style+layout ms": (got["RecalcStyleDuration"] + got["LayoutDuration"]) * 1000,
    }


def _server_command(root: Path, port: int, env: dict[str, str]) -> list[str]:
    """The `quire review` command line of the source tree `root` (its own options, not this tree's)."""
    import json
    import subprocess

    code = (
        "import json, sys; from ingest.cli_review import streamlit_command;"
        " print(json.dumps(streamlit_command(int(sys.argv[1]))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(port)], env=env, cwd=root, check=True, capture_output=True
    )
    return [str(a) for a in json.loads(out.stdout)]


def run_browser(
    home: Path, switches: int, dwell_ms: int, root: Path = ROOT
) -> tuple[list[float], dict[str, list[float]]]:
    """Alt+N `switches` times in Chromium against `quire review` served from the source tree
    `root`: milliseconds per switch, and when each part of the next page was first in place."""
    import subprocess
    import urllib.request

    from playwright.sync_api import sync_playwright

    store = Store(home)
    vol = store.volume("big")
    texts = {info.index: [b.text for b in store.current(info.id).page.blocks] for info in store.pages(vol.id)}
    store.close()
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    from conftest import CHROMIUM, CHROMIUM_ARGS, free_port  # the browser tests' Chromium set-up

    port = free_port()
    log = (home / "streamlit.log").open("ab")
    env = {**os.environ, "QUIRE_HOME": str(home), "PYTHONPATH": str(root)}
    cmd = _server_command(root, port, env)
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=log, cwd=root)
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
            page.add_init_script(WS_JS)
            page.set_default_timeout(SETUP_MS)
            page.goto(url)
            page.get_by_label("Name").fill("bench")
            page.get_by_role("textbox", name="Password").fill("bench-password")
            page.get_by_role("button", name="Sign in").click()
            page.get_by_role("button", name="Open").first.click()
            jump = page.get_by_label("Go to page", exact=True)  # a Streamlit field, or the bar's own
            jump.fill("#1")
            jump.press("Enter")
            page.locator("strong", has_text="Page 1").first.wait_for()
            page.evaluate(WATCH_JS)
            cdp = page.context.new_cdp_session(page)
            cdp.send("Performance.enable")
            times: list[float] = []
            parts: dict[str, list[float]] = {k: [] for k in PARTS}
            here = 1
            for _ in range(switches):
                page.wait_for_function(
                    "() => document.querySelector('[data-testid=stApp]')"
                    "?.getAttribute('data-test-script-state') !== 'running'"
                    " && !document.querySelector('[data-stale=true]')",
                    timeout=60_000,
                )
                page.wait_for_timeout(dwell_ms)  # the corrector reads the page
                # the image's address as the page resolved it (the attribute may be relative)
                src = page.evaluate("() => document.querySelector('.st-key-image_zoom img')?.src ?? null")
                target = here + 1
                page.evaluate("([t, x, s]) => window.__qWatch(t, x, s)", [target, texts[target], src])
                cpu0, tasks0, chrome0 = _cpu_ms(server.pid), _browser_ms(cdp), _chromium_cpu_ms()
                page.locator("body").press("Alt+n")
                page.wait_for_function("() => window.__q.res !== null", timeout=60_000)
                times.append(float(page.evaluate("() => window.__q.res")))
                for k, v in page.evaluate("() => window.__q.parts").items():
                    parts.setdefault(k, []).append(float(v))
                # CPU spent (not waited) in the switch: the server process, and the page's main
                # thread in Chromium (scripts, style, layout, paint set-up); taken at once, so a
                # little of the server's prefetch tail may fall outside
                parts["server CPU ms"].append(_cpu_ms(server.pid) - cpu0)
                parts["server RSS MB"].append(_rss_mb(server.pid))
                parts["browser CPU ms"].append(_chromium_cpu_ms() - chrome0)
                for k, v in _browser_ms(cdp).items():
                    parts[k].append(v - tasks0[k])
                here = target
            browser.close()
        return times, parts
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()


def browser_side_by_side(home: Path, switches: int, dwell_ms: int, baseline: Path, rounds: int) -> None:
    """This tree and `baseline` (another checkout) in alternating rounds, each round on a fresh
    copy of the volume (no copy finds the other's cached images), so both see the same load."""
    import shutil

    runs: dict[str, tuple[list[float], dict[str, list[float]]]] = {
        "baseline": ([], {k: [] for k in PARTS}),
        "this tree": ([], {k: [] for k in PARTS}),
    }
    per_round = max(1, switches // rounds)
    for r in range(rounds):
        for name, root in (
            (("baseline", baseline), ("this tree", ROOT))
            if r % 2 == 0
            else (
                ("this tree", ROOT),
                ("baseline", baseline),
            )
        ):
            copy = home.parent / f"{home.name}-{name.replace(' ', '-')}"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(home, copy, ignore=shutil.ignore_patterns("cache", "streamlit.log"))
            xs, parts = run_browser(copy, min(per_round, 498), dwell_ms, root)
            runs[name][0].extend(xs)
            for k, v in parts.items():
                runs[name][1].setdefault(k, []).extend(v)
            shutil.rmtree(copy, ignore_errors=True)
            print(
                f"  round {r + 1} {name:9s}  p50 {pct(xs, 50):6.1f} ms  p95 {pct(xs, 95):6.1f} ms"
                f"  CPU per switch p50: server {pct(parts['server CPU ms'], 50):5.0f} ms,"
                f" browser {pct(parts['browser CPU ms'], 50):5.0f} ms  (load {os.getloadavg()[0]:.1f})",
                flush=True,
            )
    report(runs)


def report(runs: dict[str, tuple[list[float], dict[str, list[float]]]]) -> None:
    names = list(runs)
    print(f"{'Alt+N to painted (ms)':26s}" + "".join(f"{n:>22s}" for n in names) + "   ratio")
    for label, fn in (("p50", lambda v: pct(v, 50)), ("p95", lambda v: pct(v, 95)), ("max", max)):
        vals = [fn(runs[n][0]) for n in names]
        ratio = f"   {vals[-1] / vals[0]:.2f}" if len(vals) > 1 and vals[0] else ""
        print(f"{'  ' + label:26s}" + "".join(f"{v:22.1f}" for v in vals) + ratio)
    print(f"{'  n':26s}" + "".join(f"{len(runs[n][0]):22d}" for n in names))
    print(
        "parts, p50 / p95 (ms from Alt+N; kB over the websocket; CPU ms spent in the switch;"
        " the server's resident memory after it):"
    )
    for k in PARTS:
        cells = []
        for n in names:
            v = runs[n][1].get(k) or []
            cells.append(f"{pct(v, 50):9.1f} / {pct(v, 95):8.1f}" if v else f"{'-':>20s}")
        print(f"  {k:24s}" + "".join(f"{c:>22s}" for c in cells))
    print(f"(load average {os.getloadavg()[0]:.1f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=500)
    ap.add_argument("--switches", type=int, default=150)
    ap.add_argument("--home", type=Path, default=None)
    ap.add_argument("--browser", action="store_true", help="Chromium against `quire review` (Alt+N)")
    ap.add_argument("--dwell", type=int, default=1000, help="ms spent on each page before Alt+N")
    ap.add_argument(
        "--baseline",
        type=Path,
        default=None,
        help="with --browser: a checkout of another commit, measured in alternating rounds with this tree",
    )
    ap.add_argument("--rounds", type=int, default=4, help="with --baseline: rounds per tree")
    args = ap.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="quire-ui-bench-"))
    t0 = time.perf_counter()
    if not (home / "big").exists():
        build(home, args.pages).close()
        print(f"built a {args.pages}-page volume in {time.perf_counter() - t0:.1f} s under {home}")
    os.environ["QUIRE_HOME"] = str(home / "big")
    if args.browser:
        if args.baseline is not None:
            browser_side_by_side(
                home / "big", args.switches, args.dwell, args.baseline.resolve(), args.rounds
            )
            return
        xs, parts = run_browser(home / "big", min(args.switches, args.pages - 1), args.dwell)
        report({"this tree": (xs, parts)})
        return

    from streamlit import config
    from streamlit.testing.v1 import AppTest

    from tests.pane_helpers import bar

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
        bar(at, "next")
        seq.append((time.perf_counter() - t) * 1000)
    assert not at.exception, at.exception
    rnd: list[float] = []
    rng = random.Random(7)
    for _ in range(args.switches):
        target = rng.randint(1, args.pages)
        t = time.perf_counter()
        bar(at, "jump", query=f"#{target}")
        rnd.append((time.perf_counter() - t) * 1000)
        assert at.session_state["quire"].page_index == target
    for name, xs in (("next page", seq), ("jump to a random page", rnd)):
        print(
            f"{name:24s} n={len(xs):4d}  p50 {pct(xs, 50):6.1f} ms  p95 {pct(xs, 95):6.1f} ms  "
            f"max {max(xs):6.1f} ms  mean {statistics.mean(xs):6.1f} ms"
        )


if __name__ == "__main__":
    main()
