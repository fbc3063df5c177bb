"""Page-switch latency of the review screen on a 500-page volume (server side).

Builds a synthetic volume by OCRing the sample scans once and repeating their pages to 500 (each
page its own revision; the display images cycle through the samples), then drives the real review
view with Streamlit's AppTest: the time of one script run after clicking "next page" (sequential
reading) and after jumping to a random page (scan number typed in the jump box). Prints p50/p95.

    python bench/ui_latency.py [--pages 500] [--switches 150] [--home DIR]
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
    keys = []
    for info, _ in samples:  # copy the display images into the new store
        assert info.image is not None
        keys.append(store.images.put(seed.images.get(info.image), ".png"))
    news = [NewPage(i + 1, "image", keys[i % len(keys)], 300, 0, 0) for i in range(pages)]
    store.register_source(vol.id, path="synthetic.pdf", sha256="0" * 64, size=0, kind="pdf", pages=news)
    for n, info in enumerate(store.pages(vol.id)):
        store.save_ocr(info.id, samples[n % len(samples)][1], keys[n % len(keys)])
    for name, (role, pw) in {"bench": ("corrector", "bench-password")}.items():
        from ingest.review import add_user

        add_user(store, name, role, pw)
    return store


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=500)
    ap.add_argument("--switches", type=int, default=150)
    ap.add_argument("--home", type=Path, default=None)
    args = ap.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="quire-ui-bench-"))
    t0 = time.perf_counter()
    if not (home / "big").exists():
        build(home, args.pages).close()
        print(f"built a {args.pages}-page volume in {time.perf_counter() - t0:.1f} s under {home}")
    os.environ["QUIRE_HOME"] = str(home / "big")

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
