"""PDF/A-2b: each page image with an invisible text layer of the corrected words, page labels from
the printed page numbers and an outline from the Contents.

fpdf2 draws the text layer (every word in text render mode 3 with the glyphless font OCRmyPDF
ships, embedded, scaled to fill the word's box; a stretched space between the words of a line and
a space after its last word, so viewers and extractors see word breaks even where two lines share
a row); pikepdf puts each page image under it as stored (a PNG's compressed data or a JPEG's bytes
go into the PDF unchanged: no re-encoding, no loss), adds the page labels and the outline, the XMP
metadata (Dublin Core from the volume, the PDF/A identification) and the sRGB output intent, then
`pikepdf.pdfa` writes the file and checks the written bytes against PDF/A-2b (veraPDF's rules as far
as pikepdf implements them) before it is kept.

The only date written is the newest revision's, so the same revisions give the same bytes.
"""

from __future__ import annotations

import gc
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from io import BytesIO
from pathlib import Path

from ingest.errors import ExportError, MissingDependencyError
from ingest.export.common import SOFTWARE, VERSION, bcp47
from ingest.export.flow import FlowBlock, toc_title, words_text
from ingest.export.snapshot import PageEntry, Snapshot
from ingest.layout.numerals import roman_to_int
from ingest.model import BlockKind, Line

#: Baseline sits this fraction of the line height above the line box's bottom (room for descenders).
DESCENT = 0.2
#: Width of the space after a line's last word, of the least space between two words and of a
#: character of a word whose box lies inside the word before it, as fractions of the type size.
SPACE = 0.25
MIN_SPACE = 0.05
MIN_CHAR = 0.1


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
#: included) in memory, so a long volume is drawn in batches that qpdf joins from disk.
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
    pdf.text_mode = text_mode.INVISIBLE
    for block in page.blocks:
        for line in block.lines:
            _line(pdf, line, s)


def _line(pdf, line: Line, s: float) -> None:  # type: ignore[no-untyped-def]
    """A line's words left to right, each stretched over its box, with a space between every two
    words and after the last. OCR boxes may overlap ("in" inside "commented"): a word then starts
    where the one before it ends, so no extractor that sorts by position interleaves them."""
    if not line.words or line.bbox.height <= 0:
        return
    size = line.bbox.height * s
    baseline = line.bbox.y1 * s - DESCENT * size
    pdf.set_font("Glyphless", size=size)
    cursor: float | None = None
    for w in line.words:
        if not w.text:
            continue
        x0 = w.bbox.x0 * s
        if cursor is not None:
            x0 = max(x0, cursor + size * MIN_SPACE)
            _fit(pdf, " ", cursor, x0 - cursor, baseline)
        width = w.bbox.x1 * s - x0
        if width <= 0:  # a box wholly inside the word before: a narrow box of its own after it
            width = size * MIN_CHAR * len(w.text)
        _fit(pdf, w.text, x0, width, baseline)
        cursor = x0 + width
    if cursor is not None:  # the line's end: a space of its own, or the next line on the row runs into it
        _fit(pdf, " ", cursor, size * SPACE, baseline)


def _fit(pdf, text: str, x: float, width: float, baseline: float) -> None:  # type: ignore[no-untyped-def]
    pdf.set_stretching(100)
    natural = pdf.get_string_width(text)
    if natural <= 0:
        return
    pdf.set_stretching(100 * width / natural)
    pdf.text(x, baseline, text)


# --- page labels and outline (pikepdf) ----------------------------------------------------------


def label_style(label: str | None, index: int) -> tuple[str | None, str, int]:
    """(PDF label style, prefix, start number) for a printed label; unnumbered pages read "[n]"."""
    if not label:
        return None, f"[{index}]", 1
    if label.isdigit() and not label.startswith("0"):
        return "/D", "", int(label)
    roman = roman_to_int(label)
    if roman is not None and label.islower():
        return "/r", "", roman
    if roman is not None and label.isupper():
        return "/R", "", roman
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
    with tempfile.TemporaryDirectory(prefix="quire-pdf-") as tmp:
        parts = []
        for n, start in enumerate(range(0, len(pages), PAGES_PER_BATCH)):
            batch = pages[start : start + PAGES_PER_BATCH]
            part = Path(tmp) / f"part-{n:05d}.pdf"
            with pikepdf.open(BytesIO(render_pdf_bytes(snapshot, opts, batch))) as drawn:
                for entry, page in zip(batch, drawn.pages, strict=True):
                    if "/Group" in page.obj:
                        del page.obj.Group  # fpdf2's page transparency group: nothing here is transparent
                    if opts.images:
                        _underlay(drawn, page, _image_path(snapshot, entry))
                drawn.save(part)  # a batch at a time on disk, not the whole volume in memory
            # The batch's document and its page images sit in reference cycles of pikepdf's
            # objects, freed only when the cycle collector runs: without this the batches'
            # images piled up (bench/export_scale.py, 250 pages: peak RSS 378 -> 315 MB).
            gc.collect()
            parts.append(part)
        joined = _join(parts, Path(tmp) / "joined.pdf")
        with pikepdf.open(joined) as pdf:
            if "/OpenAction" in pdf.Root:
                del pdf.Root.OpenAction  # fpdf2's initial zoom: not allowed in PDF/A as pikepdf checks it
            _labels(pdf, pages)
            items = outline_entries(snapshot)
            if items:
                _outline(pdf, items)
                pdf.Root.PageMode = pikepdf.Name.UseOutlines
            save_pdfa(pdf, path, snapshot)
    return [path]


