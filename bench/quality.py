"""Layout-cleanup quality on the benchmark books through the real pipeline, one table.

    .venv/bin/python bench/quality.py [BOOK_DIR ...] [--home DIR] [--jobs 2] [--born-digital] [--both]
                                      [--out DIR] [--no-dev] [--sample [DIR]]

For every book in /work/shared/bench/dev (and any book directory given), ingest `scan.pdf` once
into a persistent store (`--home`, default /tmp/quire-quality) with `ingest.pipeline.ingest_paths`
(sources → preprocess → OCR, no cleanup), then time `pipeline.clean` on the stored raw revisions,
render the current revisions with `ingest.export.text.render_text` and score the export with the
benchmark's score.py. The raw row scores the first (OCR or text-layer) revision of each page, its
page text joined with blank lines. `--born-digital` ingests `born-digital.pdf` instead (its text
layer through `ingest.sources`); `--both` does scans and born-digital PDFs in one table.

`--sample` adds the sample book (`samples/`: page images in `scan/`, the same book typeset in
`book-born-digital.pdf`, no truth.json): its scan is scored against a truth made from its
born-digital twin (the cleaned text layer, whose rendering `tests/test_layout_sample_book.py` pins)
and the printed facts in `samples/truth/clean-pages.txt` (labels, running heads).

A volume is named after the book directory and the PDF's checksum, so a re-rendered book gets a
new volume while an unchanged one is never OCRed twice. Its OCR is reused even after `ocr.VERSION` or
`preprocess.VERSION` changed: the book's rows then measure the current cleanup on the old reading, and a
warning line above them says so (use a new `--home` to measure the current OCR).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import random_books
import targets

from ingest import ocr, pipeline, preprocess, sources
from ingest.export.text import render_text, write_rendered
from ingest.model import BlockKind, Page
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


def ensure_ingested_folder(store: Store, name: str, folder: Path, *, jobs: int) -> int:
    """As `ensure_ingested`, for a folder of page images (named after its files' checksums)."""
    files = sorted(p for p in folder.iterdir() if p.is_file())
    digest = hashlib.sha256("".join(sources.sha256_file(f) for f in files).encode()).hexdigest()[:10]
    name = f"{name}-{digest}"
    known = {v.name: v for v in store.volumes()}
    if name not in known or not known[name].page_count or store.pending_pages(known[name].id):
        opts = IngestOptions.build(volume=name, title=name, jobs=jobs, clean=False)
        report = pipeline.ingest_paths(store, [folder], opts)
        if not report.ok:
            raise SystemExit(f"{folder}: ingest failed: {report.failed}")
    return store.volume(name).id


def sample_truth(store: Store, sample: Path, dest: Path, *, jobs: int) -> None:
    """Write a truth directory (truth.json, clean.txt) for the sample book into `dest`, from its
    born-digital twin cleaned through the text layer and its printed labels and running heads."""
    vid = ensure_ingested(store, sample, sample / "book-born-digital.pdf", jobs=jobs)
    pipeline.clean(store, vid)
    pages = current_and_raw(store, vid)[0]
    export = render_text(pages)
    write_rendered(export, dest)
    facts = [
        ln.split("\t")
        for ln in (sample / "truth" / "clean-pages.txt").read_text(encoding="utf-8").splitlines()
        if ln and not ln.startswith("#")
    ]
    body, notes = export.clean.split("\nNotes\n\n") if "\nNotes\n\n" in export.clean else (export.clean, "")
    headings = [
        b.text.replace("\n", " ")
        for p in pages
        for b in p.blocks
        if b.kind is BlockKind.HEADING and p.label and p.label.isdigit()
    ]
    truth = {
        "pages": [{"index": int(f[0]), "printed_page": "" if f[3] == "-" else f[3]} for f in facts],
        "running_heads": sorted({f[2] for f in facts if f[1] == "yes"}),
        "headings": headings,
        "notes": [
            {"n": int(m.group(1)), "text": m.group(2)}
            for m in re.finditer(r"^\[\^(\d+)\]: (.*)$", notes, flags=re.M)
        ],
        "toc": [
            {"level": int(f[0]), "title": f[1], "printed_page": f[2]}
            for f in (ln.split("\t") for ln in export.toc_tsv.splitlines())
        ],
    }
    assert body  # the twin must have a body
    (dest / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")


def measure_sample(store: Store, sample: Path, *, jobs: int, out: Path | None) -> list[str]:
    """The sample book's scan (a folder of images) cleaned and scored against its born-digital twin."""
    vid = ensure_ingested_folder(store, "sample-scan", sample / "scan", jobs=jobs)
    start = time.perf_counter()
    pipeline.clean(store, vid)
    seconds = time.perf_counter() - start
    current, raw = current_and_raw(store, vid)
    with tempfile.TemporaryDirectory() as tmp:
        truth = Path(tmp) / "truth"
        truth.mkdir()
        sample_truth(store, sample, truth, jobs=jobs)
        dest = out / "sample-scan" if out else Path(tmp) / "cand"
        write_rendered(render_text(current), dest)
        r = score(truth, dest / "clean.txt", dest / "toc.tsv", dest / "pages.tsv")
        raw_txt = Path(tmp) / "raw.txt"
        raw_txt.write_text("\n\n".join(p.text for p in raw) + "\n", encoding="utf-8")
        rr = score(truth, raw_txt)
    return [row("sample (scan vs its text layer)", r, seconds), row("  raw tesseract", rr)]


def stale_reading(pages: list[Page]) -> str | None:
    """A warning when the stored reading of these (raw) pages was made by another OCR or preprocessing
    version than the code's (the store keeps OCR between runs), else None."""
    code = {"ocr": ocr.VERSION, "preprocess": preprocess.VERSION}
    old = sorted(
        {(s.name, s.version) for p in pages for s in p.steps if s.name in code and s.version != code[s.name]}
    )
    if not old:
        return None
    found = ", ".join(f"{name} {version} (code: {code[name]})" for name, version in old)
    return (
        f"  warning: stored OCR reused from older code: {found}; use a new --home to measure the current OCR"
    )


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
    cells = [f"{name:58s}"] + [f"{_cell(r.get(k, '-')):>7}" for _, k in COLUMNS]
    notes = f"{r.get('notes_found', '-')}/{r.get('notes_linked', '-')} of {r.get('notes_truth', '-')}"
    toc = f"{r.get('toc_matched', '-')}/{r.get('toc_pages_correct', '-')} of {r.get('toc_entries', '-')}"
    cells += [f"{notes:>12}", f"{toc:>12}", f"{_cell(r.get('pages_correct', '-')):>7}"]
    cells.append(f"{seconds:6.1f}s" if seconds is not None else "")
    return " ".join(cells)


HEADER = " ".join(
    [f"{'book':58s}"]
    + [f"{c:>7}" for c, _ in COLUMNS]
    + [f"{'notes f/l':>12}", f"{'toc m/p':>12}", f"{'pages':>7}", " clean"]
)


def measure_scores(
    store: Store, book: Path, pdf: Path, *, jobs: int, out: Path | None
) -> tuple[dict, dict, float]:
    """Ingest (once), clean (timed), export and score one book: (cleaned scores, raw scores, seconds).
    The export (clean.txt, toc.tsv, pages.tsv, raw.txt) is kept under `out` when given."""
    vid = ensure_ingested(store, book, pdf, jobs=jobs)
    start = time.perf_counter()
    pipeline.clean(store, vid)
    seconds = time.perf_counter() - start
    current, raw = current_and_raw(store, vid)
    with tempfile.TemporaryDirectory() as tmp:
        dest = out if out else Path(tmp)
        write_rendered(render_text(current), dest)
        r = score(book, dest / "clean.txt", dest / "toc.tsv", dest / "pages.tsv")
        raw_txt = dest / "raw.txt"
        raw_txt.write_text("\n\n".join(p.text for p in raw) + "\n", encoding="utf-8")
        rr = score(book, raw_txt)
    stale = stale_reading(raw)
    if stale:
        print(stale, flush=True)
        r = r | {"stale_ocr": stale}
    return r, rr, seconds


def truth_pages(book: Path) -> int:
    return len(json.loads((book / "truth.json").read_text(encoding="utf-8"))["pages"])


def measure(
    store: Store, book: Path, pdf: Path, *, jobs: int, out: Path | None
) -> tuple[list[str], tuple[dict, dict]]:
    """Ingest (once), clean (timed), export and score one book: its two table rows and the scores.
    The export is kept in `out` when given."""
    r, rr, seconds = measure_scores(store, book, pdf, jobs=jobs, out=out)
    label = f"{book.name} ({'text layer' if pdf.name.startswith('born') else 'scan'})"
    raw_label = "  raw text layer" if pdf.name.startswith("born") else "  raw tesseract"
    return [row(label, r, seconds), row(raw_label, rr)], (r, rr)


def judged(name: str, r: dict, rr: dict, pages: int) -> tuple[dict, dict, str]:
    """The book's target verdicts, its metrics and a line naming the targets it misses."""
    v = targets.verdicts(r, rr, pages)
    miss = targets.failed(v)
    return (
        v,
        targets.metrics(r, rr, pages),
        f"  {name}: {'misses ' + ', '.join(miss) if miss else 'meets every target'}",
    )


def run_random(store: Store, args: argparse.Namespace, record: list[dict]) -> None:
    """`--random N --seed S`: render (or reuse) N books with knobs drawn from S, measure each like a dev book,
    then print each metric's distribution and the share of books meeting each target."""
    fonts, texts = random_books.installed_fonts(), random_books.sources()
    print(
        f"\n== {args.random} random books, seed {args.seed}, at most {args.max_pages} pages, "
        f"fonts: {', '.join(fonts)} ==",
        flush=True,
    )
    verdicts, metrics = [], []
    for i in range(args.random):
        spec = random_books.draw(args.seed, i, fonts, texts, max_pages=args.max_pages)
        print(f"[{i + 1}/{args.random}] {spec.summary()}", flush=True)
        book = random_books.render(spec, args.books_dir)
        entry = {"book": str(book.path), "seed": args.seed, "index": i, "knobs": spec.knobs}
        # never into the books folder: it is shared material, and runs reusing it would collide
        keep = args.out or (store.home / "bench-exports" if args.keep else None)
        export = keep / book.path.name if keep else None
        if export:
            entry["export"] = str(export)
        if not book.ok:
            print(f"  render failed: {book.error} ({book.path})", flush=True)
            record.append(entry | {"error": f"render: {book.error}"})
            continue
        try:
            rows, (r, rr) = measure(
                store,
                book.path,
                book.path / "scan.pdf",
                jobs=args.jobs,
                out=export,
            )
        except (SystemExit, Exception) as exc:  # one bad book must not end the run
            print(f"  ingest/clean failed: {exc!r}", flush=True)
            record.append(entry | {"error": f"pipeline: {exc!r}"})
            continue
        pages = truth_pages(book.path)
        v, m, line = judged(book.path.name, r, rr, pages)
        verdicts.append(v)
        metrics.append(m)
        record.append(entry | {"pages": pages, "scores": r, "raw": rr, "failed": targets.failed(v)})
        for ln in [*rows, line]:
            print(ln, flush=True)
    failed = args.random - len(verdicts)
    print(
        f"\n-- random books, seed {args.seed}: {len(verdicts)} measured"
        + (f", {failed} failed to render or ingest" if failed else "")
        + " --"
    )
    for ln in targets.summary_lines(verdicts, metrics):
        print(ln, flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("books", nargs="*", type=Path)
    ap.add_argument("--home", type=Path, default=Path("/tmp/quire-quality"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--born-digital", action="store_true", help="born-digital.pdf instead of scan.pdf")
    ap.add_argument("--both", action="store_true", help="scan.pdf and born-digital.pdf")
    ap.add_argument("--no-dev", action="store_true", help="only the books given")
    ap.add_argument("--out", type=Path, default=None, help="keep the exports here")
    ap.add_argument(
        "--sample",
        nargs="?",
        type=Path,
        const=Path(__file__).resolve().parent.parent / "samples",
        default=None,
        help="also score the sample book's scan against its born-digital twin (default folder: samples/)",
    )
    ap.add_argument(
        "--random",
        type=int,
        default=0,
        metavar="N",
        help="also render and measure N books with knobs drawn at random (needs the bench extra)",
    )
    ap.add_argument("--seed", type=int, default=101, help="the draw of --random books (default 101)")
    ap.add_argument("--max-pages", type=int, default=14, help="page cap of a --random book (default 14)")
    ap.add_argument(
        "--books-dir",
        type=Path,
        default=Path("/tmp/bench-books"),
        help="where --random books are rendered and reused (default /tmp/bench-books)",
    )
    ap.add_argument(
        "--keep",
        action="store_true",
        help="keep each --random book's export and raw text (in --out, else in the store's "
        "bench-exports/ folder; never in the books folder)",
    )
    ap.add_argument(
        "--json", type=Path, default=None, help="also write every book's scores and verdicts here"
    )
    args = ap.parse_args()
    dev = [] if args.no_dev else sorted(p for p in (BENCH / "dev").iterdir() if p.is_dir())
    books = dev + [b.resolve() for b in args.books]
    kinds = (
        ["scan.pdf", "born-digital.pdf"]
        if args.both
        else (["born-digital.pdf"] if args.born_digital else ["scan.pdf"])
    )
    store = Store(home=args.home)
    record: list[dict] = []
    try:
        verdicts, metrics, misses = [], [], []
        if books:
            print(HEADER, flush=True)
        for kind in kinds:
            for book in books:
                pdf = book / kind
                if not pdf.exists():
                    print(f"{book.name}: no {kind}", flush=True)
                    continue
                export = args.out / f"{book.name}-{pdf.stem}" if args.out else None
                try:
                    rows, (r, rr) = measure(store, book, pdf, jobs=args.jobs, out=export)
                except (SystemExit, Exception) as exc:  # the other books are still measured
                    print(f"{book.name}: ingest/clean failed: {exc!r}", flush=True)
                    record.append({"book": str(book), "pdf": kind, "error": f"pipeline: {exc!r}"})
                    continue
                for line in rows:
                    print(line, flush=True)
                pages = truth_pages(book)
                v, m, line = judged(f"{book.name} ({pdf.stem})", r, rr, pages)
                verdicts.append(v)
                metrics.append(m)
                misses.append(line)
                record.append(
                    {
                        "export": str(export) if export else None,
                        "book": str(book),
                        "pdf": kind,
                        "pages": pages,
                        "scores": r,
                        "raw": rr,
                        "failed": targets.failed(v),
                    }
                )
        if verdicts:
            print("\n-- targets on the books above --")
            for ln in misses + [""] + targets.summary_lines(verdicts, metrics):
                print(ln, flush=True)
        if args.sample:
            for line in measure_sample(store, args.sample, jobs=args.jobs, out=args.out):
                print(line, flush=True)
        if args.random:
            run_random(store, args, record)
    finally:
        store.close()
        if args.json:
            args.json.write_text(json.dumps(record, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
