"""Export: one button per format, calling `ingest.export` when it is there."""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path
from typing import Any

import streamlit as st

from ingest.errors import QuireError
from ui import data, state

session = state.get()
user = session.user
assert user is not None
store = data.store()

st.title("Export")


def _row(v: Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.name: getattr(v, f.name) for f in dataclasses.fields(v)}
    return v if isinstance(v, dict) else {"version": str(v)}


FORMATS = {"txt": "Plain text", "md": "Markdown", "tei": "TEI P5", "alto": "ALTO v4", "hocr": "hOCR",
           "pdf": "Searchable PDF", "json": "JSON"}

try:
    export = importlib.import_module("ingest.export")
    export_volume = getattr(export, "export_volume")
    list_versions = getattr(export, "list_versions", None)
except (ImportError, AttributeError):
    st.info("Export is not available yet in this build (ingest.export is still being written). "
            "Your corrections are saved and will be exported once it lands.")
    st.stop()

volumes = [v.name for v in store.volumes()]
if not volumes:
    st.info("No volumes yet.")
    st.stop()
vol = st.selectbox("Volume", volumes, index=volumes.index(session.volume) if session.volume in volumes else 0,
                   key="ex_volume")
for kind, msg in state.take_flash():
    getattr(st, kind)(msg)

cols = st.columns(len(FORMATS))
for col, (fmt, name) in zip(cols, FORMATS.items(), strict=True):
    if col.button(name, key=f"ex_{fmt}", width="stretch"):
        with st.spinner(f"Exporting {name}…"):
            try:
                result = export_volume(store, vol, [fmt])
            except QuireError as exc:
                st.error(str(exc))
            else:
                msg = getattr(result, "message", result)
                version = getattr(result, "version", "?")
                st.success(f"{name}: version v{version} — {msg}")

if list_versions is not None:
    try:
        versions = list_versions(store, vol)
    except QuireError as exc:
        st.error(str(exc))
    else:
        st.subheader("Versions", anchor=False)
        if versions:
            st.dataframe([{k: str(x) if isinstance(x, Path) else x for k, x in _row(v).items()}
                          for v in versions], hide_index=True, width="stretch")
        else:
            st.caption("No exports yet.")
