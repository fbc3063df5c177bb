"""The unit of parallel work: one page image in, one OCRed page (and its display image) out.

`ocr_page` is a top-level function of plain, picklable values so that any executor (a local
process pool or a Dask cluster) can run it; it touches neither the store nor global state.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

import cv2
import numpy as np

from ingest import ocr, preprocess
from ingest.errors import InputError, QuireError
from ingest.model import Page, ProcessingStep, SourceRef

#: Below this mean word confidence the page is also tried upside down.
UPSIDE_DOWN_SUSPECT = 0.55


@dataclass(frozen=True)
class OcrTask:
    page_id: int
    index: int
    image: bytes  # the page as given (PNG/JPEG/TIFF bytes)
    source: SourceRef
    dpi: int
    lang: str = "eng"
    timeout: float = 180.0
    rotation: int | None = None  # force an orientation (clockwise degrees) instead of detecting


@dataclass(frozen=True)
class OcrResult:
    page_id: int
    page: Page | None
    display: bytes | None
    display_suffix: str = ".png"
    error: str | None = None
    seconds: float = 0.0


def decode(data: bytes, *, what: str = "page image") -> np.ndarray:
    arr = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    if arr is None:
        raise InputError(f"the {what} cannot be decoded")
    if arr.dtype != np.uint8:  # 16-bit scans: keep the top 8 bits
        arr = (arr / 257).astype(np.uint8)
    return arr


#: Quality of the display image when the page came as a JPEG (already lossy: no need for PNG).
DISPLAY_JPEG_QUALITY = 90


def encode_display(image: np.ndarray, *, like: bytes) -> tuple[bytes, str]:
    """Encode the display image as JPEG when the page was given as JPEG, else losslessly as PNG.
    Returns (bytes, suffix)."""
    if like.startswith(b"\xff\xd8"):
        ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, DISPLAY_JPEG_QUALITY])
        suffix = ".jpg"
    else:
        ok, buf = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, 3])
        suffix = ".png"
    if not ok:
        raise InputError("cannot encode the page image")
    return buf.tobytes(), suffix


def ocr_page(task: OcrTask) -> OcrResult:
    """Prepare and OCR one page. Errors come back in the result (never raised) so that one bad
    page cannot stop a batch; only a missing Tesseract is raised, since it stops every page."""
    start = time.perf_counter()
    try:
        page, display = _ocr(task)
    except QuireError as exc:
        if isinstance(exc, ocr.MissingDependencyError):
            raise
        return OcrResult(task.page_id, None, None, error=exc.message, seconds=time.perf_counter() - start)
    data, suffix = encode_display(display, like=task.image)
    return OcrResult(task.page_id, page, data, suffix, seconds=time.perf_counter() - start)


def _ocr(task: OcrTask) -> tuple[Page, np.ndarray]:
    image = decode(task.image)
    prep = preprocess.prepare(image, rotation=task.rotation)
    page = ocr.recognise(
        prep.binary, index=task.index, source=task.source, dpi=task.dpi, lang=task.lang, timeout=task.timeout
    )
    rotation, display = prep.rotation, prep.display
    conf = page.mean_confidence()
    quarter_turned = prep.rotation == 90 and task.rotation is None
    suspicious = conf is not None and conf < UPSIDE_DOWN_SUSPECT and task.rotation is None
    if (quarter_turned or suspicious) and ocr.detect_upside_down(prep.binary):
        binary = preprocess.quarter_turn(prep.binary, 2)
        flipped = ocr.recognise(
            binary, index=task.index, source=task.source, dpi=task.dpi, lang=task.lang, timeout=task.timeout
        )
        if (flipped.mean_confidence() or 0) > (conf or 0):
            page, rotation = flipped, (prep.rotation + 180) % 360
            display = preprocess.quarter_turn(prep.display, 2)
    steps = (
        ProcessingStep("preprocess", preprocess.VERSION, {**prep.record(), "rotation": rotation}),
        ProcessingStep("ocr", ocr.VERSION, {"engine": "tesseract", "lang": task.lang, "psm": 3}),
    )
    return dataclasses.replace(page, steps=steps), display
