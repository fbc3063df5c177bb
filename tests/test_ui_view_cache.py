"""The page view's display copies: drawn once, served byte for byte, bounded on disk, and handed
out only to a user allowed to review; the word boxes drawn over them as numbers only."""

from __future__ import annotations

import base64
import logging
import os
import re
import time
from dataclasses import replace
from pathlib import Path

import psutil
import pytest
from PIL import Image

from ingest.errors import PermissionDenied
from ingest.model import WordOrigin
from ingest.store import Store
from tests import pane_helpers
from tests.test_ui_app import BOB, _app, _no_errors, _open
from tests.test_ui_app import home as home  # noqa: F401 (the fixtures: a copy of the OCRed demo store)
from ui import data, view_cache
from ui.components import page_image, page_view
from ui.view_cache import ViewCache


def _scan(path: Path, w: int = 1600, h: int = 2200, shade: int = 0) -> Path:
    Image.linear_gradient("L").resize((w, h)).point(lambda v: (v + shade) % 256).save(path, quality=90)
    return path


def test_a_copy_is_drawn_once_then_read_as_it_is(tmp_path: Path) -> None:
    scan = _scan(tmp_path / "abc.jpg")
    cache = ViewCache(tmp_path / "view", 10**9)
    first = cache.read(scan, 1000)
    made = cache.path(scan, 1000)
    assert made.name == "abc-1000.jpg" and made.read_bytes() == first
    with Image.open(made) as im:
        assert im.size == (1000, round(2200 * 1000 / 1600))
    inode = made.stat().st_ino
    scan.unlink()  # the copy no longer needs its source
    assert cache.read(scan, 1000) == first
    assert made.stat().st_ino == inode  # not drawn again


def test_the_folder_stays_within_its_bound_and_keeps_what_is_used(tmp_path: Path) -> None:
    scans = [_scan(tmp_path / f"s{i}.jpg", 1200, 1600, shade=i * 37) for i in range(8)]
    probe = ViewCache(tmp_path / "probe", 10**9)
    one = len(probe.read(scans[0], 800))
    bound = int(one * 3.5)
    cache = ViewCache(tmp_path / "view", bound)
    cache.read(scans[0], 800)
    for s in scans[1:]:
        time.sleep(0.01)
        cache.read(s, 800)
        time.sleep(0.01)
        cache.read(scans[0], 800)  # the first page stays in use
        total = sum(p.stat().st_size for p in (tmp_path / "view").iterdir())
        assert total <= bound
    left = sorted(p.name for p in (tmp_path / "view").iterdir())
    assert "s0-800.jpg" in left and "s1-800.jpg" not in left
    assert "s7-800.jpg" in left  # the newest


def test_a_copy_removed_by_another_server_is_drawn_again(tmp_path: Path) -> None:
    scan = _scan(tmp_path / "p.jpg")
    a, b = ViewCache(tmp_path / "view", 10**9), ViewCache(tmp_path / "view", 10**9)
    first = a.read(scan, 1000)
    b.path(scan, 1000).unlink()
    assert a.read(scan, 1000) == first


def test_copies_drawn_ahead_are_drawn_alike_by_a_process_at_the_lowest_priority(tmp_path: Path) -> None:
    scans = [_scan(tmp_path / f"s{i}.jpg", shade=i * 40) for i in range(2)]
    here = ViewCache(tmp_path / "here", 10**9)
    ahead = ViewCache(tmp_path / "ahead", 10**9)
    drawer = view_cache.Drawer()
    try:
        made = ahead.get(scans[0], 1000, drawer)
        assert made.read_bytes() == here.read(scans[0], 1000)  # the very bytes this thread draws
        pid = drawer.pid
        assert pid is not None and pid != os.getpid()
        proc = psutil.Process(pid)
        assert proc.nice() == 19 and proc.ppid() == os.getpid()
        # an image that cannot be read: an error naming it, and the process draws the next one
        bad = tmp_path / "bad.jpg"
        bad.write_bytes(b"not an image")
        with pytest.raises(OSError, match="bad.jpg"):
            ahead.get(bad, 1000, drawer)
        assert drawer.pid == pid
        # the process killed (out of memory, say): the next copy is drawn by a new one
        proc.kill()
        proc.wait(30)
        assert ahead.get(scans[1], 1000, drawer).read_bytes() == here.read(scans[1], 1000)
        assert drawer.pid not in (None, pid)
        assert sorted(f.name for f in (tmp_path / "ahead").iterdir()) == ["s0-1000.jpg", "s1-1000.jpg"]
    finally:
        drawer.close()
    assert drawer.pid is None


