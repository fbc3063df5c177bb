"""Each export format on a hand-built volume that has every structure (see test_export_support)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from ingest.export.snapshot import Snapshot, load_snapshot
from tests.conftest import SHARED
from tests.test_export_support import make_structured_store

ALTO_XSD = SHARED / "schemas" / "alto-4-4.xsd"
XLINK_XSD = SHARED / "schemas" / "xlink.xsd"
ALTO = "{http://www.loc.gov/standards/alto/ns-v4#}"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Snapshot]:
    store = make_structured_store(tmp_path_factory.mktemp("struct") / "home")
    yield load_snapshot(store, "walden")
    store.close()


# --- validators shared with test_export_ocr ---------------------------------------------------------


def alto_schema():  # type: ignore[no-untyped-def]
    if not ALTO_XSD.exists():
        pytest.skip(f"{ALTO_XSD} is absent (the shared schemas live beside the project in ../shared)")
    import xmlschema

    return xmlschema.XMLSchema(str(ALTO_XSD), locations={"http://www.w3.org/1999/xlink": str(XLINK_XSD)})


def assert_hocr_valid(path: Path) -> None:
    from hocr_spec import HocrValidator

    report = HocrValidator("standard").validate(str(path), parse_strict=True)
    errors = [str(x) for x in report.items if x.level == "ERROR"]
    assert report.is_valid() and not errors, "\n".join(errors)


_TEI_ALL: list[etree.RelaxNG] = []


def tei_all() -> etree.RelaxNG:
    """The full TEI P5 `tei_all` grammar (loading it takes 5-40 s: once per test session)."""
    path = SHARED / "schemas" / "tei_all.rng"
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared schemas live beside the project in ../shared)")
    if not _TEI_ALL:
        _TEI_ALL.append(etree.RelaxNG(file=str(path)))
    return _TEI_ALL[0]


def assert_tei_valid(path: Path) -> etree._ElementTree:
    """Well-formed, valid against the full TEI P5 (tei_all), and every #reference resolves."""
    doc = etree.parse(str(path))
    rng = tei_all()
    assert rng.validate(doc), [f"{e.line}: {e.message}" for e in rng.error_log][:10]
    assert_tei_links(doc)
    return doc


def assert_tei_links(doc: etree._ElementTree) -> None:
    ids = doc.xpath("//@xml:id")
    assert len(ids) == len(set(ids)), "duplicate xml:id"
    for target in doc.xpath("//@target"):
        assert target.startswith("#") and target[1:] in ids, f"dangling reference {target}"


# --- markdown -------------------------------------------------------------------------------------


