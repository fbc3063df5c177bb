"""A page worker's own threads, and the 16-bit labelling of sparse ink masks (real sample pages)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np

from ingest import ink
from tests.test_capture import SAMPLES, _gray

ROOT = Path(__file__).resolve().parent.parent

#: Reads one sample page in a fresh process, as a pool worker does, and says how many threads
#: OpenCV and each BLAS library of the process then use.
_READ_ONE_PAGE = """
import json, sys
import cv2, threadpoolctl
from ingest.model import SourceRef
from ingest.pagework import OcrTask, ocr_page
data = open(sys.argv[1], "rb").read()
res = ocr_page(OcrTask(page_id=1, index=1, image=data, source=SourceRef("p.jpg", 1, ""), dpi=300))
blas = [lib["num_threads"] for lib in threadpoolctl.threadpool_info() if lib["user_api"] == "blas"]
print(json.dumps({"words": len(res.page.words), "opencv": cv2.getNumThreads(), "blas": blas}))
"""


def test_a_process_that_reads_a_page_runs_opencv_and_blas_in_one_thread() -> None:
    """Pages run in parallel in processes: a worker's OpenCV and numpy's BLAS each had a thread
    per core as well (two workers on two cores: four threads each fighting for two cores)."""
    page = SAMPLES / "scan" / "page-03.jpg"
    out = subprocess.run(
        [sys.executable, "-c", _READ_ONE_PAGE, str(page)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    ).stdout
    seen = json.loads(out.strip().splitlines()[-1])
    assert seen["words"] > 50
    assert seen["opencv"] == 1
    assert seen["blas"] and all(n == 1 for n in seen["blas"])


def _reference(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=cv2.CV_32S)
    return n, labels, stats


def test_components_of_a_page_are_those_of_32_bit_labelling() -> None:
    """A page's ink and its sparse remainder (what the page-number pass labels once the words
    are blanked out) get the same labels and statistics as with 32-bit labels."""
    mask = ink.ink_mask(ink.binarise(_gray(3)))
    sparse = mask.copy()
    sparse[:, : mask.shape[1] * 9 // 10] = 0  # the right margin's ink only
    for m in (mask, sparse):
        n, labels, stats = ink.components(m)
        rn, rlabels, rstats = _reference(m)
        assert n == rn > 1
        assert np.array_equal(labels, rlabels)
        assert np.array_equal(stats, rstats)
    assert ink.components(sparse)[1].dtype == np.uint16  # few pixels: the cheaper labels


def test_more_blobs_than_16_bits_can_number_are_all_labelled() -> None:
    """70,000 separate specks: more than a 16-bit label image can tell apart; every one is a
    blob of its own, one pixel each."""
    mask = np.zeros((700, 400), np.uint8)
    mask[::2, ::2] = 1  # 350 × 200 specks, none touching another (8-connected)
    n, labels, stats = ink.components(mask)
    assert n == 70_001
    assert int(labels.max()) == 70_000
    assert (stats[1:, cv2.CC_STAT_AREA] == 1).all()
    few = mask.copy()
    few.flat[np.flatnonzero(few)[65_534:]] = 0  # as many specks as 16-bit labels can number
    n, labels, _ = ink.components(few)
    assert n == 65_535 and labels.dtype == np.uint16
