"""`quire review` as a service manager runs it: a stop signal sent to the command stops the review
server itself, which must not outlive it still serving on the port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil

from tests.browser.conftest import free_port


def _healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 90) -> bool:
    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_a_stopped_review_command_leaves_no_server_behind(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "QUIRE_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ingest.cli", "review", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the signal goes to this process only, as `kill PID` sends it
    )
    try:
        assert _healthy(f"http://127.0.0.1:{port}", proc), "the review server did not start"
        tree = [proc.pid] + [c.pid for c in psutil.Process(proc.pid).children(recursive=True)]
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        deadline = time.time() + 30
        while time.time() < deadline and (_listening(port) or any(_running(p) for p in tree)):
            time.sleep(0.2)
        assert not _listening(port), "a server still answers on the port after `quire review` was stopped"
        alive = [p for p in tree if _running(p)]
        assert not alive, f"processes of the stopped review command still run: {alive}"
    finally:  # whatever is left of the command's session, the stray server included
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
