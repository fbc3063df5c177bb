"""Build a small review store from real page images (OCR with Tesseract), for tests, the latency
bench and screenshots. Not used by the running app.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from ingest.model import SourceRef
from ingest.pagework import OcrTask, ocr_page
from ingest.review import add_user
from ingest.store import NewPage, Store

REPO = Path(__file__).resolve().parent.parent
SAMPLE_SCANS = sorted((REPO / "samples" / "scan").glob("page-*.jpg"))

DEMO_USERS = {"ada": ("archivist", "ada-secret-pw"), "bob": ("corrector", "bob-secret-pw"),
              "cy": ("corrector", "cy-secret-pw")}


def build_store(home: Path, images: Sequence[Path] = (), *, volume: str = "demo", dpi: int = 300) -> Store:
    """A store under `home` with one volume of the given images, OCRed, and the demo users."""
    store = Store(home)
    vol = store.ensure_volume(volume, title=volume.replace("-", " ").title())
    for path in images or SAMPLE_SCANS[:4]:
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        key = store.images.put(data, suffix=path.suffix.lower())
        store.register_source(vol.id, path=str(path), sha256=sha, size=len(data), kind="image",
                              pages=[NewPage(1, "image", key, dpi, 0, 0)])
    for info in store.pending_pages(vol.id):
        data = store.images.get(info.source_image)
        res = ocr_page(OcrTask(info.id, info.index, data, SourceRef(info.source_path, 1, ""), info.dpi))
        if res.page is None or res.display_png is None:
            store.mark_failed(info.id, res.error or "OCR failed")
            continue
        store.save_ocr(info.id, res.page, store.images.put(res.display_png))
    for name, (role, pw) in DEMO_USERS.items():
        add_user(store, name, role, pw)
    return store