def test_the_pages_around_are_drawn_ahead_by_the_low_priority_process(home: Path) -> None:
    """The review screen draws the next page, the one after and the one before by the drawing
    process (`ui.data._drawer`); the page shown is drawn by the server itself."""
    data._drawer.close()
    at = _open(_app(BOB, volume="demo", page_index=2), "review")
    _no_errors(at)
    # Wait for the warm-ups queued so far. Only a guard against a hang: the drawer runs at the
    # lowest CPU priority by design, so on a machine kept busy by other work (a parallel test
    # run's other worker, other jobs) it can wait minutes for the CPU; 120 s ran out under load.
    for pool in (data._warmer, data._ahead):
        pool.submit(lambda: None).result(timeout=900)
    store = Store(home)
    pages = {p.index: p for p in store.pages(store.volume("demo").id)}
    store.close()
    folder = home / "cache" / "view"
    for i in (1, 2, 3, 4):
        image = pages[i].image
        assert image is not None and (folder / f"{Path(image).stem}-1000.jpg").is_file(), i
    assert data._drawer.pid is not None  # started by the drawings ahead


def test_boxes_are_numbers_only_one_shape_per_colour(home: Path) -> None:
    store = Store(home)
    info = store.pages(store.volume("demo").id)[2]
    page = store.current(info.id).page
    store.close()
    b0 = page.blocks[0]
    w0 = b0.lines[0].words[0]
    hostile = replace(w0, text='<script>alert(1)</script>"&', origin=WordOrigin.CORRECTED)
    page = replace(
        page,
        blocks=[replace(b0, lines=[replace(b0.lines[0], words=[hostile, *b0.lines[0].words[1:]])])]
        + list(page.blocks[1:]),
    )
    svg = page_image.boxes_svg(page, focus_word=f"{b0.id}:0:0", focus_block=b0.id)
    assert "script" not in svg and "alert" not in svg
    assert re.fullmatch(r'[<>/="\w\s.#:\-]+', svg.replace("http://www.w3.org/2000/svg", ""))
    words = [w for b in page.blocks for ln in b.lines for w in ln.words if w.bbox.width > 0]
    assert svg.count("Z") == len(words) + 2  # every word, the block outline and the focus ring
    assert f"M{w0.bbox.x0} {w0.bbox.y0}H{w0.bbox.x1}V{w0.bbox.y1}" in svg
    assert svg.count('fill="#2563eb"') == 1  # the corrected word, in the one blue shape
    assert f'viewBox="0 0 {page.width} {page.height}"' in svg


def test_the_view_points_at_the_pages_image_with_the_boxes_over_it(home: Path) -> None:
    """The page is shown by its image's address at the zoom in use (ui.image_route serves the copy
    unchanged: tests/browser/test_image_route_browser.py), the word boxes drawn over it."""
    at = _open(_app(BOB, volume="demo", page_index=3), "review")
    _no_errors(at)
    store = Store(home)
    pages = {p.index: p for p in store.pages(store.volume("demo").id)}
    store.close()
    info, nxt = pages[3], pages[4]
    assert info.image is not None and nxt.image is not None
    shown = pane_helpers.data(at, page_view.KEY)
    src = shown["src"]
    assert src.endswith(f"/{info.id}/1/{info.image}") and src.startswith("/q/page-image/")
    size = data.view_size(info, 1.0)
    assert size is not None and (shown["w"], shown["h"]) == size
    assert shown["boxes"].startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(shown["boxes"].split(",", 1)[1]).decode()
    assert svg.startswith("<svg ") and svg.count("Z") >= 1
    assert shown["stem"] == at.session_state["quire"].work.stem
    # the next page's image goes along, to be fetched ahead by the same address its run will show
    assert shown["ahead"] == src.replace(f"/{info.id}/1/{info.image}", f"/{nxt.id}/1/{nxt.image}")


def test_only_a_user_allowed_to_review_gets_a_page_image(
    home: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = Store(home)
    info = store.pages(store.volume("demo").id)[0]
    store.close()
    with pytest.raises(PermissionDenied):
        data.view_image(info, None)
    assert not (home / "cache" / "view").exists()  # nothing drawn for them either
    got = data.view_image(info, BOB)
    assert got is not None and got[:2] == b"\xff\xd8"
    # a page whose stored image is gone: no traceback, a log line naming the page and the file
    missing = replace(info, image="0" * 64 + ".jpg")
    with caplog.at_level(logging.WARNING, logger="quire.server"):
        assert data.view_image(missing, BOB) is None
    assert f"page {info.index}" in caplog.text and "0" * 64 in caplog.text
    assert os.path.isdir(home / "cache" / "view")
