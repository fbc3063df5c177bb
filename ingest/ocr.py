"""The only caller of Tesseract (through pytesseract): image → Page with words, boxes, confidences.

Tesseract's quirks are turned into domain errors here: a missing binary or language pack becomes
`MissingDependencyError` with the install command, a hung page `OcrTimeoutError`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import cv2
import numpy as np
import pytesseract
from pytesseract import Output, TesseractError, TesseractNotFoundError

from ingest.errors import MissingDependencyError, OcrEngineError, OcrTimeoutError
from ingest.model import BBox, Line, Page, PageStatus, SourceRef, Word, WordOrigin, paragraph_blocks

VERSION = "1"
INSTALL_HINT = (
    "install it with `sudo apt-get install tesseract-ocr tesseract-ocr-eng` (or your system's package)"
)

# One Tesseract thread per process: pages run in parallel across processes instead.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def check_tesseract(lang: str = "eng") -> str:
    """Return Tesseract's version; raise MissingDependencyError if it or `lang` is not installed."""
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise MissingDependencyError(f"Tesseract OCR is not installed; {INSTALL_HINT}")
    try:
        version = str(pytesseract.get_tesseract_version())
        installed = set(pytesseract.get_languages(config=""))
    except (TesseractNotFoundError, OSError) as exc:
        raise MissingDependencyError(f"Tesseract OCR cannot be run ({exc}); {INSTALL_HINT}") from exc
    missing = [x for x in lang.split("+") if x not in installed]
    if missing:
        pkgs = " ".join(f"tesseract-ocr-{m}" for m in missing)
        raise MissingDependencyError(
            f"Tesseract has no language data for {', '.join(missing)}; "
            f"install it with `sudo apt-get install {pkgs}` (installed: {', '.join(sorted(installed))})"
        )
    return version


def _call(fn: Any, *args: Any, timeout: float, **kw: Any) -> Any:
    try:
        return fn(*args, timeout=timeout, **kw)
    except TesseractNotFoundError as exc:
        raise MissingDependencyError(f"Tesseract OCR is not installed; {INSTALL_HINT}") from exc
    except RuntimeError as exc:
        if "timeout" in str(exc).lower():
            raise OcrTimeoutError(
                f"Tesseract took longer than {timeout:.0f} s; the page was marked failed: "
                "`quire retry VOLUME` tries it again (raise --timeout for very dense pages)"
            ) from exc
        raise OcrEngineError(f"Tesseract failed: {exc}") from exc
    except TesseractError as exc:
        msg = str(exc.message or exc)
        if "Failed loading language" in msg or "Could not initialize tesseract" in msg:
            raise MissingDependencyError(
                f"Tesseract is missing language data ({msg.strip()}); install the tesseract-ocr-LANG package"
            ) from exc
        raise OcrEngineError(f"Tesseract failed: {msg.strip()}") from exc


@contextmanager
def _as_file(image: np.ndarray) -> Iterator[str]:
    """The image as an uncompressed PGM file for Tesseract. pytesseract would write a compressed
    PNG through Pillow, which costs ~100 ms a page (measured), 7% of a page's OCR time."""
    with tempfile.TemporaryDirectory(prefix="quire-ocr-") as tmp:
        path = os.path.join(tmp, "page.pgm")
        if not cv2.imwrite(path, image, [cv2.IMWRITE_PXM_BINARY, 1]):
            raise OcrEngineError("cannot write the page image for Tesseract (is the temp folder full?)")
        yield path


def detect_upside_down(binary: np.ndarray, *, timeout: float = 60, min_confidence: float = 2.0) -> bool:
    """Ask Tesseract's orientation detector whether the page is upside down (needs 180°)."""
    try:
        osd = _call(
            pytesseract.image_to_osd, binary, timeout=timeout, output_type=Output.DICT, config="--psm 0"
        )
    except OcrEngineError:
        return False  # too little text to tell: leave the page as it is
    return int(osd.get("rotate", 0)) == 180 and float(osd.get("orientation_conf", 0)) >= min_confidence


def recognise(
    binary: np.ndarray,
    *,
    index: int,
    source: SourceRef,
    dpi: int,
    lang: str = "eng",
    timeout: float = 180,
    psm: int = 3,
) -> Page:
    """OCR one prepared page image into a Page whose blocks are Tesseract's paragraphs."""
    with _as_file(binary) as path:
        data = _call(
            pytesseract.image_to_data,
            path,
            lang=lang,
            config=f"--psm {psm} --dpi {dpi}",
            output_type=Output.DICT,
            timeout=timeout,
        )
    return page_from_tesseract(
        data,
        index=index,
        source=source,
        width=binary.shape[1],
        height=binary.shape[0],
        dpi=dpi,
        lang=lang,
        psm=psm,
    )


def page_from_tesseract(
    data: dict[str, list[Any]],
    *,
    index: int,
    source: SourceRef,
    width: int,
    height: int,
    dpi: int,
    lang: str,
    psm: int,
) -> Page:
    """Turn `image_to_data` output into blocks → lines → words (confidence normalised to 0..1)."""
    lines: dict[tuple[int, int, int], list[Word]] = defaultdict(list)
    order: list[tuple[int, int, int]] = []
    for i, text in enumerate(data["text"]):
        if int(data["level"][i]) != 5:
            continue
        text = (text or "").strip()
        if not text:
            continue
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        if key not in lines:
            order.append(key)
        x, y, w, h = (int(data[k][i]) for k in ("left", "top", "width", "height"))
        conf = float(data["conf"][i])
        lines[key].append(
            Word(
                text=text,
                bbox=BBox(x, y, x + w, y + h),
                confidence=max(0.0, min(1.0, conf / 100)),
                origin=WordOrigin.OCR,
            )
        )
    pars: dict[tuple[int, int], list[Line]] = defaultdict(list)
    par_order: list[tuple[int, int]] = []
    for key in order:
        words = tuple(lines[key])
        pk = key[:2]
        if pk not in pars:
            par_order.append(pk)
        pars[pk].append(Line(words=words, bbox=BBox.enclosing([w.bbox for w in words])))
    blocks = paragraph_blocks(index, [pars[pk] for pk in par_order])
    return Page(
        index=index,
        source=source,
        width=width,
        height=height,
        dpi=dpi,
        blocks=blocks,
        status=PageStatus.OCR_DONE,
    )
