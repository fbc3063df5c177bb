"""Spreads and blank leaves through the real pipeline and CLI: the split pages are numbered in
reading order, blank leaves get their own status, stay out of the queue, the low-confidence
counts and the exported text."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from rapidfuzz.distance import Levenshtein
from streamlit.testing.v1 import AppTest

from ingest.export.text import render_text
from ingest.model import PageStatus
from ingest.options import IngestOptions
from ingest.pipeline import ingest_paths
from ingest.review import add_user, queue_order
from ui.state import SessionState

from .conftest import SAMPLES, run_quire, shared_path
from .test_spreads import _page, make_spread

APP = str(Path(__file__).resolve().parents[1] / "ui" / "app.py")


def _folder(tmp_path: Path) -> Path:
    """Title page, a blank leaf, a two-page spread (sample pages 4 and 5), sample page 6."""
    d = tmp_path / "book"
    d.mkdir()
    (d / "01.jpg").write_bytes((SAMPLES / "scan" / "page-01.jpg").read_bytes())
    rng = np.random.default_rng(5)
    leaf = np.clip(np.full((2481, 1749), 236.0) + rng.normal(0, 5, (2481, 1749)), 0, 255).astype(np.uint8)
    cv2.imwrite(str(d / "02.png"), leaf)
    cv2.imwrite(str(d / "03.jpg"), make_spread(_page(4), _page(5), shadow=110, surround=30))
    (d / "04.jpg").write_bytes((SAMPLES / "scan" / "page-06.jpg").read_bytes())
    return d


@pytest.mark.slow  # real OCR of a photographed spread (about 50 s)
def test_spread_is_split_and_blank_leaf_kept_apart(store, tmp_path):
    folder = _folder(tmp_path)
    report = ingest_paths(store, [folder], IngestOptions.build(volume="v", jobs=2))
    assert report.ok, report.failed
    assert report.spreads == 1 and report.blank == 1
    vol = store.volume("v")
    pages = store.pages(vol.id)
    assert [p.index for p in pages] == [1, 2, 3, 4, 5]
    assert [p.part for p in pages] == [0, 0, 1, 2, 0]
    assert pages[1].status == PageStatus.BLANK
    assert pages[2].split == pages[3].split and pages[2].split["shadow"] > 40
    # reading order: the left half is sample page 4 (printed 2), the right one page 5 (printed 3)
    left, right = (store.current(p.id).page.text for p in pages[2:4])
    t4, t5 = ((SAMPLES / "truth" / f"page-0{n}.txt").read_text() for n in (4, 5))
    assert (
        Levenshtein.normalized_distance(left, t4) < 0.1 and Levenshtein.normalized_distance(right, t5) < 0.1
    )
    # the blank leaf: out of the queue and the exported text
    assert 2 not in queue_order(pages)
    export = render_text([store.current(p.id).page for p in pages])
    assert [ln.split("\t")[0] for ln in export.pages_tsv.splitlines()] == ["1", "2", "3", "4", "5"]

    status = run_quire("status", "v", home=store.home, check=True)
    assert "blank pages: 2" in status.stdout
    assert "pages from two-page images │ 2 (from 1 images)" in status.stdout
    assert "low-confidence pages: 2" not in status.stdout

    # the volume's quality (`quire status --json`, the Quality view): the leaf apart, no estimate,
    # never among the pages that need a person
    report = json.loads(run_quire("status", "v", "--json", home=store.home, check=True).stdout)
    assert report["blank_pages"] == [2]
    assert sorted(report["needs_a_person_first"]) == [1, 3, 4, 5]
    leaf = next(r for r in report["pages"] if r["index"] == 2)
    assert (leaf["stage"], leaf["estimated_error"], leaf["blank"]) == ("blank", None, True)
    bob = add_user(store, "bob", "corrector", "bob-secret-pw")
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["quire"] = SessionState(user=bob)
    at = at.run().switch_page("views/quality.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Blank leaves (no text read): 2" in [c.value for c in at.caption]
    assert 2 not in list(at.dataframe[0].value["page"])
    assert any(m.label == "Proofread" and m.value == "0 of 4" for m in at.metric)  # of the pages with text


def test_spreads_no_keeps_the_image_whole(store, tmp_path):
    folder = _folder(tmp_path)
    (folder / "02.png").unlink()
    report = ingest_paths(store, [folder / "03.jpg"], IngestOptions.build(volume="w", jobs=1, spreads="no"))
    assert report.spreads == 0
    assert [p.part for p in store.pages(store.volume("w").id)] == [0]


def test_real_blank_pdf_page_is_blank(store):
    blank = shared_path("scans", "badinput", "ocrmypdf_blank.pdf")
    report = ingest_paths(store, [blank], IngestOptions.build(volume="b", jobs=1))
    assert report.ok and report.blank == 1
    (page,) = store.pages(store.volume("b").id)
    assert page.status == PageStatus.BLANK and page.mean_confidence is None


@pytest.mark.slow  # real OCR of a photographed spread (about 50 s)
def test_cut_moved_then_split_undone(store, tmp_path):
    from ingest.pipeline import change_split

    folder = _folder(tmp_path)
    (folder / "01.jpg").unlink()
    (folder / "02.png").unlink()
    ingest_paths(store, [folder], IngestOptions.build(volume="s", jobs=1))
    vol = store.volume("s")
    left, right, after = store.pages(vol.id)
    assert (left.part, right.part, after.index) == (1, 2, 3)
    width = left.split["width"]
    old_cut = left.split["cut"]
    # an archivist moves the cut 200 px into the right page: both pages are read again
    report = change_split(store, left.id, cut=old_cut + 200, author="ann")
    assert report.ocr_done == 2 and report.ok
    left2, right2, _ = store.pages(vol.id)
    assert left2.region == (0, 0, old_cut + 200, left.region[3])
    assert right2.region == (old_cut + 200, 0, width, left.region[3])
    assert left2.split["moved_by"] == "ann"
    ocr_revs = [r for r in store.revisions(left2.id) if r.reason == "ocr"]
    assert len(ocr_revs) == 2 and ocr_revs[1].base_id is not None
    # undo: one page again, the page after it renumbered, its revisions say so
    change_split(store, right2.id, cut=None, author="ann")
    whole, last = store.pages(vol.id)
    assert (whole.part, whole.region, last.index) == (0, None, 2)
    assert whole.split["undone_by"] == "ann"
    assert store.current(last.id).page.index == 2
    text = store.current(whole.id).page.text
    t4 = (SAMPLES / "truth" / "page-04.txt").read_text()
    # the whole image is read as one page again: the left page's text is there
    assert Levenshtein.normalized_distance(text[: len(t4)], t4) < 0.25
    export = render_text([store.current(p.id).page for p in store.pages(vol.id)])
    assert [ln.split("\t")[0] for ln in export.pages_tsv.splitlines()] == ["1", "2"]
