"""One page's way through a worker: the page as given is stored as given when nothing in it was
changed, a straightened page is encoded anew, and the time of each step is reported (real sample
scans, real Tesseract)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from ingest import pagework, pipeline, preprocess
from ingest.model import SourceRef
from ingest.options import IngestOptions
from ingest.pagework import OcrTask, decode, ocr_page
from ingest.store import Store
from tests.test_capture import _gray

STEPS = pagework.STEPS


def _jpeg(gray: np.ndarray) -> bytes:
    ok, buf = cv2.imencode(".jpg", gray, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    return buf.tobytes()


def _task(image: bytes) -> OcrTask:
    return OcrTask(page_id=1, index=1, image=image, source=SourceRef("page.jpg", 1, ""), dpi=300)


def test_straight_page_is_stored_as_given_and_its_steps_timed() -> None:
    data = _jpeg(_gray(3))  # a straight page without borders: nothing to cut, turn or enlarge
    assert preprocess.prepare(decode(data)).untouched
    res = ocr_page(_task(data))
    assert res.page is not None and res.page.words
    assert res.display == data and res.display_suffix == ".jpg"  # not decoded and encoded again
    timings = dict(res.timings)
    assert tuple(timings) == STEPS
    assert all(t >= 0 for t in timings.values())
    assert timings["recognise"] > 0
    cpu = dict(res.cpu)  # the same steps in CPU seconds: Tesseract's reading is the bulk of them
    assert tuple(cpu) == STEPS and all(t >= 0 for t in cpu.values())
    assert cpu["recognise"] > 0.5 * sum(cpu.values())


def test_turned_page_is_straightened_and_encoded_anew() -> None:
    gray = _gray(3)
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), 2.0, 1.0)
    data = _jpeg(cv2.warpAffine(gray, m, (w, h), borderValue=255))
    res = ocr_page(_task(data))
    assert res.page is not None and res.display is not None
    assert res.display != data
    shown = decode(res.display)
    assert shown.shape[:2] == (res.page.height, res.page.width)
    skew = next(s for s in res.page.steps if s.name == "preprocess").options["skew"]
    assert abs(skew + 2.0) <= 0.3  # turned back by the 2° it was turned


def test_ingest_reports_the_time_split(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.jpg").write_bytes(_jpeg(_gray(3)))
    store = Store(tmp_path / "home")
    opts = IngestOptions.build(volume="v", jobs=1, clean=False)
    report = pipeline.ingest_paths(store, [src], opts)
    assert report.ocr_done == 1 and report.timed_pages == 1
    assert set(report.timings) == {*STEPS, "store"}
    split = report.time_split()
    assert all(f"{step} " in split for step in (*STEPS, "store"))
    assert set(report.cpu_timings) == {*STEPS, "store"}
    assert all(f"{step} " in report.time_split(cpu=True) for step in (*STEPS, "store"))
    store.close()
