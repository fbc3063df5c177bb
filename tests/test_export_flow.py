"""Every format that writes running text reads the one reading flow: the plain text, Markdown and TEI
agree on broken words, closed dashes, note numbers and paragraphs run on over a page (they used to
decide each of these twice, and disagreed)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from lxml import etree

from ingest.export.flow import NoteRef, reading_flow
from ingest.export.markdown import render_markdown
from ingest.export.snapshot import PageEntry, Snapshot
from ingest.export.tei import render_tei
from ingest.export.text import render_text
from ingest.layout import clean_volume
from ingest.model import BlockKind, HyphenPart, Metadata, Page
from tests.test_layout_helpers import body, page

TEI = {"t": "http://www.tei-c.org/ns/1.0"}


def _words_of(text: str) -> list[str]:
    return text.split()


def _md_body(md: str) -> str:
    md = re.sub(r"<a id=\"[^\"]*\"></a>(<!--.*?-->)?", " ", md)
    return md.split("\n---\n")[0]


def _correct(pages: list[Page], old: str, new: str) -> list[Page]:
    """A corrector's fix of one word (its text only: halves of a broken word keep their roles)."""
    out = []
    for p in pages:
        blocks = []
        for b in p.blocks:
            lines = []
            for ln in b.lines:
                words = tuple(replace(w, text=new) if w.text == old else w for w in ln.words)
                lines.append(replace(ln, words=words))
            blocks.append(replace(b, lines=tuple(lines)))
        out.append(replace(p, blocks=tuple(blocks)))
    return out


def _two_pages() -> list[Page]:
    p1 = body(
        [
            "¶the mill stood by the river where none were necessary",
            "—just as none were needed; the workers told a story of a per-",
        ],
        top=245,
        last_short=False,
    )
    p2 = body(["formed miracle and the wheel went on turning."], top=245)
    return clean_volume([page(1, p1), page(2, p2)])


def test_txt_markdown_and_tei_read_the_same_words() -> None:
    pages = _two_pages()
    # cleanup joined the broken word and marked the paragraph as running on over the page
    words = [w for p in pages for b in p.blocks for w in b.words]
    assert [w.hyphen for w in words if w.hyphen] == [HyphenPart.START, HyphenPart.END]
    assert any(b.continues for b in pages[1].blocks)
    txt = render_text(pages).clean
    md = _md_body(render_markdown(reading_flow(pages)))
    assert "necessary—just" in txt and "performed miracle" in txt
    assert _words_of(md) == _words_of(txt)

    # a correction of the second half counts in every format (the stored whole word is stale)
    fixed = _correct(pages, "formed", "fected")
    txt = render_text(fixed).clean
    assert "perfected miracle" in txt
    assert _words_of(_md_body(render_markdown(reading_flow(fixed)))) == _words_of(txt)


def _snapshot(pages: list[Page]) -> Snapshot:
    entries = tuple(
        PageEntry(i, i, 1, "cleanup", "2026-01-01T00:00:00+00:00", "cleanup", None, p)
        for i, p in enumerate(pages, start=1)
    )
    return Snapshot(1, "v", Metadata(title="T"), entries, Path("."))


def _tei_paragraphs(pages: list[Page]) -> list[str]:
    """The text of the TEI's paragraphs, their notes left out."""
    out = []
    for p in render_tei(_snapshot(pages)).xpath("//t:body//t:p", namespaces=TEI):
        copy = etree.fromstring(etree.tostring(p))
        for note in copy.xpath(".//t:note", namespaces=TEI):
            note.text = None
            for child in list(note):
                note.remove(child)
        out.append("".join(copy.itertext()))
    return out


def test_tei_paragraphs_are_the_txt_paragraphs() -> None:
    pages = _two_pages()
    txt = render_text(pages).clean.rstrip("\n").split("\n\n")
    assert [" ".join(p.split()) for p in _tei_paragraphs(pages)] == txt
    fixed = _correct(pages, "formed", "fected")
    txt = render_text(fixed).clean.rstrip("\n").split("\n\n")
    assert [" ".join(p.split()) for p in _tei_paragraphs(fixed)] == txt


def test_note_numbers_agree_when_a_call_has_no_note() -> None:
    # a call whose note was lost (not on the pages) still takes its number in every format, so note
    # 2 is note 2 in the plain text, Markdown and TEI alike
    pages = _two_pages()
    p = pages[0]
    para = next(b for b in p.blocks if b.kind is BlockKind.PARAGRAPH)
    ln = para.lines[0]
    w0, w1 = ln.words[1], ln.words[3]
    lost = replace(w0, marker="7", note_id="nowhere")
    words = list(ln.words)
    words[1] = lost
    words[3] = replace(w1, marker="8", note_id=None)
    para2 = replace(para, lines=(replace(ln, words=tuple(words)), *para.lines[1:]))
    pages = [replace(p, blocks=tuple(para2 if b is para else b for b in p.blocks)), *pages[1:]]
    flow = reading_flow(pages)
    numbers = [x.number for b in flow.blocks for x in b.inlines if isinstance(x, NoteRef)]
    assert numbers == [1, 2] and flow.notes == {}
    txt = render_text(pages).clean
    assert f"{w0.text}[^1]" in txt and f"{w1.text}[^2]" in txt
    md = render_markdown(flow)
    # Markdown has no note to point to: the printed marks stay
    assert f"{w0.text}7" in md and f"{w1.text}8" in md
