"""Versioned exports: every export of a volume is a new BagIt bag `vN`, written atomically.

Rules:
- a version is built in a temporary folder beside the versions (`.tmp-vN-PID`), sealed (fsync,
  read-only files) and renamed into place: a crash leaves no half version, and the next export
  removes the leftover temporary folder;
- exporting an unchanged volume (same revisions, metadata, formats, options and Quire version)
  into a folder whose newest version is that same export makes no new version; CHANGES compares
  with the newest version in the same folder (else the newest anywhere);
- version numbers count per volume across all folders (the `exports` table is the register);
  a complete version found on disk but missing from the table (a crash between the rename and
  the commit) is registered on the next export rather than overwritten;
- one export at a time per folder (an advisory lock on `.lock` in the folder).
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ingest import __version__
from ingest.errors import ExportError, NotFoundError
from ingest.export import bag
from ingest.export.changes import VersionRecord, changes_text, text_diff
from ingest.export.common import IMAGES_DIR
from ingest.export.formats import USES_IMAGES, WRITERS, ExportOptions, parse_formats
from ingest.export.snapshot import Snapshot, load_snapshot
from ingest.model import Page
from ingest.store import ExportInfo, Store

#: Test hook, the one fault injection: sleep this many seconds after the payload is written and
#: before it is bagged, so a test can kill the export mid-way.
FAULT_SLEEP_ENV = "QUIRE_EXPORT_FAULT_SLEEP"

_VERSION_DIR = re.compile(r"^v(\d+)$")
_TMP_PREFIX = ".tmp-v"


@dataclass(frozen=True)
class ExportResult:
    volume: str
    version: int
    path: Path
    created: bool  # False: nothing changed since `version`, nothing written
    seconds: float = 0.0
    format_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def message(self) -> str:
        if self.created:
            return str(self.path)
        return f"unchanged, still v{self.version}"


@dataclass(frozen=True)
class VersionInfo:
    version: int
    path: Path
    formats: tuple[str, ...]
    fingerprint: str
    created_at: str
    pages: int
    exists: bool


def default_root(store: Store, volume: str) -> Path:
    return store.home / "exports" / safe_name(volume)


def safe_name(name: str) -> str:
    """A name usable in a file's name (letters, digits, '-', '_', '.'): a volume's exports folder
    and its downloads."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)


# --- the exports table ----------------------------------------------------------------------------


def _record(row: ExportInfo) -> VersionRecord:
    o = row.options or {}
    return VersionRecord(
        version=row.version,
        formats=tuple(row.formats.split(",")) if row.formats else (),
        options=dict(o.get("options", {})),
        metadata=dict(o.get("metadata", {})),
        pages={str(k): int(v) for k, v in o.get("page_revisions", {}).items()},
    )


def _insert(
    store: Store, volume_id: int, version: int, path: Path, rec: VersionRecord, fingerprint: str
) -> None:
    store.add_export(
        volume_id,
        version,
        str(path),
        ",".join(rec.formats),
        {"options": rec.options, "metadata": rec.metadata, "page_revisions": rec.pages},
        fingerprint,
    )


# --- the folder of versions -----------------------------------------------------------------------


@contextmanager
def _locked(root: Path) -> Iterator[None]:
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise ExportError(f"another export is writing to {root}; wait for it to finish") from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _remove_leftovers(root: Path) -> list[Path]:
    """Temporary folders of exports that died (we hold the folder's lock, so none is live)."""
    gone = []
    for p in root.iterdir():
        if p.name.startswith(_TMP_PREFIX) and p.is_dir():
            shutil.rmtree(p)
            gone.append(p)
    return gone


def _disk_versions(root: Path) -> dict[int, Path]:
    out = {}
    for p in root.iterdir():
        m = _VERSION_DIR.match(p.name)
        if m and p.is_dir():
            out[int(m.group(1))] = p
    return out


