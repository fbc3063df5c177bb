"""End to end on real OCR: two pages of a benchmark book through Tesseract and the cleanup."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ingest.layout import clean_volume
from ingest.model import BlockKind, SourceRef

BOOK = Path("/work/shared/bench/dev/october-letter-heavy")


@pytest.mark.slow
@pytest.mark.skipif(not (BOOK / "scan.pdf").exists(), reason="benchmark books not present")
def test_footnote_pages_of_a_heavy_scan() -> None:
    pdfium = pytest.importorskip("pypdfium2")
    from ingest.pagework import OcrTask, ocr_page

    pdf = pdfium.PdfDocument(str(BOOK / "scan.pdf"))
    pages = []
    for i in (2, 3, 4, 5):  # printed pages 1-4: chapter opening with note 1, then notes 2-8
        buf = io.BytesIO()
        pdf[i].render(scale=300 / 72, grayscale=True).to_pil().save(buf, format="PNG")
        res = ocr_page(
            OcrTask(i + 1, i + 1, buf.getvalue(), SourceRef(str(BOOK / "scan.pdf"), i + 1, ""), dpi=300)
        )
        assert res.page is not None
        pages.append(res.page)
    out = clean_volume(pages)
    assert [p.label for p in out] == ["1", "2", "3", "4"]
    assert out[0].blocks[0].kind in (BlockKind.HEADING, BlockKind.PAGE_NUMBER)
    assert any(b.kind is BlockKind.RUNNING_HEAD for b in out[1].blocks)
    notes = [b for p in out for b in p.blocks if b.kind is BlockKind.FOOTNOTE]
    assert [b.marker for b in notes] == [str(n) for n in range(1, 9)]
    assert sum(1 for b in notes if b.ref) >= 6
