"""The cleanup targets of the layout issue, judged on one book's scores (score.py --json output).

A book meets a target or not; a target the book cannot show (no notes, no contents page, no
printed page labels scored, no Tesseract row) is not applicable (None) and left out of the pass
fraction. The per-10-pages limits are rates: a 14-page book may have 1 hyphen break, a 9-page one
none.
"""

from __future__ import annotations

from statistics import median

TARGETS: list[tuple[str, str]] = [
    ("heads", "leftover running heads 0"),
    ("pnum", "leftover page numbers 0"),
    ("hyph", "hyphen breaks <= 1 per 10 pages"),
    ("split", "split paragraphs <= 1 per 10 pages"),
    ("merged", "merged paragraphs <= 1 per 10 pages"),
    ("headings", "headings found >= 95%"),
    ("notes", "notes found and linked >= 98%"),
    ("toc", "contents entries 100% with the right page"),
    ("labels", "page labels >= 99%"),
    ("cer", "CER no higher than Tesseract alone"),
]


def per_10_pages(count: float, pages: int) -> float:
    return 10.0 * count / max(pages, 1)


def verdicts(r: dict, raw: dict | None, pages: int) -> dict[str, bool | None]:
    """Target name -> met (True/False), or None when the book has nothing to judge it on."""
    out: dict[str, bool | None] = {
        "heads": r["leftover_running_heads"] == 0,
        "pnum": r["leftover_page_numbers"] == 0,
        "hyph": per_10_pages(r["hyphen_breaks"], pages) <= 1.0,
        "split": per_10_pages(r["split_paragraphs"], pages) <= 1.0,
        "merged": per_10_pages(r["merged_paragraphs"], pages) <= 1.0,
        "headings": r["headings_found"] >= 0.95 if "headings_found" in r else None,
    }
    n = r.get("notes_truth", 0)
    out["notes"] = (min(r["notes_found"], r["notes_linked"]) >= 0.98 * n) if n else None
    t = r.get("toc_entries", 0)
    out["toc"] = (r["toc_matched"] == t and r["toc_pages_correct"] == t) if t else None
    out["labels"] = r["pages_correct"] >= 0.99 if "pages_correct" in r else None
    out["cer"] = r["cer"] <= raw["cer"] if raw and "cer" in raw else None
    return out


def failed(v: dict[str, bool | None]) -> list[str]:
    return [name for name, _ in TARGETS if v.get(name) is False]


def metrics(r: dict, raw: dict | None, pages: int) -> dict[str, float | None]:
    """The figures whose distribution over books is printed (fractions for found/linked/contents)."""

    def frac(a: str, b: str) -> float | None:
        return r[a] / r[b] if r.get(b) else None

    return {
        "cer": r["cer"],
        "cer-raw": raw["cer"] if raw else None,
        "heads": r["leftover_running_heads"],
        "pnum": r["leftover_page_numbers"],
        "hyph/10p": per_10_pages(r["hyphen_breaks"], pages),
        "split/10p": per_10_pages(r["split_paragraphs"], pages),
        "merged/10p": per_10_pages(r["merged_paragraphs"], pages),
        "headings": r.get("headings_found"),
        "notes-found": frac("notes_found", "notes_truth"),
        "notes-linked": frac("notes_linked", "notes_truth"),
        "toc-right": frac("toc_pages_correct", "toc_entries"),
        "labels": r.get("pages_correct"),
    }


def distribution(values: list[float | None]) -> tuple[float, float, float] | None:
    """(min, median, max) of the values that exist, or None."""
    vals = [v for v in values if v is not None]
    if not vals:
        return None
    return min(vals), median(vals), max(vals)


def pass_fractions(all_verdicts: list[dict[str, bool | None]]) -> dict[str, tuple[int, int]]:
    """Target -> (books meeting it, books it applies to)."""
    out = {}
    for name, _ in TARGETS:
        judged = [v[name] for v in all_verdicts if v.get(name) is not None]
        out[name] = (sum(1 for x in judged if x), len(judged))
    return out


def summary_lines(all_verdicts: list[dict[str, bool | None]], all_metrics: list[dict]) -> list[str]:
    """The distribution table and the per-target pass fractions, as printable lines."""
    lines = [f"{'metric':14s} {'min':>8} {'median':>8} {'max':>8}"]
    for name in all_metrics[0] if all_metrics else []:
        d = distribution([m[name] for m in all_metrics])
        if d:
            lines.append(
                f"{name:14s} " + " ".join(f"{x:8.4f}" if isinstance(x, float) else f"{x:8d}" for x in d)
            )
    lines.append("")
    lines.append(f"{'target':44s} {'books':>9} {'pass':>6}")
    books = len(all_verdicts)
    met_all = sum(1 for v in all_verdicts if not failed(v))
    for name, text in TARGETS:
        ok, n = pass_fractions(all_verdicts)[name]
        share = f"{ok / n:6.0%}" if n else "     -"
        lines.append(f"{text:44s} {ok:>4}/{n:<4} {share}")
    lines.append(f"{'all targets':44s} {met_all:>4}/{books:<4} {(met_all / books if books else 0):6.0%}")
    return lines
