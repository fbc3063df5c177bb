"""The store and cached reads for the views: one Store per process, pages cached by revision id,
page images as display copies on disk (`ui.view_cache`). Nothing cached here is per-user; what
a user may see is checked before it is handed out."""

from __future__ import annotations

import atexit
import functools
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import streamlit as st
from PIL import Image

from ingest import review
from ingest.errors import NotFoundError
from ingest.model import BBox, Page, Word
from ingest.review import User, quality
from ingest.store import PageInfo, Store
from ingest.store.db import quire_home
from ui import view_cache
from ui.components import page_image
from ui.view_cache import ViewCache

log = logging.getLogger("quire.server")

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


@functools.lru_cache(maxsize=4096)
def _revision(home: str, revision_id: int) -> Page:
    """A revision's page; revisions never change, so the id is the whole cache key. Shared, not
    copied: the Page is frozen, so sharing it is safe and saves unpickling a copy on every rerun
    (10 ms for a full page). A plain LRU (thread-safe), so the background warm-up can fill it."""
    return _store(home).revision(revision_id).page


#: How old the page rows kept for a volume may be (s) before they are read again.
PAGES_FRESH_S = 2.0
_kept: dict[tuple[str, int], tuple[float, list[PageInfo]]] = {}  # (home, volume) -> (read at, rows)
_kept_lock = threading.Lock()
_generation = 0  # bumped by pages_changed(): rows read before it are not kept
_rereading: set[tuple[str, int]] = set()  # volumes whose rows are being read in the background


def _read_pages(home: str, volume_id: int) -> list[PageInfo]:
    with _kept_lock:
        generation = _generation
    rows = _store(home).pages(volume_id)
    with _kept_lock:
        if generation == _generation:  # no write since the read began: keep them
            _kept[(home, volume_id)] = (time.monotonic(), rows)
            while len(_kept) > 64:
                del _kept[next(iter(_kept))]
    return rows


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


def volume_pages(volume_id: int, *, reread_later: bool = False) -> list[PageInfo]:
    """The volume's page rows, at most 2 s old (others' saves show up within that); call
    `pages_changed()` after writing so one's own changes show at once.

    `reread_later` (the review screen's page turn): the rows kept serve whatever their age, and
    `reread_if_old`, called at the end of the run, reads them again in the background when they
    are over 2 s old, so a page turn does not wait for a 500-page volume's rows (13 ms of CPU,
    the largest read of the run); the page on screen is read by itself (`page_now`)."""
    home = str(quire_home())
    with _kept_lock:
        kept = _kept.get((home, volume_id))
    if kept is not None and (reread_later or time.monotonic() - kept[0] <= PAGES_FRESH_S):
        return kept[1]
    return _read_pages(home, volume_id)


def reread_if_old(volume_id: int) -> None:
    """Read the volume's page rows again in the background if those kept are over 2 s old."""
    home = str(quire_home())
    with _kept_lock:
        kept = _kept.get((home, volume_id))
        if kept is not None and time.monotonic() - kept[0] <= PAGES_FRESH_S:
            return
        if (home, volume_id) in _rereading:
            return
        _rereading.add((home, volume_id))
    _warmer.submit(_reread, home, volume_id)


def _reread(home: str, volume_id: int) -> None:
    try:
        _read_pages(home, volume_id)
    except Exception as exc:  # noqa: BLE001 - the next run reads them itself and reports it
        log.info("reading the page rows of volume %s failed: %s", volume_id, exc)
    finally:
        with _kept_lock:
            _rereading.discard((home, volume_id))


def page_now(info: PageInfo) -> PageInfo:
    """`info`'s row as the store has it now (one row: someone's save since shows at once); `info`
    itself if the page is gone (the next read of the volume's rows drops it)."""
    try:
        return store().page_by_id(info.id)
    except NotFoundError:
        return info


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
    """Forget the page rows kept (a write: the next read of a volume's rows is fresh)."""
    global _generation
    with _kept_lock:
        _generation += 1
        _kept.clear()


def page_of(revision_id: int) -> Page:
    return _revision(str(quire_home()), revision_id)


#: Widest drawing of a magnified page (the display images are about this wide at 300 dpi).
ZOOM_WIDTH_MAX = 2000


def view_width(info: PageInfo, zoom: float) -> int:
    """How wide to draw the page: the pane's width at 1×, up to full resolution when magnified."""
    if zoom <= 1:
        return VIEW_WIDTH
    return max(VIEW_WIDTH, min(ZOOM_WIDTH_MAX, info.width or VIEW_WIDTH, round(VIEW_WIDTH * zoom)))


