"""Display-size copies of the page images, made once and kept on disk (no Streamlit here).

The review screen shows a page scaled to the pane (1,000 px wide, up to 2,000 px magnified), not
the full-size scan: decoding and resizing a scan costs far more than the page switch may take.
So each (image, width) is drawn once, as a JPEG, into `<store home>/cache/view/`, named by the
image's content hash and the width (`<sha256>-<width>.jpg`: an image's key never changes, so
neither does its copy), written to a temporary file and renamed into place (a reader never sees
half a file; several servers or threads drawing the same copy at once all write the same pixels),
and served from there byte for byte, never encoded again.

The folder is bounded: when the copies pass `max_bytes` (`QUIRE_VIEW_CACHE_MB`, 1 GiB unless set)
the least recently used go until 80% is left; a copy served is marked used (its mtime). A copy
removed between finding and reading it (another server pruning) is drawn again.

The copies are only a cache of the store's images: whoever reads them must already be allowed to
see the page (`ui.data.view_image` checks the role before it asks for one; `ui.image_route`
checks the session and the role before it calls it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from PIL import Image

from ingest.atomic import atomic_file

#: Default bound of the folder of copies.
DEFAULT_MAX_MB = 1024
#: JPEG quality of a copy (what the page view has always been drawn at).
QUALITY = 88
#: A temporary file older than this was left by a killed writer and is removed when pruning.
STALE_TMP_S = 3600.0


def max_bytes_from_env() -> int:
    """The bound in bytes: `QUIRE_VIEW_CACHE_MB` (a positive number of MiB), else the default."""
    raw = os.environ.get("QUIRE_VIEW_CACHE_MB", "")
    try:
        mb = float(raw) if raw else DEFAULT_MAX_MB
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int(max(mb, 1.0) * 1024 * 1024)


def scaled(image_path: Path, width: int) -> Image.Image:
    """The image at `image_path` scaled to `width` pixels wide (RGB)."""
    with Image.open(image_path) as im:
        im.draft("RGB", (width, width * 4))  # JPEG sources decode at a reduced size
        scale = width / im.width
        # an RGB scan is resized as it is decoded (convert would copy it first: a fifth of the time)
        rgb = im if im.mode == "RGB" else im.convert("RGB")
        return rgb.resize((width, max(1, round(im.height * scale))), Image.Resampling.LANCZOS)


def draw(image_path: Path, out: Path, width: int) -> int:
    """Draw the copy of `image_path` at `width` into `out` (atomically); its size in bytes."""
    small = scaled(image_path, width)
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(out, prefix=f".{out.stem}-", suffix=".tmp") as fh:
        small.save(fh, "JPEG", quality=QUALITY)
        return fh.tell()


class ViewCache:
    """The folder of display copies under one store home (one instance per folder and process)."""

    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._total: int | None = None  # bytes in the folder as last counted plus those written since

    def path(self, image_path: Path, width: int) -> Path:
        return self.root / f"{image_path.stem}-{width}.jpg"

    def has(self, image_path: Path, width: int) -> bool:
        return self.path(image_path, width).exists()

    def get(self, image_path: Path, width: int, drawer: Drawer | None = None) -> Path:
        """The copy of `image_path` at `width`, drawn now if it is not there yet (by `drawer`'s
        process when given, else in this thread)."""
        out = self.path(image_path, width)
        try:
            os.utime(out)  # marks it used (and tells that it is there)
            return out
        except FileNotFoundError:
            pass
        size = drawer.draw(image_path, out, width) if drawer is not None else draw(image_path, out, width)
        self._added(size)
        return out

    def read(self, image_path: Path, width: int) -> bytes:
        """The copy's bytes (drawn first if need be)."""
        for _ in range(3):
            try:
                return self.get(image_path, width).read_bytes()
            except FileNotFoundError:
                if not image_path.exists():
                    raise
                continue  # pruned between get and read: draw it again
        return self.get(image_path, width).read_bytes()

    def open(self, image_path: Path, width: int) -> Image.Image:
        """The copy as a decoded RGB image."""
        for _ in range(3):
            try:
                with Image.open(self.get(image_path, width)) as im:
                    return im.convert("RGB")
            except FileNotFoundError:
                if not image_path.exists():
                    raise
        with Image.open(self.get(image_path, width)) as im:
            return im.convert("RGB")

    def _added(self, size: int) -> None:
        with self._lock:
            if self._total is None:
                self._total = self._count()
            else:
                self._total += size
            if self._total > self.max_bytes:
                self._total = self._prune()

    def _entries(self) -> list[os.DirEntry[str]]:
        try:
            return [e for e in os.scandir(self.root) if e.is_file(follow_symlinks=False)]
        except FileNotFoundError:
            return []

    def _count(self) -> int:
        total = 0
        for e in self._entries():
            try:
                total += e.stat(follow_symlinks=False).st_size
            except FileNotFoundError:
                continue
        return total

    def _prune(self) -> int:
        """Remove the least recently used copies until 80% of the bound is left; the bytes left."""
        now = time.time()
        copies: list[tuple[float, int, str]] = []
        for e in self._entries():
            try:
                st = e.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue
            if e.name.startswith("."):
                if e.name.endswith(".tmp") and now - st.st_mtime > STALE_TMP_S:
                    Path(e.path).unlink(missing_ok=True)
                continue
            if e.name.endswith(".jpg"):
                copies.append((st.st_mtime, st.st_size, e.path))
        total = sum(c[1] for c in copies)
        goal = int(self.max_bytes * 0.8)
        for _, size, path in sorted(copies):
            if total <= goal:
                break
            Path(path).unlink(missing_ok=True)
            total -= size
        return total


