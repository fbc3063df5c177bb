"""Old type: the Kant 1784 Fraktur pages (OCR-D's PAGE ground truth) OCRed through Quire's page
step (preprocessing + Tesseract) with each model side by side, plus Quire without `--lang`
(script detection picks the model), and the bare `tesseract` command with `eng`.

    .venv/bin/python bench/fraktur.py [--langs frk Fraktur deu eng]

CER is Levenshtein distance / truth length on the page's text in reading order (the PAGE
reading order, lines joined with spaces, whitespace collapsed, NFC). `strict` compares as
printed (long s ſ, superscript e); `folded` maps ſ→s and the superscript e (U+0364) to an
umlaut, which is how a modern reader would transcribe (and what `deu`/`eng` can give at best).
Needs `scripts/system-deps.sh --fraktur`.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
PAGES = ("0017", "0020")


def page_truth(xml: Path) -> str:
    """Text of a PAGE file's lines, regions in its reading order."""
    root = ET.parse(xml).getroot()
    ns = {"p": root.tag.split("}")[0][1:]}
    regions = {e.get("id"): e for e in root.iter(f"{{{ns['p']}}}TextRegion")}
    order = [e.get("regionRef") for e in root.iter(f"{{{ns['p']}}}RegionRefIndexed")]
    order += [r for r in regions if r not in order]
    lines = []
    for rid in order:
        reg = regions.get(rid)
        if reg is None:
            continue
        for tl in reg.findall("p:TextLine", ns):
            u = tl.find("p:TextEquiv/p:Unicode", ns)
            if u is not None and u.text:
                lines.append(u.text)
    return " ".join(lines)


def norm(text: str, *, folded: bool) -> str:
    text = unicodedata.normalize("NFC", text)
    if folded:
        text = text.replace("ſ", "s").replace("\u0364", "\u0308")
        text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r" ([.,;:!?)])", r"\1", text)


def cer(candidate: str, truth: str, *, folded: bool) -> float:
    t = norm(truth, folded=folded)
    return Levenshtein.distance(norm(candidate, folded=folded), t) / max(1, len(t))


def quire_text(image: Path, lang: str | None) -> tuple[str, str, float]:
    from ingest.model import SourceRef
    from ingest.pagework import OcrTask, ocr_page

    task = OcrTask(
        page_id=1,
        index=1,
        image=image.read_bytes(),
        source=SourceRef(str(image), 1, ""),
        dpi=300,
        lang=lang or "eng",
        detect_script=lang is None,
    )
    start = time.perf_counter()
    res = ocr_page(task)
    if res.page is None:
        raise SystemExit(f"{image}: {res.error}")
    used = next((s.options.get("lang", "") for s in res.page.steps if s.name == "ocr"), "")
    return res.page.text, str(used), time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--langs", nargs="+", default=["frk", "Fraktur", "deu", "eng"])
    args = ap.parse_args()
    print(f"{'page':6} {'run':28} {'cer strict':>10} {'cer folded':>10} {'s/page':>7}")
    for n in PAGES:
        image = SHARED / "scans" / "pages" / f"ocrd_kant_1784_{n}.tif"
        truth = page_truth(SHARED / "scans" / "gt" / f"ocrd_kant_1784_{n}_PAGE.xml")
        rows = []
        for lang in [*args.langs, None]:
            text, used, secs = quire_text(image, lang)
            name = f"quire --lang {lang}" if lang else f"quire, no --lang (used {used})"
            rows.append((name, text, secs))
        start = time.perf_counter()
        bare = subprocess.run(
            ["tesseract", str(image), "-", "-l", "eng"], capture_output=True, text=True, check=True
        ).stdout
        rows.append(("tesseract -l eng (alone)", bare, time.perf_counter() - start))
        for name, text, secs in rows:
            print(
                f"{n:6} {name:28} {cer(text, truth, folded=False):10.3f} "
                f"{cer(text, truth, folded=True):10.3f} {secs:7.1f}"
            )


if __name__ == "__main__":
    main()
