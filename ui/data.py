"""The store and cached reads for the views: one Store per process, pages cached by revision id,
page images cached by (image, revision, focus). Nothing here is per-user."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ingest.model import BBox, Page
from ingest.store import PageInfo, Store
from ingest.store.db import quire_home
from ui.components import page_image

#: Width in pixels of the page view image (the browser scales it to the column).
VIEW_WIDTH = 1000


@st.cache_resource(show_spinner=False)
def _store(home: str) -> Store:
    return Store(Path(home))


def store() -> Store:
    return _store(str(quire_home()))


@st.cache_data(show_spinner=False, max_entries=4096)
def revision_page(home: str, revision_id: int) -> Page:
    """A revision's page; revisions never change, so the id is the whole cache key."""
    return _store(home).revision(revision_id).page


def page_of(revision_id: int) -> Page:
    return revision_page(str(quire_home()), revision_id)


@st.cache_resource(show_spinner=False, max_entries=64)
def _base(home: str, image_key: str) -> page_image.Image.Image:
    """The downscaled page image (never mutated: drawing works on copies)."""
    s = _store(home)
    return page_image.display_base(s.images.path(image_key), VIEW_WIDTH, s.home / "cache" / "view")


def _render(home: str, image_key: str, page: Page | None, focus_word: str | None, focus_block: str | None) -> bytes:
    base = _base(home, image_key)
    if page is None:
        return page_image.jpeg(base)
    return page_image.jpeg(page_image.shaded(base, page, focus_word=focus_word, focus_block=focus_block))


@st.cache_data(show_spinner=False, max_entries=512)
def _view_jpeg_saved(home: str, image_key: str, revision_id: int, focus_word: str | None,
                     focus_block: str | None) -> bytes:
    return _render(home, image_key, revision_page(home, revision_id), focus_word, focus_block)


def view_jpeg(info: PageInfo, page: Page | None, *, edited: bool, focus_word: str | None = None,
              focus_block: str | None = None) -> bytes | None:
    """The page image with shaded word boxes: cached by revision id for a saved page; an edited
    page (a draft) is drawn afresh, on the cached downscaled image."""
    if info.image is None:
        return None
    home = str(quire_home())
    if page is not None and not edited and info.current_revision_id is not None:
        return _view_jpeg_saved(home, info.image, info.current_revision_id, focus_word, focus_block)
    return _render(home, info.image, page, focus_word, focus_block)


@st.cache_data(show_spinner=False, max_entries=128)
def _detail_jpeg(home: str, image_key: str, version: str, _page: Page, box: BBox, zoom: float,
                 focus_word: str | None) -> bytes:
    path = _store(home).images.path(image_key)
    return page_image.jpeg(page_image.detail(path, _page, box, zoom=zoom, focus_word=focus_word))


def detail_jpeg(info: PageInfo, page: Page, box: BBox, *, zoom: float, focus_word: str | None) -> bytes | None:
    """A zoomed crop around `box`; `version` (the blocks' hash) stands in for the page as the key."""
    if info.image is None:
        return None
    version = f"{info.id}-{hash(page.blocks)}"
    return _detail_jpeg(str(quire_home()), info.image, version, page, box, zoom, focus_word)


def warm_view(info: PageInfo) -> None:
    """Render a neighbour's image ahead of time so the next page switch finds it cached."""
    if info.image is not None and info.current_revision_id is not None:
        _view_jpeg_saved(str(quire_home()), info.image, info.current_revision_id, None, None)
