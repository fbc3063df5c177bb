"""The only caller of Tesseract: image → Page with words, boxes, confidences.

Pages are recognised through Tesseract's C++ API (tesserocr): each worker process keeps one loaded
engine per language and page mode between pages and hands it the page in memory, instead of
starting the `tesseract` program, loading the model and writing an image file for every page.
The program itself (through pytesseract, imported only then: it imports pandas, most of a second
of CPU in every process) serves orientation detection and says where the language data is.
Tesseract's quirks are turned into domain errors here: a missing binary or language pack becomes
`MissingDependencyError` with the install command, a hung page `OcrTimeoutError`.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import tesserocr

from ingest.errors import MissingDependencyError, OcrEngineError, OcrTimeoutError
from ingest.model import BBox, Line, Page, SourceRef, Word, WordOrigin, line_of, page_of_lines

# The OCR step's version, kept with every page it reads: bump it when what the step makes changes
# (Tesseract's reading and the second looks for page numbers and contents entries).
VERSION = "8"
INSTALL_HINT = (
    "install it with `sudo apt-get install tesseract-ocr tesseract-ocr-eng` (or your system's package)"
)

# One Tesseract thread per process: pages run in parallel across processes instead.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


#: The `tesseract` program: orientation detection runs it, and it says where the models are.
TESSERACT_CMD = "tesseract"


def check_tesseract(lang: str = "eng") -> str:
    """Return the version of the Tesseract that reads the pages; raise MissingDependencyError if
    the `tesseract` program or `lang` is not installed."""
    if shutil.which(TESSERACT_CMD) is None:
        raise MissingDependencyError(f"Tesseract OCR is not installed; {INSTALL_HINT}")
    installed = _languages()
    version = str(tesserocr.tesseract_version()).split()[1]
    missing = [x for x in lang.split("+") if x not in installed]
    if missing:
        pkgs = " ".join(f"tesseract-ocr-{m}" for m in missing)
        raise MissingDependencyError(
            f"Tesseract has no language data for {', '.join(missing)}; "
            f"install it with `sudo apt-get install {pkgs}` (installed: {', '.join(sorted(installed))})"
        )
    return version


def _call(fn: Any, *args: Any, timeout: float, **kw: Any) -> Any:
    from pytesseract import TesseractError, TesseractNotFoundError

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


#: Orientation confidence from which OSD's "turn it 180°" is believed.
MIN_FLIP_CONFIDENCE = 2.0


@dataclass(frozen=True)
class Osd:
    """What Tesseract's orientation and script detection (OSD) saw on a page."""

    rotate: int  # clockwise degrees that turn the page upright
    orientation_confidence: float
    script: str  # Latin, Fraktur, Cyrillic, Han, ...
    script_confidence: float

    @property
    def upside_down(self) -> bool:
        """OSD is sure enough that the page is upside down (needs turning 180°)."""
        return self.rotate == 180 and self.orientation_confidence >= MIN_FLIP_CONFIDENCE


def orientation_and_script(binary: np.ndarray, *, timeout: float = 60) -> Osd | None:
    """Tesseract's OSD of a page, or None when it has too little text to tell."""
    import pytesseract

    try:
        osd = _call(
            pytesseract.image_to_osd,
            binary,
            timeout=timeout,
            output_type=pytesseract.Output.DICT,
            config="--psm 0",
        )
    except OcrEngineError:
        return None
    return Osd(
        rotate=int(osd.get("rotate", 0)),
        orientation_confidence=float(osd.get("orientation_conf", 0)),
        script=str(osd.get("script", "")),
        script_confidence=float(osd.get("script_conf", 0)),
    )


#: The Tesseract model to read a script OSD names with, when no language was given (Debian
#: packages tesseract-ocr-<code>); Latin script is read with the language given or `eng`.
SCRIPT_LANGS = {
    "Fraktur": "frk",
    "Cyrillic": "rus",
    "Greek": "ell",
    "Arabic": "ara",
    "Hebrew": "heb",
    "Han": "chi_sim",
    "Japanese": "jpn",
    "Hangul": "kor",
    "Devanagari": "hin",
    "Thai": "tha",
}


def _languages() -> set[str]:
    """The language models in Tesseract's model folder (MissingDependencyError without Tesseract)."""
    return set(tesserocr.get_languages(tessdata_dir())[1])


def installed_languages() -> set[str]:
    try:
        return _languages()
    except MissingDependencyError:
        return set()


@functools.cache
def tessdata_dir() -> str:
    """The folder of Tesseract's language models: $TESSDATA_PREFIX, else where the installed
    `tesseract` program reads them (it says so in `--list-langs`)."""
    env = os.environ.get("TESSDATA_PREFIX")
    if env:
        return env
    try:
        cmd = [TESSERACT_CMD, "--list-langs"]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise MissingDependencyError(f"Tesseract OCR cannot be run ({exc}); {INSTALL_HINT}") from exc
    found = re.search(r'"([^"]+)"', out)
    if not found:
        raise MissingDependencyError(f"Tesseract does not say where its language data is; {INSTALL_HINT}")
    return found.group(1)


_engines = threading.local()


