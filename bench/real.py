"""Real pages with a ground truth: Quire's txt export beside Tesseract alone, one row per page.

    .venv/bin/python bench/real.py [--home DIR] [--scans DIR] [--only SUBSTR] [--verbatim] [--show]

Every page of `/work/shared/scans` that has a ground truth (`gt/`) goes through the real pipeline
(ingest into a store without cleanup, `pipeline.clean`, the txt export's renderer) and, beside it,
through `tesseract IMAGE - -l LANG` alone on the very image Quire was given (the file, or the page
image Quire takes out of a PDF), in the same language. Both texts are scored the same way against
the page's reading text: the scorer's normalisation (`score.py`'s `nrm`: NFKC, hyphens and quotes
folded), all whitespace collapsed to one space; CER is the edit distance over the truth's length,
word recall the share of the truth's words (`\\w+`, as a multiset) found in the text. The `raw`
column is Quire's own OCR before cleanup, so a difference can be put on preprocessing or cleanup.

The reading text is the truth as a clean export should read it: words broken at a line end are
joined (`ex-` / `plain` → `explain`), and the zones a truth marks as page furniture are left out
(UNLV `.uzn` Header/Footer zones; PAGE regions typed page-number, header, footer, signature-mark,
catch-word). `--verbatim` scores against the truth files as they are instead.

Truths: the `.txt` files; the Kant PAGE XML read in its ReadingOrder (a drop capital joined to the
word after it); the linn derivatives (skew, rotated_skew, cardinal's four pages, ccitt, jbig2) use
`ocrmypdf_linn.txt`, itself an old OCR output (bullets read as "0"), so both readers pay for its
errors alike; the born-digital SCOTUS transcript is read from its text layer (the `alone` column is
then the raw text layer, not Tesseract). The Kant pages are Fraktur: they are read with the first
installed of `frk`, `deu_latf`, `script/Fraktur`, `deu`, else `eng` (the column `lang` says which).

The store (`--home`, default /tmp/quire-real) keeps OCR between runs; volumes are named after the
file's checksum and the language, so only cleanup runs again — even after `ocr.VERSION` or
`preprocess.VERSION` changed: a page read by older code is then named on stderr (use a new `--home`
to measure the current OCR).
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import importlib.util
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytesseract
from rapidfuzz.distance import Levenshtein

from ingest import ocr, pipeline, preprocess, sources
from ingest.export.text import render_text
from ingest.model import FURNITURE_KINDS, BlockKind, Page
from ingest.options import IngestOptions
from ingest.store import Store

SCANS = Path("/work/shared/scans")
SCORE = Path("/work/shared/bench/score.py")
FRAKTUR = ("frk", "deu_latf", "script/Fraktur", "deu")
LINN_COPIES = ("skew", "rotated_skew", "cardinal", "ccitt", "jbig2")
FURNITURE_REGIONS = {"page-number", "header", "footer", "signature-mark", "catch-word"}


@dataclass(frozen=True)
class RealPage:
    name: str  # row label
    path: Path
    page: int  # 1-based page in the file
    truth: str  # reading text
    lang: str
    born: bool = False


def _nrm():  # the scorer's normalisation, loaded from the benchmark (falls back to NFKC)
    if SCORE.exists():
        spec = importlib.util.spec_from_file_location("bench_score", SCORE)
        assert spec and spec.loader
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod.nrm
    import unicodedata

    return lambda s: unicodedata.normalize("NFKC", s)


NRM = _nrm()


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", NRM(text)).strip()


def join_breaks(text: str) -> str:
    """Words broken at a line end joined: 'ex-\\nplain' → 'explain' (a lower-case letter follows)."""
    return re.sub(r"(\w)[-\u00ad¬⸗]\s*\n\s*(?=[a-zß-ÿſ])", r"\1", text)


def cer(truth: str, text: str) -> float:
    t, c = flat(truth), flat(text)
    return Levenshtein.distance(t, c) / max(1, len(t))


def word_recall(truth: str, text: str) -> float:
    t = collections.Counter(re.findall(r"\w+", flat(truth)))
    c = collections.Counter(re.findall(r"\w+", flat(text)))
    return sum((t & c).values()) / max(1, sum(t.values()))


def uzn_text(txt: Path, *, verbatim: bool) -> str:
    """A UNLV truth: zones are separated by two blank lines, in the order of the `.uzn` zone file;
    Header/Footer zones are furniture."""
    text = txt.read_text(encoding="utf-8", errors="replace")
    uzn = txt.with_suffix(".uzn")
    if verbatim or not uzn.exists():
        return text
    kinds = [ln.split()[-1] for ln in uzn.read_text().splitlines() if ln.strip()]
    zones = re.split(r"\n[ \t]*\n[ \t]*\n", text.strip("\n"))
    if len(zones) != len(kinds):  # zones not recognisable: the truth as it is
        return join_breaks(text)
    return join_breaks("\n\n".join(z for z, k in zip(zones, kinds, strict=True) if "Header" not in k))


def page_xml_text(xml: Path, *, verbatim: bool) -> str:
    """A PAGE truth's text in its ReadingOrder, line by line; a drop capital joins the next word."""
    root = ET.parse(xml).getroot()
    ns = {"p": root.tag.split("}")[0].strip("{")}
    regions = {r.get("id"): r for r in root.iter(f"{{{ns['p']}}}TextRegion")}
    order = [
        ref.get("regionRef")
        for ref in sorted(
            root.iterfind(".//p:ReadingOrder//p:RegionRefIndexed", ns), key=lambda r: int(r.get("index", 0))
        )
    ] or list(regions)
    parts: list[str] = []
    glue = False
    for rid in order:
        reg = regions.get(rid)
        if reg is None or (not verbatim and reg.get("type") in FURNITURE_REGIONS):
            continue
        lines = [
            (ln.findtext("p:TextEquiv/p:Unicode", default="", namespaces=ns) or "").strip()
            for ln in reg.iterfind("p:TextLine", ns)
        ]
        text = "\n".join(x for x in lines if x)
        if glue and parts:
            parts[-1] += text
        else:
            parts.append(text)
        glue = reg.get("type") == "drop-capital"
    out = "\n\n".join(parts)
    return out if verbatim else join_breaks(out)


