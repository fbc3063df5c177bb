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
of `../shared/scans` that have a plain-text truth (never fitted on).

How the same estimate tracks the character error rate (CER) is reported beside it, CER counted
two ways: in Tesseract's reading order (Levenshtein distance over the truth's length), and with
each truth line matched to its closest OCR line (so that a running head or a note read in another
place than the truth lists it costs nothing; a line left over costs its length). A model fitted on
the line-matched CER itself (the same feature) is cross-validated the same way. `--write` stores the fitted
coefficients in `ingest/review/error_model.json`, which `quire status --json` uses. The model
shipped there is scored beside the refit, on the bench pages and on the real scans: write a refit
only when it tracks the real error better on the real scans too.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quality import BENCH, ensure_ingested  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402
from rapidfuzz.process import cdist  # noqa: E402

from ingest.model import Page  # noqa: E402
from ingest.review.quality import FEATURES, MODEL_PATH, page_features  # noqa: E402
from ingest.store import Store  # noqa: E402


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2010", "-").replace("\u2011", "-")
    for a, b in (("\u201c", '"'), ("\u201d", '"'), ("\u2018", "'"), ("\u2019", "'")):
        text = text.replace(a, b)
    return " ".join(text.split())


def truth_lines(book: Path) -> list[list[str]]:
    """The printed lines of each scan image, in reading order (pages of one image joined)."""
    truth = json.loads((book / "truth.json").read_text(encoding="utf-8"))
    by_index = {p["index"]: p for p in truth["pages"]}
    images = truth.get("scan_images") or [[p["index"]] for p in truth["pages"]]
    out = []
    for shown in images:
        parts = []
        for i in shown:
            p = by_index[i]
            parts += [p.get("running_head", ""), *p["body_lines"], *p["footnote_lines"], p["printed_page"]]
        out.append([ln for ln in (_norm(x) for x in parts) if ln])
    return out


def truth_pages(book: Path) -> list[str]:
    """The printed text of each scan image, in reading order (pages of one image joined)."""
    return [" ".join(lines) for lines in truth_lines(book)]


def cer_in_order(got: str, truth: str) -> float:
    """Character error rate with the OCR's text in Tesseract's reading order."""
    return Levenshtein.distance(got, truth) / max(1, len(truth))


def cer_by_lines(got: list[str], truth: list[str]) -> float:
    """Character error rate with each truth line matched to its closest OCR line (greedily, the
    closest pairs first); a truth line or OCR line left unmatched costs its length."""
    if not truth:
        return 0.0
    total = sum(len(t) for t in truth)
    if not got:
        return 1.0
    dist = cdist(truth, got, scorer=Levenshtein.distance, workers=1)
    pairs = sorted(
        ((dist[i][j] / max(1, len(t)), i, j) for i, t in enumerate(truth) for j in range(len(got))),
    )
    used_t: set[int] = set()
    used_o: set[int] = set()
    cost = 0.0
    for _, i, j in pairs:
        if i in used_t or j in used_o or dist[i][j] >= len(truth[i]) + len(got[j]):
            continue
        used_t.add(i)
        used_o.add(j)
        cost += dist[i][j]
    cost += sum(len(truth[i]) for i in range(len(truth)) if i not in used_t)
    cost += sum(len(got[j]) for j in range(len(got)) if j not in used_o)
    return cost / total


def ocr_lines(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The raw OCR's lines (Tesseract's order), normalised like the truth."""
    return [
        ln
        for ln in (_norm(" ".join(w.text for w in line.words)) for b in page.blocks for line in b.lines)
        if ln
    ]


Row = tuple[str, list[float], float, float, float]  # name, features, word error, CER in order, by lines


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


def collect_real(store: Store, jobs: int) -> list[Row]:
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
        text = (REAL / "gt" / gt).read_text(encoding="utf-8")
        truth = _norm(text)
        lines = [ln for ln in (_norm(x) for x in text.splitlines()) if ln]
        for raw in image_pages(store, store.volume(name).id).values():
            got = _norm(" ".join(w.text for w in raw.words))
            rows.append(
                (
                    image,
                    page_features(raw),
                    word_errors(got, truth),
                    cer_in_order(got, truth),
                    cer_by_lines(ocr_lines(raw), lines),
                )
            )
    return rows


def image_pages(store: Store, vid: int) -> dict[int, Page]:
    """The raw OCR of each scan image (1-based): a spread cut into two pages at ingest is put back
    together, left page first, as its truth gives the image's two pages one after the other."""
    parts: dict[int, list[tuple[int, Page]]] = {}
    for info in store.pages(vid):
        parts.setdefault(info.page_in_file, []).append((info.part, store.revisions(info.id)[0].page))
    out = {}
    for n, got in parts.items():
        got.sort(key=lambda t: t[0])
        first = got[0][1]
        out[n] = replace(first, blocks=tuple(b for _, pg in got for b in pg.blocks))
    return out


