"""Scale benchmark: one long synthetic volume ingested with the local pool and with a Dask cluster.

For each size it prints pages per minute (OCR stage and whole ingest), the coordinator's peak
resident memory, and the store's size per page (database + page images).

The volume is one PDF made by repeating the pages of ../shared/bench/dev/*/scan.pdf up to the size
asked for. Every copy of a page gets a faint grey dot at a different place and is re-encoded, so
that no two pages are byte-identical: the content-addressed image store cannot de-duplicate them,
and the size per page is what a real book of that many pages would take. `--born-digital` makes
the volume of the text layers of the books' born-digital.pdf instead, cleaned up at full length
without rendering or OCR (see `_child_born`).

The ingest runs in a subprocess (this file, `_child` mode, calling `ingest.pipeline.ingest_paths`
as the CLI does) whose RSS is sampled every 0.1 s with psutil. The Dask cluster is a real
`dask scheduler` with `dask worker --nworkers W --nthreads 1` on this machine, started once.

    python bench/scale.py                          # 250, 500, 1000 pages: hours on 2 cores
    python bench/scale.py --sizes 40,80            # a quick run
    python bench/scale.py --born-digital --executors local   # text layers, no OCR: cleanup at size
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
BORN_PDFS = sorted((SHARED / "bench" / "dev").glob("*/born-digital.pdf"))
FILE_PAGES = 50  # --born-digital: pages per registered file
#: --born-digital: the one page image every text page points at (cleanup never reads it); 1×1 PNG
PLACEHOLDER_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010800000000"
    "3a7e9b550000000a49444154789c63f80f00010101001b9b6b6b0000000049454e44ae426082"
)
SAMPLE_EVERY = 0.1  # seconds between RSS samples
#: Figures the issue asks for.
RSS_TARGET_MB = 500
DASK_SLOWDOWN_TARGET = 0.10
RSS_FLAT_TARGET = 0.10  # the coordinator's peak at the largest size over its peak at the smallest


@dataclass
class Run:
    executor: str  # "local" | "dask"
    pages: int
    ocr_pages_per_min: float
    total_pages_per_min: float
    seconds: dict[str, float]  # stage → seconds (register, ocr, clean)
    coordinator_peak_rss_mb: float
    tree_peak_rss_mb: float  # coordinator + its children (the local pool's workers)
    cluster_peak_rss_mb: float  # Dask: scheduler, nanny and workers together (0 for the local pool)
    peak_rss_mb_by_stage: dict[str, float]  # the coordinator's peak so far at the end of each stage
    store_bytes_per_page: float
    db_bytes: int
    image_bytes: int
    ocr_done: int
    failed: int
    #: CPU time of the coordinator, its children and (Dask) the scheduler and workers, with the
    #: Tesseract runs: what a page costs whatever else the machine is doing.
    cpu_seconds_per_page: float
    #: Seconds the OCRed pages spent in each step, summed over pages (`pagework.STEPS` in the
    #: workers, "store" in the coordinator), wall clock and CPU: where a page's time went, and
    #: (their sum over workers × OCR stage seconds) how busy the workers were kept.
    worker_seconds: dict[str, float]
    worker_cpu_seconds: dict[str, float]


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


def born_pages(out: Path) -> Path:
    """The text layers of the bench books' `born-digital.pdf`, page by page in book order, as the
    pipeline reads them (`ingest.textlayer`), saved once as JSON: the pages a born-digital volume
    is made of, without rendering any page image (rendering is most of a born-digital ingest),
    one page a line."""
    cache = out / "born-pages.jsonl"
    if cache.exists():
        return cache
    import pdfplumber

    from ingest import sources, textlayer
    from ingest.model import SourceRef
    from ingest.store.codec import page_to_dict

    pages = []
    for pdf in BORN_PDFS:
        with pdfplumber.open(pdf) as doc:
            for i, pp in enumerate(doc.pages):
                if not textlayer.text_layer_usable(pp.chars):
                    continue  # a page without text (a plate): not a text page
                dpi = sources._render_dpi(float(pp.width), float(pp.height))
                words = pp.extract_words(extra_attrs=["size"], use_text_flow=False, keep_blank_chars=False)
                page = textlayer.text_layer_page(
                    words,
                    index=i + 1,
                    source=SourceRef(str(pdf), i + 1, "", "pdf_text"),
                    dpi=dpi,
                    width=round(float(pp.width) * dpi / 72),
                    height=round(float(pp.height) * dpi / 72),
                )
                pages.append(json.dumps(page_to_dict(page)))
    if not pages:
        raise SystemExit(f"no born-digital bench books under {SHARED / 'bench' / 'dev'}")
    cache.write_text("\n".join(pages) + "\n")
    return cache


def _own_peak_mb() -> float:
    """This process's peak resident memory so far, in MB: the kernel's high-water mark of its own
    memory (VmHWM), which starts afresh when the process is exec'd. `ru_maxrss` does not: on Linux
    it keeps the peak of the process that forked it, so the bench's own peak showed at every stage."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _child_born(pages_json: str, home: str, pages: int) -> None:
    """The measured subprocess of --born-digital: registers a volume of `pages` text-layer pages
    (the bench books' pages in turn, in files of FILE_PAGES pages, all pointing at one placeholder
    image) and runs layout cleanup over it as `quire ingest` does after OCR."""
    import dataclasses

    from ingest.model import SourceRef
    from ingest.pipeline import Progress, clean
    from ingest.store import NewPage, Store
    from ingest.store.codec import page_from_dict

    stamps: dict[str, list[float]] = {}
    peak_by_stage: dict[str, float] = {}

    def progress(p: Progress) -> None:
        now = time.perf_counter()
        stamps.setdefault(p.stage, [now, now])[1] = now
        peak_by_stage[p.stage] = _own_peak_mb()

    start = time.perf_counter()
    store = Store(Path(home))
    vol = store.ensure_volume("bench", "bench")
    book = Path(pages_json).read_text().splitlines()  # decoded as each copy is registered
    key = store.images.put(PLACEHOLDER_PNG, ".png")
    progress(Progress("register", 0, pages))
    for first in range(0, pages, FILE_PAGES):
        name = f"born-{first // FILE_PAGES + 1:04d}.pdf"
        new = []
        for n in range(first, min(pages, first + FILE_PAGES)):
            pg = page_from_dict(json.loads(book[n % len(book)]))
            at = n - first + 1
            pg = dataclasses.replace(pg, index=at, source=SourceRef(name, at, name, "pdf_text"))
            new.append(NewPage(at, "pdf_text", key, pg.dpi, pg.width, pg.height, text_page=pg))
        store.register_source(vol.id, path=name, sha256=name, size=0, kind="pdf", pages=new)
        progress(Progress("register", min(pages, first + FILE_PAGES), pages))
    del book, new
    cleaned, _ = clean(store, vol.id, progress=progress)
    store.close()
    seconds = {k: round(v[1] - v[0], 2) for k, v in stamps.items()}
    total = round(time.perf_counter() - start, 2)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "ocr_done": 0,
                "failed": 0,
                "cleaned": cleaned,
                "total": total,
                "peak_rss_mb_by_stage": peak_by_stage,
            }
        )
    )


