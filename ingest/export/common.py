"""Small helpers shared by the format writers: languages, image paths, XML output."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from lxml import etree

from ingest import __version__
from ingest.export.flow import Inline, LineBreak, NoteRef, PageBreak

SOFTWARE = "Quire"
VERSION = __version__

#: Tesseract / ISO 639-2 codes → BCP 47 (what xml:lang and HTML lang want). Others pass through.
_BCP47 = {
    "eng": "en",
    "deu": "de",
    "ger": "de",
    "fra": "fr",
    "fre": "fr",
    "ita": "it",
    "spa": "es",
    "por": "pt",
    "nld": "nl",
    "dut": "nl",
    "lat": "la",
    "dan": "da",
    "swe": "sv",
    "nor": "no",
    "fin": "fi",
    "pol": "pl",
    "ces": "cs",
    "cze": "cs",
    "rus": "ru",
    "ell": "el",
    "grc": "grc",
    "hun": "hu",
    "tur": "tr",
    "ara": "ar",
    "heb": "he",
    "chi_sim": "zh-Hans",
    "chi_tra": "zh-Hant",
    "jpn": "ja",
    "kor": "ko",
    "frk": "de",
}


def bcp47(language: str) -> str:
    """The first language of a Tesseract-style code ("eng+deu") as a BCP 47 tag ("en")."""
    first = (language or "und").split("+")[0].strip() or "und"
    return _BCP47.get(first, first.replace("_", "-"))


#: Where page images sit inside a bag's data/ folder, and the path from a format's folder to them.
IMAGES_DIR = "images"


def image_ref(image_file: str) -> str:
    """The image of a page as seen from a format folder (data/alto/ → ../images/p0001.png)."""
    return f"../{IMAGES_DIR}/{image_file}"


def write_xml(root: etree._Element, path: Path, *, doctype: str | None = None) -> Path:
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=doctype)
    path.write_bytes(data)
    return path


def iso_date(timestamp: str) -> str:
    """The date part (YYYY-MM-DD) of an ISO 8601 timestamp."""
    return timestamp[:10]


def write_inlines(
    el: etree._Element,
    inlines: Sequence[Inline],
    *,
    notes: Collection[int],
    call: Callable[[etree._Element, int], etree._Element],
    line_break: Callable[[etree._Element], etree._Element],
    page_break: Callable[[etree._Element, PageBreak], etree._Element],
) -> etree._Element | None:
    """Write a block's inlines into `el` (TEI and EPUB): text into `el.text` or the tail of the
    last child; a call of a note in `notes` as `call(el, number)`, a call whose note was not found
    as its printed mark; line and page breaks as the children `line_break` and `page_break` make.
    Leading white space of the text is dropped. Returns the last child made, if any."""
    last: etree._Element | None = None

    def add(text: str) -> None:
        if last is None:
            el.text = (el.text or "") + text
        else:
            last.tail = (last.tail or "") + text

    for x in inlines:
        if isinstance(x, str):
            add(x)
        elif isinstance(x, NoteRef):
            if x.number in notes:
                last = call(el, x.number)
            else:
                add(x.marker)
        elif isinstance(x, LineBreak):
            last = line_break(el)
        elif isinstance(x, PageBreak):
            last = page_break(el, x)
    if el.text:
        el.text = el.text.lstrip()
    return last