def test_markdown_structure(snapshot: Snapshot, tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    from ingest.export.markdown import write_markdown

    [path] = write_markdown(snapshot, tmp_path)
    md = path.read_text(encoding="utf-8")
    # headings with their levels, each with an anchor that the Contents links point to
    assert '# <a id="p0002-b02"></a>Where I Lived' in md
    assert '## <a id="p0003-b02"></a>Reading & \\<Writing\\>' in md
    assert "- [Where I Lived](#p0002-b02) — 1" in md
    assert "- [Reading, Writing](#p0003-b02) — 2" in md
    # the call and its note (continued on the next page, joined), numbered 1
    assert "worship Aurora[^1] as the Greeks" in md
    assert "[^1]: The goddess of the dawn, whose rosy fingers open the day.\n" in md
    # a paragraph and a word continued across the page break are one paragraph, the break kept
    assert re.search(
        r"I got up early and performed <a id=\"p0003\"></a><!-- page 2, scan 3 --> a religious", md
    )
    # page labels; no furniture in the text
    assert '<a id="p0001"></a><!-- page v, scan 1 -->' in md
    assert "<!-- unnumbered page, scan 4 -->" in md
    assert "WALDEN" not in md and "WHERE I LIVED" not in md
    tokens = MarkdownIt("commonmark").parse(md)
    levels = [t.tag for t in tokens if t.type == "heading_open"]
    assert levels == ["h1", "h1", "h2"]
    inline = " ".join(t.content for t in tokens if t.type == "inline")
    assert "Books are the treasured wealth of the world." in inline


# --- TEI ------------------------------------------------------------------------------------------


def test_tei_structure(snapshot: Snapshot, tmp_path: Path) -> None:
    from ingest.export.tei import write_tei

    [path] = write_tei(snapshot, tmp_path)
    doc = etree.parse(str(path))
    assert_tei_links(doc)
    ns = {"t": TEI[1:-1]}
    assert doc.xpath("string(//t:titleStmt/t:title)", namespaces=ns) == "Walden Extracts"
    assert doc.xpath("string(//t:titleStmt/t:author)", namespaces=ns) == "Henry David Thoreau"
    assert doc.xpath("string(//t:sourceDesc//t:idno)", namespaces=ns) == "quire-test-0001"
    assert doc.xpath("string(//t:langUsage/t:language/@ident)", namespaces=ns) == "en"
    assert doc.getroot().get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    # the call points to the note, the note (its continuation joined) points back to the call
    call = doc.xpath("//t:p/t:ptr[@type='noteAnchor']", namespaces=ns)[0]
    assert call.getparent().text.endswith("worship Aurora") and call.get("target") == "#note-1"
    note = doc.xpath("//t:back/t:div[@type='notes']/t:note", namespaces=ns)[0]
    assert note.text == "The goddess of the dawn, whose rosy fingers open the day."
    assert note.get("target") == "#" + call.get(XML_ID) and note.get("place") == "foot"
    # page breaks carry the printed labels and the image; one inside the continued paragraph
    pbs = doc.xpath("//t:pb", namespaces=ns)
    assert [pb.get("n") for pb in pbs] == ["v", "1", "2", None]
    assert pbs[1].get("facs") == "../images/p0002.png"
    assert pbs[2].getparent().tag == f"{TEI}p"
    # the level-2 heading opens a section nested in the chapter
    head = doc.xpath("//t:head[@xml:id='p0003-b02']", namespaces=ns)[0]
    assert head.text == "Reading & <Writing>" and head.getparent().get("type") == "section"
    chapter = head.getparent().getparent()
    assert (
        chapter.get("type") == "chapter" and chapter.xpath("string(t:head)", namespaces=ns) == "Where I Lived"
    )
    # the contents as a list of references to the headings
    refs = doc.xpath("//t:list[@type='contents']/t:item/t:ref/@target", namespaces=ns)
    assert refs == ["#p0002-b02", "#p0003-b02"]
    assert not doc.xpath("//*[contains(text(), 'WALDEN')]")


@pytest.mark.slow
def test_tei_valid_against_tei_all(snapshot: Snapshot, tmp_path: Path) -> None:
    from ingest.export.tei import write_tei

    [path] = write_tei(snapshot, tmp_path)
    assert_tei_valid(path)


# --- ALTO -----------------------------------------------------------------------------------------


def test_alto_valid_with_hyphens_furniture_and_confidences(snapshot: Snapshot, tmp_path: Path) -> None:
    from ingest.export.alto import write_alto

    schema = alto_schema()
    paths = write_alto(snapshot, tmp_path)
    assert [p.name for p in paths] == ["p0001.xml", "p0002.xml", "p0003.xml", "p0004.xml"]
    for p in paths:
        schema.validate(str(p))
    p2 = etree.parse(str(paths[1]))
    page = p2.find(f".//{ALTO}Page")
    assert page.get("PRINTED_IMG_NR") == "1" and page.get("PHYSICAL_IMG_NR") == "2"
    top = page.find(f"{ALTO}TopMargin")
    assert top.find(f".//{ALTO}String").get("CONTENT") == "WALDEN"
    assert top.find(f"{ALTO}TextBlock").get("TAGREFS") == "TAG_running_head"
    assert page.find(f"{ALTO}BottomMargin/{ALTO}TextBlock").get("TAGREFS") == "TAG_page_number"
    first = p2.find(f".//{ALTO}String[@SUBS_TYPE='HypPart1']")
    assert (first.get("CONTENT"), first.get("SUBS_CONTENT")) == ("per", "performed")
    line = first.getparent()
    assert line[-1].tag == f"{ALTO}HYP" and line[-1].get("CONTENT") == "-"
    assert float(first.get("WC")) == pytest.approx(0.9)
    p3 = etree.parse(str(paths[2]))
    second = p3.find(f".//{ALTO}String[@SUBS_TYPE='HypPart2']")
    assert (second.get("CONTENT"), second.get("SUBS_CONTENT")) == ("formed", "performed")
    corrected = p3.find(f".//{ALTO}String[@CONTENT='world.']")
    assert corrected.get("CS") == "true" and corrected.get("WC") == "1"
    # word boxes are the model's, in pixels
    w = snapshot.pages[1].page.blocks[1].lines[0].words[0]
    s = p2.find(f".//{ALTO}String[@ID='p0002-b02_l1_w1']")
    assert [int(s.get(k)) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT")] == [
        w.bbox.x0,
        w.bbox.y0,
        w.bbox.width,
        w.bbox.height,
    ]


# --- hOCR -----------------------------------------------------------------------------------------


def test_hocr_valid(snapshot: Snapshot, tmp_path: Path) -> None:
    from ingest.export.hocr import write_hocr

    paths = write_hocr(snapshot, tmp_path)
    for p in paths:
        assert_hocr_valid(p)
    doc = etree.parse(str(paths[1]))
    X = "{http://www.w3.org/1999/xhtml}"
    assert doc.find(f".//{X}div[@class='ocr_header']") is not None
    assert doc.find(f".//{X}div[@class='ocr_pageno']") is not None
    word = doc.find(f".//{X}span[@id='p0002-b02_l1_w1']")
    assert word.text == "Where" and word.get("title") == "bbox 450 200 520 230; x_wconf 90"


# --- JSON -----------------------------------------------------------------------------------------


def test_json_model_valid_and_linked(snapshot: Snapshot, tmp_path: Path) -> None:
    import jsonschema

    from ingest.export.jsonmodel import write_json

    doc_path, schema_path = write_json(snapshot, tmp_path)
    doc = json.loads(doc_path.read_text(encoding="utf-8"))
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)
    assert [p["label"] for p in doc["pages"]] == ["v", "1", "2", None]
    links = doc["links"]
    assert links["notes"] == [{"call": "p0002-b03:2:3", "note": "p0002-b05", "marker": "1"}]
    assert {"entry": "p0001-b02", "heading": "p0002-b02", "page_label": "1"} in links["contents"]
    assert {"from": "p0002-b03", "to": "p0003-b04"} in links["continued_blocks"]
    assert {"from": "p0002-b05", "to": "p0003-b07"} in links["continued_blocks"]
    assert links["hyphenated_words"] == [
        {"first": "p0002-b03:3:6", "second": "p0003-b04:1:1", "word": "performed"}
    ]
    word = doc["pages"][1]["blocks"][2]["lines"][1]["words"][2]
    assert word == {
        "id": "p0002-b03:2:3",
        "text": "Aurora",
        "bbox": word["bbox"],
        "confidence": 0.9,
        "origin": "ocr",
        "marker": "1",
        "note_id": "p0002-b05",
    }


