"""Where page tasks run: a local process pool by default, a Dask distributed cluster on request.

The pipeline sees one seam: `open_executor(...)` gives an object with `map_unordered(fn, tasks)`,
which yields results as they finish while keeping at most `window` tasks in flight, so a volume of
any length never sits in memory.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class PageExecutor(Protocol):
    workers: int

    def map_unordered(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]: ...


def _init_worker() -> None:
    # One Tesseract thread per process: the pool provides the parallelism.
    os.environ["OMP_THREAD_LIMIT"] = "1"


class LocalExecutor:
    """A process pool on this machine."""

    def __init__(self, jobs: int, window: int | None = None) -> None:
        self.workers = jobs
        self.window = window or jobs * 2
        ctx = multiprocessing.get_context("forkserver")
        self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker)

    def map_unordered(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        it = iter(tasks)
        pending: set[Future[R]] = set()
        for task in it:
            pending.add(self._pool.submit(fn, task))
            if len(pending) >= self.window:
                break
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                nxt = next(it, None)
                if nxt is not None:
                    pending.add(self._pool.submit(fn, nxt))
                yield fut.result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Tasks on a Dask distributed cluster. A task whose worker dies is rerun elsewhere by the
    scheduler (`retries`); page bytes travel with the task."""

    def __init__(self, address: str, window: int | None = None, retries: int = 3) -> None:
        from distributed import Client

        self._client = Client(address, timeout="30s")
        info = self._client.scheduler_info()
        self.workers = max(1, sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values()))
        self.window = window or self.workers * 2 + 2
        self.retries = retries

    def map_unordered(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        from distributed import as_completed

        it = iter(tasks)
        ac: Any = as_completed()
        inflight = 0
        for task in it:
            ac.add(self._client.submit(fn, task, pure=False, retries=self.retries))
            inflight += 1
            if inflight >= self.window:
                break
        for fut in ac:
            result = fut.result()
            fut.release()
            nxt = next(it, None)
            if nxt is not None:
                ac.add(self._client.submit(fn, nxt, pure=False, retries=self.retries))
            yield result

    def close(self) -> None:
        self._client.close()


@contextmanager
def open_executor(jobs: int, scheduler: str | None = None) -> Iterator[PageExecutor]:
    ex: LocalExecutor | DaskExecutor = DaskExecutor(scheduler) if scheduler else LocalExecutor(jobs)
    try:
        yield ex
    finally:
        ex.close()
