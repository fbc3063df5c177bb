"""Where page tasks run: a local process pool by default, a Dask distributed cluster on request.

The pipeline sees one seam: `open_executor(jobs, scheduler)` gives an object with `workers`,
`warm(fn, *args)`, `map_unordered(fn, tasks, on_error)` and `close()`. `map_unordered` yields
results as they finish while keeping at most `window` tasks in flight, pulling the next task from
`tasks` only when one is done, so a volume of any length never sits in memory (neither here nor on
the cluster).

A task that raises (on a cluster: after its retries), or whose workers kept dying under it
(locally: whose worker died again when the task ran alone), is handed to `on_error(task, exc)`,
whose result is yielded in its place: one page that breaks a worker fails that page, named, and
the others go on. Without `on_error` the error is raised.
A task whose worker dies is rerun on another worker by the scheduler; the pipeline's store writes
are idempotent, so a page finished twice is stored once. If this process dies, the scheduler
drops its tasks with the connection; running the same command again picks up the pages still
pending in the store.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import (
    FIRST_COMPLETED,
    BrokenExecutor,
    CancelledError,
    Future,
    ProcessPoolExecutor,
    wait,
)
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

from ingest.errors import ExitCode, QuireError

T = TypeVar("T")
R = TypeVar("R")

#: Tasks in flight per worker slot: one running, one queued so the slot never waits for us.
WINDOW_PER_WORKER = 2
#: Seconds between looks at how many worker threads a Dask cluster has (workers come and go).
WINDOW_REFRESH = 10.0
#: How long to wait for the scheduler to have at least one worker. (How long to wait for the
#: scheduler itself is Dask's `distributed.comm.timeouts.connect`, 30 s unless configured, e.g. by
#: DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=60s.)
WORKER_WAIT = 60.0
#: Environment every OCR process gets: Tesseract single-threaded, parallelism comes from processes.
WORKER_ENV = {"OMP_THREAD_LIMIT": "1"}


class ClusterError(QuireError):
    """The Dask cluster cannot be used: scheduler unreachable, no workers, tasks killing workers."""

    exit_code = ExitCode.MISSING_DEPENDENCY


class PageExecutor(Protocol):
    workers: int

    def map_unordered(
        self,
        fn: Callable[[T], R],
        tasks: Iterable[T],
        on_error: Callable[[T, BaseException], R] | None = None,
    ) -> Iterator[R]: ...

    def warm(self, fn: Callable[..., object], *args: object) -> None: ...

    def check(self, fn: Callable[..., object], *args: object) -> None: ...

    def close(self) -> None: ...


def _init_worker(coordinator: int | None = None) -> None:
    os.environ.update(WORKER_ENV)
    if coordinator is not None:
        _exit_with(coordinator)


#: How often a pool worker checks that the process that started it is still there (seconds).
COORDINATOR_POLL = 2.0


def _exit_with(pid: int) -> None:
    """End this worker when `pid` is gone: a coordinator killed with SIGKILL cannot shut its pool
    down, and forkserver workers would otherwise wait for work forever (seen: orphans of 200 MB)."""

    def watch() -> None:
        while True:
            time.sleep(COORDINATOR_POLL)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:  # pid reused by another user's process: ours is gone
                os._exit(0)

    threading.Thread(target=watch, name="quire-coordinator-watch", daemon=True).start()


#: glibc `mallopt` parameters, and the sizes Dask workers get (see `_undo_eager_trim`).
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
WORKER_MALLOC_THRESHOLD = 64 << 20


def _undo_eager_trim() -> None:
    """Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, which also stops glibc from
    raising its mmap threshold: every page image array (~13 MB, dozens per page) is then mmapped
    and faulted in afresh, which cost ~0.1 s of system CPU per page here (measured), on top of the
    same work in the local pool. Reuse freed memory instead (up to 64 MB kept back)."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, WORKER_MALLOC_THRESHOLD)
        libc.mallopt(M_TRIM_THRESHOLD, WORKER_MALLOC_THRESHOLD)
    except (OSError, AttributeError):  # not glibc: nothing to undo
        pass


class WorkerDied(RuntimeError):
    """A local worker process died (a crash in Tesseract or a library, or the system's out-of-memory
    killer) while running this task, and again when the task ran alone."""


