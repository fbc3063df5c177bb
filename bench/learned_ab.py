"""A learned paragraph model judged on books: the same stored OCR cleaned by the rules alone and with
a model's second opinion (the shipped `ingest/layout/paragraph_model.json` by default, or another file
written by `bench/train_paragraphs.py`), each exported and scored with the benchmark's score.py.

    .venv/bin/python bench/learned_ab.py [--model MODEL.json] --set BOOKS_DIR:STORE [...] --seeds 303,707,dev
                                         [--json OUT]

Books and seeds are found as `bench/train_paragraphs.py` finds them (a volume's name starts with its
book directory; `spec.json` gives the seed, a dev book is seed `dev`). Nothing is written to the
stores. Per seed: split and merged paragraphs summed over the books, the number of books meeting
each target of the layout issue (`targets.py`, against the raw Tesseract reading scored here too),
and every book whose scores differ between the two.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import paragraph_model
import quality
import targets
import train_paragraphs

from ingest.export.text import render_text, write_rendered
from ingest.layout import clean_volume, paralearn
from ingest.model import Page
from ingest.store import Store


def scored(pages: list[Page], book: Path, model: paragraph_model.Model | None) -> dict:
    """The book cleaned by the rules alone (`model` None) or with the model's second opinion, scored."""
    ask = paragraph_model.with_model(model) if model else paragraph_model.rules_alone
    with paragraph_model.ruled_by(ask):
        cleaned = clean_volume(pages)
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp)
        write_rendered(render_text(cleaned), dest)
        return quality.score(book, dest / "clean.txt", dest / "toc.tsv", dest / "pages.tsv")


def raw_scored(pages: list[Page], book: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.txt"
        raw.write_text("\n\n".join(p.text for p in pages) + "\n", encoding="utf-8")
        return quality.score(book, raw)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--model", type=Path, default=paralearn.MODEL_FILE, help="a file of bench/train_paragraphs.py"
    )
    ap.add_argument("--set", action="append", required=True, help="BOOKS_DIR:STORE")
    ap.add_argument("--seeds", required=True)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    seeds = args.seeds.split(",")
    model = paragraph_model.load(args.model)
    seen: set[str] = set()
    record: list[dict] = []
    for seed in seeds:
        rows = []
        for s in args.set:
            books, home = (Path(x) for x in s.split(":"))
            store = Store(home=home)
            for vid, book, bseed in train_paragraphs.volumes(store, books):
                if bseed != seed or book.name in seen:  # a book in two stores counts once
                    continue
                seen.add(book.name)
                pages = train_paragraphs.raw_pages(store, vid)
                n = quality.truth_pages(book)
                rr = raw_scored(pages, book)
                r0 = scored(pages, book, None)
                r1 = scored(pages, book, model)
                v0, v1 = targets.verdicts(r0, rr, n), targets.verdicts(r1, rr, n)
                row = {"seed": seed, "book": book.name, "pages": n, "raw": rr, "rules": r0, "learned": r1}
                row |= {"failed_rules": targets.failed(v0), "failed_learned": targets.failed(v1)}
                rows.append((row, v0, v1))
                diff = {k: (r0[k], r1[k]) for k in r0 if r0[k] != r1.get(k) and k != "candidate_chars"}
                print(
                    f"{seed} {book.name}: split {r0['split_paragraphs']}->{r1['split_paragraphs']}, "
                    f"merged {r0['merged_paragraphs']}->{r1['merged_paragraphs']}; "
                    f"misses {row['failed_rules']} -> {row['failed_learned']}"
                    + (f"; changed {diff}" if diff else ""),
                    flush=True,
                )
                record.append(row)
        if not rows:
            continue
        print(f"\n== seed {seed}: {len(rows)} books (rules alone -> with the model) ==")
        for key in ("split_paragraphs", "merged_paragraphs", "hyphen_breaks"):
            a = sum(r["rules"][key] for r, _, _ in rows)
            b = sum(r["learned"][key] for r, _, _ in rows)
            print(f"  {key}: {a} -> {b}")
        for name, text in targets.TARGETS:
            a = [v0[name] for _, v0, _ in rows if v0[name] is not None]
            b = [v1[name] for _, _, v1 in rows if v1[name] is not None]
            print(f"  {text}: {sum(a)}/{len(a)} -> {sum(b)}/{len(b)}")
        every0 = sum(not targets.failed(v0) for _, v0, _ in rows)
        every1 = sum(not targets.failed(v1) for _, _, v1 in rows)
        print(f"  every target: {every0} -> {every1} of {len(rows)}\n", flush=True)
    if args.json:
        args.json.write_text(json.dumps(record, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
