"""A dev book's whole export checked by the tools an archive would use: METS (XSD, and every
reference resolved inside the bag), ALTO (XSD), TEI (tei_all), PDF/A-2b (pikepdf's validator, and
the pages as pdftoppm draws them), EPUB 3 (epubcheck), and the same bytes from the same revisions."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ingest import pipeline
from ingest.export.bag import validate
from ingest.export.snapshot import Snapshot, load_snapshot
from ingest.export.versions import ExportResult, export_volume
from ingest.model import Metadata
from ingest.options import IngestOptions
from ingest.store import Store
from tests.conftest import shared_path
from tests.test_export_formats import alto_schema, assert_mets_round_trip, assert_pdfa, assert_tei_valid

#: Ingesting a 20-page born-digital book with cleanup and exporting every format: ~30 s.
pytestmark = pytest.mark.slow

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
META = Metadata(
    title="The Challenge of the Left Opposition",
    creator="Leon Trotsky",
    date="1928",
    language="eng",
    identifier="quire-dev-endnotes",
    source="bench dev book endnotes-verse-octavo-heavy",
)


@dataclass
class Book:
    store: Store
    snapshot: Snapshot
    result: ExportResult

    @property
    def data(self) -> Path:
        return self.result.path / "data"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Book]:
    pdf = shared_path("bench", "dev", "endnotes-verse-octavo-heavy", "born-digital.pdf")
    store = Store(tmp_path_factory.mktemp("archive") / "home")
    report = pipeline.ingest_paths(store, [pdf], IngestOptions.build(volume="endnotes", jobs=1))
    assert report.ok
    store.set_metadata(store.volume("endnotes").id, META)
    result = export_volume(store, "endnotes", "all")
    yield Book(store, load_snapshot(store, "endnotes"), result)
    store.close()


def test_every_format_is_in_the_bag(book: Book) -> None:
    validate(book.result.path)
    names = sorted(p.name for p in book.data.iterdir())
    assert names == ["alto", "epub", "hocr", "images", "json", "md", "mets", "pdf", "tei", "txt"]


def test_mets_is_valid_and_resolves_inside_the_bag(book: Book) -> None:
    doc = assert_mets_round_trip(book.data)
    ns = {"m": "http://www.loc.gov/METS/"}
    pages = doc.xpath("//m:structMap[@TYPE='PHYSICAL']//m:div[@TYPE='page']", namespaces=ns)
    assert [d.get("ORDERLABEL") for d in pages] == [e.page.label for e in book.snapshot.pages]
    chapters = doc.xpath("//m:structMap[@TYPE='LOGICAL']//m:div[@TYPE='chapter']", namespaces=ns)
    assert len(chapters) >= 3
    # the endnotes are in the logical map, each linked to the page it is printed on
    notes = doc.xpath("//m:div[@TYPE='note']/@ID", namespaces=ns)
    links = {
        lk.get("{http://www.w3.org/1999/xlink}from") for lk in doc.iter("{http://www.loc.gov/METS/}smLink")
    }
    assert notes and set(notes) <= links


def test_alto_is_valid(book: Book) -> None:
    schema = alto_schema()
    files = sorted((book.data / "alto").glob("*.xml"))
    assert len(files) == len(book.snapshot.pages)
    for f in files:
        schema.validate(str(f))


def test_tei_is_valid_against_tei_all(book: Book) -> None:
    [path] = (book.data / "tei").glob("*.xml")
    doc = assert_tei_valid(path)
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    # the chapter-end notes are endnotes, each pointing back to its call
    places = doc.xpath("//t:back//t:note/@place", namespaces=ns)
    assert places and set(places) == {"end"}


def test_pdf_is_pdfa_and_shows_the_pages(book: Book, tmp_path: Path) -> None:
    from PIL import Image, ImageChops, ImageFilter, ImageOps, ImageStat

    [path] = (book.data / "pdf").glob("*.pdf")
    assert_pdfa(path, book.snapshot)
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed: scripts/system-deps.sh --test")
    # drawn as a viewer draws it, each page is its stored image (placed, not flipped or cropped)
    for n in (1, len(book.snapshot.pages) // 2):
        entry = book.snapshot.pages[n - 1]
        out = tmp_path / f"page-{n}"
        subprocess.run(
            ["pdftoppm", "-r", "30", "-f", str(n), "-l", str(n), "-png", "-singlefile", path, out], check=True
        )
        drawn = Image.open(f"{out}.png").convert("L")
        stored = Image.open(book.snapshot.image_path(entry)).convert("L").resize(drawn.size)
        blur = ImageFilter.GaussianBlur(2)
        drawn, stored = drawn.filter(blur), stored.filter(blur)
        same = ImageStat.Stat(ImageChops.difference(drawn, stored)).mean[0]
        flipped = ImageStat.Stat(ImageChops.difference(drawn, ImageOps.flip(stored))).mean[0]
        assert same < flipped / 3, (same, flipped)


def test_epub_passes_epubcheck(book: Book) -> None:
    import zipfile

    if not EPUBCHECK.exists():
        pytest.skip("epubcheck is not installed: scripts/system-deps.sh --test")
    [path] = (book.data / "epub").glob("*.epub")
    res = subprocess.run(["java", "-jar", str(EPUBCHECK), str(path)], capture_output=True, text=True)
    out = res.stdout + res.stderr
    assert res.returncode == 0 and "0 fatals / 0 errors / 0 warnings" in out, out
    with zipfile.ZipFile(path) as z:
        nav = z.read("OEBPS/nav.xhtml").decode()
        opf = z.read("OEBPS/content.opf").decode()
        chapters = [n for n in z.namelist() if n.startswith("OEBPS/chapter-")]
        text = "".join(z.read(n).decode() for n in chapters)
    assert 'epub:type="page-list"' in nav
    assert text.count('epub:type="pagebreak"') == len(book.snapshot.pages)
    assert 'epub:type="noteref"' in text and 'epub:type="footnote"' in text
    assert "<dc:creator>Leon Trotsky</dc:creator>" in opf and "<dc:identifier" in opf


def test_the_same_revisions_give_the_same_bytes(book: Book, tmp_path: Path) -> None:
    again = export_volume(book.store, "endnotes", "all", out_root=tmp_path / "again")
    for p in sorted(book.data.rglob("*")):
        if p.is_file():
            twin = again.path / "data" / p.relative_to(book.data)
            assert p.read_bytes() == twin.read_bytes(), p.relative_to(book.data)