def installed_langs() -> set[str]:
    return set(pytesseract.get_languages(config=""))


def real_pages(scans: Path, *, verbatim: bool) -> list[RealPage]:
    gt, pages = scans / "gt", scans / "pages"
    have = installed_langs()
    fraktur = next((x for x in FRAKTUR if x in have), "eng")
    out: list[RealPage] = []

    def text_truth(name: str) -> str:
        t = (gt / name).read_text(encoding="utf-8", errors="replace")
        return t if verbatim else join_breaks(t)

    for f in sorted(pages.glob("tess_*.tif")):
        if (gt / f"{f.stem}.txt").exists():
            out.append(RealPage(f.stem, f, 1, uzn_text(gt / f"{f.stem}.txt", verbatim=verbatim), "eng"))
    for f in sorted(pages.glob("ocrd_kant_*.tif")):
        xml = gt / f"{f.stem}_PAGE.xml"
        if xml.exists():
            out.append(RealPage(f.stem, f, 1, page_xml_text(xml, verbatim=verbatim), fraktur))
    if (gt / "ocrmypdf_linn.txt").exists():
        linn = text_truth("ocrmypdf_linn.txt")
        if (pages / "ocrmypdf_linn.png").exists():
            out.append(RealPage("ocrmypdf_linn", pages / "ocrmypdf_linn.png", 1, linn, "eng"))
        for stem in LINN_COPIES:
            f = pages / f"ocrmypdf_{stem}.pdf"
            if f.exists():
                n = _pdf_page_count(f)
                for k in range(1, n + 1):
                    out.append(RealPage(f"{f.stem}" + (f" p{k}" if n > 1 else ""), f, k, linn, "eng"))
    scotus = scans / "born" / "pdfplumber_scotus-transcript-p1.pdf"
    if scotus.exists() and (gt / f"{scotus.stem}.txt").exists():
        out.append(RealPage(scotus.stem, scotus, 1, text_truth(f"{scotus.stem}.txt"), "eng", born=True))
    return out


