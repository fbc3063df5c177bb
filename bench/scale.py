"""Scale benchmark: one long synthetic volume ingested with the local pool and with a Dask cluster.

For each size it prints pages per minute (OCR stage and whole ingest), the coordinator's peak
resident memory, and the store's size per page (database + page images).

The volume is one PDF made by repeating the pages of ../shared/bench/dev/*/scan.pdf up to the size
asked for. Every copy of a page gets a faint grey dot at a different place and is re-encoded, so
that no two pages are byte-identical: the content-addressed image store cannot de-duplicate them,
and the size per page is what a real book of that many pages would take.

The ingest runs in a subprocess (this file, `_child` mode, calling `ingest.pipeline.ingest_paths`
as the CLI does) whose RSS is sampled every 0.1 s with psutil. The Dask cluster is a real
`dask scheduler` with `dask worker --nworkers W --nthreads 1` on this machine, started once.

    python bench/scale.py                          # 250, 500, 1000 pages: hours on 2 cores
    python bench/scale.py --sizes 40,80            # a quick run
    python bench/scale.py --sizes 40 --database-url 'postgresql+psycopg://quire@/bench?host=/tmp/pg&port=5432'
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QUIRE_SHARED", ROOT.parent / "shared"))
BENCH_SCANS = sorted((SHARED / "bench" / "dev").glob("*/scan.pdf"))
SAMPLE_EVERY = 0.1  # seconds between RSS samples
#: Figures the issue asks for.
RSS_TARGET_MB = 500
DASK_SLOWDOWN_TARGET = 0.10


@dataclass
class Run:
    executor: str  # "local" | "dask"
    pages: int
    ocr_pages_per_min: float
    total_pages_per_min: float
    seconds: dict[str, float]  # stage → seconds (register, ocr, clean)
    coordinator_peak_rss_mb: float
    tree_peak_rss_mb: float  # coordinator + its children (the local pool's workers)
    peak_rss_mb_by_stage: dict[str, float]  # the coordinator's peak so far at the end of each stage
    store_bytes_per_page: float
    db_bytes: int
    image_bytes: int
    ocr_done: int
    failed: int
    #: CPU time of the coordinator, its children and (Dask) the scheduler and workers, with the
    #: Tesseract runs: what a page costs whatever else the machine is doing.
    cpu_seconds_per_page: float


# --- the synthetic volume -------------------------------------------------------------------


def build_volume(pages: int, out: Path) -> Path:
    """A PDF of `pages` scanned pages cycling through the bench scans, no two byte-identical."""
    pdf = out / f"volume-{pages}.pdf"
    if pdf.exists():
        return pdf
    import cv2
    import img2pdf
    import numpy as np
    from PIL import Image

    from ingest import sources

    originals = [
        sp for f in BENCH_SCANS for sp in sources.source_pages(f)[1] if isinstance(sp, sources.SourcePage)
    ]
    if not originals:
        raise SystemExit(f"no bench scans under {SHARED / 'bench' / 'dev'}")
    tmp = out / f"pages-{pages}"
    tmp.mkdir(parents=True, exist_ok=True)
    files = []
    for n in range(pages):
        sp = originals[n % len(originals)]
        img = cv2.imdecode(np.frombuffer(sp.image, np.uint8), cv2.IMREAD_COLOR)
        assert img is not None, "a bench page that OpenCV cannot decode"
        copy = n // len(originals)
        h, w = img.shape[:2]
        y, x = h // 2 + 7 * (copy % 40), w // 2 + 7 * (copy // 40)
        img[y : y + 4, x : x + 4] = 205  # faint: gone after binarisation, kept in the display image
        path = tmp / f"p{n + 1:05d}.jpg"
        Image.fromarray(cv2.cvtColor(img, cv2.COLOR_BGR2RGB)).save(path, quality=88, dpi=(sp.dpi, sp.dpi))
        files.append(str(path))
    pdf.write_bytes(img2pdf.convert(files))
    shutil.rmtree(tmp)
    return pdf


# --- a Dask cluster on this machine ---------------------------------------------------------


def start_dask(work: Path, workers: int) -> tuple[str, list[subprocess.Popen[bytes]]]:
    sched_file = work / "scheduler.json"
    sched_file.unlink(missing_ok=True)
    log = (work / "dask.log").open("ab")
    sched = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "distributed.cli.dask_scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--scheduler-file",
            str(sched_file),
        ],
        stdout=log,
        stderr=log,
    )
    deadline = time.monotonic() + 60
    while not (sched_file.exists() and sched_file.read_text().strip()):
        if time.monotonic() > deadline or sched.poll() is not None:
            raise SystemExit("dask scheduler did not start; see " + str(work / "dask.log"))
        time.sleep(0.1)
    address = json.loads(sched_file.read_text())["address"]
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "distributed.cli.dask_worker",
            address,
            "--nworkers",
            str(workers),
            "--nthreads",
            "1",
            "--no-dashboard",
            "--local-directory",
            str(work / "dask-worker"),
        ],
        stdout=log,
        stderr=log,
    )
    from distributed import Client

    with Client(address, timeout=30, set_as_default=False) as c:
        c.wait_for_workers(workers, timeout=120)
    return address, [worker, sched]


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        p.terminate()
        try:
            p.wait(30)
        except subprocess.TimeoutExpired:
            p.kill()


# --- one measured ingest --------------------------------------------------------------------


def _child(pdf: str, home: str, url: str, jobs: int, scheduler: str) -> None:
    """Runs in the measured subprocess: the ingest, with the time each stage took on stdout."""
    import resource

    from ingest.options import IngestOptions
    from ingest.pipeline import Progress, ingest_paths
    from ingest.store import Store

    stamps: dict[str, list[float]] = {}
    peak_by_stage: dict[str, float] = {}  # peak RSS so far (MB) when the stage last reported

    def progress(p: Progress) -> None:
        now = time.perf_counter()
        stamps.setdefault(p.stage, [now, now])[1] = now
        peak_by_stage[p.stage] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)

    store = Store(Path(home), url or None)
    opts = IngestOptions.build(volume="bench", jobs=jobs, scheduler=scheduler or None)
    report = ingest_paths(store, [Path(pdf)], opts, progress)
    store.close()
    seconds = {k: round(v[1] - v[0], 2) for k, v in stamps.items()}
    print(
        json.dumps(
            {
                "seconds": seconds,
                "ocr_done": report.ocr_done,
                "failed": len(report.failed),
                "total": round(report.seconds, 2),
                "peak_rss_mb_by_stage": peak_by_stage,
            }
        )
    )


def _tree(roots: list[int]):  # type: ignore[no-untyped-def]
    import psutil

    for pid in roots:
        try:
            root = psutil.Process(pid)
            yield root
            yield from root.children(recursive=True)
        except psutil.Error:
            continue


def _cpu_seconds(roots: list[int]) -> dict[int, float]:
    """Per process of the trees under `roots`: CPU seconds it has used itself (user + system)."""
    import psutil

    out = {}
    for p in _tree(roots):
        try:
            t = p.cpu_times()
            out[p.pid] = t.user + t.system
        except psutil.Error:
            pass
    return out


def _sample(proc: subprocess.Popen[str], cluster: list[int]) -> tuple[float, float, float]:
    """Until `proc` exits, every SAMPLE_EVERY s: its peak RSS, the peak RSS of it and its children
    (MB), and the CPU seconds used by it, its children and the `cluster` processes (the Tesseract
    runs included; each process's last < SAMPLE_EVERY s may be missed, alike for both executors)."""
    import psutil

    me = psutil.Process(proc.pid)
    before = _cpu_seconds(cluster)
    cpu: dict[int, float] = {}
    peak = tree = 0
    while proc.poll() is None:
        try:
            rss = me.memory_info().rss
        except psutil.Error:
            break
        kids = 0
        for c in me.children(recursive=True):
            try:
                kids += c.memory_info().rss
            except psutil.Error:
                pass
        peak, tree = max(peak, rss), max(tree, rss + kids)
        cpu.update(_cpu_seconds([proc.pid, *cluster]))
        time.sleep(SAMPLE_EVERY)
    cpu.update(_cpu_seconds(cluster))
    used = sum(v - before.get(pid, 0.0) for pid, v in cpu.items())
    return peak / 2**20, tree / 2**20, used


def _dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _db_bytes(home: Path, url: str) -> int:
    if not url:
        return sum(f.stat().st_size for f in home.glob("quire.db*"))
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        size = int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar() or 0)
    engine.dispose()
    return size


