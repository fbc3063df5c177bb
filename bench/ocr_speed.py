"""OCR speed, side by side, in one run on the same pages:

  (a) the bare `tesseract` command, page by page in sequence (one thread, as in Quire's pool)
  (b) `quire ingest --jobs 2` (sources, preprocessing, OCR, storing; cleanup timed separately)
  (c) OCRmyPDF `-j 2 --force-ocr --sidecar` (install it with `pip install ocrmypdf`)

Prints pages/minute for each, the ratio of (b) to the ideal (sum of bare page times / 2 cores),
the peak RSS of (b) and where (b)'s time per page goes (decode, preprocess, recognise and encode
in the workers, store in the coordinator; summed over the pages, so on 2 cores the wall time is
about half their sum). `--repeat-to N` builds an N-page volume by repeating the pages and reports
the coordinator's RSS as the run goes (memory must stay flat as pages grow).

On a machine shared with other work the load changes during a run, and (a) and (b) one after the
other then meet different loads. `--rounds R` cuts the pages into R runs of consecutive pages and
times (a) and (b) on each in turn, alternating which goes first, so both meet the same load; the
figures are the sums over the rounds ((b) pays its start-up R times, which counts against it).

    python bench/ocr_speed.py [--books DIR ...] [--rounds 4] [--repeat-to 300] [--skip-ocrmypdf]
    python bench/ocr_speed.py --capture-cost [N]

`--capture-cost N` measures, in CPU seconds on N flat single-page scans (so it holds on a busy
machine), what the checks for spreads, photos, curl and blank leaves add to a page (the spread
check at registration, EXIF, the page-outline look, letter count and size, the line-bend
measure) against Tesseract's own CPU time on the same pages (target: at most 10%).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pikepdf
import psutil

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench" / "dev"
VENV_BIN = Path(sys.executable).parent


def build_pdf(sources: list[Path], out: Path, repeat_to: int | None = None) -> int:
    """Concatenate the scan PDFs (repeating them up to `repeat_to` pages); returns page count."""
    pdf = pikepdf.new()
    opened = [pikepdf.open(s) for s in sources]
    pages = [p for doc in opened for p in doc.pages]
    n = repeat_to or len(pages)
    for i in range(n):
        pdf.pages.append(pages[i % len(pages)])
    pdf.save(out)
    for doc in opened:
        doc.close()
    return n


def slice_pdf(pdf: Path, start: int, stop: int, out: Path) -> None:
    """Pages start..stop-1 of `pdf` as a PDF of their own (the page images as they are)."""
    with pikepdf.open(pdf) as src:
        part = pikepdf.new()
        for page in list(src.pages)[start:stop]:
            part.pages.append(page)
        part.save(out)


def extract_images(pdf: Path, out_dir: Path) -> list[Path]:
    """The page images as stored (JPEG) for the bare tesseract runs."""
    from ingest.sources import pdf_pages

    files = []
    for sp in pdf_pages(pdf):
        f = out_dir / f"page-{sp.page_in_file:04d}{sp.suffix}"
        f.write_bytes(sp.image)
        files.append(f)
    return files


class RssSampler:
    """Samples the RSS of a process (and separately of its whole tree) every `interval` s."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.proc = psutil.Process(pid)
        self.interval = interval
        self.peak_main = 0
        self.peak_tree = 0
        self.series: list[tuple[float, int]] = []
        self.cpu: dict[int, float] = {}  # pid → user + system seconds, last seen
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()

    def _run(self) -> None:
        start = time.perf_counter()
        while not self._stop.is_set():
            try:
                main = self.proc.memory_info().rss
                children = self.proc.children(recursive=True)
            except psutil.Error:
                break  # the process is gone
            tree = main
            for p in (self.proc, *children):
                try:
                    tree += p.memory_info().rss if p is not self.proc else 0
                    t = p.cpu_times()
                    self.cpu[p.pid] = t.user + t.system
                except psutil.Error:
                    continue  # a worker that ended between the listing and the look
            self.peak_main = max(self.peak_main, main)
            self.peak_tree = max(self.peak_tree, tree)
            self.series.append((time.perf_counter() - start, main))
            time.sleep(self.interval)

    @property
    def cpu_seconds(self) -> float:
        """CPU time of the process and every process it started (as last sampled)."""
        return sum(self.cpu.values())

    def stop(self) -> None:
        self._stop.set()
        self._t.join()


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_bare(images: list[Path]) -> list[float]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    times = []
    for img in images:
        t = time.perf_counter()
        subprocess.run(
            ["tesseract", str(img), "-", "--psm", "3", "--dpi", "300"],
            env=env,
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - t)
    return times


def time_split(out: str, row: str = "time per OCRed page") -> dict[str, float]:
    """A 'time per OCRed page' (or 'CPU per OCRed page') row of `quire ingest`'s report, by step."""
    m = re.search(rf"{row}\s*[│|]?\s*(.+?)\s*[│|]?\s*$", out, re.M)
    return {k: float(v) for k, v in re.findall(r"(\w+) ([\d.]+) s", m.group(1))} if m else {}


