"""What a page is judged by (the worst-first queue's confidence, the error estimate): the words
whose confidence speaks for their text. A contents line's leader, whatever OCR read it as, and the
title word OCR glued to it (one token, one confidence: the leader soup's, often 0) are no error of
the page; every other word, a doubtful one included, still counts."""

from __future__ import annotations

from pathlib import Path

from ingest.layout import clean_volume
from ingest.layout.leaders import judged_words
from ingest.model import BBox, Block, BlockKind, Line, Page, SourceRef, Word
from ingest.review.quality import estimate_error
from ingest.store import Store
from ingest.store.records import page_stats


def _page(*lines: list[tuple[str, float]]) -> Page:
    blocks = []
    for i, words in enumerate(lines):
        y = 100 * (i + 1)
        ws = tuple(Word(t, BBox(60 * j, y, 60 * j + 50, y + 30), c) for j, (t, c) in enumerate(words))
        line = Line(ws, BBox(0, y, 60 * len(ws), y + 30))
        blocks.append(Block(f"p0001-b{i + 1:02d}", BlockKind.PARAGRAPH, (line,), line.bbox))
    return Page(1, SourceRef("x.png", 1, "0" * 64), 1000, 1400, 300, tuple(blocks))


def test_a_title_glued_to_its_leader_is_judged_by_its_other_words() -> None:
    prose = [("The", 0.96), ("whole", 0.95), ("day", 0.97)]
    plain = _page(prose, [("Walden", 0.95), ("7", 0.96)])
    glued = _page(prose, [("Walden.......ccsscsecsss", 0.0), ("7", 0.96)])
    cut = _page(prose, [("Walden", 0.0)], [("\u2026", 1.0), ("7", 0.96)])  # as cleanup sets it
    soup = _page(prose, [("Walden", 0.0), ("ccccsscsecsssecc", 0.0), ("7", 0.96)])
    doubtful = _page([("The", 0.96), ("wbole", 0.31), ("day", 0.97)], [("Walden", 0.95), ("7", 0.96)])
    base = page_stats(plain)
    for page in (glued, cut, soup):
        mean, _, low = page_stats(page)
        assert low == 0
        assert mean is not None and abs(mean - sum(c for _, c in [*prose, ("7", 0.96)]) / 4) < 1e-9
        assert [w.text for w in judged_words(page)] == ["The", "whole", "day", "7"]
    # a misread word still counts, and puts its page before the contents pages in the queue
    d_mean, _, d_low = page_stats(doubtful)
    assert d_low == 1 and d_mean is not None and base[0] is not None
    assert all(d_mean < (page_stats(p)[0] or 0) for p in (plain, glued, cut, soup))
    # a word before a full stop or an ellipsis in prose is no title before a leader: it counts
    said = _page([("He", 0.9), ("sayd", 0.2), (".", 0.9)])
    assert page_stats(said)[2] == 1


def test_the_sample_contents_page_loses_only_its_leaders_zeros(ocr_home: Path) -> None:
    """The sample's contents page, as OCR read it and as cleanup left it (title words cut from
    their dots, the leader a mark of its own): the words left out of its judgement are its
    leaders and the words glued to them, and they held every confidence of 0 on the page."""
    store = Store(ocr_home)
    try:
        raws = [store.revisions(p.id)[0].page for p in store.pages(store.volume("demo").id)]
    finally:
        store.close()
    cleaned = clean_volume(raws)
    raw, clean = raws[1], cleaned[1]
    assert sum(w.confidence == 0.0 for w in clean.words) >= 2  # 'For', 'Self-Reliance' cut from dots
    for page in (raw, clean):
        judged = judged_words(page)
        left = [w for w in page.words if not any(w is j for j in judged)]
        assert min(w.confidence for w in judged) > 0.3
        assert len(left) <= 2 * sum(w.confidence == 0.0 for w in page.words) + 3  # leaders, glued titles
        assert len(judged) >= 0.75 * sum(any(c.isalnum() for c in w.text) for w in clean.words)
    # the judgement is the same before and after cleanup, and other pages are judged by every word
    assert page_stats(raw)[2] == page_stats(clean)[2]
    for other in (raws[0], raws[2], raws[3]):
        assert len(judged_words(other)) >= 0.97 * sum(any(c.isalnum() for c in w.text) for w in other.words)
    estimate = estimate_error(clean)
    assert estimate is not None and estimate < 0.2
