"""ALTO 4.4, one file per page: blocks → lines → words with boxes (pixels) and confidences (WC).

Decisions:
- running heads and page numbers are their own TextBlocks in TopMargin / BottomMargin (by where
  they sit on the page); everything else is in PrintSpace. Every block is tagged with its kind
  (`LayoutTag`), so headings, footnotes and Contents entries can be told apart.
- a word broken at a line end is written as ALTO does it: the first half with SUBS_TYPE="HypPart1",
  SUBS_CONTENT the whole word and the line closed by `<HYP>`; the second half HypPart2.
- CONTENT is the corrected text; a footnote call split off a word is not repeated in CONTENT.
  Corrected words carry CS="true".
- each processing step recorded on the page, and the revision exported, is a `Processing` entry.
"""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree

from ingest.export.common import SOFTWARE, VERSION, image_ref, write_xml
from ingest.export.snapshot import PageEntry, Snapshot
from ingest.model import BREAK_HYPHENS, FURNITURE_KINDS, BBox, Block, BlockKind, HyphenPart, Line, WordOrigin

NS = "http://www.loc.gov/standards/alto/ns-v4#"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} http://www.loc.gov/alto/v4/alto-4-4.xsd"
_NSMAP = {None: NS, "xlink": XLINK, "xsi": XSI}


def _e(parent: etree._Element | None, tag: str, **attrs: object) -> etree._Element:
    a = {k: _fmt(v) for k, v in attrs.items() if v is not None}
    if parent is None:
        return etree.Element(f"{{{NS}}}{tag}", a, nsmap=_NSMAP)
    return etree.SubElement(parent, f"{{{NS}}}{tag}", a)


def _fmt(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:.3f}".rstrip("0").rstrip(".") or "0"
    return str(v)


def _box(b: BBox) -> dict[str, int]:
    return {"HPOS": b.x0, "VPOS": b.y0, "WIDTH": b.width, "HEIGHT": b.height}


def render_alto(entry: PageEntry, *, image: str | None = None) -> etree._Element:
    page = entry.page
    root = _e(None, "alto", SCHEMAVERSION="4.4")
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    desc = _e(root, "Description")
    _e(desc, "MeasurementUnit").text = "pixel"
    info = _e(desc, "sourceImageInformation")
    _e(info, "fileName").text = image or f"{page.source.path}#page={page.source.page_in_file}"
    proc_ids = _processing(desc, entry)

    tags = _e(root, "Tags")
    kinds = sorted({b.kind.value for b in page.blocks})
    for kind in kinds:
        _e(tags, "LayoutTag", ID=f"TAG_{kind}", LABEL=kind)
    if not kinds:
        root.remove(tags)

    layout = _e(root, "Layout")
    pg = _e(
        layout,
        "Page",
        ID=f"page_{page.index}",
        PHYSICAL_IMG_NR=page.index,
        PRINTED_IMG_NR=page.label,
        WIDTH=page.width,
        HEIGHT=page.height,
        PC=_mean_conf(entry),
        PROCESSINGREFS=" ".join(proc_ids),
    )
    top, bottom, body = _zones(page.blocks, page.height)
    for name, blocks in (("TopMargin", top), ("BottomMargin", bottom), ("PrintSpace", body)):
        if not blocks and name != "PrintSpace":
            continue
        box = BBox.enclosing([b.bbox for b in blocks]) if blocks else BBox(0, 0, page.width, page.height)
        space = _e(pg, name, ID=f"{name}_{page.index}", **_box(box))
        for b in blocks:
            _text_block(space, b)
    return root


def _mean_conf(entry: PageEntry) -> float | None:
    conf = entry.page.mean_confidence()
    return None if conf is None else round(conf, 3)


