"""EPUB 3: the reading flow as an e-book, one XHTML file per chapter.

Decisions:
- a chapter file starts at each level-1 heading (what comes before the first one is a file of its
  own); deeper headings are sections inside it;
- the navigation document holds the contents (nested by heading level) and a page list from the
  printed page numbers (an unnumbered page reads "[scan N]"); page starts are `pagebreak` spans;
- a note call is an `epub:type="noteref"` link and the note an `epub:type="footnote"` aside in the
  chapter file of its first call, so reading systems show it as a pop-up; notes nobody calls go
  after the last chapter;
- the plain text's choices hold: furniture and `other` blocks (leaders, noise) are left out,
  Contents entries become links to their headings;
- metadata from the volume (`quire meta`); dcterms:modified is the newest revision's time and the
  ZIP entries carry that date, so the same revisions give the same bytes.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lxml import etree

from ingest.export.common import SOFTWARE, VERSION, bcp47, write_inlines
from ingest.export.flow import (
    Flow,
    FlowBlock,
    Inline,
    NoteRef,
    PageBreak,
    plain,
    reading_flow,
    toc_title,
)
from ingest.export.snapshot import Snapshot
from ingest.model import BlockKind

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
_NSMAP = {None: XHTML, "epub": OPS}
_CSS = """@namespace epub "http://www.idpf.org/2007/ops";
body { font-family: serif; line-height: 1.4; }
h1, h2, h3, h4, h5, h6 { font-family: sans-serif; }
p.caption { font-style: italic; }
a[epub|type~="noteref"] { vertical-align: super; font-size: 0.75em; text-decoration: none; }
aside[epub|type~="footnote"] { font-size: 0.9em; }
"""


@dataclass
class _Chapter:
    name: str
    title: str
    items: list[FlowBlock | PageBreak] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)


def _chapters(flow: Flow) -> list[_Chapter]:
    chapters: list[_Chapter] = []
    for item in flow.items:
        if isinstance(item, FlowBlock) and item.kind is BlockKind.OTHER:
            continue
        opens = isinstance(item, FlowBlock) and item.kind is BlockKind.HEADING and item.level <= 1
        if not chapters or (opens and any(isinstance(x, FlowBlock) for x in chapters[-1].items)):
            n = len(chapters) + 1
            chapters.append(_Chapter(f"chapter-{n:03d}.xhtml", ""))
        ch = chapters[-1]
        if opens and not ch.title and isinstance(item, FlowBlock):
            ch.title = _text(item)
        ch.items.append(item)
    for i, ch in enumerate(chapters, start=1):
        ch.title = ch.title or ("Front matter" if i == 1 else f"Part {i}")
    # each note in the file of its first call, the others after the last chapter
    placed: set[int] = set()
    for ch in chapters:
        for block in (x for x in ch.items if isinstance(x, FlowBlock)):
            for x in block.inlines:
                if isinstance(x, NoteRef) and x.number in flow.notes and x.number not in placed:
                    placed.add(x.number)
                    ch.notes.append(x.number)
    if chapters:
        chapters[-1].notes.extend(n for n in flow.notes if n not in placed)
    return chapters


def _text(b: FlowBlock) -> str:
    return " ".join(plain(b.inlines).split()) or "(untitled)"


def _page_id(brk: PageBreak) -> str:
    return f"page-{brk.stem}"


def _page_label(brk: PageBreak) -> str:
    return brk.label or f"[scan {brk.index}]"


class _Doc:
    """One chapter's XHTML document."""

    def __init__(self, title: str, lang: str, flow: Flow, where: dict[str, str]) -> None:
        self.flow = flow
        self.where = where  # heading id → chapter file
        self.root = etree.Element(f"{{{XHTML}}}html", nsmap=_NSMAP)
        self.root.set("lang", lang)
        self.root.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
        head = etree.SubElement(self.root, f"{{{XHTML}}}head")
        etree.SubElement(head, f"{{{XHTML}}}title").text = title
        link = etree.SubElement(head, f"{{{XHTML}}}link", rel="stylesheet", type="text/css")
        link.set("href", "style.css")
        self.body = etree.SubElement(self.root, f"{{{XHTML}}}body")
        self.called: set[int] = set()
        self.list: etree._Element | None = None

    def el(self, parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
        e = etree.SubElement(parent, f"{{{XHTML}}}{tag}", attrs)
        if text is not None:
            e.text = text
        return e

    def page_break(self, parent: etree._Element, brk: PageBreak) -> etree._Element:
        span = self.el(parent, "span", id=_page_id(brk), role="doc-pagebreak")
        span.set(f"{{{OPS}}}type", "pagebreak")
        span.set("aria-label", _page_label(brk))
        return span

    def item(self, item: FlowBlock | PageBreak) -> None:
        if isinstance(item, PageBreak):
            self.list = None
            self.page_break(self.el(self.body, "div"), item)
            return
        if item.kind is BlockKind.TOC_ENTRY:
            if self.list is None:
                self.list = self.el(self.el(self.body, "nav", role="doc-toc"), "ul")
            li = self.el(self.list, "li", id=item.id)
            title = toc_title(item) + (f" — {item.target_label}" if item.target_label else "")
            if item.target and item.target in self.where:
                self.el(li, "a", title, href=f"{self.where[item.target]}#{item.target}")
            else:
                li.text = title
            return
        self.list = None
        if item.kind is BlockKind.HEADING:
            el = self.el(self.body, f"h{max(1, min(6, item.level))}", id=item.id)
        else:
            el = self.el(self.body, "p", id=item.id)
            if item.kind is BlockKind.CAPTION:
                el.set("class", "caption")
        self.inline(el, item.inlines)

    def inline(self, el: etree._Element, inlines: list[Inline]) -> None:
        write_inlines(
            el,
            inlines,
            notes=self.flow.notes,
            call=self.call,
            line_break=lambda parent: self.el(parent, "br"),
            page_break=self.page_break,
        )

    def call(self, parent: etree._Element, number: int) -> etree._Element:
        """A note's call: a link to the note (the first call of each note is what it links back to)."""
        a = self.el(parent, "a", str(number), href=f"#note-{number}", role="doc-noteref")
        a.set(f"{{{OPS}}}type", "noteref")
        if number not in self.called:
            self.called.add(number)
            a.set("id", f"call-{number}")
        return a

    def notes(self, numbers: list[int]) -> None:
        if not numbers:
            return
        section = self.el(self.body, "section", role="doc-endnotes")
        section.set(f"{{{OPS}}}type", "footnotes")
        for n in numbers:
            note = self.flow.notes[n]
            aside = self.el(section, "aside", id=f"note-{n}", role="doc-footnote")
            aside.set(f"{{{OPS}}}type", "footnote")
            p = self.el(aside, "p")
            if n in self.called:
                self.el(p, "a", f"{n}.", href=f"#call-{n}").tail = " "
            else:
                p.text = f"{n}. "
            inner = self.el(p, "span")
            self.inline(inner, note.inlines)


def _xml(root: etree._Element) -> bytes:
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
    return body.replace(b"?>\n", b"?>\n<!DOCTYPE html>\n", 1)


def _nav(chapters: list[_Chapter], flow: Flow, where: dict[str, str], lang: str, title: str) -> bytes:
    doc = _Doc(title, lang, flow, where)
    toc = doc.el(doc.body, "nav", id="toc")
    toc.set(f"{{{OPS}}}type", "toc")
    doc.el(toc, "h1", "Contents")
    ol = doc.el(toc, "ol")
    stack: list[tuple[int, etree._Element]] = [(0, ol)]
    for ch in chapters:
        heads = [b for b in ch.items if isinstance(b, FlowBlock) and b.kind is BlockKind.HEADING]
        if not heads or heads[0].level > 1:  # a file that opens without a chapter heading
            li = doc.el(stack[0][1], "li")
            doc.el(li, "a", ch.title, href=ch.name)
            stack = stack[:1]
        for h in heads:
            level = max(1, h.level)
            while len(stack) > 1 and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1]
            li = doc.el(parent, "li")
            doc.el(li, "a", _text(h), href=f"{ch.name}#{h.id}")
            stack.append((level, li))
    _nest_lists(ol, doc)
    pages = doc.el(doc.body, "nav", id="page-list", hidden="hidden")
    pages.set(f"{{{OPS}}}type", "page-list")
    pol = doc.el(pages, "ol")
    for ch in chapters:
        for brk in _breaks(ch.items):
            doc.el(doc.el(pol, "li"), "a", _page_label(brk), href=f"{ch.name}#{_page_id(brk)}")
    return _xml(doc.root)


