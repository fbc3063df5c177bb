"""Build a small review store from real page images (OCR with Tesseract), for tests, the latency
bench and screenshots. Not used by the running app.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ingest.options import IngestOptions
from ingest.pipeline import ingest_paths
from ingest.review import add_user
from ingest.store import Store

REPO = Path(__file__).resolve().parent.parent
SAMPLE_SCANS = sorted((REPO / "samples" / "scan").glob("page-*.jpg"))

DEMO_USERS = {
    "ada": ("archivist", "ada-secret-pw"),
    "bob": ("corrector", "bob-secret-pw"),
    "cy": ("corrector", "cy-secret-pw"),
}


def build_store(
    home: Path, images: Sequence[Path] = (), *, volume: str = "demo", jobs: int = 2, clean: bool = True
) -> Store:
    """A store under `home` with one volume of the given files (OCR, or a PDF's text layer, and
    layout cleanup by the real pipeline) and the demo users."""
    store = Store(home)
    opts = IngestOptions.build(volume=volume, title=volume.replace("-", " ").title(), jobs=jobs, clean=clean)
    ingest_paths(store, list(images or SAMPLE_SCANS[:4]), opts)
    for name, (role, pw) in DEMO_USERS.items():
        add_user(store, name, role, pw)
    return store