def _pdf_page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def tesseract_alone(page: RealPage, cache: Path) -> str:
    """`tesseract IMAGE - -l LANG` on the image Quire was given (cached by image and language)."""
    kind, sps = sources.source_pages(page.path)
    sp = next(s for s in sps if isinstance(s, sources.SourcePage) and s.page_in_file == page.page)
    if page.born and sp.text_page is not None:
        return sp.text_page.text
    key = hashlib.sha256(sp.image + page.lang.encode()).hexdigest()[:16]
    hit = cache / f"{key}.txt"
    if hit.exists():
        return hit.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        img = Path(tmp) / f"page{sp.suffix}"
        img.write_bytes(sp.image)
        res = subprocess.run(
            ["tesseract", str(img), "-", "-l", page.lang], capture_output=True, text=True, check=True
        )
    cache.mkdir(parents=True, exist_ok=True)
    hit.write_text(res.stdout, encoding="utf-8")
    return res.stdout


def quire_pages(
    store: Store, page: RealPage, cleaned: set[str] | None = None
) -> tuple[list[Page], list[Page]]:
    """(cleaned pages, raw OCR pages) of `page` through the pipeline: one page, or the two pages a
    spread was cut into. The file is OCRed once per store and cleaned as a volume of its own every
    run: once, when the run passes the same set `cleaned` for each page (the names of the volumes
    it has cleaned), so the pages of one file (cardinal's four) do not clean the volume again."""
    sha = sources.sha256_file(page.path)[:12]
    name = f"{page.path.stem}-{sha}-{page.lang.replace('/', '_')}"
    known = {v.name: v for v in store.volumes()}
    if name not in known or not known[name].page_count or store.pending_pages(known[name].id):
        opts = IngestOptions.build(volume=name, lang=page.lang, jobs=1, clean=False)
        report = pipeline.ingest_paths(store, [page.path], opts)
        if not report.ok:
            raise SystemExit(f"{page.path}: ingest failed: {report.failed}")
    vid = store.volume(name).id
    if cleaned is None or name not in cleaned:
        pipeline.clean(store, vid, lang=page.lang)
        if cleaned is not None:
            cleaned.add(name)
    infos = [i for i in store.pages(vid) if i.page_in_file == page.page]
    revs = [store.revisions(i.id) for i in sorted(infos, key=lambda i: i.index)]
    code = {"ocr": ocr.VERSION, "preprocess": preprocess.VERSION}
    old = sorted(
        {
            (s.name, s.version)
            for r in revs
            for s in r[0].page.steps
            if code.get(s.name, s.version) != s.version
        }
    )
    if old:
        found = ", ".join(f"{n} {v} (code: {code[n]})" for n, v in old)
        print(f"{page.name}: stored OCR reused from older code: {found}; use a new --home", file=sys.stderr)
    return [r[-1].page for r in revs], [r[0].page for r in revs]


@dataclass(frozen=True)
class Row:
    name: str
    lang: str
    alone_cer: float
    raw_cer: float
    quire_cer: float
    alone_recall: float
    quire_recall: float
    set_apart: int = 0  # OCR words cleanup put in furniture or noise blocks (out of the text)
    lost: int = 0  # OCR words missing from the cleaned page altogether (must be 0)

    @property
    def delta(self) -> float:  # percentage points, positive = Quire worse
        return 100 * (self.quire_cer - self.alone_cer)


