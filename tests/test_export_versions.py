"""Versions: bags, determinism, no-change exports, CHANGES, diffs, crashes and the CLI."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from ingest.errors import ExportError, NotFoundError
from ingest.export.bag import read_info, validate
from ingest.export.versions import FAULT_SLEEP_ENV, diff_versions, export_volume, list_versions
from ingest.model import WordOrigin
from ingest.store import Store
from tests.conftest import ROOT, run_quire
from tests.test_export_support import copy_home, make_structured_store, ocr_template

QUICK = "md,tei,alto,hocr,json"  # everything but the PDF and txt: fast, and no other owner's module


def tree_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def edit_word(store: Store, volume: str, index: int, old: str, new: str) -> None:
    vol = store.volume(volume)
    info = store.page(vol.id, index)
    cur = store.current(info.id)
    blocks = []
    for b in cur.page.blocks:
        lines = []
        for ln in b.lines:
            words = tuple(
                replace(w, text=new, origin=WordOrigin.CORRECTED) if w.text == old else w for w in ln.words
            )
            lines.append(replace(ln, words=words))
        blocks.append(replace(b, lines=tuple(lines)))
    assert blocks != list(cur.page.blocks), f"{old!r} is not on page {index}"
    store.save_revision(
        info.id, replace(cur.page, blocks=tuple(blocks)), author="tester", reason="edit", base_id=cur.id
    )


@pytest.fixture
def struct_store(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = make_structured_store(tmp_path / "home")
    yield store
    store.close()


def test_first_version_is_a_valid_bag_with_the_volume_in_bag_info(struct_store: Store) -> None:
    r = export_volume(struct_store, "walden", QUICK)
    assert r.created and r.path == struct_store.home / "exports" / "walden" / "v1"
    validate(r.path)
    info = read_info(r.path)
    newest = max(struct_store.current(p.id).created_at for p in struct_store.pages(1))
    assert info["Bagging-Date"] == newest[:10]
    assert info["DC-Title"] == "Walden Extracts" and info["DC-Creator"] == "Henry David Thoreau"
    assert info["External-Identifier"] == "quire-test-0001"
    assert info["Quire-Version"] == __import__("ingest").__version__
    assert info["Quire-Formats"] == "md,tei,alto,mets,hocr,json"  # ALTO always comes with METS
    assert info["Quire-Options"] == '{"images": true}'
    assert len(info["Quire-Page-Revision"]) == 4
    manifests = {p.name for p in r.path.iterdir()}
    assert {
        "manifest-sha256.txt",
        "manifest-sha512.txt",
        "tagmanifest-sha256.txt",
        "tagmanifest-sha512.txt",
        "CHANGES",
        "bagit.txt",
        "bag-info.txt",
    } <= manifests
    assert "CHANGES" in (r.path / "tagmanifest-sha256.txt").read_text()
    assert "First version: 4 page(s)" in (r.path / "CHANGES").read_text()
    [v] = list_versions(struct_store, "walden")
    assert (v.version, v.pages, v.exists) == (1, 4, True)


def test_unchanged_volume_makes_no_new_version(struct_store: Store) -> None:
    first = export_volume(struct_store, "walden", QUICK)
    again = export_volume(struct_store, "walden", "json,hocr,alto,tei,md")  # same set, another order
    assert not again.created and again.version == 1 and again.message == "unchanged, still v1"
    assert sorted(p.name for p in first.path.parent.iterdir() if not p.name.startswith(".")) == ["v1"]
    # other formats are a change: a new version
    other = export_volume(struct_store, "walden", "md")
    assert other.created and other.version == 2
    assert "Formats: md, tei, alto, mets, hocr, json → md" in (other.path / "CHANGES").read_text()


def test_edit_gives_v2_naming_the_page_and_leaves_v1_untouched(struct_store: Store) -> None:
    v1 = export_volume(struct_store, "walden", QUICK)
    before = tree_hashes(v1.path)
    edit_word(struct_store, "walden", 3, "treasured", "treasurèd")
    v2 = export_volume(struct_store, "walden", QUICK)
    assert v2.created and v2.version == 2
    validate(v1.path)
    validate(v2.path)
    assert tree_hashes(v1.path) == before
    changes = (v2.path / "CHANGES").read_text(encoding="utf-8")
    assert "compared with v1" in changes
    assert "Pages changed: 1; added: 0; removed: 0" in changes
    assert "page 3 (printed 2):" in changes and "edit by tester" in changes
    assert '"treasured" → "treasurèd"' in changes
    diff = diff_versions(struct_store, "walden", "v1", "v2")
    assert "-Books are the treasured wealth of the world." in diff
    assert "+Books are the treasurèd wealth of the world." in diff
    assert "page 2 " not in diff  # only the page that changed
    assert [v.version for v in list_versions(struct_store, "walden")] == [1, 2]
    with pytest.raises(NotFoundError, match="no export v7"):
        diff_versions(struct_store, "walden", "v1", "v7")


def test_out_dir_and_bad_requests(struct_store: Store, tmp_path: Path) -> None:
    home = export_volume(struct_store, "walden", "md")
    r = export_volume(struct_store, "walden", "md", out_root=tmp_path / "elsewhere")
    assert r.created and r.path == tmp_path / "elsewhere" / "v2"  # numbered per volume, across folders
    # each folder is its own archive: unchanged in both, whichever was written last
    assert export_volume(struct_store, "walden", "md").message == "unchanged, still v1"
    assert export_volume(struct_store, "walden", "md", out_root=tmp_path / "elsewhere").version == 2
    assert home.path.exists()
    with pytest.raises(ExportError, match="unknown format"):
        export_volume(struct_store, "walden", "md,docx")
    with pytest.raises(ExportError, match="unknown export option"):
        export_volume(struct_store, "walden", "md", options={"colour": True})
    with pytest.raises(NotFoundError):
        export_volume(struct_store, "nope", "md")


def test_a_version_on_disk_but_not_in_the_table_is_adopted(struct_store: Store) -> None:
    """A crash after the rename and before the commit leaves a complete version the table does not
    know; the next export registers it instead of numbering over it."""
    from ingest.store.tables import ExportRow

    v1 = export_volume(struct_store, "walden", QUICK)
    with struct_store.session() as s, s.begin():
        s.query(ExportRow).delete()
    again = export_volume(struct_store, "walden", QUICK)
    assert not again.created and again.version == 1 and again.path == v1.path


@pytest.mark.slow
def test_exports_are_byte_identical_from_the_same_revisions(tmp_path_factory: pytest.TempPathFactory) -> None:
    template = ocr_template(tmp_path_factory)
    results = []
    for name in ("a", "b"):
        home = copy_home(template, tmp_path_factory.mktemp(f"det-{name}") / "home")
        store = Store(home)
        try:
            results.append(export_volume(store, "sample", "all", out_root=home.parent / "out"))
        finally:
            store.close()
    a, b = (tree_hashes(r.path) for r in results)
    assert a.keys() == b.keys() and len(a) > 20
    assert a == b


@pytest.mark.slow
def test_killed_export_leaves_no_partial_version(struct_store: Store, tmp_path: Path) -> None:
    home = struct_store.home
    v1 = export_volume(struct_store, "walden", QUICK)
    before = tree_hashes(v1.path)
    edit_word(struct_store, "walden", 3, "treasured", "treasurèd")
    code = (
        "from ingest.store import Store; from ingest.export.versions import export_volume; "
        f"export_volume(Store(), 'walden', {QUICK!r})"
    )
    env = {**os.environ, "QUIRE_HOME": str(home), FAULT_SLEEP_ENV: "60"}
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=ROOT)
    root = v1.path.parent
    deadline = time.monotonic() + 60
    try:
        while not list(root.glob(".tmp-v2-*/*")) and time.monotonic() < deadline:
            assert proc.poll() is None, "the export finished before it could be killed"
            time.sleep(0.05)
        assert list(root.glob(".tmp-v2-*")), "the export never started writing"
        time.sleep(0.3)  # inside the payload writer's sleep
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert not (root / "v2").exists()
    assert tree_hashes(v1.path) == before
    validate(v1.path)
    assert [v.version for v in list_versions(struct_store, "walden")] == [1]
    # the next export cleans the leftover up and writes a whole v2
    v2 = export_volume(struct_store, "walden", QUICK)
    assert v2.version == 2 and v2.created
    validate(v2.path)
    assert not list(root.glob(".tmp-*"))


@pytest.mark.slow
def test_cli_export_versions_diff(struct_store: Store, tmp_path: Path) -> None:
    home = struct_store.home
    r = run_quire("export", "walden", "--format", "md,json", home=home)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(home / "exports" / "walden" / "v1")
    r = run_quire("export", "walden", "--format", "json,md", home=home)
    assert r.returncode == 0 and r.stdout.strip() == "unchanged, still v1"
    edit_word(struct_store, "walden", 2, "cheerful", "cheery")
    out = tmp_path / "out"
    r = run_quire("export", "walden", "-f", "md,json", "--out", str(out), home=home)
    assert r.returncode == 0 and r.stdout.strip() == str(out / "v2")
    r = run_quire("versions", "walden", home=home)
    assert r.returncode == 0 and "v1" in r.stdout and "v2" in r.stdout
    r = run_quire("diff", "walden", "v1", "v2", home=home)
    assert r.returncode == 0
    assert "-Every morning was a cheerful invitation" in r.stdout
    assert "+Every morning was a cheery invitation" in r.stdout
    r = run_quire("export", "walden", "--format", "docx", home=home)
    assert r.returncode == 2 and "unknown format(s): docx" in r.stderr
    r = run_quire("diff", "walden", "v1", "v9", home=home)
    assert r.returncode == 9 and "no export v9" in r.stderr
