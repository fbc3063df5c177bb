"""OCR on a Dask distributed cluster: an in-process LocalCluster, and a real `dask scheduler` with
`dask worker` processes, one of them SIGKILLed mid-run; the coordinator killed and rerun.

Every test here checks the store's invariant: each page has exactly one OCR revision.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES, run_quire

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.slow

BOOK = SAMPLES / "book-scan.pdf"
BOOK_PAGES = 10


@dataclass
class DaskProcesses:
    address: str
    scheduler: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]]

    def worker_address(self, name: str) -> str:
        """The address of the worker started as `--name name`."""
        with distributed.Client(self.address, timeout=30, set_as_default=False) as c:
            return next(a for a, w in c.scheduler_info()["workers"].items() if w["name"] == name)


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


@contextmanager
def dask_processes(
    tmp: Path,
    workers: int = 2,
    worker_env: dict[str, str] | None = None,
    scheduler_env: dict[str, str] | None = None,
) -> Iterator[DaskProcesses]:
    """`dask scheduler` and `workers` × `dask worker --nthreads 1 --no-nanny` as subprocesses of
    this venv's Python (no nanny, so SIGKILL of a worker is the death of that worker)."""
    sched_file = tmp / "scheduler.json"
    logs = tmp / "dask-logs"
    logs.mkdir(exist_ok=True)
    sched = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "distributed.cli.dask_scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--scheduler-file",
            str(sched_file),
        ],
        stdout=subprocess.DEVNULL,
        stderr=(logs / "scheduler.log").open("wb"),
        cwd=ROOT,
        env={**os.environ, **(scheduler_env or {})},
    )
    started: list[subprocess.Popen[bytes]] = [sched]
    try:
        deadline = time.monotonic() + 60
        while not sched_file.exists() or not sched_file.read_text().strip():
            if sched.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dask scheduler did not start: {(logs / 'scheduler.log').read_text()}")
            time.sleep(0.1)
        address = json.loads(sched_file.read_text())["address"]
        env = {**os.environ, **(worker_env or {})}
        procs = []
        for i in range(workers):
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "distributed.cli.dask_worker",
                        address,
                        "--nthreads",
                        "1",
                        "--no-nanny",
                        "--no-dashboard",
                        "--name",
                        f"w{i}",
                        "--local-directory",
                        str(tmp / f"w{i}"),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=(logs / f"worker-{i}.log").open("wb"),
                    cwd=ROOT,
                    env=env,
                )
            )
        started += procs
        with distributed.Client(address, timeout=30, set_as_default=False) as c:
            c.wait_for_workers(workers, timeout=60)
        yield DaskProcesses(address, sched, procs)
    finally:
        _stop(started[::-1])


def _ocr_revisions(home: Path, volume: str) -> tuple[int, list[int]]:
    """(pages in the volume, number of `ocr` revisions of each page)."""
    from ingest.store import Store

    store = Store(home)
    try:
        vol = store.volume(volume)
        counts = [sum(r.reason == "ocr" for r in store.revisions(p.id)) for p in store.pages(vol.id)]
        return vol.page_count, counts
    finally:
        store.close()


def _pages_done(home: Path, volume: str) -> int:
    from ingest.errors import NotFoundError
    from ingest.store import Store

    store = Store(home)
    try:
        return sum(p.current_revision_id is not None for p in store.pages(store.volume(volume).id))
    except NotFoundError:
        return 0
    finally:
        store.close()


def _wait_for_pages(
    home: Path, volume: str, n: int, proc: subprocess.Popen[str], timeout: float = 300
) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = _pages_done(home, volume)
        if done >= n:
            return done
        if proc.poll() is not None:
            out, err = proc.communicate()
            raise AssertionError(
                f"ingest ended ({proc.returncode}) before {n} pages were stored:\n{out}\n{err}"
            )
        time.sleep(0.2)
    raise AssertionError(f"fewer than {n} pages stored after {timeout} s")


def _start_ingest(home: Path, volume: str, scheduler: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ingest.cli",
            "ingest",
            str(BOOK),
            "--volume",
            volume,
            "--scheduler",
            scheduler,
            "--no-clean",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QUIRE_HOME": str(home)},
    )


