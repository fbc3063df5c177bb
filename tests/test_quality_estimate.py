"""The per-page error estimate on the two kinds of text a page can have: OCR (estimated from its
confidences) and a PDF's text layer (nothing was recognised, so nothing to estimate)."""

from __future__ import annotations

from pathlib import Path

from ingest.review.quality import estimate_error, needs_a_person_first, page_features, volume_quality
from ingest.store import Store


def test_a_text_layer_page_is_estimated_without_error(tmp_path: Path) -> None:
    from ui.demo import REPO, build_store

    store = build_store(tmp_path / "home", [REPO / "samples" / "book-born-digital.pdf"], volume="book")
    try:
        pages = volume_quality(store, store.volume("book").id)
    finally:
        store.close()
    with_text = [p for p in pages if not p.blank]
    assert len(with_text) >= 8
    # every page read 0 (it read the model's intercept, 0.7%, on every page of a born-digital book)
    assert {p.estimated_error for p in with_text} == {0.0}
    # still pages a person should look at (cleanup decided their layout), none left out
    assert len(needs_a_person_first(pages)) == len(with_text)


def test_an_ocr_page_is_estimated_from_its_confidences(ocr_home: Path) -> None:
    store = Store(ocr_home)
    try:
        raws = [store.revisions(p.id)[0].page for p in store.pages(store.volume("demo").id)]
    finally:
        store.close()
    estimates = [estimate_error(r) for r in raws]
    assert all(e is not None and 0.0 < e < 1.0 for e in estimates)
    # the page with the larger share of doubtful words is estimated worse
    by_doubt = sorted(zip((page_features(r)[0] for r in raws), estimates, strict=True))
    least, most = by_doubt[0][1], by_doubt[-1][1]
    assert least is not None and most is not None and least < most