@functools.lru_cache(maxsize=8)
def _view_cache(home: str) -> ViewCache:
    """The store's folder of display copies (one per store and process, so its size is counted once)."""
    return ViewCache(_store(home).home / "cache" / "view", view_cache.max_bytes_from_env())


@functools.lru_cache(maxsize=64)
def _base(home: str, image_key: str, width: int) -> Image.Image:
    """The downscaled page image, decoded (for line strips; never mutated: drawing works on copies)."""
    return _view_cache(home).open(_store(home).images.path(image_key), width)


def view_image(info: PageInfo, user: User | None, zoom: float = 1.0) -> bytes | None:
    """The bytes of `info`'s page image as the page view shows it at `zoom` (the display copy,
    drawn once and then read from disk); None when the page has no image or it cannot be read
    (logged with the page and the file). Only for a user allowed to review pages."""
    if info.image is None:
        return None
    review.require(user, "review")
    home = str(quire_home())
    path = _store(home).images.path(info.image)
    width = view_width(info, zoom)
    with _inflight_lock:
        pending = _inflight.get((home, info.image, width, True))
    if pending is not None:  # the server is drawing this very copy: wait for it, not draw it twice
        pending.result()
    # a copy being drawn ahead is not waited for: its process may be waiting for the CPU (it
    # has the lowest priority), so a copy asked for before it is done is drawn here
    try:
        return _view_cache(home).read(path, width)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        log.warning("page %s: its image %s cannot be shown: %s", info.index, path, exc)
        return None


def view_address(info: PageInfo, user: User | None, zoom: float = 1.0) -> str | None:
    """Where the browser fetches `info`'s page image at `zoom` for this session
    (`ui.image_route`, which draws or reads the display copy when asked); None when the page has
    no image or its file is gone (logged with the page and the file). Only for a user allowed
    to review pages."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    from ui import image_route

    if info.image is None:
        return None
    review.require(user, "review")
    path = _store(str(quire_home())).images.path(info.image)
    if not path.is_file():
        log.warning("page %s: its image %s cannot be shown: the file is missing", info.index, path)
        return None
    ctx = get_script_run_ctx()
    return image_route.address(ctx.session_id if ctx is not None else "-", info, zoom)


def view_size(info: PageInfo, zoom: float = 1.0) -> tuple[int, int] | None:
    """The pixel size of `info`'s display copy at `zoom` (as `view_cache.scaled` draws it)."""
    if not info.width or not info.height:
        return None
    width = view_width(info, zoom)
    return width, max(1, round(info.height * width / info.width))


#: The page shown: its copy drawn in this thread while the run goes on.
_warmer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quire-warm")
#: The pages around it (drawn ahead): their copies drawn by `_drawer`, at the lowest priority.
_ahead = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quire-ahead")
_drawer = view_cache.Drawer()
atexit.register(_drawer.close)
#: (home, image key, width, urgent) -> the warm-up drawing that copy
_inflight: dict[tuple[str, str, int, bool], Future[None]] = {}
_inflight_lock = threading.Lock()


def warm(info: PageInfo, zoom: float = 1.0, *, ahead: bool = False) -> None:
    """Draw `info`'s display copy in the background (once, whoever asks) and read its saved
    revision into the cache, so that opening the page finds both ready.

    The page being opened (`ahead` False) is drawn at once in a thread of the server (if a
    drawing ahead of it is under way, that one may be waiting for the CPU: it is not waited
    for). A page drawn ahead of the corrector (the next, the one after, the one before) is
    drawn by a process at the lowest priority (`view_cache.Drawer`), so that it takes no CPU
    the page being opened and the browser drawing it could use."""
    if info.image is None:
        return
    home = str(quire_home())
    width = view_width(info, zoom)
    key = (home, info.image, width, not ahead)
    with _inflight_lock:
        if key in _inflight or (ahead and (home, info.image, width, True) in _inflight):
            return
        pool = _ahead if ahead else _warmer
        _inflight[key] = pool.submit(_warm, key, info.current_revision_id)


def _warm(key: tuple[str, str, int, bool], revision_id: int | None) -> None:
    home, image_key, width, urgent = key
    try:
        _view_cache(home).get(_store(home).images.path(image_key), width, None if urgent else _drawer)
        if revision_id is not None:
            _revision(home, revision_id)
    except Exception as exc:  # noqa: BLE001 - a warm-up only; the view reports it when it opens the page
        log.info("warming %s at %s px failed: %s", image_key, width, exc)
    finally:
        with _inflight_lock:
            _inflight.pop(key, None)


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