# --- a Dask cluster on this machine ---------------------------------------------------------


#: How the README says to start a cluster for Quire: no log of recent messages (each page task is a
#: message carrying its image; the scheduler kept the last 1,000 sent to each worker).
CLUSTER_ENV = {"DASK_DISTRIBUTED__ADMIN__LOW_LEVEL_LOG_LENGTH": "0"}


def start_dask(work: Path, workers: int) -> tuple[str, list[subprocess.Popen[bytes]]]:
    sched_file = work / "scheduler.json"
    env = {**os.environ, **CLUSTER_ENV}
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
        env=env,
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
        env=env,
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
    from ingest.options import IngestOptions
    from ingest.pipeline import Progress, ingest_paths
    from ingest.store import Store

    stamps: dict[str, list[float]] = {}
    peak_by_stage: dict[str, float] = {}  # peak RSS so far (MB) when the stage last reported

    def progress(p: Progress) -> None:
        now = time.perf_counter()
        stamps.setdefault(p.stage, [now, now])[1] = now
        peak_by_stage[p.stage] = _own_peak_mb()

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
                "worker_seconds": {k: round(v, 2) for k, v in report.timings.items()},
                "worker_cpu_seconds": {k: round(v, 2) for k, v in report.cpu_timings.items()},
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


def _sample(proc: subprocess.Popen[str], cluster: list[int]) -> tuple[float, float, float, float]:
    """Until `proc` exits, every SAMPLE_EVERY s: its peak RSS, the peak RSS of it and its children
    (MB), and the CPU seconds used by it, its children and the `cluster` processes (the Tesseract
    runs included; each process's last < SAMPLE_EVERY s may be missed, alike for both executors),
    and the peak RSS of the `cluster` processes together (scheduler, nanny, workers; MB)."""
    import psutil

    me = psutil.Process(proc.pid)
    before = _cpu_seconds(cluster)
    cpu: dict[int, float] = {}
    peak = tree = held = 0
    while proc.poll() is None:
        together = 0
        for p in _tree(cluster):
            try:
                together += p.memory_info().rss
            except psutil.Error:
                pass
        held = max(held, together)
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
    return peak / 2**20, tree / 2**20, used, held / 2**20


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
    born: bool = False,
) -> Run:
    home = work / f"home-{executor}-{pages}"
    shutil.rmtree(home, ignore_errors=True)
    if url:
        _reset_postgres(url)
    child = (
        ["_child_born", str(pdf), str(home), str(pages)]
        if born
        else ["_child", str(pdf), str(home), url, str(jobs), scheduler]
    )
    proc = subprocess.Popen(
        [sys.executable, __file__, *child],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k not in {"QUIRE_SCHEDULER", "QUIRE_DATABASE_URL"}},
    )
    start = time.perf_counter()
    peak, tree, cpu, held = _sample(proc, cluster if executor == "dask" else [])
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
        # the sampled peak misses a peak shorter than a sample's interval; the child's own
        # high-water mark at each stage's end does not (at 250 pages: 246 sampled, 258 by VmHWM)
        coordinator_peak_rss_mb=round(max(peak, *res.get("peak_rss_mb_by_stage", {}).values(), 0.0), 1),
        tree_peak_rss_mb=round(tree, 1),
        cluster_peak_rss_mb=round(held, 1),
        peak_rss_mb_by_stage=res.get("peak_rss_mb_by_stage", {}),
        store_bytes_per_page=round((db + images) / pages),
        db_bytes=db,
        image_bytes=images,
        ocr_done=res["ocr_done"],
        failed=res["failed"],
        cpu_seconds_per_page=round(cpu / pages, 2),
        worker_seconds=res.get("worker_seconds", {}),
        worker_cpu_seconds=res.get("worker_cpu_seconds", {}),
    )