def _nest_lists(ol: etree._Element, doc: _Doc) -> None:
    """Items appended under an <li> are sub-items: wrap each li's trailing <li>s in an <ol>."""
    for li in list(ol):
        subs = [c for c in li if c.tag == f"{{{XHTML}}}li"]
        if subs:
            sub = doc.el(li, "ol")
            for s in subs:
                sub.append(s)
            _nest_lists(sub, doc)


def _breaks(items: list[FlowBlock | PageBreak]) -> list[PageBreak]:
    out: list[PageBreak] = []
    for item in items:
        if isinstance(item, PageBreak):
            out.append(item)
        else:
            out.extend(x for x in item.inlines if isinstance(x, PageBreak))
    return out


def _opf(snapshot: Snapshot, chapters: list[_Chapter], lang: str) -> bytes:
    m = snapshot.metadata
    root = etree.Element(f"{{{OPF}}}package", nsmap={None: OPF})
    root.set("version", "3.0")
    root.set("unique-identifier", "book-id")
    root.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    meta = etree.SubElement(root, f"{{{OPF}}}metadata", nsmap={"dc": DC})
    ident = etree.SubElement(meta, f"{{{DC}}}identifier", id="book-id")
    ident.text = m.identifier or f"urn:quire:{snapshot.volume}"
    etree.SubElement(meta, f"{{{DC}}}title").text = m.title or snapshot.volume
    etree.SubElement(meta, f"{{{DC}}}language").text = lang
    for tag, value in (("creator", m.creator), ("date", m.date), ("source", m.source)):
        if value:
            etree.SubElement(meta, f"{{{DC}}}{tag}").text = value
    modified = etree.SubElement(meta, f"{{{OPF}}}meta", property="dcterms:modified")
    modified.text = _modified(snapshot)
    gen = etree.SubElement(meta, f"{{{OPF}}}meta", name="generator")
    gen.set("content", f"{SOFTWARE} {VERSION}")
    manifest = etree.SubElement(root, f"{{{OPF}}}manifest")
    etree.SubElement(manifest, f"{{{OPF}}}item", id="nav", href="nav.xhtml", properties="nav").set(
        "media-type", "application/xhtml+xml"
    )
    etree.SubElement(manifest, f"{{{OPF}}}item", id="css", href="style.css").set("media-type", "text/css")
    spine = etree.SubElement(root, f"{{{OPF}}}spine")
    for i, ch in enumerate(chapters, start=1):
        item = etree.SubElement(manifest, f"{{{OPF}}}item", id=f"c{i:03d}", href=ch.name)
        item.set("media-type", "application/xhtml+xml")
        etree.SubElement(spine, f"{{{OPF}}}itemref", idref=f"c{i:03d}")
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def _modified(snapshot: Snapshot) -> str:
    dt = datetime.fromisoformat(snapshot.newest_date)
    if dt.utcoffset():
        dt = (dt - dt.utcoffset()).replace(tzinfo=None)  # type: ignore[operator]
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


