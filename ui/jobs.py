"""Long work asked for in the browser (an ingest, reading a two-page image again) runs as a job in
the server's background, not inside the page run of the click that asked for it.

Streamlit stops a page run whenever the same browser asks for another (any click; its "fast
reruns"): a run that was OCRing pages when the corrector clicked elsewhere went on in the
background with nobody to report to, and what it should have told the session after the store
changed (re-read the page rows, say what happened, open the right page) was lost; an ingest was
cut off at its next progress update. A job outlives the runs: it reports its progress and its
outcome to the job record, and each run of the session that started it shows the progress and,
once the job has ended, its messages (then the whole page runs again with the new rows).

One job runs at a time for the whole server (two cores: a second OCR job would only halve the
speed of the first); the others wait in line, their place shown. Finished jobs are kept for an
hour so that a session coming back learns how its job ended.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import streamlit as st

from ingest.errors import QuireError
from ingest.pipeline import Progress

#: What a job's work returns: the messages (kind, text) its session is shown once it has ended.
Messages = list[tuple[str, str]]
#: A job's work: given a progress callback, does the work and returns its messages.
Work = Callable[[Callable[[Progress], None]], Messages]

#: How long a finished job is kept for its session to learn of it (seconds).
KEEP_FINISHED = 3600.0
#: How often a page with a job under way asks for its progress (seconds).
POLL_SECONDS = 1.0

_log = logging.getLogger("quire.jobs")


@dataclass
class Job:
    """One piece of long work; read by page runs, written by the job's thread."""

    id: int
    label: str  # what the job does, shown with its progress ("Ingest into essays-1890")
    user: str
    state: str = "queued"  # queued → running → done | failed
    progress: str = ""  # the last progress label ("ocr: 12 of 40")
    fraction: float = 0.0
    messages: Messages = field(default_factory=list)
    ended_at: float | None = None

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


class Jobs:
    """The server's job line: one worker thread, jobs by id."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quire-job")
        self._jobs: dict[int, Job] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def submit(self, label: str, user: str, work: Work) -> Job:
        job = Job(id=next(self._ids), label=label, user=user)
        with self._lock:
            self._forget_old()
            self._jobs[job.id] = job
        self._pool.submit(self._run, job, work)
        return job

    def get(self, job_id: int) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def ahead_of(self, job: Job) -> int:
        """How many jobs run or wait before `job`."""
        with self._lock:
            return sum(1 for j in self._jobs.values() if j.id < job.id and not j.finished)

    def _run(self, job: Job, work: Work) -> None:
        job.state = "running"

        def progress(p: Progress) -> None:
            job.progress = f"{p.label}: {p.done} of {p.total}" if p.total else p.label
            job.fraction = min(1.0, p.done / p.total) if p.total else 0.0

        try:
            job.messages = work(progress)
            job.state = "done"
        except QuireError as exc:  # bad input, a refused action: the user is told what to do
            job.messages = [("error", str(exc))]
            job.state = "failed"
        except Exception as exc:  # a bug: a short message and an id; the details go to the log
            eid = f"job-{job.id}-{int(time.time())}"
            _log.error("error %s in job %r", eid, job.label, exc_info=exc)
            msg = f"{job.label}: failed (error {eid}); the details are in the server log."
            job.messages = [("error", msg)]
            job.state = "failed"
        finally:
            job.ended_at = time.monotonic()

    def _forget_old(self) -> None:
        now = time.monotonic()
        for jid in [j.id for j in self._jobs.values() if j.ended_at and now - j.ended_at > KEEP_FINISHED]:
            del self._jobs[jid]


@st.cache_resource(show_spinner=False)
def jobs() -> Jobs:
    """The one job line of this server process."""
    return Jobs()
