"""Pages as they arrive: curled photos flattened, every orientation turned upright (EXIF too),
blank leaves found, small photos warned about. Real sample scans, real Tesseract."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image
from rapidfuzz.distance import Levenshtein

from ingest import ink, photo, preprocess
from ingest.model import PageStatus, SourceRef
from ingest.pagework import OcrTask, decode, ocr_page
from tests.conftest import shared_path
from tests.test_contents_pass import _contents

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
RESOURCES = ROOT / "tests" / "resources" / "photos"


def _gray(n: int) -> np.ndarray:
    gray = cv2.imread(str(SAMPLES / "scan" / f"page-{n:02d}.jpg"), cv2.IMREAD_GRAYSCALE)
    assert gray is not None
    return preprocess.rotate(gray, preprocess.detect_skew(ink.binarise(gray)))


def curl(gray: np.ndarray, depth: float) -> np.ndarray:
    """The page as a camera sees it curling towards the gutter: lines bow by up to `depth`
    pixels, more at the top and foot of the page than in its middle."""
    h, w = gray.shape
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    u, v = x / w - 0.5, y / h - 0.5
    d = depth * (4 * u * u) * (0.4 + 2.4 * v * v) + 0.5 * depth * u * v
    return cv2.remap(gray, x, y - d.astype(np.float32), cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def _bend(gray: np.ndarray, *, lines: int = 11) -> float:
    """`curl_extent` of the page, which shows at least `lines` long text lines."""
    found = photo.text_lines(ink.binarise(gray))
    assert found is not None and found.count >= lines
    return photo.curl_extent(found)


def test_curled_lines_are_straightened():
    flat = _gray(4)
    curled = curl(flat, 80)
    assert _bend(flat) < 0.3  # a flatbed scan: straight lines
    assert _bend(curled) > 1.0
    prepared = preprocess.prepare(curled)
    assert "dewarped" in prepared.notes
    assert _bend(prepared.display) < 0.35


def test_flat_page_is_not_resampled():
    prepared = preprocess.prepare(_gray(5))
    assert "dewarped" not in prepared.notes
    assert "page_outline" not in prepared.notes


def test_contents_page_of_three_lines_is_not_folded_by_a_curl_fit() -> None:
    """A photographed contents page (seeds 1914, 1959 and 1988, camera): a title and three entries
    a fifth of the way down, the rest of the page empty. Three lines in one band leave the curl
    fit's terms in y unmeasured: straightened by that fit, the page was bent by thousands of letter
    heights and folded over its own lines, and the title and entries were read as soup. The fit
    that folds the page is refused and the page read as photographed."""
    entries = (
        ("Problems of the International Opposition (two letters)", "1", 130),
        ("The danger of Bonapartism and the role of the Opposition", "5", 130),
        ("Letter to the Central Committee and the Control Commission", "9", 130),
    )
    flat = np.asarray(Image.open(io.BytesIO(_contents(0, entries=entries))).convert("L"))
    curled = curl(flat, 45)
    assert _bend(curled, lines=3) > photo.MIN_BEND  # bent enough to be straightened
    buf = io.BytesIO()
    Image.fromarray(curled).save(buf, "PNG")
    page = ocr_page(OcrTask(1, 2, buf.getvalue(), SourceRef("book.pdf", 2, "0" * 64), 300)).page
    assert page is not None
    lines = [ln.text for b in page.blocks for ln in b.lines]
    assert lines[0] == "Contents"
    for title, _, _ in entries:
        assert any(Levenshtein.normalized_distance(title, ln[: len(title)]) < 0.1 for ln in lines)
    assert len(lines) <= 2 * len(entries) + 2  # no soup of folded lines round them


def test_photo_on_a_table_is_cut_out_and_its_perspective_flattened():
    page = _gray(4)
    h, w = page.shape
    table = np.full((int(h * 1.35), int(w * 1.5)), 60, np.uint8)
    corners = np.float32([[220, 160], [w + 380, 260], [w + 300, h + 300], [160, h + 200]])
    m = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), corners)
    photo_ = cv2.warpPerspective(
        page, m, (table.shape[1], table.shape[0]), dst=table, borderMode=cv2.BORDER_TRANSPARENT
    )
    quad = photo.find_page_quad(photo_)
    assert quad is not None
    assert np.abs(quad - corners).max() < 0.02 * w
    flat = photo.flatten_perspective(photo_, quad)
    assert abs(flat.shape[1] / flat.shape[0] - w / h) < 0.08  # sides of a foreshortened page


def test_scan_with_a_shaded_corner_is_not_taken_for_a_photo_on_a_table():
    # a flatbed scan whose right edge lies in shadow: a slanting strip from the top right corner to
    # the bottom right corner, print in it (line ends), darker than the page like a table around a
    # photographed page would be. The strip is not surround: flattening the page to the lit part
    # would stretch the print in it out of the picture.
    page = _gray(4)
    h, w = page.shape
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    shaded = page.astype(np.float32)
    shaded[x / w > 0.73 + 0.27 * y / h] *= 0.6
    scan = shaded.astype(np.uint8)
    assert photo.find_page_quad(scan) is None
    prepared = preprocess.prepare(scan)
    assert "page_outline" not in prepared.notes
    assert prepared.display.shape == page.shape


def _task(image: bytes, dpi: int = 300) -> OcrTask:
    return OcrTask(page_id=1, index=1, image=image, source=SourceRef("t.png", 1, ""), dpi=dpi)


def _png(gray: np.ndarray) -> bytes:
    ok, buf = cv2.imencode(".png", gray)
    assert ok
    return buf.tobytes()


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{4,}", text)


@pytest.fixture(scope="module")
def upright_words() -> list[str]:
    res = ocr_page(_task(_png(_gray(4))))
    assert res.page is not None
    return _words(res.page.text)


@pytest.mark.parametrize("turns", [0, 1, 2, 3])
def test_each_orientation_is_turned_upright(upright_words, turns):
    res = ocr_page(_task(_png(preprocess.quarter_turn(_gray(4), turns))))
    assert res.page is not None
    words = _words(res.page.text)
    assert len(words) > 100
    assert Levenshtein.normalized_distance(words, upright_words) < 0.03


@pytest.mark.parametrize(("orientation", "turn"), [(3, 2), (6, 3), (8, 1)])
def test_exif_orientation_is_applied(orientation, turn):
    # a phone stores its sensor's pixels and says how to turn them: stored turned by `turn`
    # quarter turns clockwise, the tag turns it back
    stored = preprocess.quarter_turn(_gray(4), turn)
    buf = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = orientation
    Image.fromarray(stored).save(buf, format="JPEG", quality=90, exif=exif)
    shown = decode(buf.getvalue())
    assert shown.shape == _gray(4).shape
    assert np.mean(np.abs(shown.astype(int) - _gray(4).astype(int))) < 8


def test_blank_leaf_is_found_without_ocr():
    rng = np.random.default_rng(3)
    leaf = np.full((2480, 1750), 238, np.uint8)
    leaf = np.clip(leaf + rng.normal(0, 6, leaf.shape), 0, 255).astype(np.uint8)
    for x, y in rng.integers(100, 1600, size=(25, 2)):  # dust
        cv2.circle(leaf, (int(x), int(y)), 1, 90, -1)
    res = ocr_page(_task(_png(leaf)))
    assert res.page is not None
    assert res.page.status == PageStatus.BLANK
    assert res.page.words == ()


def test_small_photo_gets_a_warning_naming_its_resolution():
    small = cv2.resize(_gray(4), None, fx=0.3, fy=0.3, interpolation=cv2.INTER_AREA)
    res = ocr_page(_task(_png(small), dpi=90))
    assert res.page is not None
    assert res.warnings and re.search(r"about \d+ dpi", res.warnings[0])
    assert f"{small.shape[1]}×{small.shape[0]} px" in res.warnings[0]


def _norm(text: str) -> str:
    text = re.sub(r"-\s*\n\s*", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r" ([;:,.])", r"\1", text)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["a", "b"])
def test_sideways_phone_photo_reads_within_ten_percent(name):
    path = shared_path("scans", "pages", f"ocrd_page_dewarp_boston_cooking_{name}.jpg")
    res = ocr_page(_task(path.read_bytes()))
    assert res.page is not None
    text = "\n".join(" ".join(w.text for w in ln.words) for b in res.page.blocks for ln in b.lines)
    truth = _norm((RESOURCES / f"boston_cooking_{name}.txt").read_text())
    assert Levenshtein.distance(_norm(text), truth) / len(truth) < 0.10


def _bench_real():  # type: ignore[no-untyped-def]
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("bench_real_capture", ROOT / "bench" / "real.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.slow
def test_fraktur_page_is_read_with_the_fraktur_model_when_no_language_is_given():
    from ingest import ocr

    if not {"frk", "eng"} <= ocr.installed_languages():
        pytest.skip("the Fraktur model is not installed (scripts/system-deps.sh --fraktur)")
    image = shared_path("scans", "pages", "ocrd_kant_1784_0020.tif")
    truth_xml = shared_path("scans", "gt", "ocrd_kant_1784_0020_PAGE.xml")
    truth = re.sub(r"\s+", " ", _bench_real().page_xml_text(truth_xml, verbatim=True)).replace("ſ", "s")

    def cer(page) -> float:  # type: ignore[no-untyped-def]
        text = re.sub(r"\s+", " ", page.text).replace("ſ", "s")
        return Levenshtein.distance(text, truth) / len(truth)

    task = OcrTask(page_id=1, index=1, image=image.read_bytes(), source=SourceRef(str(image), 1, ""), dpi=300)
    auto = ocr_page(dataclasses.replace(task, detect_script=True))
    eng = ocr_page(task)
    assert auto.page is not None and eng.page is not None
    step = next(s for s in auto.page.steps if s.name == "ocr")
    assert step.options["script"] == "Fraktur" and step.options["lang"] == "frk"
    assert any("Fraktur" in w and "frk" in w for w in auto.warnings)
    assert cer(auto.page) < 0.16 < cer(eng.page) - 0.03
