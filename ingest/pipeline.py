"""The ingest pipeline: sources → store → OCR (in an executor) → layout cleanup → store.

Only strings the stages together. Progress is saved page by page, so a killed run started again
finishes the volume: files already registered are skipped by checksum, pages already OCRed are
not redone, and nothing is stored twice.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from ingest import ocr, sources, spreads, uploads
from ingest.errors import InputError, MissingDependencyError, StoreConflict
from ingest.executors import PageExecutor, make_executor, open_executor
from ingest.layout import cleaned_pages
from ingest.model import MACHINE_REASONS, Metadata, Page, PageStatus, RevisionReason, SourceRef
from ingest.options import IngestOptions
from ingest.pagework import OcrResult, OcrTask, ocr_page, warm_up
from ingest.store import NewPage, PageInfo, Store, splits
from ingest.store.codec import page_to_dict

log = logging.getLogger(__name__)

#: How each stage is named to the person watching (the command line's bars, the ingest panel).
STAGE_LABELS = {"register": "Reading files", "ocr": "OCR", "clean": "Layout cleanup"}


@dataclass(frozen=True)
class Progress:
    stage: str  # register | ocr | clean
    done: int
    total: int
    message: str = ""

    @property
    def label(self) -> str:
        return STAGE_LABELS.get(self.stage, self.stage)


ProgressFn = Callable[[Progress], None]


@dataclass
class IngestReport:
    volume: str
    pages_added: int = 0
    duplicates: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # one user-facing line each
    warnings: list[str] = field(default_factory=list)
    ocr_done: int = 0
    ocr_failed: int = 0
    cleaned: int = 0
    seconds: float = 0.0
    spreads: int = 0  # images cut into two pages
    blank: int = 0  # pages found blank
    #: seconds spent on the OCRed pages, by step (`pagework.STEPS` in the workers; store in this
    #: process), wall clock and CPU, and how many pages they were summed over
    timings: dict[str, float] = field(default_factory=dict)
    cpu_timings: dict[str, float] = field(default_factory=dict)
    timed_pages: int = 0

    def time_split(self, *, cpu: bool = False) -> str:
        """Seconds per page by step, e.g. 'decode 0.02 s · preprocess 0.15 s · …' ('' if none);
        with `cpu`, CPU seconds (which a busy machine does not inflate as it does the wall clock)."""
        if not self.timed_pages:
            return ""
        split = self.cpu_timings if cpu else self.timings
        return " · ".join(f"{k} {v / self.timed_pages:.3f} s" for k, v in split.items())

    @property
    def ok(self) -> bool:
        return not self.failed and self.ocr_failed == 0


def _noop(_: Progress) -> None:
    pass


def register_file(
    store: Store, volume_id: int, path: Path, opts: IngestOptions, report: IngestReport
) -> None:
    """Add one file's pages to the volume (all or nothing), or record why it cannot be."""
    try:
        sha = sources.sha256_file(path)
        if store.has_source(volume_id, sha):
            report.duplicates.append(str(path))
            return
        kind, pages = sources.source_pages(path, password=opts.password, sha256=sha)
        new: list[NewPage] = []
        for sp in pages:
            if isinstance(sp, sources.PageFailure):
                line = f"{path}, page {sp.page_in_file}: {sp.reason}"
                report.failed.append(line)
                store.record_failed_input(volume_id, str(path), sp.reason, sp.page_in_file)
                continue
            if sp.warning:
                report.warnings.append(f"{path}, page {sp.page_in_file}: {sp.warning}")
            key = store.images.put(sp.image, sp.suffix)
            cut = None
            if sp.text_page is None:
                try:
                    cut = spreads.find_spread(sp.image, sp.width, sp.height, mode=opts.spreads)
                except InputError:
                    cut = None  # undecodable: the OCR step reports it for this page
            if cut is None:
                new.append(NewPage(sp.page_in_file, sp.kind, key, sp.dpi, sp.width, sp.height, sp.text_page))
                continue
            report.spreads += 1
            for part, region in ((1, cut.left), (2, cut.right)):
                w, h = region[2] - region[0], region[3] - region[1]
                new.append(
                    NewPage(
                        sp.page_in_file,
                        sp.kind,
                        key,
                        sp.dpi,
                        w,
                        h,
                        part=part,
                        region=region,
                        split={**cut.gutter.record(), "width": cut.right[2], "height": cut.right[3]},
                    )
                )
        if new:
            report.pages_added += store.register_source(
                volume_id,
                path=str(path),
                sha256=sha,
                size=path.stat().st_size,
                kind=kind,
                pages=new,
                author=opts.author,
            )
    except InputError as exc:
        report.failed.append(str(exc))
        store.record_failed_input(volume_id, str(path), exc.message, exc.page)
    except OSError as exc:
        msg = f"cannot be read ({exc.strerror or exc}); check permissions"
        report.failed.append(f"{path}: {msg}")
        store.record_failed_input(volume_id, str(path), msg)


