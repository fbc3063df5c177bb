"""The store and cached reads for the views: one Store per process, pages cached by revision id,
page images cached by (image, width, revision, focus). Nothing here is per-user."""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import streamlit as st
from PIL import Image

from ingest import review
from ingest.model import BBox, Page, Word
from ingest.review import quality
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


@st.cache_resource(show_spinner=False)
def sign_in_throttle() -> review.SignInThrottle:
    """One throttle for the whole server: failed sign-ins from every session count together."""
    return review.SignInThrottle()


@st.cache_resource(show_spinner=False, max_entries=4096)
def revision_page(home: str, revision_id: int) -> Page:
    """A revision's page; revisions never change, so the id is the whole cache key. A resource
    cache, not cache_data: the Page is frozen, so sharing it is safe and saves unpickling a copy
    on every rerun (10 ms for a full page)."""
    return _store(home).revision(revision_id).page


@st.cache_resource(show_spinner=False, ttl=2, max_entries=64)
def _volume_pages(home: str, volume_id: int) -> list[PageInfo]:
    return _store(home).pages(volume_id)


def volume_names_or_stop(open_page: Callable[[str, int], None], current: str | None) -> list[str]:
    """The volumes' names; stops the view with a notice when there are none, and opens the first
    volume when the session's volume is not (or no longer) one of them."""
    names = [v.name for v in store().volumes()]
    if not names:
        st.info("No volumes yet.")
        st.stop()
    if current not in names:
        open_page(names[0], 1)
    return names


def choose_volume(key: str, open_page: Callable[[str, int], None], current: str | None) -> str:
    """The volume selector at the head of a view: the session's volume (the first when it has
    none or it is gone); choosing another opens its first page. Stops the view when there are
    no volumes."""
    names = volume_names_or_stop(open_page, current)
    current = current if current in names else names[0]  # volume_names_or_stop opened it
    chosen = st.selectbox("Volume", names, index=names.index(current), key=key)
    name = chosen if chosen is not None else current
    if name != current:
        open_page(name, 1)
    return name


def volume_pages(volume_id: int) -> list[PageInfo]:
    """The volume's page rows, at most 2 s old (others' saves show up within that); call
    `pages_changed()` after writing so one's own changes show at once."""
    return _volume_pages(str(quire_home()), volume_id)


@st.cache_resource(show_spinner=False, max_entries=20000)
def _page_quality(home: str, page_id: int, revision_id: int, status: str) -> quality.PageQuality:
    """One page's quality record; a page's revisions up to `revision_id` never change."""
    revisions = _store(home).revisions(page_id)
    return quality.page_quality(revisions, status=status, lang=quality.page_lang(revisions[0].page))


def volume_quality(volume_id: int) -> list[quality.PageQuality]:
    """Every OCRed page's quality record, recomputed only for pages changed since last asked."""
    home = str(quire_home())
    return [
        _page_quality(home, p.id, p.current_revision_id, p.status.value)
        for p in volume_pages(volume_id)
        if p.current_revision_id is not None
    ]


def pages_changed() -> None:
    _volume_pages.clear()


def page_of(revision_id: int) -> Page:
    return revision_page(str(quire_home()), revision_id)


#: Widest drawing of a magnified page (the display images are about this wide at 300 dpi).
ZOOM_WIDTH_MAX = 2000


def view_width(info: PageInfo, zoom: float) -> int:
    """How wide to draw the page: the pane's width at 1×, up to full resolution when magnified."""
    if zoom <= 1:
        return VIEW_WIDTH
    return max(VIEW_WIDTH, min(ZOOM_WIDTH_MAX, info.width or VIEW_WIDTH, round(VIEW_WIDTH * zoom)))


@functools.lru_cache(maxsize=64)
def _base(home: str, image_key: str, width: int) -> Image.Image:
    """The downscaled page image (never mutated: drawing works on copies)."""
    s = _store(home)
    return page_image.display_base(s.images.path(image_key), width, s.home / "cache" / "view")