class LocalExecutor:
    """A process pool on this machine (`jobs` processes).

    A worker that dies outright breaks a process pool: every task in flight fails with it, and
    which one killed it is not known. The pool is then replaced and each task that was in flight
    runs again alone, one at a time: one that kills its worker again is the culprit and goes to
    `on_error` as `WorkerDied`; the others' results come as usual and the run goes on."""

    def __init__(self, jobs: int, window: int | None = None) -> None:
        self.workers = jobs
        self.window = window or jobs * WINDOW_PER_WORKER
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        # forkserver: children do not inherit the parent's open database connections or threads
        ctx = multiprocessing.get_context("forkserver")
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=ctx, initializer=_init_worker, initargs=(os.getpid(),)
        )

    def _replace_pool(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = self._new_pool()

    def map_unordered(
        self,
        fn: Callable[[T], R],
        tasks: Iterable[T],
        on_error: Callable[[T, BaseException], R] | None = None,
    ) -> Iterator[R]:
        it = iter(tasks)
        pending: dict[Future[R], T] = {}

        def submit_next() -> None:
            for task in it:
                pending[self._pool.submit(fn, task)] = task
                return

        def outcome(task: T, fut: Future[R]) -> R:
            try:
                return fut.result()
            except Exception as exc:
                if on_error is None:
                    raise
                return on_error(task, exc)

        for _ in range(self.window):
            submit_next()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            if any(isinstance(fut.exception(), BrokenExecutor) for fut in done):
                # the pool is gone: what finished before the break stands, the rest runs alone
                finished, suspects = [], []
                for fut, task in pending.items():
                    if fut.done() and not isinstance(fut.exception(), BrokenExecutor):
                        finished.append((task, fut))
                    else:
                        suspects.append(task)
                pending.clear()
                for task, fut in finished:
                    yield outcome(task, fut)
                self._replace_pool()
                for task in suspects:
                    yield self._run_alone(fn, task, on_error)
                for _ in range(self.window):
                    submit_next()
                continue
            for fut in done:
                task = pending.pop(fut)
                submit_next()
                yield outcome(task, fut)

    def _run_alone(
        self, fn: Callable[[T], R], task: T, on_error: Callable[[T, BaseException], R] | None
    ) -> R:
        fut = self._pool.submit(fn, task)
        try:
            return fut.result()
        except BrokenExecutor as exc:
            self._replace_pool()
            died = WorkerDied(
                "the worker process died while running it (a crash, or the system ran out of memory)"
            )
            if on_error is None:
                raise died from exc
            return on_error(task, died)
        except Exception as exc:
            if on_error is None:
                raise
            return on_error(task, exc)

    def warm(self, fn: Callable[..., object], *args: object) -> None:
        """Start the worker processes now and run `fn(*args)` in them (not waited for, errors
        dropped: the page tasks report them), e.g. to load Tesseract while files are registered."""
        for _ in range(self.workers):
            self._pool.submit(fn, *args)

    def check(self, fn: Callable[..., object], *args: object) -> None:
        """Run `fn(*args)` where the tasks will run (here: this machine) and let its error through,
        e.g. `check(ocr.check_tesseract, "eng")` before sending any page."""
        fn(*args)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class _WorkerEnv:
    """Dask worker plugin: sets `WORKER_ENV` in every worker process, including workers that join
    (or are restarted by their nanny) after the client connected (Tesseract runs as a child process
    of the worker and inherits it), and gives the worker the local pool's memory allocator habits."""

    name = "quire-worker-env"
    idempotent = True

    def setup(self, worker: Any) -> None:
        _init_worker()
        if os.environ.get("MALLOC_TRIM_THRESHOLD_"):
            _undo_eager_trim()

    def teardown(self, worker: Any) -> None:
        pass

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        pass


class DaskExecutor:
    """Tasks on a Dask distributed cluster. Page bytes travel inside each task (not scattered), so
    the scheduler can rerun a task whose worker died: the data does not die with the worker."""

    def __init__(
        self, address: str, window: int | None = None, retries: int = 2, worker_wait: float = WORKER_WAIT
    ) -> None:
        import dask
        from distributed import Client, WorkerPlugin

        self.address = address
        try:
            # no log of recent messages: each page task sent is a message carrying its image, and
            # the log kept the last 1,000 of them in this process (0.7 MB a page, measured)
            with dask.config.set({"distributed.admin.low-level-log-length": 0}):
                self._client = Client(address, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(
                f"cannot reach the Dask scheduler at {address} ({exc}); start it with `dask scheduler` "
                "and check --scheduler / QUIRE_SCHEDULER"
            ) from exc
        try:
            self._client.wait_for_workers(1, timeout=worker_wait)
        except TimeoutError as exc:
            self._client.close()
            raise ClusterError(
                f"the Dask scheduler at {address} has no workers after {worker_wait:.0f} s; "
                f"start some with `dask worker {address}`"
            ) from exc
        plugin = type("QuireWorkerEnv", (_WorkerEnv, WorkerPlugin), {})()
        self._client.register_plugin(plugin)
        self._fixed_window = window
        self.retries = retries  # for exceptions raised by a task; a dead worker is Dask's concern
        self._warming: list[Any] = []  # futures of `warm`, held so the scheduler runs them
        self._size_window()

    def _size_window(self) -> None:
        """Fit the window to the worker threads the cluster has now."""
        self.workers = max(1, sum(self._client.nthreads().values()))
        self.window = self._fixed_window or self.workers * WINDOW_PER_WORKER + 2

    def warm(self, fn: Callable[..., object], *args: object) -> None:
        """Run `fn(*args)` once in each worker thread of the cluster now (not waited for, errors
        dropped: the page tasks report them), e.g. to load Tesseract while files are registered.
        Tasks, not `Client.run`: a worker runs tasks in its own threads, not in its event loop."""
        for address, threads in self._client.nthreads().items():
            self._warming += [
                self._client.submit(fn, *args, workers=[address], allow_other_workers=False, pure=False)
                for _ in range(threads)
            ]

    def map_unordered(
        self,
        fn: Callable[[T], R],
        tasks: Iterable[T],
        on_error: Callable[[T, BaseException], R] | None = None,
    ) -> Iterator[R]:
        from distributed import as_completed
        from distributed.scheduler import KilledWorker

        it = iter(tasks)
        ac: Any = as_completed(loop=self._client.loop)
        of: dict[Any, T] = {}  # future key -> its task, while in flight
        exhausted = False

        def top_up() -> None:
            nonlocal exhausted
            while not exhausted and ac.count() < self.window:
                for task in it:
                    fut = self._client.submit(fn, task, pure=False, retries=self.retries)
                    of[fut.key] = task
                    ac.add(fut)
                    break
                else:
                    exhausted = True

        top_up()
        sized = time.monotonic()
        for fut in ac:
            task = of.pop(fut.key)
            try:
                result = fut.result()
            except CancelledError as exc:  # the scheduler went away (or cancelled our tasks)
                raise ClusterError(
                    f"lost the Dask scheduler at {self.address} ({exc}); pages done so far are stored: "
                    "restart it and run the same command again"
                ) from exc
            except KilledWorker as exc:
                if on_error is None:
                    raise ClusterError(
                        f"a page task was running on each of several workers that died ({exc}); the "
                        "workers may be short of memory. Pages done so far are stored; run the same "
                        "command again"
                    ) from exc
                result = on_error(task, exc)
            except Exception as exc:
                if on_error is None:
                    raise
                result = on_error(task, exc)
            fut.release()
            self._warming.clear()
            if time.monotonic() - sized > WINDOW_REFRESH:
                self._size_window()
                sized = time.monotonic()
            top_up()
            yield result

    def check(self, fn: Callable[..., object], *args: object) -> None:
        """Run `fn(*args)` on every worker now connected; the first worker's error is raised here
        (e.g. `check(ocr.check_tesseract, "eng+deu")`: a worker lacking a language pack)."""
        self._client.run(fn, *args)

    def close(self) -> None:
        self._client.close()


def make_executor(jobs: int, scheduler: str | None = None) -> LocalExecutor | DaskExecutor:
    return DaskExecutor(scheduler) if scheduler else LocalExecutor(jobs)


@contextmanager
def open_executor(jobs: int, scheduler: str | None = None) -> Iterator[PageExecutor]:
    """A Dask executor when `scheduler` (an address such as tcp://host:8786) is given, else a local
    pool of `jobs` processes; closed on leaving the block."""
    ex = make_executor(jobs, scheduler)
    try:
        yield ex
    finally:
        ex.close()
