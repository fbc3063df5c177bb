"""Atomic file writes: a reader sees the old file or the whole new one, never half of one.

Every write goes to a new temporary file in the target's own folder (so that the rename stays on
one file system) and is renamed onto the target with `os.replace` once it is complete; when the
writing fails, or is interrupted, the temporary file is removed and the target is left as it was.
Two writers of one target at once each rename a whole file: the last rename wins.

`atomic_write` writes bytes or text at once; `atomic_file` hands an open binary file to code that
streams into one (a zip, an image encoder); `atomic_path` hands the temporary file's path to code
that writes by name (SQLite's backup, `shutil.copyfile`). With `fsync=True` the data are on the disk
before the rename (the page images: the store's rows name them and must never name a torn file).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def atomic_path(target: Path, *, prefix: str | None = None, suffix: str = ".tmp") -> Iterator[Path]:
    """The path of a new empty temporary file beside `target`, to be written by name; when the
    block ends, the file replaces `target`; when it raises, the file is removed. `prefix` (default
    `.<target name>.`) and `suffix` name the temporary file (a dot first keeps it out of listings
    that skip hidden files)."""
    target = Path(target)
    fd, name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}." if prefix is None else prefix, suffix=suffix
    )
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_file(
    target: Path, *, fsync: bool = False, prefix: str | None = None, suffix: str = ".tmp"
) -> Iterator[BinaryIO]:
    """A binary file open for writing that replaces `target` when the block ends (flushed, and
    synced to the disk first with `fsync`); see `atomic_path`."""
    with atomic_path(target, prefix=prefix, suffix=suffix) as tmp, open(tmp, "wb") as fh:
        yield fh
        if fsync:
            fh.flush()
            os.fsync(fh.fileno())


def atomic_write(
    target: Path,
    data: bytes | str,
    *,
    fsync: bool = False,
    prefix: str | None = None,
    suffix: str = ".tmp",
) -> None:
    """Write `data` to `target` atomically: bytes as they are, text as UTF-8 with its line ends
    untouched (no translation to the platform's)."""
    with atomic_file(target, fsync=fsync, prefix=prefix, suffix=suffix) as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)