def _kill_a_worker_mid_ingest(
    home: Path, cluster: DaskProcesses
) -> tuple[subprocess.Popen[str], tuple[object, ...]]:
    """Start an ingest of the book on `cluster` and, once 2 pages are stored, SIGKILL its worker
    "w0". Returns the ingest, still running (the caller waits for it), and the tasks the
    scheduler had given the killed worker just before the kill."""
    victim = cluster.workers[0]
    victim_address = cluster.worker_address("w0")
    proc = _start_ingest(home, "book", cluster.address)
    try:
        _wait_for_pages(home, "book", 2, proc)
        with distributed.Client(cluster.address, timeout=30, set_as_default=False) as c:
            assigned = tuple(c.processing(workers=[victim_address])[victim_address])
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
    except BaseException:
        proc.kill()
        proc.communicate()
        raise
    return proc, assigned


def test_local_cluster_ingests_a_book_like_the_local_pool(store, quire_home):  # type: ignore[no-untyped-def]
    from distributed import LocalCluster

    from ingest.model import SourceRef
    from ingest.options import IngestOptions
    from ingest.pagework import OcrTask, ocr_page
    from ingest.pipeline import ingest_paths

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        opts = IngestOptions.build(volume="book", scheduler=cluster.scheduler_address, clean=False)
        report = ingest_paths(store, [BOOK], opts)
    assert report.ok, report.failed
    assert (report.pages_added, report.ocr_done) == (BOOK_PAGES, BOOK_PAGES)
    pages, counts = _ocr_revisions(quire_home, "book")
    assert pages == BOOK_PAGES and counts == [1] * BOOK_PAGES
    # a page OCRed on the cluster reads the same as the same page OCRed in this process
    info = store.page(store.volume("book").id, 3)
    task = OcrTask(
        page_id=info.id,
        index=info.index,
        image=store.images.get(info.source_image),
        source=SourceRef(info.source_path, info.page_in_file, info.source_sha256, info.source_kind),
        dpi=info.dpi,
    )
    here = ocr_page(task).page
    assert here is not None
    assert [w.text for w in store.current(info.id).page.words] == [w.text for w in here.words]


def _tesseract_env(_: int) -> tuple[str | None, str]:
    """On a worker: OMP_THREAD_LIMIT as the worker has it, and as a child process (Tesseract) sees it."""
    import ingest.ocr  # noqa: F401  (what a page task imports first)

    child = subprocess.run(["sh", "-c", "echo $OMP_THREAD_LIMIT"], capture_output=True, text=True)
    return os.environ.get("OMP_THREAD_LIMIT"), child.stdout.strip()


def _sleep_and_return(x: int) -> int:
    time.sleep(0.5)
    return x


def test_dask_worker_runs_tesseract_single_threaded_and_is_checked(tmp_path):  # type: ignore[no-untyped-def]
    from ingest.errors import MissingDependencyError
    from ingest.executors import open_executor
    from ingest.ocr import check_tesseract

    # a worker whose environment asks for more threads still runs Tesseract with one
    with dask_processes(tmp_path, workers=1, worker_env={"OMP_THREAD_LIMIT": "8"}) as cluster:
        with open_executor(1, cluster.address) as ex:
            seen = set(ex.map_unordered(_tesseract_env, range(4)))
            ex.check(check_tesseract, "eng")
            with pytest.raises(MissingDependencyError, match="tesseract-ocr-xyz"):
                ex.check(check_tesseract, "eng+xyz")  # a language pack no worker has
    assert seen == {("1", "1")}


def test_scheduler_lost_mid_run_is_a_clear_error(tmp_path):  # type: ignore[no-untyped-def]
    from ingest.executors import ClusterError, open_executor

    got = []
    with dask_processes(tmp_path, workers=1) as cluster:
        with pytest.raises(ClusterError, match="lost the Dask scheduler"):
            with open_executor(1, cluster.address) as ex:
                for r in ex.map_unordered(_sleep_and_return, range(30)):
                    got.append(r)
                    if len(got) == 2:
                        cluster.scheduler.send_signal(signal.SIGKILL)
    assert 2 <= len(got) < 30


def test_worker_killed_mid_run_its_pages_are_redone_elsewhere_and_stored_once(quire_home, tmp_path):  # type: ignore[no-untyped-def]
    with dask_processes(tmp_path, workers=2) as cluster:
        proc, assigned = _kill_a_worker_mid_ingest(quire_home, cluster)
        try:
            done_at_kill = _pages_done(quire_home, "book")
            out, err = proc.communicate(timeout=600)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert assigned, "the killed worker had no task: the kill did not land mid-run"
    assert done_at_kill < BOOK_PAGES
    assert proc.returncode == 0, f"{out}\n{err}"
    pages, counts = _ocr_revisions(quire_home, "book")
    assert pages == BOOK_PAGES
    assert counts == [1] * BOOK_PAGES


