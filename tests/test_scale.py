"""Memory stays flat in the length of a volume: both executors pull a task only when one in flight
has finished, so at most `window` tasks are in flight plus the one result being stored (the next
task is sent before a result is handed over, so workers never wait for the store); the Dask window
follows the cluster as workers join."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import pytest

from ingest import executors
from ingest.executors import LocalExecutor, open_executor


class CountingTasks:
    """Tasks 0..n-1 that record the most ever taken but not yet returned."""

    def __init__(self, n: int) -> None:
        self.n, self.taken, self.returned, self.most_out = n, 0, 0, 0

    def __iter__(self) -> Iterator[int]:
        for i in range(self.n):
            self.taken += 1
            self.most_out = max(self.most_out, self.taken - self.returned)
            yield i

    def got(self) -> None:
        self.returned += 1


def _drain(ex: executors.PageExecutor, fn, tasks: CountingTasks) -> list[int]:  # type: ignore[no-untyped-def]
    out = []
    for r in ex.map_unordered(fn, tasks):
        tasks.got()
        out.append(r)
    return out


def _slow_abs(x: int) -> int:
    time.sleep(0.02)
    return abs(x)


def test_local_pool_keeps_at_most_its_window_in_flight() -> None:
    tasks = CountingTasks(60)
    ex = LocalExecutor(2, window=3)
    try:
        assert sorted(_drain(ex, abs, tasks)) == list(range(60))
    finally:
        ex.close()
    assert tasks.most_out == 3 + 1


def test_dask_keeps_at_most_its_window_in_flight_and_follows_the_cluster(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr(executors, "WINDOW_REFRESH", 0.0)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as cluster:
        with open_executor(1, cluster.scheduler_address) as ex:
            assert (ex.workers, ex.window) == (1, 4)
            tasks = CountingTasks(40)
            assert sorted(_drain(ex, _slow_abs, tasks)) == list(range(40))
            assert tasks.most_out == 4 + 1
            cluster.scale(3)
            with distributed.Client(cluster, set_as_default=False) as c:
                c.wait_for_workers(3, timeout=30)
            tasks = CountingTasks(40)
            assert sorted(_drain(ex, _slow_abs, tasks)) == list(range(40))
            assert (ex.workers, ex.window) == (3, 8)
            assert tasks.most_out == 8 + 1


_READ_PDF_RSS = """
import sys
from pathlib import Path
from ingest import sources
def rss():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20
kind, pages = sources.source_pages(Path(sys.argv[1]))
marks = {}
for n, sp in enumerate(pages, 1):
    if n in (40, int(sys.argv[2])):
        marks[n] = rss()
print(marks[int(sys.argv[2])] - marks[40])
"""


@pytest.mark.slow
def test_reading_a_long_scanned_pdf_keeps_memory_flat(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    img2pdf = pytest.importorskip("img2pdf")
    from tests.conftest import ROOT, SAMPLES

    scans = sorted((SAMPLES / "scan").glob("*.jpg"))
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(img2pdf.convert([str(scans[n % len(scans)]) for n in range(200)]))
    proc = subprocess.run(
        [sys.executable, "-c", _READ_PDF_RSS, str(pdf), "200"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    growth = float(proc.stdout)
    # the coordinator registers a book page by page: pages 40 to 200 must not pile up in memory
    assert growth < 20, f"memory grew {growth:.0f} MB while reading pages 40 to 200"


def _fails_on_seven(x: int) -> int:
    if x == 7:
        raise ValueError(f"no page {x}")
    return x


def _failed(x: int, exc: BaseException) -> int:
    assert isinstance(exc, ValueError) and str(exc) == f"no page {x}", exc
    return -x


def test_a_task_that_raises_fails_alone_and_is_named_on_both_executors() -> None:
    """A task that raises in its worker comes back through `on_error` with the task it was (the
    pipeline names the page and marks it failed); every other task's result still comes."""
    distributed = pytest.importorskip("distributed")
    ex = LocalExecutor(2, window=3)
    try:
        assert sorted(ex.map_unordered(_fails_on_seven, range(20), on_error=_failed)) == sorted(
            [-7, *(x for x in range(20) if x != 7)]
        )
        with pytest.raises(ValueError, match="no page 7"):  # without on_error, the error is raised
            list(ex.map_unordered(_fails_on_seven, range(20)))
    finally:
        ex.close()
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0"
    ) as cluster:
        with open_executor(1, cluster.scheduler_address) as dex:
            got = sorted(dex.map_unordered(_fails_on_seven, range(20), on_error=_failed))
    assert got == sorted([-7, *(x for x in range(20) if x != 7)])


def _dies_on_seven(x: int) -> int:
    if x == 7:
        os.kill(os.getpid(), signal.SIGKILL)  # what a crash in Tesseract or the OOM killer does
    time.sleep(0.01)
    return x


def _died(x: int, exc: BaseException) -> int:
    assert isinstance(exc, executors.WorkerDied) and "died" in str(exc), exc
    return -x


def test_a_task_that_kills_its_local_worker_fails_alone_and_the_run_goes_on() -> None:
    """A local worker that dies breaks the whole process pool, failing every task in flight. The
    pool is replaced and the tasks in flight run again alone: only the one that kills its worker
    again fails (named through `on_error`); the tasks before and after it all come back once."""
    ex = LocalExecutor(2, window=4)
    try:
        got = list(ex.map_unordered(_dies_on_seven, range(30), on_error=_died))
        assert sorted(got) == sorted([-7, *(x for x in range(30) if x != 7)])
        assert sorted(ex.map_unordered(abs, range(10))) == list(range(10))  # the pool still works
        with pytest.raises(executors.WorkerDied):  # without on_error, the death is raised
            list(ex.map_unordered(_dies_on_seven, range(12)))
    finally:
        ex.close()
