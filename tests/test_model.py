import pytest

from ingest.model import (
    BBox,
    Block,
    BlockKind,
    Line,
    Page,
    SourceRef,
    Word,
    reading_text,
)
from ingest.store.codec import page_from_dict, page_to_dict


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


def test_decoded_pages_share_their_coordinates_and_word_texts():
    """A stored page comes back with equal coordinates and word texts as shared objects, so a
    volume held in memory (cleanup reads every page) does not carry a copy of each per word."""
    import json

    def page(n: int) -> Page:
        word = Word("volume", BBox(1200, 2300, 1480, 2350), 0.9)
        block = Block(f"p{n:04d}-b01", BlockKind.PARAGRAPH, (Line((word,), word.bbox),), word.bbox)
        return Page(n, SourceRef("a.png", n, "ab"), 2480, 3508, 300, (block,))

    # through JSON text, as the store keeps them: nothing is shared before decoding
    a, b = (page_from_dict(json.loads(json.dumps(page_to_dict(page(n))))) for n in (1, 2))
    wa, wb = a.blocks[0].lines[0].words[0], b.blocks[0].lines[0].words[0]
    assert (wa.bbox, wa.text) == (wb.bbox, wb.text) == (BBox(1200, 2300, 1480, 2350), "volume")
    assert wa.bbox.x0 is wb.bbox.x0 and wa.bbox.y1 is wb.bbox.y1
    assert wa.text is wb.text
    assert wa.confidence is wb.confidence
