"""The `quire` command line (Typer + Rich)."""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from ingest import __version__, cli_export, cli_review, cli_status
from ingest.cli_status import console, err, said
from ingest.errors import ExitCode, QuireError
from ingest.options import IngestOptions
from ingest.store import Store

if TYPE_CHECKING:
    from ingest.pipeline import IngestReport, ProgressFn
    from ingest.pipeline import Progress as PipelineProgress

# The pipeline (OCR, OpenCV, the layout package and its word lists) is imported by the commands that
# run it, so `quire --help` and the other commands start without it.

app = typer.Typer(help="Quire: OCR and scan ingestion for books.", no_args_is_help=True, add_completion=False)
_state = {"debug": False}


def version_callback(value: bool) -> None:
    if value:
        console.print(f"quire {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True)] = False,
) -> None:
    _state["debug"] = debug


class PagesPerMinute(ProgressColumn):
    def render(self, task: Task) -> Text:
        if not task.fields.get("pages", True):
            return Text("")
        elapsed = task.elapsed or 0
        if elapsed < 1 or not task.completed:
            return Text("– pages/min", style="progress.data.speed")
        return Text(f"{task.completed / elapsed * 60:.1f} pages/min", style="progress.data.speed")


def _progress_bar() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        PagesPerMinute(),
        TimeRemainingColumn(),
        console=err,
        transient=False,
    )


def _run_with_progress(run: Callable[[ProgressFn], IngestReport]) -> IngestReport:
    """`run(on_progress)` with a progress bar per stage on stderr."""
    tasks: dict[str, TaskID] = {}
    with _progress_bar() as bar:

        def on_progress(p: PipelineProgress) -> None:
            if p.stage not in tasks:
                tasks[p.stage] = bar.add_task(p.label, total=p.total, pages=p.stage != "register")
            bar.update(tasks[p.stage], completed=p.done, total=p.total)

        return run(on_progress)


def _print_report(report: IngestReport) -> None:
    t = Table(title=Text(f"Volume {report.volume}"), show_header=False)
    t.add_row("pages added", str(report.pages_added))
    t.add_row("pages OCRed", str(report.ocr_done))
    if report.spreads:
        t.add_row("two-page images cut", str(report.spreads))
    if report.blank:
        t.add_row("blank pages", str(report.blank))
    t.add_row("pages cleaned up", str(report.cleaned))
    t.add_row("files skipped as duplicates", str(len(report.duplicates)))
    t.add_row("failed inputs", str(len(report.failed)))
    t.add_row("time", f"{report.seconds:.1f} s")
    if report.timed_pages:
        t.add_row("time per OCRed page", report.time_split())
        t.add_row("CPU per OCRed page", report.time_split(cpu=True))
    console.print(t)
    for d in report.duplicates:
        console.print(said("dim", "already in the volume, skipped: ", d))
    for w in report.warnings:
        err.print(said("yellow", "warning: ", w))
    for f in report.failed:
        err.print(said("red", "failed: ", f))


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Page images, PDFs or folders of them.")],
    volume: Annotated[str, typer.Option("--volume", "-v", help="Volume name (created if new).")],
    title: Annotated[str, typer.Option(help="Volume title.")] = "",
    lang: Annotated[
        str | None,
        typer.Option(
            help="Tesseract language(s), e.g. eng or eng+deu. Default: eng, and a page that reads "
            "poorly in another script (Fraktur, Cyrillic, ...) is read with that script's model."
        ),
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="Pages OCRed in parallel (default: CPU count).")
    ] = None,
    password: Annotated[str | None, typer.Option(help="Password of encrypted PDFs.")] = None,
    timeout: Annotated[float | None, typer.Option(help="Seconds before OCR of one page is given up.")] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address (or QUIRE_SCHEDULER).")
    ] = None,
    no_clean: Annotated[bool, typer.Option("--no-clean", help="Skip layout cleanup.")] = False,
    spreads: Annotated[
        str,
        typer.Option(
            help="Images holding two facing pages: auto (cut where a gutter shows), "
            "yes (cut every image wider than tall), no (never cut)."
        ),
    ] = "auto",
) -> None:
    """Ingest page images and PDFs into a volume: OCR, then layout cleanup."""
    from ingest.pipeline import ingest_paths

    opts = IngestOptions.build(
        volume=volume,
        title=title,
        lang=lang,
        jobs=jobs,
        password=password,
        timeout=timeout,
        scheduler=scheduler,
        clean=not no_clean,
        spreads=spreads,
    )
    with Store() as store:
        report = _run_with_progress(lambda progress: ingest_paths(store, paths, opts, progress))
        _print_report(report)
        if not report.ok:
            err.print(
                "Some inputs failed (listed above); the rest is in the volume. "
                "Fix or remove them and run the same command again, or `quire retry VOLUME` for OCR failures."
            )
            raise typer.Exit(ExitCode.SOME_INPUTS_FAILED)


