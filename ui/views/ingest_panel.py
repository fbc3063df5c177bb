"""Ingest from the browser (archivists): uploaded files or a folder on the server, with a live
progress bar. Not a page of its own: the library shows it."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import streamlit as st

from ingest.errors import QuireError
from ingest.store import Store
from ui import state


def _save_uploads(store: Store, files: list) -> Path:  # type: ignore[type-arg]
    """Uploaded files to a folder under the store (kept: their paths are the pages' sources)."""
    root = store.home / "uploads"
    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%d-%H%M%S-"), dir=root))
    for f in files:
        name = Path(f.name).name or "upload"
        (folder / name).write_bytes(f.getvalue())
    return folder


def render(store: Store, volume_names: list[str]) -> None:
    try:
        from ingest.options import IngestOptions
        from ingest.pipeline import Progress, ingest_paths
    except ImportError:
        st.info("Ingesting from the browser is not available yet; use `quire ingest PATH --volume NAME`.")
        return
    user = state.user()
    assert user is not None
    st.subheader("Ingest", anchor=False)
    with st.form("ingest", border=True):
        volume = st.text_input(
            "Volume name",
            placeholder="e.g. essays-1890",
            help="A new name creates a volume; an existing one adds pages to it.",
        )
        title = st.text_input("Title (optional)")
        uploads = st.file_uploader(
            "Page images or PDFs",
            accept_multiple_files=True,
            type=["png", "jpg", "jpeg", "tif", "tiff", "pdf"],
        )
        folder = st.text_input("…or a folder on the server", placeholder="/data/scans/volume-3")
        go = st.form_submit_button("Ingest", type="primary", icon=":material/upload:")
    if not go:
        return
    paths: list[Path] = []
    if uploads:
        paths.append(_save_uploads(store, uploads))
    if folder.strip():
        p = Path(folder.strip()).expanduser()
        if not p.exists():
            st.error(f"{p} does not exist on the server.")
            return
        paths.append(p)
    if not paths:
        st.error("Choose files to upload or give a folder.")
        return
    labels = {"register": "Reading files", "ocr": "OCR", "clean": "Layout cleanup"}
    bar = st.progress(0.0, text="Starting…")

    def on_progress(p: Progress) -> None:
        frac = p.done / p.total if p.total else 1.0
        bar.progress(min(1.0, frac), text=f"{labels.get(p.stage, p.stage)}: {p.done} of {p.total}")

    try:
        opts = IngestOptions.build(volume=volume.strip(), title=title.strip(), author=user.name)
        report = ingest_paths(store, paths, opts, on_progress)
    except QuireError as exc:
        st.error(str(exc))
        return
    bar.progress(1.0, text="Done")
    state.flash(
        "success",
        f"Ingested into {report.volume}: {report.pages_added} pages added, "
        f"{report.ocr_done} OCRed, {len(report.failed)} failed.",
    )
    for line in report.failed:
        state.flash("warning", line)
    st.rerun()