def _reset_postgres(url: str) -> None:
    """Empty the benchmark database between runs (drop Quire's tables; the store migrates again)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def measure(
    pdf: Path,
    pages: int,
    work: Path,
    *,
    executor: str,
    jobs: int,
    scheduler: str,
    url: str,
    cluster: list[int],
) -> Run:
    home = work / f"home-{executor}-{pages}"
    shutil.rmtree(home, ignore_errors=True)
    if url:
        _reset_postgres(url)
    proc = subprocess.Popen(
        [sys.executable, __file__, "_child", str(pdf), str(home), url, str(jobs), scheduler],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k not in {"QUIRE_SCHEDULER", "QUIRE_DATABASE_URL"}},
    )
    start = time.perf_counter()
    peak, tree, cpu = _sample(proc, cluster if executor == "dask" else [])
    wall = time.perf_counter() - start
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"ingest ({executor}, {pages} pages) failed ({proc.returncode}):\n{err[-3000:]}")
    res = json.loads(out.strip().splitlines()[-1])
    db, images = _db_bytes(home, url), _dir_bytes(home / "images")
    ocr_s = res["seconds"].get("ocr", 0.0)
    return Run(
        executor=executor,
        pages=pages,
        ocr_pages_per_min=round(res["ocr_done"] / ocr_s * 60, 1) if ocr_s else 0.0,
        total_pages_per_min=round(pages / wall * 60, 1),
        seconds={**res["seconds"], "wall": round(wall, 1)},
        coordinator_peak_rss_mb=round(peak, 1),
        tree_peak_rss_mb=round(tree, 1),
        peak_rss_mb_by_stage=res.get("peak_rss_mb_by_stage", {}),
        store_bytes_per_page=round((db + images) / pages),
        db_bytes=db,
        image_bytes=images,
        ocr_done=res["ocr_done"],
        failed=res["failed"],
        cpu_seconds_per_page=round(cpu / pages, 2),
    )


def print_table(runs: list[Run]) -> None:
    print()
    print(
        "| pages | executor | OCR pages/min | ingest pages/min | CPU s/page | register / OCR / cleanup s "
        "| coordinator peak RSS MB (at end of OCR / of cleanup) | +children MB "
        "| store KB/page (DB + images) |"
    )
    print("|---:|---|---:|---:|---:|---|---:|---:|---:|")
    for r in runs:
        s = r.seconds
        stages = f"{s.get('register', 0):.0f} / {s.get('ocr', 0):.0f} / {s.get('clean', 0):.0f}"
        by_stage = r.peak_rss_mb_by_stage
        print(
            f"| {r.pages} | {r.executor} | {r.ocr_pages_per_min} | {r.total_pages_per_min} | "
            f"{r.cpu_seconds_per_page} | {stages} | {r.coordinator_peak_rss_mb} "
            f"({by_stage.get('ocr', '–')} / {by_stage.get('clean', '–')}) | {r.tree_peak_rss_mb} | "
            f"{r.store_bytes_per_page / 1024:.0f} "
            f"({r.db_bytes / r.pages / 1024:.0f} + {r.image_bytes / r.pages / 1024:.0f}) |"
        )
    for size in sorted({r.pages for r in runs}):
        rate = {
            e: median(r.ocr_pages_per_min for r in runs if r.pages == size and r.executor == e)
            for e in ("local", "dask")
            if any(r.pages == size and r.executor == e for r in runs)
        }
        cpu = {
            e: median(r.cpu_seconds_per_page for r in runs if r.pages == size and r.executor == e)
            for e in rate
        }
        if {"local", "dask"} <= rate.keys() and rate["local"]:
            slower = 1 - rate["dask"] / rate["local"]
            verdict = "ok" if slower <= DASK_SLOWDOWN_TARGET else "over target"
            print(
                f"{size} pages: Dask OCR pages/min {-slower:+.1%} vs the local pool, median of runs "
                f"(target: at most {DASK_SLOWDOWN_TARGET:.0%} slower) — {verdict}; "
                f"CPU per page {cpu['dask'] / cpu['local'] - 1:+.1%}"
            )
    worst = max(r.coordinator_peak_rss_mb for r in runs)
    print(f"coordinator peak RSS: at most {worst:.0f} MB (target under {RSS_TARGET_MB} MB)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="250,500,1000", help="comma-separated page counts")
    ap.add_argument("--jobs", type=int, default=2, help="local pool size, and Dask worker processes")
    ap.add_argument("--executors", default="local,dask", help="which to run: local, dask or both")
    ap.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "quire-scale",
        help="where volumes, stores and logs go (volumes are kept and reused)",
    )
    ap.add_argument(
        "--database-url",
        default="",
        help="a PostgreSQL URL to use instead of SQLite (its tables are dropped before each run)",
    )
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs per size and executor, alternating "
        "which goes first (on a shared machine, load changes between runs)",
    )
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    executors = [e.strip() for e in args.executors.split(",")]
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} CPUs; bench scans: {len(BENCH_SCANS)} files; work dir {args.work}")
    cluster: list[subprocess.Popen[bytes]] = []
    address = ""
    runs: list[Run] = []
    try:
        if "dask" in executors:
            address, cluster = start_dask(args.work, args.jobs)
            print(f"dask cluster at {address}: {args.jobs} workers × 1 thread")
        for size in sizes:
            pdf = build_volume(size, args.work)
            order = [ex for n in range(args.repeat) for ex in (executors if n % 2 == 0 else executors[::-1])]
            for ex in order:
                run = measure(
                    pdf,
                    size,
                    args.work,
                    executor=ex,
                    jobs=args.jobs,
                    scheduler=address if ex == "dask" else "",
                    url=args.database_url,
                    cluster=[p.pid for p in cluster],
                )
                runs.append(run)
                print(json.dumps(asdict(run)), flush=True)
    finally:
        stop(cluster)
    print_table(runs)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in runs], indent=2))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        _child(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6])
    else:
        main()