def test_json_is_written_a_page_at_a_time_with_the_bytes_of_the_whole_document(
    snapshot: Snapshot, tmp_path: Path
) -> None:
    """The file is streamed page by page (flat memory on a long volume); it must be exactly the
    document `render_json` gives dumped whole, line breaks and indentation included."""
    from ingest.export.jsonmodel import dumps, render_json, write_json

    doc_path, _ = write_json(snapshot, tmp_path)
    assert doc_path.read_text(encoding="utf-8") == dumps(render_json(snapshot))
    doc_path, _ = write_json(snapshot, tmp_path / "text-only", images=False)
    assert doc_path.read_text(encoding="utf-8") == dumps(render_json(snapshot, images=False))


def test_json_of_a_volume_with_a_blank_leaf_validates(tmp_path: Path) -> None:
    """Regression: the schema listed page statuses by hand and had no "blank", so a volume with a
    blank leaf wrote a document its own schema rejects."""
    import jsonschema

    from ingest.export.jsonmodel import write_json
    from ingest.model import PageStatus

    store = make_structured_store(tmp_path / "home")
    vol = store.volume("walden")
    empty = next(p for p in store.pages(vol.id) if p.word_count == 0)
    assert store.set_status(empty.id, PageStatus.BLANK)
    doc_path, schema_path = write_json(load_snapshot(store, "walden"), tmp_path / "out")
    store.close()
    doc = json.loads(doc_path.read_text(encoding="utf-8"))
    assert [p["status"] for p in doc["pages"] if p["index"] == empty.index] == ["blank"]
    jsonschema.validate(
        doc, json.loads(schema_path.read_text(encoding="utf-8")), cls=jsonschema.Draft202012Validator
    )


