"""Files and folders → source pages. The only module that opens PDFs and image files.

A PDF page with a real text layer becomes a ready Page (words and boxes from pdfplumber, no OCR);
a scanned page becomes an image to OCR. Page images are checked against a pixel limit before they
are decoded (decompression bombs) and fully decoded once to catch truncated files.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from PIL import Image, ImageSequence, UnidentifiedImageError

from ingest.errors import EncryptedPdfError, ImageTooLargeError, InputError, UnsupportedFileError
from ingest.model import Page, SourceRef
from ingest.textlayer import text_layer_page, text_layer_usable

#: Largest page image accepted (pixels). 60 MP is an A2 sheet at 300 dpi.
MAX_PIXELS = 60_000_000
#: Resolution PDF pages are rendered at for OCR and display.
RENDER_DPI = 300
#: Declared image resolutions outside this range are not believed (72 dpi headers on 300 dpi scans).
PLAUSIBLE_DPI = (100, 1200)
ASSUMED_DPI = 300

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp", ".jp2"}

# Pillow's own bomb check would raise at 2× its limit only; ours is explicit.
Image.MAX_IMAGE_PIXELS = None


def _env_number(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, "") or default)
    except ValueError:
        return default
    return value if value > 0 else default


@dataclass(frozen=True)
class FileLimits:
    """What one input file may make: its pages and all its pages' pixels together (as rendered),
    so a tiny file cannot fill the server. Set by QUIRE_MAX_FILE_PAGES and
    QUIRE_MAX_FILE_MEGAPIXELS."""

    pages: int = 5000
    megapixels: float = 20_000  # about 2,400 A4 pages at 300 dpi

    @classmethod
    def from_env(cls) -> FileLimits:
        return cls(
            pages=int(_env_number("QUIRE_MAX_FILE_PAGES", cls.pages)),
            megapixels=_env_number("QUIRE_MAX_FILE_MEGAPIXELS", cls.megapixels),
        )

    def check(self, path: Path, pages: int, pixels: float) -> None:
        if pages > self.pages:
            raise InputError(
                f"the file has {pages} pages, over the limit of {self.pages} per file "
                "(QUIRE_MAX_FILE_PAGES); split it or raise the limit",
                path=str(path),
            )
        if pixels > self.megapixels * 1e6:
            raise InputError(
                f"the file's pages come to {pixels / 1e6:,.0f} megapixels, over the limit of "
                f"{self.megapixels:,.0f} per file (QUIRE_MAX_FILE_MEGAPIXELS); split it, "
                "downsample it or raise the limit",
                path=str(path),
            )


@dataclass(frozen=True)
class SourcePage:
    page_in_file: int
    kind: str  # image | pdf_scan | pdf_text
    image: bytes  # encoded page image (original bytes where possible)
    suffix: str  # ".png", ".jpg"
    dpi: int
    width: int
    height: int
    text_page: Page | None = None
    warning: str | None = None


@dataclass(frozen=True)
class PageFailure:
    page_in_file: int
    reason: str


def natural_key(path: Path) -> list[object]:
    """Sort key that puts p2 before p10."""
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", str(path))]


def expand_paths(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files to ingest in natural order (folders recursed), and the given paths that do not exist."""
    files: list[Path] = []
    missing: list[tuple[Path, str]] = []
    for p in paths:
        if p.is_dir():
            found = [
                f
                for f in p.rglob("*")
                if f.is_file() and not any(x.startswith(".") for x in f.relative_to(p).parts)
            ]
            files.extend(sorted(found, key=natural_key))
        elif p.is_file():
            files.append(p)
        else:
            missing.append((p, "does not exist; check the path"))
    return files, missing


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sniff(path: Path) -> str:
    """'pdf' or 'image' from the file's first bytes; raises InputError for anything else."""
    with path.open("rb") as fh:
        head = fh.read(16)
    if not head:
        raise InputError("the file is empty (0 bytes); re-export or re-scan it", path=str(path))
    if b"%PDF" in head[:16] or path.suffix.lower() == ".pdf":
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"RIFF")) or (
        head[4:12] == b"jP  \r\n\x87\n"
    ):
        return "image"
    kind = path.suffix.lower() or "without extension"
    raise UnsupportedFileError(
        f"unsupported file type ({kind}); give page images (PNG, JPEG, TIFF) or PDFs", path=str(path)
    )


def _plausible_dpi(declared: float | None) -> int:
    if declared and PLAUSIBLE_DPI[0] <= declared <= PLAUSIBLE_DPI[1]:
        return int(round(declared))
    return ASSUMED_DPI


