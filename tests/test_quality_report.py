"""A volume's quality at a glance (`quire status --json`): the error estimate on real OCR of real
pages, worse pages first, corrections and undone decisions counted."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFilter

from ingest.review.quality import calibration, estimate_error
from ingest.store import Store

from .conftest import SAMPLES, run_quire

pytestmark = pytest.mark.slow


def _degraded(src: Path, dest: Path) -> None:
    """The page as a poor scan: half the resolution, blurred, with speckle."""
    with Image.open(src) as im:
        g = im.convert("L")
        small = g.resize((g.width // 2, g.height // 2), Image.Resampling.BILINEAR).filter(
            ImageFilter.GaussianBlur(0.8)
        )
        big = np.asarray(small.resize(g.size, Image.Resampling.BILINEAR), dtype=np.int16)
        noise = np.random.default_rng(7).normal(0, 30, big.shape)
        Image.fromarray(np.clip(big + noise, 0, 255).astype(np.uint8)).save(dest, quality=60)


def _word_error(text: str, truth: str) -> float:
    want, have = Counter(truth.split()), Counter(text.split())
    return sum((want - have).values()) / sum(want.values())


def test_status_json_estimates_error_and_puts_the_worst_page_first(tmp_path: Path) -> None:
    pages = tmp_path / "in"
    pages.mkdir()
    for n in (4, 8):
        (pages / f"p{n:02d}.jpg").write_bytes((SAMPLES / "scan" / f"page-{n:02d}.jpg").read_bytes())
    _degraded(SAMPLES / "scan" / "page-06.jpg", pages / "p06-poor.jpg")
    home = tmp_path / "home"
    run_quire("ingest", str(pages), "--volume", "q", "--jobs", "2", home=home, check=True)

    proc = run_quire("status", "q", "--json", home=home, check=True)
    report = json.loads(proc.stdout)
    by_file = {}
    store = Store(home=home)
    try:
        for info in store.pages(store.volume("q").id):
            raw = store.revisions(info.id)[0].page  # the OCR as read: what the estimate judges
            by_file[Path(info.source_path).name] = (info.index, store.current(info.id).page, raw)
    finally:
        store.close()
    rows = {r["index"]: r for r in report["pages"]}
    assert len(rows) == 3 and report["pages_total"] == 3
    truths = {"p04.jpg": 4, "p08.jpg": 8, "p06-poor.jpg": 6}
    real = {}
    for name, (index, page, raw) in by_file.items():
        truth = (SAMPLES / "truth" / f"page-{truths[name]:02d}.txt").read_text(encoding="utf-8")
        real[name] = _word_error(" ".join(w.text for w in page.words), " ".join(truth.split()))
        assert 0.0 <= rows[index]["estimated_error"] <= 1.0
        assert rows[index]["estimated_error"] == round(estimate_error(raw), 4)
    poor = by_file["p06-poor.jpg"][0]
    # the poor scan really is worse, the estimate says so, and it heads the queue for a person
    assert real["p06-poor.jpg"] > max(real["p04.jpg"], real["p08.jpg"])
    assert rows[poor]["estimated_error"] > max(
        rows[by_file[n][0]]["estimated_error"] for n in ("p04.jpg", "p08.jpg")
    )
    assert report["needs_a_person_first"][0] == poor
    # on the clean pages the estimate is near the real word error rate
    for name in ("p04.jpg", "p08.jpg"):
        assert abs(rows[by_file[name][0]]["estimated_error"] - real[name]) < 0.05, (name, real[name])
    assert report["error_estimate"]["pages"] == calibration()["pages"] > 100


def test_status_json_counts_corrections_and_undone_decisions(tmp_path: Path) -> None:
    from ingest.review import decision_key, undo_cleanup
    from ingest.review.users import Role, User

    home = tmp_path / "home"
    run_quire(
        "ingest",
        str(SAMPLES / "scan" / "page-04.jpg"),
        str(SAMPLES / "scan" / "page-05.jpg"),
        "--volume",
        "c",
        "--jobs",
        "2",
        home=home,
        check=True,
    )
    store = Store(home=home)
    try:
        info = store.page(store.volume("c").id, 1)
        cur = store.current(info.id)
        assert cur.page.decisions, "cleanup decided nothing on a page with a heading and notes"
        taken = len({decision_key(d) for d in cur.page.decisions})
        heading = [d for d in cur.page.decisions if d.kind == "heading"]
        assert heading, [d.kind for d in cur.page.decisions]
        undo_cleanup(
            store, info.id, decision_key(heading[0]), base_id=cur.id, user=User("ada", Role.ARCHIVIST)
        )
        cur = store.current(info.id)
        store.save_revision(info.id, cur.page, author="ada", reason="edit", base_id=cur.id)
    finally:
        store.close()
    report = json.loads(run_quire("status", "c", "--json", home=home, check=True).stdout)
    row = next(r for r in report["pages"] if r["index"] == 1)
    assert row["decisions_taken"] == taken
    assert row["decisions_undone"] >= 1
    assert row["corrections"] == 1
    other = next(r for r in report["pages"] if r["index"] == 2)
    assert other["corrections"] == 0 and other["decisions_undone"] == 0
