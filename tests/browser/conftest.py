"""Browser tests: a real `streamlit run` server on a free port over a copy of an OCRed store, and
Debian's Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from ingest.cli_review import streamlit_command
from tests.conftest import built_once

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, home: Path) -> None:
        self.home = home
        self.port = 0
        self.url = ""
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = home / "streamlit.log"

    def start(self, attempts: int = 3) -> None:
        """Start on a free port. The port is free when picked but may be taken before Streamlit
        binds it (another test worker, another program): then Streamlit exits, or the health
        check is answered by whoever holds the port. Only a health answer while this process
        listens on the port counts; otherwise it starts again on another port."""
        for _ in range(attempts):
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            env = {**os.environ, "QUIRE_HOME": str(self.home)}
            with open(self.log, "ab") as log:
                self.proc = subprocess.Popen(
                    streamlit_command(self.port), env=env, stdout=log, stderr=subprocess.STDOUT
                )
            if self._wait_healthy(self.proc):
                return
            self.stop()
        raise RuntimeError(f"streamlit did not start: {self.log.read_text()[-2000:]}")

    def _wait_healthy(self, proc: subprocess.Popen[bytes], timeout: float = 60) -> bool:
        deadline = time.time() + timeout
        while time.time() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200 and self._listens(proc.pid):
                        return True
            except OSError:
                pass
            time.sleep(0.3)
        return False

    def _listens(self, pid: int) -> bool:
        try:
            proc = psutil.Process(pid)
            conns = (getattr(proc, "net_connections", None) or proc.connections)(kind="tcp")  # psutil < 6
        except psutil.Error:
            return False
        return any(c.status == psutil.CONN_LISTEN and c.laddr.port == self.port for c in conns)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.proc = None


@pytest.fixture(scope="session")
def clean_ocr_home(tmp_path_factory: pytest.TempPathFactory, ocr_home: Path) -> Path:
    """The four OCRed sample scans (volume "demo"), cleaned: a copy of the session's OCRed store
    (`ocr_home`) cleaned up here, so the same pages are not OCRed a second time. Ingesting with
    cleanup runs the same `clean` after the OCR, so the store is the one `build_store` makes."""

    def build(home: Path) -> None:
        from ingest.pipeline import clean
        from ingest.store import Store

        shutil.copytree(ocr_home, home, dirs_exist_ok=True)
        with Store(home) as store:
            clean(store, store.volume("demo").id)

    return built_once(tmp_path_factory, "browser-store", build)


@pytest.fixture(scope="session")
def book_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The born-digital sample book, cleaned (no OCR: ready in seconds), as volume "book"."""

    def build(home: Path) -> None:
        from ui.demo import REPO, build_store

        build_store(home, [REPO / "samples" / "book-born-digital.pdf"], volume="book").close()

    return built_once(tmp_path_factory, "browser-book", build)


def _serve(source: Path, tmp_path: Path) -> Iterator[Server]:
    home = tmp_path / "home"
    shutil.copytree(source, home)
    srv = Server(home)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture()
def server(clean_ocr_home: Path, tmp_path: Path) -> Iterator[Server]:
    """A server over four OCRed and cleaned sample scans (volume "demo")."""
    yield from _serve(clean_ocr_home, tmp_path)


@pytest.fixture()
def book_server(book_home: Path, tmp_path: Path) -> Iterator[Server]:
    yield from _serve(book_home, tmp_path)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where a test's screenshots go: QUIRE_SHOTS, else a temporary folder (never the tree)."""
    where = os.environ.get("QUIRE_SHOTS")
    path = Path(where) if where else tmp_path_factory.getbasetemp() / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