def _tasks(store: Store, volume_id: int, opts: IngestOptions, *, include_failed: bool) -> Iterator[OcrTask]:
    for info in store.pending_pages(volume_id, include_failed=include_failed):
        yield OcrTask(
            page_id=info.id,
            index=info.index,
            image=store.images.get(info.source_image),
            source=SourceRef(info.source_path, info.page_in_file, info.source_sha256, info.source_kind),
            dpi=info.dpi,
            lang=opts.lang,
            timeout=opts.timeout,
            region=info.region,
            detect_script=opts.detect_script,
        )


def run_ocr(
    store: Store,
    volume_id: int,
    opts: IngestOptions,
    report: IngestReport,
    progress: ProgressFn = _noop,
    *,
    include_failed: bool = False,
    executor: PageExecutor | None = None,
) -> None:
    """OCR every pending page of the volume, storing each result as it arrives (in `executor`'s
    processes when one is given, else in an executor opened for it)."""
    pending = len(store.pending_pages(volume_id, include_failed=include_failed))
    if not pending:
        return
    done = 0
    progress(Progress("ocr", 0, pending))
    opened = nullcontext(executor) if executor is not None else open_executor(opts.jobs, opts.scheduler)
    with opened as ex:
        ex.check(ocr.check_tesseract, opts.lang)  # where the pages will be OCRed (every Dask worker)
        tasks = _tasks(store, volume_id, opts, include_failed=include_failed)
        for res in ex.map_unordered(ocr_page, tasks, on_error=_task_failed):
            _store_result(store, res, report)
            done += 1
            progress(Progress("ocr", done, pending))


def _task_failed(task: OcrTask, exc: BaseException) -> OcrResult:
    """The result of a page whose task raised in the worker, or whose workers died under it (a
    crash or lack of memory there): that page fails, named in the report, and the others go on.
    A missing Tesseract stops every page: it is raised."""
    if isinstance(exc, MissingDependencyError):
        raise exc
    what = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
    return OcrResult(
        task.page_id,
        None,
        None,
        error=f"the OCR worker failed on this page ({what}); `quire retry VOLUME` tries it again",
    )


def _store_result(store: Store, res: OcrResult, report: IngestReport) -> None:
    start, cpu = time.perf_counter(), time.process_time()
    _store(store, res, report)
    if res.timings:
        for split, steps, stored in (
            (report.timings, res.timings, time.perf_counter() - start),
            (report.cpu_timings, res.cpu, time.process_time() - cpu),
        ):
            for step, seconds in (*steps, ("store", stored)):
                split[step] = split.get(step, 0.0) + seconds
        report.timed_pages += 1


def _store(store: Store, res: OcrResult, report: IngestReport) -> None:
    if res.page is None or res.display is None:
        info = store.page_by_id(res.page_id)
        store.mark_failed(res.page_id, res.error or "unknown error")
        report.ocr_failed += 1
        report.failed.append(f"{info.source_path}, page {info.page_in_file}: {res.error}")
        return
    if res.warnings:
        info = store.page_by_id(res.page_id)
        where = f"{info.source_path}, page {info.page_in_file}" + (
            f" ({'left' if info.part == 1 else 'right'} half)" if info.part else ""
        )
        report.warnings.extend(f"{where} (scan page {info.index}): {w}" for w in res.warnings)
    key = store.images.put(res.display, res.display_suffix)
    if store.save_ocr(res.page_id, res.page, key) is not None:
        report.ocr_done += 1
        report.blank += res.page.status == PageStatus.BLANK


def clean(
    store: Store, volume_id: int, *, author: str = "quire", lang: str = "eng", progress: ProgressFn = _noop
) -> tuple[int, Counter[str]]:
    """Run layout cleanup over the volume; store a `cleanup` revision on every page whose current
    revision was machine-made and whose cleaned content differs. Human corrections are never
    overwritten (they are still read, as context for their neighbours). Returns (pages changed,
    decisions by kind on those pages)."""
    infos = [i for i in store.pages(volume_id) if i.current_revision_id is not None]
    if not infos:
        return 0, Counter()
    progress(Progress("clean", 0, len(infos)))
    currents: list[tuple[int, str]] = []  # (revision id, reason): the pages are read again below

    def inputs() -> Iterator[Page]:
        # one page read at a time as cleanup takes it: a list of them would stay beside the work
        for info in infos:
            revs = store.revisions(info.id)
            cur = revs[-1]
            currents.append((cur.id, cur.reason))
            # machine pages are cleaned from their latest raw OCR/text layer (a page OCRed again
            # after its spread's cut moved has two), so re-running is idempotent
            raw = next(
                (r for r in reversed(revs) if r.reason in (RevisionReason.OCR, RevisionReason.TEXT_LAYER)),
                revs[0],
            )
            yield raw.page if cur.reason in MACHINE_REASONS else cur.page

    changed = 0
    kinds: Counter[str] = Counter()
    images = page_images(store, infos)
    # each cleaned page is compared and stored as it comes, then let go of
    cleaned = cleaned_pages(inputs(), lang=lang, images=images)
    for k, (info, new) in enumerate(zip(infos, cleaned, strict=True)):
        cur_id, reason = currents[k]
        if reason not in MACHINE_REASONS:
            continue
        cur = store.revision(cur_id)
        if page_to_dict(new) == page_to_dict(cur.page):
            continue
        try:
            store.save_revision(info.id, new, author=author, reason=RevisionReason.CLEANUP, base_id=cur.id)
        except StoreConflict:
            continue  # someone edited it meanwhile: their work wins
        changed += 1
        kinds.update(d.kind for d in new.decisions)
    progress(Progress("clean", len(infos), len(infos)))
    return changed, kinds


