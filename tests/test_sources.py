"""Sources of each kind: images, multi-page TIFF, scanned PDF, born-digital PDF, mixed PDF."""

from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from ingest import sources
from ingest.errors import EncryptedPdfError, InputError, UnsupportedFileError

from .conftest import SAMPLES, shared_path


def _pages(path: Path, **kw):
    kind, it = sources.source_pages(path, **kw)
    return kind, list(it)


def test_folder_is_expanded_in_natural_order(tmp_path):
    for name in ["p10.png", "p2.png", "p1.png", ".hidden.png"]:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "p3.png").write_bytes(b"x")
    files, missing = sources.expand_paths([tmp_path, tmp_path / "nope.pdf"])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == [
        "p1.png",
        "p2.png",
        "p10.png",
        "sub/p3.png",
    ]
    assert missing == [(tmp_path / "nope.pdf", "does not exist; check the path")]


def test_jpeg_page_keeps_its_own_bytes_and_dpi():
    path = SAMPLES / "scan" / "page-03.jpg"
    kind, pages = _pages(path)
    assert kind == "image" and len(pages) == 1
    p = pages[0]
    assert p.image == path.read_bytes() and p.suffix == ".jpg"
    assert (p.width, p.height, p.dpi) == (1749, 2481, 300)


def test_multipage_tiff_gives_every_frame():
    kind, pages = _pages(SAMPLES / "tiff" / "plates.tif")
    assert kind == "image"
    assert [p.page_in_file for p in pages] == [1, 2]
    assert all(p.image.startswith(b"\x89PNG") for p in pages)


def test_scanned_pdf_pages_are_taken_as_stored_jpegs():
    kind, pages = _pages(SAMPLES / "book-scan.pdf")
    assert kind == "pdf" and len(pages) == 10
    assert {p.kind for p in pages} == {"pdf_scan"}
    assert all(p.image.startswith(b"\xff\xd8") and p.dpi == 300 for p in pages)


def test_born_digital_pdf_uses_the_text_layer():
    kind, pages = _pages(SAMPLES / "book-born-digital.pdf", sha256="abc")
    assert {p.kind for p in pages} == {"pdf_text"}
    page4 = pages[3].text_page
    text = " ".join(w.text for w in page4.words)
    truth = (SAMPLES / "truth" / "page-04.txt").read_text().split()
    assert truth[5] in text and truth[-5] in text
    assert all(w.origin.value == "text_layer" and w.confidence == 1.0 for w in page4.words)
    assert page4.source.sha256 == "abc"
    # boxes are pixels at the render resolution, inside the page
    assert all(0 <= w.bbox.x1 <= page4.width and 0 <= w.bbox.y1 <= page4.height for w in page4.words)


def test_mixed_pdf_is_classified_page_by_page(tmp_path):
    mixed = tmp_path / "mixed.pdf"
    with (
        pikepdf.open(SAMPLES / "book-born-digital.pdf") as born,
        pikepdf.open(SAMPLES / "book-scan.pdf") as scan,
    ):
        out = pikepdf.new()
        out.pages.append(born.pages[3])
        out.pages.append(scan.pages[4])
        out.pages.append(born.pages[5])
        out.save(mixed)
    _, pages = _pages(mixed)
    assert [p.kind for p in pages] == ["pdf_text", "pdf_scan", "pdf_text"]


def test_text_layer_without_unicode_mapping_falls_back_to_ocr():
    _, pages = _pages(shared_path("scans", "badinput", "ocrmypdf_truetype_font_nomapping.pdf"))
    assert [p.kind for p in pages] == ["pdf_scan"]


def test_encrypted_pdf_needs_the_right_password():
    path = shared_path("scans", "badinput", "pdfplumber_password-example.pdf")
    with pytest.raises(EncryptedPdfError, match="--password"):
        _pages(path)
    with pytest.raises(EncryptedPdfError, match="wrong"):
        _pages(path, password="nope")
    _, pages = _pages(path, password="test")
    assert len(pages) == 4


def test_unsupported_and_empty_files_are_refused(tmp_path):
    docx = tmp_path / "letter.docx"
    docx.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(UnsupportedFileError, match="letter.docx"):
        sources.sniff(docx)
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        sources.sniff(empty)


def test_decompression_bomb_is_refused_before_decoding(tmp_path):
    bomb = tmp_path / "bomb.png"
    Image.new("1", (20000, 20000), 1).save(bomb)
    assert bomb.stat().st_size < 200_000
    _, pages = _pages(bomb)
    assert isinstance(pages[0], sources.PageFailure)
    assert "limit" in pages[0].reason


def test_huge_pdf_page_is_rendered_at_a_capped_resolution():
    _, pages = _pages(shared_path("scans", "badinput", "ocrmypdf_hugemono.pdf"))
    p = pages[0]
    assert p.width * p.height <= sources.MAX_PIXELS
    assert p.warning and "dpi" in p.warning


def test_truncated_jpeg_is_reported(tmp_path):
    data = (SAMPLES / "scan" / "page-03.jpg").read_bytes()
    bad = tmp_path / "cut.jpg"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="truncated"):
        _pages(bad)
