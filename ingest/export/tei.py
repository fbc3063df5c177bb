"""TEI P5 (valid against the full `tei_all` schema): a teiHeader from the volume's metadata and the
reading flow as div/head/p/lg/note/pb.

Decisions:
- headings open nested `<div type="chapter|section">`s by level (a deeper level nests one step, a
  jump of several levels does not invent empty divs); text before the first heading sits directly
  in `<body>`;
- a note call is `<ptr type="noteAnchor" target="#note-N"/>` where it is called; the notes are in
  `<back><div type="notes">` in number order, each `<note place="foot|end" target="#call-N">`
  pointing back to its first call ("end": printed away from the page of its call, as endnotes);
- `<pb n="label" facs="…"/>` at each page start, inside the paragraph when one runs across it;
- a block that keeps its printed lines (verse) is an `<lg>` of `<l>`s; a caption a `<figure>`'s
  `<head>`; an `other` block (leaders, noise) an `<ab type="other">`;
- Contents entries become a `<list type="contents">` of `<ref target="#heading-id">` items;
- the only date is the newest revision's (no wall clock), so the same revisions give the same file.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ingest.export.common import SOFTWARE, VERSION, bcp47, image_ref, iso_date, write_inlines, write_xml
from ingest.export.flow import (
    Flow,
    FlowBlock,
    Inline,
    LineBreak,
    PageBreak,
    reading_flow,
    toc_title,
)
from ingest.export.snapshot import Snapshot
from ingest.model import BlockKind

NS = "http://www.tei-c.org/ns/1.0"
XML = "http://www.w3.org/XML/1998/namespace"


def _e(
    parent: etree._Element | None, tag: str, text: str | None = None, **attrs: str | None
) -> etree._Element:
    a = {(f"{{{XML}}}{k[4:]}" if k.startswith("xml_") else k): v for k, v in attrs.items() if v is not None}
    el = (
        etree.Element(f"{{{NS}}}{tag}", a, nsmap={None: NS})
        if parent is None
        else etree.SubElement(parent, f"{{{NS}}}{tag}", a)
    )
    if text is not None:
        el.text = text
    return el


def _header(root: etree._Element, snapshot: Snapshot) -> None:
    m = snapshot.metadata
    header = _e(root, "teiHeader")
    fd = _e(header, "fileDesc")
    ts = _e(fd, "titleStmt")
    _e(ts, "title", m.title or snapshot.volume)
    if m.creator:
        _e(ts, "author", m.creator)
    _e(ts, "respStmt")
    resp = ts[-1]
    _e(resp, "resp", "transcription (OCR and correction)")
    _e(resp, "name", SOFTWARE)
    ps = _e(fd, "publicationStmt")
    _e(ps, "authority", f"{SOFTWARE} {VERSION}")
    _e(ps, "idno", f"{snapshot.volume}", type="quire")
    _e(ps, "date", iso_date(snapshot.newest_date), when=iso_date(snapshot.newest_date))
    sd = _e(fd, "sourceDesc")
    bibl = _e(sd, "bibl")
    _e(bibl, "title", m.title or snapshot.volume)
    if m.creator:
        _e(bibl, "author", m.creator)
    if m.date:
        _e(bibl, "date", m.date)
    if m.identifier:
        _e(bibl, "idno", m.identifier)
    if m.source:
        _e(bibl, "note", m.source, type="source")
    enc = _e(header, "encodingDesc")
    app = _e(_e(enc, "appInfo"), "application", ident="quire", version=VERSION)
    _e(app, "label", SOFTWARE)
    prof = _e(header, "profileDesc")
    _e(_e(prof, "langUsage"), "language", m.language or "und", ident=bcp47(m.language))


class _Builder:
    """Appends flow items to the right container, opening and closing divs by heading level."""

    def __init__(self, body: etree._Element, flow: Flow, images: dict[int, str] | None) -> None:
        self.stack: list[tuple[int, etree._Element]] = [(0, body)]
        self.flow = flow
        self.images = images
        self.pending: list[PageBreak] = []
        self.list: etree._Element | None = None
        self.calls: dict[int, int] = {}  # note number → scan index of the page of its first call
        self.page = 0  # scan index of the page being written
        self.headings = {b.id for b in flow.headings}

    @property
    def container(self) -> etree._Element:
        return self.stack[-1][1]

    def page_break(self, brk: PageBreak, parent: etree._Element) -> None:
        facs = image_ref(self.images[brk.index]) if self.images else None
        _e(parent, "pb", n=brk.label, facs=facs, xml_id=f"pb-{brk.stem}")

    def inline_page_break(self, parent: etree._Element, brk: PageBreak) -> etree._Element:
        """A page break inside a paragraph (the notes called after it are on that page)."""
        self.page_break(brk, parent)
        self.page = brk.index
        return parent[-1]

    def flush_breaks(self, parent: etree._Element) -> None:
        for brk in self.pending:
            self.page_break(brk, parent)
            self.page = brk.index
        self.pending.clear()

    def block(self, b: FlowBlock) -> None:
        if b.kind is not BlockKind.TOC_ENTRY:
            self.list = None
        if b.kind is BlockKind.HEADING:
            level = max(1, b.level)
            while len(self.stack) > 1 and self.stack[-1][0] >= level:
                self.stack.pop()
            div = _e(self.container, "div", type="chapter" if level == 1 else "section")
            self.stack.append((level, div))
            self.flush_breaks(div)
            self.inline(_e(div, "head", xml_id=b.id), b.inlines)
            return
        if b.kind is BlockKind.TOC_ENTRY:
            if self.list is None:
                self.flush_breaks(self.container)
                self.list = _e(self.container, "list", type="contents")
            else:
                self.flush_breaks(self.list)
            item = _e(self.list, "item", xml_id=b.id)
            target = f"#{b.target}" if b.target and b.target in self.headings else None
            if target:
                _e(item, "ref", toc_title(b), target=target)
            else:
                item.text = toc_title(b)
            if b.target_label:
                _e(item, "num", b.target_label, type="page").tail = None
            return
        self.flush_breaks(self.container)
        if b.kind is BlockKind.CAPTION:
            self.inline(_e(_e(self.container, "figure"), "head", xml_id=b.id), b.inlines)
        elif b.kind is BlockKind.OTHER:  # leaders, scanner noise: kept, marked as not prose
            self.inline(_e(self.container, "ab", xml_id=b.id, type="other"), b.inlines)
        elif any(isinstance(x, LineBreak) for x in b.inlines):  # verse: a line group
            lg = _e(self.container, "lg", xml_id=b.id)
            line: list[Inline] = []
            for x in [*b.inlines, LineBreak()]:
                if isinstance(x, LineBreak):
                    self.inline(_e(lg, "l"), line)
                    line = []
                else:
                    line.append(x)
        else:
            self.inline(_e(self.container, "p", xml_id=b.id), b.inlines)

    def inline(self, el: etree._Element, inlines: list[Inline]) -> None:
        last = write_inlines(
            el,
            inlines,
            notes=self.flow.notes,
            call=self.call,
            line_break=lambda parent: _e(parent, "lb"),
            page_break=self.inline_page_break,
        )
        if last is not None and last.tail:
            last.tail = last.tail.rstrip()
        elif el.text:
            el.text = el.text.rstrip()

    def call(self, parent: etree._Element, number: int) -> etree._Element:
        """A note's call: a pointer to the note (the first call of each note is what the note
        points back to)."""
        first = number not in self.calls
        if first:
            self.calls[number] = self.page
        return _e(
            parent,
            "ptr",
            type="noteAnchor",
            n=str(number),
            target=f"#note-{number}",
            xml_id=f"call-{number}" if first else None,
        )

    def notes(self, parent: etree._Element) -> None:
        """Every note in a notes division, in number order: `place` "foot" when it is printed on
        the page of its first call, else "end" (endnotes, and notes nobody calls); `target` the
        call."""
        if not self.flow.notes:
            return
        div = _e(parent, "div", type="notes")
        for number, note in self.flow.notes.items():
            page = self.calls.get(number)
            el = _e(
                div,
                "note",
                xml_id=f"note-{number}",
                n=str(number),
                place="foot" if page == note.page else "end",
                target=f"#call-{number}" if page is not None else None,
            )
            self.inline(el, note.inlines)


def render_tei(snapshot: Snapshot, *, images: bool = True) -> etree._Element:
    flow = reading_flow(p.page for p in snapshot.pages)
    root = _e(None, "TEI", xml_lang=bcp47(snapshot.metadata.language))
    _header(root, snapshot)
    body = _e(_e(root, "text"), "body")
    b = _Builder(body, flow, {e.index: e.image_file for e in snapshot.pages} if images else None)
    for item in flow.items:
        if isinstance(item, PageBreak):
            b.pending.append(item)
        else:
            b.block(item)
    b.flush_breaks(b.container)  # a last page without text still gets its page break
    if flow.notes:
        b.notes(_e(body.getparent(), "back"))
    return root


def write_tei(snapshot: Snapshot, out_dir: Path, *, images: bool = True) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    return [write_xml(render_tei(snapshot, images=images), out_dir / f"{file_stem(snapshot)}.xml")]


def file_stem(snapshot: Snapshot) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in snapshot.volume)
