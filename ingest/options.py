"""Validated ingest options: one typed object built once at the edge (CLI or UI), never mutated."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Literal, cast

from ingest.errors import ExitCode, QuireError
from ingest.model import volume_name_problem

#: How `quire ingest --spreads` treats images wider than tall.
SpreadMode = Literal["auto", "yes", "no"]


class OptionError(QuireError):
    exit_code = ExitCode.BAD_ARGS


#: Default per-page OCR time limit (seconds): generous for dense pages, still catches a hung engine.
DEFAULT_TIMEOUT = 180.0


@dataclass(frozen=True)
class IngestOptions:
    volume: str
    title: str = ""
    lang: str = "eng"
    jobs: int = 1
    password: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    scheduler: str | None = None
    clean: bool = True
    author: str = "quire"
    spreads: SpreadMode = "auto"  # cut images holding two facing pages
    detect_script: bool = False  # no language given: a page in another script picks its model

    @classmethod
    def build(
        cls,
        *,
        volume: str,
        title: str = "",
        lang: str | None = "eng",
        jobs: int | None = None,
        password: str | None = None,
        timeout: float | None = None,
        scheduler: str | None = None,
        clean: bool = True,
        author: str = "quire",
        spreads: str = "auto",
    ) -> IngestOptions:
        problem = volume_name_problem(volume)
        if problem:
            raise OptionError(problem)
        detect_script = lang is None
        lang = lang or "eng"
        if not re.fullmatch(r"[A-Za-z_]{3,8}(\+[A-Za-z_]{3,8})*", lang):
            raise OptionError(f"--lang {lang!r} is not a Tesseract language code such as eng or eng+deu")
        if jobs is None:
            jobs = max(1, os.cpu_count() or 1)
        if jobs < 1:
            raise OptionError("--jobs must be at least 1")
        t = DEFAULT_TIMEOUT if timeout is None else timeout
        if t <= 0:
            raise OptionError("--timeout must be a positive number of seconds")
        if spreads not in ("auto", "yes", "no"):
            raise OptionError(f"--spreads {spreads!r}: give auto, yes or no")
        scheduler = scheduler or os.environ.get("QUIRE_SCHEDULER") or None
        return cls(
            volume=volume,
            title=title,
            lang=lang,
            jobs=jobs,
            password=password,
            timeout=t,
            scheduler=scheduler,
            clean=clean,
            author=author,
            spreads=cast(SpreadMode, spreads),
            detect_script=detect_script,
        )
