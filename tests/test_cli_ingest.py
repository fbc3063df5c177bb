"""The ingest command end to end: real files, real Tesseract, real SQLite, in subprocesses."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from .conftest import ROOT, SAMPLES, run_quire, shared_path


def _db(home: Path) -> sqlite3.Connection:
    return sqlite3.connect(home / "quire.db")


def _done(home: Path, volume: str) -> int:
    """Pages OCRed so far, 0 while the database is still being created."""
    if not (home / "quire.db").exists():
        return 0
    try:
        return _counts(home, volume)["done"]
    except (sqlite3.OperationalError, TypeError):
        return 0


def _counts(home: Path, volume: str) -> dict[str, int]:
    with _db(home) as c:
        vid = c.execute("select id from volumes where name=?", (volume,)).fetchone()[0]
        return {
            "pages": c.execute("select count(*) from pages where volume_id=?", (vid,)).fetchone()[0],
            "ocr_revisions": c.execute(
                "select count(*) from revisions r join pages p on p.id=r.page_id "
                "where p.volume_id=? and r.reason in ('ocr','text_layer')",
                (vid,),
            ).fetchone()[0],
            "done": c.execute(
                "select count(*) from pages where volume_id=? and ocr_state='done'", (vid,)
            ).fetchone()[0],
            "max_ocr_per_page": c.execute(
                "select coalesce(max(n),0) from (select count(*) n from revisions r "
                "join pages p on p.id=r.page_id where p.volume_id=? "
                "and r.reason in ('ocr','text_layer') group by r.page_id)",
                (vid,),
            ).fetchone()[0],
        }


def _no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr + proc.stdout


@pytest.fixture
def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    d = tmp_path / "bad"
    d.mkdir()
    jpg = (SAMPLES / "scan" / "page-03.jpg").read_bytes()
    files = {
        "empty": d / "empty.png",
        "truncated_jpeg": d / "truncated.jpg",
        "truncated_png": d / "truncated.png",
        "docx": d / "letter.docx",
        "bomb": d / "bomb.png",
    }
    files["empty"].write_bytes(b"")
    files["truncated_jpeg"].write_bytes(jpg[: len(jpg) // 3])
    png = d / "full.png"
    Image.open(SAMPLES / "scan" / "page-08.jpg").save(png)
    files["truncated_png"].write_bytes(png.read_bytes()[:50_000])
    png.unlink()
    files["docx"].write_bytes(b"PK\x03\x04" + os.urandom(200))
    Image.new("1", (12000, 12000), 1).save(files["bomb"])
    return files


@pytest.mark.slow
def test_bad_inputs_each_get_one_clear_line_and_the_rest_is_ingested(tmp_path, bad_inputs):
    home = tmp_path / "home"
    good = SAMPLES / "scan" / "page-04.jpg"
    corrupt = shared_path("scans", "badinput", "ocrmypdf_invalid.pdf")
    encrypted = shared_path("scans", "badinput", "pdfplumber_password-example.pdf")
    missing = tmp_path / "does-not-exist.pdf"
    args = [str(p) for p in bad_inputs.values()] + [str(corrupt), str(encrypted), str(missing), str(good)]
    proc = run_quire("ingest", *args, "--volume", "bad", "--jobs", "1", home=home)
    _no_traceback(proc)
    assert proc.returncode == 1, proc.stderr
    failed = [ln for ln in proc.stderr.splitlines() if ln.startswith("failed:")]
    for name in [
        "empty.png",
        "truncated.jpg",
        "truncated.png",
        "letter.docx",
        "bomb.png",
        "ocrmypdf_invalid.pdf",
        "pdfplumber_password-example.pdf",
        "does-not-exist.pdf",
    ]:
        lines = [ln for ln in failed if name in ln]
        assert len(lines) == 1, f"{name}: {lines}"
    expect = {
        "empty.png": "empty",
        "truncated.jpg": "truncated",
        "letter.docx": "unsupported",
        "bomb.png": "limit",
        "ocrmypdf_invalid.pdf": "not a valid PDF",
        "pdfplumber_password-example.pdf": "--password",
        "does-not-exist.pdf": "does not exist",
    }
    for name, phrase in expect.items():
        assert phrase in next(ln for ln in failed if name in ln)
    assert _counts(home, "bad")["done"] == 1

    # a wrong password is named as such; the right one ingests all four pages
    proc = run_quire("ingest", str(encrypted), "--volume", "bad", "--password", "wrong", home=home)
    assert proc.returncode == 1 and "password is wrong" in proc.stderr
    proc = run_quire(
        "ingest", str(encrypted), "--volume", "bad", "--password", "test", "--jobs", "2", home=home
    )
    assert proc.returncode == 0, proc.stderr
    assert _counts(home, "bad")["pages"] == 5

    status = run_quire("status", "bad", home=home)
    assert "letter.docx" in status.stderr and "pages" in status.stdout
    # the recorded failure of the encrypted file was superseded by its success
    assert "pdfplumber_password-example.pdf" not in status.stderr


@pytest.mark.slow
def test_reingesting_the_same_files_adds_nothing(tmp_path):
    home = tmp_path / "home"
    files = [str(SAMPLES / "scan" / "page-03.jpg"), str(SAMPLES / "tiff" / "plates.tif")]
    first = run_quire("ingest", *files, "--volume", "v", "--jobs", "2", home=home, check=True)
    assert _counts(home, "v") == {"pages": 3, "ocr_revisions": 3, "done": 3, "max_ocr_per_page": 1}
    second = run_quire("ingest", *files, "--volume", "v", home=home, check=True)
    assert "already in the volume" in second.stdout
    assert _counts(home, "v") == {"pages": 3, "ocr_revisions": 3, "done": 3, "max_ocr_per_page": 1}
    assert first.returncode == second.returncode == 0


@pytest.mark.slow
def test_sigkill_at_any_moment_then_rerun_finishes_without_duplicates(tmp_path):
    home = tmp_path / "home"
    src = tmp_path / "src"
    src.mkdir()
    for f in sorted((SAMPLES / "scan").glob("*.jpg")):
        shutil.copy(f, src / f.name)
    shutil.copy(SAMPLES / "book-born-digital.pdf", src / "born.pdf")
    env = {**os.environ, "QUIRE_HOME": str(home)}
    cmd = [sys.executable, "-m", "ingest.cli", "ingest", str(src), "--volume", "k", "--jobs", "1"]
    seen_done = {}
    for delay in (0.8, None, None):  # once while reading files, then twice in the middle of OCR
        proc = subprocess.Popen(
            cmd,
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        if delay is not None:
            time.sleep(delay)
        else:
            target = _done(home, "k") + 2
            deadline = time.time() + 120
            while time.time() < deadline and proc.poll() is None:
                if _done(home, "k") >= target:
                    break
                time.sleep(0.1)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        if (home / "quire.db").exists():
            with _db(home) as c:
                assert c.execute("pragma integrity_check").fetchone()[0] == "ok"
                for pid, rid in c.execute("select id, current_revision_id from pages where ocr_state='done'"):
                    seen_done.setdefault(pid, rid)
    final = run_quire("ingest", str(src), "--volume", "k", "--jobs", "2", "--no-clean", home=home)
    assert final.returncode == 0, final.stderr
    counts = _counts(home, "k")
    assert counts == {"pages": 20, "ocr_revisions": 20, "done": 20, "max_ocr_per_page": 1}
    with _db(home) as c:
        first_rev = dict(c.execute("select page_id, min(id) from revisions group by page_id"))
        indexes = [r[0] for r in c.execute('select "index" from pages order by "index"')]
    assert indexes == list(range(1, 21))
    # pages finished before a kill were not redone
    for pid, rid in seen_done.items():
        assert first_rev[pid] == rid


@pytest.mark.slow
def test_page_timeout_marks_failed_and_retry_recovers(tmp_path):
    home = tmp_path / "home"
    page = str(SAMPLES / "scan" / "page-04.jpg")
    proc = run_quire("ingest", page, "--volume", "t", "--timeout", "0.3", "--jobs", "1", home=home)
    _no_traceback(proc)
    assert proc.returncode == 1
    assert "page-04.jpg, page 1" in proc.stderr and "retry" in proc.stderr
    assert "OCR failed" in run_quire("status", "t", home=home).stderr
    retried = run_quire("retry", "t", home=home)
    assert retried.returncode == 0, retried.stderr
    assert _counts(home, "t")["done"] == 1
    shown = run_quire("show", "t", "1", home=home, check=True)
    assert "Deliberately" in shown.stdout or len(shown.stdout) > 500


def _ocr_langs(home: Path, volume: str) -> dict[int, str]:
    """Each page's Tesseract language(s), from its first revision's OCR step."""
    with _db(home) as c:
        rows = c.execute(
            "select p.[index], json_extract(r.content, '$.steps') from pages p join volumes v on "
            "v.id=p.volume_id join revisions r on r.page_id=p.id where v.name=? and r.number=1",
            (volume,),
        ).fetchall()
    return {
        i: next(s["options"]["lang"] for s in json.loads(steps) if s["name"] == "ocr") for i, steps in rows
    }


@pytest.mark.slow
def test_retry_reads_in_the_volumes_own_language(tmp_path):
    """`quire retry` without --lang reads a failed page in the language the volume was read with."""
    home = tmp_path / "home"
    first = str(SAMPLES / "scan" / "page-03.jpg")
    run_quire("ingest", first, "--volume", "t", "--lang", "deu", "--jobs", "1", home=home, check=True)
    page = str(SAMPLES / "scan" / "page-04.jpg")
    proc = run_quire(
        "ingest", page, "--volume", "t", "--timeout", "0.3", "--lang", "deu", "--jobs", "1", home=home
    )
    assert proc.returncode == 1, proc.stderr
    run_quire("retry", "t", home=home, check=True)
    assert _ocr_langs(home, "t") == {1: "deu", 2: "deu"}
    # the volume was created in German, so its exports say so (TEI xml:lang="de")
    run_quire("export", "t", "--format", "tei", home=home, check=True)
    (tei,) = (home / "exports" / "t").rglob("*.xml")
    assert 'xml:lang="de"' in tei.read_text(encoding="utf-8")


def test_missing_tesseract_says_how_to_install_it(tmp_path):
    venv_bin = str(Path(sys.executable).parent)
    proc = run_quire(
        "ingest",
        str(SAMPLES / "scan" / "page-03.jpg"),
        "--volume",
        "x",
        home=tmp_path / "h",
        env={"PATH": venv_bin},
    )
    _no_traceback(proc)
    assert proc.returncode == 4
    assert "apt-get install tesseract-ocr" in proc.stderr


def test_cli_exit_codes_for_usage_and_lookups(tmp_path):
    home = tmp_path / "h"
    assert run_quire("show", "nope", "1", home=home).returncode == 9
    assert run_quire("ingest", "x.png", "--volume", "bad/name", home=home).returncode == 2
    assert run_quire("ingest", "--volume", "v", home=home).returncode == 2  # no paths
    assert run_quire("volumes", home=home).returncode == 0
    assert run_quire("--version", home=home).stdout.startswith("quire ")


def test_file_names_with_markup_are_printed_as_they_are(tmp_path: Path) -> None:
    """Regression (issue 15, item 9): `d[/bold].txt` made ingest and status exit with a Rich
    markup traceback; a title with markup was styled instead of shown."""
    d = tmp_path / "in"
    (d / "d[").mkdir(parents=True)
    (d / "d[" / "bold].txt").write_text("not a page")  # the path in/d[/bold].txt
    home = tmp_path / "home"
    proc = run_quire("ingest", str(d), "--volume", "v", "--title", "[red]T[/red] [link=x]y[/link]", home=home)
    _no_traceback(proc)
    assert proc.returncode == 1, proc.stderr
    assert "d[/bold].txt" in proc.stderr
    status = run_quire("status", "v", home=home)
    _no_traceback(status)
    assert status.returncode == 0 and "d[/bold].txt" in status.stderr
    assert "[red]T[/red] [link=x]y[/link]" in status.stdout.replace("\n", "")
    listing = run_quire("volumes", home=home)
    assert "[red]T[/red]" in listing.stdout
