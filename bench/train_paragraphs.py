"""Train the learned second opinion on paragraph starts (`ingest/layout/paralearn.py`) on OCRed books.

    .venv/bin/python bench/train_paragraphs.py --set BOOKS_DIR:STORE [...] --train 101,202 \
        [--eval 303,707] [--out ingest/layout/paragraph_model.json] [--cache DIR] [--precision 0.8]

Every volume of each store (`bench/quality.py --home`) whose book directory (the volume's name
starts with it followed by "-scan-"; its `spec.json` gives the draw's seed, a dev book counts as
seed `dev`) is in BOOKS_DIR is cleaned from its stored OCR by the rules, and every question put to
`paragraphs.starts_paragraph` (two lines on one page, or over a page or column break; not a notes
section's cut into notes) is recorded with its measures (`paragraph_model.features`) and the
rules' answer. Its label comes from the book's `clean.txt` (the export contract): the volume's body
lines, in the order they were asked about, are aligned to the truth's paragraphs with the scorer's
own alignment (`score.align_map`), and a pair is a paragraph start when a truth paragraph boundary
falls between the two lines (within the scorer's tolerance of 3 characters, and no further into a
line than half its length). A pair either of whose lines does not match its place in the truth
well (a misread line, a note) is left out. A book found in two stores counts once.

The model (gradient-boosted trees, numpy) is fitted on the `--train` seeds only. The thresholds
past which cleanup lets it override the rules are chosen on predictions for books left out of each fit (five
folds by book): each kind of override (a start added, a start taken away) right at least
`--precision` of the time and gaining the most, and enabled only when at least `--least` such
overrides back it; the file records the seeds, the number of pairs and those figures. `--eval`
seeds are only measured: pairs the rules get wrong, and after the model's overrides. Whether the
model helps the scores is measured by `bench/learned_ab.py`.
"""

from __future__ import annotations

import argparse
import bisect
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Levenshtein

from ingest.layout import clean_volume
from ingest.model import Line, Page, RevisionReason
from ingest.store import Store

BENCH = Path("/work/shared/bench")
for _where in (str(BENCH), str(Path(__file__).parent)):
    if _where not in sys.path:
        sys.path.insert(0, _where)
import paragraph_model as PM  # noqa: E402
import score  # noqa: E402  (the benchmark's scorer: its parsing and alignment are the contract)

TOLERANCE = 3  # characters, as score.py matches paragraph boundaries
LEAST_MATCH = 0.75  # a line's similarity with the truth text it is aligned to, below which it is no sample


@dataclass
class Pair:
    prev: Line
    line: Line
    x: list[float]
    rule: str | None
    over_break: bool


def record_pairs(pages: Sequence[Page], lang: str = "eng") -> list[Pair]:
    """Clean the pages with the rules alone, recording every paragraph question cleanup would ask
    the learned model (not a notes section's cut into notes)."""
    pairs: list[Pair] = []

    def ask(prev, ln, frame, metrics, ctx, rule, prev_frame, learned):  # noqa: ANN001, ANN202
        if learned:
            x = PM.features(prev, ln, frame, metrics, ctx, rule, prev_frame=prev_frame)
            pairs.append(Pair(prev, ln, x, rule, ctx.step is None))
        return rule

    with PM.ruled_by(ask):
        clean_volume(pages, lang=lang)
    return pairs


def truth_text(clean_txt: str) -> str:
    """The truth's body paragraphs as the scorer joins them: one '\\n' between paragraphs."""
    blocks, _, _ = score.parse_doc(clean_txt)
    joined, _, _ = score.strip_markers(blocks)
    return joined


