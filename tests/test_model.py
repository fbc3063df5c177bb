import pytest

from ingest.model import (
    BBox,
    Block,
    BlockKind,
    Line,
    Page,
    SourceRef,
    Word,
    page_from_dict,
    page_to_dict,
    reading_text,
)


def test_bbox_rejects_inverted_boxes():
    with pytest.raises(ValueError):
        BBox(10, 10, 5, 20)
    with pytest.raises(ValueError):
        BBox(0, 10, 5, 2)


def test_page_round_trips_through_json():
    w1 = Word("Hello", BBox(0, 0, 50, 10), 0.91)
    w2 = Word("world", BBox(60, 0, 110, 10), 0.5, marker="1", note_id="p0001-b02")
    head = Block(
        "p0001-b00",
        BlockKind.RUNNING_HEAD,
        (Line((Word("Title", BBox(0, 0, 9, 9)),), BBox(0, 0, 9, 9)),),
        BBox(0, 0, 9, 9),
    )
    body = Block(
        "p0001-b01",
        BlockKind.PARAGRAPH,
        (Line((w1, w2), BBox(0, 0, 110, 10)),),
        BBox(0, 0, 110, 10),
        continues=True,
    )
    page = Page(1, SourceRef("a.png", 1, "ab"), 200, 300, 300, (head, body), label="xii")
    again = page_from_dict(page_to_dict(page))
    assert again == page
    assert reading_text(again) == "Hello world[^1]"
    assert again.mean_confidence() == pytest.approx((1.0 + 0.91 + 0.5) / 3)
