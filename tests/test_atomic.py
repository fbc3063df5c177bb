"""Atomic writes (`ingest.atomic`): the target holds the old file or the whole new one, never a part,
and a failed write leaves neither a changed target nor a temporary file behind."""

from __future__ import annotations

import os
import threading
import zipfile
from pathlib import Path

import pytest

from ingest.atomic import atomic_file, atomic_path, atomic_write


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_bytes_and_text_are_written_as_given(tmp_path: Path) -> None:
    raw = bytes(range(256)) * 10
    atomic_write(tmp_path / "a.bin", raw)
    assert (tmp_path / "a.bin").read_bytes() == raw
    # text is UTF-8 and its line ends are kept as written (no \r\n on any platform)
    text = "Ligne\u00a01 — é\r\nline 2\nline 3\r"
    atomic_write(tmp_path / "a.txt", text)
    assert (tmp_path / "a.txt").read_bytes() == text.encode("utf-8")
    atomic_write(tmp_path / "a.txt", "shorter")
    assert (tmp_path / "a.txt").read_bytes() == b"shorter"
    assert _leftovers(tmp_path, {"a.bin", "a.txt"}) == []


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.zip"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_file(target) as fh:
        fh.write(b"half of a new file")
        raise RuntimeError("the encoder failed")
    assert target.read_bytes() == b"old"
    # an interrupt (not an Exception) cleans up too
    with pytest.raises(KeyboardInterrupt), atomic_path(target, prefix=".tmp-", suffix=".db") as tmp:
        tmp.write_bytes(b"partial")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path, {"out.zip"}) == []


def test_a_failed_first_write_creates_no_target(tmp_path: Path) -> None:
    with pytest.raises(OSError), atomic_path(tmp_path / "copy.png") as tmp:
        os.rmdir(tmp)  # a writer that fails on its temporary file: not a directory
    assert list(tmp_path.iterdir()) == []


def test_the_temporary_file_is_a_hidden_sibling_named_as_asked(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "page.png"
    target.parent.mkdir()
    with atomic_path(target) as tmp:
        assert tmp.parent == target.parent  # same folder: the rename never crosses file systems
        assert tmp.name.startswith(".page.png.") and tmp.name.endswith(".tmp")
        assert tmp.exists() and not target.exists()
        tmp.write_bytes(b"x")
    with atomic_path(target, prefix=".tmp-", suffix=".db") as tmp:
        assert tmp.name.startswith(".tmp-") and tmp.name.endswith(".db")
        tmp.write_bytes(b"y")
    assert target.read_bytes() == b"y"
    assert _leftovers(target.parent, {"page.png"}) == []


def test_streamed_writers_see_a_real_file(tmp_path: Path) -> None:
    """A zip is written through the open file and finished (central directory) before the rename."""
    target = tmp_path / "bag.zip"
    with atomic_file(target, prefix=".bag-") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bag/data/clean.txt", "text\n" * 1000)
        zf.writestr("bag/bagit.txt", "BagIt-Version: 1.0\n")
    with zipfile.ZipFile(target) as zf:
        assert zf.testzip() is None
        assert zf.read("bag/data/clean.txt") == b"text\n" * 1000


def test_fsync_syncs_before_the_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With `fsync`, the temporary file is synced while the target does not exist yet; without, not."""
    target = tmp_path / "img.png"
    synced: list[bool] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append(target.exists())
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    atomic_write(target, b"\x89PNG...", fsync=True)
    assert synced == [False] and target.read_bytes() == b"\x89PNG..."
    atomic_write(tmp_path / "plain.txt", "no sync")
    assert synced == [False]


def test_concurrent_writers_and_a_reader_never_meet_half_a_file(tmp_path: Path) -> None:
    """Writers of one target at once (two servers drawing one display copy): every read is one
    writer's whole content, and no temporary file is left."""
    target = tmp_path / "copy.jpg"
    contents = [bytes([k]) * (256 * 1024 + k) for k in range(6)]
    atomic_write(target, contents[0])
    stop = threading.Event()
    seen: list[bytes] = []
    errors: list[BaseException] = []

    def write(k: int) -> None:
        try:
            for _ in range(15):
                atomic_write(target, contents[k])
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    def read() -> None:
        while not stop.is_set():
            seen.append(target.read_bytes())

    reader = threading.Thread(target=read)
    reader.start()
    writers = [threading.Thread(target=write, args=(k,)) for k in range(len(contents))]
    for t in writers:
        t.start()
    for t in writers:
        t.join()
    stop.set()
    reader.join()
    assert not errors
    assert seen and all(s in contents for s in seen)
    assert target.read_bytes() in contents
    assert _leftovers(tmp_path, {"copy.jpg"}) == []