def _busy(r: Run, jobs: int) -> str:
    """Share of the OCR stage the workers spent on pages (their steps' wall time summed over pages,
    over workers × the stage's seconds): below 1, workers waited for tasks."""
    ocr = r.seconds.get("ocr", 0.0)
    spent = sum(v for k, v in r.worker_seconds.items() if k != "store")
    return f"{spent / (jobs * ocr):.2f}" if ocr and spent else "–"


def print_table(runs: list[Run], jobs: int = 2) -> None:
    print()
    print(
        "| pages | executor | OCR pages/min | ingest pages/min | CPU s/page | register / OCR / cleanup s "
        "| coordinator peak RSS MB (at end of OCR / of cleanup) | +children MB | Dask cluster MB "
        "| workers busy | store KB/page (DB + images) |"
    )
    print("|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---:|")
    for r in runs:
        s = r.seconds
        stages = f"{s.get('register', 0):.0f} / {s.get('ocr', 0):.0f} / {s.get('clean', 0):.0f}"
        by_stage = r.peak_rss_mb_by_stage
        print(
            f"| {r.pages} | {r.executor} | {r.ocr_pages_per_min} | {r.total_pages_per_min} | "
            f"{r.cpu_seconds_per_page} | {stages} | {r.coordinator_peak_rss_mb} "
            f"({by_stage.get('ocr', '–')} / {by_stage.get('clean', '–')}) | {r.tree_peak_rss_mb} | "
            f"{r.cluster_peak_rss_mb or '–'} | {_busy(r, jobs)} | {r.store_bytes_per_page / 1024:.0f} "
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
    for ex in sorted({r.executor for r in runs}):
        mine = sorted((r for r in runs if r.executor == ex), key=lambda r: r.pages)
        if len(mine) >= 2 and mine[0].pages < mine[-1].pages:
            small, large = mine[0], mine[-1]
            growth = large.coordinator_peak_rss_mb / small.coordinator_peak_rss_mb - 1
            verdict = "ok" if growth <= RSS_FLAT_TARGET else "over target"
            print(
                f"{ex}: coordinator peak RSS {large.pages} pages {large.coordinator_peak_rss_mb:.0f} MB vs "
                f"{small.pages} pages {small.coordinator_peak_rss_mb:.0f} MB: {growth:+.1%} "
                f"(target: at most {RSS_FLAT_TARGET:+.0%}) — {verdict}"
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
    ap.add_argument(
        "--born-digital",
        action="store_true",
        help="a volume of the bench books' born-digital text layers instead of scans: the pages "
        "are registered as text (no rendering, no OCR, one placeholder image) and cleaned up, so "
        "layout cleanup is measured at full length in minutes; no executor is used (run it with "
        "--executors local)",
    )
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    executors = [e.strip() for e in args.executors.split(",")]
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} CPUs; bench scans: {len(BENCH_SCANS)} files; work dir {args.work}")
    if args.born_digital:
        print(
            "volume: the text layers of the bench books' born-digital PDFs, book after book up to each "
            "size, registered as text pages (no page rendered, no OCR: the OCR columns stay empty) "
            "and cleaned up over the whole volume; 'register' is storing them. Every page points at "
            "one placeholder image: the store size per page is the database's only."
        )
    cluster: list[subprocess.Popen[bytes]] = []
    address = ""
    runs: list[Run] = []
    try:
        if "dask" in executors:
            address, cluster = start_dask(args.work, args.jobs)
            print(f"dask cluster at {address}: {args.jobs} workers × 1 thread")
        for size in sizes:
            pdf = born_pages(args.work) if args.born_digital else build_volume(size, args.work)
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
                    born=args.born_digital,
                )
                runs.append(run)
                print(json.dumps(asdict(run)), flush=True)
    finally:
        stop(cluster)
    print_table(runs, args.jobs)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in runs], indent=2))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        _child(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6])
    elif len(sys.argv) > 1 and sys.argv[1] == "_child_born":
        _child_born(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main()
