"""Layout-cleanup quality on the benchmark books: cleaned export vs raw Tesseract, one table.

    .venv/bin/python bench/quality.py [BOOK_DIR ...] [--cache DIR] [--workers 2] [--born-digital]

For every book in /work/shared/bench/dev (and any book directory given), OCR each page of
`scan.pdf` (cached as page JSON under --cache), run `clean_volume` → `write_text`, and score the
export with the benchmark's score.py; the raw row scores Tesseract's page text joined with blank
lines. `--born-digital` reads `born-digital.pdf` through its text layer (pdfplumber words) instead.
The OCR step is `ocr_book(book_dir, cache)`: swap it for the real pipeline when it exists.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ingest.export.text import write_text
from ingest.layout import clean_volume
from ingest.model import (
    BBox,
    Block,
    BlockKind,
    Line,
    Page,
    PageStatus,
    SourceRef,
    Word,
    WordOrigin,
    block_id,
    page_from_dict,
    page_to_dict,
)

BENCH = Path("/work/shared/bench")
SCORE = BENCH / "score.py"


def _ocr_one(args: tuple[str, int, str]) -> str:
    from ingest.pagework import OcrTask, ocr_page

    pdf_path, i, out = args
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_path)
    img = pdf[i].render(scale=300 / 72, grayscale=True).to_pil()
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    res = ocr_page(OcrTask(i + 1, i + 1, buf.getvalue(), SourceRef(pdf_path, i + 1, ""), dpi=300))
    if res.page is None:
        raise RuntimeError(f"{pdf_path} page {i + 1}: {res.error}")
    Path(out).write_text(json.dumps(page_to_dict(res.page)))
    return out


def ocr_book(book: Path, cache: Path, *, workers: int = 2) -> list[Page]:
    """OCR every page of the book's scan.pdf once (cached as JSON per page) → pages in scan order."""
    import pypdfium2 as pdfium

    pdf_path = str(book / "scan.pdf")
    n = len(pdfium.PdfDocument(pdf_path))
    d = cache / book.name
    d.mkdir(parents=True, exist_ok=True)
    todo = [
        (pdf_path, i, str(d / f"{i + 1:04d}.json"))
        for i in range(n)
        if not (d / f"{i + 1:04d}.json").exists()
    ]
    if todo:
        with ProcessPoolExecutor(workers) as ex:
            list(ex.map(_ocr_one, todo))
    return [page_from_dict(json.loads((d / f"{i + 1:04d}.json").read_text())) for i in range(n)]


def text_layer_book(book: Path, *, dpi: int = 300) -> list[Page]:
    """Pages of born-digital.pdf from its text layer (pdfplumber words, one line per text row),
    standing in for `ingest.sources` until it exists."""
    import pdfplumber

    pages = []
    scale = dpi / 72
    path = book / "born-digital.pdf"
    with pdfplumber.open(path) as pdf:
        for n, pg in enumerate(pdf.pages, start=1):
            words = pg.extract_words(x_tolerance=1.5, y_tolerance=2, use_text_flow=True)
            rows: list[list[Word]] = []
            last_top = None
            for w in words:
                wd = Word(
                    w["text"],
                    BBox(
                        int(w["x0"] * scale),
                        int(w["top"] * scale),
                        int(w["x1"] * scale),
                        int(w["bottom"] * scale),
                    ),
                    1.0,
                    WordOrigin.TEXT_LAYER,
                )
                if last_top is None or abs(w["top"] - last_top) > 2.5:
                    rows.append([])
                rows[-1].append(wd)
                last_top = w["top"]
            lines = [Line(tuple(r), BBox.enclosing([x.bbox for x in r])) for r in rows]
            blocks = tuple(
                Block(block_id(n, k), BlockKind.PARAGRAPH, (ln,), ln.bbox) for k, ln in enumerate(lines, 1)
            )
            pages.append(
                Page(
                    n,
                    SourceRef(str(path), n, "", "pdf_text"),
                    int(pg.width * scale),
                    int(pg.height * scale),
                    dpi,
                    blocks,
                    status=PageStatus.OCR_DONE,
                )
            )
    return pages


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


def row(name: str, r: dict[str, float]) -> str:
    cells = [f"{name:32s}"] + [f"{r.get(k, '-')!s:>7}" for _, k in COLUMNS]
    notes = f"{r.get('notes_found', '-')}/{r.get('notes_linked', '-')} of {r.get('notes_truth', '-')}"
    toc = f"{r.get('toc_matched', '-')}/{r.get('toc_pages_correct', '-')} of {r.get('toc_entries', '-')}"
    cells += [f"{notes:>12}", f"{toc:>10}", f"{r.get('pages_correct', '-')!s:>7}"]
    return " ".join(cells)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("books", nargs="*", type=Path)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/quire-ocr-cache"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--born-digital", action="store_true")
    ap.add_argument("--out", type=Path, default=None, help="keep the exports here")
    args = ap.parse_args()
    books = sorted(p for p in (BENCH / "dev").iterdir() if p.is_dir()) + list(args.books)
    header = " ".join(
        [f"{'book':32s}"]
        + [f"{c:>7}" for c, _ in COLUMNS]
        + [f"{'notes f/l':>12}", f"{'toc m/p':>10}", f"{'pages':>7}"]
    )
    print(header)
    for book in books:
        pages = (
            text_layer_book(book) if args.born_digital else ocr_book(book, args.cache, workers=args.workers)
        )
        with tempfile.TemporaryDirectory() as tmp:
            out = args.out / book.name if args.out else Path(tmp)
            write_text(clean_volume(pages), out)
            r = score(book, out / "clean.txt", out / "toc.tsv", out / "pages.tsv")
            raw = Path(tmp) / "raw.txt"
            raw.write_text("\n\n".join(p.text for p in pages) + "\n", encoding="utf-8")
            rr = score(book, raw)
        print(row(book.name + (" (text layer)" if args.born_digital else ""), r))
        print(row("  raw tesseract" if not args.born_digital else "  raw text layer", rr))


if __name__ == "__main__":
    main()
