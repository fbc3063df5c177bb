"""Load on one review server: N correctors working on one volume at once, one of them running a
hostile find pattern over and over.

The review server is one process whose sessions run in threads; this bench runs the correctors
as threads of one process calling what a click calls (no browser, loopback only, nothing leaves
the machine): a page switch reads the page rows, the draft and the current revision and draws
the page image with its word boxes; a save edits a word and saves against the revision it
started from (a StoreConflict is answered as the merge screen would: reload, merge, save again);
every fifth step a corrector searches the volume. One corrector instead runs
`(?:.|\\s)*\\d{40}` (catastrophic backtracking) for the whole run.

At the end every save reported as saved must be in the store (no lost save), every page's
revisions numbered without a gap, and no step may have raised anything but StoreConflict.

    python bench/review_load.py [--correctors 20] [--seconds 60] [--home DIR] [--database-url URL]

Prints page-switch p50/p95/max, saves, conflicts, searches and the hostile pattern's runs.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import review  # noqa: E402
from ingest.errors import InputError, StoreConflict  # noqa: E402
from ingest.options import IngestOptions  # noqa: E402
from ingest.pipeline import ingest_paths  # noqa: E402
from ingest.review import Role, User  # noqa: E402
from ingest.store import Store  # noqa: E402

data: Any = None  # ui.data, imported once QUIRE_HOME is set

HOSTILE = r"(?:.|\s)*\d{40}"
SEARCHES = ["the", "and", "of", "which", r"\bth\w+", "tion"]


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else float("nan")


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.switch: list[float] = []
        self.counts: Counter[str] = Counter()
        self.saved: list[int] = []  # revision ids reported saved
        self.errors: list[str] = []
        self.hostile: list[float] = []

    def add(self, key: str, n: int = 1) -> None:
        with self.lock:
            self.counts[key] += n


def page_switch(store: Store, volume_id: int, index: int, user: User) -> tuple[int, int, object]:
    """What the review screen does on a page switch, through its own cached reads (ui/data.py):
    the page rows (at most 2 s old), the user's draft, the revision, the page image drawn with
    its word boxes (cached by revision; a draft is drawn afresh)."""
    info = next(p for p in data.volume_pages(volume_id) if p.index == index)
    assert info.current_revision_id is not None
    draft = review.load_draft(store, info.id, user)
    page = draft[1] if draft else data.page_of(info.current_revision_id)
    data.view_jpeg(info, page, edited=draft is not None)
    return info.id, info.current_revision_id, page


def corrector(
    store: Store, volume_id: int, n_pages: int, user: User, end: float, res: Results, seed: int
) -> None:
    rnd = random.Random(seed)
    step = 0
    while time.monotonic() < end:
        step += 1
        try:
            t = time.perf_counter()
            page_id, base_id, page = page_switch(store, volume_id, rnd.randint(1, n_pages), user)
            with res.lock:
                res.switch.append(time.perf_counter() - t)
            if step % 5 == 0:
                review.find_in_volume(store, volume_id, rnd.choice(SEARCHES), regex=True)
                res.add("searches")
            blocks = [b for b in page.blocks if b.text.strip()]
            if not blocks:
                continue
            b = rnd.choice(blocks)
            edited = review.edit_block_text(page, b.id, b.text + f" {user.name}{step}")
            for _attempt in range(3):
                try:
                    rev = review.save_edits(store, page_id, edited, base_id=base_id, user=user)
                except StoreConflict:
                    res.add("conflicts")
                    current = store.current(page_id)
                    merge = review.three_way_merge(store.revision(base_id).page, edited, current.page)
                    edited, base_id = merge.resolve(), current.id
                    continue
                with res.lock:
                    res.saved.append(rev.id)
                break
            else:
                res.add("gave up after 3 conflicts")
        except Exception:
            with res.lock:
                res.errors.append(traceback.format_exc(limit=3))


def attacker(store: Store, volume_id: int, end: float, res: Results) -> None:
    while time.monotonic() < end:
        t = time.perf_counter()
        try:
            review.find_in_volume(store, volume_id, HOSTILE, regex=True)
            res.add("hostile pattern finished")
        except InputError:
            res.add("hostile pattern stopped")
        except Exception:
            with res.lock:
                res.errors.append(traceback.format_exc(limit=3))
        with res.lock:
            res.hostile.append(time.perf_counter() - t)


def check(store: Store, volume_id: int, res: Results) -> list[str]:
    problems = []
    ids: set[int] = set()
    for info in store.pages(volume_id):
        revs = store.revisions(info.id)
        if [r.number for r in revs] != list(range(1, len(revs) + 1)):
            problems.append(f"page {info.index}: revision numbers {[r.number for r in revs]}")
        if revs and store.current(info.id).id != revs[-1].id:
            problems.append(f"page {info.index}: current is not the newest revision")
        ids.update(r.id for r in revs)
    lost = [r for r in res.saved if r not in ids]
    if lost:
        problems.append(f"{len(lost)} saves reported saved are missing: {lost[:10]}")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--correctors", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--home", type=Path)
    ap.add_argument("--database-url")
    ap.add_argument("--no-hostile", action="store_true", help="every corrector edits (the baseline)")
    args = ap.parse_args()
    home = (args.home or Path(tempfile.mkdtemp(prefix="quire-load-"))).resolve()
    os.environ["QUIRE_HOME"] = str(home)  # ui.data reads the store from here
    if args.database_url:
        os.environ["QUIRE_DATABASE_URL"] = args.database_url
    global data
    from ui import data

    store = Store(home, args.database_url)
    if "load" not in [v.name for v in store.volumes()]:
        ingest_paths(
            store,
            [ROOT / "samples" / "book-born-digital.pdf"],
            IngestOptions.build(volume="load", clean=False),
        )
    vol = store.volume("load")
    n_pages = vol.page_count
    res = Results()
    end = time.monotonic() + args.seconds
    threads = [
        threading.Thread(
            target=corrector,
            args=(store, vol.id, n_pages, User(f"c{i}", Role.CORRECTOR), end, res, i),
        )
        for i in range(args.correctors - (0 if args.no_hostile else 1))
    ]
    if not args.no_hostile:
        threads.append(threading.Thread(target=attacker, args=(store, vol.id, end, res)))
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.monotonic() - started
    problems = check(store, vol.id, res)
    print(f"store: {store.url.split('@')[-1]}  ({home})")
    print(
        f"{args.correctors} correctors ({len(threads) - (0 if args.no_hostile else 1)} editing"
        f"{'' if args.no_hostile else ', 1 hostile pattern'}) on {n_pages} pages "
        f"for {took:.0f} s (QUIRE_PATTERN_SECONDS={os.environ.get('QUIRE_PATTERN_SECONDS', '2')})"
    )
    sw = res.switch
    print(
        f"page switches: {len(sw)}  p50 {pct(sw, 50) * 1000:.0f} ms  p95 {pct(sw, 95) * 1000:.0f} ms  "
        f"max {max(sw) * 1000:.0f} ms"
    )
    print(f"saves: {len(res.saved)}  conflicts answered by a merge: {res.counts['conflicts']}")
    print(f"searches: {res.counts['searches']}")
    hs = res.hostile
    print(
        f"hostile pattern: {len(hs)} runs, {res.counts['hostile pattern stopped']} stopped by the "
        f"time limit, each {min(hs):.1f}-{max(hs):.1f} s"
        if hs
        else "hostile pattern: no run"
    )
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"errors: {len(res.errors)}  lost saves / damaged pages: {len(problems)}")
    for e in res.errors[:3]:
        print(e)
    for p in problems[:10]:
        print(p)
    store.close()
    if res.errors or problems or pct(sw, 95) >= 1.0:
        sys.exit(1)


if __name__ == "__main__":
    main()