def _adopt_orphans(store: Store, volume_id: int, volume: str, root: Path, known: set[int]) -> None:
    """Register complete versions that reached the disk but not the table."""
    for n, path in sorted(_disk_versions(root).items()):
        if n in known:
            continue
        info = bag.read_info(path)
        if info.get("Quire-Volume") != volume or "Quire-Fingerprint" not in info:
            continue
        pages = {}
        for item in _as_list(info.get("Quire-Page-Revision")):
            m = re.match(r"page (\d+) revision (\d+)", item)
            if m:
                pages[m.group(1)] = int(m.group(2))
        rec = VersionRecord(
            version=n,
            formats=tuple(str(info.get("Quire-Formats", "")).split(",")),
            options=json.loads(str(info.get("Quire-Options", "{}"))),
            metadata=json.loads(str(info.get("Quire-Metadata", "{}"))),
            pages=pages,
        )
        _insert(store, volume_id, n, path, rec, str(info["Quire-Fingerprint"]))


def _as_list(v: str | list[str] | None) -> list[str]:
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


# --- export ---------------------------------------------------------------------------------------


def export_volume(
    store: Store,
    volume_name: str,
    formats: str | list[str] | tuple[str, ...] = "all",
    out_root: Path | None = None,
    options: ExportOptions | dict[str, Any] | None = None,
) -> ExportResult:
    """Write a new version of the volume's export (or say it is unchanged); see the module doc."""
    start = time.perf_counter()
    fmts = parse_formats(formats)
    opts = options if isinstance(options, ExportOptions) else ExportOptions.from_dict(options)
    snapshot = load_snapshot(store, volume_name, only=opts.only)
    root = (out_root or default_root(store, snapshot.volume)).resolve()
    fingerprint = snapshot.fingerprint(fmts, opts.as_dict())
    record = VersionRecord(
        version=0,
        formats=fmts,
        options=opts.as_dict(),
        metadata=asdict(snapshot.metadata),
        pages=snapshot.revision_map(),
    )
    try:
        with _locked(root):
            _remove_leftovers(root)
            rows = store.exports(snapshot.volume_id)
            _adopt_orphans(store, snapshot.volume_id, snapshot.volume, root, {r.version for r in rows})
            rows = store.exports(snapshot.volume_id)
            here = [r for r in rows if Path(r.path).parent == root]
            # compared with the newest version in this folder (an archive's own history), else
            # with the newest anywhere
            latest = here[-1] if here else (rows[-1] if rows else None)
            if (
                here
                and latest is not None
                and latest.fingerprint == fingerprint
                and Path(latest.path).is_dir()
            ):
                return ExportResult(
                    snapshot.volume,
                    latest.version,
                    Path(latest.path),
                    created=False,
                    seconds=time.perf_counter() - start,
                )
            version = max([r.version for r in rows] + list(_disk_versions(root)) + [0]) + 1
            record = VersionRecord(**{**asdict(record), "version": version})
            previous = _record(latest) if latest is not None else None
            final = root / f"v{version}"
            tmp = root / f"{_TMP_PREFIX}{version}-{os.getpid()}"
            tmp.mkdir()
            try:
                timings = _build(store, snapshot, fmts, opts, tmp, record, previous, fingerprint)
                os.rename(tmp, final)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            bag.fsync_dir(root)
            _insert(store, snapshot.volume_id, version, final, record, fingerprint)
    except OSError as exc:
        raise ExportError(f"cannot write the export to {root}: {exc.strerror or exc}") from exc
    return ExportResult(
        snapshot.volume,
        version,
        final,
        created=True,
        seconds=time.perf_counter() - start,
        format_seconds=timings,
    )