def print_split(outs: list[tuple[int, str]], bare_cpu: float) -> None:
    """Where a page's time goes in (b), by step, wall clock and CPU, with the CPU of what is not
    Tesseract's page reading against the bare command's whole CPU per page. `outs` are the
    reports of (b)'s runs with their page counts (a mean over the runs, weighted by pages)."""
    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    pages = sum(n for n, _ in outs)
    for n, out in outs:
        for into, row in ((wall, "time per OCRed page"), (cpu, "CPU per OCRed page")):
            for step, secs in time_split(out, row).items():
                into[step] = into.get(step, 0.0) + secs * n / pages
    if not wall:
        print("(b) time per page by step: (not reported)")
        return
    print(f"\n(b) per page, by step {'wall s':>8} {'CPU s':>8}   (2 pages run at once)")
    for step, secs in wall.items():
        print(f"    {step:18} {secs:8.3f} {cpu.get(step, float('nan')):8.3f}")
    total = sum(cpu.values())
    other = total - cpu.get("recognise", 0.0)
    print(
        f"    {'all steps':18} {sum(wall.values()):8.3f} {total:8.3f}   not the page reading: "
        f"{other:.3f} s CPU = {other / bare_cpu:.1%} of the bare command's CPU per page ({bare_cpu:.3f} s)"
    )