def max_page_pixels() -> int:
    """Largest page image (pixels): MAX_PIXELS unless QUIRE_MAX_PAGE_MEGAPIXELS says otherwise."""
    return int(_env_number("QUIRE_MAX_PAGE_MEGAPIXELS", MAX_PIXELS / 1e6) * 1e6)


def _check_pixels(path: Path, width: int, height: int, page: int | None = None) -> None:
    limit = max_page_pixels()
    if width * height > limit:
        raise ImageTooLargeError(
            f"image is {width}×{height} pixels, over the {limit / 1e6:g} MP limit "
            "(a decompression bomb or a huge sheet); downsample it to 300 dpi first",
            path=str(path),
            page=page,
        )


def _encode_png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG", compress_level=3)
    return buf.getvalue()


def image_pages(path: Path) -> Iterator[SourcePage | PageFailure]:
    """Pages of an image file (TIFFs may hold many). Single-page PNG/JPEG keep their own bytes."""
    try:
        img = Image.open(path)
    except UnidentifiedImageError as exc:
        raise InputError("not a readable image (corrupt or unsupported format)", path=str(path)) from exc
    with img:
        frames = getattr(img, "n_frames", 1)
        # frame sizes are read from headers; a TIFF's later frames only when it has few
        FileLimits.from_env().check(path, frames, img.size[0] * img.size[1] * frames)
        for n, frame in enumerate(ImageSequence.Iterator(img), start=1):
            w, h = frame.size
            try:
                _check_pixels(path, w, h, page=n if frames > 1 else None)
                frame.load()  # decodes fully: catches truncated files here, not in a worker
            except ImageTooLargeError as exc:
                yield PageFailure(n, exc.message)
                continue
            except (OSError, SyntaxError, ValueError) as exc:
                raise InputError(
                    f"the image is damaged or truncated ({exc}); re-export or re-scan it",
                    path=str(path),
                    page=n if frames > 1 else None,
                ) from exc
            dpi = _plausible_dpi((frame.info.get("dpi") or (None,))[0])
            if frames == 1 and img.format in ("PNG", "JPEG"):
                data, suffix = path.read_bytes(), ".png" if img.format == "PNG" else ".jpg"
            else:
                conv = (
                    frame.convert("L")
                    if frame.mode in ("1", "P", "I;16", "I")
                    else frame.convert("RGB")
                    if frame.mode not in ("L", "RGB")
                    else frame
                )
                data, suffix = _encode_png(conv), ".png"
            yield SourcePage(n, "image", data, suffix, dpi, w, h)


# --- PDFs ------------------------------------------------------------------------------------


def _open_pdf(path: Path, password: str | None) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg or "encrypt" in msg or "security" in msg:
            if password:
                raise EncryptedPdfError(
                    "the PDF password is wrong; check --password", path=str(path)
                ) from exc
            raise EncryptedPdfError(
                "the PDF is encrypted; give its password with --password", path=str(path)
            ) from exc
        raise InputError(
            f"not a valid PDF ({exc}); repair it (e.g. `qpdf in.pdf out.pdf`) or re-export it",
            path=str(path),
        ) from exc


def _render_dpi(width_pt: float, height_pt: float) -> int:
    """RENDER_DPI, lowered so the page stays within the page pixel limit."""
    px = (width_pt / 72 * RENDER_DPI) * (height_pt / 72 * RENDER_DPI)
    limit = max_page_pixels()
    if px <= limit:
        return RENDER_DPI
    return max(10, int(RENDER_DPI * (limit / px) ** 0.5))


def _single_jpeg(
    page: pdfium.PdfPage, width_pt: float, height_pt: float
) -> tuple[bytes, int, int, int] | None:
    """The page's JPEG as stored, when the page is exactly one upright JPEG image covering it
    (img2pdf and most scanners): no rendering, no re-encoding."""
    objs = list(page.get_objects(max_depth=1))
    if len(objs) != 1 or objs[0].type != pdfium.raw.FPDF_PAGEOBJ_IMAGE:
        return None
    img = objs[0]
    try:
        filters = img.get_filters()
        if filters != ["DCTDecode"] or page.get_rotation() != 0:
            return None
        left, bottom, right, top = img.get_bounds()
        if abs(left) > 2 or abs(bottom) > 2 or abs(right - width_pt) > 2 or abs(top - height_pt) > 2:
            return None
        w, h = img.get_px_size()
        buf = io.BytesIO()
        img.extract(buf, fb_format=None)
        data = buf.getvalue()
    except Exception:  # anything unusual: fall back to rendering
        return None
    if not data.startswith(b"\xff\xd8"):
        return None
    return data, w, h, _plausible_dpi(w / (width_pt / 72))