def _build(
    store: Store,
    snapshot: Snapshot,
    fmts: tuple[str, ...],
    opts: ExportOptions,
    tmp: Path,
    record: VersionRecord,
    previous: VersionRecord | None,
    fingerprint: str,
) -> dict[str, float]:
    timings: dict[str, float] = {}
    for fmt in fmts:
        t = time.perf_counter()
        WRITERS[fmt](snapshot, tmp / fmt, opts)
        timings[fmt] = time.perf_counter() - t
    if opts.images and USES_IMAGES & set(fmts):
        _copy_images(snapshot, tmp / IMAGES_DIR)
    if os.environ.get(FAULT_SLEEP_ENV):
        time.sleep(float(os.environ[FAULT_SLEEP_ENV]))
    t = time.perf_counter()
    bag.make_bag(tmp, _bag_info(snapshot, record, fingerprint))
    changes = changes_text(snapshot.volume, record, previous, lambda rid: _load_revision(store, rid))
    (tmp / "CHANGES").write_text(changes, encoding="utf-8")
    bag.write_tag_manifests(tmp)
    bag.seal(tmp)
    timings["bag"] = time.perf_counter() - t
    return timings


def _copy_images(snapshot: Snapshot, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for entry in snapshot.pages:
        src = snapshot.image_path(entry)
        if src is None or not src.exists():
            raise ExportError(f"page {entry.index} has no page image in the store; re-run `quire ingest`")
        shutil.copyfile(src, out / entry.image_file)


def _bag_info(snapshot: Snapshot, record: VersionRecord, fingerprint: str) -> dict[str, str | list[str]]:
    m = snapshot.metadata
    info: dict[str, str | list[str]] = {
        "Bagging-Date": snapshot.newest_date[:10],
        "External-Description": f"{m.title or snapshot.volume}: Quire export v{record.version}",
        "DC-Title": m.title,
        "DC-Creator": m.creator,
        "DC-Date": m.date,
        "DC-Language": m.language,
        "DC-Identifier": m.identifier,
        "DC-Source": m.source,
        "Quire-Version": __version__,
        "Quire-Volume": snapshot.volume,
        "Quire-Export-Version": f"v{record.version}",
        "Quire-Formats": ",".join(record.formats),
        "Quire-Options": json.dumps(record.options, sort_keys=True),
        "Quire-Metadata": json.dumps(record.metadata, sort_keys=True, ensure_ascii=False),
        "Quire-Fingerprint": fingerprint,
        "Quire-Newest-Revision": snapshot.newest_date,
        "Quire-Page-Revision": [
            f"page {e.index} revision {e.revision_id} (number {e.revision_number}, {e.reason} by {e.author})"
            for e in snapshot.pages
        ],
        "Quire-Page-Status": [e.status_line for e in snapshot.pages],
    }
    if m.identifier:
        info["External-Identifier"] = m.identifier
    return {k: v for k, v in info.items() if v != ""}


def _load_revision(store: Store, revision_id: int) -> tuple[Page, str]:
    rev = store.revision(revision_id)
    return rev.page, f"{rev.reason} by {rev.author}"


# --- listing and comparing ------------------------------------------------------------------------


def list_versions(store: Store, volume: str) -> list[VersionInfo]:
    vol = store.volume(volume)
    return [
        VersionInfo(
            version=r.version,
            path=Path(r.path),
            formats=tuple(r.formats.split(",")),
            fingerprint=r.fingerprint,
            created_at=r.created_at.isoformat(timespec="seconds"),
            pages=len((r.options or {}).get("page_revisions", {})),
            exists=Path(r.path).is_dir(),
        )
        for r in store.exports(vol.id)
    ]


def parse_version(v: str | int) -> int:
    m = re.fullmatch(r"v?(\d+)", str(v).strip())
    if not m:
        raise ExportError(f"{v!r} is not a version; write it as v1, v2, …")
    return int(m.group(1))


def diff_versions(store: Store, volume: str, a: str | int, b: str | int) -> str:
    """A unified text diff, page by page, between versions `a` and `b` of the volume."""
    vol = store.volume(volume)
    rows = {r.version: r for r in store.exports(vol.id)}
    recs = []
    for v in (parse_version(a), parse_version(b)):
        if v not in rows:
            have = ", ".join(f"v{n}" for n in sorted(rows)) or "none yet"
            raise NotFoundError(f"volume {volume!r} has no export v{v} (versions: {have})")
        recs.append(_record(rows[v]))
    return text_diff(recs[0], recs[1], lambda rid: _load_revision(store, rid))