def _processing(desc: etree._Element, entry: PageEntry) -> list[str]:
    ids: list[str] = []
    for n, step in enumerate(entry.page.steps, start=1):
        pid = f"PROC_{n}"
        p = _e(desc, "Processing", ID=pid)
        _e(p, "processingCategory").text = "contentGeneration" if step.name == "ocr" else "preOperation"
        _e(p, "processingStepDescription").text = step.name
        if step.options:
            _e(p, "processingStepSettings").text = json.dumps(step.options, sort_keys=True)
        sw = _e(p, "processingSoftware")
        _e(sw, "softwareName").text = f"{SOFTWARE} {step.name}"
        _e(sw, "softwareVersion").text = step.version
        ids.append(pid)
    pid = f"PROC_{len(ids) + 1}"
    p = _e(desc, "Processing", ID=pid)
    _e(p, "processingCategory").text = "contentModification" if entry.reason != "ocr" else "other"
    _e(p, "processingDateTime").text = entry.created_at
    _e(p, "processingAgency").text = entry.author
    _e(
        p, "processingStepDescription"
    ).text = f"revision {entry.revision_number} (id {entry.revision_id}): {entry.reason}"
    sw = _e(p, "processingSoftware")
    _e(sw, "softwareName").text = SOFTWARE
    _e(sw, "softwareVersion").text = VERSION
    ids.append(pid)
    return ids


def _zones(blocks: tuple[Block, ...], height: int) -> tuple[list[Block], list[Block], list[Block]]:
    """Furniture above the middle of the page goes to the top margin, below it to the bottom."""
    top: list[Block] = []
    bottom: list[Block] = []
    body: list[Block] = []
    for b in blocks:
        if b.kind in FURNITURE_KINDS:
            (top if b.bbox.center_y < height / 2 else bottom).append(b)
        else:
            body.append(b)
    return top, bottom, body


def _text_block(parent: etree._Element, block: Block) -> None:
    tb = _e(parent, "TextBlock", ID=_id(block.id), TAGREFS=f"TAG_{block.kind.value}", **_box(block.bbox))
    if block.lines and all(w.origin is WordOrigin.CORRECTED for w in block.words):
        tb.set("CS", "true")
    for ln_no, line in enumerate(block.lines, start=1):
        _text_line(tb, block, ln_no, line)


def _text_line(tb: etree._Element, block: Block, ln_no: int, line: Line) -> None:
    tl = _e(tb, "TextLine", ID=f"{_id(block.id)}_l{ln_no}", **_box(line.bbox))
    prev: BBox | None = None
    hyp: str | None = None
    for w_no, w in enumerate(line.words, start=1):
        if prev is not None:
            _e(tl, "SP", HPOS=prev.x1, VPOS=line.bbox.y0, WIDTH=max(0, w.bbox.x0 - prev.x1))
        content = w.text
        subs: dict[str, object] = {}
        if w.hyphen is HyphenPart.START:
            if len(content) > 1 and content[-1] in BREAK_HYPHENS:
                hyp, content = content[-1], content[:-1]
            else:
                hyp = "-"
            subs = {"SUBS_TYPE": w.hyphen.value, "SUBS_CONTENT": w.joined}
        elif w.hyphen is HyphenPart.END:
            subs = {"SUBS_TYPE": w.hyphen.value, "SUBS_CONTENT": w.joined}
            hyp = None
        else:
            hyp = None
        _e(
            tl,
            "String",
            ID=f"{_id(block.id)}_l{ln_no}_w{w_no}",
            CONTENT=content,
            WC=round(w.confidence, 3),
            CS=True if w.origin is WordOrigin.CORRECTED else None,
            **_box(w.bbox),
            **subs,
        )
        prev = w.bbox
    if hyp is not None:
        _e(tl, "HYP", CONTENT=hyp)


def _id(block_id: str) -> str:
    """ALTO ids are xsd:ID (NCName): block ids like "p0007-b03" already are."""
    return block_id if block_id[:1].isalpha() else f"b_{block_id}"


def write_alto(snapshot: Snapshot, out_dir: Path, *, images: bool = True) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for entry in snapshot.pages:
        root = render_alto(entry, image=image_ref(entry.image_file) if images else None)
        written.append(write_xml(root, out_dir / f"{entry.stem}.xml"))
    return written


__all__ = ["render_alto", "write_alto", "BlockKind"]
