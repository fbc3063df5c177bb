"""Shared builders for the export tests (no tests here).

- `structured_pages()`: a small hand-built volume with every structure an export must carry
  (Contents with links, headings, a footnote call and its note, running heads, page numbers, a
  paragraph and a word continued across a page break, a note continued on the next page).
- `ocr_template()`: a store with real OCRed pages (the samples, else a bench page), built once per
  test session and copied for each test module, so OCR runs once.
"""

from __future__ import annotations

import io
import shutil
import threading
from dataclasses import replace
from pathlib import Path

from ingest.model import (
    BBox,
    Block,
    BlockKind,
    HyphenPart,
    Line,
    Metadata,
    Page,
    PageStatus,
    SourceRef,
    Word,
    WordOrigin,
)
from ingest.store import NewPage, Store
from tests.conftest import SAMPLES, SHARED, built_once

W, H, DPI = 1240, 1754, 150  # A5-ish at 150 dpi: small images keep the tests fast

META = Metadata(
    title="Walden Extracts",
    creator="Henry David Thoreau",
    date="1854",
    language="eng",
    identifier="quire-test-0001",
    source="Hand-built test volume",
)


def _line(words: list[str], x: int, y: int, *, h: int = 30, conf: float = 0.9, **kw: dict) -> Line:
    out = []
    for t in words:
        w = max(20, 14 * len(t))
        extra = {"confidence": conf, **kw.get(t, {})}
        out.append(Word(text=t, bbox=BBox(x, y, x + w, y + h), **extra))  # type: ignore[arg-type]
        x += w + 16
    return Line(tuple(out), BBox.enclosing([w.bbox for w in out]))


def _block(bid: str, kind: BlockKind, lines: list[Line], **kw: object) -> Block:
    return Block(id=bid, kind=kind, lines=tuple(lines), bbox=BBox.enclosing([ln.bbox for ln in lines]), **kw)  # type: ignore[arg-type]


def structured_pages() -> list[Page]:
    src = lambda n: SourceRef(path="book.pdf", page_in_file=n, sha256="0" * 64, kind="pdf_text")  # noqa: E731
    contents = Page(
        index=1,
        source=src(1),
        width=W,
        height=H,
        dpi=DPI,
        label="v",
        status=PageStatus.CORRECTED,
        blocks=(
            _block("p0001-b01", BlockKind.HEADING, [_line(["Contents"], 500, 150)], level=1),
            _block(
                "p0001-b02",
                BlockKind.TOC_ENTRY,
                [_line(["Where", "I", "Lived", ".", ".", ".", "1"], 150, 300)],
                target_label="1",
                target="p0002-b02",
            ),
            _block(
                "p0001-b03",
                BlockKind.TOC_ENTRY,
                [_line(["Reading", ".", ".", ".", "2"], 150, 350)],
                target_label="2",
                target="p0003-b02",
                level=1,
                title="Reading, Writing",
            ),
            _block("p0001-b04", BlockKind.PAGE_NUMBER, [_line(["v"], 600, 1650)]),
        ),
    )
    p2 = Page(
        index=2,
        source=src(2),
        width=W,
        height=H,
        dpi=DPI,
        label="1",
        status=PageStatus.CORRECTED,
        blocks=(
            _block("p0002-b01", BlockKind.RUNNING_HEAD, [_line(["WALDEN"], 550, 60)]),
            _block("p0002-b02", BlockKind.HEADING, [_line(["Where", "I", "Lived"], 450, 200)], level=1),
            _block(
                "p0002-b03",
                BlockKind.PARAGRAPH,
                [
                    _line(["Every", "morning", "was", "a", "cheerful", "invitation"], 150, 300),
                    _line(
                        ["to", "worship", "Aurora", "as", "the", "Greeks", "did,", "and"],
                        150,
                        340,
                        Aurora={"marker": "1", "note_id": "p0002-b05"},
                    ),
                    _line(
                        ["I", "got", "up", "early", "and", "per-"],
                        150,
                        380,
                        **{"per-": {"hyphen": HyphenPart.START, "joined": "performed"}},
                    ),
                ],
            ),
            _block("p0002-b04", BlockKind.PAGE_NUMBER, [_line(["1"], 610, 1650)]),
            _block(
                "p0002-b05",
                BlockKind.FOOTNOTE,
                [_line(["1", "The", "goddess", "of", "the", "dawn,", "whose"], 150, 1500, h=24)],
                marker="1",
                ref="p0002-b03:1:2",
            ),
        ),
    )
    p3 = Page(
        index=3,
        source=src(3),
        width=W,
        height=H,
        dpi=DPI,
        label="2",
        status=PageStatus.CORRECTED,
        blocks=(
            _block("p0003-b01", BlockKind.RUNNING_HEAD, [_line(["WHERE", "I", "LIVED"], 500, 60)]),
            _block(
                "p0003-b04",
                BlockKind.PARAGRAPH,
                [
                    _line(
                        ["formed", "a", "religious", "exercise;", "it", "was", "one"],
                        150,
                        150,
                        formed={"hyphen": HyphenPart.END, "joined": "performed"},
                    ),
                    _line(["of", "the", "best", "things", "which", "I", "did."], 150, 190),
                ],
                continues=True,
            ),
            _block(
                "p0003-b02",
                BlockKind.HEADING,
                [_line(["Reading", "&", "<Writing>"], 450, 300)],
                level=2,
                continues=False,
            ),
            _block(
                "p0003-b05",
                BlockKind.PARAGRAPH,
                [
                    _line(
                        ["Books", "are", "the", "treasured", "wealth", "of", "the", "world."],
                        150,
                        420,
                        **{"world.": {"origin": WordOrigin.CORRECTED, "confidence": 1.0}},
                    ),
                ],
            ),
            _block("p0003-b06", BlockKind.PAGE_NUMBER, [_line(["2"], 610, 1650)]),
            _block(
                "p0003-b07",
                BlockKind.FOOTNOTE,
                [_line(["rosy", "fingers", "open", "the", "day."], 150, 1500, h=24)],
                continues=True,
            ),
        ),
    )
    p4 = Page(index=4, source=src(4), width=W, height=H, dpi=DPI, label=None, status=PageStatus.CORRECTED)
    return [contents, p2, p3, p4]


