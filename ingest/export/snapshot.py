"""What an export is made from: a volume's metadata and the current revision of every page.

A `Snapshot` is read once from the store at the start of an export; every format writer works from
it and from nothing else, so the same revisions always give the same files. Its `fingerprint` says
whether anything an export depends on changed since the previous version.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest import __version__
from ingest.errors import ExportError, NotFoundError
from ingest.model import Metadata, Page
from ingest.store import Store


@dataclass(frozen=True)
class PageEntry:
    """One page as exported: its current revision and where its display image lives."""

    page_id: int
    revision_id: int
    revision_number: int
    author: str
    created_at: str  # ISO 8601, from the revision
    reason: str
    image_key: str | None
    page: Page
    stage: str = ""  # where proofreading stands: validated, proofread, problem, not proofread, blank
    proofread_by: str | None = None

    @property
    def status_line(self) -> str:
        """The page's proofreading status as the bag records it ("page 7 validated (proofread by
        bob, validated by cy)")."""
        who = []
        if self.proofread_by and self.stage in ("proofread", "validated"):
            who.append(f"proofread by {self.proofread_by}")
        if self.stage == "validated" and self.reason in ("validate", "approve"):
            who.append(f"validated by {self.author}")
        return f"page {self.index} {self.stage}" + (f" ({', '.join(who)})" if who else "")

    @property
    def index(self) -> int:
        return self.page.index

    @property
    def stem(self) -> str:
        """File stem used for this page's per-page files ("p0007")."""
        return f"p{self.page.index:04d}"

    @property
    def image_file(self) -> str:
        """The page image's file name in a bag: the stem and the stored image's own suffix
        ("p0007.png", "p0007.jpg": a scanned JPEG is kept as it was scanned)."""
        suffix = Path(self.image_key).suffix.lower() if self.image_key else ""
        return f"{self.stem}{suffix or '.png'}"


@dataclass(frozen=True)
class Snapshot:
    volume_id: int
    volume: str
    metadata: Metadata
    pages: tuple[PageEntry, ...]
    image_root: Path

    @property
    def newest_date(self) -> str:
        """The newest revision's timestamp (ISO 8601): the only date an export may carry."""
        return max((p.created_at for p in self.pages), default="1970-01-01T00:00:00+00:00")

    def image_path(self, entry: PageEntry) -> Path | None:
        if entry.image_key is None:
            return None
        return self.image_root / entry.image_key[:2] / entry.image_key

    def revision_map(self) -> dict[str, int]:
        """Scan index (as a string, JSON-friendly) → revision id."""
        return {str(p.index): p.revision_id for p in self.pages}

    def fingerprint(self, formats: tuple[str, ...], options: dict[str, Any]) -> str:
        """sha256 over everything an export's bytes depend on."""
        basis = {
            "quire": __version__,
            "volume": self.volume,
            "metadata": dataclasses.asdict(self.metadata),
            "formats": sorted(formats),
            "options": options,
            "pages": [(p.index, p.revision_id, p.image_key) for p in self.pages],
        }
        raw = json.dumps(basis, sort_keys=True, separators=(",", ":")).encode()
        return hashlib.sha256(raw).hexdigest()


def load_snapshot(store: Store, volume_name: str, only: str | None = None) -> Snapshot:
    """Read the volume and the current revision of each page; refuse a volume with pages not yet
    OCRed (an export must cover the whole volume). With `only` (a proofreading stage, see
    `ingest.review.validation.Stage`: "validated"), just the pages at that stage."""
    from ingest.review.validation import Stage, stage

    vol = store.volume(volume_name)
    entries: list[PageEntry] = []
    missing: list[int] = []
    want = Stage(only) if only is not None else None
    for info in store.iter_pages(vol.id):
        if want is not None and stage(info) is not want:
            continue
        if info.current_revision_id is None:
            missing.append(info.index)
            continue
        try:
            rev = store.current(info.id)
        except NotFoundError:
            missing.append(info.index)
            continue
        entries.append(
            PageEntry(
                page_id=info.id,
                revision_id=rev.id,
                revision_number=rev.number,
                author=rev.author,
                created_at=rev.created_at,
                reason=rev.reason,
                image_key=info.image,
                page=rev.page,
                stage=stage(info).value,
                proofread_by=info.proofread_by,
            )
        )
    if missing:
        shown = ", ".join(str(i) for i in missing[:10]) + (" …" if len(missing) > 10 else "")
        raise ExportError(
            f"volume {volume_name!r} has {len(missing)} page(s) without text yet ({shown}); "
            "finish or retry the ingest (`quire retry`) before exporting"
        )
    if not entries and want is not None:
        raise ExportError(f"volume {volume_name!r} has no {want.value} pages to export")
    if not entries:
        raise ExportError(f"volume {volume_name!r} has no pages to export; `quire ingest` some first")
    return Snapshot(vol.id, vol.name, vol.metadata, tuple(entries), store.images.root)


def iter_pages(snapshot: Snapshot) -> Iterator[Page]:
    for entry in snapshot.pages:
        yield entry.page
