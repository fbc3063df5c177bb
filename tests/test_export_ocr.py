"""Every format exported from really OCRed (and cleaned-up) sample pages after a human correction."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from lxml import etree

from ingest.export.bag import validate
from ingest.export.versions import ExportResult, export_volume
from ingest.model import Page, WordOrigin
from ingest.store import Store
from tests.test_export_formats import ALTO, alto_schema, assert_hocr_valid, assert_tei_valid
from tests.test_export_support import copy_home, ocr_template

#: Real OCR of three sample pages (once per session, ~15 s): slow.
pytestmark = pytest.mark.slow

CORRECTED = "CORRECTED-WORD"


@dataclass
class Exported:
    store: Store
    result: ExportResult
    pages: list[Page]  # current revisions, after the correction
    edited_index: int

    @property
    def data(self) -> Path:
        return self.result.path / "data"


def correct_one_word(store: Store, volume: str) -> tuple[int, str]:
    """Replace the first word of the longest block with CORRECTED (a human edit); returns
    (scan index, the word it replaced)."""
    vol = store.volume(volume)
    infos = store.pages(vol.id)
    info = max(infos, key=lambda i: i.word_count)
    cur = store.current(info.id)
    blocks = list(cur.page.blocks)
    k = max(range(len(blocks)), key=lambda i: len(blocks[i].words))
    b = blocks[k]
    line = b.lines[0]
    old = line.words[0]
    new_word = replace(
        old, text=CORRECTED, origin=WordOrigin.CORRECTED, confidence=1.0, hyphen=None, joined=None
    )
    blocks[k] = replace(b, lines=(replace(line, words=(new_word, *line.words[1:])), *b.lines[1:]))
    store.save_revision(
        info.id, replace(cur.page, blocks=tuple(blocks)), author="tester", reason="edit", base_id=cur.id
    )
    return info.index, old.text


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Exported]:
    home = copy_home(ocr_template(tmp_path_factory), tmp_path_factory.mktemp("ocr-export") / "home")
    store = Store(home)
    index, _ = correct_one_word(store, "sample")
    result = export_volume(store, "sample", "all")
    vol = store.volume("sample")
    pages = [store.current(i.id).page for i in store.pages(vol.id)]
    yield Exported(store, result, pages, index)
    store.close()


def test_the_version_is_a_valid_bag_with_every_format(exported: Exported) -> None:
    assert exported.result.created and exported.result.path.name == "v1"
    validate(exported.result.path)
    names = {p.name for p in exported.data.iterdir()}
    assert {"md", "tei", "alto", "hocr", "pdf", "json", "images"} <= names
    n = len(exported.pages)
    assert len(list((exported.data / "alto").glob("*.xml"))) == n
    assert len(list((exported.data / "hocr").glob("*.hocr"))) == n
    images = sorted((exported.data / "images").iterdir())
    assert len(images) == n
    # each image is named for what it is (a scanned JPEG stays a .jpg, as stored)
    magic = {".png": b"\x89PNG", ".jpg": b"\xff\xd8"}
    assert all(p.read_bytes().startswith(magic[p.suffix]) for p in images)


def test_txt_has_the_correction(exported: Exported) -> None:
    txt = exported.data / "txt"
    if not txt.exists():
        pytest.skip("the txt export (ingest/export/text.py) is not in this build")
    clean = (txt / "clean.txt").read_text(encoding="utf-8")
    assert CORRECTED in clean
    assert "\n\n\n" not in clean
    pages = (txt / "pages.tsv").read_text(encoding="utf-8").splitlines()
    assert [ln.split("\t")[0] for ln in pages] == [str(p.index) for p in exported.pages]


def test_alto_validates_and_carries_the_correction(exported: Exported) -> None:
    schema = alto_schema()
    found = False
    for p in sorted((exported.data / "alto").glob("*.xml")):
        schema.validate(str(p))
        doc = etree.parse(str(p))
        hit = doc.find(f".//{ALTO}String[@CONTENT='{CORRECTED}']")
        if hit is not None:
            found = True
            assert hit.get("CS") == "true" and hit.get("WC") == "1"
        for s in doc.iter(f"{ALTO}String"):
            assert 0 <= float(s.get("WC")) <= 1
    assert found


def test_hocr_validates(exported: Exported) -> None:
    paths = sorted((exported.data / "hocr").glob("*.hocr"))
    for p in paths:
        assert_hocr_valid(p)
    assert any(CORRECTED in p.read_text(encoding="utf-8") for p in paths)


def test_tei_validates_and_has_the_correction(exported: Exported) -> None:
    [path] = (exported.data / "tei").glob("*.xml")
    doc = assert_tei_valid(path)
    assert CORRECTED in etree.tostring(doc, encoding="unicode")
    pbs = doc.xpath("//t:pb", namespaces={"t": "http://www.tei-c.org/ns/1.0"})
    assert [pb.get("n") for pb in pbs] == [p.label for p in exported.pages]


def test_markdown_and_json_have_the_correction(exported: Exported) -> None:
    import jsonschema

    [md] = (exported.data / "md").glob("*.md")
    assert CORRECTED in md.read_text(encoding="utf-8")
    doc = json.loads((exported.data / "json" / "document.json").read_text(encoding="utf-8"))
    schema = json.loads((exported.data / "json" / "quire-document.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)
    words = [w["text"] for p in doc["pages"] for b in p["blocks"] for ln in b["lines"] for w in ln["words"]]
    assert CORRECTED in words


def test_pdf_text_is_the_corrected_text_and_sits_in_the_word_boxes(exported: Exported) -> None:
    import pdfplumber

    [path] = (exported.data / "pdf").glob("*.pdf")
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == len(exported.pages)
        for page, pdf_page in zip(exported.pages, pdf.pages, strict=True):
            scale = 72 / page.dpi
            assert pdf_page.width == pytest.approx(page.width * scale)
            words = pdf_page.extract_words(keep_blank_chars=False, use_text_flow=True)
            # the same words as the corrected page, nothing more and nothing less
            assert Counter(w["text"] for w in words) == Counter(w.text for w in page.words)
            # each one inside the box of a model word with the same text (1 pt tolerance)
            boxes: dict[str, list[tuple[float, float, float, float]]] = {}
            for block in page.blocks:
                for line in block.lines:
                    for w in line.words:
                        boxes.setdefault(w.text, []).append(
                            (w.bbox.x0 * scale, line.bbox.y0 * scale, w.bbox.x1 * scale, line.bbox.y1 * scale)
                        )
            for w in words:
                assert any(
                    x0 - 1 <= w["x0"] and w["x1"] <= x1 + 1 and y0 - 1 <= w["top"] and w["bottom"] <= y1 + 1
                    for x0, y0, x1, y1 in boxes[w["text"]]
                ), w
            # and line by line the text reads as the corrected lines
            for block in page.blocks:
                for line in block.lines:
                    b = line.bbox
                    box = ((b.x0 - 1) * scale, (b.y0 - 1) * scale, (b.x1 + 1) * scale, (b.y1 + 1) * scale)
                    assert pdf_page.within_bbox(box).extract_text() == line.text
    assert any(CORRECTED in w.text for p in exported.pages for w in p.words)


def test_pdf_has_the_page_images(exported: Exported) -> None:
    import pikepdf

    [path] = (exported.data / "pdf").glob("*.pdf")
    with pikepdf.open(path) as pdf:
        for pg, page in zip(pdf.pages, exported.pages, strict=True):
            images = list(pikepdf.Page(pg).get_images().values())
            assert len(images) == 1
            assert (images[0].Width, images[0].Height) == (page.width, page.height)
            expected = page.label if page.label else f"[{page.index}]"
            assert pikepdf.Page(pg).label == expected