class Drawer:
    """A process of its own, at the lowest CPU priority, that draws copies one at a time: for the
    pages drawn ahead (the next page, the one after, the one before), which must not take the CPU
    from the page being opened. In a thread of the server they did: decoding and resizing a scan
    is about 80 ms of CPU, as much as a page turn's script run, and it ran just when the run ended
    and the browser was drawing the page; a thread's priority cannot be lowered on its own
    without holding the interpreter's lock at a low priority, which stalls the run instead.

    The process (`python -m ui.view_cache`) is started on the first draw and again after it has
    died; it reads one request a line on its standard input and ends when that closes (the server
    exits). It holds one page image at a time. Thread-safe (one request at a time)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[str] | None = None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None and self._proc.poll() is None else None

    def _start(self) -> subprocess.Popen[str]:
        root = str(Path(__file__).resolve().parent.parent)
        path = os.environ.get("PYTHONPATH", "")
        env = {**os.environ, "PYTHONPATH": root + (os.pathsep + path if path else "")}
        return subprocess.Popen(
            [sys.executable, "-m", "ui.view_cache"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=root,
        )

    def draw(self, image_path: Path, out: Path, width: int) -> int:
        """`draw` in the process; raises OSError naming the file when it cannot be drawn."""
        request = json.dumps([str(image_path), str(out), int(width)]) + "\n"
        with self._lock:
            for _attempt in range(2):
                if self._proc is None or self._proc.poll() is not None:
                    self._proc = self._start()
                assert self._proc.stdin is not None and self._proc.stdout is not None
                try:
                    self._proc.stdin.write(request)
                    self._proc.stdin.flush()
                    reply = self._proc.stdout.readline()
                except (BrokenPipeError, ValueError):
                    reply = ""
                if reply:
                    break
                self.close_locked()  # it died (killed, out of memory): start another once
            else:
                raise OSError(f"{image_path}: the drawing process ended without drawing it")
        got = json.loads(reply)
        if "error" in got:
            raise OSError(f"{image_path}: {got['error']}")
        return int(got["size"])

    def close_locked(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()

    def close(self) -> None:
        with self._lock:
            self.close_locked()


def _serve() -> None:
    """The drawing process: lowest priority, then one `[source, out, width]` a line, answered
    with `{"size": n}` or `{"error": why}` a line, until its input closes."""
    try:
        os.nice(19)
    except (AttributeError, OSError):
        pass
    for line in sys.stdin:
        try:
            src, out, width = json.loads(line)
            reply: dict[str, object] = {"size": draw(Path(src), Path(out), int(width))}
        except (OSError, ValueError, TypeError, Image.DecompressionBombError) as exc:
            reply = {"error": str(exc) or type(exc).__name__}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    _serve()
