"""METS 1.12: the package document that ties a bag's page images, ALTO files and logical structure
together, as digitisation workflows and viewers (Goobi, Kitodo, the DFG viewer) exchange it.

Decisions:
- `mets.xml` sits in data/mets/ and points to the other files by paths relative to it
  (../images/p0001.png, ../alto/p0001.xml), as ALTO points to its image; it is written after the
  ALTO files (the format registry always writes the two together) and checksums what it names;
- file groups: MASTER, the source files the pages were read from (outside the bag: named by
  file name and sha256 only, never by their path on the ingesting machine); DEFAULT, the page
  images in the bag (absent when the export leaves images out); FULLTEXT, the ALTO files;
- the physical structure map has one `div` per page, ORDER the scan index and ORDERLABEL the
  printed page number; the logical one is built from the reading flow: front matter, the contents,
  chapters (level-1 headings) and sections (deeper), each note inside the part whose pages it is
  printed on, each linked (`structLink`) to the pages it spans;
- descriptive metadata from `quire meta` as simple Dublin Core; the only date is the newest
  revision's, so the same revisions give the same bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ingest.export.common import IMAGES_DIR, SOFTWARE, VERSION, bcp47, write_xml
from ingest.export.flow import FlowBlock, PageBreak, plain, reading_flow
from ingest.export.snapshot import PageEntry, Snapshot
from ingest.model import BlockKind

NS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
DC = "http://purl.org/dc/elements/1.1/"
SCHEMA_LOCATION = f"{NS} http://www.loc.gov/standards/mets/mets.xsd"
_NSMAP = {"mets": NS, "xlink": XLINK, "xsi": XSI, "dc": DC}
FILE_NAME = "mets.xml"

_MIME = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".pdf": "application/pdf",
}


def _e(parent: etree._Element | None, tag: str, text: str | None = None, **attrs: object) -> etree._Element:
    a = {_attr(k): str(v) for k, v in attrs.items() if v is not None}
    if parent is None:
        el = etree.Element(f"{{{NS}}}{tag}", a, nsmap=_NSMAP)
    else:
        el = etree.SubElement(parent, f"{{{NS}}}{tag}", a)
    if text is not None:
        el.text = text
    return el


def _attr(name: str) -> str:
    return f"{{{XLINK}}}{name[6:]}" if name.startswith("xlink_") else name


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class _Part:
    """A logical division: its type, label, first page position and its children."""

    type: str
    label: str
    first: int
    level: int = 0
    last: int = -1
    shares_first: bool = False  # text of the part before is printed on its first page
    children: list[_Part] = field(default_factory=list)


def logical_parts(snapshot: Snapshot) -> list[_Part]:
    """The logical structure from the reading flow: front matter, contents, chapters and sections
    (by heading level) and the notes in the part whose pages they are printed on."""
    pos = {e.index: i for i, e in enumerate(snapshot.pages)}
    flow = reading_flow(e.page for e in snapshot.pages)
    top: list[_Part] = []
    stack: list[_Part] = []
    headings: list[tuple[FlowBlock, bool]] = []  # and whether text of the part before is on its page
    text_on_page = False
    for i, item in enumerate(flow.items):
        if isinstance(item, PageBreak):
            text_on_page = False
            continue
        if item.kind is BlockKind.HEADING and not _heads_contents(flow.items[i + 1 :]):
            headings.append((item, text_on_page))
        text_on_page = text_on_page or bool(item.inlines)
    if headings and pos[headings[0][0].page] > 0:
        top.append(_Part("front_matter", "Front matter", 0, last=pos[headings[0][0].page] - 1))
    contents = sorted({pos[b.page] for b in flow.blocks if b.kind is BlockKind.TOC_ENTRY})
    if contents:
        top.append(_Part("contents", "Contents", contents[0], last=contents[-1]))
    for b, shared in headings:
        part = _Part("chapter" if b.level <= 1 else "section", _label(b), pos[b.page], level=b.level)
        part.shares_first = shared
        while stack and stack[-1].level >= b.level:
            stack.pop()
        (stack[-1].children if stack else top).append(part)
        stack.append(part)
    _close(top, len(snapshot.pages) - 1)
    for note in flow.notes.values():
        where = _innermost(top, pos[note.page])
        n = _Part("note", f"Note {note.number}", pos[note.page], last=pos[note.page])
        (where.children if where else top).append(n)
    return top


def _heads_contents(after: list[FlowBlock | PageBreak]) -> bool:
    """Whether a heading is the title of the Contents (the next block is a Contents entry)."""
    nxt = next((x for x in after if isinstance(x, FlowBlock)), None)
    return nxt is not None and nxt.kind is BlockKind.TOC_ENTRY


def _label(b: FlowBlock) -> str:
    return " ".join(plain(b.inlines).split()) or "(untitled)"


def _close(parts: list[_Part], end: int) -> None:
    """Set each heading part's last page: the page before the next part at its level starts, or
    that page itself when text of this part is printed on it above the next heading; else `end`."""
    heads = [p for p in parts if p.type in ("chapter", "section")]
    for p, nxt in zip(heads, [*heads[1:], None][: len(heads)], strict=True):
        p.last = end if nxt is None else max(p.first, nxt.first - (0 if nxt.shares_first else 1))
        _close(p.children, p.last)


def _innermost(parts: list[_Part], page: int) -> _Part | None:
    for p in parts:
        if p.type in ("chapter", "section") and p.first <= page <= p.last:
            return _innermost(p.children, page) or p
    return None


def render_mets(snapshot: Snapshot, out_dir: Path, *, images: bool = True) -> etree._Element:
    """The METS document for a bag whose ALTO files are already written in out_dir/../alto."""
    m = snapshot.metadata
    root = _e(None, "mets", OBJID=snapshot.volume, LABEL=m.title or snapshot.volume, TYPE="monograph")
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    hdr = _e(root, "metsHdr", CREATEDATE=snapshot.newest_date)
    agent = _e(hdr, "agent", ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    _e(agent, "name", f"{SOFTWARE} {VERSION}")
    dmd = _e(root, "dmdSec", ID="DMD_VOLUME")
    xml = _e(_e(dmd, "mdWrap", MDTYPE="DC"), "xmlData")
    for tag, value in (
        ("title", m.title or snapshot.volume),
        ("creator", m.creator),
        ("date", m.date),
        ("language", bcp47(m.language) if m.language else ""),
        ("identifier", m.identifier),
        ("source", m.source),
        ("type", "Text"),
        ("format", "image"),
    ):
        if value:
            etree.SubElement(xml, f"{{{DC}}}{tag}").text = value

    files = _e(root, "fileSec")
    masters = _e(files, "fileGrp", USE="MASTER")
    master_ids: dict[str, str] = {}
    for e in snapshot.pages:
        src = e.page.source
        if src.sha256 in master_ids:
            continue
        fid = master_ids[src.sha256] = f"MASTER_{len(master_ids) + 1:04d}"
        name = Path(src.path).name
        f = _e(masters, "file", ID=fid, MIMETYPE=_mime(name), CHECKSUM=src.sha256, CHECKSUMTYPE="SHA-256")
        _e(f, "FLocat", LOCTYPE="OTHER", OTHERLOCTYPE="FILE", xlink_href=name)
    groups: list[tuple[str, str, dict[int, Path]]] = []
    if images:
        groups.append(("DEFAULT", "IMG", {e.index: _image(snapshot, e) for e in snapshot.pages}))
    alto_dir = out_dir.parent / "alto"
    groups.append(("FULLTEXT", "ALTO", {e.index: alto_dir / f"{e.stem}.xml" for e in snapshot.pages}))
    page_files: dict[int, list[str]] = {e.index: [] for e in snapshot.pages}
    for use, prefix, paths in groups:
        grp = _e(files, "fileGrp", USE=use)
        for e in snapshot.pages:
            path = paths[e.index]
            fid = f"{prefix}_{e.stem}"
            href = f"../{IMAGES_DIR}/{e.image_file}" if prefix == "IMG" else f"../alto/{e.stem}.xml"
            mime = _mime(href) if prefix == "IMG" else "text/xml"
            f = _e(
                grp,
                "file",
                ID=fid,
                MIMETYPE=mime,
                SIZE=path.stat().st_size,
                CHECKSUM=_sha256(path),
                CHECKSUMTYPE="SHA-256",
            )
            _e(f, "FLocat", LOCTYPE="URL", xlink_href=href)
            page_files[e.index].append(fid)

    phys = _e(_e(root, "structMap", TYPE="PHYSICAL"), "div", ID="PHYS_0000", TYPE="physSequence")
    phys.set("LABEL", m.title or snapshot.volume)
    for n, e in enumerate(snapshot.pages, start=1):
        div = _e(phys, "div", ID=_phys(e), TYPE="page", ORDER=n, ORDERLABEL=e.page.label)
        for fid in page_files[e.index]:
            _e(div, "fptr", FILEID=fid)
        _e(div, "fptr", FILEID=master_ids[e.page.source.sha256])

    logical = _e(_e(root, "structMap", TYPE="LOGICAL"), "div", ID="LOG_0000", TYPE="monograph")
    logical.set("LABEL", m.title or snapshot.volume)
    logical.set("DMDID", "DMD_VOLUME")
    links: list[tuple[str, str]] = [("LOG_0000", _phys(e)) for e in snapshot.pages]
    counter = iter(range(1, 1_000_000))

    def add(parent: etree._Element, parts: list[_Part]) -> None:
        for p in parts:
            lid = f"LOG_{next(counter):04d}"
            div = _e(parent, "div", ID=lid, TYPE=p.type, LABEL=p.label)
            links.extend((lid, _phys(e)) for e in snapshot.pages[p.first : p.last + 1])
            add(div, p.children)

    add(logical, logical_parts(snapshot))
    sl = _e(root, "structLink")
    for frm, to in links:
        _e(sl, "smLink", xlink_from=frm, xlink_to=to)
    return root


def _phys(e: PageEntry) -> str:
    return f"PHYS_{e.stem}"


def _image(snapshot: Snapshot, e: PageEntry) -> Path:
    from ingest.errors import ExportError

    path = snapshot.image_path(e)
    if path is None or not path.exists():
        raise ExportError(f"page {e.index} has no page image in the store; re-run `quire ingest`")
    return path


def _mime(name: str) -> str:
    return _MIME.get(Path(name).suffix.lower(), "application/octet-stream")


def write_mets(snapshot: Snapshot, out_dir: Path, *, images: bool = True) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    return [write_xml(render_mets(snapshot, out_dir, images=images), out_dir / FILE_NAME)]
