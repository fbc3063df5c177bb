"""The pipeline on the born-digital sample (text layer: no OCR, so these run in seconds)."""

import dataclasses
import shutil

from ingest.model import WordOrigin
from ingest.options import IngestOptions
from ingest.pipeline import clean, ingest_paths

from .conftest import SAMPLES, run_quire


def test_born_digital_pdf_is_ingested_without_ocr_and_cleaned(store):
    opts = IngestOptions.build(volume="born", jobs=1)
    report = ingest_paths(store, [SAMPLES / "book-born-digital.pdf"], opts)
    assert report.pages_added == 10 and report.ok
    assert report.ocr_done == 0  # every page had a real text layer
    vol = store.volume("born")
    pages = store.pages(vol.id)
    reasons = [[r.reason for r in store.revisions(p.id)] for p in pages]
    assert all(r[0] == "text_layer" for r in reasons)
    assert sum(1 for r in reasons if r[-1] == "cleanup") >= 8
    # printed page labels came out of cleanup: body pages are numbered from 1
    assert [p.label for p in pages][2:] == [str(n) for n in range(1, 9)]


def test_clean_never_overwrites_a_human_correction_and_is_idempotent(store):
    opts = IngestOptions.build(volume="born", jobs=1)
    ingest_paths(store, [SAMPLES / "book-born-digital.pdf"], opts)
    vol = store.volume("born")
    info = store.page(vol.id, 4)
    cur = store.current(info.id)
    block = next(b for b in cur.page.blocks if b.kind.value == "paragraph")
    line = block.lines[0]
    word = dataclasses.replace(line.words[0], text="EDITED", origin=WordOrigin.CORRECTED)
    new_line = dataclasses.replace(line, words=(word, *line.words[1:]))
    new_block = dataclasses.replace(block, lines=(new_line, *block.lines[1:]))
    edited = dataclasses.replace(
        cur.page, blocks=tuple(new_block if b.id == block.id else b for b in cur.page.blocks)
    )
    mine = store.save_revision(info.id, edited, author="corrector", reason="edit", base_id=cur.id)

    changed, _ = clean(store, vol.id)
    assert changed == 0, "nothing changed since the last cleanup, and the edited page is left alone"
    after = store.current(info.id)
    assert after.id == mine.id and after.reason == "edit"
    assert "EDITED" in after.page.text


def test_quire_clean_command_reports_what_it_changed(born_home, tmp_path):
    home = tmp_path / "h"
    shutil.copytree(born_home, home)  # the book ingested with --no-clean, as volume "born"
    first = run_quire("clean", "born", home=home, check=True)
    assert "changed 10 page(s)" in first.stdout, first.stdout
    second = run_quire("clean", "born", home=home, check=True)
    assert "changed nothing" in second.stdout


def test_volume_metadata_can_be_set_and_shown(born_home, tmp_path):
    home = tmp_path / "h"
    shutil.copytree(born_home, home)  # the book ingested with --no-clean, as volume "born"
    meta = ("meta", "born", "--creator", "H. D. Thoreau", "--date", "1854")
    out = run_quire(*meta, home=home, check=True).stdout
    assert "H. D. Thoreau" in out and "1854" in out
    again = run_quire("meta", "born", home=home, check=True).stdout
    assert "H. D. Thoreau" in again and "eng" in again