def label_pairs(pairs: Sequence[Pair], truth: str) -> list[int | None]:
    """For each pair: 1 when a truth paragraph boundary lies between its two lines, 0 when none
    does, None when either line does not match the truth text it aligns to (at least `LEAST_MATCH`).
    The lines are aligned in the order first asked about (the volume's reading order)."""
    # lines by value: the volume's lines may be read back from disk between segmentation and the
    # joins over page breaks, as equal lines that are other objects
    order: dict[Line, int] = {}
    lines: list[Line] = []
    for p in pairs:
        for ln in (p.prev, p.line):
            if ln not in order:
                order[ln] = len(lines)
                lines.append(ln)
    spans, parts, pos = [], [], 0
    for ln in lines:
        t = score.ws(score.nrm(ln.text))
        spans.append((pos, pos + len(t)))
        parts.append(t)
        pos += len(t) + 1
    cand = " ".join(parts)
    mp = score.align_map(cand, truth)
    bounds = [i for i, ch in enumerate(truth) if ch == "\n"]
    good = []
    for (a, b), t in zip(spans, parts, strict=True):
        ta, tb = mp[a], mp[b] if b < len(mp) else len(truth)
        good.append(bool(t) and Levenshtein.normalized_similarity(t, truth[ta:tb]) >= LEAST_MATCH)
    out: list[int | None] = []
    for p in pairs:
        i, j = order[p.prev], order[p.line]
        if not (good[i] and good[j]) or j != i + 1 and not p.over_break:
            out.append(None)
            continue
        # the tolerance reaches no further into a line than half its length: the boundary after a
        # one-word last line ("in.") is no boundary before it
        a, b = mp[spans[i][1]], mp[spans[j][0]]
        lo = min(a, b) - min(TOLERANCE, len(parts[i]) // 2)
        hi = max(a, b) + min(TOLERANCE, len(parts[j]) // 2)
        k = bisect.bisect_left(bounds, lo)
        out.append(int(k < len(bounds) and bounds[k] <= hi))
    return out


# ---- gradient-boosted trees (logistic loss), numpy only


def _cuts(X: np.ndarray, n: int = 24) -> np.ndarray:
    """Up to `n` candidate thresholds per feature (its quantiles), padded with +inf: (features, n)."""
    qs = np.linspace(0, 1, n + 2)[1:-1]
    out = np.full((X.shape[1], n), np.inf)
    for f in range(X.shape[1]):
        u = np.unique(np.quantile(X[:, f], qs))
        out[f, : len(u)] = u
    return out


def _grow(B, g, h, idx, cuts, depth, lam, min_leaf, nodes):  # noqa: ANN001, ANN202
    """Append the subtree over samples `idx` to `nodes` (flat list), return its index. `B` holds
    each sample's bin per feature: bin c means the value is at most cuts[f, c] and above cuts[f, c-1]."""
    k = len(nodes)
    nodes.append(None)
    G, H = g[idx].sum(), h[idx].sum()
    best = None
    nf, nc = cuts.shape
    if depth > 0 and len(idx) >= 2 * min_leaf:
        flat = (B[idx] + np.arange(nf) * (nc + 1)).ravel()
        size = nf * (nc + 1)
        hg = np.bincount(flat, weights=np.repeat(g[idx], nf), minlength=size).reshape(nf, nc + 1)
        hh = np.bincount(flat, weights=np.repeat(h[idx], nf), minlength=size).reshape(nf, nc + 1)
        hn = np.bincount(flat, minlength=size).reshape(nf, nc + 1)
        GL, HL, NL = hg.cumsum(1)[:, :nc], hh.cumsum(1)[:, :nc], hn.cumsum(1)[:, :nc]
        GR, HR, NR = G - GL, H - HL, len(idx) - NL
        gain = GL**2 / (HL + lam) + GR**2 / (HR + lam) - G * G / (H + lam)
        gain[(NL < min_leaf) | (NR < min_leaf) | ~np.isfinite(cuts)] = -np.inf
        f, c = np.unravel_index(int(np.argmax(gain)), gain.shape)
        if gain[f, c] > 1e-6:
            best = (int(f), int(c))
    if best is None:
        nodes[k] = (-1, float(-G / (H + lam)), -1, -1)
        return k
    f, c = best
    mask = B[idx, f] <= c
    left = _grow(B, g, h, idx[mask], cuts, depth - 1, lam, min_leaf, nodes)
    right = _grow(B, g, h, idx[~mask], cuts, depth - 1, lam, min_leaf, nodes)
    nodes[k] = (f, float(cuts[f, c]), left, right)
    return k


def _predict_tree(nodes, X) -> np.ndarray:  # noqa: ANN001
    """The tree's leaf values for the rows of X (every row walked down at once)."""
    feat = np.array([n[0] for n in nodes])
    thr = np.array([n[1] for n in nodes])
    left = np.array([n[2] for n in nodes])
    right = np.array([n[3] for n in nodes])
    k = np.zeros(len(X), dtype=int)
    rows = np.arange(len(X))
    while (feat[k] >= 0).any():
        inner = feat[k] >= 0
        f = np.where(inner, feat[k], 0)
        go = np.where(X[rows, f] <= thr[k], left[k], right[k])
        k = np.where(inner, go, k)
    return thr[k]


def fit(
    X: np.ndarray,
    y: np.ndarray,
    *,
    rounds: int = 80,
    depth: int = 3,
    rate: float = 0.2,
    lam: float = 5.0,
    min_leaf: int = 20,
) -> tuple[float, list[list[tuple]]]:
    """Boosted trees on the logistic loss: (base log-odds, trees)."""
    p0 = min(max(y.mean(), 1e-3), 1 - 1e-3)
    base = float(np.log(p0 / (1 - p0)))
    z = np.full(len(y), base)
    cuts = _cuts(X)
    B = np.stack([np.searchsorted(cuts[f], X[:, f], side="left") for f in range(X.shape[1])], axis=1)
    trees = []
    idx = np.arange(len(y))
    for _ in range(rounds):
        p = 1 / (1 + np.exp(-z))
        g, h = p - y, np.maximum(p * (1 - p), 1e-6)
        nodes: list = []
        _grow(B, g, h, idx, cuts, depth, lam, min_leaf, nodes)
        nodes = [(f, t * rate if f < 0 else t, a, b) for f, t, a, b in nodes]
        z += _predict_tree(nodes, X)
        trees.append(nodes)
    return base, trees


def predict(base: float, trees: list, X: np.ndarray) -> np.ndarray:
    z = np.full(len(X), base)
    for t in trees:
        z += _predict_tree(t, X)
    return 1 / (1 + np.exp(-z))


def thresholds(p: np.ndarray, y: np.ndarray, ruled: np.ndarray, precision: float, least: int) -> dict:
    """The override thresholds: `high` (a start where the rules saw none) and `low` (none where
    they saw one), each the one with the largest gain (right overrides minus wrong ones) among those
    right at least `precision` of the time; 1.01 / -0.01 (never) when none is, or when fewer than
    `least` overrides back it (a handful of pairs shows no pattern the model can be trusted with)."""
    out = {"high": 1.01, "low": -0.01, "high_gain": 0, "low_gain": 0}
    for t in np.arange(0.5, 0.995, 0.01):
        sel = ~ruled & (p >= t)
        right, n = int(y[sel].sum()), int(sel.sum())
        if n and right / n >= precision and right - (n - right) > out["high_gain"]:
            out.update(high=round(float(t), 3), high_gain=right - (n - right), high_n=n)
        sel = ruled & (p <= 1 - t)
        right, n = int((1 - y[sel]).sum()), int(sel.sum())
        if n and right / n >= precision and right - (n - right) > out["low_gain"]:
            out.update(low=round(float(1 - t), 3), low_gain=right - (n - right), low_n=n)
    if out.get("high_n", 0) < least:
        out.update(high=1.01, high_off=f"{out.get('high_n', 0)} overrides")
    if out.get("low_n", 0) < least:
        out.update(low=-0.01, low_off=f"{out.get('low_n', 0)} overrides")
    return out


def model_record(base: float, trees: list, low: float, high: float, provenance: dict) -> dict:
    """The model as written to its JSON file (read back by `paragraph_model.load`)."""
    return {
        "features": list(PM.FEATURES),
        "base": base,
        "trees": [[[int(f), float(t), int(a), int(b)] for f, t, a, b in tree] for tree in trees],
        "low": low,
        "high": high,
        "provenance": provenance,
    }


def override(p: np.ndarray, ruled: np.ndarray, low: float, high: float) -> np.ndarray:
    return np.where(ruled, p > low, p >= high)


# ---- data


def volumes(store: Store, books: Path) -> list[tuple[int, Path, str]]:
    """(volume id, book directory, seed) for each volume of the store from a book in `books`."""
    dirs = sorted((d for d in books.iterdir() if (d / "clean.txt").exists()), key=lambda d: -len(d.name))
    out = []
    for v in store.volumes():
        book = next((d for d in dirs if v.name.startswith(d.name + "-scan-")), None)
        if book is None:
            continue
        spec = book / "spec.json"
        seed = str(json.loads(spec.read_text(encoding="utf-8"))["seed"]) if spec.exists() else "dev"
        out.append((v.id, book, seed))
    return out


def raw_pages(store: Store, volume_id: int) -> list[Page]:
    """The pages as `pipeline.clean` takes them: each read page's latest OCR or text-layer revision."""
    out = []
    for info in store.pages(volume_id):
        if info.current_revision_id is None:
            continue
        revs = store.revisions(info.id)
        raw = next(
            (r for r in reversed(revs) if r.reason in (RevisionReason.OCR, RevisionReason.TEXT_LAYER)),
            revs[0],
        )
        out.append(raw.page)
    return out


def collect(sets: Sequence[tuple[Path, Path]], seeds: set[str], cache: Path | None, log: Callable) -> dict:
    """Features, labels, rules' answers and book of every labelled pair of the books of `seeds`."""
    X, y, ruled, book_of = [], [], [], []
    seen: set[str] = set()
    for books, home in sets:
        store = Store(home=home)
        for vid, book, seed in volumes(store, books):
            if seed not in seeds or book.name in seen:  # a book in two stores counts once
                continue
            seen.add(book.name)
            f = cache / f"{book.name}.npz" if cache else None
            if f is not None and f.exists():
                d = np.load(f)
                bx, by, br = d["x"], d["y"], d["r"]
            else:
                start = time.perf_counter()
                pairs = record_pairs(raw_pages(store, vid))
                labels = label_pairs(pairs, truth_text((book / "clean.txt").read_text(encoding="utf-8")))
                keep = [(p, lab) for p, lab in zip(pairs, labels, strict=True) if lab is not None]
                bx = np.array([p.x for p, _ in keep], dtype=float).reshape(-1, len(PM.FEATURES))
                by = np.array([lab for _, lab in keep], dtype=float)
                br = np.array([p.rule is not None for p, _ in keep], dtype=bool)
                wrong = int((br != (by == 1)).sum())
                log(
                    f"  {seed} {book.name}: {len(pairs)} pairs, {len(keep)} labelled, "
                    f"rules wrong on {wrong} ({time.perf_counter() - start:.0f} s)"
                )
                if f is not None:
                    f.parent.mkdir(parents=True, exist_ok=True)
                    np.savez(f, x=bx, y=by, r=br)
            X.append(bx)
            y.append(by)
            ruled.append(br)
            book_of += [f"{seed}/{book.name}"] * len(by)
    if not X:
        raise SystemExit(f"no books of seeds {sorted(seeds)} in the stores given")
    return {
        "X": np.vstack(X),
        "y": np.concatenate(y),
        "ruled": np.concatenate(ruled),
        "book": np.array(book_of),
    }


def errors(decided: np.ndarray, y: np.ndarray) -> dict:
    return {
        "wrong_starts": int((decided & (y == 0)).sum()),  # splits
        "missed_starts": int((~decided & (y == 1)).sum()),  # merges
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", action="append", required=True, help="BOOKS_DIR:STORE (a quality.py --home)")
    ap.add_argument("--train", required=True, help="seeds to fit on, comma-separated ('dev' for dev books)")
    ap.add_argument("--eval", default="", help="seeds only measured")
    ap.add_argument("--out", type=Path, default=None, help="write the model here")
    ap.add_argument("--cache", type=Path, default=None, help="keep each book's pairs here")
    ap.add_argument("--precision", type=float, default=0.8, help="least share of overrides right")
    ap.add_argument("--least", type=int, default=10, help="least overrides backing a kind of override")
    ap.add_argument("--rounds", type=int, default=80)
    ap.add_argument("--depth", type=int, default=3)
    args = ap.parse_args()
    sets = [(Path(s.split(":")[0]), Path(s.split(":")[1])) for s in args.set]
    train = set(args.train.split(","))

    def log(msg: str) -> None:
        print(msg, flush=True)

    log(f"collecting training pairs (seeds {sorted(train)})")
    d = collect(sets, train, args.cache, log)
    X, y, ruled, book = d["X"], d["y"], d["ruled"], d["book"]
    log(f"{len(y)} pairs from {len(set(book))} books, {int(y.sum())} paragraph starts")
    # out-of-fold predictions, five folds by book
    names = sorted(set(book))
    rng = np.random.default_rng(0)
    fold_of = {b: i % 5 for i, b in enumerate(rng.permutation(names))}
    folds = np.array([fold_of[b] for b in book])
    oof = np.empty(len(y))
    for k in range(5):
        tr, te = folds != k, folds == k
        base, trees = fit(X[tr], y[tr], rounds=args.rounds, depth=args.depth)
        oof[te] = predict(base, trees, X[te])
    th = thresholds(oof, y, ruled, args.precision, args.least)
    rules_err = errors(ruled, y)
    oof_err = errors(override(oof, ruled, th["low"], th["high"]), y)
    log(f"rules: {rules_err}; with the model (books left out of each fit): {oof_err}; thresholds {th}")
    base, trees = fit(X, y, rounds=args.rounds, depth=args.depth)
    record = model_record(
        base,
        trees,
        th["low"],
        th["high"],
        {
            "script": "bench/train_paragraphs.py",
            "train_seeds": sorted(train),
            "books": len(names),
            "pairs": int(len(y)),
            "starts": int(y.sum()),
            "rounds": args.rounds,
            "depth": args.depth,
            "precision": args.precision,
            "least": args.least,
            "thresholds": th,
            "rules_errors": rules_err,
            "model_errors_left_out_books": oof_err,
        },
    )
    if args.eval:
        for s in args.eval.split(","):
            e = collect(sets, {s}, args.cache, log)
            pe = predict(base, trees, e["X"])
            r, m = errors(e["ruled"], e["y"]), errors(override(pe, e["ruled"], th["low"], th["high"]), e["y"])
            log(f"eval seed {s}: {len(e['y'])} pairs; rules {r}; with the model {m}")
    if args.out:
        args.out.write_text(json.dumps(record, separators=(",", ":")) + "\n", encoding="utf-8")
        log(f"wrote {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
