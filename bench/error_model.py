"""Calibrate the per-page error estimate on books whose truth is known, and say how well it tracks.

    .venv/bin/python bench/error_model.py [BOOK_DIR ...] [--home DIR] [--write]

Every book (the dev books of the benchmark by default) is ingested once without cleanup into
`--home` (the store `bench/quality.py` uses, so its OCR is reused). Each page's first revision (raw
OCR) gives the features of `ingest.review.quality.page_features`; its word error rate (the share of
the printed words OCR did not read exactly, counted as bags of words so that reading order, which
cleanup decides later, does not count) is measured against that page in `truth.json` (running
head, body, notes, folio). The estimate is a least-squares fit of that rate on the features.
Reported: its correlation with the real rate and its mean absolute error in leave-one-book-out
cross-validation (each book estimated by a model fitted without it), how much of the worst fifth
of the pages by real error the worst fifth by estimate finds, and the estimate on the real scans
of `../shared/scans` that have a plain-text truth (never fitted on). `--write` stores the fitted
coefficients in `ingest/review/error_model.json`, which `quire status --json` uses.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quality import BENCH, ensure_ingested  # noqa: E402

from ingest.review.quality import FEATURES, MODEL_PATH, page_features  # noqa: E402
from ingest.store import Store  # noqa: E402


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2010", "-").replace("\u2011", "-")
    for a, b in (("\u201c", '"'), ("\u201d", '"'), ("\u2018", "'"), ("\u2019", "'")):
        text = text.replace(a, b)
    return " ".join(text.split())


def truth_pages(book: Path) -> list[str]:
    """The printed text of each scan image, in reading order (pages of one image joined)."""
    truth = json.loads((book / "truth.json").read_text(encoding="utf-8"))
    by_index = {p["index"]: p for p in truth["pages"]}
    images = truth.get("scan_images") or [[p["index"]] for p in truth["pages"]]
    out = []
    for shown in images:
        parts = []
        for i in shown:
            p = by_index[i]
            parts += [p.get("running_head", ""), *p["body_lines"], *p["footnote_lines"], p["printed_page"]]
        out.append(_norm(" ".join(x for x in parts if x)))
    return out


def word_errors(got: str, truth: str) -> float:
    """The share of the truth's words that the OCR did not read exactly (order-free: a bag of words,
    so that reading order, which cleanup decides later, does not count as recognition error)."""
    want, have = Counter(truth.split()), Counter(got.split())
    return sum((want - have).values()) / max(1, sum(want.values()))


REAL = BENCH.parent / "scans"
#: Real pages with a plain-text truth (the Kant pages' PAGE truth is Fraktur, whose model differs).
REAL_PAGES = {
    "tess_phototest.tif": "tess_phototest.txt",
    "tess_eurotext.tif": "tess_eurotext.txt",
    "tess_8087_054.3B.tif": "tess_8087_054.3B.txt",
    "tess_8071_093.3B.tif": "tess_8071_093.3B.txt",
    "ocrmypdf_linn.png": "ocrmypdf_linn.txt",
}


def collect_real(store: Store, jobs: int) -> list[tuple[str, list[float], float]]:
    """The real scans with a plain-text truth: never used for fitting, only to check the estimate."""
    from ingest import pipeline
    from ingest.options import IngestOptions

    rows = []
    for image, gt in REAL_PAGES.items():
        path = REAL / "pages" / image
        if not path.exists():
            continue
        name = f"real-{path.stem}"
        if name not in {v.name for v in store.volumes()}:
            opts = IngestOptions.build(volume=name, title=name, jobs=jobs, clean=False)
            pipeline.ingest_paths(store, [path], opts)
        truth = _norm((REAL / "gt" / gt).read_text(encoding="utf-8"))
        for info in store.pages(store.volume(name).id):
            raw = store.revisions(info.id)[0].page
            got = _norm(" ".join(w.text for w in raw.words))
            rows.append((image, page_features(raw), word_errors(got, truth)))
    return rows


def collect(store: Store, books: list[Path], jobs: int) -> list[tuple[str, list[float], float]]:
    rows = []
    for book in books:
        vid = ensure_ingested(store, book, book / "scan.pdf", jobs=jobs)
        truths = truth_pages(book)
        for info in store.pages(vid):
            truth = truths[info.index - 1]
            if len(truth) < 200:  # title pages and near-empty leaves say little about recognition
                continue
            raw = store.revisions(info.id)[0].page
            got = _norm(" ".join(w.text for w in raw.words))
            rows.append((book.name, page_features(raw), word_errors(got, truth)))
    return rows


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    design = np.hstack([x, np.ones((len(x), 1))])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    return coef


def predict(coef: np.ndarray, x: np.ndarray) -> np.ndarray:
    return np.clip(np.hstack([x, np.ones((len(x), 1))]) @ coef, 0.0, 1.0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("books", nargs="*", type=Path)
    ap.add_argument("--home", type=Path, default=Path("/tmp/quire-quality"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    books = [b.resolve() for b in args.books] or sorted(p for p in (BENCH / "dev").iterdir() if p.is_dir())
    store = Store(home=args.home)
    try:
        rows = collect(store, books, args.jobs)
        real = collect_real(store, args.jobs)
    finally:
        store.close()
    names = np.array([r[0] for r in rows])
    x = np.array([r[1] for r in rows])
    y = np.array([r[2] for r in rows])
    est = np.zeros_like(y)
    print(f"{'held-out book':32s} {'pages':>5} {'real WER':>9} {'estimate':>9} {'MAE':>7}")
    for name in sorted(set(names)):
        held = names == name
        est[held] = predict(fit(x[~held], y[~held]), x[held])
        print(
            f"{name:32s} {held.sum():5d} {y[held].mean():9.4f} {est[held].mean():9.4f} "
            f"{np.abs(est[held] - y[held]).mean():7.4f}"
        )
    r = float(np.corrcoef(est, y)[0, 1])
    rank = float(np.corrcoef(np.argsort(np.argsort(est)), np.argsort(np.argsort(y)))[0, 1])
    k = max(1, len(y) // 5)
    worst_real, worst_est = set(np.argsort(-y)[:k]), set(np.argsort(-est)[:k])
    print(
        f"{len(y)} pages, leave-one-book-out: Pearson r {r:.3f}, Spearman {rank:.3f}, "
        f"MAE {np.abs(est - y).mean():.4f} (real word error mean {y.mean():.4f}); "
        f"worst fifth by estimate holds {len(worst_real & worst_est)}/{k} of the worst fifth by real error"
    )
    coef = fit(x, y)
    if real:
        print(f"\n{'real scan (never fitted on)':32s} {'real WER':>9} {'estimate':>9}")
        for name, feats, werr in real:
            print(f"{name:32s} {werr:9.4f} {float(predict(coef, np.array([feats]))[0]):9.4f}")
    named = zip([*FEATURES, "intercept"], (round(float(c), 5) for c in coef), strict=True)
    print("coefficients:", dict(named))
    if args.write:
        model = {
            "features": list(FEATURES),
            "coefficients": [round(float(c), 6) for c in coef[:-1]],
            "intercept": round(float(coef[-1]), 6),
            "calibration": {
                "pages": len(y),
                "books": sorted(set(names.tolist())),
                "leave_one_book_out_pearson": round(r, 3),
                "leave_one_book_out_spearman": round(rank, 3),
                "leave_one_book_out_mae": round(float(np.abs(est - y).mean()), 4),
            },
        }
        MODEL_PATH.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH}")


if __name__ == "__main__":
    main()
