"""Export (archivists): choose formats and export them as one new version; every version's bag as
one zip and each of its formats on its own, to download. The logic is `ingest.export`
(`export_volume`, and `ingest.export.download` for the files, which checks the role)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from ingest.errors import QuireError
from ingest.export.download import (
    Download,
    bag_zip,
    bag_zip_name,
    format_download,
    format_name,
    version_formats,
)
from ingest.export.formats import TITLES
from ingest.export.versions import export_volume, list_versions
from ingest.pipeline import Progress
from ui import data, jobs, state
from ui.components.text import md_escape

session = state.get()
user = state.user()
store = data.store()

st.title("Export")
if not user.can("export"):
    st.error("Only archivists export.")
    st.stop()
st.caption(
    "Each export of a changed volume is a new version (v1, v2, …): a BagIt bag with checksums, "
    "the revision and proofreading status of every page and what changed since the version before."
)

vol = data.choose_volume("ex_volume", state.open_page, session.volume)
ONLY = {"": "every page", "validated": "validated pages only"}


def _export() -> None:
    """Export as a background job: a book-sized export takes minutes, and a page run doing it was
    stopped by the next click anywhere in this browser (the export went on, its report was lost)."""
    fmts = list(st.session_state.get("ex_formats") or [])
    if not fmts:
        state.flash("warning", "Choose at least one format.")
        return
    only = st.session_state.get("ex_only") or None
    names = ", ".join(TITLES[f] for f in fmts)
    volume, options = vol, {"images": True, **({"only": only} if only else {})}

    def work(progress: Callable[[Progress], None]) -> jobs.Messages:
        result = export_volume(store, volume, fmts, options=options)
        if result.created:  # the version and its file names, never where the server keeps them
            return [
                (
                    "success",
                    f"New version v{result.version} written ({names}, {result.seconds:.1f} s): download it "
                    f"below as {bag_zip_name(volume, result.version)} or format by format",
                )
            ]
        return [("info", f"{names}: {result.message} (nothing changed since)")]

    job = jobs.jobs().submit(f"Export of {volume} ({names})", user.name, work)
    session.watching.append(state.Watch(job.id))


# A form: the formats and pages chosen go to the server with the Export click, in one request.
# Outside a form each choice started a run of its own, and a run racing the click could reset the
# field to the server's older value (on a loaded machine EPUB, just chosen, was not in the version
# written); nothing held in the form's fields waits on a run now.
with st.form("ex_new", border=True, enter_to_submit=False):
    a, b, c = st.columns([4, 1.4, 1], vertical_alignment="bottom")
    a.multiselect("Formats", list(TITLES), default=["txt"], format_func=lambda f: TITLES[f], key="ex_formats")
    b.selectbox("Pages", list(ONLY), format_func=lambda k: ONLY[k], key="ex_only")
    c.form_submit_button(
        "Export", key="ex_go", type="primary", on_click=_export, icon=":material/archive:", width="stretch"
    )
state.show_flash()

try:
    versions = list_versions(store, vol)
except QuireError as exc:
    st.error(md_escape(str(exc)))
    st.stop()
st.subheader("Versions", anchor=False)
if not versions:
    st.caption("No exports yet.")
    st.stop()


def _reader(get: Callable[[], Download]) -> Callable[[], bytes]:
    """The file's bytes, built and read only when the button is clicked."""

    def read() -> bytes:
        d: Download = get()
        return d.path.read_bytes()

    return read


for v in reversed(versions):
    with st.container(border=True, key=f"ver-{v.version}"):
        head = st.columns([3, 1.4], vertical_alignment="center")
        kinds = md_escape(", ".join(TITLES.get(f, f) for f in v.formats))
        head[0].markdown(
            f"**v{v.version}** · {v.pages} pages · {kinds} · :gray[{v.created_at[:19].replace('T', ' ')}]"
            + ("" if v.exists else " · :red[missing from disk]")
        )
        if not v.exists:
            continue
        head[1].download_button(
            "Bag (zip)",
            data=_reader(partial(bag_zip, store, vol, v.version, user)),
            file_name=bag_zip_name(vol, v.version),
            mime="application/zip",
            key=f"dl-bag-{v.version}",
            icon=":material/download:",
            on_click="ignore",
            width="stretch",
        )
        try:
            fmts = version_formats(store, vol, v.version)
        except QuireError as exc:
            st.caption(md_escape(str(exc)))
            continue
        per_row = 4  # nine formats in one row would cut their labels short
        cols = [c for i in range(0, len(fmts), per_row) for c in st.columns(per_row)]
        for col, f in zip(cols, fmts, strict=False):
            file_name, mime = format_name(store, vol, v.version, f, user)
            ext = file_name.rsplit(".", 1)[-1] if "." in file_name else ""
            col.download_button(
                f"{TITLES.get(f, f)} (.{ext})" if ext else TITLES.get(f, f),
                data=_reader(partial(format_download, store, vol, v.version, f, user)),
                file_name=file_name,
                mime=mime,
                key=f"dl-{v.version}-{f}",
                icon=":material/download:",
                on_click="ignore",
                width="stretch",
            )
