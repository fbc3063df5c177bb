"""PDF: each page image with an invisible text layer of the corrected words, page labels from the
printed page numbers and an outline from the Contents.

fpdf2 draws the pages (image, then every word in text render mode 3 with the glyphless font
OCRmyPDF ships, scaled to fill the word's box, and a stretched space between words so viewers and
extractors see word breaks); pikepdf then adds the page labels and the outline and saves with a
deterministic /ID. The text layer follows reading order (block by block, line by line).

The only date written is the newest revision's, so the same revisions give the same bytes.
"""

from __future__ import annotations

import re
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from ingest.errors import ExportError, MissingDependencyError
from ingest.export.common import SOFTWARE, VERSION
from ingest.export.flow import FlowBlock, toc_title, words_text
from ingest.export.snapshot import PageEntry, Snapshot
from ingest.model import BlockKind, Line

#: Baseline sits this fraction of the line height above the line box's bottom (room for descenders).
DESCENT = 0.2


def glyphless_font() -> Path:
    """OCRmyPDF's glyphless font (every BMP code point, no visible glyphs): text that can be found
    and selected but never drawn over the image."""
    try:
        path = resources.files("ocrmypdf.data") / "Occulta.ttf"
    except ModuleNotFoundError as exc:
        raise MissingDependencyError(
            "the PDF export needs OCRmyPDF's glyphless font; install it with `pip install ocrmypdf`"
        ) from exc
    return Path(str(path))


@dataclass(frozen=True)
class PdfOptions:
    images: bool = True  # False: a text-only PDF (same page sizes), e.g. to overlay elsewhere


def _pdf_date(timestamp: str) -> datetime:
    dt = datetime.fromisoformat(timestamp)
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


#: Pages drawn per fpdf2 document before it is written out: fpdf2 keeps a whole document (images
#: included) in memory, so a long volume is drawn in batches that pikepdf joins from disk.
PAGES_PER_BATCH = 32


def render_pdf_bytes(
    snapshot: Snapshot, opts: PdfOptions = PdfOptions(), entries: tuple[PageEntry, ...] | None = None
) -> bytes:
    """A PDF of `entries` (default: every page) with images and text layers, without labels."""
    from fpdf import FPDF
    from fpdf.enums import TextMode

    pdf = FPDF(unit="pt")
    pdf.set_auto_page_break(False)
    pdf.c_margin = 0
    pdf.set_creation_date(_pdf_date(snapshot.newest_date))
    pdf.set_creator(f"{SOFTWARE} {VERSION}")
    pdf.set_producer(f"{SOFTWARE} {VERSION} (fpdf2, pikepdf)")
    m = snapshot.metadata
    pdf.set_title(m.title or snapshot.volume)
    if m.creator:
        pdf.set_author(m.creator)
    pdf.set_lang(m.language)
    pdf.add_font("Glyphless", fname=str(glyphless_font()))
    for entry in snapshot.pages if entries is None else entries:
        _page(pdf, snapshot, entry, opts, TextMode)
    return bytes(pdf.output())


def _page(pdf, snapshot: Snapshot, entry: PageEntry, opts: PdfOptions, text_mode) -> None:  # type: ignore[no-untyped-def]
    page = entry.page
    s = 72 / page.dpi
    w_pt, h_pt = page.width * s, page.height * s
    pdf.add_page(format=(w_pt, h_pt))
    if opts.images:
        img = snapshot.image_path(entry)
        if img is None or not img.exists():
            raise ExportError(f"page {page.index} has no page image in the store; re-run `quire ingest`")
        pdf.image(str(img), x=0, y=0, w=w_pt, h=h_pt)
    pdf.text_mode = text_mode.INVISIBLE
    for block in page.blocks:
        for line in block.lines:
            _line(pdf, line, s)


def _line(pdf, line: Line, s: float) -> None:  # type: ignore[no-untyped-def]
    if not line.words or line.bbox.height <= 0:
        return
    size = line.bbox.height * s
    baseline = line.bbox.y1 * s - DESCENT * size
    pdf.set_font("Glyphless", size=size)
    words = line.words
    for i, w in enumerate(words):
        if not w.text:
            continue
        _fit(pdf, w.text, w.bbox.x0 * s, max(w.bbox.width, 1) * s, baseline)
        if i + 1 < len(words):
            gap = (words[i + 1].bbox.x0 - w.bbox.x1) * s
            if gap > 0:
                _fit(pdf, " ", w.bbox.x1 * s, gap, baseline)