def blank_png(width: int = W, height: int = H) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (width, height), 255).save(buf, format="PNG")
    return buf.getvalue()


def make_structured_store(home: Path, volume: str = "walden") -> Store:
    """A store holding `structured_pages()` as text-layer revisions, each with a blank page image."""
    store = Store(home)
    vol = store.ensure_volume(volume, META.title, metadata=META)
    pages = structured_pages()
    key = store.images.put(blank_png())
    store.register_source(
        vol.id,
        path="book.pdf",
        sha256="0" * 64,
        size=1,
        kind="pdf",
        pages=[
            NewPage(
                page_in_file=p.index,
                source_kind="pdf_text",
                source_image=key,
                dpi=DPI,
                width=W,
                height=H,
                text_page=p,
            )
            for p in pages
        ],
    )
    return store


# --- a real OCRed volume, once per session ------------------------------------------------------

_TEMPLATE: dict[str, Path] = {}
_LOCK = threading.Lock()

#: Sample scan pages used: a Contents page and two body pages with footnotes and a paragraph and a
#: word continued across the page break.
SAMPLE_PAGES = ("page-02.jpg", "page-03.jpg", "page-04.jpg")


def sample_inputs(tmp: Path) -> list[Path]:
    scan = SAMPLES / "scan"
    if all((scan / n).exists() for n in SAMPLE_PAGES):
        return [scan / n for n in SAMPLE_PAGES]
    tif = SHARED / "scans" / "pages" / "tess_phototest.tif"
    if tif.exists():
        return [tif]
    bench = SHARED / "bench" / "dev" / "letters-light" / "born-digital.pdf"
    if bench.exists():
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(str(bench))
        out = []
        for i in (2, 3):
            path = tmp / f"bench-{i}.png"
            doc[i].render(scale=300 / 72, grayscale=True).to_pil().save(path, dpi=(300, 300))
            out.append(path)
        return out
    import pytest

    pytest.skip("no sample scans, bench pages or shared scans to OCR")


def ocr_template(tmp_factory) -> Path:  # type: ignore[no-untyped-def]
    """A Quire home with the sample pages ingested (OCR + cleanup if available), built once per
    run (once for all test workers, see `built_once`)."""
    with _LOCK:
        if "home" not in _TEMPLATE:
            _TEMPLATE["home"] = built_once(tmp_factory, "ocr-template", _build_template) / "home"
        return _TEMPLATE["home"]


def _build_template(base: Path) -> None:
    from ingest.options import IngestOptions
    from ingest.pipeline import ingest_paths

    home = base / "home"
    store = Store(home)
    store.ensure_volume("sample", "Sample", metadata=replace(META, title="Sample book"))
    opts = IngestOptions.build(volume="sample", jobs=3)
    report = ingest_paths(store, sample_inputs(base), opts)
    store.close()
    assert report.ocr_done > 0, report


def copy_home(template: Path, dest: Path) -> Path:
    shutil.copytree(template, dest)
    return dest