def _engine(lang: str, psm: int) -> tesserocr.PyTessBaseAPI:
    """This thread's loaded engine for `lang` and page mode `psm` (loaded once, kept between pages)."""
    cache: dict[tuple[str, int], tesserocr.PyTessBaseAPI] = _engines.__dict__.setdefault("apis", {})
    api = cache.get((lang, psm))
    if api is None:
        try:
            api = tesserocr.PyTessBaseAPI(path=tessdata_dir(), lang=lang, psm=psm)
        except RuntimeError as exc:
            raise MissingDependencyError(
                f"Tesseract cannot load the language data {lang!r} from {tessdata_dir()} ({exc}); "
                "install the tesseract-ocr-LANG package"
            ) from exc
        cache[(lang, psm)] = api
    return api


#: Tesseract's page segmentation modes for a small image holding one line, or one word.
PSM_SINGLE_LINE = 7
PSM_SINGLE_WORD = 8


def read_line(
    image: np.ndarray, *, lang: str = "eng", whitelist: str = "", psm: int = PSM_SINGLE_LINE
) -> tuple[str, float]:
    """(text, confidence 0..1) of a small image holding one line (page segmentation mode 7, or
    `psm`), read with only the characters of `whitelist` when given. This thread keeps one engine
    per mode for it."""
    api = _engine(lang, psm)
    api.SetVariable("tessedit_char_whitelist", whitelist)
    height, width = image.shape[:2]
    api.SetImageBytes(np.ascontiguousarray(image).tobytes(), width, height, 1, width)
    text = api.GetUTF8Text().strip()
    conf = max(0.0, min(1.0, api.MeanTextConf() / 100))
    api.Clear()
    return text, conf


def read_words(
    image: np.ndarray, *, lang: str = "eng", psm: int = PSM_SINGLE_LINE
) -> list[tuple[str, BBox, float]]:
    """The words of a small 8-bit grey image holding one line (page segmentation mode 7, or
    `psm`): (text, box in the image's pixels, confidence 0..1) in reading order. This thread
    keeps one engine per mode for it."""
    api = _engine(lang, psm)
    api.SetVariable("tessedit_char_whitelist", "")
    height, width = image.shape[:2]
    api.SetImageBytes(np.ascontiguousarray(image).tobytes(), width, height, 1, width)
    data = parse_tsv(api.GetTSVText(0))
    api.Clear()
    out = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        if int(data["level"][i]) != 5 or not text:
            continue
        x, y, w, h = (int(data[k][i]) for k in ("left", "top", "width", "height"))
        out.append((text, BBox(x, y, x + w, y + h), max(0.0, min(1.0, float(data["conf"][i]) / 100))))
    return out


#: Tesseract's page segmentation mode for a page of any layout (its default).
PSM_AUTO = 3


def load_engine(lang: str, psm: int = PSM_AUTO) -> None:
    """Load the engine `recognise` will use for `lang` and `psm` in this thread now."""
    _engine(lang, psm)


#: The columns of Tesseract's TSV output (what `image_to_data` returns, as lists).
TSV_COLUMNS = (
    "level", "page_num", "block_num", "par_num", "line_num", "word_num",
    "left", "top", "width", "height", "conf", "text",
)  # fmt: skip


def parse_tsv(tsv: str) -> dict[str, list[Any]]:
    """Tesseract's TSV text as columns of values, the shape `pytesseract.image_to_data` gives."""
    data: dict[str, list[Any]] = {c: [] for c in TSV_COLUMNS}
    for row in tsv.splitlines():
        cells = row.split("\t", len(TSV_COLUMNS) - 1)
        if len(cells) < len(TSV_COLUMNS) - 1 or not cells[0].isdigit():
            continue  # a header line
        cells += [""] * (len(TSV_COLUMNS) - len(cells))
        for col, cell in zip(TSV_COLUMNS, cells, strict=True):
            data[col].append(cell if col == "text" else float(cell) if col == "conf" else int(cell))
    return data


def recognise(
    binary: np.ndarray,
    *,
    index: int,
    source: SourceRef,
    dpi: int,
    lang: str = "eng",
    timeout: float = 180,
    psm: int = PSM_AUTO,
) -> Page:
    """OCR one prepared page image (8-bit grey) into a Page whose blocks are Tesseract's paragraphs."""
    image = np.ascontiguousarray(binary if binary.ndim == 2 else cv2.cvtColor(binary, cv2.COLOR_BGR2GRAY))
    height, width = image.shape
    api = _engine(lang, psm)
    api.SetImageBytes(image.tobytes(), width, height, 1, width)
    api.SetSourceResolution(dpi)
    start = time.monotonic()
    if not api.Recognize(timeout=int(timeout * 1000)):
        if time.monotonic() - start >= 0.9 * timeout:
            raise OcrTimeoutError(
                f"Tesseract took longer than {timeout:.0f} s; the page was marked failed: "
                "`quire retry VOLUME` tries it again (raise --timeout for very dense pages)"
            )
        raise OcrEngineError("Tesseract could not recognise the page")
    data = parse_tsv(api.GetTSVText(0))
    api.Clear()
    return page_from_tesseract(
        data, index=index, source=source, width=width, height=height, dpi=dpi, lang=lang, psm=psm
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
        pars[pk].append(line_of(words))
    return page_of_lines(
        [pars[pk] for pk in par_order], index=index, source=source, width=width, height=height, dpi=dpi
    )
