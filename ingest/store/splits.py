"""Moving the cut of a two-page spread, or undoing the split, in one transaction each.

The pages of a spread share their source image (`pages.part` 1 and 2, each with its `region`).
Both operations put the pages concerned back in the OCR queue; the new reading is stored as a
further revision on top of the current one (`Store.save_ocr`), so no history is lost, except that
undoing a split removes the right-hand page and its revisions (it no longer exists) and numbers
the pages after it one lower.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ingest.errors import InputError, NotFoundError
from ingest.store.repo import Store
from ingest.store.tables import PageRow

#: A cut may not leave a page narrower than this share of the image.
MIN_PAGE_SHARE = 0.1


def _rows(s: Any, page_id: int) -> tuple[PageRow, PageRow]:
    row = s.get(PageRow, page_id, with_for_update=True)
    if row is None:
        raise NotFoundError(f"no page with id {page_id}")
    if not row.part:
        raise InputError(f"page {row.index} is not one of two pages cut from one image")
    rows = s.scalars(
        select(PageRow)
        .where(
            PageRow.source_file_id == row.source_file_id,
            PageRow.page_in_file == row.page_in_file,
            PageRow.part > 0,
        )
        .order_by(PageRow.part)
    ).all()
    if len(rows) != 2:
        raise InputError(f"page {row.index}: the other half of its image is missing")
    return rows[0], rows[1]


def _image_size(left: PageRow, right: PageRow) -> tuple[int, int]:
    region = right.region or [0, 0, 0, 0]
    return int(region[2]), int(region[3])


def move_cut(store: Store, page_id: int, cut: int, *, author: str) -> list[int]:
    """Cut the image of `page_id`'s spread at column `cut` (pixels of the image as shown) instead;
    both pages go back to the OCR queue. Returns their ids (left, right)."""
    with store.session() as s, s.begin():
        left, right = _rows(s, page_id)
        width, height = _image_size(left, right)
        if not (MIN_PAGE_SHARE * width <= cut <= (1 - MIN_PAGE_SHARE) * width):
            raise InputError(
                f"a cut at column {cut} leaves a page narrower than {MIN_PAGE_SHARE:.0%} of the "
                f"image ({width} px wide); choose a column between {round(MIN_PAGE_SHARE * width)} "
                f"and {round((1 - MIN_PAGE_SHARE) * width)}"
            )
        record = {**(left.split or {}), "cut": int(cut), "moved_by": author}
        for row, region in ((left, [0, 0, cut, height]), (right, [cut, 0, width, height])):
            row.region = region
            row.split = record
            row.width, row.height = region[2] - region[0], height
            row.ocr_state, row.error, row.attempts = "pending", None, 0
        return [left.id, right.id]


def undo_split(store: Store, page_id: int, *, author: str) -> int:
    """Make the spread of `page_id` one page again: the left page becomes the whole image (back in
    the OCR queue), the right page is removed and the pages after it are numbered one lower.
    Returns the id of the page that remains."""
    with store.session() as s, s.begin():
        left, right = _rows(s, page_id)
        width, height = _image_size(left, right)
        gone = right.index
        volume_id = right.volume_id
        s.delete(right)
        s.flush()
        left.part, left.region = 0, None
        left.split = {"undone_by": author, "was": left.split}
        left.width, left.height = width, height
        left.ocr_state, left.error, left.attempts = "pending", None, 0
        later = s.scalars(
            select(PageRow)
            .where(PageRow.volume_id == volume_id, PageRow.index > gone)
            .order_by(PageRow.index)
        ).all()
        for row in later:  # one at a time, in order: the index stays unique at every step
            row.index -= 1
            s.flush()
        return left.id
