"""Where files given through the review server come from: uploads kept under the store with
distinct names, and folders on the server only below the roots an administrator allowed
(QUIRE_INGEST_ROOTS). Messages never say anything about paths outside those roots."""

from __future__ import annotations

import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from ingest.errors import InputError, PermissionDenied

#: Longest file name kept for an upload (characters, before the extension).
MAX_NAME = 120


def ingest_roots() -> list[Path]:
    """The folders below which "a folder on the server" may be ingested (QUIRE_INGEST_ROOTS,
    separated by the system path separator). None by default: the UI then offers uploads only."""
    raw = os.environ.get("QUIRE_INGEST_ROOTS", "")
    return [Path(p).expanduser().resolve() for p in raw.split(os.pathsep) if p.strip()]


def server_folder(text: str, roots: Sequence[Path] | None = None) -> Path:
    """The folder `text` names, if it is (after following links) inside one of `roots`. The same
    message for a folder outside the roots and for one that does not exist, so the answer says
    nothing about the rest of the server."""
    roots = ingest_roots() if roots is None else list(roots)
    if not roots:
        raise PermissionDenied("ingesting a folder on the server is switched off here; upload the files")
    given = Path(text.strip()).expanduser()
    if not given.is_absolute():
        given = roots[0] / given
    try:
        real = given.resolve(strict=False)
    except (OSError, RuntimeError):
        real = None
    if real is not None and real.is_dir() and any(real.is_relative_to(r) for r in roots):
        return real
    allowed = ", ".join(str(r) for r in roots)
    raise InputError(f"no such folder below the folders allowed for ingest ({allowed})")


def within(path: Path, roots: Sequence[Path]) -> bool:
    """Whether `path`, links followed, lies inside one of `roots` (for the files of a folder)."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return any(real.is_relative_to(r) for r in roots)


def safe_name(name: str) -> str:
    """A file name to keep an upload under: the last path part, control and path characters
    dropped, shortened; "upload" when nothing is left."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in unicodedata.normalize("NFC", base) if unicodedata.category(c)[0] != "C")
    base = re.sub(r"[\x00/:]", "_", base).strip().lstrip(".")
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = stem[:MAX_NAME]
    ext = ext[:10]
    base = f"{stem}.{ext}" if ext and stem else (stem or (f"upload.{ext}" if ext else ""))
    return base or "upload"


def save_uploads(root: Path, files: Sequence[tuple[str, bytes]]) -> Path:
    """Write uploaded files into a new folder under `root`; two uploads with one name are both
    kept (the second as name-2.ext), never one over the other. Returns the folder."""
    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%d-%H%M%S-"), dir=root))
    taken: set[str] = set()
    for name, data in files:
        base = safe_name(name)
        stem, dot, ext = base.rpartition(".")
        if not dot:
            stem, ext = base, ""
        candidate, n = base, 1
        while candidate.lower() in taken:
            n += 1
            candidate = f"{stem}-{n}" + (f".{ext}" if ext else "")
        taken.add(candidate.lower())
        (folder / candidate).write_bytes(data)
    return folder