def word_account(raw: Page, cleaned: Page) -> tuple[int, int]:
    """(words set apart as furniture or noise, words lost): every OCR word of the page must be in a
    block of the cleaned page, and only furniture and `other` blocks are left out of the text."""
    before = collections.Counter(w.bbox for w in raw.words)  # words are told apart by their boxes:
    after = collections.Counter(w.bbox for b in cleaned.blocks for w in b.words)  # texts may be fixed
    lost = sum((before - after).values())
    out = sum(len(b.words) for b in cleaned.blocks if b.kind in FURNITURE_KINDS or b.kind is BlockKind.OTHER)
    return out, lost


def measure(
    store: Store, page: RealPage, cache: Path, *, show: bool = False, cleaned_volumes: set[str] | None = None
) -> Row:
    """`page` scored; `cache` keeps Tesseract's own readings by image, `cleaned_volumes` (see
    `quire_pages`) the volumes this run has cleaned."""
    cleaned, raw = quire_pages(store, page, cleaned_volumes)
    quire = render_text(cleaned).clean
    accounts = [word_account(r, c) for r, c in zip(raw, cleaned, strict=True)]
    alone = tesseract_alone(page, cache)
    if show:
        print(f"--- {page.name}: quire ---\n{quire}\n--- tesseract alone ---\n{alone}", file=sys.stderr)
    return Row(
        page.name,
        page.lang,
        cer(page.truth, alone),
        cer(page.truth, "\n\n".join(p.text for p in raw)),
        cer(page.truth, quire),
        word_recall(page.truth, alone),
        word_recall(page.truth, quire),
        sum(a for a, _ in accounts),
        sum(lost for _, lost in accounts),
    )


HEADER = (
    f"| {'page':34s} | lang | alone CER | raw CER | quire CER | Δ pp  "
    "| alone recall | quire recall | Δ pp  | set apart | lost |"
)


def fmt(r: Row) -> str:
    dr = 100 * (r.quire_recall - r.alone_recall)
    return (
        f"| {r.name:34s} | {r.lang:4s} | {100 * r.alone_cer:8.2f}% | {100 * r.raw_cer:6.2f}% "
        f"| {100 * r.quire_cer:8.2f}% | {r.delta:+5.2f} | {100 * r.alone_recall:11.2f}% "
        f"| {100 * r.quire_recall:11.2f}% | {dr:+5.2f} | {r.set_apart:9d} | {r.lost:4d} |"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--home", type=Path, default=Path("/tmp/quire-real"))
    ap.add_argument("--scans", type=Path, default=SCANS)
    ap.add_argument("--only", default="", help="only pages whose name contains this")
    ap.add_argument("--verbatim", action="store_true", help="score against the truth files as they are")
    ap.add_argument("--show", action="store_true", help="print both texts to stderr")
    args = ap.parse_args()
    if not (args.scans / "gt").is_dir():
        raise SystemExit(f"{args.scans}/gt not found: no real pages to measure")
    store = Store(home=args.home)
    rows: list[Row] = []
    cleaned: set[str] = set()
    print(HEADER)
    print("|" + "|".join("-" * (len(c) + 0) for c in HEADER.split("|")[1:-1]) + "|", flush=True)
    try:
        for page in real_pages(args.scans, verbatim=args.verbatim):
            if args.only and args.only not in page.name:
                continue
            rows.append(
                measure(store, page, args.home / "tesseract", show=args.show, cleaned_volumes=cleaned)
            )
            print(fmt(rows[-1]), flush=True)
    finally:
        store.close()
    worse = [r for r in rows if r.delta > 0.5]
    print(f"\n{len(rows)} pages; Quire more than 0.5 pp worse than Tesseract alone on {len(worse)}", end="")
    print(": " + ", ".join(f"{r.name} ({r.delta:+.2f})" for r in worse) if worse else "")


if __name__ == "__main__":
    main()
