"""hOCR 1.2, one XHTML file per page: ocr_page → ocr_carea → ocr_par → ocr_line → ocrx_word.

Running heads are `ocr_header`, page numbers `ocr_pageno`, each in its own area; every other block
is an `ocr_carea` holding one `ocr_par` (hOCR has no classes for headings or notes on a physical
page; the block id "p0007-b03" links each area to the ALTO, TEI and JSON exports, which carry the
kind). Word confidences are `x_wconf` (0–100). A word broken at a line end keeps its printed
text (hOCR has no substitution attribute; ALTO and JSON carry the whole word).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ingest.export.common import SOFTWARE, VERSION, bcp47, image_ref, write_xml
from ingest.export.snapshot import PageEntry, Snapshot
from ingest.model import BBox, BlockKind

XHTML = "http://www.w3.org/1999/xhtml"
DOCTYPE = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">'
)
CAPABILITIES = "ocr_page ocr_carea ocr_par ocr_line ocrx_word ocr_header ocr_pageno ocrp_lang ocrp_wconf"

#: Languages written in Latin script (for the recommended `ocr-scripts` field).
LATIN = frozenset("en de fr it es pt nl la da sv no fi pl cs hu tr".split())

_AREA_CLASS = {BlockKind.RUNNING_HEAD: "ocr_header", BlockKind.PAGE_NUMBER: "ocr_pageno"}


def _e(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{XHTML}}}{tag}", {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _bbox(b: BBox) -> str:
    return f"bbox {b.x0} {b.y0} {b.x1} {b.y1}"


def render_hocr(entry: PageEntry, *, lang: str, title: str, image: str | None) -> etree._Element:
    page = entry.page
    root = etree.Element(f"{{{XHTML}}}html", nsmap={None: XHTML})
    root.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    root.set("lang", lang)
    head = _e(root, "head")
    _e(head, "title", f"{title}, page {page.label or page.index}")
    _e(head, "meta", http_equiv="Content-Type", content="text/html;charset=utf-8")
    head[-1].attrib["http-equiv"] = head[-1].attrib.pop("http_equiv")
    _e(head, "meta", name="ocr-system", content=f"{SOFTWARE} {VERSION}")
    _e(head, "meta", name="ocr-capabilities", content=CAPABILITIES)
    _e(head, "meta", name="ocr-number-of-pages", content="1")
    _e(head, "meta", name="ocr-langs", content=lang)
    if lang.split("-")[0] in LATIN:
        _e(head, "meta", name="ocr-scripts", content="Latn")
    body = _e(root, "body")
    props = [
        f'image "{image or page.source.path}"',
        _bbox(BBox(0, 0, page.width, page.height)),
        f"ppageno {page.index - 1}",
        f"scan_res {page.dpi} {page.dpi}",
    ]
    pg = _e(body, "div", class_="ocr_page", id=f"page_{page.index}", title="; ".join(props))
    for block in page.blocks:
        area = _e(
            pg,
            "div",
            class_=_AREA_CLASS.get(block.kind, "ocr_carea"),
            id=f"{block.id}",
            title=_bbox(block.bbox),
        )
        par = _e(area, "p", class_="ocr_par", id=f"{block.id}_par", title=_bbox(block.bbox), lang=lang)
        for ln_no, line in enumerate(block.lines, start=1):
            span = _e(
                par,
                "span",
                class_="ocr_line",
                id=f"{block.id}_l{ln_no}",
                title=f"{_bbox(line.bbox)}; baseline 0 0",
            )
            for w_no, w in enumerate(line.words, start=1):
                wspan = _e(
                    span,
                    "span",
                    w.text,
                    class_="ocrx_word",
                    id=f"{block.id}_l{ln_no}_w{w_no}",
                    title=f"{_bbox(w.bbox)}; x_wconf {round(w.confidence * 100)}",
                )
                wspan.tail = " " if w_no < len(line.words) else None
            span.tail = "\n"
    return root


def write_hocr(snapshot: Snapshot, out_dir: Path, *, images: bool = True) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    lang = bcp47(snapshot.metadata.language)
    title = snapshot.metadata.title or snapshot.volume
    written = []
    for entry in snapshot.pages:
        root = render_hocr(
            entry, lang=lang, title=title, image=image_ref(entry.image_file) if images else None
        )
        written.append(write_xml(root, out_dir / f"{entry.stem}.hocr", doctype=DOCTYPE))
    return written
