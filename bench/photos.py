"""The two sideways, curled phone photos of the Boston Cooking-School Cook Book through Quire,
side by side with the bare `tesseract` command, against the transcriptions in
tests/resources/photos/ (the shared corpus has no ground truth for them).

    .venv/bin/python bench/photos.py [--home DIR]

Rows: `tesseract alone` (the JPEG as stored, `--psm 3`), `quire raw OCR` (the page's OCR revision,
every line) against the whole transcription, and `quire export` (the txt export after cleanup:
running head and page number left out by contract) against the transcription without its first
line (the running head with the folio). CER compares with line-end hyphens joined, whitespace
collapsed and no space before `;:,.`.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PHOTOS = ROOT.parent / "shared" / "scans" / "pages"
TRUTH = ROOT / "tests" / "resources" / "photos"


def norm(text: str) -> str:
    text = re.sub(r"-\s*\n\s*", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r" ([;:,.])", r"\1", text)


def cer(candidate: str, truth: str) -> float:
    t = norm(truth)
    return Levenshtein.distance(norm(candidate), t) / len(t)


def main() -> None:
    from ingest.export.text import render_text
    from ingest.model import RevisionReason
    from ingest.options import IngestOptions
    from ingest.pipeline import ingest_paths
    from ingest.store import Store

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--home", type=Path, default=None)
    args = ap.parse_args()
    home = args.home or Path(tempfile.mkdtemp(prefix="quire-photos-"))
    store = Store(home)
    print(f"{'photo':8} {'run':22} {'cer':>6}")
    for name in ("a", "b"):
        image = PHOTOS / f"ocrd_page_dewarp_boston_cooking_{name}.jpg"
        truth = (TRUTH / f"boston_cooking_{name}.txt").read_text()
        bare = subprocess.run(
            ["tesseract", str(image), "-", "--psm", "3"], capture_output=True, text=True, check=True
        ).stdout
        report = ingest_paths(store, [image], IngestOptions.build(volume=f"boston-{name}", jobs=1))
        (info,) = store.pages(store.volume(f"boston-{name}").id)
        revs = store.revisions(info.id)
        raw = next(r for r in revs if r.reason == RevisionReason.OCR).page
        raw_text = "\n".join(" ".join(w.text for w in ln.words) for b in raw.blocks for ln in b.lines)
        export = render_text([store.current(info.id).page])
        body = truth.split("\n", 1)[1]
        print(f"{name:8} {'tesseract alone':22} {cer(bare, truth):6.3f}")
        print(f"{name:8} {'quire raw OCR':22} {cer(raw_text, truth):6.3f}")
        print(f"{name:8} {'quire export (body)':22} {cer(export.clean, body):6.3f}")
        prep = next(s for s in raw.steps if s.name == "preprocess").options
        print(f"         preprocess: {prep}; warnings: {report.warnings or 'none'}")
    store.close()


if __name__ == "__main__":
    main()
