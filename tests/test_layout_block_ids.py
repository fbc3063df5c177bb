"""Blocks added late in cleanup (a note read again from the image, the page's scanner noise) take a
block id no other block of the page has."""

from __future__ import annotations

from ingest.layout.drafts import Draft, PageWork
from ingest.layout.geometry import PageFrame
from ingest.model import BlockKind
from tests.test_layout_helpers import LEFT, RIGHT, Row, page


def _work(ids: list[str]) -> PageWork:
    p = page(7, [Row(f"line {n}", 300 + 60 * n) for n in range(len(ids))])
    w = PageWork(p, [], PageFrame(LEFT, RIGHT))
    w.drafts = [Draft(BlockKind.PARAGRAPH, [], id=i) for i in ids]
    return w


def test_next_block_id_is_past_the_highest_given() -> None:
    # a note read again inserted before the foot's folio (b04 before b03), and a gap where a draft
    # was let go of after the ids were given (no b02): counting the drafts would give b04 again
    w = _work(["p0007-b01", "p0007-b04", "p0007-b03"])
    assert w.next_block_id() == "p0007-b05"


def test_next_block_id_counts_on_from_the_drafts_when_none_has_an_id() -> None:
    assert _work(["", ""]).next_block_id() == "p0007-b03"
