"""Exported versions as files to take home: a version's whole bag as one zip, or one format's files
(the file itself when a format wrote one file, else a zip of its folder).

Zips are built once per version into the store's cache (a version never changes once written),
written to a temporary file and renamed into place, so two people downloading at once never see
half a zip. Only paths inside the registered version folder are read; symbolic links are skipped.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ingest.atomic import atomic_file
from ingest.errors import ExportError, NotFoundError
from ingest.export.formats import TITLES
from ingest.export.versions import safe_name
from ingest.review.users import User, require
from ingest.store import Store


@dataclass(frozen=True)
class Download:
    """A file to hand to the browser: where it is, what to call it and its type."""

    path: Path
    file_name: str
    mime: str


_MIME = {
    ".zip": "application/zip",
    ".epub": "application/epub+zip",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".json": "application/json",
    ".xml": "application/xml",
    ".md": "text/markdown",
    ".html": "text/html",
}


def _version(store: Store, volume: str, version: int) -> tuple[Path, str]:
    """A registered version's folder and a cache key for it (its fingerprint: a store restored
    from a backup with other exports under the same number gets other zips)."""
    vol = store.volume(volume)
    for r in store.exports(vol.id):
        if r.version == version:
            path = Path(r.path)
            if not path.is_dir():
                raise NotFoundError(
                    f"version v{version} of {volume} is registered but its files are missing; "
                    f"`quire versions {volume}` says where they were"
                )
            return path, f"{vol.id}-v{version}-{r.fingerprint[:16]}"
    raise NotFoundError(f"{volume} has no version v{version}")


def _files(root: Path) -> list[Path]:
    """Regular files under `root` (no symbolic links followed or included), sorted."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not (Path(dirpath) / d).is_symlink())
        for f in sorted(filenames):
            p = Path(dirpath) / f
            if p.is_file() and not p.is_symlink():
                out.append(p)
    return out


def _zip(store: Store, key: str, root: Path, arc_root: str) -> Path:
    """A zip of the files under `root`, named under `arc_root/`, cached as `key`.zip."""
    cache = store.home / "cache" / "downloads"
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / f"{key}.zip"
    if target.exists():
        return target
    with atomic_file(target, prefix=f".{key}-") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in _files(root):
            zf.write(p, f"{arc_root}/{p.relative_to(root).as_posix()}")
    return target


def bag_zip_name(volume: str, version: int) -> str:
    """The file name a version's whole bag downloads as."""
    return f"{safe_name(volume)}-v{version}.zip"


def bag_zip(store: Store, volume: str, version: int, user: User) -> Download:
    """The whole bag of a version as one zip (`VOLUME-vN.zip`, the bag folder inside)."""
    require(user, "export")
    root, key = _version(store, volume, version)
    name = bag_zip_name(volume, version)
    return Download(_zip(store, f"{key}-bag", root, name.removesuffix(".zip")), name, _MIME[".zip"])


def version_formats(store: Store, volume: str, version: int) -> list[str]:
    """The formats a version holds (those with a folder under data/)."""
    root, _ = _version(store, volume, version)
    return [f for f in TITLES if (root / "data" / f).is_dir()]


def _format_plan(store: Store, volume: str, version: int, fmt: str) -> tuple[Download, Path | None, str]:
    """What downloading one format gives: the Download (its path is the zip's path, not yet
    built, when the format has several files), the folder to zip (None: a single file) and the
    cache key."""
    if fmt not in TITLES:
        raise ExportError(f"unknown format {fmt!r}; one of: {', '.join(TITLES)}")
    root, key = _version(store, volume, version)
    folder = root / "data" / fmt
    if not folder.is_dir():
        raise NotFoundError(f"version v{version} of {volume} has no {TITLES[fmt]} files")
    files = _files(folder)
    if len(files) == 1:
        f = files[0]
        mime = _MIME.get(f.suffix.lower(), "application/octet-stream")
        return Download(f, f"{safe_name(volume)}-v{version}-{safe_name(f.name)}", mime), None, key
    name = f"{safe_name(volume)}-v{version}-{fmt}"
    zipped = store.home / "cache" / "downloads" / f"{key}-{fmt}.zip"
    return Download(zipped, f"{name}.zip", _MIME[".zip"]), folder, key


def format_name(store: Store, volume: str, version: int, fmt: str, user: User) -> tuple[str, str]:
    """(file name, MIME type) of one format's download, without building it."""
    require(user, "export")
    d, _, _ = _format_plan(store, volume, version, fmt)
    return d.file_name, d.mime


def format_download(store: Store, volume: str, version: int, fmt: str, user: User) -> Download:
    """One format of a version: its single file as it is, or a zip of its folder."""
    require(user, "export")
    d, folder, key = _format_plan(store, volume, version, fmt)
    if folder is not None:
        _zip(store, f"{key}-{fmt}", folder, d.file_name.removesuffix(".zip"))
    return d