def _volume_lang(store: Store, volume: str, lang: str | None) -> str:
    """`lang` when given, else the volume's own language (what its pages were read with)."""
    if lang:
        return lang
    from ingest.review.quality import volume_lang

    return volume_lang(store, store.volume(volume).id)


@app.command()
def retry(
    volume: str,
    lang: Annotated[
        str | None,
        typer.Option(help="Tesseract language(s). Default: the language the volume's pages were read with."),
    ] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j")] = None,
    timeout: Annotated[float | None, typer.Option(help="Seconds before OCR of one page is given up.")] = None,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address.")] = None,
) -> None:
    """OCR a volume's failed pages again."""
    from ingest.pipeline import retry_failed

    with Store() as store:
        lang = _volume_lang(store, volume, lang)
        opts = IngestOptions.build(volume=volume, lang=lang, jobs=jobs, timeout=timeout, scheduler=scheduler)
        report = _run_with_progress(lambda progress: retry_failed(store, opts, progress))
        _print_report(report)
        if not report.ok:
            raise typer.Exit(ExitCode.SOME_INPUTS_FAILED)


@app.command("clean")
def clean_cmd(
    volume: str,
    lang: Annotated[
        str | None,
        typer.Option(help="Language of the book's words. Default: the language its pages were read with."),
    ] = None,
) -> None:
    """Re-run layout cleanup on pages no one has corrected by hand."""
    from ingest.pipeline import clean

    with Store() as store:
        vol = store.volume(volume)
        lang = _volume_lang(store, volume, lang)
        started = time.perf_counter()
        changed, kinds = clean(store, vol.id, lang=lang)
        if not changed:
            console.print(
                Text(f"Cleanup changed nothing in {volume} ({time.perf_counter() - started:.1f} s).")
            )
            return
        console.print(Text(f"Cleanup changed {changed} page(s) of {volume}:"))
        for kind, n in sorted(kinds.items()):
            console.print(Text(f"  {kind}: {n}"))


@app.command()
def meta(
    volume: str,
    title: Annotated[str | None, typer.Option(help="Title.")] = None,
    creator: Annotated[str | None, typer.Option(help="Author or creator.")] = None,
    date: Annotated[str | None, typer.Option(help="Date of the original (e.g. 1854).")] = None,
    language: Annotated[str | None, typer.Option(help="Language code (e.g. eng).")] = None,
    identifier: Annotated[str | None, typer.Option(help="Archive identifier (shelfmark, URN, …).")] = None,
    source: Annotated[str | None, typer.Option(help="Where the original is held.")] = None,
) -> None:
    """Show or set a volume's metadata (used by the TEI header and the export bags)."""
    with Store() as store:
        vol = store.volume(volume)
        given = {
            "title": title,
            "creator": creator,
            "date": date,
            "language": language,
            "identifier": identifier,
            "source": source,
        }
        changes = {k: v for k, v in given.items() if v is not None}
        if changes:
            store.set_metadata(vol.id, dataclasses.replace(vol.metadata, **changes))
            vol = store.volume(volume)
        t = Table(title=Text(vol.name), show_header=False)
        for k in given:
            t.add_row(k, Text(getattr(vol.metadata, k) or "–"))
        console.print(t)


# The export, status and review commands live in their own modules.
cli_status.register(app)
cli_export.register(app)
cli_review.register(app)


def main() -> None:
    try:
        rc = app(standalone_mode=False)
    except QuireError as exc:
        if _state["debug"]:
            raise
        err.print(said("red", "error: ", exc), highlight=False)
        sys.exit(int(exc.exit_code))
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        err.print("interrupted; run the same command again to resume")
        sys.exit(130)
    except Exception as exc:  # click usage errors and the unexpected
        code = getattr(exc, "exit_code", None)
        if hasattr(exc, "show") and isinstance(code, int):
            exc.show()  # a usage error from the argument parser
            sys.exit(code)
        if _state["debug"]:
            raise
        err.print(
            said("red", "internal error: ", f"{type(exc).__name__}: {exc} (run with --debug for details)")
        )
        sys.exit(70)
    sys.exit(rc if isinstance(rc, int) else 0)


if __name__ == "__main__":
    main()