def run_quire(pdf: Path, home: Path, jobs: int = 2) -> tuple[float, RssSampler, str]:
    env = {**os.environ, "QUIRE_HOME": str(home), "COLUMNS": "250"}
    env.pop("QUIRE_DATABASE_URL", None)
    t = time.perf_counter()
    proc = subprocess.Popen(
        [str(VENV_BIN / "quire"), "ingest", str(pdf), "--volume", "bench", "--jobs", str(jobs), "--no-clean"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    sampler = RssSampler(proc.pid)
    out, errs = proc.communicate()
    elapsed = time.perf_counter() - t
    sampler.stop()
    if proc.returncode != 0:
        raise SystemExit(f"quire ingest failed:\n{out}\n{errs}")
    return elapsed, sampler, out


def run_clean(home: Path) -> float:
    env = {**os.environ, "QUIRE_HOME": str(home)}
    t = time.perf_counter()
    subprocess.run([str(VENV_BIN / "quire"), "clean", "bench"], env=env, check=True, capture_output=True)
    return time.perf_counter() - t


def run_ocrmypdf(pdf: Path, work: Path) -> float | None:
    exe = shutil.which("ocrmypdf") or str(VENV_BIN / "ocrmypdf")
    if not Path(exe).exists():
        return None
    t = time.perf_counter()
    subprocess.run(
        [
            exe,
            "-j",
            "2",
            "--force-ocr",
            "--sidecar",
            str(work / "side.txt"),
            "--output-type",
            "pdf",
            "-q",
            str(pdf),
            str(work / "out.pdf"),
        ],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - t


def capture_cost(images: list[Path]) -> None:
    """CPU time of the capture checks against Tesseract's on the same pages (see the docstring)."""
    from ingest import ink, ocr, pagework, photo, spreads
    from ingest.model import SourceRef

    extra = reading = 0.0
    for f in images:
        data = f.read_bytes()
        image = pagework.decode(data)
        h, w = image.shape[:2]
        gray = ink.to_gray(image)
        t0 = time.process_time()
        spreads.find_spread(data, w, h)
        pagework.exif_orientation(data)
        photo.find_page_quad(gray)
        t1 = time.process_time()
        binary, preview, _ = ink.binarise_with_preview(gray)
        t2 = time.process_time()
        ink.count_glyphs(preview)
        photo.line_bend(preview)
        t3 = time.process_time()
        page = ocr.recognise(binary, index=1, source=SourceRef(str(f), 1, ""), dpi=300)
        t4 = time.process_time()
        pagework.is_blank_text(page)
        t5 = time.process_time()
        extra += (t1 - t0) + (t3 - t2) + (t5 - t4)
        reading += t4 - t3
    n = len(images)
    print(
        f"{n} flat pages: capture checks {extra / n * 1000:.0f} ms CPU/page, Tesseract {reading / n:.2f} s "
        f"CPU/page: {extra / reading:.1%} of OCR time (target ≤ 10%)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--books", nargs="*", type=Path, default=sorted(BENCH.glob("*/scan.pdf")))
    ap.add_argument("--repeat-to", type=int, default=None, help="also run an N-page volume for memory")
    ap.add_argument("--skip-ocrmypdf", action="store_true")
    ap.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="time (a) and (b) in turn on this many runs of consecutive pages (a shared machine)",
    )
    ap.add_argument("--capture-cost", type=int, default=None, metavar="N")
    args = ap.parse_args()
    if args.capture_cost:
        with tempfile.TemporaryDirectory(prefix="quire-bench-") as tmp:
            pdf = Path(tmp) / "all.pdf"
            build_pdf(args.books, pdf)
            images = extract_images(pdf, Path(tmp))
            step = max(1, len(images) // args.capture_cost)
            capture_cost(images[::step][: args.capture_cost])
        return
    if not args.books:
        raise SystemExit(f"no scan.pdf found under {BENCH}; give --books")
    with tempfile.TemporaryDirectory(prefix="quire-bench-") as tmp:
        work = Path(tmp)
        pdf = work / "all.pdf"
        n = build_pdf(args.books, pdf)
        images = extract_images(pdf, work)
        print(f"{n} pages from {len(args.books)} scan PDFs; 2 cores; Tesseract single-threaded everywhere\n")

        load = os.getloadavg()[0]
        rounds = max(1, min(args.rounds, n))
        cuts = [n * k // rounds for k in range(rounds + 1)]
        bare: list[float] = []
        bare_cpu = quire_s = quire_cpu = clean_s = 0.0
        peak_main = peak_tree = 0
        quire_outs: list[tuple[int, str]] = []
        load_b = None
        big_sampler: RssSampler | None = None
        for k in range(rounds):
            lo, hi = cuts[k], cuts[k + 1]
            part = pdf
            if rounds > 1:
                part = work / f"round-{k}.pdf"
                slice_pdf(pdf, lo, hi, part)
            for which in "ab" if k % 2 == 0 else "ba":
                if which == "a":
                    cpu0 = children_cpu()
                    bare += run_bare(images[lo:hi])
                    bare_cpu += children_cpu() - cpu0
                    continue
                if load_b is None:
                    load_b = os.getloadavg()[0]
                secs, sampler, out = run_quire(part, work / f"home-{k}")
                quire_s += secs
                quire_cpu += sampler.cpu_seconds
                peak_main = max(peak_main, sampler.peak_main)
                peak_tree = max(peak_tree, sampler.peak_tree)
                quire_outs.append((hi - lo, out))
                big_sampler = big_sampler or sampler
                clean_s += run_clean(work / f"home-{k}")
        total_bare = sum(bare)
        ideal = total_bare / 2
        ocrmypdf_s = None if args.skip_ocrmypdf else run_ocrmypdf(pdf, work)

        def ppm(sec: float) -> str:
            return f"{n / sec * 60:7.1f}"

        print(f"{'run':44} {'seconds':>8} {'pages/min':>10}")
        print(f"{'(a) bare tesseract, sequential':44} {total_bare:8.1f} {ppm(total_bare):>10}")
        print(f"{'    ideal on 2 cores (a / 2)':44} {ideal:8.1f} {ppm(ideal):>10}")
        print(f"{'(b) quire ingest --jobs 2 (no cleanup)':44} {quire_s:8.1f} {ppm(quire_s):>10}")
        print(f"{'    + layout cleanup (quire clean)':44} {clean_s:8.1f}")
        if ocrmypdf_s is not None:
            print(f"{'(c) ocrmypdf -j 2 --force-ocr --sidecar':44} {ocrmypdf_s:8.1f} {ppm(ocrmypdf_s):>10}")
        print()
        print(
            f"(b) / ideal: {quire_s / ideal:.3f}   (target ≤ 0.95)"
            + (f"; {rounds} rounds, (a) and (b) in turn" if rounds > 1 else "")
        )
        print(
            f"CPU seconds per page: (a) {bare_cpu / n:.2f}, (b) {quire_cpu / n:.2f} "
            f"(coordinator and workers); (b) / (a): {quire_cpu / bare_cpu:.3f}   "
            "(holds on a busy machine)"
        )
        if rounds == 1 and big_sampler is not None:
            coordinator = big_sampler.cpu.get(big_sampler.proc.pid, 0.0)
            print(
                f"    (b) coordinator {coordinator:.1f} s CPU in all (start-up, registering, storing), "
                f"workers {(quire_cpu - coordinator) / n:.2f} s CPU per page"
            )
        print(
            f"load average (1 min) at the start of (a) {load:.1f}, of (b) {load_b:.1f}, "
            f"at the end {os.getloadavg()[0]:.1f}"
        )
        if ocrmypdf_s is not None:
            print(f"(b) / (c):   {quire_s / ocrmypdf_s:.3f}   (target < 1)")
        print(
            f"(b) peak RSS: coordinator {peak_main / 2**20:.0f} MB, "
            f"with workers and Tesseract {peak_tree / 2**20:.0f} MB"
        )
        print_split(quire_outs, bare_cpu / n)

        if args.repeat_to:
            big = work / "big.pdf"
            build_pdf(args.books, big, args.repeat_to)
            secs, s2, _ = run_quire(big, work / "home-big")
            series = s2.series
            marks = [series[int(len(series) * f) - 1] for f in (0.25, 0.5, 0.75, 1.0)] if series else []
            print(
                f"\n{args.repeat_to}-page volume: {secs:.0f} s ({args.repeat_to / secs * 60:.1f} pages/min); "
                f"coordinator peak RSS {s2.peak_main / 2**20:.0f} MB, tree {s2.peak_tree / 2**20:.0f} MB"
            )
            print(
                "coordinator RSS at 25/50/75/100% of the run: "
                + ", ".join(f"{rss / 2**20:.0f} MB" for _, rss in marks)
            )


if __name__ == "__main__":
    main()
