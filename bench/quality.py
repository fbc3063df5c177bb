"""Layout-cleanup quality on the benchmark books through the real pipeline, one table.

    .venv/bin/python bench/quality.py [BOOK_DIR ...] [--home DIR] [--jobs 2] [--born-digital] [--both]
                                      [--out DIR] [--no-dev]

For every book in /work/shared/bench/dev (and any book directory given), ingest `scan.pdf` once
into a persistent store (`--home`, default /tmp/quire-quality) with `ingest.pipeline.ingest_paths`
(sources → preprocess → OCR, no cleanup), then time `pipeline.clean` on the stored raw revisions,
render the current revisions with `ingest.export.text.render_text` and score the export with the
benchmark's score.py. The raw row scores the first (OCR or text-layer) revision of each page, its
page text joined with blank lines. `--born-digital` ingests `born-digital.pdf` instead (its text
layer through `ingest.sources`); `--both` does scans and born-digital PDFs in one table.

A volume is named after the book directory and the PDF's checksum, so a re-rendered book gets a
new volume while an unchanged one is never OCRed twice.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ingest import pipeline, sources
from ingest.export.text import write_text
from ingest.model import Page
from ingest.options import IngestOptions
from ingest.store import Store

BENCH = Path("/work/shared/bench")
SCORE = BENCH / "score.py"


def volume_name(book: Path, pdf: Path) -> str:
    return f"{book.name}-{pdf.stem}-{sources.sha256_file(pdf)[:10]}"


def ensure_ingested(store: Store, book: Path, pdf: Path, *, jobs: int) -> int:
    """The volume id of `pdf` in the store, ingesting (without cleanup) when it is not there yet or
    a run was cut short (the pipeline resumes: registered files and OCRed pages are not redone)."""
    name = volume_name(book, pdf)
    known = {v.name: v for v in store.volumes()}
    if name not in known or not known[name].page_count or store.pending_pages(known[name].id):
        opts = IngestOptions.build(volume=name, title=book.name, jobs=jobs, clean=False)
        report = pipeline.ingest_paths(store, [pdf], opts)
        if not report.ok:
            raise SystemExit(f"{pdf}: ingest failed: {report.failed}")
    return store.volume(name).id


def current_and_raw(store: Store, volume_id: int) -> tuple[list[Page], list[Page]]:
    current, raw = [], []
    for info in store.pages(volume_id):
        revs = store.revisions(info.id)
        current.append(revs[-1].page)
        raw.append(revs[0].page)
    return current, raw


def score(book: Path, clean: Path, toc: Path | None = None, pages: Path | None = None) -> dict[str, float]:
    cmd = [sys.executable, str(SCORE), str(book), str(clean), "--json"]
    if toc:
        cmd += ["--toc", str(toc)]
    if pages:
        cmd += ["--pages", str(pages)]
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


COLUMNS = [
    ("cer", "cer"),
    ("heads", "leftover_running_heads"),
    ("pnum", "leftover_page_numbers"),
    ("hyph", "hyphen_breaks"),
    ("split", "split_paragraphs"),
    ("merged", "merged_paragraphs"),
    ("head%", "headings_found"),
]


def _cell(v: object) -> str:
    return f"{v:.4f}" if isinstance(v, float) else str(v)


def row(name: str, r: dict[str, float], seconds: float | None = None) -> str:
    cells = [f"{name:44s}"] + [f"{_cell(r.get(k, '-')):>7}" for _, k in COLUMNS]
    notes = f"{r.get('notes_found', '-')}/{r.get('notes_linked', '-')} of {r.get('notes_truth', '-')}"
    toc = f"{r.get('toc_matched', '-')}/{r.get('toc_pages_correct', '-')} of {r.get('toc_entries', '-')}"
    cells += [f"{notes:>12}", f"{toc:>12}", f"{_cell(r.get('pages_correct', '-')):>7}"]
    cells.append(f"{seconds:6.1f}s" if seconds is not None else "")
    return " ".join(cells)


HEADER = " ".join(
    [f"{'book':44s}"]
    + [f"{c:>7}" for c, _ in COLUMNS]
    + [f"{'notes f/l':>12}", f"{'toc m/p':>12}", f"{'pages':>7}", " clean"]
)


def measure(store: Store, book: Path, pdf: Path, *, jobs: int, out: Path | None) -> list[str]:
    """Ingest (once), clean (timed), export and score one book; returns its two table rows."""
    vid = ensure_ingested(store, book, pdf, jobs=jobs)
    start = time.perf_counter()
    pipeline.clean(store, vid)
    seconds = time.perf_counter() - start
    current, raw = current_and_raw(store, vid)
    label = f"{book.name} ({'text layer' if pdf.name.startswith('born') else 'scan'})"
    with tempfile.TemporaryDirectory() as tmp:
        dest = out / f"{book.name}-{pdf.stem}" if out else Path(tmp)
        write_text(current, dest)
        r = score(book, dest / "clean.txt", dest / "toc.tsv", dest / "pages.tsv")
        raw_txt = Path(tmp) / "raw.txt"
        raw_txt.write_text("\n\n".join(p.text for p in raw) + "\n", encoding="utf-8")
        rr = score(book, raw_txt)
    raw_label = "  raw text layer" if pdf.name.startswith("born") else "  raw tesseract"
    return [row(label, r, seconds), row(raw_label, rr)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("books", nargs="*", type=Path)
    ap.add_argument("--home", type=Path, default=Path("/tmp/quire-quality"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--born-digital", action="store_true", help="born-digital.pdf instead of scan.pdf")
    ap.add_argument("--both", action="store_true", help="scan.pdf and born-digital.pdf")
    ap.add_argument("--no-dev", action="store_true", help="only the books given")
    ap.add_argument("--out", type=Path, default=None, help="keep the exports here")
    args = ap.parse_args()
    dev = [] if args.no_dev else sorted(p for p in (BENCH / "dev").iterdir() if p.is_dir())
    books = dev + [b.resolve() for b in args.books]
    kinds = ["scan.pdf", "born-digital.pdf"] if args.both else (
        ["born-digital.pdf"] if args.born_digital else ["scan.pdf"]
    )
    store = Store(home=args.home)
    print(HEADER, flush=True)
    try:
        for kind in kinds:
            for book in books:
                pdf = book / kind
                if not pdf.exists():
                    print(f"{book.name}: no {kind}", flush=True)
                    continue
                for line in measure(store, book, pdf, jobs=args.jobs, out=args.out):
                    print(line, flush=True)
    finally:
        store.close()


if __name__ == "__main__":
    main()
