"""Ingest from the browser (archivists): uploaded files or, when the server allows it
(QUIRE_INGEST_ROOTS), a folder below its ingest roots, with a live progress bar. Not a page of
its own: the library shows it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from ingest import uploads
from ingest.errors import QuireError
from ingest.options import IngestOptions
from ingest.pipeline import Progress, ingest_paths
from ingest.review import require
from ingest.store import Store
from ui import jobs, state
from ui.components.text import md_escape


def render(store: Store, volume_names: list[str]) -> None:
    user = state.user()
    roots = uploads.ingest_roots()
    st.subheader("Ingest", anchor=False)
    with st.form("ingest", border=True):
        volume = st.text_input(
            "Volume name",
            placeholder="e.g. essays-1890",
            help="A new name creates a volume; an existing one adds pages to it.",
        )
        title = st.text_input("Title (optional)")
        files = st.file_uploader(
            "Page images or PDFs",
            accept_multiple_files=True,
            type=["png", "jpg", "jpeg", "tif", "tiff", "pdf"],
        )
        folder = ""
        if roots:
            folder = st.text_input(
                "…or a folder on the server",
                placeholder=str(roots[0] / "volume-3"),
                help="Below " + ", ".join(str(r) for r in roots),
            )
        go = st.form_submit_button("Ingest", type="primary", icon=":material/upload:")
    if not go:
        return
    try:
        require(user, "ingest")
        opts = IngestOptions.build(volume=volume.strip(), title=title.strip(), author=user.name)
        paths: list[Path] = []
        if folder.strip():
            paths.append(uploads.server_folder(folder, roots))
        if files:
            paths.append(
                uploads.save_uploads(store.home / "uploads", [(f.name, f.getvalue()) for f in files])
            )
    except QuireError as exc:
        st.error(md_escape(str(exc)))
        return
    if not paths:
        st.error("Choose files to upload" + (" or give a folder." if roots else "."))
        return
    within = roots + [store.home / "uploads"]

    def work(progress: Callable[[Progress], None]) -> jobs.Messages:
        last = ["Done"]

        def on_progress(p: Progress) -> None:
            last[0] = f"{p.label}: {p.done} of {p.total}"
            progress(p)

        report = ingest_paths(store, paths, opts, on_progress, within=within)
        done: jobs.Messages = [
            ("progress", last[0]),  # the finished bar stays in view with its count
            (
                "success",
                f"Ingested into {report.volume}: {report.pages_added} pages added, "
                f"{report.ocr_done} OCRed, {len(report.failed)} failed.",
            ),
        ]
        return done + [("warning", line) for line in report.failed]

    # A background job: an ingest takes minutes, and a page run doing it was cut off by the next
    # click anywhere in this browser (Streamlit stops a run when another is asked for).
    session = state.get()
    job = jobs.jobs().submit(f"Ingest into {opts.volume}", user.name, work)
    session.watching.append(state.Watch(job.id))
    st.rerun()