_CONTAINER = b"""<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""


def render_epub(snapshot: Snapshot) -> dict[str, bytes]:
    """The files of the book by their path in the container, in the order they are stored."""
    flow = reading_flow(e.page for e in snapshot.pages)
    lang = bcp47(snapshot.metadata.language)
    title = snapshot.metadata.title or snapshot.volume
    chapters = _chapters(flow)
    where = {
        b.id: ch.name
        for ch in chapters
        for b in ch.items
        if isinstance(b, FlowBlock) and b.kind is BlockKind.HEADING
    }
    files = {"mimetype": b"application/epub+zip", "META-INF/container.xml": _CONTAINER}
    files["OEBPS/content.opf"] = _opf(snapshot, chapters, lang)
    files["OEBPS/nav.xhtml"] = _nav(chapters, flow, where, lang, title)
    files["OEBPS/style.css"] = _CSS.encode()
    for ch in chapters:
        doc = _Doc(ch.title, lang, flow, where)
        for item in ch.items:
            doc.item(item)
        doc.notes(ch.notes)
        files[f"OEBPS/{ch.name}"] = _xml(doc.root)
    return files


def write_epub(snapshot: Snapshot, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{_stem(snapshot.volume)}.epub"
    when = datetime.fromisoformat(snapshot.newest_date).timetuple()[:6]
    with zipfile.ZipFile(path, "w") as z:
        for name, data in render_epub(snapshot).items():
            info = zipfile.ZipInfo(name, date_time=max(when, (1980, 1, 1, 0, 0, 0)))
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return [path]


def _stem(volume: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in volume)