#: Pages read before a PDF is opened afresh: pdfium and pdfminer keep what they parsed (the page
#: images included) until the document is closed, so a long book would otherwise pile up in memory.
REOPEN_EVERY = 25


def pdf_pages(
    path: Path, *, password: str | None = None, sha256: str = "", lang: str = "eng"
) -> Iterator[SourcePage | PageFailure]:
    """Each page of a PDF: its text layer when it has a real one, else an image to OCR."""
    doc = _open_pdf(path, password)
    try:
        n_pages = len(doc)
        limits = FileLimits.from_env()
        limits.check(path, n_pages, 0)
        pixels = 0.0
        for i in range(n_pages):  # page sizes only: nothing is rendered before the file passes
            w_pt, h_pt = doc.get_page_size(i)
            dpi = _render_dpi(w_pt, h_pt)
            pixels += (w_pt / 72 * dpi) * (h_pt / 72 * dpi)
        limits.check(path, n_pages, pixels)
    finally:
        doc.close()
    if n_pages == 0:
        raise InputError("the PDF has no pages", path=str(path))
    for start in range(0, n_pages, REOPEN_EVERY):
        yield from _pdf_page_range(path, password, sha256, start, min(n_pages, start + REOPEN_EVERY))
        _release_memory()


def _pdf_page_range(
    path: Path, password: str | None, sha256: str, start: int, stop: int
) -> Iterator[SourcePage | PageFailure]:
    doc = _open_pdf(path, password)
    try:
        try:
            plumber = pdfplumber.open(str(path), password=password or "")
        except Exception:  # pdfminer could not parse it; pdfium could: OCR every page
            plumber = None
        try:
            for i in range(start, stop):
                try:
                    yield _pdf_page(doc, plumber, path, i, sha256)
                except InputError as exc:
                    yield PageFailure(i + 1, exc.message)
                except Exception as exc:  # a damaged page must not stop the others
                    yield PageFailure(i + 1, f"cannot be read ({type(exc).__name__}: {exc}); check the PDF")
        finally:
            if plumber is not None:
                plumber.close()
    finally:
        doc.close()


def _release_memory() -> None:
    """Free what the closed document held and give it back to the system (glibc keeps freed
    memory otherwise, and the coordinator's memory would grow with the length of the book)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def _pdf_page(
    doc: pdfium.PdfDocument, plumber: pdfplumber.pdf.PDF | None, path: Path, i: int, sha256: str
) -> SourcePage:
    page = doc[i]
    try:
        width_pt, height_pt = page.get_size()
        text_words: list[dict] | None = None  # type: ignore[type-arg]
        if plumber is not None and i < len(plumber.pages):
            pp = plumber.pages[i]
            try:
                if text_layer_usable(pp.chars):
                    text_words = pp.extract_words(
                        extra_attrs=["size"], use_text_flow=False, keep_blank_chars=False
                    )
            finally:
                pp.close()
        if text_words is None:
            direct = _single_jpeg(page, width_pt, height_pt)
            if direct is not None:
                data, w, h, dpi = direct
                _check_pixels(path, w, h, i + 1)
                return SourcePage(i + 1, "pdf_scan", data, ".jpg", dpi, w, h)
        dpi = _render_dpi(width_pt, height_pt)
        warning = None if dpi == RENDER_DPI else f"page is very large; rendered at {dpi} dpi"
        bitmap = page.render(scale=dpi / 72)
        pil = bitmap.to_pil()
        if pil.mode not in ("L", "RGB"):
            pil = pil.convert("RGB")
        w, h = pil.size
        data = _encode_png(pil)
        if text_words is None:
            return SourcePage(i + 1, "pdf_scan", data, ".png", dpi, w, h, warning=warning)
        ref = SourceRef(str(path), i + 1, sha256, "pdf_text")
        text_page = text_layer_page(text_words, index=i + 1, source=ref, dpi=dpi, width=w, height=h)
        return SourcePage(i + 1, "pdf_text", data, ".png", dpi, w, h, text_page=text_page, warning=warning)
    finally:
        page.close()


def source_pages(
    path: Path, *, password: str | None = None, sha256: str = ""
) -> tuple[str, Iterator[SourcePage | PageFailure]]:
    """('pdf'|'image', pages) for one file; raises InputError when the file cannot be read at all."""
    kind = sniff(path)
    if kind == "pdf":
        return kind, pdf_pages(path, password=password, sha256=sha256)
    return kind, image_pages(path)