def page_images(store: Store, infos: Sequence[PageInfo]) -> Callable[[int], np.ndarray | None]:
    """The stored image of a page (by scan index) as cleanup may look at it (`layout.lostcalls`):
    grey, in the coordinates of the page's words. None when the page has no image or its file
    cannot be read (then cleanup goes without it: the page keeps what OCR read)."""
    keys = {i.index: i.image for i in infos}

    def image(index: int) -> np.ndarray | None:
        key = keys.get(index)
        if key is None:
            return None
        path = store.images.path(key)
        gray = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE) if path.is_file() else None
        if gray is None:
            log.warning("page %s: its image %s cannot be read: lost note calls not looked for", index, path)
        return gray

    return image


def ingest_paths(
    store: Store,
    paths: Sequence[Path],
    opts: IngestOptions,
    progress: ProgressFn = _noop,
    *,
    within: Sequence[Path] | None = None,
) -> IngestReport:
    """Ingest files and folders into `opts.volume`; resumes a killed run of the same volume.
    With `within`, files of the folders that lie (links followed) outside those roots are left
    out without a word (the review server's folder ingest)."""
    start = time.perf_counter()
    if not opts.scheduler:  # on a cluster the workers run Tesseract; run_ocr checks them
        ocr.check_tesseract(opts.lang)
    # a new volume's language is the one it is read in (exports tag their text with it: TEI xml:lang,
    # METS, PDF, EPUB); an existing volume keeps what it has (`quire meta --language` changes it)
    new_meta = Metadata(title=opts.title or opts.volume, language=opts.lang)
    vol = store.ensure_volume(opts.volume, opts.title, metadata=new_meta)
    report = IngestReport(volume=vol.name)
    files, missing = sources.expand_paths(list(paths))
    if within is not None:
        files = [f for f in files if uploads.within(f, within)]
    for p, why in missing:
        report.failed.append(f"{p}: {why}")
        store.record_failed_input(vol.id, str(p), why)
    with ExitStack() as stack:
        pool = None
        if files:
            # the workers (local processes, or the cluster's) start and load Tesseract while the
            # files are registered, so the OCR stage does not wait for them
            pool = make_executor(opts.jobs, opts.scheduler)
            stack.callback(pool.close)
            pool.warm(warm_up, opts.lang)
        for n, f in enumerate(files, start=1):
            progress(Progress("register", n - 1, len(files), str(f)))
            register_file(store, vol.id, f, opts, report)
        progress(Progress("register", len(files), len(files)))
        run_ocr(store, vol.id, opts, report, progress, executor=pool)
    if opts.clean:
        report.cleaned, _ = clean(store, vol.id, author=opts.author, lang=opts.lang, progress=progress)
    report.seconds = time.perf_counter() - start
    return report


def retry_failed(store: Store, opts: IngestOptions, progress: ProgressFn = _noop) -> IngestReport:
    """OCR the volume's failed pages again (and any left pending), then clean up."""
    if not opts.scheduler:
        ocr.check_tesseract(opts.lang)
    vol = store.volume(opts.volume)
    report = IngestReport(volume=vol.name)
    store.reset_failed(vol.id)
    run_ocr(store, vol.id, opts, report, progress)
    if opts.clean:
        report.cleaned, _ = clean(store, vol.id, author=opts.author, lang=opts.lang, progress=progress)
    return report


def change_split(
    store: Store,
    page_id: int,
    *,
    cut: int | None,
    author: str,
    lang: str = "eng",
    progress: ProgressFn = _noop,
) -> IngestReport:
    """Move the cut of the spread `page_id` belongs to (`cut`: a column of the image as shown), or
    undo the split (`cut=None`); the pages concerned are OCRed again here, then the volume is
    cleaned up (labels and paragraphs flow across the changed pages)."""
    info = store.page_by_id(page_id)
    ocr.check_tesseract(lang)
    if cut is None:
        ids = [splits.undo_split(store, page_id, author=author)]
    else:
        ids = splits.move_cut(store, page_id, cut, author=author)
    vol = next(v for v in store.volumes() if v.id == info.volume_id)
    report = IngestReport(volume=vol.name)
    opts = IngestOptions.build(volume=vol.name, lang=lang, jobs=1, author=author)
    tasks = [t for t in _tasks(store, vol.id, opts, include_failed=False) if t.page_id in ids]
    for n, task in enumerate(tasks):
        progress(Progress("ocr", n, len(tasks)))
        _store_result(store, ocr_page(task), report)
    report.cleaned, _ = clean(store, vol.id, author=author, lang=lang, progress=progress)
    return report
