"""The `quire` command line (Typer + Rich)."""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
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

from ingest import __version__, cli_export, cli_review
from ingest.errors import ExitCode, QuireError
from ingest.model import PageStatus, reading_text
from ingest.options import IngestOptions
from ingest.pipeline import IngestReport, ProgressFn, clean, ingest_paths, retry_failed
from ingest.pipeline import Progress as PipelineProgress
from ingest.review.quality import quality_report
from ingest.review.validation import STAGE_COLOURS, StageCounts, stage_counts
from ingest.store import Store

app = typer.Typer(help="Quire: OCR and scan ingestion for books.", no_args_is_help=True, add_completion=False)
console = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
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


def said(style: str, prefix: str, message: object) -> Text:
    """A styled prefix and a message printed as it is: file names, titles and messages never
    go through Rich markup (a file named `d[/bold].txt` would be read as a tag)."""
    return Text.assemble((prefix, style), str(message))


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


@app.command()
def retry(
    volume: str,
    lang: Annotated[str, typer.Option(help="Tesseract language(s).")] = "eng",
    jobs: Annotated[int | None, typer.Option("--jobs", "-j")] = None,
    timeout: Annotated[float | None, typer.Option(help="Seconds before OCR of one page is given up.")] = None,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address.")] = None,
) -> None:
    """OCR a volume's failed pages again."""
    opts = IngestOptions.build(volume=volume, lang=lang, jobs=jobs, timeout=timeout, scheduler=scheduler)
    with Store() as store:
        report = _run_with_progress(lambda progress: retry_failed(store, opts, progress))
        _print_report(report)
        if not report.ok:
            raise typer.Exit(ExitCode.SOME_INPUTS_FAILED)


@app.command("clean")
def clean_cmd(volume: str, lang: Annotated[str, typer.Option()] = "eng") -> None:
    """Re-run layout cleanup on pages no one has corrected by hand."""
    with Store() as store:
        vol = store.volume(volume)
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


@app.command()
def volumes() -> None:
    """List volumes."""
    with Store() as store:
        t = Table("volume", "title", "pages")
        for v in store.volumes():
            t.add_row(Text(v.name), Text(v.title), str(v.page_count))
        console.print(t)


def _stage_bar(stages: StageCounts, width: int = 40) -> Text:
    """A bar of the proofreading stages (validated, proofread, problem, not proofread, ...) and
    their counts, in the colours the library view uses."""
    bar = Text()
    for st, colour in STAGE_COLOURS.items():
        n = stages.counts.get(st, 0)
        if n:
            bar.append("█" * max(1, round(width * n / max(1, stages.total))), style=colour)
    bar.append("\n")
    bar.append(" · ".join(f"{st.value} {stages.counts[st]}" for st in STAGE_COLOURS if stages.counts[st]))
    return bar


@app.command()
def status(
    volume: str,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the volume's quality as JSON: per page confidence, estimated error rate, cleanup "
            "decisions taken and undone, corrections; the pages that most need a person first.",
        ),
    ] = False,
) -> None:
    """Pages by status, mean word confidence, low-confidence pages, failed inputs."""
    with Store() as store:
        vol = store.volume(volume)
        pages = store.pages(vol.id)
        by_status = {s.value: 0 for s in PageStatus}
        by_ocr: dict[str, int] = {}
        confs = []
        low_pages = []
        for p in pages:
            by_status[p.status.value] += 1
            by_ocr[p.ocr_state] = by_ocr.get(p.ocr_state, 0) + 1
            if p.status == PageStatus.BLANK:
                continue  # a blank leaf is not a badly read page
            if p.mean_confidence is not None:
                confs.append(p.mean_confidence)
                if p.mean_confidence < 0.8 or (p.word_count and p.low_conf_words / p.word_count > 0.1):
                    low_pages.append(p)
        if as_json:
            report = {
                "volume": vol.name,
                "title": vol.title,
                "pages_total": len(pages),
                "by_status": by_status,
                "proofreading": stage_counts(pages).as_dict(),
                "ocr_pending": by_ocr.get("pending", 0),
                "ocr_failed": [
                    {
                        "index": p.index,
                        "file": p.source_path,
                        "page_in_file": p.page_in_file,
                        "error": p.error,
                    }
                    for p in pages
                    if p.ocr_state == "failed"
                ],
                "failed_inputs": [
                    {"file": f.path, "page_in_file": f.page_in_file, "reason": f.reason}
                    for f in store.failed_inputs(vol.id)
                ],
                **quality_report(store, vol.id),
            }
            sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
            return
        t = Table(title=Text(f"{vol.name}: {vol.title}"), show_header=False)
        t.add_row("pages", str(len(pages)))
        stages = stage_counts(pages)
        t.add_row("proofreading", _stage_bar(stages))
        for k, n in by_status.items():
            t.add_row(f"  {k}", str(n))
        t.add_row("OCR pending", str(by_ocr.get("pending", 0)))
        t.add_row("OCR failed", str(by_ocr.get("failed", 0)))
        t.add_row("mean word confidence", f"{sum(confs) / len(confs):.3f}" if confs else "–")
        t.add_row("pages with low confidence", str(len(low_pages)))
        split = sorted({(p.source_path, p.page_in_file) for p in pages if p.part})
        if split:
            t.add_row("pages from two-page images", f"{2 * len(split)} (from {len(split)} images)")
        console.print(t)
        other = [p for p in pages if p.script]
        if other:
            console.print(
                "pages in another script (script/model read with): "
                + ", ".join(f"{p.index} ({p.script})" for p in other[:40])
                + (" …" if len(other) > 40 else "")
            )
        blank = [p.index for p in pages if p.status == PageStatus.BLANK]
        if blank:
            console.print(
                "blank pages: " + ", ".join(map(str, blank[:40])) + (" …" if len(blank) > 40 else "")
            )
        if low_pages:
            console.print(
                "low-confidence pages: "
                + ", ".join(str(p.index) for p in low_pages[:40])
                + (" …" if len(low_pages) > 40 else "")
            )
        for p in pages:
            if p.ocr_state == "failed":
                err.print(
                    said(
                        "red",
                        "OCR failed: ",
                        f"page {p.index} ({p.source_path}, page {p.page_in_file}): {p.error}",
                    )
                )
        for f in store.failed_inputs(vol.id):
            where = f"{f.path}" + (f", page {f.page_in_file}" if f.page_in_file else "")
            err.print(said("red", "failed input: ", f"{where}: {f.reason}"))


@app.command()
def show(volume: str, page: Annotated[int, typer.Argument(help="Scan index (1-based).")]) -> None:
    """Print a page's current text (without running heads and page numbers)."""
    with Store() as store:
        vol = store.volume(volume)
        info = store.page(vol.id, page)
        rev = store.current(info.id)
        label = f", printed page {rev.page.label}" if rev.page.label else ""
        err.print(
            Text(
                f"page {info.index}{label}, revision {rev.number} ({rev.reason} by {rev.author})", style="dim"
            )
        )
        console.print(reading_text(rev.page), markup=False, highlight=False)


# The export and review commands live in their own modules.
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