def _render(
    home: str, image_key: str, width: int, page: Page | None, focus_word: str | None, focus_block: str | None
) -> bytes:
    base = _base(home, image_key, width)
    if page is None:
        return page_image.jpeg(base)
    return page_image.jpeg(page_image.shaded(base, page, focus_word=focus_word, focus_block=focus_block))


_RenderKey = tuple[str, str, int, int, str | None, str | None]
_rendered: OrderedDict[_RenderKey, bytes] = OrderedDict()
_rendered_lock = threading.Lock()
_warmer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quire-warm")
_inflight: dict[_RenderKey, Future[None]] = {}
RENDERED_MAX = 256


def _view_jpeg_saved(
    home: str, image_key: str, width: int, revision_id: int, focus_word: str | None, focus_block: str | None
) -> bytes:
    """Rendered views of saved revisions, in a plain LRU (not st.cache_data) so that the
    background warmer thread can fill it outside a script run."""
    key = (home, image_key, width, revision_id, focus_word, focus_block)
    with _rendered_lock:
        if key in _rendered:
            _rendered.move_to_end(key)
            return _rendered[key]
        warming = threading.current_thread().name.startswith("quire-warm")
        pending = None if warming else _inflight.get(key)
    if pending is not None:  # the warmer is drawing this very image: wait for it
        pending.result()
        with _rendered_lock:
            if key in _rendered:
                return _rendered[key]
    out = _render(home, image_key, width, _store(home).revision(revision_id).page, focus_word, focus_block)
    with _rendered_lock:
        _rendered[key] = out
        while len(_rendered) > RENDERED_MAX:
            _rendered.popitem(last=False)
    return out


def view_jpeg(
    info: PageInfo,
    page: Page | None,
    *,
    edited: bool,
    focus_word: str | None = None,
    focus_block: str | None = None,
    zoom: float = 1.0,
) -> bytes | None:
    """The page image with shaded word boxes, drawn `view_width` wide: cached by revision id for
    a saved page; an edited page (a draft) is drawn afresh, on the cached downscaled image."""
    if info.image is None:
        return None
    home = str(quire_home())
    width = view_width(info, zoom)
    if page is not None and not edited and info.current_revision_id is not None:
        return _view_jpeg_saved(home, info.image, width, info.current_revision_id, focus_word, focus_block)
    return _render(home, info.image, width, page, focus_word, focus_block)


def warm_view(info: PageInfo, zoom: float = 1.0) -> None:
    """Render a neighbour's image in a background thread, so the next page switch finds it (or
    waits for the render already under way instead of drawing the same image twice)."""
    if info.image is None or info.current_revision_id is None:
        return
    args = (str(quire_home()), info.image, view_width(info, zoom), info.current_revision_id, None, None)
    with _rendered_lock:
        if args in _rendered or args in _inflight:
            return
        _inflight[args] = _warmer.submit(_warm, args)


def _warm(args: _RenderKey) -> None:
    try:
        _view_jpeg_saved(*args)
    finally:
        with _rendered_lock:
            _inflight.pop(args, None)


@functools.lru_cache(maxsize=2048)
def _strip_jpeg(
    home: str,
    image_key: str,
    width: int,
    page_width: int,
    box: BBox,
    words: tuple[tuple[str, Word], ...],
    focus: str | None,
) -> bytes:
    """A line strip, cached by what it shows (the region and the words drawn in it), so that an
    edit redraws only the strips of the line it changed."""
    base = _base(home, image_key, width)
    return page_image.jpeg(page_image.line_strip(base, page_width, box, words, focus_word=focus), 82)


def line_strip(info: PageInfo, page: Page, row: review.LineRow, *, focus_word: str | None) -> bytes | None:
    """The image strip shown above a line of `page` (saved or being edited)."""
    if info.image is None:
        return None
    focus = focus_word if review.line_of_word(focus_word) == row.id else None
    width = min(page_image.STRIP_BASE_WIDTH, max(VIEW_WIDTH, page.width or VIEW_WIDTH))
    words = page_image.strip_words(page, row.strip)
    return _strip_jpeg(str(quire_home()), info.image, width, page.width, row.strip, words, focus)