# --- PDF ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("batch", [32, 1, 3], ids=["one-part", "a-part-per-page", "uneven-parts"])
def test_pdf_labels_outline_and_text(
    snapshot: Snapshot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    """Also with the pages drawn in several parts joined on disk (a long volume's way): the same
    pages in order, each with its own image and text, the first part's document information."""
    import pdfplumber
    import pikepdf

    from ingest.export import pdf as pdf_export

    monkeypatch.setattr(pdf_export, "PAGES_PER_BATCH", batch)
    [path] = pdf_export.write_pdf(snapshot, tmp_path)
    with pikepdf.open(path) as pdf:
        assert [pikepdf.Page(p).label for p in pdf.pages] == ["v", "1", "2", "[4]"]
        with pdf.open_outline() as outline:
            items = [
                (i.title, pdf.pages.index(i.destination[0]) if i.destination else None) for i in outline.root
            ]
        assert pdf.docinfo["/Title"] == "Walden Extracts"
        # the only date is the newest revision's
        assert pdf.docinfo["/ModDate"] == pdf.docinfo["/CreationDate"]
    assert [t for t, _ in items] == ["Where I Lived", "Reading, Writing"]
    assert_pdfa(path, snapshot)
    with pdfplumber.open(path) as doc:
        for entry, pdf_page in zip(snapshot.pages, doc.pages, strict=True):
            scale = 72 / entry.page.dpi
            for block in entry.page.blocks:
                for line in block.lines:
                    b = line.bbox
                    box = ((b.x0 - 1) * scale, (b.y0 - 1) * scale, (b.x1 + 1) * scale, (b.y1 + 1) * scale)
                    assert pdf_page.within_bbox(box).extract_text() == line.text


def assert_pdfa(path: Path, snapshot: Snapshot) -> None:
    """PDF/A-2b as far as it can be checked offline: pikepdf's PDF/A validator (veraPDF's rules as
    pikepdf implements them) passes the file; XMP identifies PDF/A-2B and carries the Dublin Core;
    one sRGB output intent; every font embedded; each page image is the stored file's compressed
    data, unchanged; no transparency group or soft mask."""
    import struct

    import pikepdf
    from pikepdf.pdfa import validate_written

    report = validate_written(path, "2b")
    assert report.passed, [str(f) for f in report.findings]
    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"] == (snapshot.metadata.title or snapshot.volume)
        if snapshot.metadata.creator:
            assert meta["dc:creator"] == [snapshot.metadata.creator]
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and intent.OutputConditionIdentifier == "sRGB"
        assert intent.DestOutputProfile.read_bytes()[36:40] == b"acsp"  # an ICC profile
        for entry, page in zip(snapshot.pages, pdf.pages, strict=True):
            assert "/Group" not in page.obj
            for font in page.Resources.get("/Font", {}).values():  # a page without words has none
                desc = (font.DescendantFonts[0] if "/DescendantFonts" in font else font).FontDescriptor
                assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            [image] = page.Resources.XObject.values()
            assert "/SMask" not in image
            stored = snapshot.image_path(entry).read_bytes()
            if stored.startswith(b"\x89PNG"):
                idat, i = b"", 8
                while i < len(stored):
                    (n,) = struct.unpack(">I", stored[i : i + 4])
                    idat += stored[i + 8 : i + 8 + n] if stored[i + 4 : i + 8] == b"IDAT" else b""
                    i += 12 + n
                assert image.read_raw_bytes() == idat
            else:
                assert image.read_raw_bytes() == stored


def test_pdf_page_labels_styles() -> None:
    from ingest.export.pdf import label_style

    assert label_style("37", 40) == ("/D", "", 37)
    assert label_style("xii", 3) == ("/r", "", 12)
    assert label_style("XIV", 3) == ("/R", "", 14)
    assert label_style("A-3", 9) == (None, "A-3", 1)
    assert label_style(None, 9) == (None, "[9]", 1)
    assert label_style("mcmxc", 1) == ("/r", "", 1990)
    assert label_style("Xii", 2) == (None, "Xii", 1)  # mixed case is no roman numeral


# --- txt -----------------------------------------------------------------------------------------


def test_txt_follows_the_contract(snapshot: Snapshot, tmp_path: Path) -> None:
    from ingest.export.formats import WRITERS, ExportOptions

    paths = WRITERS["txt"](snapshot, tmp_path, ExportOptions())
    names = sorted(p.name for p in paths)
    assert names == ["clean.txt", "pages.tsv", "toc.tsv"]
    clean = (tmp_path / "clean.txt").read_text(encoding="utf-8")
    blocks = clean.rstrip("\n").split("\n\n")
    assert "\n\n\n" not in clean and all("\n" not in b for b in blocks)
    assert blocks[0] == "Where I Lived"  # front matter and Contents excluded
    assert blocks[1].startswith("Every morning was a cheerful invitation to worship Aurora[^1] as the Greeks")
    assert blocks[1].endswith("a religious exercise; it was one of the best things which I did.")
    assert "Notes" in blocks and "[^1]: The goddess of the dawn, whose rosy fingers open the day." in blocks
    assert "WALDEN" not in clean
    pages = (tmp_path / "pages.tsv").read_text(encoding="utf-8").splitlines()
    assert pages == ["1\tv", "2\t1", "3\t2", "4\t"]
    toc = [ln.split("\t") for ln in (tmp_path / "toc.tsv").read_text(encoding="utf-8").splitlines()]
    assert [len(t) for t in toc] == [3, 3] and [t[2] for t in toc] == ["1", "2"]
    assert toc[0][1] == "Where I Lived" and toc[1][1].startswith("Reading")


def test_txt_joins_a_word_broken_across_a_page_with_footnotes(snapshot: Snapshot, tmp_path: Path) -> None:
    from ingest.export.formats import WRITERS, ExportOptions

    WRITERS["txt"](snapshot, tmp_path, ExportOptions())
    clean = (tmp_path / "clean.txt").read_text(encoding="utf-8")
    assert "I got up early and performed a religious exercise" in clean


# --- METS -----------------------------------------------------------------------------------------

METS_XSD = SHARED / "schemas" / "mets-1-12-1.xsd"
METS = "{http://www.loc.gov/METS/}"
XLINK = "{http://www.w3.org/1999/xlink}"


def mets_schema():  # type: ignore[no-untyped-def]
    if not METS_XSD.exists():
        pytest.skip(f"{METS_XSD} is absent (the shared schemas live beside the project in ../shared)")
    import xmlschema

    return xmlschema.XMLSchema(str(METS_XSD), locations={"http://www.w3.org/1999/xlink": str(XLINK_XSD)})


def assert_mets_round_trip(data: Path) -> etree._ElementTree:
    """mets.xml is valid METS, and every file it names inside the bag is there with the size and
    sha256 it states; every structure map pointer and link resolves."""
    import hashlib

    path = data / "mets" / "mets.xml"
    mets_schema().validate(str(path))
    doc = etree.parse(str(path))
    ids = set(doc.xpath("//@ID"))
    for f in doc.iter(f"{METS}file"):
        loc = f.find(f"{METS}FLocat")
        href = loc.get(f"{XLINK}href")
        if loc.get("LOCTYPE") == "OTHER":  # a master outside the bag: named, never a path
            assert "/" not in href and f.get("CHECKSUM")
            continue
        target = (path.parent / href).resolve()
        assert target.is_relative_to(data.resolve()) and target.is_file(), href
        assert int(f.get("SIZE")) == target.stat().st_size
        assert hashlib.sha256(target.read_bytes()).hexdigest() == f.get("CHECKSUM")
    for ptr in doc.iter(f"{METS}fptr"):
        assert ptr.get("FILEID") in ids
    for link in doc.iter(f"{METS}smLink"):
        assert link.get(f"{XLINK}from") in ids and link.get(f"{XLINK}to") in ids
    return doc


def test_mets_ties_images_alto_and_structure(tmp_path: Path) -> None:
    from ingest.export.versions import export_volume

    store = make_structured_store(tmp_path / "home")
    try:
        result = export_volume(store, "walden", "mets")
    finally:
        store.close()
    data = result.path / "data"
    assert sorted(p.name for p in data.iterdir()) == ["alto", "images", "mets"]  # METS brings ALTO
    doc = assert_mets_round_trip(data)
    assert [g.get("USE") for g in doc.iter(f"{METS}fileGrp")] == ["MASTER", "DEFAULT", "FULLTEXT"]
    pages = doc.xpath("//m:structMap[@TYPE='PHYSICAL']//m:div[@TYPE='page']", namespaces={"m": METS[1:-1]})
    assert [d.get("ORDERLABEL") for d in pages] == ["v", "1", "2", None]
    # each page's ALTO names the image the page's DEFAULT pointer names
    files = {f.get("ID"): f.find(f"{METS}FLocat").get(f"{XLINK}href") for f in doc.iter(f"{METS}file")}
    for div in pages:
        hrefs = [files[p.get("FILEID")] for p in div.iter(f"{METS}fptr")]
        image = next(h for h in hrefs if "/images/" in h)
        alto = etree.parse(str(data / "mets" / next(h for h in hrefs if "/alto/" in h)))
        assert alto.findtext(f".//{ALTO}fileName") == image
    # logical structure: the chapter, its section, the note inside the part it is printed in
    ns = {"m": METS[1:-1]}
    chapter = doc.xpath("//m:div[@TYPE='chapter']", namespaces=ns)
    assert [c.get("LABEL") for c in chapter] == ["Where I Lived"]
    assert [s.get("LABEL") for s in chapter[0].xpath("m:div[@TYPE='section']", namespaces=ns)] == [
        "Reading & <Writing>"
    ]
    assert doc.xpath("count(//m:div[@TYPE='note'])", namespaces=ns) == 1
    assert doc.xpath("string(//m:dmdSec//*[local-name()='creator'])", namespaces=ns) == "Henry David Thoreau"
    # the chapter spans the two body pages: linked to each
    cid = chapter[0].get("ID")
    linked = [lk.get(f"{XLINK}to") for lk in doc.iter(f"{METS}smLink") if lk.get(f"{XLINK}from") == cid]
    assert linked == ["PHYS_p0002", "PHYS_p0003", "PHYS_p0004"]


def test_pdf_text_layer_keeps_word_breaks_where_boxes_touch_or_overlap(
    snapshot: Snapshot, tmp_path: Path
) -> None:
    # OCR boxes that overlap ("in" inside "commented") and two lines of two columns on one row:
    # an extractor that sorts by position used to read "commenteidn" and "rowsecond"
    import dataclasses

    import pdfplumber

    from ingest.export.pdf import write_pdf
    from ingest.model import BBox, Block, BlockKind, Line, Word

    def line(words: list[tuple[str, int, int]], y: int) -> Line:
        ws = tuple(Word(t, BBox(x0, y, x1, y + 40)) for t, x0, x1 in words)
        return Line(ws, BBox(ws[0].bbox.x0, y, ws[-1].bbox.x1, y + 40))

    left = line([("we", 100, 160), ("commented", 175, 420), ("in", 390, 430)], 300)
    right = line([("the", 440, 520), ("second", 535, 700)], 300)  # starts 10 px after the left ends
    block = Block("p0001-b01", BlockKind.PARAGRAPH, (left, right), BBox(100, 300, 700, 340))
    entry = snapshot.pages[0]
    page = dataclasses.replace(entry.page, blocks=(block,))
    one = dataclasses.replace(snapshot, pages=(dataclasses.replace(entry, page=page),))
    [path] = write_pdf(one, tmp_path)
    with pdfplumber.open(path) as doc:
        assert doc.pages[0].extract_text().split() == ["we", "commented", "in", "the", "second"]


# --- EPUB -----------------------------------------------------------------------------------------


def test_epub_chapters_navigation_pop_up_notes_and_page_list(snapshot: Snapshot, tmp_path: Path) -> None:
    import zipfile

    from ingest.export.epub import write_epub

    [path] = write_epub(snapshot, tmp_path)
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        assert names[0] == "mimetype" and z.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        files = {n: etree.fromstring(z.read(n)) for n in names if n.endswith((".xhtml", ".opf"))}
    ns = {"h": "http://www.w3.org/1999/xhtml", "e": "http://www.idpf.org/2007/ops"}
    nav = files["OEBPS/nav.xhtml"]
    toc = nav.xpath("//h:nav[@e:type='toc']//h:a", namespaces=ns)
    assert [a.text for a in toc] == ["Contents", "Where I Lived", "Reading & <Writing>"]
    # the section is nested under its chapter
    assert toc[2].getparent().getparent().getparent() is toc[1].getparent()
    pages = nav.xpath("//h:nav[@e:type='page-list']//h:a", namespaces=ns)
    assert [a.text for a in pages] == ["v", "1", "2", "[scan 4]"]
    # every navigation link lands on an element of its file
    for a in toc + pages:
        name, _, anchor = a.get("href").partition("#")
        doc = files[f"OEBPS/{name}"]
        assert not anchor or doc.xpath(f"//*[@id='{anchor}']")
    # the call and its note in one file: a pop-up note, and the note links back
    chapter = files["OEBPS/chapter-002.xhtml"]
    [ref] = chapter.xpath("//h:a[@e:type='noteref']", namespaces=ns)
    [aside] = chapter.xpath("//h:aside[@e:type='footnote']", namespaces=ns)
    assert ref.get("href") == "#" + aside.get("id")
    assert "The goddess of the dawn, whose rosy fingers open the day." in "".join(aside.itertext())
    opf = files["OEBPS/content.opf"]
    dc = {"d": "http://purl.org/dc/elements/1.1/", "o": "http://www.idpf.org/2007/opf"}
    assert opf.xpath("string(//d:creator)", namespaces=dc) == "Henry David Thoreau"
    assert opf.xpath("string(//d:identifier)", namespaces=dc) == "quire-test-0001"
    assert len(opf.xpath("//o:spine/o:itemref", namespaces=dc)) == 2
