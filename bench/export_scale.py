"""Export at book scale: every format of a 500-page volume, one figure per format.

    python bench/export_scale.py [--pages 500] [--home DIR] [--formats all] [--keep]

The volume is the one `bench/ui_latency.py` builds (the sample scans OCRed once, repeated to
`--pages` pages, each page with its own display image: no two alike), cleaned up once. Each
format is then exported alone, in its own process (`ingest.export.versions.export_volume`, as
`quire export` runs it), whose resident memory is sampled every 0.1 s; then all formats at once.
Prints per format: seconds, milliseconds per page, peak RSS and the size written. For the
searchable PDF it also counts the page images embedded byte for byte as stored (the images are
reused, not decoded and encoded again).

The exports (up to 2 GB for 500 pages) are removed at the end, and so is the volume when no
`--home` was given; `--keep` keeps both and prints where they are.
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
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

_EXPORT = """
import json, sys, time
from pathlib import Path
from ingest.export.versions import export_volume
from ingest.store import Store
store = Store(Path(sys.argv[1]))
t = time.perf_counter()
r = export_volume(store, "big", sys.argv[2], out_root=Path(sys.argv[3]))
print(json.dumps({"seconds": time.perf_counter() - t, "formats": r.format_seconds}))
"""


def export_alone(home: Path, fmt: str, out: Path) -> dict[str, object]:
    """Export `fmt` in a child process; its wall time, per-format seconds and peak RSS."""
    env = {**os.environ, "QUIRE_HOME": str(home)}
    proc = subprocess.Popen(
        [sys.executable, "-c", _EXPORT, str(home), fmt, str(out)],
        env=env,
        cwd=ROOT,  # `python -c` puts the working folder first on sys.path: import this tree's code
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    ps, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            peak = max(peak, ps.memory_info().rss)
        except psutil.Error:
            break
        time.sleep(0.1)
    stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"export of {fmt} failed:\n{stderr[-3000:]}")
    res = json.loads(stdout.strip().splitlines()[-1])
    res["peak_mb"] = peak / 2**20
    res["bytes"] = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    return res


def pdf_images_as_stored(home: Path, out: Path) -> tuple[int, int]:
    """(page images embedded as stored, pages) in the PDF: a JPEG's bytes, or a PNG's compressed
    image data (its IDAT chunks, which the PDF reads as Flate with PNG predictors), byte for byte."""
    import pikepdf

    from ingest.export.pdfimage import _chunks
    from ingest.store import Store

    store = Store(home)
    stored = set()
    for i in store.pages(store.volume("big").id):
        if i.image is None:
            continue
        data = store.images.path(i.image).read_bytes()
        stored.add(data)
        if data.startswith(b"\x89PNG"):
            stored.add(b"".join(body for kind, body in _chunks(data) if kind == b"IDAT"))
    store.close()
    pdf_path = next(out.rglob("*.pdf"))
    same = pages = 0
    with pikepdf.open(pdf_path) as pdf:
        for page in pdf.pages:
            pages += 1
            for xobj in page.get_images().values():
                same += xobj.read_raw_bytes() in stored
    return same, pages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=500)
    ap.add_argument("--home", type=Path, default=None)
    ap.add_argument("--formats", default="all")
    ap.add_argument("--keep", action="store_true", help="keep the exports (and a temporary volume)")
    args = ap.parse_args()
    from ingest.export.formats import parse_formats

    home = args.home or Path(tempfile.mkdtemp(prefix="quire-export-bench-"))
    out_root = Path(tempfile.mkdtemp(prefix="quire-export-out-"))
    try:
        run(home, args.pages, parse_formats(args.formats), out_root)
    finally:
        if args.keep:
            print(f"\n(exports kept under {out_root}, the volume under {home})")
        else:
            shutil.rmtree(out_root, ignore_errors=True)
            if args.home is None:
                shutil.rmtree(home, ignore_errors=True)


def run(home: Path, pages: int, fmts: tuple[str, ...], out_root: Path) -> None:
    """Build the volume under `home` unless it is there, then export each format alone."""
    from ui_latency import build

    from ingest import pipeline
    from ingest.store import Store

    big = home / "big"
    if not big.exists():
        t = time.perf_counter()
        build(home, pages).close()
        store = Store(big)
        c = time.perf_counter()
        pipeline.clean(store, store.volume("big").id)
        store.close()
        print(
            f"built and cleaned a {pages}-page volume in {time.perf_counter() - t:.0f} s "
            f"(cleanup {time.perf_counter() - c:.0f} s) under {home}"
        )
    print(f"load average {os.getloadavg()[0]:.1f}\n")
    print(f"{'format':10} {'seconds':>8} {'ms/page':>8} {'peak RSS':>9} {'written':>10}")
    for fmt in (*fmts, "all"):
        res = export_alone(big, fmt, out_root / fmt)
        secs = float(res["seconds"])  # type: ignore[arg-type]
        print(
            f"{fmt:10} {secs:8.1f} {secs / pages * 1000:8.1f} {res['peak_mb']:7.0f} MB "
            f"{int(res['bytes']) / 2**20:7.1f} MB"  # type: ignore[call-overload]
        )
        if fmt == "pdf":
            same, n = pdf_images_as_stored(big, out_root / fmt)
            print(f"{'':10} page images embedded as stored: {same} of {n}")
    print(f"\n(load average at the end {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
