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

import pytest

from ingest.cli_review import streamlit_command

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
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = home / "streamlit.log"

    def start(self) -> None:
        env = {**os.environ, "QUIRE_HOME": str(self.home)}
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                streamlit_command(self.port), env=env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"streamlit did not start: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.proc = None


@pytest.fixture(scope="session")
def ocr_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ui.demo import build_store

    home = tmp_path_factory.mktemp("browser-store")
    build_store(home).close()
    return home


@pytest.fixture(scope="session")
def book_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The born-digital sample book, cleaned (no OCR: ready in seconds), as volume "book"."""
    from ui.demo import REPO, build_store

    home = tmp_path_factory.mktemp("browser-book")
    build_store(home, [REPO / "samples" / "book-born-digital.pdf"], volume="book").close()
    return home


def _serve(source: Path, tmp_path: Path) -> Iterator[Server]:
    home = tmp_path / "home"
    shutil.copytree(source, home)
    srv = Server(home)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture()
def server(ocr_home: Path, tmp_path: Path) -> Iterator[Server]:
    """A server over four OCRed and cleaned sample scans (volume "demo")."""
    yield from _serve(ocr_home, tmp_path)


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