def _join(parts: list[Path], out: Path) -> Path:
    """The parts' pages in order, in one file; the first part's document (fpdf2's title, author,
    dates, language) is kept. qpdf's own page merge reads each page image from its part when it
    writes: pikepdf's `pages.extend` copies every image into memory first, so the join alone
    took the size of the volume's images (500 pages: +217 MB, against +13 MB here)."""
    import pikepdf

    if len(parts) == 1:
        return parts[0]
    job = pikepdf.Job(["qpdf", str(parts[0]), "--pages", ".", *map(str, parts[1:]), "--", str(out)])
    job.run()
    if job.exit_code not in (0, pikepdf.Job.EXIT_WARNING):
        raise ExportError(f"joining the PDF's parts failed (qpdf exit code {job.exit_code})")
    return out


def _image_path(snapshot: Snapshot, entry: PageEntry) -> Path:
    img = snapshot.image_path(entry)
    if img is None or not img.exists():
        raise ExportError(f"page {entry.index} has no page image in the store; re-run `quire ingest`")
    return img


def _underlay(pdf, page, image: Path) -> None:  # type: ignore[no-untyped-def]
    """Draw the page image under the page's text layer, filling the page."""
    import pikepdf

    from ingest.export.pdfimage import image_xobject

    xobject = image_xobject(pdf, image).stream
    if "/Resources" not in page.obj:
        page.obj.Resources = pikepdf.Dictionary()
    if "/XObject" not in page.obj.Resources:
        page.obj.Resources.XObject = pikepdf.Dictionary()
    page.obj.Resources.XObject.QuirePage = xobject
    x0, y0, x1, y1 = (float(v) for v in page.mediabox)
    draw = f"q {x1 - x0:.4f} 0 0 {y1 - y0:.4f} {x0:.4f} {y0:.4f} cm /QuirePage Do Q\n".encode()
    page.contents_add(pikepdf.Stream(pdf, draw), prepend=True)


def save_pdfa(pdf, path: Path, snapshot: Snapshot) -> None:  # type: ignore[no-untyped-def]
    """Declare PDF/A-2b (XMP with Dublin Core and the PDF/A identification, the sRGB output intent),
    write, and keep the file only if the written bytes pass pikepdf's PDF/A-2b check."""
    from pikepdf.pdfa import PdfaError, prepare
    from pikepdf.pdfa import save as save_checked

    prepare(pdf, "2b", output_intent="sRGB")
    m = snapshot.metadata
    when = _pdf_date(snapshot.newest_date).isoformat()
    # prepare() stamps the wall clock and pikepdf as producer: put back what the revisions say
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as xmp:
        xmp["dc:title"] = m.title or snapshot.volume
        if m.creator:
            xmp["dc:creator"] = [m.creator]
        if m.identifier:
            xmp["dc:identifier"] = m.identifier
        if m.source:
            xmp["dc:source"] = m.source
        xmp["dc:language"] = [bcp47(m.language)]
        xmp["dc:format"] = "application/pdf"
        xmp["xmp:CreatorTool"] = f"{SOFTWARE} {VERSION}"
        xmp["pdf:Producer"] = f"{SOFTWARE} {VERSION} (fpdf2, pikepdf)"
        for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
            xmp[key] = when
    try:
        save_checked(pdf, path, "2b", repair=False, deterministic_id=True)
    except PdfaError as exc:
        problems = "; ".join(str(f) for f in exc.report.findings[:5])
        raise ExportError(f"{path.name}: the PDF is not valid PDF/A-2b ({problems})") from exc


def _stem(volume: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in volume)
