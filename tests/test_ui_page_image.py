"""The page image's disk cache under concurrent renders (the view and the neighbour warm-up)."""

from __future__ import annotations

import threading
from pathlib import Path

from PIL import Image

from ui.components.page_image import display_base


def test_concurrent_renders_of_one_page_share_the_cache_safely(tmp_path: Path) -> None:
    source = tmp_path / "page.png"
    Image.radial_gradient("L").resize((1200, 1700)).save(source)
    cache = tmp_path / "cache"
    threads_n = 12
    barrier = threading.Barrier(threads_n)
    results: list[Image.Image] = []
    errors: list[BaseException] = []

    def render() -> None:
        barrier.wait()
        try:
            results.append(display_base(source, 400, cache))
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    for _ in range(5):
        for f in cache.glob("*") if cache.exists() else []:
            f.unlink()
        results.clear()
        threads = [threading.Thread(target=render) for _ in range(threads_n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert len(results) == threads_n
        assert {im.size for im in results} == {(400, round(1700 * 400 / 1200))}
        # one cached file, complete and readable, and no temporary file left behind
        assert sorted(p.name for p in cache.iterdir()) == ["page-400.jpg"]
        with Image.open(cache / "page-400.jpg") as im:
            assert im.size == (400, 567)
