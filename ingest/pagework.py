"""The unit of parallel work: one page image in, one OCRed page (and its display image) out.

`ocr_page` is a top-level function of plain, picklable values so that any executor (a local
process pool or a Dask cluster) can run it; it touches neither the store nor global state.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import time
from dataclasses import dataclass

import cv2
import numpy as np
import threadpoolctl
from PIL import Image

from ingest import contents_pass, numbers_pass, ocr, preprocess
from ingest.errors import InputError, MissingDependencyError, QuireError
from ingest.model import Page, PageStatus, ProcessingStep, SourceRef

#: Below this mean word confidence the page is also tried upside down.
UPSIDE_DOWN_SUSPECT = 0.55
#: Below this mean word confidence, when no language was given, Tesseract's script detection is
#: asked whether the page is in another script (Fraktur, Cyrillic, ...).
SCRIPT_SUSPECT = 0.8
#: Script detection surer than this (Tesseract's own scale; Latin pages of the samples give 1–6,
#: the Kant Fraktur pages 6–14) is believed.
MIN_SCRIPT_CONFIDENCE = 2.0


#: Fewer words of letters than this on a page: too little text to suspect another script.
MIN_SCRIPT_WORDS = 8


def wordlike_confidence(page: Page, *, min_words: int = MIN_SCRIPT_WORDS) -> float | None:
    """Mean confidence of the page's words of letters (two or more, no leader dots, not the letter
    soup OCR makes of dotted leaders), or None when there are fewer than `min_words` of them. A
    contents page's leaders are read with no confidence in any script; they say nothing of it."""
    from ingest.layout.leaders import has_leader_dots, is_soup

    confs = [
        w.confidence
        for w in page.words
        if sum(c.isalpha() for c in w.text) >= 2 and not has_leader_dots(w.text) and not is_soup(w.text)
    ]
    return sum(confs) / len(confs) if len(confs) >= min_words else None


#: Words with at least this many letters or figures say which way Tesseract ran a page's lines.
MIN_SHAPE_CHARS = 3


def tall_share(page: Page, *, min_chars: int = MIN_SHAPE_CHARS) -> float:
    """Share of the page's words of `min_chars` or more letters and figures whose box is taller than
    wide (0.0 when there is none). A word set along a line is wider than tall; Tesseract also reads
    lines that run down the image (text on its side) and then boxes each word tall and narrow."""
    long = [w for w in page.words if sum(c.isalnum() for c in w.text) >= min_chars]
    return sum(w.bbox.height > w.bbox.width for w in long) / len(long) if long else 0.0


def words_run_down(page: Page) -> bool:
    """Whether most of the page's longer words were read down the image (`tall_share` above half)."""
    return tall_share(page) > 0.5


def believed_script(osd: ocr.Osd | None, letters_conf: float | None) -> str | None:
    """The script Tesseract's script detection names for a page, when it is to be believed: it is
    sure enough (`MIN_SCRIPT_CONFIDENCE`) and the page has enough words of letters to have a
    script at all (`wordlike_confidence` is not None). Detection asked about a page for its
    orientation also names a script, and on a page of leaders, figures and specks that name
    says nothing."""
    if osd is None or not osd.script or osd.script_confidence < MIN_SCRIPT_CONFIDENCE:
        return None
    return osd.script if letters_conf is not None else None


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
    region: tuple[int, int, int, int] | None = None  # one page of a spread: x0, y0, x1, y1
    detect_script: bool = False  # no --lang given: another script may choose the model


@dataclass(frozen=True)
class OcrResult:
    page_id: int
    page: Page | None
    display: bytes | None
    display_suffix: str = ".png"
    error: str | None = None
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()
    #: Seconds this page spent in each step in the worker (`STEPS`), wall clock and CPU
    timings: tuple[tuple[str, float], ...] = ()
    cpu: tuple[tuple[str, float], ...] = ()


