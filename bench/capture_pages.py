"""Where capture loses text: each page's first reading beside its truth, with what preprocessing did.

    .venv/bin/python bench/capture_pages.py --home STORE --books-dir DIR [--match REGEX] [--all]

For every volume of the store (`bench/quality.py` names a book's volume `BOOK-scan-CHECKSUM`) whose
book directory is in `--books-dir` (or is a dev book of the benchmark), each stored page's first
revision (the OCR before cleanup) is set beside the truth of that printed page (`truth.json`: its
running head, folio, body and note lines, in that order), both flattened the same way (score.py's
normalisation, rows of leader dots taken out, a hyphen at a line end joined, whitespace collapsed).
A row gives the page's CER against that text, the characters read against the truth's, the spread
cut it came from (part 1/2 of an image) and the preprocessing decisions (turn, skew, crop, page
outline, dewarp, enlargement). Pages short of their truth by more than `--short` of its characters
are marked `LOST`: text cut off, cropped or never found, where a misread letter only raises the CER.

The CER here is per page and in the page's printed order, not the cleaned export's, so it measures
capture and OCR alone; a page read in a different order (two columns, notes) costs here what it
would not cost in the book's score. Without `--all`, only pages with a CER above `--show` or marked
LOST are listed, and a line per book sums it up.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

from ingest.store import Store

if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from real import NRM  # noqa: E402  (score.py's normalisation, as the real-pages bench loads it)

DEV = Path("/work/shared/bench/dev")

#: A contents leader: from a dot, a run holding at least three dots among the marks, letters and
#: figures Tesseract reads a leader's dots as ("......ccescscss", "..0.00.0", ". . . . 1"), and the
#: page number after it.
LEADER = re.compile(r"[.\u2026·•](?:[,:;ceosnmu0-9 ]*[.\u2026·•]){2,}[,:;ceosnmu0-9 ]*")


def flat(text: str) -> str:
    """A page's text as it is compared: score.py's normalisation, leaders out, a word broken at a
    line end joined at its hyphen, whitespace collapsed."""
    text = LEADER.sub(" ", NRM(text))
    text = re.sub(r"-\s+", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def page_truth(page: dict[str, Any]) -> str:
    """The text of one printed page of `truth.json`, in the order a reading of it gives it."""
    parts = [page.get("running_head", ""), page.get("printed_page", "")]
    return flat(" ".join(parts + list(page.get("body_lines", [])) + list(page.get("footnote_lines", []))))


@dataclass(frozen=True)
class PageRow:
    index: int  # 1-based page of the volume
    part: int  # 0: a whole image; 1, 2: left and right page of a spread
    truth_chars: int
    read_chars: int
    cer: float
    decisions: str  # what preprocessing did, short
    cut: str  # how the spread was cut ('' for a whole image)

    def lost(self, short: float) -> bool:
        """Read fewer characters than the truth holds by more than `short` of them."""
        return self.read_chars < (1.0 - short) * self.truth_chars


def decisions(options: dict[str, Any]) -> str:
    """The preprocessing step's record, short: only what it changed."""
    out = []
    if options.get("rotation"):
        out.append(f"turned {options['rotation']}")
    if options.get("skew"):
        out.append(f"skew {options['skew']}")
    if "page_outline" in options:
        out.append("outline")
    if options.get("borders_cropped"):
        out.append("borders")
    if "dewarped" in options:
        out.append(f"dewarped {options['dewarped']}")
    if "scale" in options:
        out.append(f"enlarged {options['scale']}")
    for key in ("turn_refused", "turned_by_reading", "blank"):
        if options.get(key):
            out.append(key)
    return ", ".join(out)


def measure(store: Store, volume_id: int, truth: list[dict[str, Any]]) -> list[PageRow]:
    rows = []
    for i, info in enumerate(store.pages(volume_id)):
        if i >= len(truth):
            break
        raw = store.revisions(info.id)[0].page
        t, r = page_truth(truth[i]), flat(raw.text)
        pre = next((s.options for s in raw.steps if s.name == "preprocess"), {})
        split = info.split or {}
        cut = f"cut {split['cut']} of {split.get('width', '?')} shadow {split.get('shadow')}" if split else ""
        rows.append(
            PageRow(
                index=i + 1,
                part=info.part,
                truth_chars=len(t),
                read_chars=len(r),
                cer=Levenshtein.distance(r, t) / max(1, len(t)),
                decisions=decisions(pre),
                cut=cut,
            )
        )
    return rows


def book_dir(volume_name: str, books: list[Path]) -> Path | None:
    name = volume_name.split("-scan-")[0]
    for root in books:
        if (root / name / "truth.json").is_file():
            return root / name
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--home", type=Path, required=True, help="the store the books were read into")
    ap.add_argument("--books-dir", type=Path, action="append", default=[], help="where the books are")
    ap.add_argument("--match", default=".", help="only volumes whose name matches this")
    ap.add_argument("--short", type=float, default=0.1, help="share of the truth's characters missing: LOST")
    ap.add_argument("--show", type=float, default=0.05, help="list pages with a CER above this")
    ap.add_argument("--all", action="store_true", help="list every page")
    args = ap.parse_args()
    books = args.books_dir + [DEV]
    store = Store(home=args.home)
    try:
        for vol in store.volumes():
            if not re.search(args.match, vol.name):
                continue
            book = book_dir(vol.name, books)
            if book is None:
                continue
            truth = json.loads((book / "truth.json").read_text(encoding="utf-8"))["pages"]
            rows = measure(store, vol.id, truth)
            errors = sum(r.cer * r.truth_chars for r in rows)
            chars = sum(r.truth_chars for r in rows)
            lost = [r for r in rows if r.lost(args.short)]
            cer = errors / max(1, chars)
            print(f"{vol.name}: {len(rows)} pages, cer {cer:.4f}, {len(lost)} short of text")
            for r in rows:
                if args.all or r.cer > args.show or r in lost:
                    mark = "LOST " if r in lost else ""
                    print(
                        f"  p{r.index:<3d} {mark}cer {r.cer:.4f} read {r.read_chars}/{r.truth_chars}"
                        f"{f' part {r.part}' if r.part else ''} {r.decisions} {r.cut}".rstrip()
                    )
    finally:
        store.close()


if __name__ == "__main__":
    main()