def _fit(pdf, text: str, x: float, width: float, baseline: float) -> None:  # type: ignore[no-untyped-def]
    pdf.set_stretching(100)
    natural = pdf.get_string_width(text)
    if natural <= 0:
        return
    pdf.set_stretching(100 * width / natural)
    pdf.text(x, baseline, text)


# --- page labels and outline (pikepdf) ----------------------------------------------------------

_ROMAN = re.compile(r"^(?=[mdclxvi])m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def roman_value(text: str) -> int:
    total = 0
    for a, b in zip(text, text[1:] + " ", strict=True):
        v = _ROMAN_VALUES[a]
        total += -v if b != " " and _ROMAN_VALUES[b] > v else v
    return total


def label_style(label: str | None, index: int) -> tuple[str | None, str, int]:
    """(PDF label style, prefix, start number) for a printed label; unnumbered pages read "[n]"."""
    if not label:
        return None, f"[{index}]", 1
    if label.isdigit() and not label.startswith("0"):
        return "/D", "", int(label)
    if _ROMAN.match(label):
        return "/r", "", roman_value(label)
    if _ROMAN.match(label.lower()) and label.isupper():
        return "/R", "", roman_value(label.lower())
    return None, label, 1


def _labels(pdf, entries: tuple[PageEntry, ...]) -> None:  # type: ignore[no-untyped-def]
    import pikepdf

    tree = pikepdf.NumberTree.new(pdf)
    prev: tuple[str | None, str, int] | None = None
    for i, e in enumerate(entries):
        style, prefix, start = label_style(e.page.label, e.page.index)
        # a page continuing the previous range (same style, next number) needs no entry of its own
        if prev and style and prev[0] == style and prev[1] == prefix and start == prev[2] + 1:
            prev = (style, prefix, start)
            continue
        d = pikepdf.Dictionary()
        if style:
            d.S = pikepdf.Name(style)
            d.St = start
        if prefix:
            d.P = pikepdf.String(prefix)
        tree[i] = d
        prev = (style, prefix, start)
    pdf.Root.PageLabels = tree.obj


def outline_entries(snapshot: Snapshot) -> list[tuple[int, str, int]]:
    """(level, title, page position) from the Contents entries' targets; from the headings when
    the volume has no linked Contents."""
    where: dict[str, int] = {}
    headings: list[tuple[int, str, int]] = []
    for pos, e in enumerate(snapshot.pages):
        for b in e.page.blocks:
            where[b.id] = pos
            if b.kind is BlockKind.HEADING:
                headings.append((b.level or 1, words_text(b.words), pos))
    entries = []
    for e in snapshot.pages:
        for b in e.page.blocks:
            if b.kind is BlockKind.TOC_ENTRY and b.target in where:
                fb = FlowBlock(
                    b.id, b.kind, [words_text(b.words)], target_label=b.target_label, title=b.title
                )
                entries.append((b.level or 1, toc_title(fb), where[b.target]))
    return entries or headings


def _outline(pdf, items: list[tuple[int, str, int]]) -> None:  # type: ignore[no-untyped-def]
    import pikepdf

    with pdf.open_outline() as outline:
        stack: list[tuple[int, list]] = [(0, outline.root)]  # type: ignore[type-arg]
        for level, title, pos in items:
            while len(stack) > 1 and stack[-1][0] >= level:
                stack.pop()
            item = pikepdf.OutlineItem(title or "(untitled)", pos)
            stack[-1][1].append(item)
            stack.append((level, item.children))


def write_pdf(snapshot: Snapshot, out_dir: Path, *, images: bool = True) -> list[Path]:
    import pikepdf

    out_dir.mkdir(parents=True, exist_ok=True)
    opts = PdfOptions(images=images)
    path = out_dir / f"{_stem(snapshot.volume)}.pdf"
    pages = snapshot.pages
    with tempfile.TemporaryDirectory(prefix="quire-pdf-") as tmp, ExitStack() as stack:
        parts = []
        for n, start in enumerate(range(0, len(pages), PAGES_PER_BATCH)):
            part = Path(tmp) / f"part-{n:05d}.pdf"
            part.write_bytes(render_pdf_bytes(snapshot, opts, pages[start : start + PAGES_PER_BATCH]))
            parts.append(stack.enter_context(pikepdf.open(part)))
        pdf = parts[0]  # keeps fpdf2's document information (title, author, dates, language)
        for other in parts[1:]:
            pdf.pages.extend(other.pages)
        _labels(pdf, pages)
        items = outline_entries(snapshot)
        if items:
            _outline(pdf, items)
            pdf.Root.PageMode = pikepdf.Name.UseOutlines
        pdf.save(path, deterministic_id=True, fix_metadata_version=False)
    return [path]


def _stem(volume: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in volume)
