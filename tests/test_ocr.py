"""Real Tesseract on the sample scans."""

import re
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from ingest import ocr
from ingest.errors import MissingDependencyError
from ingest.model import SourceRef
from ingest.pagework import OcrTask, ocr_page

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _ocr_sample(n: int):
    data = (SAMPLES / "scan" / f"page-{n:02d}.jpg").read_bytes()
    res = ocr_page(OcrTask(1, n, data, SourceRef(f"page-{n:02d}.jpg", 1, "x"), 300))
    assert res.error is None, res.error
    return res


@pytest.mark.parametrize("n", [4, 5, 8])
def test_character_error_rate_on_clean_sample_pages_is_under_two_percent(n):
    """Page 5 is fed sideways in the scan: orientation must be fixed for this to pass."""
    res = _ocr_sample(n)
    truth = _norm((SAMPLES / "truth" / f"page-{n:02d}.txt").read_text())
    got = _norm(" ".join(" ".join(w.text for w in line.words) for b in res.page.blocks for line in b.lines))
    cer = Levenshtein.distance(got, truth) / len(truth)
    assert cer < 0.02, f"CER {cer:.3%}"


def test_words_have_boxes_inside_the_page_and_confidences_between_0_and_1():
    res = _ocr_sample(4)
    page = res.page
    assert len(page.words) > 200
    for w in page.words:
        assert 0 <= w.bbox.x0 <= w.bbox.x1 <= page.width
        assert 0 <= w.bbox.y0 <= w.bbox.y1 <= page.height
        assert 0.0 <= w.confidence <= 1.0
    assert 0.85 < page.mean_confidence() <= 1.0
    assert [s.name for s in page.steps] == ["preprocess", "ocr"]
    assert res.display.startswith(b"\xff\xd8") and res.display_suffix == ".jpg"  # a JPEG page stays JPEG


def test_missing_language_pack_names_the_package():
    with pytest.raises(MissingDependencyError, match="tesseract-ocr-zzz"):
        ocr.check_tesseract("eng+zzz")


def test_tesseract_version_is_reported():
    assert ocr.check_tesseract("eng").startswith("5")