def collect(store: Store, books: list[Path], jobs: int) -> list[Row]:
    rows = []
    for book in books:
        vid = ensure_ingested(store, book, book / "scan.pdf", jobs=jobs)
        lines = truth_lines(book)
        for n, raw in sorted(image_pages(store, vid).items()):
            truth = " ".join(lines[n - 1])
            if len(truth) < 200:  # title pages and near-empty leaves say little about recognition
                continue
            got = _norm(" ".join(w.text for w in raw.words))
            rows.append(
                (
                    book.name,
                    page_features(raw),
                    word_errors(got, truth),
                    cer_in_order(got, truth),
                    cer_by_lines(ocr_lines(raw), lines[n - 1]),
                )
            )
    return rows


def tracking(est: np.ndarray, real: np.ndarray) -> str:
    """Pearson r, Spearman's rank correlation and the mean absolute difference."""
    r = float(np.corrcoef(est, real)[0, 1])
    rank = float(np.corrcoef(np.argsort(np.argsort(est)), np.argsort(np.argsort(real)))[0, 1])
    return f"Pearson r {r:.3f}, Spearman {rank:.3f}, MAE {np.abs(est - real).mean():.4f}"


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    design = np.hstack([x, np.ones((len(x), 1))])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    return coef


def predict(coef: np.ndarray, x: np.ndarray) -> np.ndarray:
    return np.clip(np.hstack([x, np.ones((len(x), 1))]) @ coef, 0.0, 1.0)


def shipped_coef() -> np.ndarray | None:
    """The coefficients (intercept last) of the model shipped in `MODEL_PATH`, when it is fitted
    on the features this run measures: a refit is worth writing only if it tracks better."""
    try:
        model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if tuple(model.get("features", ())) != tuple(FEATURES):
        return None
    return np.array([*model["coefficients"], model["intercept"]], dtype=float)


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
    cer_order = np.array([r[3] for r in rows])
    cer_lines = np.array([r[4] for r in rows])
    est = np.zeros_like(y)
    est_cer = np.zeros_like(y)
    print(f"{'held-out book':32s} {'pages':>5} {'real WER':>9} {'estimate':>9} {'MAE':>7}")
    for name in sorted(set(names)):
        held = names == name
        est[held] = predict(fit(x[~held], y[~held]), x[held])
        est_cer[held] = predict(fit(x[~held], cer_lines[~held]), x[held])
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
    print(
        f"the same estimate against the real CER (mean {cer_lines.mean():.4f} with lines matched, "
        f"{cer_order.mean():.4f} in reading order):\n"
        f"  CER, lines matched:   {tracking(est, cer_lines)}\n"
        f"  CER, reading order:   {tracking(est, cer_order)}\n"
        f"  a model fitted on the line-matched CER (same feature), leave-one-book-out: "
        f"{tracking(est_cer, cer_lines)}"
    )
    coef = fit(x, y)
    shipped = shipped_coef()
    if shipped is not None:
        print(
            f"the shipped model ({MODEL_PATH.name}) on these pages: WER {tracking(predict(shipped, x), y)}; "
            f"CER (lines matched) {tracking(predict(shipped, x), cer_lines)}"
        )
    if real:
        print(
            f"\n{'real scan (never fitted on)':32s} {'real WER':>9} {'CER lines':>9} {'CER order':>9} "
            f"{'refit':>9} {'shipped':>9}"
        )
        rx = np.array([r[1] for r in real])
        refit_real = predict(coef, rx)
        shipped_real = predict(shipped, rx) if shipped is not None else np.full(len(real), np.nan)
        for (name, _, werr, c_order, c_lines), a, b in zip(real, refit_real, shipped_real, strict=True):
            print(f"{name:32s} {werr:9.4f} {c_lines:9.4f} {c_order:9.4f} {a:9.4f} {b:9.4f}")
        rw, rc = np.array([r[2] for r in real]), np.array([r[4] for r in real])
        for label, e in (("refit", refit_real), ("shipped", shipped_real)):
            if len(real) > 2 and not np.isnan(e).any():
                print(f"  {label:8s} on the real scans: WER {tracking(e, rw)}; CER (lines) {tracking(e, rc)}")
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
                "cer_pearson": round(float(np.corrcoef(est, cer_lines)[0, 1]), 3),
                "cer_mae": round(float(np.abs(est - cer_lines).mean()), 4),
                "cer_mean": round(float(cer_lines.mean()), 4),
            },
        }
        MODEL_PATH.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH}")


if __name__ == "__main__":
    main()
