"""Export (archivists): one button per format, calling `ingest.export.export_volume`; the result's
message and the volume's versions, with the files of the newest one."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ingest.errors import QuireError
from ingest.export import export_volume, list_versions
from ingest.export.formats import TITLES
from ui import data, state
from ui.components.text import md_escape

session = state.get()
user = session.user
assert user is not None
store = data.store()

st.title("Export")
st.caption(
    "Each export of a changed volume is a new version (v1, v2, …): a BagIt bag with checksums, "
    "the revision of every page and what changed since the version before."
)

FORMATS = TITLES

volumes = [v.name for v in store.volumes()]
if not volumes:
    st.info("No volumes yet.")
    st.stop()
vol = st.selectbox(
    "Volume",
    volumes,
    index=volumes.index(session.volume) if session.volume in volumes else 0,
    key="ex_volume",
)


def _export(fmt: str) -> None:
    try:
        result = export_volume(store, vol, [fmt])
    except QuireError as exc:
        state.flash("error", f"{FORMATS[fmt]}: {exc}")
        return
    if result.created:
        state.flash(
            "success",
            f"{FORMATS[fmt]}: new version v{result.version} written to "
            f"{result.message} ({result.seconds:.1f} s)",
        )
    else:
        state.flash("info", f"{FORMATS[fmt]}: {result.message} (nothing changed since)")


cols = st.columns(len(FORMATS))
for col, (fmt, name) in zip(cols, FORMATS.items(), strict=True):
    col.button(name, key=f"ex_{fmt}", width="stretch", on_click=_export, args=(fmt,))
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
st.dataframe(
    [
        {
            "version": f"v{v.version}",
            "formats": ", ".join(v.formats),
            "pages": v.pages,
            "created": v.created_at[:19].replace("T", " "),
            "on disk": "yes" if v.exists else "missing",
            "folder": str(v.path),
        }
        for v in reversed(versions)
    ],
    hide_index=True,
    width="stretch",
    key="ex_versions",
)
newest = versions[-1]
if newest.exists:
    files = sorted(p for p in Path(newest.path).rglob("*") if p.is_file())
    with st.expander(f"Files of v{newest.version} ({len(files)})", icon=":material/folder_open:"):
        st.code("\n".join(str(p.relative_to(newest.path)) for p in files[:200]), language=None)