def test_a_page_whose_worker_dies_under_it_fails_alone_and_is_named(quire_home, tmp_path):  # type: ignore[no-untyped-def]
    # a scheduler that allows no failure: a task running on a worker that dies is given up at once
    # (as one that has killed several workers would be); its page fails, named, the rest go on
    strict = {"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0"}
    with dask_processes(tmp_path, workers=2, scheduler_env=strict) as cluster:
        proc, assigned = _kill_a_worker_mid_ingest(quire_home, cluster)
        try:
            out, err = proc.communicate(timeout=600)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert assigned, "the killed worker had no task: the kill did not land mid-run"
    assert proc.returncode == 1, f"{out}\n{err}"  # some inputs failed, the rest is in the volume
    from ingest.store import Store

    store = Store(quire_home)
    try:
        pages = store.pages(store.volume("book").id)
        failed = [p for p in pages if p.ocr_state == "failed"]
        stored = [p for p in pages if p.current_revision_id is not None]
    finally:
        store.close()
    assert 1 <= len(failed) <= len(assigned)
    assert len(stored) + len(failed) == BOOK_PAGES  # every other page was OCRed and stored
    said = " ".join((out + err).split())
    for p in failed:
        assert "KilledWorker" in (p.error or "")
        assert f"page {p.page_in_file}: the OCR worker failed on this page (KilledWorker" in said


def test_coordinator_killed_mid_run_rerun_resumes(quire_home, tmp_path):  # type: ignore[no-untyped-def]
    with dask_processes(tmp_path, workers=2) as cluster:
        proc = _start_ingest(quire_home, "book", cluster.address)
        try:
            _wait_for_pages(quire_home, "book", 2, proc)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
        done_at_kill = _pages_done(quire_home, "book")
        assert done_at_kill < BOOK_PAGES
        rerun = run_quire(
            "ingest",
            str(BOOK),
            "--volume",
            "book",
            "--scheduler",
            cluster.address,
            "--no-clean",
            home=quire_home,
            timeout=600,
        )
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    pages, counts = _ocr_revisions(quire_home, "book")
    assert pages == BOOK_PAGES  # the file was not registered twice
    assert counts == [1] * BOOK_PAGES


_COORDINATOR_RSS = """
import os, sys
from ingest.executors import DaskExecutor
from ingest.model import SourceRef
from ingest.pagework import OcrTask
def rss():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20
def read(task):
    return bytes(len(task.image))  # as a page's result carries its display image
ex = DaskExecutor(sys.argv[1])
marks = {}
# page tasks carrying an image of 0.9 MB each (the client logged each message under 1 MB)
tasks = (OcrTask(n, n, os.urandom(900_000), SourceRef("v.pdf", n, "", "pdf_scan"), 300) for n in range(250))
for n, _ in enumerate(ex.map_unordered(read, tasks), 1):
    if n in (50, 250):
        marks[n] = rss()
ex.close()
print(marks[250] - marks[50])
"""


def test_the_coordinator_keeps_no_task_it_has_sent(tmp_path):  # type: ignore[no-untyped-def]
    # Dask's client kept a log of its last 1,000 messages to the scheduler (those under 1 MB),
    # each page task's image among them: 0.7 MB more in the coordinator for every page of the
    # bench volume, up to 1,000 pages
    with dask_processes(tmp_path, workers=2) as cluster:
        proc = subprocess.run(
            [sys.executable, "-c", _COORDINATOR_RSS, cluster.address],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=600,
        )
    assert proc.returncode == 0, proc.stderr
    growth = float(proc.stdout.split()[-1])
    assert growth < 40, f"the coordinator grew {growth:.0f} MB over 200 tasks of 0.9 MB"


def test_unreachable_scheduler_is_a_clear_error(quire_home):  # type: ignore[no-untyped-def]
    proc = run_quire(
        "ingest",
        str(SAMPLES / "scan" / "page-01.jpg"),
        "--volume",
        "v",
        "--scheduler",
        "tcp://127.0.0.1:9",
        home=quire_home,
        env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"},
    )
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert "cannot reach the Dask scheduler" in proc.stderr
