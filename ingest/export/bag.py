"""Turning a finished payload folder into a BagIt bag, deterministically, and making it durable.

bagit-python writes the bag; we fix what would otherwise vary between two runs on the same
revisions: the Bagging-Date (the newest revision's date, not today), the software agent, and the
order of the tag manifests (bagit lists tag files in directory order).
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import threading
from pathlib import Path

import bagit

from ingest.export.common import SOFTWARE, VERSION

ALGORITHMS = ("sha256", "sha512")

#: bagit.make_bag changes the process's working folder while it runs: one bag at a time per process
#: (the review UI serves users from threads).
_CHDIR_LOCK = threading.Lock()

# bagit logs every file it moves at INFO; a CLI user only needs to hear about problems.
logging.getLogger("bagit").setLevel(logging.WARNING)


def make_bag(folder: Path, info: dict[str, str | list[str]]) -> None:
    """Move `folder`'s contents into folder/data and write manifests and bag-info.txt."""
    folder.chmod(0o755)  # bagit gives data/ the folder's mode; a mkdtemp folder is 0700
    agent = f"{SOFTWARE} {VERSION} (bagit.py {bagit.VERSION})"
    with _CHDIR_LOCK:
        bagit.make_bag(
            str(folder), bag_info={"Bag-Software-Agent": agent, **info}, checksums=list(ALGORITHMS)
        )


def write_tag_manifests(folder: Path) -> None:
    """(Re)write tagmanifest-*.txt over every tag file, sorted by path, after adding tag files."""
    tags = sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and not p.relative_to(folder).as_posix().startswith(("data/", "tagmanifest-"))
    )
    for alg in ALGORITHMS:
        lines = []
        for rel in tags:
            h = hashlib.new(alg)
            h.update((folder / rel).read_bytes())
            lines.append(f"{h.hexdigest()} {rel}\n")
        (folder / f"tagmanifest-{alg}.txt").write_text("".join(lines), encoding="utf-8")


def validate(folder: Path) -> None:
    """Raise bagit.BagValidationError if the bag at `folder` is incomplete or corrupt."""
    bagit.Bag(str(folder)).validate()


def seal(folder: Path) -> None:
    """fsync every file and folder, and make the files read-only: a version is never modified."""
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(dirpath, name)
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            os.chmod(path, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        fsync_dir(Path(dirpath))


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_info(folder: Path) -> dict[str, str | list[str]]:
    """bag-info.txt as a dict (repeated keys give lists); empty if absent."""
    path = folder / "bag-info.txt"
    if not path.exists():
        return {}
    out: dict[str, str | list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if ":" not in line:
            continue
        k, v = line.split(":", 1)
        k, v = k.strip(), v.strip()
        if k in out:
            prev = out[k]
            out[k] = [*prev, v] if isinstance(prev, list) else [prev, v]
        else:
            out[k] = v
    return out
