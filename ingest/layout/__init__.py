"""Layout cleanup: turn OCRed (or text-layer) pages back into a book.

`clean_volume` re-segments every page from its lines (input blocks are not trusted) into running
heads, page numbers, headings, paragraphs, footnotes and contents entries; sets printed page labels;
marks words broken at line and page ends; links footnote calls to notes and contents entries to
headings; and records every decision on its page so a corrector can see and undo it (`undo.py`).
Each cleanup lives in its own module as small functions with named thresholds; this module only
strings them together over the volume.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from ingest.layout.lostcalls import PageImages
from ingest.layout.volume import VERSION, clean_pages
from ingest.model import Page

__all__ = ["VERSION", "clean_volume", "cleaned_pages"]


def clean_volume(pages: Sequence[Page], *, lang: str = "eng", images: PageImages | None = None) -> list[Page]:
    """Clean a volume's pages (in scan order); returns new pages with the same index, source and size.
    `images`: the page images by scan index (`lostcalls`), when cleanup may look at them."""
    return list(clean_pages(pages, lang=lang, images=images))


def cleaned_pages(
    pages: Iterable[Page], *, lang: str = "eng", images: PageImages | None = None
) -> Iterator[Page]:
    """As `clean_volume`, one cleaned page at a time: the pages are read as they come, and each
    cleaned page is let go of once the caller moves on (a caller that stores each one as it comes
    never holds two copies of the volume)."""
    return clean_pages(pages, lang=lang, images=images)
