"""The review server's background jobs (`ui.jobs`): one at a time, in order, each ending with the
messages its session is shown, a refused action told as such and a bug as a short message with an
id whose details go to the log."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from ingest.errors import InputError
from ingest.pipeline import Progress
from ui.jobs import Jobs


def _wait(job, seconds: float = 30.0) -> None:
    end = time.monotonic() + seconds
    while not job.finished:
        assert time.monotonic() < end, f"job {job.label!r} did not end"
        time.sleep(0.01)


def test_jobs_run_one_at_a_time_in_order_with_progress() -> None:
    line = Jobs()
    gate, reported = threading.Event(), threading.Event()
    running: list[str] = []
    seen_together: list[int] = []

    def work(name: str):
        def run(progress):
            running.append(name)
            seen_together.append(len(running))
            progress(Progress("ocr", 3, 4))
            if name == "first":
                reported.set()
                assert gate.wait(30)
            running.remove(name)
            return [("success", f"{name} done")]

        return run

    first = line.submit("first", "ada", work("first"))
    second = line.submit("second", "bob", work("second"))
    try:
        assert reported.wait(30)
        assert second.state == "queued" and line.ahead_of(second) == 1
        assert first.progress == "OCR: 3 of 4" and first.fraction == 0.75
    finally:
        gate.set()
    _wait(second)
    assert first.state == second.state == "done"
    assert second.messages == [("success", "second done")]
    assert seen_together == [1, 1]  # never two at once
    assert line.get(first.id) is first and line.get(999) is None


def test_a_refused_action_is_told_and_a_bug_is_logged_with_an_id(caplog: pytest.LogCaptureFixture) -> None:
    line = Jobs()

    def refused(progress):
        raise InputError("the PDF has no pages", path="/in/empty.pdf")

    def broken(progress):
        raise KeyError("secret detail")

    a = line.submit("Ingest into x", "ada", refused)
    with caplog.at_level(logging.ERROR, logger="quire.jobs"):
        b = line.submit("Ingest into y", "ada", broken)
        _wait(b)
    _wait(a)
    assert a.state == "failed" and a.messages[0][0] == "error"
    assert "empty.pdf" in a.messages[0][1] and "no pages" in a.messages[0][1]
    assert b.state == "failed"
    kind, text = b.messages[0]
    assert kind == "error" and "secret detail" not in text and "server log" in text
    eid = text.split("(error ")[1].split(")")[0]
    assert any(eid in r.getMessage() and r.exc_info for r in caplog.records)