def exif_orientation(data: bytes) -> int:
    """The EXIF orientation (1–8) a camera wrote into the image (1: as stored). Phones store the
    sensor's pixels and say in this tag how to turn them."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            value = int(img.getexif().get(0x0112, 1))
    except Exception:  # no EXIF, or a damaged one: take the pixels as stored
        return 1
    return value if 1 <= value <= 8 else 1


def apply_orientation(arr: np.ndarray, orientation: int) -> np.ndarray:
    """Turn/flip stored pixels as EXIF `orientation` says, so the image shows as the camera meant."""
    if orientation in (2, 4):
        arr = cv2.flip(arr, 1 if orientation == 2 else 0)
    elif orientation == 3:
        arr = cv2.rotate(arr, cv2.ROTATE_180)
    elif orientation == 5:
        arr = cv2.transpose(arr)
    elif orientation == 6:
        arr = cv2.rotate(arr, cv2.ROTATE_90_CLOCKWISE)
    elif orientation == 7:
        arr = cv2.rotate(cv2.transpose(arr), cv2.ROTATE_180)
    elif orientation == 8:
        arr = cv2.rotate(arr, cv2.ROTATE_90_COUNTERCLOCKWISE)
    return arr


def decode(data: bytes, *, what: str = "page image", flags: int = cv2.IMREAD_UNCHANGED) -> np.ndarray:
    """The page as it is meant to be seen: decoded, 8-bit, turned as its EXIF orientation says."""
    arr = cv2.imdecode(np.frombuffer(data, np.uint8), flags | cv2.IMREAD_IGNORE_ORIENTATION)
    if arr is None:
        raise InputError(f"the {what} cannot be decoded")
    if arr.dtype != np.uint8:  # 16-bit scans: keep the top 8 bits
        arr = (arr / 257).astype(np.uint8)
    return apply_orientation(arr, exif_orientation(data))


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


@functools.cache
def one_thread() -> None:
    """Make this process's OpenCV and BLAS (numpy's linear algebra) work in one thread each, as
    Tesseract does (`OMP_THREAD_LIMIT`): pages run in parallel in processes, one page in each,
    and a process's own pool of threads only makes the workers fight for the same cores. On 40 dev
    pages a page's preprocessing took 0.16 s of CPU with a thread per core, 0.13 s with one (a
    curled page's straightening four times as much: BLAS's threads wait for each other spinning);
    the images are the same. Done once in each process that reads pages."""
    cv2.setNumThreads(1)
    threadpoolctl.threadpool_limits(1)


def ocr_page(task: OcrTask) -> OcrResult:
    """Prepare and OCR one page. Errors come back in the result (never raised) so that one bad
    page cannot stop a batch; only a missing Tesseract is raised, since it stops every page."""
    one_thread()
    start = time.perf_counter()
    clock = _Clock()
    try:
        page, display, warnings = _ocr(task, clock)
    except QuireError as exc:
        if isinstance(exc, MissingDependencyError):
            raise
        return OcrResult(task.page_id, None, None, error=exc.message, seconds=time.perf_counter() - start)
    if display is None:  # the page as given is shown as it is: no re-encoding
        data, suffix = task.image, ".jpg" if task.image.startswith(JPEG) else ".png"
    else:
        data, suffix = encode_display(display, like=task.image)
    clock.lap("encode")
    return OcrResult(
        task.page_id,
        page,
        data,
        suffix,
        seconds=time.perf_counter() - start,
        warnings=warnings,
        timings=tuple(clock.laps.items()),
        cpu=tuple(clock.cpu.items()),
    )


#: The steps of a page in a worker, as timed: the image decoded; preprocessed (the capture checks,
#: straightening, binarising); Tesseract's page reading; the second looks some pages get
#: (orientation and script detection with the readings it calls for, the contents pass, the
#: page-number pass); the display image encoded (or the page as given kept).
STEPS = ("decode", "preprocess", "recognise", "orientation", "contents", "numbers", "encode")


class _Clock:
    """Seconds spent in each step of a page (wall clock and this process's CPU), by step name."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._t = time.perf_counter()
        self._c = time.process_time()

    def lap(self, step: str) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        self.laps[step] = self.laps.get(step, 0.0) + now - self._t
        self.cpu[step] = self.cpu.get(step, 0.0) + cpu - self._c
        self._t, self._c = now, cpu


JPEG, PNG = b"\xff\xd8", b"\x89PNG\r\n\x1a\n"


def _shown_as_given(task: OcrTask, prep: preprocess.Prepared) -> bool:
    """True when the display image is the page exactly as given (nothing cut, turned, enlarged or
    flattened; no EXIF turn) in a format a browser and a PDF show as it is (8-bit grey or RGB JPEG
    or PNG), so its bytes are stored again instead of decoded pixels encoded anew."""
    if task.region is not None or not prep.untouched or not task.image.startswith((JPEG, PNG)):
        return False
    try:
        with Image.open(io.BytesIO(task.image)) as img:
            return img.mode in ("L", "RGB") and int(img.getexif().get(0x0112, 1)) == 1
    except Exception:  # the decoder took it, PIL does not: encode it anew
        return False


def warm_up(lang: str) -> None:
    """Load this worker's Tesseract engine for `lang` before its first page (and set its threads:
    `one_thread`)."""
    one_thread()
    ocr.load_engine(lang)


def is_blank_text(page: Page, *, min_confidence: float = 0.5) -> bool:
    """True when OCR found no word with a letter or digit read with at least `min_confidence`
    (specks, show-through and a scanner's dust read as stray marks)."""
    return not any(w.confidence >= min_confidence and any(c.isalnum() for c in w.text) for w in page.words)


def _blank_page(task: OcrTask, prep: preprocess.Prepared, reason: str) -> Page:
    h, w = prep.display.shape[:2]
    return Page(
        index=task.index,
        source=task.source,
        width=w,
        height=h,
        dpi=round(task.dpi * prep.scale),
        status=PageStatus.BLANK,
        steps=(
            ProcessingStep("preprocess", preprocess.VERSION, prep.record()),
            ProcessingStep("blank", preprocess.VERSION, {"found_by": reason}),
        ),
    )


def _ocr(task: OcrTask, clock: _Clock) -> tuple[Page, np.ndarray | None, tuple[str, ...]]:
    """The page, its display image (None: the page as given) and warnings."""
    image = decode(task.image)
    if task.region is not None:
        x0, y0, x1, y1 = task.region
        image = image[y0:y1, x0:x1]
    clock.lap("decode")
    prep = preprocess.prepare(image, rotation=task.rotation)
    clock.lap("preprocess")
    as_given = _shown_as_given(task, prep)
    if prep.blank:
        return _blank_page(task, prep, "no lettering"), None if as_given else prep.display, prep.warnings
    dpi = round(task.dpi * prep.scale)

    def read(img: np.ndarray, lang: str, psm: int = ocr.PSM_AUTO) -> Page:
        return ocr.recognise(
            img, index=task.index, source=task.source, dpi=dpi, lang=lang, timeout=task.timeout, psm=psm
        )

    page = read(prep.binary, task.lang)
    clock.lap("recognise")
    if task.rotation is None and prep.rotation in (0, 90) and words_run_down(page):
        # Tesseract read the page's lines down the image: the ink profile's quarter turn (or its
        # absence) came from something other than the lines, such as a dark gutter or border band
        # or the column gaps of an uncut spread. The page is prepared the other way and read
        # again; the reading whose words lie along its lines is kept.
        way = preprocess.prepare(image, rotation=90 - prep.rotation)
        dpi = round(task.dpi * way.scale)
        again = read(way.binary, task.lang)
        if not way.blank and tall_share(again) < tall_share(page):
            note = "turn_refused" if prep.rotation else "turned_by_reading"
            prep, page = dataclasses.replace(way, notes={**way.notes, note: True}), again
            as_given = _shown_as_given(task, prep)
        else:
            dpi = round(task.dpi * prep.scale)
        clock.lap("orientation")
    elif task.rotation is None and prep.rotation == 90 and not contents_pass.read_anything(page):
        # the ink profile turned the page, and the page reading found no word on it at all:
        # a sparse page (a contents title and one entry with its leader) whose dark edges or
        # gutter shadow gave the ink a sharper column profile than its few lines. No reading
        # confirms the turn, so the page keeps its orientation as given, and the contents pass
        # below reads it that way
        way = preprocess.prepare(image, rotation=0)
        dpi = round(task.dpi * way.scale)
        page = read(way.binary, task.lang)
        prep = dataclasses.replace(way, notes={**way.notes, "turn_unread": True})
        as_given = _shown_as_given(task, prep)
        clock.lap("orientation")
    quarter_turned = prep.rotation == 90 and task.rotation is None
    binary, display, rotation = prep.binary, prep.display, prep.rotation
    warnings = list(prep.warnings)
    conf = page.mean_confidence()
    upside_down_suspect = conf is not None and conf < UPSIDE_DOWN_SUSPECT and task.rotation is None
    letters_conf = wordlike_confidence(page)
    script_suspect = task.detect_script and letters_conf is not None and letters_conf < SCRIPT_SUSPECT
    osd = (
        ocr.orientation_and_script(binary)
        if quarter_turned or upside_down_suspect or script_suspect
        else None
    )
    if osd is not None and (quarter_turned or upside_down_suspect) and osd.upside_down:
        flipped = read(preprocess.quarter_turn(binary, 2), task.lang)
        if (flipped.mean_confidence() or 0) > (conf or 0):
            page, rotation, conf = flipped, (rotation + 180) % 360, flipped.mean_confidence()
            binary = preprocess.quarter_turn(binary, 2)
            display = preprocess.quarter_turn(display, 2)
    lang = task.lang
    ocr_opts: dict[str, object] = {"engine": "tesseract", "lang": lang, "psm": 3}
    script = believed_script(osd, letters_conf)
    if osd is not None and script:
        ocr_opts.update(script=script, script_confidence=round(osd.script_confidence, 2))
    if script_suspect and script:
        suggested = ocr.SCRIPT_LANGS.get(script)
        if suggested and suggested != lang:
            if suggested in ocr.installed_languages():
                other = read(binary, suggested)
                if (other.mean_confidence() or 0) > (conf or 0):
                    page, lang = other, suggested
                    warnings.append(
                        f"Tesseract's script detection sees {script} type: read with `{suggested}` "
                        f"(no --lang was given; give --lang to choose)"
                    )
            else:
                warnings.append(
                    f"Tesseract's script detection sees {script} type, read poorly with `{lang}`: "
                    f"install tesseract-ocr-{suggested} and ingest again with --lang {suggested}"
                )
    ocr_opts["lang"] = lang
    clock.lap("orientation")
    page, sparse = contents_pass.read_contents(page, binary, lambda img, psm: read(img, lang, psm))
    if sparse:
        ocr_opts["contents_pass"] = True  # a contents page read again as sparse text (contents_pass)
    clock.lap("contents")
    page, numbers = numbers_pass.read_numbers(binary, page, lang=lang)
    if numbers:
        ocr_opts["numbers_pass"] = numbers  # page numbers read by the second look (numbers_pass)
    steps = (
        ProcessingStep("preprocess", preprocess.VERSION, {**prep.record(), "rotation": rotation}),
        ProcessingStep("ocr", ocr.VERSION, ocr_opts),
    )
    clock.lap("numbers")
    shown: np.ndarray | None = None if as_given and rotation == prep.rotation else display
    if is_blank_text(page):
        return _blank_page(task, prep, "no word read"), shown, tuple(warnings)
    return dataclasses.replace(page, steps=steps), shown, tuple(warnings)
